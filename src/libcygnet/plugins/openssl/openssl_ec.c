/*
 * ECDSA signatures. X.509 and RFC 7427 carry the DER Ecdsa-Sig-Value
 * OpenSSL produces; IKEv2 auth methods 9-11 (RFC 4754) carry r and s as
 * fixed-length big-endian integers, each as long as the curve order.
 */
#include <openssl/bn.h>
#include <openssl/ec.h>

#include "openssl_pkey.h"

/* bytes of r or s for the key's curve */
static size_t coord_len(EVP_PKEY *key)
{
	return (EVP_PKEY_get_bits(key) + 7) / 8;
}

/* the fixed-length schemes are tied to one curve each */
static bool curve_fits(EVP_PKEY *key, signature_scheme_t scheme)
{
	int bits = EVP_PKEY_get_bits(key);

	switch (scheme) {
	case SIGN_ECDSA_256:
		return bits == 256;
	case SIGN_ECDSA_384:
		return bits == 384;
	case SIGN_ECDSA_521:
		return bits == 521;
	default:
		return true;
	}
}

static bool is_raw(signature_scheme_t scheme)
{
	return scheme == SIGN_ECDSA_256 || scheme == SIGN_ECDSA_384 ||
	       scheme == SIGN_ECDSA_521;
}

static bool der_to_raw(chunk_t der, size_t len, chunk_t *raw)
{
	const unsigned char *p = der.ptr;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	bool ok;

	sig = d2i_ECDSA_SIG(NULL, &p, der.len);
	if (!sig) {
		return false;
	}
	ECDSA_SIG_get0(sig, &r, &s);
	*raw = chunk_alloc(2 * len);
	ok = BN_bn2binpad(r, raw->ptr, len) == (int)len &&
	     BN_bn2binpad(s, raw->ptr + len, len) == (int)len;
	ECDSA_SIG_free(sig);
	if (!ok) {
		chunk_free(raw);
	}
	return ok;
}

static bool raw_to_der(chunk_t raw, size_t len, chunk_t *der)
{
	ECDSA_SIG *sig;
	BIGNUM *r, *s;
	unsigned char *p;
	int dlen;

	if (raw.len != 2 * len) {
		return false;
	}
	sig = ECDSA_SIG_new();
	r = BN_bin2bn(raw.ptr, len, NULL);
	s = BN_bin2bn(raw.ptr + len, len, NULL);
	if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(sig);
		return false;
	}
	dlen = i2d_ECDSA_SIG(sig, NULL);
	if (dlen <= 0) {
		ECDSA_SIG_free(sig);
		return false;
	}
	*der = chunk_alloc(dlen);
	p = der->ptr;
	i2d_ECDSA_SIG(sig, &p);
	ECDSA_SIG_free(sig);
	return true;
}

bool openssl_ec_sign(EVP_PKEY *key, signature_scheme_t scheme,
		     chunk_t data, chunk_t *sig)
{
	const EVP_MD *md = openssl_md(hash_from_signature_scheme(scheme, NULL));
	chunk_t der;
	bool ok;

	if (!md || !curve_fits(key, scheme) ||
	    !openssl_digest_sign(key, md, NULL, NULL, data, &der)) {
		return false;
	}
	if (!is_raw(scheme)) {
		*sig = der;
		return true;
	}
	ok = der_to_raw(der, coord_len(key), sig);
	chunk_free(&der);
	return ok;
}

bool openssl_ec_verify(EVP_PKEY *key, signature_scheme_t scheme,
		       chunk_t data, chunk_t sig)
{
	const EVP_MD *md = openssl_md(hash_from_signature_scheme(scheme, NULL));
	chunk_t der;
	bool ok;

	if (!md || !curve_fits(key, scheme)) {
		return false;
	}
	if (!is_raw(scheme)) {
		return openssl_digest_verify(key, md, NULL, NULL, data, sig);
	}
	if (!raw_to_der(sig, coord_len(key), &der)) {
		return false;
	}
	ok = openssl_digest_verify(key, md, NULL, NULL, data, der);
	chunk_free(&der);
	return ok;
}
