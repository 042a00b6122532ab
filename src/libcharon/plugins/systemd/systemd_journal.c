/*
 * The journal logger. sd_journal_send() is thread-safe and does not block
 * on a missing journal (it fails with an error), so messages are sent from
 * whatever thread logs them.
 */
#include <stdio.h>
#include <syslog.h>
/* CODE_FILE= and CODE_LINE= would name this file, not the message's origin */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "systemd_journal.h"

#include "daemon.h"
#include "settings/settings.h"

typedef struct private_systemd_journal_t {
	systemd_journal_t public;
	/* written by reload() while other threads may read them */
	volatile level_t levels[DBG_MAX];
} private_systemd_journal_t;

static int priority(level_t level)
{
	if (level <= LEVEL_BASIC) {
		return LOG_NOTICE;
	}
	return level == LEVEL_AUDIT ? LOG_INFO : LOG_DEBUG;
}

static void log_(logger_t *logger, debug_t group, level_t level, int thread,
		 const char *message)
{
	ike_sa_t *ike_sa = charon && charon->bus ? charon->bus->get_sa(charon->bus) : NULL;

	if (ike_sa) {
		sd_journal_send("MESSAGE=%s", message, "PRIORITY=%d", priority(level),
				"SYSLOG_IDENTIFIER=charon",
				"CHARON_SUBSYSTEM=%s", debug_name(group),
				"CHARON_LEVEL=%d", level, "CHARON_THREAD=%d", thread,
				"IKE_SA_NAME=%s", ike_sa->get_name(ike_sa),
				"IKE_SA_UNIQUE_ID=%u", ike_sa->get_unique_id(ike_sa), NULL);
	} else {
		sd_journal_send("MESSAGE=%s", message, "PRIORITY=%d", priority(level),
				"SYSLOG_IDENTIFIER=charon",
				"CHARON_SUBSYSTEM=%s", debug_name(group),
				"CHARON_LEVEL=%d", level, "CHARON_THREAD=%d", thread, NULL);
	}
}

static level_t get_level(logger_t *logger, debug_t group)
{
	private_systemd_journal_t *this = (private_systemd_journal_t *)logger;

	return group < DBG_MAX ? this->levels[group] : LEVEL_SILENT;
}

/* `default` and `any` apply to every subsystem: never private data */
static level_t capped(level_t level)
{
	return level > LEVEL_RAW ? LEVEL_RAW : level;
}

static void reload(systemd_journal_t *public, const char *section)
{
	private_systemd_journal_t *this = (private_systemd_journal_t *)public;
	settings_t *s = lib->settings;
	level_t def;
	int i;

	def = capped(s->get_int(s, "%s.default", LEVEL_AUDIT, section));
	def = capped(s->get_int(s, "%s.any", def, section));
	for (i = 0; i < DBG_MAX; i++) {
		this->levels[i] = s->get_int(s, "%s.%s", def, section, debug_name(i));
	}
	log_bus_levels_changed();
}

static void destroy(logger_t *logger)
{
	free(logger);
}

bool systemd_journal_wanted(const char *section)
{
	char parent[256];
	const char *dot = strrchr(section, '.'), *name;
	enumerator_t *e;
	bool found = false;

	if (!dot || (size_t)(dot - section) >= sizeof(parent)) {
		return false;
	}
	snprintf(parent, sizeof(parent), "%.*s", (int)(dot - section), section);
	e = lib->settings->create_section_enumerator(lib->settings, "%s", parent);
	while (!found && e->enumerate(e, &name)) {
		found = streq(name, dot + 1);
	}
	e->destroy(e);
	return found;
}

systemd_journal_t *systemd_journal_create(const char *section)
{
	private_systemd_journal_t *this = mem_zalloc(sizeof(*this));

	this->public = (systemd_journal_t){
		.logger = {
			.log = log_,
			.get_level = get_level,
			.destroy = destroy,
		},
		.reload = reload,
	};
	reload(&this->public, section);
	return &this->public;
}
