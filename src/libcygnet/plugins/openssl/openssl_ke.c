/*
 * The steps all EVP_PKEY key exchanges share: derivation, and the state
 * around it.
 */
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "openssl_ke.h"

/* True if every byte is zero, in time independent of the contents. */
static bool all_zero(chunk_t data)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < data.len; i++) {
		acc |= data.ptr[i];
	}
	return acc == 0;
}

bool openssl_ke_derive(EVP_PKEY *ours, EVP_PKEY *peer, bool pad,
		       chunk_t *secret)
{
	unsigned int pad_on = 1;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad_on),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY_CTX *ctx;
	chunk_t result = chunk_empty;
	size_t len = 0;
	bool ok = false;

	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, ours, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) != 1 ||
	    (pad && EVP_PKEY_CTX_set_params(ctx, params) != 1)) {
		DBG1(DBG_LIB, "ke: cannot set up key derivation");
		goto out;
	}
	/* validates the peer's key: range and subgroup, or on the curve */
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) != 1) {
		DBG1(DBG_LIB, "ke: peer's public value is invalid");
		goto out;
	}
	if (EVP_PKEY_derive(ctx, NULL, &len) != 1 || len == 0) {
		DBG1(DBG_LIB, "ke: key derivation failed");
		goto out;
	}
	result = chunk_alloc(len);
	if (EVP_PKEY_derive(ctx, result.ptr, &len) != 1) {
		DBG1(DBG_LIB, "ke: key derivation failed");
		goto out;
	}
	result.len = len;
	/* a zero secret means a small-order peer point (RFC 7748 §6.1) */
	if (all_zero(result)) {
		DBG1(DBG_LIB, "ke: shared secret is all zeros, peer value rejected");
		goto out;
	}
	*secret = result;
	result = chunk_empty;
	ok = true;
out:
	if (!ok) {
		/* peers choose these failures; keep them off the thread's queue */
		ERR_clear_error();
	}
	chunk_clear(&result);
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

bool openssl_ke_check_len(openssl_ke_t *this, const char *what, size_t len,
			  size_t need)
{
	if (len != need) {
		DBG1(DBG_LIB, "ke: %s %s value of %zu bytes, need %zu",
		     key_exchange_method_name(this->method), what, len, need);
		return false;
	}
	return true;
}

bool openssl_ke_set_peer(openssl_ke_t *this, EVP_PKEY *peer, bool pad,
			 const char *reason)
{
	bool ok;

	if (!peer) {
		DBG1(DBG_LIB, "ke: %s public value %s",
		     key_exchange_method_name(this->method), reason);
		ERR_clear_error();
		return false;
	}
	ok = openssl_ke_derive(this->key, peer, pad, &this->secret);
	EVP_PKEY_free(peer);
	return ok;
}

bool openssl_ke_set_key(openssl_ke_t *this, EVP_PKEY *key)
{
	if (!key) {
		DBG1(DBG_LIB, "ke: %s private value rejected",
		     key_exchange_method_name(this->method));
		return false;
	}
	EVP_PKEY_free(this->key);
	this->key = key;
	chunk_clear(&this->secret);
	return true;
}

openssl_ke_t openssl_ke_base(key_exchange_method_t method,
	bool (*get_public)(key_exchange_t *this, chunk_t *value),
	bool (*set_public)(key_exchange_t *this, chunk_t value),
	bool (*set_private)(key_exchange_t *this, chunk_t value),
	void (*destroy)(key_exchange_t *this))
{
	return (openssl_ke_t){
		.public = {
			.get_public_key = get_public,
			.set_public_key = set_public,
			.get_shared_secret = openssl_ke_get_shared_secret,
			.set_private_key = set_private,
			.get_method = openssl_ke_get_method,
			.destroy = destroy,
		},
		.method = method,
	};
}

bool openssl_ke_get_shared_secret(key_exchange_t *public, chunk_t *secret)
{
	openssl_ke_t *this = (openssl_ke_t *)public;

	if (chunk_is_empty(this->secret)) {
		DBG1(DBG_LIB, "ke: no %s shared secret yet",
		     key_exchange_method_name(this->method));
		return false;
	}
	*secret = chunk_clone(this->secret);
	return true;
}

key_exchange_method_t openssl_ke_get_method(key_exchange_t *public)
{
	return ((openssl_ke_t *)public)->method;
}

void openssl_ke_destroy(key_exchange_t *public)
{
	openssl_ke_t *this = (openssl_ke_t *)public;

	chunk_clear(&this->secret);
	EVP_PKEY_free(this->key);
	free(this);
}
