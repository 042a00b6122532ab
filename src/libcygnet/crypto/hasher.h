/**
 * @file hasher.h
 * Hash functions.
 */
#ifndef CYGNET_HASHER_H
#define CYGNET_HASHER_H

#include "library.h"
#include "crypto/transform.h"

typedef struct hasher_t hasher_t;

struct hasher_t {
	/**
	 * Add @p data; if @p hash is not NULL, finish, write the digest there
	 * and reset for the next use.
	 */
	bool (*get_hash)(hasher_t *this, chunk_t data, uint8_t *hash);
	/** Like get_hash(), allocating the digest if @p hash is not NULL. */
	bool (*allocate_hash)(hasher_t *this, chunk_t data, chunk_t *hash);
	size_t (*get_hash_size)(hasher_t *this);
	bool (*reset)(hasher_t *this);
	void (*destroy)(hasher_t *this);
};

typedef hasher_t *(*hasher_constructor_t)(hash_algorithm_t alg);

#endif
