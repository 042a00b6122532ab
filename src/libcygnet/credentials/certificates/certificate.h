/**
 * @file certificate.h
 * The common face of certificates and CRLs.
 *
 * A certificate_t of type CERT_X509 is an x509_t (certificates/x509.h), one
 * of type CERT_X509_CRL a crl_t (certificates/crl.h): the specific
 * interfaces embed this one first, so a cast gives access to them.
 * Certificates are immutable and reference counted.
 */
#ifndef CYGNET_CERTIFICATE_H
#define CYGNET_CERTIFICATE_H

#include "library.h"
#include "utils/identification.h"
#include "credentials/keys/public_key.h"

typedef struct certificate_t certificate_t;

typedef enum certificate_type_t {
	CERT_ANY = 0,		/**< any type, or: detect it from the encoding */
	CERT_X509,		/**< X.509v3 certificate (x509_t) */
	CERT_X509_CRL,		/**< X.509 CRL (crl_t) */
	CERT_X509_OCSP_REQUEST,
	CERT_X509_OCSP_RESPONSE,
	CERT_TRUSTED_PUBKEY,	/**< a bare public key (rightrsasigkey=) */
	CERT_TYPE_MAX,
} certificate_type_t;

/** Outcome of a revocation check. */
typedef enum cert_validation_t {
	VALIDATION_GOOD = 0,	/**< checked, not revoked */
	VALIDATION_SKIPPED,	/**< nothing to check against (no CRL/OCSP) */
	VALIDATION_STALE,	/**< only outdated information */
	VALIDATION_FAILED,	/**< checking failed (fetch, signature) */
	VALIDATION_ON_HOLD,	/**< revoked with reason certificateHold */
	VALIDATION_REVOKED,	/**< revoked */
} cert_validation_t;

struct certificate_t {
	certificate_type_t (*get_type)(certificate_t *this);
	/** Subject DN (for a CRL: its issuer); borrowed. */
	identification_t *(*get_subject)(certificate_t *this);
	/**
	 * How well the certificate stands for @p id: the subject DN and each
	 * subjectAltName are matched (wildcards in @p id allowed, %any gives
	 * ID_MATCH_ANY); an ID_KEY_ID @p id matches perfectly if it equals a
	 * fingerprint of the public key (either key_fingerprint_t) or the
	 * subjectKeyIdentifier.
	 */
	id_match_t (*has_subject)(certificate_t *this, identification_t *id);
	/** Issuer DN; borrowed. */
	identification_t *(*get_issuer)(certificate_t *this);
	/** Like has_subject() for the issuer DN (a KEY_ID matches the
	 *  authorityKeyIdentifier). */
	id_match_t (*has_issuer)(certificate_t *this, identification_t *issuer);
	/**
	 * True if @p issuer's key made this certificate's signature (and the
	 * issuer DN matches @p issuer's subject). Checks nothing else: CA flag,
	 * validity and key usage are the trust chain's business.
	 *
	 * @param scheme	receives the signature scheme used (optional)
	 */
	bool (*issued_by)(certificate_t *this, certificate_t *issuer,
			  signature_params_t *scheme);
	/** The subject's public key, a new reference (NULL for CRLs). */
	public_key_t *(*get_public_key)(certificate_t *this);
	/**
	 * Validity period: notBefore/notAfter (for a CRL: thisUpdate/
	 * nextUpdate, nextUpdate 0 if absent). Either output may be NULL.
	 *
	 * @param when	the time to check, NULL for now
	 * @return	true if @p when lies within the period
	 */
	bool (*get_validity)(certificate_t *this, const time_t *when,
			     time_t *not_before, time_t *not_after);
	/** DER encoding, allocated (the caller frees it). */
	bool (*get_encoding)(certificate_t *this, chunk_t *der);
	/** Same type and identical encoding. */
	bool (*equals)(certificate_t *this, certificate_t *other);
	certificate_t *(*get_ref)(certificate_t *this);
	void (*destroy)(certificate_t *this);
};

/**
 * Verify the signature of a signed X.509 structure (a Certificate or
 * CertificateList: SEQUENCE { tbs, signatureAlgorithm, signature }) with
 * @p key, the scheme taken from signatureAlgorithm. Certificate backends
 * use this, so that whichever key backend is loaded does the math.
 *
 * @param scheme	receives the scheme used (optional)
 */
bool certificate_verify_signature(chunk_t signed_der, public_key_t *key,
				  signature_params_t *scheme);

/** Name of a certificate type ("X509", "X509_CRL", …). */
const char *certificate_type_name(certificate_type_t type);

/** Name of a validation outcome ("GOOD", "REVOKED", …). */
const char *cert_validation_name(cert_validation_t validation);

#endif
