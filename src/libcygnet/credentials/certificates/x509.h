/**
 * @file x509.h
 * X.509v3 certificates (RFC 5280).
 */
#ifndef CYGNET_X509_H
#define CYGNET_X509_H

#include "credentials/certificates/certificate.h"
#include "collections/enumerator.h"

typedef struct x509_t x509_t;

/** Properties of a certificate, from its extensions. */
typedef enum x509_flag_t {
	X509_NONE = 0,
	X509_CA = (1 << 0),		/**< basicConstraints cA = TRUE */
	X509_SELF_SIGNED = (1 << 1),	/**< issuer = subject and its own key
					 *   verifies the signature */
	X509_SERVER_AUTH = (1 << 2),	/**< EKU id-kp-serverAuth */
	X509_CLIENT_AUTH = (1 << 3),	/**< EKU id-kp-clientAuth */
	X509_IKE_INTERMEDIATE = (1 << 4),/**< EKU ipsecIKE intermediate */
	X509_OCSP_SIGNER = (1 << 5),	/**< EKU id-kp-OCSPSigning */
	X509_IKE = (1 << 6),		/**< EKU id-kp-ipsecIKE (RFC 4945) */
	X509_ANY_EKU = (1 << 7),	/**< EKU anyExtendedKeyUsage */
	X509_HAS_EKU = (1 << 8),	/**< an extendedKeyUsage extension exists */
} x509_flag_t;

/** keyUsage bits (RFC 5280 §4.2.1.3), as flags. */
typedef enum x509_key_usage_t {
	X509_KU_DIGITAL_SIGNATURE = (1 << 0),
	X509_KU_NON_REPUDIATION = (1 << 1),
	X509_KU_KEY_ENCIPHERMENT = (1 << 2),
	X509_KU_DATA_ENCIPHERMENT = (1 << 3),
	X509_KU_KEY_AGREEMENT = (1 << 4),
	X509_KU_KEY_CERT_SIGN = (1 << 5),
	X509_KU_CRL_SIGN = (1 << 6),
	X509_KU_ENCIPHER_ONLY = (1 << 7),
	X509_KU_DECIPHER_ONLY = (1 << 8),
} x509_key_usage_t;

/** get_pathlen() without a pathLenConstraint. */
#define X509_NO_CONSTRAINT	-1

struct x509_t {
	/** The common certificate interface (type CERT_X509). */
	certificate_t certificate;
	/** x509_flag_t bits. */
	x509_flag_t (*get_flags)(x509_t *this);
	/**
	 * keyUsage bits (x509_key_usage_t).
	 *
	 * @return	false if the certificate has no keyUsage extension
	 */
	bool (*get_key_usage)(x509_t *this, uint32_t *usage);
	/** basicConstraints pathLenConstraint, or X509_NO_CONSTRAINT. */
	int (*get_pathlen)(x509_t *this);
	/** Serial number: the INTEGER's content octets without a leading
	 *  zero byte; borrowed. */
	chunk_t (*get_serial)(x509_t *this);
	/** subjectKeyIdentifier; borrowed, empty if absent. */
	chunk_t (*get_subject_key_id)(x509_t *this);
	/** authorityKeyIdentifier keyIdentifier; borrowed, empty if absent. */
	chunk_t (*get_authority_key_id)(x509_t *this);
	/**
	 * subjectAltNames: enumerate(e, identification_t **id) yields
	 * borrowed IDs of type FQDN (dNSName), RFC822_ADDR (rfc822Name),
	 * IPV4/IPV6_ADDR (iPAddress) and DER_ASN1_DN (directoryName).
	 */
	enumerator_t *(*create_subject_alt_name_enumerator)(x509_t *this);
	/** CRL distribution points: enumerate(e, const char **uri). */
	enumerator_t *(*create_crl_uri_enumerator)(x509_t *this);
	/** authorityInfoAccess OCSP URIs: enumerate(e, const char **uri). */
	enumerator_t *(*create_ocsp_uri_enumerator)(x509_t *this);
};

#endif
