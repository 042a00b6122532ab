/*
 * The curl plugin: provides FEATURE_FETCHER for http:// and https:// by
 * registering curl_fetch() with the fetcher registry.
 */
#include "curl_plugin.h"
#include "curl_fetcher.h"

#include <curl/curl.h>

typedef struct private_curl_plugin_t {
	plugin_t public;
	bool global_init;
} private_curl_plugin_t;

static bool fetcher_feature(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	if (loading) {
		fetcher_register(feature->provides.name, curl_fetch, NULL);
	} else {
		fetcher_unregister(curl_fetch);
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_FETCHER, "http://"),
	  .callback = fetcher_feature },
	{ .provides = FEATURE_ID_NAME(FEATURE_FETCHER, "https://"),
	  .callback = fetcher_feature },
};

static const char *get_name(plugin_t *public)
{
	return "curl";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_curl_plugin_t *this = (private_curl_plugin_t *)public;

	fetcher_unregister(curl_fetch);
	if (this->global_init) {
		curl_global_cleanup();
	}
	free(this);
}

plugin_t *curl_plugin_create(void)
{
	private_curl_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (private_curl_plugin_t){
		.public = {
			.get_name = get_name,
			.get_features = get_features,
			.destroy = destroy,
		},
	};
	/* not thread safe, so done here while the loader runs alone */
	this->global_init = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!this->global_init) {
		DBG1(DBG_LIB, "curl_global_init() failed");
		free(this);
		return NULL;
	}
	return &this->public;
}
