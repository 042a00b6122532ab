/*
 * Random bytes from OpenSSL's DRBGs, which OpenSSL seeds from the kernel and
 * reseeds on fork. Long-term keys (RNG_TRUE) come from the private DRBG.
 */
#include <limits.h>

#include <openssl/rand.h>

#include "openssl_rng.h"

typedef struct private_rng_t {
	rng_t public;
	rng_quality_t quality;
} private_rng_t;

static bool rng_get_bytes(rng_t *public, size_t len, uint8_t *buffer)
{
	private_rng_t *this = (private_rng_t *)public;
	int n, ok;

	/* the RAND API counts in int */
	while (len) {
		n = len > INT_MAX ? INT_MAX : (int)len;
		ok = this->quality == RNG_TRUE ? RAND_priv_bytes(buffer, n)
					       : RAND_bytes(buffer, n);
		if (ok != 1) {
			DBG1(DBG_LIB, "rng: OpenSSL could not produce %d random bytes", n);
			return false;
		}
		buffer += n;
		len -= (size_t)n;
	}
	return true;
}

static bool rng_allocate_bytes(rng_t *public, size_t len, chunk_t *chunk)
{
	chunk_t result;

	if (len == 0) {
		*chunk = chunk_empty;
		return true;
	}
	result = chunk_alloc(len);
	if (!rng_get_bytes(public, len, result.ptr)) {
		chunk_free(&result);
		return false;
	}
	*chunk = result;
	return true;
}

static void rng_destroy(rng_t *public)
{
	free(public);
}

rng_t *openssl_rng_create(rng_quality_t quality)
{
	private_rng_t *this;

	if (quality < RNG_WEAK || quality > RNG_TRUE) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_rng_t){
		.public = {
			.get_bytes = rng_get_bytes,
			.allocate_bytes = rng_allocate_bytes,
			.destroy = rng_destroy,
		},
		.quality = quality,
	};
	return &this->public;
}
