/*
 * SK payload protection with an AEAD or with a cipher plus integrity
 * algorithm (RFC 7296 §3.14, RFC 5282).
 */
#include "encoding/sk_crypto.h"
#include "crypto/crypto_factory.h"
#include "crypto/rng.h"

/* explicit IV of the IKE AEADs (RFC 5282 §3, RFC 7634 §2) */
#define AEAD_IV_SIZE 8

typedef struct private_sk_crypto_t {
	sk_crypto_t public;
	aead_t *aead_in;
	aead_t *aead_out;
	crypter_t *crypter_in;
	crypter_t *crypter_out;
	signer_t *signer_in;
	signer_t *signer_out;
	/* for CBC IVs; NULL when IVs come from the counter */
	rng_t *rng;
	/* next counter IV; never reused under one key */
	uint64_t counter;
	size_t iv_size;
	size_t icv_size;
	size_t block_size;
} private_sk_crypto_t;

static size_t get_iv_size(sk_crypto_t *public)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;

	return this->iv_size;
}

static size_t get_icv_size(sk_crypto_t *public)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;

	return this->icv_size;
}

static size_t get_block_size(sk_crypto_t *public)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;

	return this->block_size;
}

static size_t get_body_size(sk_crypto_t *public, size_t plain_len)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;
	size_t padded = plain_len + 1;

	padded += (this->block_size - padded % this->block_size) % this->block_size;
	return this->iv_size + padded + this->icv_size;
}

static size_t get_max_plain(sk_crypto_t *public, size_t body_size)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;
	size_t avail;

	if (body_size < this->iv_size + this->icv_size + 1) {
		return 0;
	}
	avail = body_size - this->iv_size - this->icv_size;
	avail -= avail % this->block_size;
	return avail ? avail - 1 : 0;
}

static bool adjacent(chunk_t a, chunk_t b)
{
	return a.ptr + a.len == b.ptr;
}

/* write the next counter value as a big-endian IV */
static bool next_counter_iv(private_sk_crypto_t *this, chunk_t iv)
{
	uint64_t value;
	size_t i;

	if (iv.len != AEAD_IV_SIZE || this->counter == UINT64_MAX) {
		return false;
	}
	value = this->counter++;
	for (i = 0; i < iv.len; i++) {
		iv.ptr[iv.len - 1 - i] = (uint8_t)(value >> (8 * i));
	}
	return true;
}

static bool encrypt_aead(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
			 chunk_t data, chunk_t icv)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;

	if (iv.len != this->iv_size || icv.len != this->icv_size ||
	    !adjacent(data, icv) || !next_counter_iv(this, iv)) {
		return false;
	}
	/* in place: the ICV lands right after the ciphertext */
	return this->aead_out->encrypt(this->aead_out, data, assoc, iv, NULL);
}

static bool decrypt_aead(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
			 chunk_t data, chunk_t icv, chunk_t *plain)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;
	chunk_t encrypted = chunk_create(data.ptr, data.len + icv.len);

	if (iv.len != this->iv_size || icv.len != this->icv_size ||
	    !adjacent(data, icv)) {
		return false;
	}
	return this->aead_in->decrypt(this->aead_in, encrypted, assoc, iv, plain);
}

static bool encrypt_traditional(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
				chunk_t data, chunk_t icv)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;
	chunk_t signed_part;

	if (iv.len != this->iv_size || icv.len != this->icv_size ||
	    data.len % this->block_size || !adjacent(assoc, iv) ||
	    !adjacent(iv, data) || !adjacent(data, icv)) {
		return false;
	}
	if (this->rng) {
		if (!this->rng->get_bytes(this->rng, iv.len, iv.ptr)) {
			return false;
		}
	} else if (!next_counter_iv(this, iv)) {
		return false;
	}
	if (!this->crypter_out->encrypt(this->crypter_out, data, iv, NULL)) {
		return false;
	}
	signed_part = chunk_create(assoc.ptr, assoc.len + iv.len + data.len);
	return this->signer_out->get_signature(this->signer_out, signed_part, icv.ptr);
}

