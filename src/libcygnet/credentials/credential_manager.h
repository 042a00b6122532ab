/**
 * @file credential_manager.h
 * Where credentials are kept and looked up: shared keys, private keys,
 * certificates, CRLs, and the trust chain verification built on them.
 */
#ifndef CYGNET_CREDENTIAL_MANAGER_H
#define CYGNET_CREDENTIAL_MANAGER_H

#include "library.h"
#include "collections/linked_list.h"
#include "collections/enumerator.h"
#include "credentials/shared_key.h"
#include "utils/identification.h"
#include "credentials/keys/private_key.h"
#include "credentials/certificates/certificate.h"
#include "credentials/cdp_store.h"
#include "credentials/ocsp_cache.h"

typedef struct credential_manager_t credential_manager_t;

/** How hard verify_chain() insists on revocation information. */
typedef enum cert_policy_t {
	/** the manager's default (set_policy(), initially CERT_POLICY_NO) */
	CERT_POLICY_DEFAULT = 0,
	/** only a revoked (or on-hold) certificate fails: strictcrlpolicy=no */
	CERT_POLICY_NO,
	/** fail if a certificate with CRL/OCSP URIs cannot be checked:
	 *  strictcrlpolicy=ifuri */
	CERT_POLICY_IFURI,
	/** every certificate below the anchor must be checked good:
	 *  strictcrlpolicy=yes */
	CERT_POLICY_STRICT,
} cert_policy_t;

/**
 * A revocation checker (a revocation plugin registers one): the status of
 * @p subject, issued by @p issuer. CRLs added to the manager are checked
 * without any checker. A checker that knows nothing returns
 * VALIDATION_SKIPPED.
 */
typedef cert_validation_t (*revocation_checker_t)(void *data,
						  certificate_t *subject,
						  certificate_t *issuer);

/** Longest chain verify_chain() follows (end entity to anchor, inclusive). */
#define CRED_MAX_CHAIN_LEN 8

struct credential_manager_t {
	/**
	 * Add a shared key for the identities in @p owners (identification_t *,
	 * taken over with the list; empty or NULL = any peer). @p source tags the
	 * key so flush_shared() can remove all keys of one source (e.g.
	 * "ipsec.secrets") at once.
	 */
	void (*add_shared)(credential_manager_t *this, const char *source,
			   shared_key_t *key, linked_list_t *owners);
	/**
	 * The best shared key of @p type between @p me and @p other (either may
	 * be NULL): a key whose owners match both beats one matching one, which
	 * beats one for any peer (no owners, or %any); then the better match
	 * levels win, and on ties the key added first. A new reference, or NULL.
	 */
	shared_key_t *(*get_shared)(credential_manager_t *this, shared_key_type_t type,
				    identification_t *me, identification_t *other);
	/** Remove every shared key added with @p source. */
	void (*flush_shared)(credential_manager_t *this, const char *source);
	/** Number of shared keys (for `ipsec rereadsecrets` reports). */
	int (*count_shared)(credential_manager_t *this);
	/**
	 * Shared keys of @p type (SHARED_ANY: all) usable between @p me and
	 * @p other (either may be NULL), in the order added:
	 * enumerate(e, shared_key_t **key) yields keys borrowed from the
	 * enumerator; works on a snapshot.
	 */
	enumerator_t *(*create_shared_enumerator)(credential_manager_t *this,
						  shared_key_type_t type,
						  identification_t *me,
						  identification_t *other);

