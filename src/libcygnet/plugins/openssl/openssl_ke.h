/**
 * @file openssl_ke.h
 * Key exchange through EVP_PKEY: MODP (RFC 3526, RFC 2409 group 2),
 * ECP (RFC 5903) and Curve25519/Curve448 (RFC 8031).
 */
#ifndef CYGNET_OPENSSL_KE_H
#define CYGNET_OPENSSL_KE_H

#include <openssl/evp.h>

#include "crypto/key_exchange.h"

/**
 * Create a MODP Diffie-Hellman exchange.
 *
 * @param method	MODP_1024, MODP_1536 … MODP_8192
 * @return		key exchange with a fresh key pair, NULL if unsupported
 */
key_exchange_t *openssl_ke_modp_create(key_exchange_method_t method);

/**
 * Create an ECDH exchange over a NIST prime curve.
 *
 * @param method	ECP_256, ECP_384 or ECP_521
 * @return		key exchange with a fresh key pair, NULL if unsupported
 */
key_exchange_t *openssl_ke_ec_create(key_exchange_method_t method);

/**
 * Create an X25519 or X448 exchange.
 *
 * @param method	CURVE_25519 or CURVE_448
 * @return		key exchange with a fresh key pair, NULL if unsupported
 */
key_exchange_t *openssl_ke_ecx_create(key_exchange_method_t method);

/**
 * Derive the shared secret of @p ours and @p peer. OpenSSL validates the
 * peer key first (range, subgroup or curve membership).
 *
 * @param ours		our key pair
 * @param peer		peer's public key, same domain
 * @param pad		pad to the full length (DH: leading zeros are kept)
 * @param secret	allocated secret on success
 * @return		false if the peer key is invalid or derivation fails
 */
bool openssl_ke_derive(EVP_PKEY *ours, EVP_PKEY *peer, bool pad,
		       chunk_t *secret);

typedef struct openssl_ke_t openssl_ke_t;

/**
 * State every EVP_PKEY key exchange keeps; each implementation embeds it
 * first in its private struct, so the functions below serve as its
 * key_exchange_t methods.
 */
struct openssl_ke_t {
	/** Implemented interface. */
	key_exchange_t public;
	/** Method of the exchange. */
	key_exchange_method_t method;
	/** Our key pair. */
	EVP_PKEY *key;
	/** Shared secret, empty until a peer value was set. */
	chunk_t secret;
};

/**
 * Check the length of a public or private value, logging a mismatch.
 *
 * @param this		key exchange
 * @param what		"public" or "private", for the log
 * @param len		length of the value
 * @param need		length required
 * @return		TRUE if @p len equals @p need
 */
bool openssl_ke_check_len(openssl_ke_t *this, const char *what, size_t len,
			  size_t need);

/**
 * Derive the shared secret with a peer key and keep it.
 *
 * @param this		key exchange
 * @param peer		peer's public key, owned; NULL if it did not import
 * @param pad		as in openssl_ke_derive()
 * @param reason	what the log says of a @p peer of NULL
 * @return		TRUE if the secret was derived
 */
bool openssl_ke_set_peer(openssl_ke_t *this, EVP_PKEY *peer, bool pad,
			 const char *reason);

/**
 * Replace our key pair with an imported one, dropping the old secret.
 *
 * @param this		key exchange
 * @param key		key pair, owned; NULL if it did not import (logged)
 * @return		TRUE if @p key was installed
 */
bool openssl_ke_set_key(openssl_ke_t *this, EVP_PKEY *key);

/**
 * The common part of an implementation's initialiser: the methods shared
 * by all, plus the implementation's own, and the method.
 *
 * @param method	method of the exchange
 * @param get_public	key_exchange_t.get_public_key()
 * @param set_public	key_exchange_t.set_public_key()
 * @param set_private	key_exchange_t.set_private_key()
 * @param destroy	key_exchange_t.destroy()
 * @return		value to initialise the embedded openssl_ke_t with
 */
openssl_ke_t openssl_ke_base(key_exchange_method_t method,
	bool (*get_public)(key_exchange_t *this, chunk_t *value),
	bool (*set_public)(key_exchange_t *this, chunk_t value),
	bool (*set_private)(key_exchange_t *this, chunk_t value),
	void (*destroy)(key_exchange_t *this));

/** key_exchange_t.get_shared_secret() of an openssl_ke_t. */
bool openssl_ke_get_shared_secret(key_exchange_t *public, chunk_t *secret);

/** key_exchange_t.get_method() of an openssl_ke_t. */
key_exchange_method_t openssl_ke_get_method(key_exchange_t *public);

/** key_exchange_t.destroy() of an openssl_ke_t that owns nothing more. */
void openssl_ke_destroy(key_exchange_t *public);

#endif
