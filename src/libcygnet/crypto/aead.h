/**
 * @file aead.h
 * Authenticated encryption with associated data (AES-GCM, ChaCha20-Poly1305),
 * used as IKE (RFC 5282) and ESP (RFC 4106, RFC 7634) ciphers.
 */
#ifndef CYGNET_AEAD_H
#define CYGNET_AEAD_H

#include "library.h"
#include "crypto/transform.h"

typedef struct aead_t aead_t;

struct aead_t {
	/**
	 * Encrypt @p plain, authenticating @p assoc too, with the explicit
	 * per-message @p iv (8 bytes; the salt is the key's tail).
	 * The result is ciphertext followed by the ICV; allocated into
	 * @p encrypted, or written in place when it is NULL (then @p plain must
	 * have room for the ICV after plain.len bytes).
	 */
	bool (*encrypt)(aead_t *this, chunk_t plain, chunk_t assoc, chunk_t iv,
			chunk_t *encrypted);
	/**
	 * Verify and decrypt @p encrypted (ciphertext plus ICV). On success the
	 * plaintext is allocated into @p plain, or left in place when it is NULL.
	 * Returns false if the ICV does not verify.
	 */
	bool (*decrypt)(aead_t *this, chunk_t encrypted, chunk_t assoc, chunk_t iv,
			chunk_t *plain);
	/** Block size for padding (1 for GCM and ChaCha20 in IKE: 1). */
	size_t (*get_block_size)(aead_t *this);
	/** Size of the ICV in bytes. */
	size_t (*get_icv_size)(aead_t *this);
	/** Size of the explicit IV in bytes. */
	size_t (*get_iv_size)(aead_t *this);
	/** Key size in bytes, including the salt. */
	size_t (*get_key_size)(aead_t *this);
	/** Set key (and salt); false on a wrong length. */
	bool (*set_key)(aead_t *this, chunk_t key);
	void (*destroy)(aead_t *this);
};

/** Constructor a plugin registers; key_size in bytes without salt, 0 = default. */
typedef aead_t *(*aead_constructor_t)(encryption_algorithm_t alg, size_t key_size);

#endif
