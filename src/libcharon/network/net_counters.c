/*
 * Packet counters and the rate-limited drop log.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "network/net_counters.h"

/* at most this many drop lines per second; floods are summarised */
#define LOG_BURST 10

static uint64_t counters[NET_CNT_MAX];

static struct {
	pthread_mutex_t mutex;
	time_t window;
	unsigned int logged;
	unsigned int suppressed;
} limit = { .mutex = PTHREAD_MUTEX_INITIALIZER };

static const char *const names[] = {
	[NET_CNT_RECEIVED] = "received",
	[NET_CNT_SENT] = "sent",
	[NET_CNT_SEND_FAILED] = "send-failed",
	[NET_CNT_TOO_SHORT] = "too-short",
	[NET_CNT_OVERSIZED] = "oversized",
	[NET_CNT_MALFORMED] = "malformed-header",
	[NET_CNT_BAD_VERSION] = "bad-version",
	[NET_CNT_INVALID] = "invalid",
	[NET_CNT_KEEPALIVE] = "nat-keepalive",
	[NET_CNT_ESP] = "esp-in-udp",
	[NET_CNT_ESP_DROPPED] = "esp-dropped",
	[NET_CNT_COOKIE_SENT] = "cookie-sent",
	[NET_CNT_COOKIE_INVALID] = "cookie-invalid",
	[NET_CNT_BLOCKED] = "blocked",
};

uint64_t net_counter_get(net_counter_t counter)
{
	if ((unsigned int)counter >= NET_CNT_MAX) {
		return 0;
	}
	return __atomic_load_n(&counters[counter], __ATOMIC_RELAXED);
}

const char *net_counter_name(net_counter_t counter)
{
	if ((unsigned int)counter >= NET_CNT_MAX) {
		return NULL;
	}
	return names[counter];
}

void net_counter_inc(net_counter_t counter)
{
	if ((unsigned int)counter < NET_CNT_MAX) {
		__atomic_fetch_add(&counters[counter], 1, __ATOMIC_RELAXED);
	}
}

void net_counters_reset(void)
{
	int i;

	for (i = 0; i < NET_CNT_MAX; i++) {
		__atomic_store_n(&counters[i], 0, __ATOMIC_RELAXED);
	}
}

/* whether to log now, and how many lines were suppressed before */
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

void net_drop(net_counter_t counter, const char *func, const char *fmt, ...)
{
	unsigned int dropped;
	char buf[256];
	va_list args;

	net_counter_inc(counter);
	if (!dbg_wants(DBG_NET, LEVEL_AUDIT) || !rate_allows(&dropped)) {
		return;
	}
	if (dropped) {
		DBG1(DBG_NET, "%u dropped packets not logged (rate limit)", dropped);
	}
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	DBG1(DBG_NET, "%s: %s", func, buf);
}
