/*
 * AEADs through EVP_CIPHER. IKE and ESP carry an 8-byte explicit IV per
 * message; the 12-byte nonce is the 4-byte salt from the key's tail followed
 * by that IV (RFC 4106 §4, RFC 5282 §4, RFC 7634 §2). A fresh cipher context
 * per call keeps the object free of per-message state.
 */
#include <limits.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "openssl_aead.h"

#define SALT_LEN	4
#define IV_LEN		8
#define NONCE_LEN	(SALT_LEN + IV_LEN)

typedef struct private_aead_t {
	aead_t public;
	encryption_algorithm_t alg;
	EVP_CIPHER *cipher;
	size_t icv_len;
	/** cipher key followed by the salt */
	chunk_t key;
	bool key_set;
} private_aead_t;

/*
 * Run the cipher over @p in into @p out (which may equal @p in). On
 * encryption the tag is written to @p tag; on decryption it is checked.
 */
static bool aead_crypt(private_aead_t *this, chunk_t in, chunk_t assoc,
		       chunk_t iv, uint8_t *out, uint8_t *tag, int enc)
{
	size_t cipher_key_len = this->key.len - SALT_LEN;
	uint8_t nonce[NONCE_LEN], fin[EVP_MAX_BLOCK_LENGTH];
	EVP_CIPHER_CTX *ctx;
	int len = 0;
	bool ok = false;

	if (!this->key_set) {
		DBG1(DBG_LIB, "aead: %s used without a key",
		     encryption_algorithm_name(this->alg));
		return false;
	}
	if (iv.len != IV_LEN) {
		DBG1(DBG_LIB, "aead: IV of %zu bytes, need %d", iv.len, IV_LEN);
		return false;
	}
	if (in.len > INT_MAX || assoc.len > INT_MAX) {
		DBG1(DBG_LIB, "aead: input of %zu/%zu bytes too long", in.len,
		     assoc.len);
		return false;
	}
	memcpy(nonce, this->key.ptr + cipher_key_len, SALT_LEN);
	memcpy(nonce + SALT_LEN, iv.ptr, IV_LEN);

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx || !EVP_CipherInit_ex2(ctx, this->cipher, NULL, NULL, enc, NULL) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, NONCE_LEN, NULL) <= 0 ||
	    (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					 (int)this->icv_len, tag) <= 0) ||
	    !EVP_CipherInit_ex2(ctx, NULL, this->key.ptr, nonce, enc, NULL)) {
		goto out;
	}
	if (assoc.len &&
	    !EVP_CipherUpdate(ctx, NULL, &len, assoc.ptr, (int)assoc.len)) {
		goto out;
	}
	if (in.len && !EVP_CipherUpdate(ctx, out, &len, in.ptr, (int)in.len)) {
		goto out;
	}
	/* for decryption, this is where the tag is verified; stream modes
	 * write nothing here */
	if (!EVP_CipherFinal_ex(ctx, fin, &len) || len != 0) {
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				       (int)this->icv_len, tag) <= 0) {
		goto out;
	}
	ok = true;
out:
	EVP_CIPHER_CTX_free(ctx);
	memwipe(nonce, sizeof(nonce));
	return ok;
}

static bool aead_encrypt(aead_t *public, chunk_t plain, chunk_t assoc,
			 chunk_t iv, chunk_t *encrypted)
{
	private_aead_t *this = (private_aead_t *)public;
	uint8_t *out = plain.ptr;
	chunk_t result = chunk_empty;

	if (encrypted) {
		result = chunk_alloc(plain.len + this->icv_len);
		out = result.ptr;
	}
	if (!aead_crypt(this, plain, assoc, iv, out, out + plain.len, 1)) {
		DBG1(DBG_LIB, "aead: %s encryption failed",
		     encryption_algorithm_name(this->alg));
		chunk_clear(&result);
		return false;
	}
	if (encrypted) {
		*encrypted = result;
	}
	return true;
}

