/*
 * RSA signatures: RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8) through
 * EVP_DigestSign, with the padding set on the key context.
 */
#include <openssl/rsa.h>

#include "openssl_pkey.h"

/* PSS parameters in OpenSSL's terms */
typedef struct {
	const EVP_MD *mgf1;
	int salt_len;
} pss_setup_t;

static bool setup_pkcs1(EVP_PKEY_CTX *pctx, const void *arg)
{
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
}

static bool setup_pss(EVP_PKEY_CTX *pctx, const void *arg)
{
	const pss_setup_t *pss = arg;

	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, pss->mgf1) > 0 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, pss->salt_len) > 0;
}

/* Translate our PSS parameters; NULL params: SHA-256 both ways. */
static bool pss_params(const rsa_pss_params_t *params, bool signing,
		       const EVP_MD **md, pss_setup_t *setup)
{
	hash_algorithm_t hash = params ? params->hash : HASH_SHA256;
	hash_algorithm_t mgf1 = params && params->mgf1_hash ? params->mgf1_hash : hash;
	ssize_t salt = params ? params->salt_len :
		       (signing ? RSA_PSS_SALT_LEN_DEFAULT : RSA_PSS_SALT_LEN_MAX);

	*md = openssl_md(hash);
	setup->mgf1 = openssl_md(mgf1);
	if (!*md || !setup->mgf1) {
		return false;
	}
	if (salt == RSA_PSS_SALT_LEN_DEFAULT) {
		setup->salt_len = RSA_PSS_SALTLEN_DIGEST;
	} else if (salt == RSA_PSS_SALT_LEN_MAX) {
		/* verifying: take whatever length the signature used */
		setup->salt_len = signing ? RSA_PSS_SALTLEN_MAX : RSA_PSS_SALTLEN_AUTO;
	} else if (salt >= 0 && salt <= 0xffff) {
		setup->salt_len = (int)salt;
	} else {
		return false;
	}
	return true;
}

bool openssl_rsa_sign(EVP_PKEY *key, signature_scheme_t scheme,
		      const void *params, chunk_t data, chunk_t *sig)
{
	const EVP_MD *md;
	pss_setup_t pss;

	if (scheme == SIGN_RSA_EMSA_PSS) {
		if (!pss_params(params, true, &md, &pss)) {
			return false;
		}
		return openssl_digest_sign(key, md, setup_pss, &pss, data, sig);
	}
	md = openssl_md(hash_from_signature_scheme(scheme, NULL));
	return md && openssl_digest_sign(key, md, setup_pkcs1, NULL, data, sig);
}

bool openssl_rsa_verify(EVP_PKEY *key, signature_scheme_t scheme,
			const void *params, chunk_t data, chunk_t sig)
{
	const EVP_MD *md;
	pss_setup_t pss;

	/* RFC 8017 §8.2.2: the signature is exactly as long as the modulus */
	if (sig.len != (size_t)EVP_PKEY_get_size(key)) {
		return false;
	}
	if (scheme == SIGN_RSA_EMSA_PSS) {
		if (!pss_params(params, false, &md, &pss)) {
			return false;
		}
		return openssl_digest_verify(key, md, setup_pss, &pss, data, sig);
	}
	md = openssl_md(hash_from_signature_scheme(scheme, NULL));
	return md && openssl_digest_verify(key, md, setup_pkcs1, NULL, data, sig);
}
