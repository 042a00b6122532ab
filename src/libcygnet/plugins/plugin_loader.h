/**
 * @file plugin_loader.h
 * Loads plugins in the order `load =` names them and brings up their
 * features in dependency order. A missing plugin or a feature with unmet
 * dependencies is logged and skipped; the rest still load.
 */
#ifndef CYGNET_PLUGIN_LOADER_H
#define CYGNET_PLUGIN_LOADER_H

#include "library.h"
#include "collections/enumerator.h"
#include "plugins/plugin.h"

struct plugin_loader_t {
	/**
	 * Load the plugins named in the space-separated @p list from @p path
	 * (NULL = PLUGINDIR, or the CYGNET_PLUGINDIR environment variable), then
	 * bring up their features. A name ending in '!' is critical: if it fails
	 * to load, load() returns false.
	 */
	bool (*load)(plugin_loader_t *this, const char *path, const char *list);

	/**
	 * Add a plugin built into the program itself (a constructor instead of
	 * a file); call before load().
	 */
	void (*add_static)(plugin_loader_t *this, const char *name,
			   plugin_constructor_t constructor);

	/** True if a loaded feature provides @p id. */
	bool (*has_feature)(plugin_loader_t *this, feature_id_t id);

	/**
	 * Enumerate loaded plugins: enumerate(e, plugin_t **plugin,
	 * enumerator_t **features) where the inner enumerator yields
	 * (const plugin_feature_t **feature, bool *loaded).
	 */
	enumerator_t *(*create_plugin_enumerator)(plugin_loader_t *this);

	/** Space-separated names of the loaded plugins. */
	const char *(*loaded_plugins)(plugin_loader_t *this);

	/** Unload features in reverse order and close the plugins. */
	void (*unload)(plugin_loader_t *this);

	void (*destroy)(plugin_loader_t *this);
};

plugin_loader_t *plugin_loader_create(void);

#endif
