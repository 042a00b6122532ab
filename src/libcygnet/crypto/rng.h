/**
 * @file rng.h
 * Random number generators, by quality.
 */
#ifndef CYGNET_RNG_H
#define CYGNET_RNG_H

#include "library.h"

typedef enum rng_quality_t {
	RNG_WEAK = 1,	/**< padding, IVs that need only be unpredictable enough */
	RNG_STRONG,	/**< nonces, SPIs, IVs */
	RNG_TRUE,	/**< long-term keys */
} rng_quality_t;

typedef struct rng_t rng_t;

struct rng_t {
	bool (*get_bytes)(rng_t *this, size_t len, uint8_t *buffer);
	bool (*allocate_bytes)(rng_t *this, size_t len, chunk_t *chunk);
	void (*destroy)(rng_t *this);
};

typedef rng_t *(*rng_constructor_t)(rng_quality_t quality);

/** Name of a quality ("RNG_STRONG"). */
const char *rng_quality_name(rng_quality_t quality);

#endif
