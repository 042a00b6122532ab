/**
 * @file prf.h
 * Pseudo-random functions (RFC 7296 §2.13), and prf+ built on them.
 */
#ifndef CYGNET_PRF_H
#define CYGNET_PRF_H

#include "library.h"
#include "crypto/transform.h"

typedef struct prf_t prf_t;

struct prf_t {
	/** Write prf(key, seed) to @p buffer of get_block_size() bytes. */
	bool (*get_bytes)(prf_t *this, chunk_t seed, uint8_t *buffer);
	/** Allocate prf(key, seed). */
	bool (*allocate_bytes)(prf_t *this, chunk_t seed, chunk_t *out);
	/** Output size in bytes. */
	size_t (*get_block_size)(prf_t *this);
	/** Preferred key size in bytes (any length is accepted for HMAC). */
	size_t (*get_key_size)(prf_t *this);
	bool (*set_key)(prf_t *this, chunk_t key);
	void (*destroy)(prf_t *this);
};

typedef prf_t *(*prf_constructor_t)(pseudo_random_function_t alg);

/**
 * prf+ (RFC 7296 §2.13): T1 | T2 | … truncated to @p len bytes, with
 * Tn = prf(K, Tn-1 | S | n). The prf's key must already be set.
 * Returns false if @p len needs more than 255 rounds or the prf fails.
 */
bool prf_plus(prf_t *prf, chunk_t seed, size_t len, chunk_t *out);

#endif
