/*
 * Rejection counters and the rate-limited log for unauthenticated input.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "encoding/enc_counters.h"

/* at most this many rejection lines per second; floods are summarised */
#define LOG_BURST 10

static uint64_t counters[ENC_CNT_MAX];

static struct {
	pthread_mutex_t mutex;
	time_t window;
	unsigned int logged;
	unsigned int suppressed;
} limit = { .mutex = PTHREAD_MUTEX_INITIALIZER };

static const char *const names[] = {
	[ENC_CNT_PARSED] = "parsed",
	[ENC_CNT_GENERATED] = "generated",
	[ENC_CNT_MALFORMED] = "malformed",
	[ENC_CNT_UNSUPPORTED_CRITICAL] = "unsupported-critical",
	[ENC_CNT_UNKNOWN_SKIPPED] = "unknown-skipped",
	[ENC_CNT_RULE_VIOLATION] = "rule-violation",
	[ENC_CNT_INTEGRITY_FAILED] = "integrity-failed",
};

uint64_t enc_counter_get(enc_counter_t counter)
{
	if ((unsigned int)counter >= ENC_CNT_MAX) {
		return 0;
	}
	return __atomic_load_n(&counters[counter], __ATOMIC_RELAXED);
}

const char *enc_counter_name(enc_counter_t counter)
{
	if ((unsigned int)counter >= ENC_CNT_MAX) {
		return NULL;
	}
	return names[counter];
}

void enc_counter_inc(enc_counter_t counter)
{
	if ((unsigned int)counter < ENC_CNT_MAX) {
		__atomic_fetch_add(&counters[counter], 1, __ATOMIC_RELAXED);
	}
}

void enc_counters_reset(void)
{
	int i;

	for (i = 0; i < ENC_CNT_MAX; i++) {
		__atomic_store_n(&counters[i], 0, __ATOMIC_RELAXED);
	}
}

/* returns whether to log now, and how many lines were dropped before */
static bool rate_allows(unsigned int *dropped)
{
	struct timespec now;
	bool allow;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&limit.mutex);
	*dropped = 0;
	if (now.tv_sec != limit.window) {
		*dropped = limit.suppressed;
		limit.window = now.tv_sec;
		limit.logged = 0;
		limit.suppressed = 0;
	}
	allow = limit.logged < LOG_BURST;
	if (allow) {
		limit.logged++;
	} else {
		limit.suppressed++;
	}
	pthread_mutex_unlock(&limit.mutex);
	return allow;
}

void enc_reject(enc_counter_t counter, const char *func, const char *fmt, ...)
{
	unsigned int dropped;
	char buf[256];
	va_list args;

	enc_counter_inc(counter);
	if (!dbg_wants(DBG_ENC, LEVEL_AUDIT) || !rate_allows(&dropped)) {
		return;
	}
	if (dropped) {
		DBG1(DBG_ENC, "%u rejected messages not logged (rate limit)", dropped);
	}
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	DBG1(DBG_ENC, "%s: %s", func, buf);
}
