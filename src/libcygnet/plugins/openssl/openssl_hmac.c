/*
 * MACs through EVP_MAC: HMAC (RFC 2104) for every hash the plugin has, and
 * AES-CMAC (RFC 4493) as integrity (RFC 4494) and PRF (RFC 4615). Signers
 * truncate the full MAC; PRFs return it whole. A NULL output buffer only
 * feeds data, so long inputs can be MACed in pieces.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "openssl_hmac.h"
#include "openssl_hasher.h"

#define CMAC_KEY_LEN	16
#define CMAC_LEN	16
#define MAC_MAX_LEN	EVP_MAX_MD_SIZE

/* The part signers and PRFs share: a keyed EVP_MAC context. */
typedef struct mac_t {
	EVP_MAC_CTX *ctx;
	/** untruncated output length */
	size_t out_len;
	/** preferred key length */
	size_t key_len;
	bool cmac;
	bool key_set;
} mac_t;

static size_t digest_size(const char *name)
{
	EVP_MD *md = EVP_MD_fetch(NULL, name, NULL);
	int size = md ? EVP_MD_get_size(md) : 0;

	EVP_MD_free(md);
	return size > 0 ? (size_t)size : 0;
}

/* Set up HMAC over @p hash, or AES-128-CMAC if @p hash is HASH_UNKNOWN. */
static bool mac_init(mac_t *mac, hash_algorithm_t hash)
{
	const char *digest = openssl_hash_name(hash);
	OSSL_PARAM params[2];
	EVP_MAC *evp;

	mac->cmac = hash == HASH_UNKNOWN;
	if (mac->cmac) {
		params[0] = OSSL_PARAM_construct_utf8_string(
				OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", 0);
	} else if (digest) {
		params[0] = OSSL_PARAM_construct_utf8_string(
				OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	} else {
		return false;
	}
	params[1] = OSSL_PARAM_construct_end();

	evp = EVP_MAC_fetch(NULL, mac->cmac ? "CMAC" : "HMAC", NULL);
	if (!evp) {
		DBG1(DBG_LIB, "mac: OpenSSL has no %s", mac->cmac ? "CMAC" : "HMAC");
		return false;
	}
	mac->ctx = EVP_MAC_CTX_new(evp);
	EVP_MAC_free(evp);
	if (!mac->ctx || !EVP_MAC_CTX_set_params(mac->ctx, params)) {
		DBG1(DBG_LIB, "mac: cannot set up %s",
		     mac->cmac ? "AES-CMAC" : digest);
		EVP_MAC_CTX_free(mac->ctx);
		mac->ctx = NULL;
		return false;
	}
	/* EVP knows the size only once keyed */
	mac->out_len = mac->cmac ? CMAC_LEN : digest_size(digest);
	mac->key_len = mac->cmac ? CMAC_KEY_LEN : mac->out_len;
	return mac->out_len > 0 && mac->out_len <= MAC_MAX_LEN;
}

static bool mac_set_key(mac_t *mac, chunk_t key)
{
	/* EVP_MAC_init() takes a NULL key as "keep the old one" */
	static const uint8_t empty;
	const uint8_t *ptr = key.ptr ? key.ptr : &empty;

	mac->key_set = false;
	if (mac->cmac && key.len != CMAC_KEY_LEN) {
		DBG1(DBG_LIB, "mac: AES-CMAC key of %zu bytes, need %d", key.len,
		     CMAC_KEY_LEN);
		return false;
	}
	if (!EVP_MAC_init(mac->ctx, ptr, key.len, NULL)) {
		DBG1(DBG_LIB, "mac: setting a %zu-byte key failed", key.len);
		return false;
	}
	mac->key_set = true;
	return true;
}

/* Feed @p data; if @p out is set, write the full MAC there and restart. */
static bool mac_run(mac_t *mac, chunk_t data, uint8_t *out)
{
	size_t len = 0;

	if (!mac->key_set) {
		DBG1(DBG_LIB, "mac: used without a key");
		return false;
	}
	if (data.len && !EVP_MAC_update(mac->ctx, data.ptr, data.len)) {
		return false;
	}
	if (!out) {
		return true;
	}
	if (!EVP_MAC_final(mac->ctx, out, &len, mac->out_len) ||
	    len != mac->out_len) {
		DBG1(DBG_LIB, "mac: final failed");
		EVP_MAC_init(mac->ctx, NULL, 0, NULL);
		return false;
	}
	return EVP_MAC_init(mac->ctx, NULL, 0, NULL) == 1;
}

static void mac_free(mac_t *mac)
{
	/* the context wipes its copy of the key */
	EVP_MAC_CTX_free(mac->ctx);
}

typedef struct private_signer_t {
	signer_t public;
	mac_t mac;
	/** truncated length */
	size_t trunc;
} private_signer_t;

static bool signer_get_signature(signer_t *public, chunk_t data, uint8_t *buffer)
{
	private_signer_t *this = (private_signer_t *)public;
	uint8_t full[MAC_MAX_LEN];
	bool ok;

	if (!buffer) {
		return mac_run(&this->mac, data, NULL);
	}
	ok = mac_run(&this->mac, data, full);
	if (ok) {
		memcpy(buffer, full, this->trunc);
	}
	memwipe(full, sizeof(full));
	return ok;
}

static bool signer_allocate_signature(signer_t *public, chunk_t data,
				      chunk_t *signature)
{
	private_signer_t *this = (private_signer_t *)public;
	chunk_t sig;

	if (!signature) {
		return mac_run(&this->mac, data, NULL);
	}
	sig = chunk_alloc(this->trunc);
	if (!signer_get_signature(public, data, sig.ptr)) {
		chunk_free(&sig);
		return false;
	}
	*signature = sig;
	return true;
}

static bool signer_verify_signature(signer_t *public, chunk_t data,
				    chunk_t signature)
{
	private_signer_t *this = (private_signer_t *)public;
	uint8_t mac[MAC_MAX_LEN];
	bool ok;

	if (signature.len != this->trunc) {
		/* finish anyway, so earlier pieces do not leak into the next MAC */
		signer_get_signature(public, data, mac);
		memwipe(mac, sizeof(mac));
		return false;
	}
	ok = signer_get_signature(public, data, mac) &&
	     chunk_equals_const(chunk_create(mac, this->trunc), signature);
	memwipe(mac, sizeof(mac));
	return ok;
}

static size_t signer_get_block_size(signer_t *public)
{
	return ((private_signer_t *)public)->trunc;
}

static size_t signer_get_key_size(signer_t *public)
{
	return ((private_signer_t *)public)->mac.key_len;
}

static bool signer_set_key(signer_t *public, chunk_t key)
{
	return mac_set_key(&((private_signer_t *)public)->mac, key);
}

static void signer_destroy(signer_t *public)
{
	private_signer_t *this = (private_signer_t *)public;

	mac_free(&this->mac);
	free(this);
}

/* The MAC behind an integrity algorithm and its truncated length. */
static bool signer_params(integrity_algorithm_t alg, hash_algorithm_t *hash,
			  size_t *trunc)
{
	static const struct {
		integrity_algorithm_t alg;
		hash_algorithm_t hash;
		size_t trunc;
	} map[] = {
		{ AUTH_HMAC_MD5_96, HASH_MD5, 12 },
		{ AUTH_HMAC_MD5_128, HASH_MD5, 16 },
		{ AUTH_HMAC_SHA1_96, HASH_SHA1, 12 },
		{ AUTH_HMAC_SHA1_160, HASH_SHA1, 20 },
		{ AUTH_HMAC_SHA2_256_128, HASH_SHA256, 16 },
		{ AUTH_HMAC_SHA2_384_192, HASH_SHA384, 24 },
		{ AUTH_HMAC_SHA2_512_256, HASH_SHA512, 32 },
		{ AUTH_HMAC_SHA2_256_256, HASH_SHA256, 32 },
		{ AUTH_HMAC_SHA2_384_384, HASH_SHA384, 48 },
		{ AUTH_HMAC_SHA2_512_512, HASH_SHA512, 64 },
		{ AUTH_AES_CMAC_96, HASH_UNKNOWN, 12 },
	};
	size_t i;

	for (i = 0; i < countof(map); i++) {
		if (map[i].alg == alg) {
			*hash = map[i].hash;
			*trunc = map[i].trunc;
			return true;
		}
	}
	return false;
}

signer_t *openssl_hmac_signer_create(integrity_algorithm_t alg)
{
	private_signer_t *this;
	hash_algorithm_t hash;
	size_t trunc;

	if (!signer_params(alg, &hash, &trunc)) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_signer_t){
		.public = {
			.get_signature = signer_get_signature,
			.allocate_signature = signer_allocate_signature,
			.verify_signature = signer_verify_signature,
			.get_block_size = signer_get_block_size,
			.get_key_size = signer_get_key_size,
			.set_key = signer_set_key,
			.destroy = signer_destroy,
		},
		.trunc = trunc,
	};
	if (!mac_init(&this->mac, hash) || this->trunc > this->mac.out_len) {
		signer_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}

typedef struct private_prf_t {
	prf_t public;
	mac_t mac;
} private_prf_t;

static bool prf_get_bytes(prf_t *public, chunk_t seed, uint8_t *buffer)
{
	return mac_run(&((private_prf_t *)public)->mac, seed, buffer);
}

static bool prf_allocate_bytes(prf_t *public, chunk_t seed, chunk_t *out)
{
	private_prf_t *this = (private_prf_t *)public;
	chunk_t result;

	if (!out) {
		return mac_run(&this->mac, seed, NULL);
	}
	result = chunk_alloc(this->mac.out_len);
	if (!mac_run(&this->mac, seed, result.ptr)) {
		chunk_clear(&result);
		return false;
	}
	*out = result;
	return true;
}

static size_t prf_get_block_size(prf_t *public)
{
	return ((private_prf_t *)public)->mac.out_len;
}

static size_t prf_get_key_size(prf_t *public)
{
	return ((private_prf_t *)public)->mac.key_len;
}

static bool prf_set_key(prf_t *public, chunk_t key)
{
	private_prf_t *this = (private_prf_t *)public;
	uint8_t derived[CMAC_KEY_LEN];
	bool ok;

	if (!this->mac.cmac || key.len == CMAC_KEY_LEN) {
		return mac_set_key(&this->mac, key);
	}
	/* RFC 4615 §3: other key lengths become AES-CMAC(0^128, key) */
	memset(derived, 0, sizeof(derived));
	ok = mac_set_key(&this->mac, chunk_from_thing(derived)) &&
	     mac_run(&this->mac, key, derived) &&
	     mac_set_key(&this->mac, chunk_from_thing(derived));
	memwipe(derived, sizeof(derived));
	return ok;
}

static void prf_destroy(prf_t *public)
{
	private_prf_t *this = (private_prf_t *)public;

	mac_free(&this->mac);
	free(this);
}

prf_t *openssl_hmac_prf_create(pseudo_random_function_t alg)
{
	private_prf_t *this;
	hash_algorithm_t hash;

	switch (alg) {
	case PRF_HMAC_MD5:
		hash = HASH_MD5;
		break;
	case PRF_HMAC_SHA1:
		hash = HASH_SHA1;
		break;
	case PRF_HMAC_SHA2_256:
		hash = HASH_SHA256;
		break;
	case PRF_HMAC_SHA2_384:
		hash = HASH_SHA384;
		break;
	case PRF_HMAC_SHA2_512:
		hash = HASH_SHA512;
		break;
	case PRF_AES128_CMAC:
		hash = HASH_UNKNOWN;
		break;
	default:
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_prf_t){
		.public = {
			.get_bytes = prf_get_bytes,
			.allocate_bytes = prf_allocate_bytes,
			.get_block_size = prf_get_block_size,
			.get_key_size = prf_get_key_size,
			.set_key = prf_set_key,
			.destroy = prf_destroy,
		},
	};
	if (!mac_init(&this->mac, hash)) {
		prf_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
