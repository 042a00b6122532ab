/*
 * Loggers from cygnet.conf: `NS.filelog.NAME { … }` and `NS.syslog.FACILITY
 * { … }`, with strongswan.conf's meaning.
 *
 * Levels are read as `default` (1 if unset), then `any`, then each subsystem
 * key. Levels above LEVEL_RAW may print key material, so `default` and `any`
 * are capped at LEVEL_RAW: only a subsystem named explicitly gets more.
 */
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>

#include "bus/log_bus.h"
#include "settings/settings.h"

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "daemon", LOG_DAEMON },
	{ "auth", LOG_AUTH },
	{ "authpriv", LOG_AUTHPRIV },
	{ "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

/* keys a filelog section may hold besides the level keys */
static const char *const filelog_keys[] = {
	"path", "append", "flush_line", "time_format",
};

/* serialises configure/deconfigure and guards the list below */
static pthread_mutex_t config_mutex = PTHREAD_MUTEX_INITIALIZER;
static logger_t **configured;
static int configured_count;

static level_t sanitize_level(level_t level, bool explicit, const char *section,
			      const char *key)
{
	if (level < LEVEL_SILENT) {
		return LEVEL_SILENT;
	}
	if (level > LEVEL_RAW && !explicit) {
		DBG1(DBG_CFG, "%s.%s = %d would log private data for every "
		     "subsystem, using %d; name the subsystem to enable it",
		     section, key, level, LEVEL_RAW);
		return LEVEL_RAW;
	}
	return level;
}

static void read_levels(settings_t *settings, const char *section,
			level_t levels[DBG_MAX])
{
	level_t def;
	int i;

	def = settings->get_int(settings, "%s.default", LEVEL_AUDIT, section);
	def = sanitize_level(def, false, section, "default");
	if (settings->get_str(settings, "%s.any", NULL, section)) {
		def = settings->get_int(settings, "%s.any", def, section);
		def = sanitize_level(def, false, section, "any");
	}
	for (i = 0; i < DBG_MAX; i++) {
		levels[i] = settings->get_int(settings, "%s.%s", def, section,
					      debug_name(i));
		levels[i] = sanitize_level(levels[i], true, section, debug_name(i));
	}
}

static bool is_level_key(const char *key)
{
	return streq(key, "default") || streq(key, "any") ||
	       debug_from_name(key) != DBG_MAX;
}

/* unknown keys are reported rather than silently ignored (typos) */
static void check_keys(settings_t *settings, const char *section,
		       const char *const *extra, size_t extra_count)
{
	enumerator_t *e;
	const char *key, *value;
	size_t i;

	e = settings->create_key_value_enumerator(settings, "%s", section);
	while (e->enumerate(e, &key, &value)) {
		bool known = is_level_key(key);

		for (i = 0; !known && i < extra_count; i++) {
			known = streq(key, extra[i]);
		}
		if (!known) {
			DBG1(DBG_CFG, "unknown option %s.%s ignored", section, key);
		}
	}
	e->destroy(e);
}

static void keep(logger_t ***list, int *count, logger_t *logger)
{
	logger_t **grown = realloc(*list, (*count + 1) * sizeof(**list));

	if (!grown) {
		logger->destroy(logger);
		return;
	}
	*list = grown;
	(*list)[(*count)++] = logger;
}

static logger_t *file_logger_from(settings_t *settings, const char *ns,
				  const char *name)
{
	char section[512];
	level_t levels[DBG_MAX];
	logger_t *logger;
	const char *path;
	int i;

	if (snprintf(section, sizeof(section), "%s.filelog.%s", ns, name) >=
	    (int)sizeof(section)) {
		DBG1(DBG_CFG, "filelog name '%s' too long", name);
		return NULL;
	}
	check_keys(settings, section, filelog_keys, countof(filelog_keys));
	path = settings->get_str(settings, "%s.path", name, section);
	logger = file_logger_create(path,
			settings->get_str(settings, "%s.time_format", NULL, section),
			settings->get_bool(settings, "%s.append", true, section),
			settings->get_bool(settings, "%s.flush_line", false, section));
	if (!logger) {
		return NULL;
	}
	read_levels(settings, section, levels);
	for (i = 0; i < DBG_MAX; i++) {
		file_logger_set_level(logger, i, levels[i]);
	}
	return logger;
}

static logger_t *sys_logger_from(settings_t *settings, const char *ns,
				 const char *name, const char *ident)
{
	char section[512];
	level_t levels[DBG_MAX];
	logger_t *logger;
	int facility = -1;
	size_t i;

	for (i = 0; i < countof(facilities); i++) {
		if (streq(name, facilities[i].name)) {
			facility = facilities[i].facility;
		}
	}
	if (facility < 0) {
		DBG1(DBG_CFG, "unknown syslog facility '%s' in %s.syslog ignored",
		     name, ns);
		return NULL;
	}
	snprintf(section, sizeof(section), "%s.syslog.%s", ns, name);
	check_keys(settings, section, NULL, 0);
	logger = sys_logger_create(facility, ident);
	read_levels(settings, section, levels);
	for (i = 0; i < DBG_MAX; i++) {
		sys_logger_set_level(logger, i, levels[i]);
	}
	return logger;
}

static void release(logger_t **list, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		log_bus_remove_logger(list[i]);
		list[i]->destroy(list[i]);
	}
	free(list);
}

int log_bus_configure(const char *ns)
{
	settings_t *settings = lib ? lib->settings : NULL;
	logger_t **fresh = NULL, *logger;
	int count = 0, i;
	enumerator_t *e;
	const char *name, *ident;

	if (!settings || !ns) {
		return 0;
	}
	pthread_mutex_lock(&config_mutex);

	e = settings->create_section_enumerator(settings, "%s.filelog", ns);
	while (e->enumerate(e, &name)) {
		logger = file_logger_from(settings, ns, name);
		if (logger) {
			keep(&fresh, &count, logger);
		}
	}
	e->destroy(e);

	ident = settings->get_str(settings, "%s.syslog.identifier", NULL, ns);
	e = settings->create_section_enumerator(settings, "%s.syslog", ns);
	while (e->enumerate(e, &name)) {
		logger = sys_logger_from(settings, ns, name, ident);
		if (logger) {
			keep(&fresh, &count, logger);
		}
	}
	e->destroy(e);

	/* register the new loggers before dropping the old: no gap in the log */
	for (i = 0; i < count; i++) {
		log_bus_add_logger(fresh[i]);
	}
	release(configured, configured_count);
	configured = fresh;
	configured_count = count;

	pthread_mutex_unlock(&config_mutex);
	return count;
}

void log_bus_deconfigure(void)
{
	pthread_mutex_lock(&config_mutex);
	release(configured, configured_count);
	configured = NULL;
	configured_count = 0;
	pthread_mutex_unlock(&config_mutex);
}
