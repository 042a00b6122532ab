/**
 * @file crl.h
 * X.509 certificate revocation lists (RFC 5280 §5).
 *
 * As a certificate_t (type CERT_X509_CRL): get_subject() and get_issuer()
 * are the issuer DN, get_validity() gives thisUpdate/nextUpdate, and
 * issued_by() checks the CRL's signature.
 */
#ifndef CYGNET_CRL_H
#define CYGNET_CRL_H

#include "credentials/certificates/certificate.h"
#include "collections/enumerator.h"

typedef struct crl_t crl_t;

/** CRLReason (RFC 5280 §5.3.1). */
typedef enum crl_reason_t {
	CRL_REVOKE_UNSPECIFIED = 0,
	CRL_REVOKE_KEY_COMPROMISE = 1,
	CRL_REVOKE_CA_COMPROMISE = 2,
	CRL_REVOKE_AFFILIATION_CHANGED = 3,
	CRL_REVOKE_SUPERSEDED = 4,
	CRL_REVOKE_CESSATION_OF_OPERATION = 5,
	CRL_REVOKE_CERTIFICATE_HOLD = 6,
	CRL_REVOKE_REMOVE_FROM_CRL = 8,
	CRL_REVOKE_PRIVILEGE_WITHDRAWN = 9,
	CRL_REVOKE_AA_COMPROMISE = 10,
} crl_reason_t;

struct crl_t {
	/** The common certificate interface (type CERT_X509_CRL). */
	certificate_t certificate;
	/** cRLNumber extension content; borrowed, empty if absent. */
	chunk_t (*get_number)(crl_t *this);
	/** authorityKeyIdentifier keyIdentifier; borrowed, empty if absent. */
	chunk_t (*get_authority_key_id)(crl_t *this);
	/**
	 * Revoked certificates: enumerate(e, chunk_t *serial, time_t *date,
	 * crl_reason_t *reason); serials as x509_t's get_serial() gives them.
	 */
	enumerator_t *(*create_enumerator)(crl_t *this);
	/**
	 * Look up @p serial (x509_t get_serial() form).
	 *
	 * @param date		receives the revocation date (optional)
	 * @param reason	receives the reason (optional)
	 * @return		true if revoked
	 */
	bool (*is_revoked)(crl_t *this, chunk_t serial, time_t *date,
			   crl_reason_t *reason);
};

/** Name of a reason ("key compromise", …), as listcrls prints it. */
const char *crl_reason_name(crl_reason_t reason);

#endif