	/**
	 * Add a certificate or CRL, taking over the reference. @p trusted makes
	 * a certificate a trust anchor (ipsec.d/cacerts); others are end
	 * entities or intermediates to build chains with. CRLs (CERT_X509_CRL)
	 * are kept per issuer: a newer one (by cRLNumber, else thisUpdate)
	 * replaces an older, an older one is dropped. An identical certificate
	 * already present is not added twice (its trust and source are
	 * upgraded if @p trusted). @p source tags it for flush().
	 */
	void (*add_cert)(credential_manager_t *this, const char *source,
			 certificate_t *cert, bool trusted);
	/** Add a private key, taking over the reference. */
	void (*add_private_key)(credential_manager_t *this, const char *source,
				private_key_t *key);
	/**
	 * A private key of @p type (KEY_ANY: any) for @p id: an ID_KEY_ID is
	 * compared with the keys' fingerprints; any other identity finds the
	 * certificates having that subject (has_subject()) and then the key
	 * belonging to one of them. A new reference, or NULL.
	 */
	private_key_t *(*get_private_key)(credential_manager_t *this,
					  key_type_t type, identification_t *id);
	/**
	 * Certificates of @p cert_type (CERT_ANY: all, CRLs included) whose
	 * public key is of @p key_type (KEY_ANY: any) and whose has_subject(@p
	 * id) is better than ID_MATCH_NONE (@p id NULL: any), trust anchors only
	 * if @p trusted. enumerate(e, certificate_t **cert) yields borrowed
	 * certificates, best match first; works on a snapshot.
	 */
	enumerator_t *(*create_cert_enumerator)(credential_manager_t *this,
						certificate_type_t cert_type,
						key_type_t key_type,
						identification_t *id, bool trusted);
	/** First of create_cert_enumerator(), a new reference, or NULL. */
	certificate_t *(*get_cert)(credential_manager_t *this,
				   certificate_type_t cert_type, key_type_t key_type,
				   identification_t *id, bool trusted);
	/**
	 * Verify that @p cert chains to a trust anchor: each certificate is
	 * issued_by() the next (issuers from @p intermediates, then the stored
	 * certificates), the chain ends at a trusted certificate (a trusted end
	 * entity certificate anchors itself), is at most CRED_MAX_CHAIN_LEN
	 * long, every certificate is valid now, every issuer has the CA flag,
	 * a keyUsage (if present) with keyCertSign, and a pathLenConstraint
	 * not exceeded; an end entity keyUsage (if present) must allow
	 * digitalSignature or nonRepudiation. Every certificate below the
	 * anchor is then checked for revocation: against stored CRLs of its
	 * issuer (a CRL whose signature or dates do not hold is ignored) and by
	 * the registered revocation checkers; @p policy decides what a missing
	 * answer means. Failures are logged with the reason.
	 *
	 * @param intermediates	certificate_t * received from the peer (may be
	 *			NULL); not changed
	 * @param anchor	receives the trust anchor, a new reference
	 *			(optional)
	 * @param path		receives new references to the chain's
	 *			certificates, @p cert first, anchor last
	 *			(optional; left empty on failure)
	 * @return		true if the chain is trusted
	 */
	bool (*verify_chain)(credential_manager_t *this, certificate_t *cert,
			     linked_list_t *intermediates, cert_policy_t policy,
			     certificate_t **anchor, linked_list_t *path);
	/** The policy CERT_POLICY_DEFAULT stands for (config setup strictcrlpolicy). */
	void (*set_policy)(credential_manager_t *this, cert_policy_t policy);
	/** Register a revocation checker; they are asked in order. */
	void (*add_revocation_checker)(credential_manager_t *this,
				       revocation_checker_t checker, void *data);
	/** Unregister a checker (same function and data). */
	void (*remove_revocation_checker)(credential_manager_t *this,
					  revocation_checker_t checker, void *data);
	/** Revocation URIs configured per CA (ipsec.conf ca sections). */
	cdp_store_t *(*get_cdps)(credential_manager_t *this);
	/** Answers from OCSP responders, kept until their nextUpdate. */
	ocsp_cache_t *(*get_ocsp_cache)(credential_manager_t *this);
	/**
	 * Remove all certificates, CRLs, private keys and configured revocation
	 * URIs added with @p source (NULL: all of them, whatever their source).
	 * Shared keys stay: see flush_shared().
	 */
	void (*flush)(credential_manager_t *this, const char *source);
	void (*destroy)(credential_manager_t *this);
};

credential_manager_t *credential_manager_create(void);

/**
 * The policy named by a strictcrlpolicy value ("yes", "no", "ifuri"; case
 * does not matter). False for anything else.
 */
bool cert_policy_from_string(const char *value, cert_policy_t *policy);

#endif
