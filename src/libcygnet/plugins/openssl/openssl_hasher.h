/**
 * @file openssl_hasher.h
 * MD5, SHA-1 and SHA-2 through EVP_MD.
 */
#ifndef CYGNET_OPENSSL_HASHER_H
#define CYGNET_OPENSSL_HASHER_H

#include "crypto/hasher.h"

/**
 * Create a hasher.
 *
 * @param alg	hash algorithm
 * @return	hasher, NULL if unsupported
 */
hasher_t *openssl_hasher_create(hash_algorithm_t alg);

/**
 * OpenSSL's name of a hash ("SHA256"), for the other EVP users in the
 * plugin.
 *
 * @param alg	hash algorithm
 * @return	digest name, NULL if unknown
 */
const char *openssl_hash_name(hash_algorithm_t alg);

#endif
