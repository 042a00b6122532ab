/*
 * The logging bus and dbg_log().
 *
 * Registered loggers live in a small array behind a read-write lock. Logging
 * holds it shared, so threads log concurrently and each logger serialises its
 * own output; adding or removing a logger holds it exclusively, so once
 * log_bus_remove_logger() returns no thread is still inside that logger and
 * the caller may free it.
 *
 * max_level caches, per subsystem, the highest level any logger wants (the
 * fallback level while none is registered). A DBGn() nobody wants therefore
 * costs one relaxed atomic load and is never formatted.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "bus/log_bus.h"

/* messages longer than this are formatted into a heap buffer instead */
#define LOG_STACK_BUF 512

static pthread_rwlock_t bus_lock = PTHREAD_RWLOCK_INITIALIZER;
static logger_t **loggers;
static size_t logger_count;
static size_t logger_alloc;

static atomic_int fallback_level = LEVEL_AUDIT;
static atomic_int max_level[DBG_MAX] = {
	[0 ... DBG_MAX - 1] = LEVEL_AUDIT,
};

/* set while this thread is inside the bus: a logger that logs is ignored
 * instead of recursing or deadlocking */
static __thread bool in_bus;

static __thread int thread_id = -1;
/* 0 is reserved for the main thread */
static atomic_int next_thread_id = 1;

int log_bus_thread_id(void)
{
	if (thread_id < 0) {
		if (getpid() == (pid_t)syscall(SYS_gettid)) {
			thread_id = 0;
		} else {
			thread_id = atomic_fetch_add(&next_thread_id, 1);
		}
	}
	return thread_id;
}

/* with bus_lock held for writing */
static void recompute_levels(void)
{
	level_t level;
	size_t i;
	int group;

	for (group = 0; group < DBG_MAX; group++) {
		if (logger_count == 0) {
			level = atomic_load(&fallback_level);
		} else {
			level = LEVEL_SILENT;
			for (i = 0; i < logger_count; i++) {
				level_t want = loggers[i]->get_level(loggers[i], group);

				if (want > level) {
					level = want;
				}
			}
		}
		atomic_store_explicit(&max_level[group], level, memory_order_relaxed);
	}
}

void log_bus_add_logger(logger_t *logger)
{
	size_t i;

	if (!logger) {
		return;
	}
	pthread_rwlock_wrlock(&bus_lock);
	for (i = 0; i < logger_count; i++) {
		if (loggers[i] == logger) {
			pthread_rwlock_unlock(&bus_lock);
			return;
		}
	}
	if (logger_count == logger_alloc) {
		size_t alloc = logger_alloc ? logger_alloc * 2 : 4;
		logger_t **grown = realloc(loggers, alloc * sizeof(*grown));

		if (!grown) {
			pthread_rwlock_unlock(&bus_lock);
			fprintf(stderr, "cygnet: out of memory registering a logger\n");
			return;
		}
		loggers = grown;
		logger_alloc = alloc;
	}
	loggers[logger_count++] = logger;
	recompute_levels();
	pthread_rwlock_unlock(&bus_lock);
}

void log_bus_remove_logger(logger_t *logger)
{
	size_t i;

	pthread_rwlock_wrlock(&bus_lock);
	for (i = 0; i < logger_count; i++) {
		if (loggers[i] == logger) {
			memmove(&loggers[i], &loggers[i + 1],
				(logger_count - i - 1) * sizeof(*loggers));
			logger_count--;
			break;
		}
	}
	if (logger_count == 0) {
		/* leave nothing behind for leak checkers once the bus is empty */
		free_and_null(loggers);
		logger_alloc = 0;
	}
	recompute_levels();
	pthread_rwlock_unlock(&bus_lock);
}

void log_bus_levels_changed(void)
{
	pthread_rwlock_wrlock(&bus_lock);
	recompute_levels();
	pthread_rwlock_unlock(&bus_lock);
}

void log_bus_set_fallback_level(level_t level)
{
	pthread_rwlock_wrlock(&bus_lock);
	atomic_store(&fallback_level, level);
	recompute_levels();
	pthread_rwlock_unlock(&bus_lock);
}

bool dbg_wants(debug_t group, level_t level)
{
	if ((int)group < 0 || group >= DBG_MAX) {
		return false;
	}
	return level <= atomic_load_explicit(&max_level[group], memory_order_relaxed);
}

/* start-up messages before any logger exists: plain "NN[GRP] line" on stderr */
static void log_fallback(debug_t group, int thread, const char *message)
{
	const char *line = message, *end;

	flockfile(stderr);
	do {
		end = strchrnul(line, '\n');
		fprintf(stderr, "%02d[%s] %.*s\n", thread, debug_label(group),
			(int)(end - line), line);
		line = end + 1;
	} while (*end);
	funlockfile(stderr);
}

static void deliver(debug_t group, level_t level, const char *message)
{
	int thread = log_bus_thread_id();
	size_t i;

	pthread_rwlock_rdlock(&bus_lock);
	if (logger_count == 0) {
		if (level <= atomic_load(&fallback_level)) {
			log_fallback(group, thread, message);
		}
	} else {
		for (i = 0; i < logger_count; i++) {
			if (level <= loggers[i]->get_level(loggers[i], group)) {
				loggers[i]->log(loggers[i], group, level, thread, message);
			}
		}
	}
	pthread_rwlock_unlock(&bus_lock);
}

void dbg_log(debug_t group, level_t level, const char *fmt, ...)
{
	char stack[LOG_STACK_BUF], *message = stack;
	va_list args;
	int len;

	if (!dbg_wants(group, level) || in_bus) {
		return;
	}
	in_bus = true;

	va_start(args, fmt);
	len = vsnprintf(stack, sizeof(stack), fmt, args);
	va_end(args);
	if (len < 0) {
		in_bus = false;
		return;
	}
	if ((size_t)len >= sizeof(stack)) {
		message = malloc((size_t)len + 1);
		if (!message) {
			/* better a truncated message than none */
			message = stack;
		} else {
			va_start(args, fmt);
			vsnprintf(message, (size_t)len + 1, fmt, args);
			va_end(args);
		}
	}
	/* loggers add their own line ends */
	len = strlen(message);
	while (len > 0 && message[len - 1] == '\n') {
		message[--len] = '\0';
	}

	deliver(group, level, message);

	if (message != stack) {
		free(message);
	}
	in_bus = false;
}
