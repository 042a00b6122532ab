/*
 * The example plugin: the smallest useful plugin, meant to be copied.
 *
 * A plugin's main file only describes features; real work (an algorithm,
 * a kernel interface) belongs in files of its own. Nothing here runs at
 * dlopen() time: the loader calls example_plugin_create(), reads the
 * feature table, and calls each feature's callback once its dependencies
 * are up.
 */
#include "example_plugin.h"
#include "settings/settings.h"
#include "crypto/crypto_factory.h"

/*
 * A private struct embedding the public interface first, so the loader's
 * plugin_t pointer can be cast back. This plugin keeps no state, but most
 * real ones do (a socket, a list of registered objects, …).
 */
typedef struct private_example_plugin_t {
	plugin_t public;
} private_example_plugin_t;

/* Settings live under the daemon's namespace, "charon.plugins.example.*". */
static const char *ns(void)
{
	return lib->ns ? lib->ns : "charon";
}

/*
 * Feature callback: called with loading = true once the feature's hard
 * dependencies are up (returning false disables the feature), and with
 * loading = false when the plugins are unloaded, in reverse order. @p data
 * is the feature table's .data, here the name of the flag to record.
 */
static bool example_feature(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	const char *flag = data;
	nonce_gen_t *nonceg;
	chunk_t id;
	char *hex;

	DBG1(DBG_LIB, "example plugin: feature '%s' %s, says: %s", flag,
	     loading ? "loaded" : "unloaded",
	     lib->settings->get_str(lib->settings, "%s.plugins.example.message",
				    "hello", ns()));
	lib->settings->set_str(lib->settings, "%s.plugins.example.%s",
			       loading ? "yes" : "no", ns(), flag);

	/* The soft dependency on NONCE_GEN guarantees that, if the nonce
	 * plugin is loaded at all, its generator is up before we are. Without
	 * it we still work, we just skip this. */
	if (loading && lib->crypto->supports(lib->crypto, CRYPTO_NONCE_GEN, 0))
	{
		nonceg = lib->crypto->create_nonce_gen(lib->crypto);
		if (nonceg && nonceg->allocate_nonce(nonceg, 8, &id))
		{
			hex = chunk_to_hex(id, false);
			lib->settings->set_str(lib->settings,
					       "%s.plugins.example.instance", hex,
					       ns());
			free(hex);
			chunk_free(&id);
		}
		DESTROY_IF(nonceg);
	}
	return true;
}

/*
 * The feature table. It is static and constant: the loader keeps pointers
 * into it for as long as the plugin is loaded.
 */
static const plugin_feature_t features[] = {
	/* Always comes up: no hard dependencies, one soft one (ordering). */
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "example"),
	  .callback = example_feature,
	  .data = "loaded",
	  .sdepends = { FEATURE_ID(FEATURE_NONCE_GEN, 0) } },
	/* Never comes up: nothing provides "example-missing". The loader logs
	 * "feature CUSTOM:example-extra in plugin 'example' has unmet
	 * dependency: CUSTOM:example-missing" and never calls the callback. */
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "example-extra"),
	  .callback = example_feature,
	  .data = "extra",
	  .depends = { FEATURE_ID_NAME(FEATURE_CUSTOM, "example-missing") } },
};

static const char *get_name(plugin_t *public)
{
	return "example";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_example_plugin_t *this = (private_example_plugin_t *)public;

	free(this);
}

/* Keep the constructor cheap and side-effect free: the callbacks do the
 * work, once the loader knows what is available. */
plugin_t *example_plugin_create(void)
{
	private_example_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (private_example_plugin_t){
		.public = {
			.get_name = get_name,
			.get_features = get_features,
			.destroy = destroy,
		},
	};
	return &this->public;
}
