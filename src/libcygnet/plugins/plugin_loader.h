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
	 * Load the plugins named in the space-separated @p list, then bring up
	 * their features in dependency order.
	 *
	 * Static plugins (add_static()) are found first, then
	 * DIR/libcygnet-NAME.so in each directory of the colon-separated
	 * @p path (NULL: the CYGNET_PLUGINDIR environment variable, else
	 * PLUGINDIR). A plugin that is missing or fails to load, and a feature
	 * whose hard dependencies stay unmet, are logged and skipped; the rest
	 * still load. May be called again to add plugins; features left with
	 * unmet dependencies are then retried.
	 *
	 * A name ending in '!' is critical: if that plugin fails to load or any
	 * of its features stays disabled, load() returns false (after
	 * processing the whole list).
	 *
	 * @return		false if a critical plugin failed
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
	 * (const plugin_feature_t **feature, bool *loaded). The inner
	 * enumerator belongs to the outer one: do not destroy it, and use it
	 * only until the next call to the outer enumerate().
	 */
	enumerator_t *(*create_plugin_enumerator)(plugin_loader_t *this);

	/** Space-separated names of the loaded plugins, in load order ("" if
	 *  none); valid until the next load() or unload(). */
	const char *(*loaded_plugins)(plugin_loader_t *this);

	/**
	 * Bring features down in reverse order (callbacks with loading false,
	 * crypto constructors removed from lib->crypto), then destroy and close
	 * the plugins in reverse load order. The loader may be used again.
	 */
	void (*unload)(plugin_loader_t *this);

	void (*destroy)(plugin_loader_t *this);
};

plugin_loader_t *plugin_loader_create(void);

#endif
