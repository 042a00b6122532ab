/*
 * A logger writing lines to a file, stdout or stderr, in strongSwan's filelog
 * layout: "[TIME ]NN[GRP] text". A multi-line message becomes several lines
 * with the same prefix, written under one lock so threads do not interleave.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "bus/log_bus.h"

typedef struct private_file_logger_t {
	logger_t public;
	FILE *out;
	/* false for stdout/stderr, which are not ours to close */
	bool close_out;
	bool flush_line;
	char *time_format;
	/* read by the bus without our lock */
	atomic_int levels[DBG_MAX];
	pthread_mutex_t mutex;
} private_file_logger_t;

/* the strftime format is the administrator's time_format, by design */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t format_time(char *buf, size_t len, const char *format,
			  const struct tm *tm)
{
	return strftime(buf, len, format, tm);
}
#pragma GCC diagnostic pop

static void file_log(logger_t *public, debug_t group, level_t level, int thread,
		     const char *message)
{
	private_file_logger_t *this = (private_file_logger_t *)public;
	char stamp[128] = "";
	const char *line = message, *end, *sep = "";

	if (this->time_format) {
		struct timespec now;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &now);
		if (localtime_r(&now.tv_sec, &tm) &&
		    format_time(stamp, sizeof(stamp), this->time_format, &tm) > 0) {
			sep = " ";
		} else {
			stamp[0] = '\0';
		}
	}

	pthread_mutex_lock(&this->mutex);
	do {
		end = strchrnul(line, '\n');
		fprintf(this->out, "%s%s%02d[%s] %.*s\n", stamp, sep, thread,
			debug_label(group), (int)(end - line), line);
		line = end + 1;
	} while (*end);
	if (this->flush_line) {
		fflush(this->out);
	}
	pthread_mutex_unlock(&this->mutex);
}

static level_t file_get_level(logger_t *public, debug_t group)
{
	private_file_logger_t *this = (private_file_logger_t *)public;

	if ((int)group < 0 || group >= DBG_MAX) {
		return LEVEL_SILENT;
	}
	return atomic_load_explicit(&this->levels[group], memory_order_relaxed);
}

static void file_destroy(logger_t *public)
{
	private_file_logger_t *this = (private_file_logger_t *)public;

	if (this->close_out) {
		fclose(this->out);
	} else {
		fflush(this->out);
	}
	pthread_mutex_destroy(&this->mutex);
	free(this->time_format);
	free(this);
}

void file_logger_set_level(logger_t *logger, debug_t group, level_t level)
{
	private_file_logger_t *this = (private_file_logger_t *)logger;
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

logger_t *file_logger_create(const char *path, const char *time_format,
			     bool append, bool flush_line)
{
	private_file_logger_t *this;
	FILE *out;
	bool close_out = false;
	int i;

	if (!path || !*path) {
		DBG1(DBG_LIB, "file logger needs a path");
		return NULL;
	}
	if (streq(path, "stderr")) {
		out = stderr;
	} else if (streq(path, "stdout")) {
		out = stdout;
	} else {
		/* "e": updown scripts and other children must not inherit it */
		out = fopen(path, append ? "ae" : "we");
		if (!out) {
			DBG1(DBG_LIB, "opening log file '%s' failed: %s", path,
			     strerror(errno));
			return NULL;
		}
		close_out = true;
	}

	this = mem_zalloc(sizeof(*this));
	this->public = (logger_t) {
		.log = file_log,
		.get_level = file_get_level,
		.destroy = file_destroy,
	};
	this->out = out;
	this->close_out = close_out;
	this->flush_line = flush_line;
	if (time_format && *time_format) {
		this->time_format = str_dup(time_format);
	}
	for (i = 0; i < DBG_MAX; i++) {
		atomic_init(&this->levels[i], LEVEL_AUDIT);
	}
	pthread_mutex_init(&this->mutex, NULL);
	return &this->public;
}
