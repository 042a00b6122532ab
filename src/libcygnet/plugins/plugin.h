/**
 * @file plugin.h
 * The interface every plugin implements.
 *
 * A plugin is a shared object libcygnet-NAME.so exporting one function
 * `plugin_t *NAME_plugin_create(void)` (dashes in NAME become underscores).
 * Its only job is to list its features: what each provides, what it needs,
 * and the constructor or callback that brings it up. See doc/plugins.md.
 */
#ifndef CYGNET_PLUGIN_H
#define CYGNET_PLUGIN_H

#include "library.h"
#include "plugins/plugin_feature.h"

typedef struct plugin_t plugin_t;

struct plugin_t {
	/** The plugin's name, as in `load =`. */
	const char *(*get_name)(plugin_t *this);
	/** Point @p features at the plugin's static feature table; returns its size. */
	int (*get_features)(plugin_t *this, const plugin_feature_t **features);
	/** Re-read configuration (optional, may be NULL). */
	bool (*reload)(plugin_t *this);
	void (*destroy)(plugin_t *this);
};

/** Signature of the exported constructor. */
typedef plugin_t *(*plugin_constructor_t)(void);

#endif
