/*
 * The plugin loader: opens plugins in `load =` order and brings their
 * features up in dependency order.
 *
 * Loading and unloading happen from one thread, at start-up and shutdown;
 * the loader has no lock of its own.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

#include "plugins/plugin_loader.h"
#include "collections/linked_list.h"

/* Longest name and path the loader builds. */
#define NAME_MAX_LEN	64
#define PATH_MAX_LEN	4096

typedef enum feature_state_t {
	/** not looked at yet, or waiting for dependencies */
	STATE_PENDING,
	/** provided */
	STATE_LOADED,
	/** a hard dependency is missing; a later load() may supply it */
	STATE_UNMET,
	/** its callback refused; never retried */
	STATE_FAILED,
} feature_state_t;

typedef struct loaded_plugin_t loaded_plugin_t;

typedef struct feature_entry_t {
	const plugin_feature_t *feature;
	loaded_plugin_t *owner;
	feature_state_t state;
	/** scratch flag of resolve(): could still come up */
	bool viable;
} feature_entry_t;

struct loaded_plugin_t {
	/** the name from `load =`, without '!' */
	char *name;
	plugin_t *plugin;
	/** dlopen() handle, NULL for static plugins */
	void *handle;
	bool critical;
	feature_entry_t *features;
	int count;
};

typedef struct static_plugin_t {
	char *name;
	plugin_constructor_t constructor;
} static_plugin_t;

typedef struct private_plugin_loader_t {
	plugin_loader_t public;
	/** loaded_plugin_t, in load order */
	linked_list_t *plugins;
	/** feature_entry_t, in the order they came up (unload reverses it) */
	linked_list_t *loaded;
	/** static_plugin_t */
	linked_list_t *statics;
	/** cached loaded_plugins() result */
	char *names;
} private_plugin_loader_t;

/* Plugin names become file and symbol names: allow nothing that could
 * escape the plugin directory or the symbol namespace. */
static bool valid_name(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len > NAME_MAX_LEN)
	{
		return false;
	}
	for (i = 0; i < len; i++)
	{
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
		{
			return false;
		}
	}
	return true;
}

