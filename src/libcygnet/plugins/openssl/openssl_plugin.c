/*
 * The openssl plugin only wires features to constructors; each algorithm
 * family lives in its own file. OpenSSL 3 initialises itself on first use,
 * so there is nothing to set up here.
 */
#include "openssl_plugin.h"
#include "openssl_crypter.h"
#include "openssl_aead.h"
#include "openssl_hasher.h"
#include "openssl_hmac.h"
#include "openssl_ke.h"
#include "openssl_rng.h"
#include "openssl_pkey.h"
#include "openssl_cert.h"

#define CRYPTER(alg, size) \
	{ .provides = FEATURE_ID_KEY(FEATURE_CRYPTER, alg, size), \
	  .constructor = (void *)openssl_crypter_create }
#define AEAD(alg, size) \
	{ .provides = FEATURE_ID_KEY(FEATURE_AEAD, alg, size), \
	  .constructor = (void *)openssl_aead_create }
#define HASHER(alg) \
	{ .provides = FEATURE_ID(FEATURE_HASHER, alg), \
	  .constructor = (void *)openssl_hasher_create }
#define SIGNER(alg) \
	{ .provides = FEATURE_ID(FEATURE_SIGNER, alg), \
	  .constructor = (void *)openssl_hmac_signer_create }
#define PRF(alg) \
	{ .provides = FEATURE_ID(FEATURE_PRF, alg), \
	  .constructor = (void *)openssl_hmac_prf_create }
/* key pairs come from OpenSSL's own DRBG, but a daemon without a strong
 * RNG feature is misconfigured, so say so through the dependency */
#define KE(alg, ctor) \
	{ .provides = FEATURE_ID(FEATURE_KE, alg), \
	  .constructor = (void *)(ctor), \
	  .depends = { FEATURE_ID(FEATURE_RNG, RNG_STRONG) } }
#define RNG(quality) \
	{ .provides = FEATURE_ID(FEATURE_RNG, quality), \
	  .constructor = (void *)openssl_rng_create }

#define PRIVKEY(type) CRED_FEATURE(FEATURE_PRIVKEY, type, openssl_private_key_load)
#define PUBKEY(type) CRED_FEATURE(FEATURE_PUBKEY, type, openssl_public_key_load)
#define SIGN(scheme) { .provides = FEATURE_ID(FEATURE_PRIVKEY_SIGN, scheme) }
#define VERIFY(scheme) { .provides = FEATURE_ID(FEATURE_PUBKEY_VERIFY, scheme) }

