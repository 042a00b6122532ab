/**
 * @file nonce_plugin.h
 * The nonce plugin: FEATURE_NONCE_GEN over any RNG (depends on
 * FEATURE_RNG RNG_WEAK, which a stronger RNG also satisfies).
 */
#ifndef CYGNET_NONCE_PLUGIN_H
#define CYGNET_NONCE_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *nonce_plugin_create(void);

#endif