static bool decrypt_traditional(sk_crypto_t *public, chunk_t assoc, chunk_t iv,
				chunk_t data, chunk_t icv, chunk_t *plain)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;
	chunk_t signed_part;

	if (iv.len != this->iv_size || icv.len != this->icv_size ||
	    data.len % this->block_size || !adjacent(assoc, iv) ||
	    !adjacent(iv, data) || !adjacent(data, icv)) {
		return false;
	}
	signed_part = chunk_create(assoc.ptr, assoc.len + iv.len + data.len);
	if (!this->signer_in->verify_signature(this->signer_in, signed_part, icv)) {
		return false;
	}
	return this->crypter_in->decrypt(this->crypter_in, data, iv, plain);
}

static void destroy(sk_crypto_t *public)
{
	private_sk_crypto_t *this = (private_sk_crypto_t *)public;

	DESTROY_IF(this->aead_in);
	DESTROY_IF(this->aead_out);
	DESTROY_IF(this->crypter_in);
	DESTROY_IF(this->crypter_out);
	DESTROY_IF(this->signer_in);
	DESTROY_IF(this->signer_out);
	DESTROY_IF(this->rng);
	free(this);
}

static private_sk_crypto_t *create_common(void)
{
	private_sk_crypto_t *this = mem_zalloc(sizeof(*this));

	*this = (private_sk_crypto_t){
		.public = {
			.get_iv_size = get_iv_size,
			.get_icv_size = get_icv_size,
			.get_block_size = get_block_size,
			.get_body_size = get_body_size,
			.get_max_plain = get_max_plain,
			.destroy = destroy,
		},
	};
	return this;
}

sk_crypto_t *sk_crypto_create_aead(aead_t *in, aead_t *out)
{
	private_sk_crypto_t *this;

	if (!in || !out) {
		DESTROY_IF(in);
		DESTROY_IF(out);
		return NULL;
	}
	this = create_common();
	this->public.encrypt = encrypt_aead;
	this->public.decrypt = decrypt_aead;
	this->aead_in = in;
	this->aead_out = out;
	this->iv_size = out->get_iv_size(out);
	this->icv_size = out->get_icv_size(out);
	this->block_size = out->get_block_size(out);
	if (this->iv_size != AEAD_IV_SIZE || !this->block_size ||
	    in->get_iv_size(in) != this->iv_size ||
	    in->get_icv_size(in) != this->icv_size ||
	    in->get_block_size(in) != this->block_size) {
		DBG1(DBG_ENC, "AEAD sizes unusable for IKE (IV %zu, ICV %zu)",
		     this->iv_size, this->icv_size);
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}

sk_crypto_t *sk_crypto_create_traditional(crypter_t *crypter_in, signer_t *signer_in,
					  crypter_t *crypter_out, signer_t *signer_out)
{
	private_sk_crypto_t *this = create_common();

	this->public.encrypt = encrypt_traditional;
	this->public.decrypt = decrypt_traditional;
	this->crypter_in = crypter_in;
	this->crypter_out = crypter_out;
	this->signer_in = signer_in;
	this->signer_out = signer_out;
	if (!crypter_in || !crypter_out || !signer_in || !signer_out) {
		destroy(&this->public);
		return NULL;
	}
	this->iv_size = crypter_out->get_iv_size(crypter_out);
	this->block_size = crypter_out->get_block_size(crypter_out);
	this->icv_size = signer_out->get_block_size(signer_out);
	if (!this->iv_size || !this->block_size || !this->icv_size ||
	    crypter_in->get_iv_size(crypter_in) != this->iv_size ||
	    crypter_in->get_block_size(crypter_in) != this->block_size ||
	    signer_in->get_block_size(signer_in) != this->icv_size) {
		DBG1(DBG_ENC, "cipher/integrity sizes unusable for IKE");
		destroy(&this->public);
		return NULL;
	}
	if (this->block_size > 1) {
		/* CBC needs unpredictable IVs; stream modes only unique ones */
		this->rng = lib && lib->crypto
			    ? lib->crypto->create_rng(lib->crypto, RNG_WEAK) : NULL;
		if (!this->rng) {
			DBG1(DBG_ENC, "no RNG for IKE IVs");
			destroy(&this->public);
			return NULL;
		}
	}
	return &this->public;
}
