/**
 * @file cert_payload.h
 * Certificate and Certificate Request payloads (RFC 7296 §3.6, §3.7).
 */
#ifndef CHARON_CERT_PAYLOAD_H
#define CHARON_CERT_PAYLOAD_H

#include "encoding/payload.h"

/** Certificate encodings (IANA "IKEv2 Certificate Encodings"). */
typedef enum cert_encoding_t {
	CERT_ENC_PKCS7_WRAPPED_X509 = 1,
	CERT_ENC_PGP = 2,
	CERT_ENC_DNS_SIGNED_KEY = 3,
	CERT_ENC_X509_SIGNATURE = 4,
	CERT_ENC_KERBEROS_TOKEN = 6,
	CERT_ENC_CRL = 7,
	CERT_ENC_ARL = 8,
	CERT_ENC_SPKI = 9,
	CERT_ENC_X509_ATTRIBUTE = 10,
	CERT_ENC_RAW_RSA_KEY = 11,
	CERT_ENC_HASH_URL_X509 = 12,
	CERT_ENC_HASH_URL_X509_BUNDLE = 13,
	CERT_ENC_OCSP_CONTENT = 14,
	CERT_ENC_RAW_PUBLIC_KEY = 15,
} cert_encoding_t;

/** Size of a CA key identifier in CERTREQ (SHA-1 of the public key). */
#define CERTREQ_KEYID_SIZE 20

typedef struct cert_payload_t cert_payload_t;

struct cert_payload_t {
	payload_t payload;
	cert_encoding_t (*get_encoding)(cert_payload_t *this);
	/**
	 * Certificate data (CERT), or the Certification Authority field
	 * (CERTREQ: concatenated 20-byte key identifiers for X.509), owned by
	 * the payload.
	 */
	chunk_t (*get_data)(cert_payload_t *this);
	/** CERTREQ: append a CA key identifier to the data. */
	void (*add_keyid)(cert_payload_t *this, chunk_t keyid);
	/**
	 * CERTREQ: enumerate the complete 20-byte key identifiers:
	 * enumerate(e, chunk_t *keyid).
	 */
	enumerator_t *(*create_keyid_enumerator)(cert_payload_t *this);
	void (*destroy)(cert_payload_t *this);
};

/**
 * A CERT or CERTREQ payload with a copy of @p data.
 * @param type		PL_CERT or PL_CERTREQ (NULL for others)
 */
cert_payload_t *cert_payload_create(payload_type_t type, cert_encoding_t encoding,
				    chunk_t data);

/** Parse a CERT/CERTREQ payload body (see payload_parse()). */
status_t cert_payload_parse(payload_type_t type, chunk_t body, payload_t **out);

#endif
