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
	openssl_ke_t ke;
	/** OpenSSL algorithm name */
	const char *name;
	/** length of keys and secret */
	size_t len;
} private_ke_t;

static bool ke_get_public_key(key_exchange_t *public, chunk_t *value)
{
	private_ke_t *this = (private_ke_t *)public;
	chunk_t result = chunk_alloc(this->len);
	size_t len = result.len;

	if (EVP_PKEY_get_raw_public_key(this->ke.key, result.ptr, &len) != 1 ||
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

	chunk_clear(&this->ke.secret);
	if (!openssl_ke_check_len(&this->ke, "public", value.len, this->len)) {
		return false;
	}
	peer = EVP_PKEY_new_raw_public_key_ex(NULL, this->name, NULL,
					      value.ptr, value.len);
	return openssl_ke_set_peer(&this->ke, peer, false, "rejected");
}

static bool ke_set_private_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	EVP_PKEY *key;

	if (!openssl_ke_check_len(&this->ke, "private", value.len, this->len)) {
		return false;
	}
	key = EVP_PKEY_new_raw_private_key_ex(NULL, this->name, NULL,
					      value.ptr, value.len);
	return openssl_ke_set_key(&this->ke, key);
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
		.ke = openssl_ke_base(method, ke_get_public_key, ke_set_public_key,
				      ke_set_private_key, openssl_ke_destroy),
		.name = name,
		.len = len,
	};
	this->ke.key = EVP_PKEY_Q_keygen(NULL, NULL, name);
	if (!this->ke.key) {
		DBG1(DBG_LIB, "ke: generating a %s key failed", name);
		openssl_ke_destroy(&this->ke.public);
		return NULL;
	}
	return &this->ke.public;
}