/* Key sizes are cipher key bytes, without AES-CTR nonce or AEAD salt. */
static const plugin_feature_t features[] = {
	RNG(RNG_WEAK),
	RNG(RNG_STRONG),
	RNG(RNG_TRUE),

	CRYPTER(ENCR_AES_CBC, 16),
	CRYPTER(ENCR_AES_CBC, 24),
	CRYPTER(ENCR_AES_CBC, 32),
	CRYPTER(ENCR_AES_CTR, 16),
	CRYPTER(ENCR_AES_CTR, 24),
	CRYPTER(ENCR_AES_CTR, 32),
	CRYPTER(ENCR_3DES, 24),

	AEAD(ENCR_AES_GCM_ICV16, 16),
	AEAD(ENCR_AES_GCM_ICV16, 24),
	AEAD(ENCR_AES_GCM_ICV16, 32),
	AEAD(ENCR_AES_GCM_ICV12, 16),
	AEAD(ENCR_AES_GCM_ICV12, 24),
	AEAD(ENCR_AES_GCM_ICV12, 32),
	AEAD(ENCR_AES_GCM_ICV8, 16),
	AEAD(ENCR_AES_GCM_ICV8, 24),
	AEAD(ENCR_AES_GCM_ICV8, 32),
	AEAD(ENCR_CHACHA20_POLY1305, 32),

	HASHER(HASH_SHA1),
	HASHER(HASH_SHA224),
	HASHER(HASH_SHA256),
	HASHER(HASH_SHA384),
	HASHER(HASH_SHA512),
	HASHER(HASH_MD5),

	SIGNER(AUTH_HMAC_SHA1_96),
	SIGNER(AUTH_HMAC_SHA1_160),
	SIGNER(AUTH_HMAC_SHA2_256_128),
	SIGNER(AUTH_HMAC_SHA2_384_192),
	SIGNER(AUTH_HMAC_SHA2_512_256),
	SIGNER(AUTH_HMAC_SHA2_256_256),
	SIGNER(AUTH_HMAC_SHA2_384_384),
	SIGNER(AUTH_HMAC_SHA2_512_512),
	SIGNER(AUTH_HMAC_MD5_96),
	SIGNER(AUTH_HMAC_MD5_128),
	SIGNER(AUTH_AES_CMAC_96),

	PRF(PRF_HMAC_SHA1),
	PRF(PRF_HMAC_SHA2_256),
	PRF(PRF_HMAC_SHA2_384),
	PRF(PRF_HMAC_SHA2_512),
	PRF(PRF_HMAC_MD5),
	PRF(PRF_AES128_CMAC),

	KE(CURVE_25519, openssl_ke_ecx_create),
	KE(CURVE_448, openssl_ke_ecx_create),
	KE(ECP_256, openssl_ke_ec_create),
	KE(ECP_384, openssl_ke_ec_create),
	KE(ECP_521, openssl_ke_ec_create),
	KE(MODP_2048, openssl_ke_modp_create),
	KE(MODP_3072, openssl_ke_modp_create),
	KE(MODP_4096, openssl_ke_modp_create),
	KE(MODP_6144, openssl_ke_modp_create),
	KE(MODP_8192, openssl_ke_modp_create),
	KE(MODP_1536, openssl_ke_modp_create),
	KE(MODP_1024, openssl_ke_modp_create),

	PRIVKEY(KEY_ANY),
	PRIVKEY(KEY_RSA),
	PRIVKEY(KEY_ECDSA),
	PRIVKEY(KEY_ED25519),
	PRIVKEY(KEY_ED448),
	PUBKEY(KEY_ANY),
	PUBKEY(KEY_RSA),
	PUBKEY(KEY_ECDSA),
	PUBKEY(KEY_ED25519),
	PUBKEY(KEY_ED448),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA1),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_224),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_256),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_384),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_512),
	SIGN(SIGN_RSA_EMSA_PSS),
	SIGN(SIGN_ECDSA_WITH_SHA1_DER),
	SIGN(SIGN_ECDSA_WITH_SHA256_DER),
	SIGN(SIGN_ECDSA_WITH_SHA384_DER),
	SIGN(SIGN_ECDSA_WITH_SHA512_DER),
	SIGN(SIGN_ECDSA_256),
	SIGN(SIGN_ECDSA_384),
	SIGN(SIGN_ECDSA_521),
	SIGN(SIGN_ED25519),
	SIGN(SIGN_ED448),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA1),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_224),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_256),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_384),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_512),
	VERIFY(SIGN_RSA_EMSA_PSS),
	VERIFY(SIGN_ECDSA_WITH_SHA1_DER),
	VERIFY(SIGN_ECDSA_WITH_SHA256_DER),
	VERIFY(SIGN_ECDSA_WITH_SHA384_DER),
	VERIFY(SIGN_ECDSA_WITH_SHA512_DER),
	VERIFY(SIGN_ECDSA_256),
	VERIFY(SIGN_ECDSA_384),
	VERIFY(SIGN_ECDSA_521),
	VERIFY(SIGN_ED25519),
	VERIFY(SIGN_ED448),
	/* certificates need a public key decoder (any plugin's) */
	{ .provides = FEATURE_ID(FEATURE_CERT_DECODE, CERT_X509),
	  .constructor = (void *)openssl_x509_load,
	  .callback = cred_factory_feature_cb,
	  .depends = { FEATURE_ID(FEATURE_PUBKEY, KEY_ANY) } },
	{ .provides = FEATURE_ID(FEATURE_CERT_DECODE, CERT_X509_CRL),
	  .constructor = (void *)openssl_crl_load,
	  .callback = cred_factory_feature_cb },
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "pkcs12"),
	  .constructor = (void *)openssl_pkcs12_load,
	  .callback = cred_factory_feature_cb },
};

static const char *get_name(plugin_t *public)
{
	return "openssl";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	free(public);
}

plugin_t *openssl_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
