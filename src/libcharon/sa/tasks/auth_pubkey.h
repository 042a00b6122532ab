/**
 * @file auth_pubkey.h
 * Public key authentication in IKE_AUTH (RFC 7296 §2.15, RFC 7427): our
 * AUTH signed with the private key of our certificate, and the peer's AUTH
 * verified with the key of a certificate that chains to a trust anchor and
 * certifies the peer's identity. With raw public keys (leftsigkey=,
 * rightsigkey=) the configured keys take the certificates' place.
 *
 * Used by the IKE_AUTH task (signatures) and the certificate tasks (which
 * certificate we send). Stateless: everything comes from the arguments and
 * charon->credentials.
 */
#ifndef CHARON_AUTH_PUBKEY_H
#define CHARON_AUTH_PUBKEY_H

#include "library.h"
#include "sa/ike_sa.h"
#include "encoding/auth_payload.h"
#include "encoding/id_payload.h"
#include "credentials/certificates/certificate.h"

/**
 * Hash algorithms of a SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4) as a
 * set: bit (1 << alg) for each announced hash_algorithm_t below 16.
 */
typedef uint16_t sig_hash_set_t;

/** The set a peer announced in @p message (an IKE_SA_INIT), 0 if none. */
sig_hash_set_t auth_pubkey_peer_hashes(message_t *message);

/** True if @p method is a signature method (1, 9, 10, 11, 14). */
bool auth_pubkey_is_signature(auth_method_t method);

/**
 * Our certificate for @p local: the file of leftcert=, else a stored
 * certificate for @p my_id whose private key we have. None if @p local
 * has a raw key (leftsigkey=): no certificate is sent then.
 *
 * @return	a new reference, or NULL (logged)
 */
certificate_t *auth_pubkey_my_cert(auth_cfg_t *local, identification_t *my_id);

/**
 * A stored certificate that issued @p cert (its signature verifies), to
 * complete a chain: NULL for a self-signed one or if none is known.
 *
 * @return	a new reference, or NULL
 */
certificate_t *auth_pubkey_find_issuer(certificate_t *cert);

/**
 * Sign our AUTH for @p my_id (as sent in our ID payload).
 *
 * With a peer that announced RFC 7427 (@p peer_hashes not 0) the method is
 * Digital Signature (14): the AlgorithmIdentifier of the first scheme the
 * key supports whose hash the peer accepts, then the signature. RSA-PSS is
 * preferred over PKCS#1 v1.5 only with charon.rsa_pss = yes. Without
 * RFC 7427 the classic methods are used (1 for RSA, 9-11 for ECDSA).
 *
 * @param data	receives the AUTH data (allocated)
 * @return	false (logged) if there is no certificate, key or scheme
 */
bool auth_pubkey_build(ike_sa_t *ike_sa, auth_cfg_t *local, identification_t *my_id,
		       sig_hash_set_t peer_hashes, auth_method_t *method, chunk_t *data);

/**
 * Verify the peer's AUTH @p auth sent with ID payload @p id (@p other_id is
 * its identity). With rightsigkey= (@p remote->pubkey) that key alone is
 * used. Otherwise the key comes from the first CERT payload of @p message
 * (the others help building the chain), else from stored certificates for
 * @p other_id, then from trusted raw keys for @p other_id. A certificate
 * must certify @p other_id, chain to a trust anchor (valid, not revoked)
 * and, if @p remote names a CA (rightca=), that CA must be in the chain.
 *
 * @return	false (logged) if the peer is not authenticated
 */
bool auth_pubkey_verify(ike_sa_t *ike_sa, message_t *message, auth_payload_t *auth,
			id_payload_t *id, identification_t *other_id, auth_cfg_t *remote);

#endif
