/*
 * The stroke plugin only wires its feature: bringing it up loads
 * ipsec.secrets and opens the control socket, taking it down closes the
 * socket. The work lives in stroke_socket.c and the command files.
 */
#include <errno.h>
#include <sys/stat.h>

#include "stroke_plugin.h"
#include "stroke_ca.h"
#include "stroke_control.h"
#include "stroke_list.h"
#include "stroke_list_creds.h"
#include "stroke_socket.h"

#include "settings/settings.h"
#include "credentials/certificates/certificate.h"

typedef struct private_stroke_plugin_t {
	plugin_t public;
	stroke_socket_t *socket;
} private_stroke_plugin_t;

static const char *ns(void)
{
	return lib->ns ? lib->ns : "charon";
}

static bool stroke_feature(plugin_t *plugin, const plugin_feature_t *feature,
			   bool loading, void *data)
{
	private_stroke_plugin_t *this = (private_stroke_plugin_t *)plugin;
	settings_t *s = lib->settings;
	char path[512];

	if (!loading) {
		DESTROY_IF(this->socket);
		this->socket = NULL;
		return true;
	}
	/* missing or broken secrets are logged; the socket is still needed
	 * to fix them with `ipsec rereadsecrets` */
	stroke_list_creds_load();
	stroke_list_load_secrets(NULL);
	stroke_control_set_timeout((uint32_t)s->get_int(s, "%s.plugins.stroke.timeout", 0,
							 ns()));
	/* IPSEC_PIDDIR of a fresh instance may not exist yet */
	if (mkdir(library_piddir(), 0755) < 0 && errno != EEXIST) {
		DBG1(DBG_CFG, "stroke: cannot create '%s': %s", library_piddir(), strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/%s", library_piddir(), STROKE_SOCKET_NAME);
	this->socket = stroke_socket_create(path,
		s->get_int(s, "%s.plugins.stroke.max_concurrent", 16, ns()),
		s->get_int(s, "%s.plugins.stroke.read_timeout", 5000, ns()));
	return this->socket != NULL;
}

static const plugin_feature_t features[] = {
	/* the key and certificate decoders, if loaded, come up first */
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "stroke"),
	  .callback = stroke_feature,
	  .sdepends = { FEATURE_ID(FEATURE_PRIVKEY, KEY_ANY),
			FEATURE_ID(FEATURE_CERT_DECODE, CERT_ANY) } },
};

static const char *get_name(plugin_t *public)
{
	return "stroke";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_stroke_plugin_t *this = (private_stroke_plugin_t *)public;

	DESTROY_IF(this->socket);
	stroke_ca_flush();
	free(this);
}

plugin_t *stroke_plugin_create(void)
{
	private_stroke_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (private_stroke_plugin_t){
		.public = {
			.get_name = get_name,
			.get_features = get_features,
			.destroy = destroy,
		},
	};
	return &this->public;
}
