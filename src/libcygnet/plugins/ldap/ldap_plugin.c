/*
 * The ldap plugin: provides FEATURE_FETCHER for ldap:// by registering
 * ldap_fetch() with the fetcher registry.
 */
#include "ldap_plugin.h"
#include "ldap_fetcher.h"

#include <ldap.h>

static bool fetcher_feature(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	if (loading) {
		fetcher_register(feature->provides.name, ldap_fetch, NULL);
	} else {
		fetcher_unregister(ldap_fetch);
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_FETCHER, "ldap://"),
	  .callback = fetcher_feature },
};

static const char *get_name(plugin_t *public)
{
	return "ldap";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	fetcher_unregister(ldap_fetch);
	free(public);
}

plugin_t *ldap_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));
	int version;

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	/* the first libldap call reads ldap.conf into process-wide defaults;
	 * do it here, while the loader runs alone, not in racing fetches */
	if (ldap_get_option(NULL, LDAP_OPT_PROTOCOL_VERSION, &version) !=
	    LDAP_OPT_SUCCESS) {
		DBG1(DBG_LIB, "initialising libldap failed");
		free(this);
		return NULL;
	}
	return this;
}
