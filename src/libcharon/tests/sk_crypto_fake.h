/*
 * A fake sk_crypto_t for tests and the fuzzer: no cipher (the data stays
 * readable) and a checksum as ICV, so message framing, padding and the SK
 * code paths run without real keys. With check_icv false every ICV is
 * accepted, which lets a fuzzer reach the inner payloads.
 * Never use it outside tests.
 */
#ifndef SK_CRYPTO_FAKE_H
#define SK_CRYPTO_FAKE_H

#include "encoding/sk_crypto.h"

#define FAKE_IV_SIZE 8
#define FAKE_ICV_SIZE 16

typedef struct fake_sk_crypto_t {
	sk_crypto_t public;
	size_t block_size;
	bool check_icv;
	uint64_t counter;
} fake_sk_crypto_t;

static size_t fake_get_iv_size(sk_crypto_t *public)
{
	return FAKE_IV_SIZE;
}

static size_t fake_get_icv_size(sk_crypto_t *public)
{
	return FAKE_ICV_SIZE;
}

static size_t fake_get_block_size(sk_crypto_t *public)
{
	return ((fake_sk_crypto_t *)public)->block_size;
}

static size_t fake_get_body_size(sk_crypto_t *public, size_t plain_len)
{
	size_t block = fake_get_block_size(public), padded = plain_len + 1;

	padded += (block - padded % block) % block;
	return FAKE_IV_SIZE + padded + FAKE_ICV_SIZE;
}

static size_t fake_get_max_plain(sk_crypto_t *public, size_t body_size)
{
	size_t block = fake_get_block_size(public), avail;

	if (body_size < FAKE_IV_SIZE + FAKE_ICV_SIZE + 1) {
		return 0;
	}
	avail = body_size - FAKE_IV_SIZE - FAKE_ICV_SIZE;
	avail -= avail % block;
	return avail ? avail - 1 : 0;
}

/* FNV-1a style checksum spread over 16 bytes; not a MAC, just a check */
static void fake_checksum(chunk_t data, uint8_t out[FAKE_ICV_SIZE])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
	size_t i;

	for (i = 0; i < data.len; i++) {
		h1 = (h1 ^ data.ptr[i]) * 0x100000001b3ULL;
		h2 = (h2 ^ data.ptr[i] ^ (uint8_t)i) * 0x100000001b3ULL;
	}
	for (i = 0; i < 8; i++) {
		out[i] = (uint8_t)(h1 >> (8 * i));
		out[8 + i] = (uint8_t)(h2 >> (8 * i));
	}
}

static bool fake_encrypt(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
			 chunk_t data, chunk_t icv)
{
	fake_sk_crypto_t *this = (fake_sk_crypto_t *)public;
	uint64_t counter = this->counter++;
	size_t i;

	for (i = 0; i < iv.len; i++) {
		iv.ptr[iv.len - 1 - i] = (uint8_t)(counter >> (8 * i));
	}
	fake_checksum(chunk_create(assoc.ptr, assoc.len + iv.len + data.len),
		      icv.ptr);
	return true;
}

static bool fake_decrypt(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
			 chunk_t data, chunk_t icv, chunk_t *plain)
{
	fake_sk_crypto_t *this = (fake_sk_crypto_t *)public;
	uint8_t expected[FAKE_ICV_SIZE];

	if (this->check_icv) {
		fake_checksum(chunk_create(assoc.ptr, assoc.len + iv.len + data.len),
			      expected);
		if (icv.len != FAKE_ICV_SIZE ||
		    !chunk_equals_const(icv, chunk_from_thing(expected))) {
			return false;
		}
	}
	*plain = chunk_clone(data);
	return true;
}

static void fake_destroy(sk_crypto_t *public)
{
	free(public);
}

static inline sk_crypto_t *fake_sk_crypto_create(size_t block_size, bool check_icv)
{
	fake_sk_crypto_t *this = mem_zalloc(sizeof(*this));

	*this = (fake_sk_crypto_t){
		.public = {
			.get_iv_size = fake_get_iv_size,
			.get_icv_size = fake_get_icv_size,
			.get_block_size = fake_get_block_size,
			.get_body_size = fake_get_body_size,
			.get_max_plain = fake_get_max_plain,
			.encrypt = fake_encrypt,
			.decrypt = fake_decrypt,
			.destroy = fake_destroy,
		},
		.block_size = block_size ? block_size : 1,
		.check_icv = check_icv,
	};
	return &this->public;
}

#endif
