/**
 * @file counter_set.h
 * A fixed set of process-wide event counters with a rate-limited log.
 *
 * Meant for events that unauthenticated peers can trigger at will (drops,
 * rejections): each one is counted, and logged at most a few times per
 * second, with a summary of the suppressed lines once logging resumes.
 *
 * A counter set is a static value, not an object: it lives for the whole
 * process and is usable before any constructor runs, so it is initialised
 * with COUNTER_SET_INIT() instead of a create()/destroy() pair.
 */
#ifndef CYGNET_COUNTER_SET_H
#define CYGNET_COUNTER_SET_H

#include <pthread.h>
#include <stdarg.h>

#include "library.h"

typedef struct counter_set_t counter_set_t;

/** State of a counter set; use COUNTER_SET_INIT(), do not touch fields. */
struct counter_set_t {
	/** Array of @c count counters, updated atomically. */
	uint64_t *values;
	/** Short names of the counters, for listings. */
	const char *const *names;
	/** Number of counters. */
	unsigned int count;
	/** Log group of the rate-limited log lines. */
	debug_t group;
	/** What is counted, for the summary line ("dropped packets"). */
	const char *what;
	/** Protects the rate limit below. */
	pthread_mutex_t mutex;
	/** Second the current log window started in. */
	time_t window;
	/** Lines logged in the current window. */
	unsigned int logged;
	/** Lines suppressed in the current window. */
	unsigned int suppressed;
};

/**
 * Static initialiser of a counter set.
 *
 * @param values_	uint64_t array (its size is the number of counters)
 * @param names_	array of names, one for each counter
 * @param group_	debug_t group to log in
 * @param what_		plural noun for the summary of suppressed lines
 */
#define COUNTER_SET_INIT(values_, names_, group_, what_) { \
	.values = (values_), \
	.names = (names_), \
	.count = sizeof(values_) / sizeof((values_)[0]), \
	.group = (group_), \
	.what = (what_), \
	.mutex = PTHREAD_MUTEX_INITIALIZER, \
}

/** Current value of counter @p i; 0 if out of range. */
uint64_t counter_set_get(counter_set_t *set, unsigned int i);

/** Name of counter @p i; NULL if out of range. */
const char *counter_set_name(counter_set_t *set, unsigned int i);

/** Add one to counter @p i; ignored if out of range. */
void counter_set_inc(counter_set_t *set, unsigned int i);

/** Reset all counters to zero. */
void counter_set_reset(counter_set_t *set);

/**
 * Count an event in counter @p i and log it at level 1 as "func: message",
 * unless the rate limit for this set is exhausted.
 *
 * @param set		counter set
 * @param i		counter to increment
 * @param func		name of the reporting function
 * @param fmt		printf() format of the message
 * @param args		arguments of @p fmt
 */
void counter_set_vlog(counter_set_t *set, unsigned int i, const char *func,
					  const char *fmt, va_list args)
	__attribute__((format(printf, 4, 0)));

#endif
