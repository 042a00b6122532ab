/*
 * The random plugin only wires features; the RNG is in random_rng.c.
 */
#include "random_plugin.h"
#include "random_rng.h"

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID(FEATURE_RNG, RNG_WEAK),
	  .constructor = (void *)random_rng_create },
	{ .provides = FEATURE_ID(FEATURE_RNG, RNG_STRONG),
	  .constructor = (void *)random_rng_create },
	{ .provides = FEATURE_ID(FEATURE_RNG, RNG_TRUE),
	  .constructor = (void *)random_rng_create },
};

static const char *get_name(plugin_t *this)
{
	return "random";
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

plugin_t *random_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