static loaded_plugin_t *find_plugin(private_plugin_loader_t *this, const char *name)
{
	enumerator_t *enumerator;
	loaded_plugin_t *entry, *found = NULL;

	enumerator = this->plugins->create_enumerator(this->plugins);
	while (!found && enumerator->enumerate(enumerator, &entry))
	{
		if (streq(entry->name, name))
		{
			found = entry;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static plugin_constructor_t find_static(private_plugin_loader_t *this,
					const char *name)
{
	enumerator_t *enumerator;
	static_plugin_t *entry;
	plugin_constructor_t found = NULL;

	enumerator = this->statics->create_enumerator(this->statics);
	while (!found && enumerator->enumerate(enumerator, &entry))
	{
		if (streq(entry->name, name))
		{
			found = entry->constructor;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/*
 * dlopen() the first DIR/libcygnet-NAME.so that exists along the
 * colon-separated @p path. A file that exists but does not load is an
 * error, not a reason to look further: it would hide a broken install.
 */
static void *open_plugin(const char *path, const char *name)
{
	char file[PATH_MAX_LEN];
	const char *dir = path, *end;
	size_t len;
	void *handle;

	while (dir && *dir)
	{
		end = strchr(dir, ':');
		len = end ? (size_t)(end - dir) : strlen(dir);
		if (len && len < sizeof(file) &&
		    snprintf(file, sizeof(file), "%.*s/libcygnet-%s.so",
			     (int)len, dir, name) < (int)sizeof(file) &&
		    access(file, F_OK) == 0)
		{
			handle = dlopen(file, RTLD_LAZY);
			if (!handle)
			{
				DBG1(DBG_LIB, "plugin '%s' failed to load: %s", name,
				     dlerror());
			}
			return handle;
		}
		dir = end ? end + 1 : NULL;
	}
	DBG1(DBG_LIB, "plugin '%s' not found in %s", name, path);
	return NULL;
}

static plugin_t *create_from_file(const char *path, const char *name,
				  void **handle)
{
	char symbol[NAME_MAX_LEN + sizeof("_plugin_create")], *pos;
	plugin_constructor_t constructor;
	plugin_t *plugin;
	const char *error;

	*handle = open_plugin(path, name);
	if (!*handle)
	{
		return NULL;
	}
	snprintf(symbol, sizeof(symbol), "%s_plugin_create", name);
	for (pos = symbol; *pos; pos++)
	{
		if (*pos == '-')
		{
			*pos = '_';
		}
	}
	dlerror();
	constructor = (plugin_constructor_t)dlsym(*handle, symbol);
	error = dlerror();
	if (!constructor || error)
	{
		DBG1(DBG_LIB, "plugin '%s' failed to load: %s", name,
		     error ? error : "constructor is NULL");
		dlclose(*handle);
		*handle = NULL;
		return NULL;
	}
	plugin = constructor();
	if (!plugin)
	{
		DBG1(DBG_LIB, "plugin '%s' failed to load: its constructor failed",
		     name);
		dlclose(*handle);
		*handle = NULL;
	}
	return plugin;
}

static loaded_plugin_t *load_plugin(private_plugin_loader_t *this,
				    const char *path, const char *name)
{
	const plugin_feature_t *features = NULL;
	plugin_constructor_t constructor;
	loaded_plugin_t *entry;
	plugin_t *plugin;
	void *handle = NULL;
	int i, count = 0;

	if (!valid_name(name))
	{
		DBG1(DBG_LIB, "plugin '%s' failed to load: invalid name", name);
		return NULL;
	}
	constructor = find_static(this, name);
	if (constructor)
	{
		plugin = constructor();
		if (!plugin)
		{
			DBG1(DBG_LIB, "plugin '%s' failed to load: its constructor "
			     "failed", name);
			return NULL;
		}
	}
	else
	{
		plugin = create_from_file(path, name, &handle);
		if (!plugin)
		{
			return NULL;
		}
	}
	if (plugin->get_features)
	{
		count = plugin->get_features(plugin, &features);
	}
	if (count < 0 || !features)
	{
		count = 0;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (loaded_plugin_t){
		.name = str_dup(name),
		.plugin = plugin,
		.handle = handle,
		.count = count,
		.features = mem_zalloc(sizeof(feature_entry_t) * (count ? count : 1)),
	};
	for (i = 0; i < count; i++)
	{
		entry->features[i] = (feature_entry_t){
			.feature = &features[i],
			.owner = entry,
			.state = STATE_PENDING,
		};
	}
	DBG2(DBG_LIB, "plugin '%s' loaded with %d features", name, count);
	return entry;
}

/* Call @p fn on every feature of every plugin, in load and table order;
 * stops when @p fn returns true, and returns that feature. */
static feature_entry_t *each_feature(private_plugin_loader_t *this,
				     bool (*fn)(feature_entry_t *entry, void *data),
				     void *data)
{
	enumerator_t *enumerator;
	loaded_plugin_t *plugin;
	feature_entry_t *found = NULL;
	int i;

	enumerator = this->plugins->create_enumerator(this->plugins);
	while (!found && enumerator->enumerate(enumerator, &plugin))
	{
		for (i = 0; i < plugin->count; i++)
		{
			if (fn(&plugin->features[i], data))
			{
				found = &plugin->features[i];
				break;
			}
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

typedef struct {
	const feature_id_t *want;
	/** also accept pending features flagged viable */
	bool viable;
	/** ignore this entry (a feature cannot wait for itself) */
	feature_entry_t *self;
} provider_query_t;

static bool provides_match(feature_entry_t *entry, void *data)
{
	provider_query_t *query = data;

	if (entry == query->self)
	{
		return false;
	}
	if (entry->state != STATE_LOADED &&
	    !(query->viable && entry->state == STATE_PENDING && entry->viable))
	{
		return false;
	}
	return feature_id_matches(&entry->feature->provides, query->want);
}

static bool is_provided(private_plugin_loader_t *this, const feature_id_t *want,
			bool viable, feature_entry_t *self)
{
	provider_query_t query = { .want = want, .viable = viable, .self = self };

	return each_feature(this, provides_match, &query) != NULL;
}

/* First hard dependency of @p entry that nothing loaded provides. */
static const feature_id_t *unmet_dependency(private_plugin_loader_t *this,
					    feature_entry_t *entry, bool viable)
{
	const feature_id_t *dep;
	int i;

	for (i = 0; i < FEATURE_MAX_DEPS; i++)
	{
		dep = &entry->feature->depends[i];
		if (dep->type == FEATURE_NONE)
		{
			break;
		}
		if (!is_provided(this, dep, viable, NULL))
		{
			return dep;
		}
	}
	return NULL;
}

/*
 * Flag the pending features that could still come up: those whose hard
 * dependencies are met by loaded or (transitively) by such viable features.
 * Grown from nothing, so dependency cycles stay not viable.
 */
static void mark_viable(private_plugin_loader_t *this)
{
	enumerator_t *enumerator;
	loaded_plugin_t *plugin;
	bool changed;
	int i;

	enumerator = this->plugins->create_enumerator(this->plugins);
	while (enumerator->enumerate(enumerator, &plugin))
	{
		for (i = 0; i < plugin->count; i++)
		{
			plugin->features[i].viable = false;
		}
	}
	enumerator->destroy(enumerator);
	do
	{
		changed = false;
		enumerator = this->plugins->create_enumerator(this->plugins);
		while (enumerator->enumerate(enumerator, &plugin))
		{
			for (i = 0; i < plugin->count; i++)
			{
				feature_entry_t *entry = &plugin->features[i];

				if (entry->state == STATE_PENDING && !entry->viable &&
				    !unmet_dependency(this, entry, true))
				{
					entry->viable = true;
					changed = true;
				}
			}
		}
		enumerator->destroy(enumerator);
	}
	while (changed);
}

/* True if a soft dependency is not there yet but a viable feature may
 * still provide it. */
static bool waits_for_soft(private_plugin_loader_t *this, feature_entry_t *entry)
{
	const feature_id_t *dep;
	int i;

	for (i = 0; i < FEATURE_MAX_DEPS; i++)
	{
		dep = &entry->feature->sdepends[i];
		if (dep->type == FEATURE_NONE)
		{
			break;
		}
		if (!is_provided(this, dep, false, NULL) &&
		    is_provided(this, dep, true, entry))
		{
			return true;
		}
	}
	return false;
}

static void feature_name(const plugin_feature_t *feature, char *buf, size_t len)
{
	feature_id_print(&feature->provides, buf, len);
}

static bool bring_up(private_plugin_loader_t *this, feature_entry_t *entry)
{
	const plugin_feature_t *feature = entry->feature;
	crypto_kind_t kind = feature_type_crypto_kind(feature->provides.type);
	char name[128];

	feature_name(feature, name, sizeof(name));
	if (kind != CRYPTO_KIND_MAX && (!feature->constructor || !lib || !lib->crypto))
	{
		DBG1(DBG_LIB, "feature %s in plugin '%s' failed to load: %s", name,
		     entry->owner->name, feature->constructor ?
		     "no crypto factory" : "no constructor");
		entry->state = STATE_FAILED;
		return false;
	}
	if (feature->callback &&
	    !feature->callback(entry->owner->plugin, feature, true, feature->data))
	{
		DBG1(DBG_LIB, "feature %s in plugin '%s' failed to load", name,
		     entry->owner->name);
		entry->state = STATE_FAILED;
		return false;
	}
	if (kind != CRYPTO_KIND_MAX)
	{
		lib->crypto->add(lib->crypto, kind, feature->provides.alg,
				 entry->owner->name, feature->constructor);
	}
	entry->state = STATE_LOADED;
	this->loaded->insert_last(this->loaded, entry);
	DBG2(DBG_LIB, "feature %s in plugin '%s' loaded", name, entry->owner->name);
	return true;
}

static void bring_down(feature_entry_t *entry)
{
	const plugin_feature_t *feature = entry->feature;
	crypto_kind_t kind = feature_type_crypto_kind(feature->provides.type);

	if (kind != CRYPTO_KIND_MAX && lib && lib->crypto)
	{
		lib->crypto->remove(lib->crypto, kind, feature->constructor);
	}
	if (feature->callback)
	{
		feature->callback(entry->owner->plugin, feature, false, feature->data);
	}
	entry->state = STATE_PENDING;
}

typedef struct {
	private_plugin_loader_t *this;
	/** honour soft dependencies */
	bool soft;
	/** stop after the first feature brought up */
	bool once;
	/** a feature came up or failed */
	bool changed;
	/** a callback refused, viability must be recomputed */
	bool failed;
} pass_t;

/* Bring up @p entry if it is pending, its hard dependencies are met and
 * (with soft) it does not wait for a soft one. */
static bool pass_feature(feature_entry_t *entry, void *data)
{
	pass_t *pass = data;

	if (entry->state != STATE_PENDING ||
	    unmet_dependency(pass->this, entry, false) ||
	    (pass->soft && waits_for_soft(pass->this, entry)))
	{
		return false;
	}
	if (!bring_up(pass->this, entry))
	{
		pass->failed = true;
	}
	pass->changed = true;
	return pass->once;
}

static bool retry_unmet(feature_entry_t *entry, void *data)
{
	if (entry->state == STATE_UNMET)
	{
		entry->state = STATE_PENDING;
	}
	return false;
}

static bool report_unmet(feature_entry_t *entry, void *data)
{
	private_plugin_loader_t *this = data;
	const feature_id_t *dep;
	char name[128], dname[128];

	if (entry->state != STATE_PENDING)
	{
		return false;
	}
	entry->state = STATE_UNMET;
	dep = unmet_dependency(this, entry, false);
	feature_name(entry->feature, name, sizeof(name));
	if (dep)
	{
		feature_id_print(dep, dname, sizeof(dname));
		DBG1(DBG_LIB, "feature %s in plugin '%s' has unmet dependency: %s",
		     name, entry->owner->name, dname);
	}
	return false;
}

/*
 * Bring up features in passes over all plugins in `load =` order until a
 * pass changes nothing, so that order decides among features that are ready
 * at once (and the first registered crypto constructor wins). When only
 * soft dependencies hold features back (a soft cycle), the first feature
 * whose hard dependencies are met goes ahead anyway.
 */
static void resolve(private_plugin_loader_t *this)
{
	pass_t pass;

	each_feature(this, retry_unmet, NULL);
	mark_viable(this);
	do
	{
		pass = (pass_t){ .this = this, .soft = true };
		each_feature(this, pass_feature, &pass);
		if (!pass.changed)
		{
			pass = (pass_t){ .this = this, .once = true };
			each_feature(this, pass_feature, &pass);
		}
		if (pass.failed)
		{
			mark_viable(this);
		}
	}
	while (pass.changed);
	each_feature(this, report_unmet, this);
}

static void update_names(private_plugin_loader_t *this)
{
	enumerator_t *enumerator;
	loaded_plugin_t *plugin;
	size_t len = 1, pos = 0;

	enumerator = this->plugins->create_enumerator(this->plugins);
	while (enumerator->enumerate(enumerator, &plugin))
	{
		len += strlen(plugin->name) + 1;
	}
	enumerator->destroy(enumerator);

	free(this->names);
	this->names = mem_zalloc(len);
	enumerator = this->plugins->create_enumerator(this->plugins);
	while (enumerator->enumerate(enumerator, &plugin))
	{
		pos += snprintf(this->names + pos, len - pos, "%s%s",
				pos ? " " : "", plugin->name);
	}
	enumerator->destroy(enumerator);
}

/* A critical plugin counts as failed if any of its features stayed down. */
static bool critical_complete(loaded_plugin_t *plugin)
{
	int i;

	for (i = 0; i < plugin->count; i++)
	{
		if (plugin->features[i].state != STATE_LOADED)
		{
			DBG1(DBG_LIB, "critical plugin '%s' has disabled features",
			     plugin->name);
			return false;
		}
	}
	return true;
}

static bool load(plugin_loader_t *public, const char *path, const char *list)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;
	enumerator_t *enumerator;
	loaded_plugin_t *plugin;
	char *copy, *token, *save = NULL;
	size_t len;
	bool critical, ok = true;

	if (!path)
	{
		path = getenv("CYGNET_PLUGINDIR");
		if (!path || !*path)
		{
			path = PLUGINDIR;
		}
	}
	copy = str_dup(list ? list : "");
	for (token = strtok_r(copy, " \t\r\n", &save); token;
	     token = strtok_r(NULL, " \t\r\n", &save))
	{
		len = strlen(token);
		critical = token[len - 1] == '!';
		if (critical)
		{
			token[len - 1] = '\0';
		}
		plugin = find_plugin(this, token);
		if (plugin)
		{
			DBG2(DBG_LIB, "plugin '%s' already loaded", token);
			plugin->critical |= critical;
			continue;
		}
		plugin = load_plugin(this, path, token);
		if (!plugin)
		{
			if (critical)
			{
				DBG1(DBG_LIB, "critical plugin '%s' failed to load", token);
				ok = false;
			}
			continue;
		}
		plugin->critical = critical;
		this->plugins->insert_last(this->plugins, plugin);
	}
	free(copy);

	resolve(this);

	enumerator = this->plugins->create_enumerator(this->plugins);
	while (enumerator->enumerate(enumerator, &plugin))
	{
		if (plugin->critical && !critical_complete(plugin))
		{
			ok = false;
		}
	}
	enumerator->destroy(enumerator);

	update_names(this);
	DBG1(DBG_LIB, "loaded plugins: %s", this->names);
	return ok;
}

static void add_static(plugin_loader_t *public, const char *name,
		       plugin_constructor_t constructor)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;
	static_plugin_t *entry;

	if (!name || !constructor)
	{
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (static_plugin_t){
		.name = str_dup(name),
		.constructor = constructor,
	};
	/* later registrations shadow earlier ones of the same name */
	this->statics->insert_first(this->statics, entry);
}

static bool has_feature(plugin_loader_t *public, feature_id_t id)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;

	return is_provided(this, &id, false, NULL);
}

static const char *loaded_plugins(plugin_loader_t *public)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;

	return this->names ? this->names : "";
}

/* Features of one plugin: enumerate(e, const plugin_feature_t **, bool *). */
typedef struct {
	enumerator_t public;
	loaded_plugin_t *plugin;
	int pos;
} feature_enumerator_t;

static bool feature_enumerate(enumerator_t *public, ...)
{
	feature_enumerator_t *this = (feature_enumerator_t *)public;
	const plugin_feature_t **feature;
	feature_entry_t *entry;
	bool *loaded;
	va_list args;

	if (this->pos >= this->plugin->count)
	{
		return false;
	}
	entry = &this->plugin->features[this->pos++];
	va_start(args, public);
	feature = va_arg(args, const plugin_feature_t **);
	loaded = va_arg(args, bool *);
	va_end(args);
	if (feature)
	{
		*feature = entry->feature;
	}
	if (loaded)
	{
		*loaded = entry->state == STATE_LOADED;
	}
	return true;
}

static void free_enumerator(enumerator_t *public)
{
	free(public);
}

/* Plugins: enumerate(e, plugin_t **, enumerator_t **); owns the inner one. */
typedef struct {
	enumerator_t public;
	enumerator_t *plugins;
	enumerator_t *features;
} plugin_enumerator_t;

static bool plugin_enumerate(enumerator_t *public, ...)
{
	plugin_enumerator_t *this = (plugin_enumerator_t *)public;
	feature_enumerator_t *inner;
	loaded_plugin_t *plugin;
	enumerator_t **features;
	plugin_t **out;
	va_list args;

	DESTROY_IF(this->features);
	this->features = NULL;
	if (!this->plugins->enumerate(this->plugins, &plugin))
	{
		return false;
	}
	inner = mem_zalloc(sizeof(*inner));
	*inner = (feature_enumerator_t){
		.public = {
			.enumerate = feature_enumerate,
			.destroy = free_enumerator,
		},
		.plugin = plugin,
	};
	this->features = &inner->public;

	va_start(args, public);
	out = va_arg(args, plugin_t **);
	features = va_arg(args, enumerator_t **);
	va_end(args);
	if (out)
	{
		*out = plugin->plugin;
	}
	if (features)
	{
		*features = this->features;
	}
	return true;
}

static void plugin_enumerator_destroy(enumerator_t *public)
{
	plugin_enumerator_t *this = (plugin_enumerator_t *)public;

	DESTROY_IF(this->features);
	this->plugins->destroy(this->plugins);
	free(this);
}

static enumerator_t *create_plugin_enumerator(plugin_loader_t *public)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;
	plugin_enumerator_t *enumerator = mem_zalloc(sizeof(*enumerator));

	*enumerator = (plugin_enumerator_t){
		.public = {
			.enumerate = plugin_enumerate,
			.destroy = plugin_enumerator_destroy,
		},
		.plugins = this->plugins->create_enumerator(this->plugins),
	};
	return &enumerator->public;
}

static void unload(plugin_loader_t *public)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;
	feature_entry_t *entry;
	loaded_plugin_t *plugin;

	while (this->loaded->remove_last(this->loaded, (void **)&entry) == SUCCESS)
	{
		bring_down(entry);
	}
	/* plugins go only once every feature is down: a callback may still
	 * use objects of another plugin */
	while (this->plugins->remove_last(this->plugins, (void **)&plugin) == SUCCESS)
	{
		plugin->plugin->destroy(plugin->plugin);
		if (plugin->handle)
		{
			dlclose(plugin->handle);
		}
		free(plugin->features);
		free(plugin->name);
		free(plugin);
	}
	free(this->names);
	this->names = NULL;
}

static void static_destroy(void *item)
{
	static_plugin_t *entry = item;

	free(entry->name);
	free(entry);
}

static void destroy(plugin_loader_t *public)
{
	private_plugin_loader_t *this = (private_plugin_loader_t *)public;

	unload(public);
	this->loaded->destroy(this->loaded);
	this->plugins->destroy(this->plugins);
	this->statics->destroy_function(this->statics, static_destroy);
	free(this);
}

plugin_loader_t *plugin_loader_create(void)
{
	private_plugin_loader_t *this = mem_zalloc(sizeof(*this));

	this->public = (plugin_loader_t){
		.load = load,
		.add_static = add_static,
		.has_feature = has_feature,
		.create_plugin_enumerator = create_plugin_enumerator,
		.loaded_plugins = loaded_plugins,
		.unload = unload,
		.destroy = destroy,
	};
	this->plugins = linked_list_create();
	this->loaded = linked_list_create();
	this->statics = linked_list_create();
	return &this->public;
}
