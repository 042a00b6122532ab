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

#endif
