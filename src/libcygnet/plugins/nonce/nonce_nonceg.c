/*
 * Nonces come straight from an RNG. IKE nonces (RFC 7296 §2.10) feed
 * SKEYSEED and must be unpredictable, so a strong RNG is preferred; the
 * feature only hard-depends on RNG_WEAK because every RNG we have draws
 * from the kernel's CSPRNG, whose weak variant is still unpredictable.
 */
#include "nonce_nonceg.h"
#include "crypto/crypto_factory.h"

typedef struct private_nonce_nonceg_t {
	nonce_gen_t public;
	rng_t *rng;
} private_nonce_nonceg_t;

static bool get_nonce(nonce_gen_t *public, size_t size, uint8_t *buffer)
{
	private_nonce_nonceg_t *this = (private_nonce_nonceg_t *)public;

	return this->rng->get_bytes(this->rng, size, buffer);
}

static bool allocate_nonce(nonce_gen_t *public, size_t size, chunk_t *chunk)
{
	private_nonce_nonceg_t *this = (private_nonce_nonceg_t *)public;

	return this->rng->allocate_bytes(this->rng, size, chunk);
}

static void destroy(nonce_gen_t *public)
{
	private_nonce_nonceg_t *this = (private_nonce_nonceg_t *)public;

	this->rng->destroy(this->rng);
	free(this);
}

nonce_gen_t *nonce_nonceg_create(void)
{
	private_nonce_nonceg_t *this;
	rng_t *rng = NULL;

	if (lib && lib->crypto)
	{
		/* ask for RNG_STRONG only if there is one, create_rng() would log */
		if (lib->crypto->supports(lib->crypto, CRYPTO_RNG, RNG_STRONG))
		{
			rng = lib->crypto->create_rng(lib->crypto, RNG_STRONG);
		}
		if (!rng)
		{
			rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
		}
	}
	if (!rng)
	{
		DBG1(DBG_LIB, "nonce generator: no RNG available");
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_nonce_nonceg_t){
		.public = {
			.get_nonce = get_nonce,
			.allocate_nonce = allocate_nonce,
			.destroy = destroy,
		},
		.rng = rng,
	};
	return &this->public;
}
