/*
 * Unauthenticated ciphers through EVP_CIPHER. The caller pads, so EVP's own
 * padding is off. AES-CTR follows RFC 3686: the key material ends with a
 * 4-byte nonce, and the counter block is nonce | 8-byte IV | 32-bit counter
 * starting at 1.
 */
#include <limits.h>

#include <openssl/evp.h>

#include "openssl_crypter.h"

#define CTR_NONCE_LEN	4
#define CTR_IV_LEN	8
#define CTR_BLOCK_LEN	16

typedef struct private_crypter_t {
	crypter_t public;
	encryption_algorithm_t alg;
	EVP_CIPHER *cipher;
	/** cipher key length, without the CTR nonce */
	size_t cipher_key_len;
	/** key as given to set_key(), including the CTR nonce */
	chunk_t key;
	bool key_set;
} private_crypter_t;

/* Build the IV EVP wants: the caller's IV, or the RFC 3686 counter block. */
static bool make_iv(private_crypter_t *this, chunk_t iv, uint8_t *buf)
{
	if (iv.len != this->public.get_iv_size(&this->public)) {
		DBG1(DBG_LIB, "crypter: IV of %zu bytes, %s needs %zu", iv.len,
		     encryption_algorithm_name(this->alg),
		     this->public.get_iv_size(&this->public));
		return false;
	}
	if (this->alg != ENCR_AES_CTR) {
		memcpy(buf, iv.ptr, iv.len);
		return true;
	}
	memcpy(buf, this->key.ptr + this->cipher_key_len, CTR_NONCE_LEN);
	memcpy(buf + CTR_NONCE_LEN, iv.ptr, CTR_IV_LEN);
	memset(buf + CTR_NONCE_LEN + CTR_IV_LEN, 0, 3);
	buf[CTR_BLOCK_LEN - 1] = 1;
	return true;
}

static bool do_crypt(private_crypter_t *this, chunk_t in, chunk_t iv,
		  chunk_t *out, int enc)
{
	uint8_t ivbuf[EVP_MAX_IV_LENGTH];
	size_t bs = this->public.get_block_size(&this->public);
	EVP_CIPHER_CTX *ctx;
	chunk_t result;
	int len = 0, fin = 0;
	bool ok = false;

	if (!this->key_set) {
		DBG1(DBG_LIB, "crypter: %s used without a key",
		     encryption_algorithm_name(this->alg));
		return false;
	}
	if (in.len % bs || in.len > INT_MAX) {
		DBG1(DBG_LIB, "crypter: %zu bytes are not a multiple of the "
		     "%zu-byte block", in.len, bs);
		return false;
	}
	if (!make_iv(this, iv, ivbuf)) {
		return false;
	}
	if (in.len == 0) {
		memwipe(ivbuf, sizeof(ivbuf));
		if (out) {
			*out = chunk_empty;
		}
		return true;
	}
	result = out ? chunk_alloc(in.len) : in;
	ctx = EVP_CIPHER_CTX_new();
	if (ctx &&
	    EVP_CipherInit_ex2(ctx, this->cipher, this->key.ptr, ivbuf, enc, NULL) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, result.ptr, &len, in.ptr, (int)in.len) &&
	    EVP_CipherFinal_ex(ctx, result.ptr + len, &fin) &&
	    (size_t)(len + fin) == in.len) {
		ok = true;
	}
	EVP_CIPHER_CTX_free(ctx);
	memwipe(ivbuf, sizeof(ivbuf));
	if (!ok) {
		DBG1(DBG_LIB, "crypter: %s %s failed",
		     encryption_algorithm_name(this->alg),
		     enc ? "encryption" : "decryption");
		if (out) {
			chunk_clear(&result);
		}
		return false;
	}
	if (out) {
		*out = result;
	}
	return true;
}

static bool crypter_encrypt(crypter_t *public, chunk_t data, chunk_t iv,
			    chunk_t *encrypted)
{
	return do_crypt((private_crypter_t *)public, data, iv, encrypted, 1);
}

static bool crypter_decrypt(crypter_t *public, chunk_t data, chunk_t iv,
			    chunk_t *decrypted)
{
	return do_crypt((private_crypter_t *)public, data, iv, decrypted, 0);
}

static size_t crypter_get_block_size(crypter_t *public)
{
	private_crypter_t *this = (private_crypter_t *)public;

	return this->alg == ENCR_AES_CTR ? 1 : (size_t)EVP_CIPHER_get_block_size(this->cipher);
}

static size_t crypter_get_iv_size(crypter_t *public)
{
	private_crypter_t *this = (private_crypter_t *)public;

	return this->alg == ENCR_AES_CTR ? CTR_IV_LEN : (size_t)EVP_CIPHER_get_iv_length(this->cipher);
}

static size_t crypter_get_key_size(crypter_t *public)
{
	private_crypter_t *this = (private_crypter_t *)public;

	return this->key.len;
}

static bool crypter_set_key(crypter_t *public, chunk_t key)
{
	private_crypter_t *this = (private_crypter_t *)public;

	if (key.len != this->key.len) {
		DBG1(DBG_LIB, "crypter: key of %zu bytes, %s needs %zu", key.len,
		     encryption_algorithm_name(this->alg), this->key.len);
		return false;
	}
	memcpy(this->key.ptr, key.ptr, key.len);
	this->key_set = true;
	return true;
}

static void crypter_destroy(crypter_t *public)
{
	private_crypter_t *this = (private_crypter_t *)public;

	chunk_clear(&this->key);
	EVP_CIPHER_free(this->cipher);
	free(this);
}

/* OpenSSL's cipher name for alg/key_size; fills in the default key size. */
static const char *cipher_name(encryption_algorithm_t alg, size_t *key_size)
{
	switch (alg) {
	case ENCR_3DES:
		if (*key_size == 0) {
			*key_size = 24;
		}
		return *key_size == 24 ? "DES-EDE3-CBC" : NULL;
	case ENCR_AES_CBC:
	case ENCR_AES_CTR:
		if (*key_size == 0) {
			*key_size = 16;
		}
		switch (*key_size) {
		case 16:
			return alg == ENCR_AES_CBC ? "AES-128-CBC" : "AES-128-CTR";
		case 24:
			return alg == ENCR_AES_CBC ? "AES-192-CBC" : "AES-192-CTR";
		case 32:
			return alg == ENCR_AES_CBC ? "AES-256-CBC" : "AES-256-CTR";
		default:
			return NULL;
		}
	default:
		return NULL;
	}
}

crypter_t *openssl_crypter_create(encryption_algorithm_t alg, size_t key_size)
{
	private_crypter_t *this;
	const char *name = cipher_name(alg, &key_size);
	EVP_CIPHER *cipher;

	if (!name) {
		return NULL;
	}
	cipher = EVP_CIPHER_fetch(NULL, name, NULL);
	if (!cipher) {
		DBG1(DBG_LIB, "crypter: OpenSSL has no %s", name);
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_crypter_t){
		.public = {
			.encrypt = crypter_encrypt,
			.decrypt = crypter_decrypt,
			.get_block_size = crypter_get_block_size,
			.get_iv_size = crypter_get_iv_size,
			.get_key_size = crypter_get_key_size,
			.set_key = crypter_set_key,
			.destroy = crypter_destroy,
		},
		.alg = alg,
		.cipher = cipher,
		.cipher_key_len = key_size,
	};
	this->key = chunk_alloc(key_size + (alg == ENCR_AES_CTR ? CTR_NONCE_LEN : 0));
	memset(this->key.ptr, 0, this->key.len);
	return &this->public;
}
