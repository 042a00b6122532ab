/**
 * @file private_key.h
 * Private keys: signing, and the public half.
 *
 * Reference counted like public keys; the last destroy() wipes the key
 * material.
 */
#ifndef CYGNET_PRIVATE_KEY_H
#define CYGNET_PRIVATE_KEY_H

#include "credentials/keys/public_key.h"

typedef struct private_key_t private_key_t;

struct private_key_t {
	key_type_t (*get_type)(private_key_t *this);
	/**
	 * Sign @p data.
	 *
	 * @param params	rsa_pss_params_t * for SIGN_RSA_EMSA_PSS (NULL:
	 *			SHA-256, MGF1-SHA-256, salt = hash length);
	 *			ignored by other schemes
	 * @param signature	receives the allocated signature
	 * @return		false if the scheme does not fit the key or
	 *			signing failed
	 */
	bool (*sign)(private_key_t *this, signature_scheme_t scheme,
		     const void *params, chunk_t data, chunk_t *signature);
	/** Key size in bits, as public_key_t's. */
	int (*get_keysize)(private_key_t *this);
	/** The public half: a new reference. */
	public_key_t *(*get_public_key)(private_key_t *this);
	/** The public key's fingerprint (cached; valid while held). */
	bool (*get_fingerprint)(private_key_t *this, key_fingerprint_t type,
				chunk_t *fp);
	/** True if @p fp equals one of the public key's fingerprints. */
	bool (*has_fingerprint)(private_key_t *this, chunk_t fp);
	/** True if @p public is this key's public half. */
	bool (*belongs_to)(private_key_t *this, public_key_t *public);
	/** Unencrypted PKCS#8 DER, allocated: the caller chunk_clear()s it. */
	bool (*get_encoding)(private_key_t *this, chunk_t *der);
	private_key_t *(*get_ref)(private_key_t *this);
	void (*destroy)(private_key_t *this);
};

#endif