static bool aead_decrypt(aead_t *public, chunk_t encrypted, chunk_t assoc,
			 chunk_t iv, chunk_t *plain)
{
	private_aead_t *this = (private_aead_t *)public;
	chunk_t ct, result = chunk_empty;
	uint8_t *out;

	if (encrypted.len < this->icv_len) {
		DBG1(DBG_LIB, "aead: %zu bytes are shorter than the %zu-byte ICV",
		     encrypted.len, this->icv_len);
		return false;
	}
	ct = chunk_create(encrypted.ptr, encrypted.len - this->icv_len);
	out = ct.ptr;
	if (plain) {
		result = chunk_alloc(ct.len);
		out = result.ptr;
	}
	if (!aead_crypt(this, ct, assoc, iv, out, ct.ptr + ct.len, 0)) {
		DBG1(DBG_LIB, "aead: %s ICV check failed",
		     encryption_algorithm_name(this->alg));
		/* forged packets choose this failure */
		ERR_clear_error();
		/* never hand out unverified plaintext */
		if (plain) {
			chunk_clear(&result);
		} else if (ct.len) {
			memwipe(ct.ptr, ct.len);
		}
		return false;
	}
	if (plain) {
		*plain = result;
	}
	return true;
}

static size_t aead_get_block_size(aead_t *public)
{
	return 1;
}

static size_t aead_get_icv_size(aead_t *public)
{
	return ((private_aead_t *)public)->icv_len;
}

static size_t aead_get_iv_size(aead_t *public)
{
	return IV_LEN;
}

static size_t aead_get_key_size(aead_t *public)
{
	return ((private_aead_t *)public)->key.len;
}

static bool aead_set_key(aead_t *public, chunk_t key)
{
	private_aead_t *this = (private_aead_t *)public;

	if (key.len != this->key.len) {
		DBG1(DBG_LIB, "aead: key of %zu bytes, %s needs %zu", key.len,
		     encryption_algorithm_name(this->alg), this->key.len);
		return false;
	}
	memcpy(this->key.ptr, key.ptr, key.len);
	this->key_set = true;
	return true;
}

static void aead_destroy(aead_t *public)
{
	private_aead_t *this = (private_aead_t *)public;

	chunk_clear(&this->key);
	EVP_CIPHER_free(this->cipher);
	free(this);
}

/* OpenSSL's name and the ICV length for alg; fills in the default key size. */
static const char *aead_name(encryption_algorithm_t alg, size_t *key_size,
			     size_t *icv_len)
{
	switch (alg) {
	case ENCR_AES_GCM_ICV8:
	case ENCR_AES_GCM_ICV12:
	case ENCR_AES_GCM_ICV16:
		*icv_len = alg == ENCR_AES_GCM_ICV8 ? 8 :
			   alg == ENCR_AES_GCM_ICV12 ? 12 : 16;
		if (*key_size == 0) {
			*key_size = 16;
		}
		switch (*key_size) {
		case 16:
			return "AES-128-GCM";
		case 24:
			return "AES-192-GCM";
		case 32:
			return "AES-256-GCM";
		default:
			return NULL;
		}
	case ENCR_CHACHA20_POLY1305:
		*icv_len = 16;
		if (*key_size == 0) {
			*key_size = 32;
		}
		return *key_size == 32 ? "ChaCha20-Poly1305" : NULL;
	default:
		return NULL;
	}
}

aead_t *openssl_aead_create(encryption_algorithm_t alg, size_t key_size)
{
	private_aead_t *this;
	size_t icv_len = 0;
	const char *name = aead_name(alg, &key_size, &icv_len);
	EVP_CIPHER *cipher;

	if (!name) {
		return NULL;
	}
	cipher = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!cipher) {
		DBG1(DBG_LIB, "aead: OpenSSL has no %s", name);
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_aead_t){
		.public = {
			.encrypt = aead_encrypt,
			.decrypt = aead_decrypt,
			.get_block_size = aead_get_block_size,
			.get_icv_size = aead_get_icv_size,
			.get_iv_size = aead_get_iv_size,
			.get_key_size = aead_get_key_size,
			.set_key = aead_set_key,
			.destroy = aead_destroy,
		},
		.alg = alg,
		.cipher = cipher,
		.icv_len = icv_len,
	};
	this->key = chunk_alloc(key_size + SALT_LEN);
	memset(this->key.ptr, 0, this->key.len);
	return &this->public;
}
