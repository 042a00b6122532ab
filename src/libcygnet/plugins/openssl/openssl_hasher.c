/*
 * Hashes through EVP_MD. The context stays initialised between calls so
 * data can be fed in pieces; finishing re-initialises it.
 */
#include <openssl/evp.h>

#include "openssl_hasher.h"

typedef struct private_hasher_t {
	hasher_t public;
	hash_algorithm_t alg;
	EVP_MD *md;
	EVP_MD_CTX *ctx;
} private_hasher_t;

const char *openssl_hash_name(hash_algorithm_t alg)
{
	switch (alg) {
	case HASH_MD5:
		return "MD5";
	case HASH_SHA1:
		return "SHA1";
	case HASH_SHA224:
		return "SHA224";
	case HASH_SHA256:
		return "SHA256";
	case HASH_SHA384:
		return "SHA384";
	case HASH_SHA512:
		return "SHA512";
	default:
		return NULL;
	}
}

static bool hasher_reset(hasher_t *public)
{
	private_hasher_t *this = (private_hasher_t *)public;

	return EVP_DigestInit_ex2(this->ctx, this->md, NULL) == 1;
}

static bool hasher_get_hash(hasher_t *public, chunk_t data, uint8_t *hash)
{
	private_hasher_t *this = (private_hasher_t *)public;

	if (data.len && EVP_DigestUpdate(this->ctx, data.ptr, data.len) != 1) {
		DBG1(DBG_LIB, "hasher: %s update failed",
		     hash_algorithm_name(this->alg));
		return false;
	}
	if (!hash) {
		return true;
	}
	if (EVP_DigestFinal_ex(this->ctx, hash, NULL) != 1) {
		DBG1(DBG_LIB, "hasher: %s final failed",
		     hash_algorithm_name(this->alg));
		hasher_reset(public);
		return false;
	}
	return hasher_reset(public);
}

static size_t hasher_get_hash_size(hasher_t *public)
{
	return (size_t)EVP_MD_get_size(((private_hasher_t *)public)->md);
}

static bool hasher_allocate_hash(hasher_t *public, chunk_t data, chunk_t *hash)
{
	chunk_t result;

	if (!hash) {
		return hasher_get_hash(public, data, NULL);
	}
	result = chunk_alloc(hasher_get_hash_size(public));
	if (!hasher_get_hash(public, data, result.ptr)) {
		chunk_free(&result);
		return false;
	}
	*hash = result;
	return true;
}

static void hasher_destroy(hasher_t *public)
{
	private_hasher_t *this = (private_hasher_t *)public;

	EVP_MD_CTX_free(this->ctx);
	EVP_MD_free(this->md);
	free(this);
}

hasher_t *openssl_hasher_create(hash_algorithm_t alg)
{
	private_hasher_t *this;
	const char *name = openssl_hash_name(alg);
	EVP_MD *md;

	if (!name) {
		return NULL;
	}
	md = EVP_MD_fetch(NULL, name, NULL);
	if (!md) {
		DBG1(DBG_LIB, "hasher: OpenSSL has no %s", name);
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_hasher_t){
		.public = {
			.get_hash = hasher_get_hash,
			.allocate_hash = hasher_allocate_hash,
			.get_hash_size = hasher_get_hash_size,
			.reset = hasher_reset,
			.destroy = hasher_destroy,
		},
		.alg = alg,
		.md = md,
		.ctx = EVP_MD_CTX_new(),
	};
	if (!this->ctx || !hasher_reset(&this->public)) {
		hasher_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
