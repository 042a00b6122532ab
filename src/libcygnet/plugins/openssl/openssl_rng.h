/**
 * @file openssl_rng.h
 * Random bytes from OpenSSL's DRBGs (RAND_bytes / RAND_priv_bytes).
 */
#ifndef CYGNET_OPENSSL_RNG_H
#define CYGNET_OPENSSL_RNG_H

#include "crypto/rng.h"

/**
 * Create an RNG. RNG_TRUE draws from the private DRBG, which OpenSSL keeps
 * apart from the one that produces public values.
 *
 * @param quality	requested quality
 * @return		rng, NULL for an unknown quality
 */
rng_t *openssl_rng_create(rng_quality_t quality);

#endif
