/*
 * Counter sets: atomic counters plus a per-set log rate limit.
 */
#include <stdio.h>

#include "utils/counter_set.h"

/* at most this many lines per second and set; floods are summarised */
#define LOG_BURST 10

uint64_t counter_set_get(counter_set_t *set, unsigned int i)
{
	if (i >= set->count) {
		return 0;
	}
	return __atomic_load_n(&set->values[i], __ATOMIC_RELAXED);
}

const char *counter_set_name(counter_set_t *set, unsigned int i)
{
	if (i >= set->count) {
		return NULL;
	}
	return set->names[i];
}

void counter_set_inc(counter_set_t *set, unsigned int i)
{
	if (i < set->count) {
		__atomic_fetch_add(&set->values[i], 1, __ATOMIC_RELAXED);
	}
}

void counter_set_reset(counter_set_t *set)
{
	unsigned int i;

	for (i = 0; i < set->count; i++) {
		__atomic_store_n(&set->values[i], 0, __ATOMIC_RELAXED);
	}
}

/* whether to log now, and how many lines were suppressed before */
static bool rate_allows(counter_set_t *set, unsigned int *dropped)
{
	struct timespec now;
	bool allow;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&set->mutex);
	*dropped = 0;
	if (now.tv_sec != set->window) {
		*dropped = set->suppressed;
		set->window = now.tv_sec;
		set->logged = 0;
		set->suppressed = 0;
	}
	allow = set->logged < LOG_BURST;
	if (allow) {
		set->logged++;
	} else {
		set->suppressed++;
	}
	pthread_mutex_unlock(&set->mutex);
	return allow;
}

void counter_set_vlog(counter_set_t *set, unsigned int i, const char *func,
					  const char *fmt, va_list args)
{
	unsigned int dropped;
	char buf[256];

	counter_set_inc(set, i);
	if (!dbg_wants(set->group, LEVEL_AUDIT) || !rate_allows(set, &dropped)) {
		return;
	}
	if (dropped) {
		DBG1(set->group, "%u %s not logged (rate limit)", dropped, set->what);
	}
	vsnprintf(buf, sizeof(buf), fmt, args);
	DBG1(set->group, "%s: %s", func, buf);
}
