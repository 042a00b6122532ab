/*
 * The gmp plugin only wires features: RSA keys through the credential
 * factory, MODP groups through the crypto factory. Signing needs hashes
 * and randomness from another plugin, hence the dependencies.
 */
#include "gmp_plugin.h"
#include "gmp_rsa.h"
#include "gmp_ke_modp.h"

/* The key constructors do not depend on hashers, so that they register in
 * `load =` order (a dependency would let a later plugin's come up first);
 * the schemes, which really hash, do. */
#define SIGN(scheme, hash) { .provides = FEATURE_ID(FEATURE_PRIVKEY_SIGN, scheme), \
		.depends = { FEATURE_ID(FEATURE_PRIVKEY, KEY_RSA), \
			     FEATURE_ID(FEATURE_HASHER, hash) } }
#define VERIFY(scheme, hash) { .provides = FEATURE_ID(FEATURE_PUBKEY_VERIFY, scheme), \
		.depends = { FEATURE_ID(FEATURE_PUBKEY, KEY_RSA), \
			     FEATURE_ID(FEATURE_HASHER, hash) } }
#define KE(method) { .provides = FEATURE_ID(FEATURE_KE, method), \
		     .constructor = (void *)gmp_ke_modp_create, \
		     .depends = { FEATURE_ID(FEATURE_RNG, RNG_STRONG) } }

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID(FEATURE_PRIVKEY, KEY_RSA),
	  .constructor = (void *)gmp_rsa_private_key_load,
	  .callback = cred_factory_feature_cb },
	{ .provides = FEATURE_ID(FEATURE_PUBKEY, KEY_RSA),
	  .constructor = (void *)gmp_rsa_public_key_load,
	  .callback = cred_factory_feature_cb },
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA1, HASH_SHA1),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_224, HASH_SHA224),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_256, HASH_SHA256),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_384, HASH_SHA384),
	SIGN(SIGN_RSA_EMSA_PKCS1_SHA2_512, HASH_SHA512),
	SIGN(SIGN_RSA_EMSA_PSS, HASH_SHA256),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA1, HASH_SHA1),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_224, HASH_SHA224),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_256, HASH_SHA256),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_384, HASH_SHA384),
	VERIFY(SIGN_RSA_EMSA_PKCS1_SHA2_512, HASH_SHA512),
	VERIFY(SIGN_RSA_EMSA_PSS, HASH_SHA256),
	KE(MODP_2048),
	KE(MODP_3072),
	KE(MODP_4096),
};

static const char *get_name(plugin_t *public)
{
	return "gmp";
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

plugin_t *gmp_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
