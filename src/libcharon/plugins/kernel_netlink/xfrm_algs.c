/*
 * Algorithm names of the Linux crypto API for ESP. The ICV and truncation
 * lengths follow the IKEv2 transform IDs: RFC 4106 (GCM), RFC 4309 (CCM),
 * RFC 4543 (GMAC), RFC 7634 (ChaCha20-Poly1305), RFC 3686 (CTR),
 * RFC 4868 (HMAC-SHA-2: half the hash), RFC 2404/2403 (96 bits),
 * RFC 3566 (XCBC), RFC 4494 (CMAC).
 */
#include "xfrm_algs.h"

typedef struct {
	uint16_t alg;
	xfrm_enc_alg_t xfrm;
} enc_entry_t;

typedef struct {
	uint16_t alg;
	xfrm_int_alg_t xfrm;
} int_entry_t;

static const enc_entry_t enc_algs[] = {
	{ ENCR_AES_GCM_ICV8,	{ "rfc4106(gcm(aes))", true, 64, 4 } },
	{ ENCR_AES_GCM_ICV12,	{ "rfc4106(gcm(aes))", true, 96, 4 } },
	{ ENCR_AES_GCM_ICV16,	{ "rfc4106(gcm(aes))", true, 128, 4 } },
	{ ENCR_AES_CCM_ICV8,	{ "rfc4309(ccm(aes))", true, 64, 3 } },
	{ ENCR_AES_CCM_ICV12,	{ "rfc4309(ccm(aes))", true, 96, 3 } },
	{ ENCR_AES_CCM_ICV16,	{ "rfc4309(ccm(aes))", true, 128, 3 } },
	{ ENCR_NULL_AUTH_AES_GMAC, { "rfc4543(gcm(aes))", true, 128, 4 } },
	{ ENCR_CHACHA20_POLY1305, { "rfc7539esp(chacha20,poly1305)", true, 128, 4 } },
	{ ENCR_AES_CBC,		{ "cbc(aes)", false, 0, 0 } },
	{ ENCR_AES_CTR,		{ "rfc3686(ctr(aes))", false, 0, 4 } },
	{ ENCR_CAMELLIA_CBC,	{ "cbc(camellia)", false, 0, 0 } },
	{ ENCR_3DES,		{ "cbc(des3_ede)", false, 0, 0 } },
	{ ENCR_NULL,		{ "ecb(cipher_null)", false, 0, 0 } },
};

static const int_entry_t int_algs[] = {
	{ AUTH_HMAC_SHA2_256_128, { "hmac(sha256)", 128 } },
	{ AUTH_HMAC_SHA2_384_192, { "hmac(sha384)", 192 } },
	{ AUTH_HMAC_SHA2_512_256, { "hmac(sha512)", 256 } },
	{ AUTH_HMAC_SHA1_96,	{ "hmac(sha1)", 96 } },
	{ AUTH_HMAC_SHA1_160,	{ "hmac(sha1)", 160 } },
	{ AUTH_HMAC_MD5_96,	{ "hmac(md5)", 96 } },
	{ AUTH_HMAC_MD5_128,	{ "hmac(md5)", 128 } },
	{ AUTH_AES_XCBC_96,	{ "xcbc(aes)", 96 } },
	{ AUTH_AES_CMAC_96,	{ "cmac(aes)", 96 } },
	{ AUTH_HMAC_SHA2_256_256, { "hmac(sha256)", 256 } },
	{ AUTH_HMAC_SHA2_384_384, { "hmac(sha384)", 384 } },
	{ AUTH_HMAC_SHA2_512_512, { "hmac(sha512)", 512 } },
};

const xfrm_enc_alg_t *xfrm_enc_alg(uint16_t alg)
{
	size_t i;

	for (i = 0; i < countof(enc_algs); i++) {
		if (enc_algs[i].alg == alg) {
			return &enc_algs[i].xfrm;
		}
	}
	return NULL;
}

const xfrm_int_alg_t *xfrm_int_alg(uint16_t alg)
{
	size_t i;

	for (i = 0; i < countof(int_algs); i++) {
		if (int_algs[i].alg == alg) {
			return &int_algs[i].xfrm;
		}
	}
	return NULL;
}
