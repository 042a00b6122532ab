/**
 * @file nonce_gen.h
 * Nonce generators for IKE (Ni/Nr) and other protocol nonces.
 */
#ifndef CYGNET_NONCE_GEN_H
#define CYGNET_NONCE_GEN_H

#include "library.h"

typedef struct nonce_gen_t nonce_gen_t;

struct nonce_gen_t {
	bool (*get_nonce)(nonce_gen_t *this, size_t size, uint8_t *buffer);
	bool (*allocate_nonce)(nonce_gen_t *this, size_t size, chunk_t *chunk);
	void (*destroy)(nonce_gen_t *this);
};

typedef nonce_gen_t *(*nonce_gen_constructor_t)(void);

#endif
