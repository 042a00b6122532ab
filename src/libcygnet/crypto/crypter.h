/**
 * @file crypter.h
 * Block and stream ciphers used without built-in integrity (AES-CBC, AES-CTR).
 */
#ifndef CYGNET_CRYPTER_H
#define CYGNET_CRYPTER_H

#include "library.h"
#include "crypto/transform.h"

typedef struct crypter_t crypter_t;

struct crypter_t {
	/**
	 * Encrypt @p data with @p iv. If @p encrypted is NULL, encrypt in
	 * place; else allocate the result there. Data must be a multiple of the
	 * block size (the caller pads).
	 * For AES-CTR, @p iv is the 8-byte per-packet IV; the 4-byte nonce is
	 * the tail of the key (RFC 3686).
	 */
	bool (*encrypt)(crypter_t *this, chunk_t data, chunk_t iv, chunk_t *encrypted);
	/** Inverse of encrypt(), with the same in-place convention. */
	bool (*decrypt)(crypter_t *this, chunk_t data, chunk_t iv, chunk_t *decrypted);
	/** Block size in bytes (1 for stream modes). */
	size_t (*get_block_size)(crypter_t *this);
	/** IV size in bytes that the caller supplies. */
	size_t (*get_iv_size)(crypter_t *this);
	/** Key size in bytes, including any nonce/salt the key carries. */
	size_t (*get_key_size)(crypter_t *this);
	/** Set the key; false if it has the wrong length. */
	bool (*set_key)(crypter_t *this, chunk_t key);
	void (*destroy)(crypter_t *this);
};

/** Constructor a plugin registers; key_size in bytes, 0 for the default. */
typedef crypter_t *(*crypter_constructor_t)(encryption_algorithm_t alg, size_t key_size);

#endif
