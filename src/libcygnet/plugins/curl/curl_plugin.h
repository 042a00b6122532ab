/**
 * @file curl_plugin.h
 * The curl plugin: an HTTP(S) fetcher (credentials/fetcher.h) on libcurl.
 */
#ifndef CYGNET_CURL_PLUGIN_H
#define CYGNET_CURL_PLUGIN_H

#include "plugins/plugin.h"

/** Create the plugin (the loader's entry point). */
plugin_t *curl_plugin_create(void);

#endif
