/**
 * @file gmp_rsa.h
 * RSA on libgmp: key objects, their DER decoding, and the EMSA encodings
 * of RFC 8017 §9.
 */
#ifndef CYGNET_GMP_RSA_H
#define CYGNET_GMP_RSA_H

#include <gmp.h>

#include "credentials/keys/private_key.h"
#include "credentials/cred_factory.h"

/** Smallest modulus we accept, in bits. */
#define GMP_RSA_MIN_BITS 1024

/** The numbers of an RSA key (the private ones zero for a public key). */
typedef struct gmp_rsa_numbers_t {
	mpz_t n, e, d, p, q, dp, dq, qinv;
	size_t k;	/* modulus length in bytes */
} gmp_rsa_numbers_t;

/** Decode PKCS#1 RSAPrivateKey or PKCS#8 PrivateKeyInfo (rsaEncryption). */
private_key_t *gmp_rsa_private_key_load(key_type_t type, chunk_t blob,
					credential_manager_t *secrets);

/** Decode SubjectPublicKeyInfo (rsaEncryption) or PKCS#1 RSAPublicKey. */
public_key_t *gmp_rsa_public_key_load(key_type_t type, chunk_t blob);

/** A public key from n and e (copied). */
public_key_t *gmp_rsa_public_key_create(const mpz_t n, const mpz_t e);

/**
 * Parse the DER numbers: a private key structure if @p private, else a
 * public one. Initialises @p num (clear it with gmp_rsa_numbers_clear()
 * even on failure).
 */
bool gmp_rsa_parse(chunk_t blob, bool private, gmp_rsa_numbers_t *num);

/** Wipe and free the numbers. */
void gmp_rsa_numbers_clear(gmp_rsa_numbers_t *num);

/** Overwrite the limbs of @p z (mpz_clear() does not). */
void gmp_wipe(mpz_ptr z);

/** Big-endian, zero-padded to @p len bytes (allocated). */
chunk_t gmp_export(const mpz_t value, size_t len);

/** SubjectPublicKeyInfo of (n, e), allocated. */
chunk_t gmp_rsa_spki(const mpz_t n, const mpz_t e);

/**
 * EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2) of @p data into @p em of
 * @p em_len bytes (allocated).
 */
bool gmp_emsa_pkcs1_encode(hash_algorithm_t hash, chunk_t data, size_t em_len,
			   chunk_t *em);

/**
 * EMSA-PSS encoding (RFC 8017 §9.1.1) for a modulus of @p mod_bits; @p em
 * gets the full k-byte block (a leading zero if emLen < k).
 */
bool gmp_emsa_pss_encode(const rsa_pss_params_t *params, chunk_t data,
			 size_t mod_bits, chunk_t *em);

/** EMSA-PSS verification (RFC 8017 §9.1.2) of the k-byte block @p em. */
bool gmp_emsa_pss_verify(const rsa_pss_params_t *params, chunk_t data,
			 size_t mod_bits, chunk_t em);

#endif
