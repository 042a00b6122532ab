/**
 * @file x509_plugin.h
 * The name strongSwan configurations load for X.509 support. Decoding
 * lives in the openssl plugin; this plugin only states that dependency,
 * so `load = … pem x509 …` keeps working and fails visibly without it.
 */
#ifndef CYGNET_X509_PLUGIN_H
#define CYGNET_X509_PLUGIN_H

#include "plugins/plugin.h"

/** The plugin's exported constructor. */
plugin_t *x509_plugin_create(void);

#endif
