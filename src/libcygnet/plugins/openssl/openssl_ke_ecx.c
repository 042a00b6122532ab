/*
 * X25519 and X448 (RFC 7748) for IKEv2 (RFC 8031): public values and the
 * shared secret are the raw little-endian strings of RFC 7748. A secret of
 * all zeros means the peer sent a small-order point; it is rejected
 * (RFC 8031 §2, checked in openssl_ke_derive()).
 */
#include <openssl/err.h>
#include <openssl/evp.h>

#include "openssl_ke.h"

typedef struct private_ke_t {
	key_exchange_t public;
	key_exchange_method_t method;
	/** OpenSSL algorithm name */
	const char *name;
	/** length of keys and secret */
	size_t len;
	EVP_PKEY *key;
	chunk_t secret;
} private_ke_t;

static bool ke_get_public_key(key_exchange_t *public, chunk_t *value)
{
	private_ke_t *this = (private_ke_t *)public;
	chunk_t result = chunk_alloc(this->len);
	size_t len = result.len;

	if (EVP_PKEY_get_raw_public_key(this->key, result.ptr, &len) != 1 ||
	    len != this->len) {
		chunk_free(&result);
		return false;
	}
	*value = result;
	return true;
}

static bool ke_set_public_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	EVP_PKEY *peer;
	bool ok;

	chunk_clear(&this->secret);
	if (value.len != this->len) {
		DBG1(DBG_LIB, "ke: %s public value of %zu bytes, need %zu",
		     key_exchange_method_name(this->method), value.len, this->len);
		return false;
	}
	peer = EVP_PKEY_new_raw_public_key_ex(NULL, this->name, NULL,
					      value.ptr, value.len);
	if (!peer) {
		DBG1(DBG_LIB, "ke: %s public value rejected",
		     key_exchange_method_name(this->method));
		ERR_clear_error();
		return false;
	}
	ok = openssl_ke_derive(this->key, peer, false, &this->secret);
	EVP_PKEY_free(peer);
	return ok;
}

static bool ke_get_shared_secret(key_exchange_t *public, chunk_t *secret)
{
	private_ke_t *this = (private_ke_t *)public;

	if (chunk_is_empty(this->secret)) {
		DBG1(DBG_LIB, "ke: no %s shared secret yet",
		     key_exchange_method_name(this->method));
		return false;
	}
	*secret = chunk_clone(this->secret);
	return true;
}

static bool ke_set_private_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	EVP_PKEY *key;

	if (value.len != this->len) {
		DBG1(DBG_LIB, "ke: %s private value of %zu bytes, need %zu",
		     key_exchange_method_name(this->method), value.len, this->len);
		return false;
	}
	key = EVP_PKEY_new_raw_private_key_ex(NULL, this->name, NULL,
					      value.ptr, value.len);
	if (!key) {
		return false;
	}
	EVP_PKEY_free(this->key);
	this->key = key;
	chunk_clear(&this->secret);
	return true;
}

static key_exchange_method_t ke_get_method(key_exchange_t *public)
{
	return ((private_ke_t *)public)->method;
}

static void ke_destroy(key_exchange_t *public)
{
	private_ke_t *this = (private_ke_t *)public;

	chunk_clear(&this->secret);
	EVP_PKEY_free(this->key);
	free(this);
}

key_exchange_t *openssl_ke_ecx_create(key_exchange_method_t method)
{
	private_ke_t *this;
	const char *name;
	size_t len;

	switch (method) {
	case CURVE_25519:
		name = "X25519";
		len = 32;
		break;
	case CURVE_448:
		name = "X448";
		len = 56;
		break;
	default:
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_ke_t){
		.public = {
			.get_public_key = ke_get_public_key,
			.set_public_key = ke_set_public_key,
			.get_shared_secret = ke_get_shared_secret,
			.set_private_key = ke_set_private_key,
			.get_method = ke_get_method,
			.destroy = ke_destroy,
		},
		.method = method,
		.name = name,
		.len = len,
	};
	this->key = EVP_PKEY_Q_keygen(NULL, NULL, name);
	if (!this->key) {
		DBG1(DBG_LIB, "ke: generating a %s key failed", name);
		ke_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
