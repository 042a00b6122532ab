/**
 * @file socket_default_plugin.h
 * The socket-default plugin: IKE over UDP with the BSD socket API.
 *
 * Provides FEATURE_CUSTOM "socket": loading it opens the sockets
 * (socket_default_socket.h) and registers them with socket_register().
 */
#ifndef SOCKET_DEFAULT_PLUGIN_H
#define SOCKET_DEFAULT_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *socket_default_plugin_create(void);

#endif
