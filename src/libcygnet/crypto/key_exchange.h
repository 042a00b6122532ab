/**
 * @file key_exchange.h
 * Diffie-Hellman style key exchange (MODP, ECP, Curve25519/448).
 */
#ifndef CYGNET_KEY_EXCHANGE_H
#define CYGNET_KEY_EXCHANGE_H

#include "library.h"
#include "crypto/transform.h"

typedef struct key_exchange_t key_exchange_t;

struct key_exchange_t {
	/**
	 * Our public value as it goes into a KE payload (RFC 7296 §3.4:
	 * MODP zero-padded to the prime's length, ECP x|y, RFC 8031 raw keys).
	 */
	bool (*get_public_key)(key_exchange_t *this, chunk_t *value);
	/** Set the peer's public value; false if it is malformed or invalid. */
	bool (*set_public_key)(key_exchange_t *this, chunk_t value);
	/**
	 * Shared secret, padded to the group's length (MODP) or the x
	 * coordinate (ECP). Allocated; the caller clears it.
	 */
	bool (*get_shared_secret)(key_exchange_t *this, chunk_t *secret);
	/** Use a fixed private value (test vectors only). */
	bool (*set_private_key)(key_exchange_t *this, chunk_t value);
	key_exchange_method_t (*get_method)(key_exchange_t *this);
	void (*destroy)(key_exchange_t *this);
};

typedef key_exchange_t *(*key_exchange_constructor_t)(key_exchange_method_t method);

#endif
