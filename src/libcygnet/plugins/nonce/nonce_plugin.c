/*
 * The nonce plugin only wires its feature; the generator is in
 * nonce_nonceg.c.
 */
#include "nonce_plugin.h"
#include "nonce_nonceg.h"

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID(FEATURE_NONCE_GEN, 0),
	  .constructor = (void *)nonce_nonceg_create,
	  .depends = { FEATURE_ID(FEATURE_RNG, RNG_WEAK) } },
};

static const char *get_name(plugin_t *this)
{
	return "nonce";
}

static int get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *this)
{
	free(this);
}

plugin_t *nonce_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
