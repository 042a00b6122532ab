/**
 * @file random_plugin.h
 * The random plugin: RNGs of every quality from the kernel.
 *
 * Provides FEATURE_RNG for RNG_WEAK, RNG_STRONG and RNG_TRUE.
 */
#ifndef CYGNET_RANDOM_PLUGIN_H
#define CYGNET_RANDOM_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *random_plugin_create(void);

#endif
