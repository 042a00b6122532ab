/*
 * AES-CBC with HMAC, encrypt-then-MAC as ESP mandates: the ICV covers
 * header, IV and ciphertext, and inbound packets are authenticated before
 * a single block is decrypted.
 */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "esp_cipher.h"

#define CBC_BLOCK 16

typedef struct private_esp_cipher_t private_esp_cipher_t;

struct private_esp_cipher_t {
	esp_cipher_t public;
	/** AES-CBC keyed once; per packet only the IV changes. */
	EVP_CIPHER_CTX *ctx;
	/** AES-ECB under a random key, turns sequence numbers into IVs. */
	EVP_CIPHER_CTX *ivgen;
	/** HMAC keyed once; EVP_MAC_init() without a key rewinds it. */
	EVP_MAC_CTX *mac;
	size_t icv_len;
	bool esn;
	/** Random second half of the IV generator input. */
	uint8_t iv_nonce[8];
};

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8) {
		p[i] = (uint8_t)v;
	}
}

/* HMAC over header, IV and ciphertext, plus the unsent ESN high half */
static bool compute_icv(private_esp_cipher_t *this, const uint8_t *esp,
			size_t len, uint64_t seq, uint8_t *icv)
{
	uint8_t mac[EVP_MAX_MD_SIZE], hi[4];
	size_t mac_len;

	if (EVP_MAC_init(this->mac, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(this->mac, esp, ESP_HEADER_LEN + CBC_BLOCK + len) != 1) {
		return false;
	}
	if (this->esn) {
		hi[0] = (uint8_t)(seq >> 56);
		hi[1] = (uint8_t)(seq >> 48);
		hi[2] = (uint8_t)(seq >> 40);
		hi[3] = (uint8_t)(seq >> 32);
		if (EVP_MAC_update(this->mac, hi, sizeof(hi)) != 1) {
			return false;
		}
	}
	if (EVP_MAC_final(this->mac, mac, &mac_len, sizeof(mac)) != 1 ||
	    mac_len < this->icv_len) {
		return false;
	}
	memcpy(icv, mac, this->icv_len);
	return true;
}

static bool encrypt(esp_cipher_t *public, uint8_t *esp, size_t len, uint64_t seq)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;
	uint8_t *iv = esp + ESP_HEADER_LEN, *data = iv + CBC_BLOCK, block[CBC_BLOCK];
	int outl;

	put64(block, seq);
	memcpy(block + 8, this->iv_nonce, sizeof(this->iv_nonce));
	if (EVP_EncryptUpdate(this->ivgen, iv, &outl, block, CBC_BLOCK) != 1 ||
	    EVP_CipherInit_ex(this->ctx, NULL, NULL, NULL, iv, -1) != 1 ||
	    EVP_CipherUpdate(this->ctx, data, &outl, data, (int)len) != 1 ||
	    (size_t)outl != len) {
		return false;
	}
	return compute_icv(this, esp, len, seq, data + len);
}

static bool decrypt(esp_cipher_t *public, uint8_t *esp, size_t len,
		    uint64_t seq, uint8_t *out)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;
	uint8_t *iv = esp + ESP_HEADER_LEN, *data = iv + CBC_BLOCK;
	uint8_t icv[EVP_MAX_MD_SIZE];
	int outl;

	if (len % CBC_BLOCK ||
	    !compute_icv(this, esp, len, seq, icv) ||
	    CRYPTO_memcmp(icv, data + len, this->icv_len) != 0) {
		return false;
	}
	return EVP_CipherInit_ex(this->ctx, NULL, NULL, NULL, iv, -1) == 1 &&
	       EVP_CipherUpdate(this->ctx, out, &outl, data, (int)len) == 1 &&
	       (size_t)outl == len;
}

static size_t get_iv_len(esp_cipher_t *public)
{
	return CBC_BLOCK;
}

static size_t get_icv_len(esp_cipher_t *public)
{
	return ((private_esp_cipher_t *)public)->icv_len;
}

static size_t get_block_len(esp_cipher_t *public)
{
	return CBC_BLOCK;
}

static void destroy(esp_cipher_t *public)
{
	private_esp_cipher_t *this = (private_esp_cipher_t *)public;

	EVP_CIPHER_CTX_free(this->ctx);
	EVP_CIPHER_CTX_free(this->ivgen);
	EVP_MAC_CTX_free(this->mac);
	memwipe(this->iv_nonce, sizeof(this->iv_nonce));
	free(this);
}

static const EVP_CIPHER *select_cbc(size_t key_len)
{
	switch (key_len) {
	case 16:
		return EVP_aes_128_cbc();
	case 24:
		return EVP_aes_192_cbc();
	case 32:
		return EVP_aes_256_cbc();
	default:
		return NULL;
	}
}

/* Digest name, key length (= hash output, RFC 4868 §2.1.1) and ICV length */
static const char *select_hmac(integrity_algorithm_t integ, size_t *key_len,
			       size_t *icv_len)
{
	switch (integ) {
	case AUTH_HMAC_SHA1_96:
		*key_len = 20;
		*icv_len = 12;
		return "SHA1";
	case AUTH_HMAC_SHA2_256_128:
		*key_len = 32;
		*icv_len = 16;
		return "SHA2-256";
	case AUTH_HMAC_SHA2_384_192:
		*key_len = 48;
		*icv_len = 24;
		return "SHA2-384";
	case AUTH_HMAC_SHA2_512_256:
		*key_len = 64;
		*icv_len = 32;
		return "SHA2-512";
	default:
		return NULL;
	}
}

static EVP_MAC_CTX *create_hmac(const char *digest, chunk_t key)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 (char *)digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac;

	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac) {
		ctx = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac);
	}
	if (ctx && EVP_MAC_init(ctx, key.ptr, key.len, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/* AES-ECB under a fresh random key, for the IVs */
static EVP_CIPHER_CTX *create_ivgen(uint8_t nonce[8])
{
	EVP_CIPHER_CTX *ctx;
	uint8_t key[16];
	bool ok;

	if (RAND_bytes(key, sizeof(key)) != 1 || RAND_bytes(nonce, 8) != 1) {
		return NULL;
	}
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL) == 1 &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
	memwipe(key, sizeof(key));
	if (!ok) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

esp_cipher_t *esp_cbc_create(chunk_t encr_key, integrity_algorithm_t integ,
			     chunk_t integ_key, bool esn, bool encrypt_dir)
{
	private_esp_cipher_t *this;
	const EVP_CIPHER *cipher;
	const char *digest;
	size_t key_len = 0, icv_len = 0;
	int enc = encrypt_dir ? 1 : 0;

	cipher = select_cbc(encr_key.len);
	digest = select_hmac(integ, &key_len, &icv_len);
	if (!cipher || !digest || integ_key.len != key_len) {
		DBG1(DBG_ESP, "AES-CBC with a %zu-byte key and integrity algorithm %d "
		     "with a %zu-byte key is not supported", encr_key.len, integ,
		     integ_key.len);
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
		.mac = create_hmac(digest, integ_key),
		.icv_len = icv_len,
		.esn = esn,
	};
	if (encrypt_dir) {
		this->ivgen = create_ivgen(this->iv_nonce);
	}
	if (!this->ctx || !this->mac || (encrypt_dir && !this->ivgen) ||
	    EVP_CipherInit_ex(this->ctx, cipher, NULL, encr_key.ptr, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_set_padding(this->ctx, 0) != 1) {
		DBG1(DBG_ESP, "initialising the AES-CBC/HMAC contexts failed");
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
