/**
 * @file random_rng.h
 * RNGs backed by the kernel: getrandom(2) for RNG_WEAK and RNG_STRONG,
 * the blocking pool (GRND_RANDOM, or /dev/random) for RNG_TRUE.
 */
#ifndef CYGNET_RANDOM_RNG_H
#define CYGNET_RANDOM_RNG_H

#include "crypto/rng.h"

/**
 * Create an RNG of @p quality.
 *
 * @param quality	RNG_WEAK, RNG_STRONG or RNG_TRUE
 * @return		the RNG, NULL for an unknown quality
 */
rng_t *random_rng_create(rng_quality_t quality);

#endif
