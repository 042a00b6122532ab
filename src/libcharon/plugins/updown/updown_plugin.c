/*
 * The updown plugin only wires its feature to the listener in
 * updown_listener.c and picks the default script.
 */
#include <stdio.h>

#include "updown_plugin.h"
#include "updown_listener.h"

#include "daemon.h"
#include "settings/settings.h"

#ifndef IPSEC_DIR
#define IPSEC_DIR "/usr/libexec/ipsec"
#endif

typedef struct private_updown_plugin_t {
	plugin_t public;
	updown_listener_t *listener;
} private_updown_plugin_t;

static void stop(private_updown_plugin_t *this)
{
	if (this->listener) {
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		this->listener->destroy(this->listener);
		this->listener = NULL;
	}
}

static bool register_updown(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	private_updown_plugin_t *this = (private_updown_plugin_t *)plugin;
	const char *dir = getenv("IPSEC_DIR"), *script;
	char path[512];

	if (!loading) {
		stop(this);
		return true;
	}
	if (!charon || !charon->bus) {
		return false;
	}
	snprintf(path, sizeof(path), "%s/_updown", dir && *dir ? dir : IPSEC_DIR);
	script = lib->settings->get_str(lib->settings, "%s.plugins.updown.script", path,
					lib->ns ? lib->ns : "charon");
	this->listener = updown_listener_create(script);
	charon->bus->add_listener(charon->bus, &this->listener->listener);
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "updown"),
	  .callback = register_updown },
};

static const char *get_name(plugin_t *public)
{
	return "updown";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_updown_plugin_t *this = (private_updown_plugin_t *)public;

	/* normally the feature went down first */
	stop(this);
	free(this);
}

plugin_t *updown_plugin_create(void)
{
	private_updown_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (private_updown_plugin_t){
		.public = {
			.get_name = get_name,
			.get_features = get_features,
			.destroy = destroy,
		},
	};
	return &this->public;
}
