/*
 * The socket-default plugin only wires the "socket" feature to the socket
 * in socket_default_socket.c.
 */
#include "socket_default_plugin.h"
#include "socket_default_socket.h"

typedef struct private_plugin_t {
	plugin_t public;
	socket_t *socket;
} private_plugin_t;

static bool register_socket(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	private_plugin_t *this = (private_plugin_t *)plugin;

	if (loading) {
		this->socket = socket_default_socket_create();
		if (!this->socket) {
			return false;
		}
		socket_register(this->socket);
		return true;
	}
	if (this->socket) {
		if (socket_get() == this->socket) {
			socket_register(NULL);
		}
		this->socket->destroy(this->socket);
		this->socket = NULL;
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "socket"),
	  .callback = register_socket },
};

static const char *get_name(plugin_t *this)
{
	return "socket-default";
}

static int get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_plugin_t *this = (private_plugin_t *)public;

	/* normally the feature was brought down first; never leak the socket */
	register_socket(public, NULL, false, NULL);
	free(this);
}

plugin_t *socket_default_plugin_create(void)
{
	private_plugin_t *this = mem_zalloc(sizeof(*this));

	this->public = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return &this->public;
}
