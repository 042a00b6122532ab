/**
 * @file openssl_pkey.h
 * Public and private keys around an EVP_PKEY, and the per-family signature
 * code they dispatch to (openssl_rsa.c, openssl_ec.c, openssl_ed.c).
 */
#ifndef CYGNET_OPENSSL_PKEY_H
#define CYGNET_OPENSSL_PKEY_H

#include <openssl/evp.h>

#include "credentials/keys/private_key.h"
#include "credentials/cred_factory.h"

/** Wrap @p pkey (taken over) as a public key; NULL for unsupported types. */
public_key_t *openssl_public_key_wrap(EVP_PKEY *pkey);

/** Wrap @p pkey (taken over) as a private key; NULL for unsupported types. */
private_key_t *openssl_private_key_wrap(EVP_PKEY *pkey);

/** Key type of an EVP_PKEY (KEY_ANY if not one we handle). */
key_type_t openssl_key_type(EVP_PKEY *pkey);

/** Decode a SubjectPublicKeyInfo (or for KEY_RSA a PKCS#1 RSAPublicKey). */
public_key_t *openssl_public_key_load(key_type_t type, chunk_t blob);

/** Decode a DER private key: PKCS#8 (plain or encrypted), PKCS#1, SEC1. */
private_key_t *openssl_private_key_load(key_type_t type, chunk_t blob,
					credential_manager_t *secrets);

/** Open a PKCS#12 container. */
bool openssl_pkcs12_load(chunk_t blob, credential_manager_t *secrets,
			 private_key_t **key, linked_list_t *certs);

/*
 * Family signature code. sign() allocates @p sig; both return false for a
 * scheme the family does not do.
 */
bool openssl_rsa_sign(EVP_PKEY *key, signature_scheme_t scheme,
		      const void *params, chunk_t data, chunk_t *sig);
bool openssl_rsa_verify(EVP_PKEY *key, signature_scheme_t scheme,
			const void *params, chunk_t data, chunk_t sig);
bool openssl_ec_sign(EVP_PKEY *key, signature_scheme_t scheme,
		     chunk_t data, chunk_t *sig);
bool openssl_ec_verify(EVP_PKEY *key, signature_scheme_t scheme,
		       chunk_t data, chunk_t sig);
bool openssl_ed_sign(EVP_PKEY *key, signature_scheme_t scheme,
		     chunk_t data, chunk_t *sig);
bool openssl_ed_verify(EVP_PKEY *key, signature_scheme_t scheme,
		       chunk_t data, chunk_t sig);

/** The EVP_MD of a hash (NULL if unknown). */
const EVP_MD *openssl_md(hash_algorithm_t hash);

/** One-shot EVP_DigestSign/Verify with an optional setup of the key
 *  context (padding etc.); @p md NULL for EdDSA. */
bool openssl_digest_sign(EVP_PKEY *key, const EVP_MD *md,
			 bool (*setup)(EVP_PKEY_CTX *pctx, const void *arg),
			 const void *arg, chunk_t data, chunk_t *sig);
bool openssl_digest_verify(EVP_PKEY *key, const EVP_MD *md,
			   bool (*setup)(EVP_PKEY_CTX *pctx, const void *arg),
			   const void *arg, chunk_t data, chunk_t sig);

#endif
