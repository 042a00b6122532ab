/*
 * EdDSA signatures (RFC 8032, PureEdDSA as RFC 8420 uses it in IKEv2): the
 * data is signed as it is, no separate digest.
 */
#include "openssl_pkey.h"

static bool scheme_fits(EVP_PKEY *key, signature_scheme_t scheme)
{
	return (scheme == SIGN_ED25519 && EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519) ||
	       (scheme == SIGN_ED448 && EVP_PKEY_get_base_id(key) == EVP_PKEY_ED448);
}

bool openssl_ed_sign(EVP_PKEY *key, signature_scheme_t scheme,
		     chunk_t data, chunk_t *sig)
{
	return scheme_fits(key, scheme) &&
	       openssl_digest_sign(key, NULL, NULL, NULL, data, sig);
}

bool openssl_ed_verify(EVP_PKEY *key, signature_scheme_t scheme,
		       chunk_t data, chunk_t sig)
{
	return scheme_fits(key, scheme) &&
	       openssl_digest_verify(key, NULL, NULL, NULL, data, sig);
}
