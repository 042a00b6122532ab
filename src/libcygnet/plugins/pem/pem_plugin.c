/*
 * The pem plugin only wires its decoders; each registers for every
 * subtype (0) since the label, not the caller, says what a block holds.
 */
#include "pem_plugin.h"
#include "pem_builder.h"

static const plugin_feature_t features[] = {
	CRED_FEATURE(FEATURE_PRIVKEY, KEY_ANY, pem_private_key_load),
	CRED_FEATURE(FEATURE_PUBKEY, KEY_ANY, pem_public_key_load),
	CRED_FEATURE(FEATURE_CERT_DECODE, CERT_ANY, pem_cert_load),
};

static const char *get_name(plugin_t *public)
{
	return "pem";
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

plugin_t *pem_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
