/*
 * A logger writing to syslog(3). Each line of a message is one syslog record
 * prefixed "NN[GRP] ", so a multi-line message stays readable.
 *
 * openlog() is process-wide and keeps a pointer to the identity string, so the
 * identity is a shared copy kept alive while any syslog logger exists; each
 * record carries its logger's facility, so loggers with different facilities
 * coexist.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <syslog.h>

#include "bus/log_bus.h"

typedef struct private_sys_logger_t {
	logger_t public;
	int facility;
	atomic_int levels[DBG_MAX];
	pthread_mutex_t mutex;
} private_sys_logger_t;

static pthread_mutex_t ident_mutex = PTHREAD_MUTEX_INITIALIZER;
static char *ident_copy;
static int ident_users;

static void sys_log(logger_t *public, debug_t group, level_t level, int thread,
		    const char *message)
{
	private_sys_logger_t *this = (private_sys_logger_t *)public;
	int priority = this->facility | (level <= LEVEL_AUDIT ? LOG_INFO : LOG_DEBUG);
	const char *line = message, *end;

	pthread_mutex_lock(&this->mutex);
	do {
		end = strchrnul(line, '\n');
		syslog(priority, "%02d[%s] %.*s", thread, debug_label(group),
		       (int)(end - line), line);
		line = end + 1;
	} while (*end);
	pthread_mutex_unlock(&this->mutex);
}

static level_t sys_get_level(logger_t *public, debug_t group)
{
	private_sys_logger_t *this = (private_sys_logger_t *)public;

	if ((int)group < 0 || group >= DBG_MAX) {
		return LEVEL_SILENT;
	}
	return atomic_load_explicit(&this->levels[group], memory_order_relaxed);
}

static void sys_destroy(logger_t *public)
{
	private_sys_logger_t *this = (private_sys_logger_t *)public;

	pthread_mutex_lock(&ident_mutex);
	if (--ident_users == 0) {
		closelog();
		free_and_null(ident_copy);
	}
	pthread_mutex_unlock(&ident_mutex);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

void sys_logger_set_level(logger_t *logger, debug_t group, level_t level)
{
	private_sys_logger_t *this = (private_sys_logger_t *)logger;
	int i;

	if (!this) {
		return;
	}
	for (i = 0; i < DBG_MAX; i++) {
		if (group == DBG_MAX || (int)group == i) {
			atomic_store(&this->levels[i], level);
		}
	}
	log_bus_levels_changed();
}

logger_t *sys_logger_create(int facility, const char *ident)
{
	private_sys_logger_t *this;
	int i;

	this = mem_zalloc(sizeof(*this));
	this->public = (logger_t) {
		.log = sys_log,
		.get_level = sys_get_level,
		.destroy = sys_destroy,
	};
	this->facility = facility;
	for (i = 0; i < DBG_MAX; i++) {
		atomic_init(&this->levels[i], LEVEL_AUDIT);
	}
	pthread_mutex_init(&this->mutex, NULL);

	pthread_mutex_lock(&ident_mutex);
	ident_users++;
	if (ident && *ident && !streq(ident, ident_copy)) {
		char *old = ident_copy;

		ident_copy = str_dup(ident);
		openlog(ident_copy, LOG_PID, facility);
		free(old);
	}
	pthread_mutex_unlock(&ident_mutex);
	return &this->public;
}
