/*
 * `listplugins`: strongSwan prints each plugin, then each feature it
 * provides indented by four spaces and that feature's dependencies by
 * eight. We keep that layout (scripts grep it) and mark features the
 * loader had to disable.
 */
#include "plugins/plugin_list.h"

#include "library.h"
#include "plugins/plugin_loader.h"

static void print_dependencies(FILE *out, const feature_id_t *deps, const char *soft)
{
	char buf[128];

	for (int i = 0; i < FEATURE_MAX_DEPS && deps[i].type != FEATURE_NONE; i++) {
		feature_id_print(&deps[i], buf, sizeof(buf));
		fprintf(out, "        %s%s%s\n", buf, soft,
			lib->plugins->has_feature(lib->plugins, deps[i]) ? "" : " (missing)");
	}
}

void plugin_list_print(FILE *out)
{
	enumerator_t *plugins, *features;
	const plugin_feature_t *feature;
	plugin_t *plugin;
	bool loaded;
	char buf[128];

	fprintf(out, "List of loaded Plugins:\n\n");
	plugins = lib->plugins->create_plugin_enumerator(lib->plugins);
	while (plugins->enumerate(plugins, &plugin, &features)) {
		fprintf(out, "%s:\n", plugin->get_name(plugin));
		while (features->enumerate(features, &feature, &loaded)) {
			feature_id_print(&feature->provides, buf, sizeof(buf));
			fprintf(out, "    %s%s\n", buf, loaded ? "" : " (disabled)");
			print_dependencies(out, feature->depends, "");
			print_dependencies(out, feature->sdepends, " (soft)");
		}
	}
	plugins->destroy(plugins);
}
