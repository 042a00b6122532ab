/**
 * @file openssl_cert.h
 * X.509 certificates and CRLs decoded with OpenSSL.
 */
#ifndef CYGNET_OPENSSL_CERT_H
#define CYGNET_OPENSSL_CERT_H

#include <openssl/x509.h>

#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"

/** Decode a DER X.509 certificate (NULL if @p blob is not one). */
certificate_t *openssl_x509_load(certificate_type_t type, chunk_t blob);

/** Decode a DER X.509 CRL (NULL if @p blob is not one). */
certificate_t *openssl_crl_load(certificate_type_t type, chunk_t blob);

/* helpers shared by the two */

/** A DN as a DER_ASN1_DN identity (NULL on failure). */
identification_t *openssl_name_to_id(const X509_NAME *name);

/** An ASN1_TIME as seconds since the epoch (0 if absent or invalid). */
time_t openssl_asn1_time(const ASN1_TIME *time);

/** The magnitude of an INTEGER as a heap chunk, without leading zeros
 *  (a zero is one zero byte). */
chunk_t openssl_asn1_integer(const ASN1_INTEGER *integer);

/** A heap copy of the content of an ASN1_STRING (empty if NULL). */
chunk_t openssl_asn1_string(const ASN1_STRING *str);

/* certificate_t methods both implement alike, on their own DER encoding,
 * issuer DN and authorityKeyIdentifier */

/** has_issuer(): @p issuer as a key ID against @p akid, else as a name. */
id_match_t openssl_cert_has_issuer(identification_t *own_issuer, chunk_t akid,
				   identification_t *issuer);

/** issued_by(): @p issuer is an X.509 certificate for @p own_issuer whose
 *  key verifies the signature over @p der. */
bool openssl_cert_issued_by(chunk_t der, identification_t *own_issuer,
			    certificate_t *issuer, signature_params_t *scheme);

/** equals(): @p other has the type of @p this and encodes to @p der. */
bool openssl_cert_equals(certificate_t *this, chunk_t der, certificate_t *other);

#endif
