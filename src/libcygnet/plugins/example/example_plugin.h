/**
 * @file example_plugin.h
 * The example plugin: a template for new plugins (see doc/plugins.md).
 *
 * Provides FEATURE_CUSTOM "example", whose callback logs and records in the
 * settings that it came up (NS.plugins.example.loaded = yes, and no again
 * when unloaded). A second feature, CUSTOM "example-extra", depends on
 * CUSTOM "example-missing", which nothing provides: the loader disables it
 * and logs why, while "example" stays up.
 */
#ifndef CYGNET_EXAMPLE_PLUGIN_H
#define CYGNET_EXAMPLE_PLUGIN_H

#include "plugins/plugin.h"

/**
 * The exported constructor. The loader finds it by name: plugin NAME
 * exports NAME_plugin_create, with dashes in NAME turned into underscores.
 */
plugin_t *example_plugin_create(void);

#endif
