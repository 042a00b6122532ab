/**
 * @file revocation_plugin.h
 * The revocation plugin: fetches CRLs from a certificate's distribution
 * points and asks OCSP responders (RFC 6960), as a revocation checker of
 * charon's credential manager.
 */
#ifndef CYGNET_REVOCATION_PLUGIN_H
#define CYGNET_REVOCATION_PLUGIN_H

#include "plugins/plugin.h"

/** Create the plugin (the loader's entry point). */
plugin_t *revocation_plugin_create(void);

#endif
