/**
 * @file pem_plugin.h
 * PEM armor (RFC 7468) for keys, certificates and CRLs: unwraps the
 * base64 and hands the DER to the decoders other plugins registered.
 */
#ifndef CYGNET_PEM_PLUGIN_H
#define CYGNET_PEM_PLUGIN_H

#include "plugins/plugin.h"

/** The plugin's exported constructor. */
plugin_t *pem_plugin_create(void);

#endif
