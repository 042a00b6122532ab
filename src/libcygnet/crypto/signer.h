/**
 * @file signer.h
 * Message authentication codes as IKE/ESP integrity transforms (HMAC, truncated).
 */
#ifndef CYGNET_SIGNER_H
#define CYGNET_SIGNER_H

#include "library.h"
#include "crypto/transform.h"

typedef struct signer_t signer_t;

struct signer_t {
	/** Write the (truncated) MAC of @p data to @p buffer of get_block_size() bytes. */
	bool (*get_signature)(signer_t *this, chunk_t data, uint8_t *buffer);
	/** Allocate the (truncated) MAC of @p data. */
	bool (*allocate_signature)(signer_t *this, chunk_t data, chunk_t *signature);
	/** Check @p signature against the MAC of @p data, in constant time. */
	bool (*verify_signature)(signer_t *this, chunk_t data, chunk_t signature);
	/** Length of the (truncated) MAC. */
	size_t (*get_block_size)(signer_t *this);
	/** Key length in bytes. */
	size_t (*get_key_size)(signer_t *this);
	bool (*set_key)(signer_t *this, chunk_t key);
	void (*destroy)(signer_t *this);
};

typedef signer_t *(*signer_constructor_t)(integrity_algorithm_t alg);

#endif
