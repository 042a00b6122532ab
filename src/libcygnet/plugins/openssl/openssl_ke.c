/*
 * The derivation step all EVP_PKEY key exchanges share.
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
