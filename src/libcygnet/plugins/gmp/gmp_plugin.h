/**
 * @file gmp_plugin.h
 * RSA keys (PKCS#1 v1.5 and PSS signatures) and MODP key exchange
 * (RFC 3526 groups 14-16) on libgmp: an asymmetric backend without
 * OpenSSL.
 */
#ifndef CYGNET_GMP_PLUGIN_H
#define CYGNET_GMP_PLUGIN_H

#include "plugins/plugin.h"

/** The plugin's exported constructor. */
plugin_t *gmp_plugin_create(void);

#endif
