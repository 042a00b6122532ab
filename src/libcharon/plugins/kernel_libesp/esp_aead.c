/*
 * AEAD ESP transforms. The nonce is the SA's 4-byte salt followed by the
 * 8-byte IV, and the IV is the 64-bit sequence number: unique per key, as
 * RFC 4106 §3.1 and RFC 7634 §2 require, and free to produce.
 */
#include <openssl/evp.h>

#include "esp_cipher.h"

#define AEAD_SALT_LEN 4
#define AEAD_IV_LEN 8

typedef struct private_esp_cipher_t private_esp_cipher_t;

struct private_esp_cipher_t {
	esp_cipher_t public;
	EVP_CIPHER_CTX *ctx;
	size_t icv_len;
	bool esn;
	uint8_t salt[AEAD_SALT_LEN];
};

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8) {
		p[i] = (uint8_t)v;
	}
}

/* RFC 4106 §5: SPI | seq (8 bytes), or SPI | seq high | seq low with ESN */
static size_t build_aad(private_esp_cipher_t *this, const uint8_t *esp,
			uint64_t seq, uint8_t aad[12])
{
	memcpy(aad, esp, 4);
	if (!this->esn) {
		memcpy(aad + 4, esp + 4, 4);
		return 8;
	}
	put64(aad + 4, seq);
	return 12;
}

/* Re-arm the keyed context with this packet's nonce and feed the AAD. */
static bool start(private_esp_cipher_t *this, const uint8_t *esp, uint64_t seq)
{
	uint8_t nonce[AEAD_SALT_LEN + AEAD_IV_LEN], aad[12];
	size_t aad_len = build_aad(this, esp, seq, aad);
	int outl;

	memcpy(nonce, this->salt, AEAD_SALT_LEN);
	memcpy(nonce + AEAD_SALT_LEN, esp + ESP_HEADER_LEN, AEAD_IV_LEN);
	return EVP_CipherInit_ex(this->ctx, NULL, NULL, NULL, nonce, -1) == 1 &&
	       EVP_CipherUpdate(this->ctx, NULL, &outl, aad, (int)aad_len) == 1;
}

static bool encrypt(esp_cipher_t *public, uint8_t *esp, size_t len, uint64_t seq)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;
	uint8_t *data = esp + ESP_HEADER_LEN + AEAD_IV_LEN;
	int outl, finl;

	put64(esp + ESP_HEADER_LEN, seq);
	if (!start(this, esp, seq) ||
	    EVP_CipherUpdate(this->ctx, data, &outl, data, (int)len) != 1 ||
	    EVP_CipherFinal_ex(this->ctx, data + outl, &finl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(this->ctx, EVP_CTRL_AEAD_GET_TAG,
				(int)this->icv_len, data + len) != 1) {
		return false;
	}
	return true;
}

static bool decrypt(esp_cipher_t *public, uint8_t *esp, size_t len,
		    uint64_t seq, uint8_t *out)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;
	uint8_t *data = esp + ESP_HEADER_LEN + AEAD_IV_LEN;
	int outl, finl;

	if (!start(this, esp, seq) ||
	    EVP_CipherUpdate(this->ctx, out, &outl, data, (int)len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(this->ctx, EVP_CTRL_AEAD_SET_TAG,
				(int)this->icv_len, data + len) != 1 ||
	    EVP_CipherFinal_ex(this->ctx, out + outl, &finl) != 1) {
		return false;
	}
	return true;
}

static size_t get_iv_len(esp_cipher_t *public)
{
	return AEAD_IV_LEN;
}

static size_t get_icv_len(esp_cipher_t *public)
{
	return ((private_esp_cipher_t *)public)->icv_len;
}

static size_t get_block_len(esp_cipher_t *public)
{
	/* stream modes: only the 4-byte alignment of RFC 4303 §2.4 */
	return 4;
}

static void destroy(esp_cipher_t *public)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;

	EVP_CIPHER_CTX_free(this->ctx);
	memwipe(this->salt, sizeof(this->salt));
	free(this);
}

static const EVP_CIPHER *select_cipher(encryption_algorithm_t alg, size_t key_len,
				       size_t *icv_len)
{
	*icv_len = 16;
	switch (alg) {
	case ENCR_CHACHA20_POLY1305:
		return key_len == 32 ? EVP_chacha20_poly1305() : NULL;
	case ENCR_AES_GCM_ICV8:
		*icv_len = 8;
		break;
	case ENCR_AES_GCM_ICV12:
		*icv_len = 12;
		break;
	case ENCR_AES_GCM_ICV16:
		break;
	default:
		return NULL;
	}
	switch (key_len) {
	case 16:
		return EVP_aes_128_gcm();
	case 24:
		return EVP_aes_192_gcm();
	case 32:
		return EVP_aes_256_gcm();
	default:
		return NULL;
	}
}

esp_cipher_t *esp_aead_create(encryption_algorithm_t alg, chunk_t key,
			      bool esn, bool encrypt_dir)
{
	private_esp_cipher_t *this;
	const EVP_CIPHER *cipher;
	size_t key_len, icv_len;
	int enc = encrypt_dir ? 1 : 0;

	if (key.len <= AEAD_SALT_LEN) {
		DBG1(DBG_ESP, "AEAD key of %zu bytes is too short for a salt", key.len);
		return NULL;
	}
	key_len = key.len - AEAD_SALT_LEN;
	cipher = select_cipher(alg, key_len, &icv_len);
	if (!cipher) {
		DBG1(DBG_ESP, "AEAD algorithm %d with a %zu-byte key is not supported",
		     alg, key_len);
		return NULL;
	}

	this = mem_zalloc(sizeof(*this));
	*this = (private_esp_cipher_t){
		.public = {
			.encrypt = encrypt,
			.decrypt = decrypt,
			.get_iv_len = get_iv_len,
			.get_icv_len = get_icv_len,
			.get_block_len = get_block_len,
			.destroy = destroy,
		},
		.ctx = EVP_CIPHER_CTX_new(),
		.icv_len = icv_len,
		.esn = esn,
	};
	memcpy(this->salt, key.ptr + key_len, AEAD_SALT_LEN);

	if (!this->ctx ||
	    EVP_CipherInit_ex(this->ctx, cipher, NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(this->ctx, EVP_CTRL_AEAD_SET_IVLEN,
				AEAD_SALT_LEN + AEAD_IV_LEN, NULL) != 1 ||
	    EVP_CipherInit_ex(this->ctx, NULL, NULL, key.ptr, NULL, enc) != 1) {
		DBG1(DBG_ESP, "initialising the AEAD context failed");
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
