/*
 * Packet counters and the rate-limited drop log.
 */
#include "network/net_counters.h"

#include "utils/counter_set.h"

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

static uint64_t counters[NET_CNT_MAX];

static counter_set_t set = COUNTER_SET_INIT(counters, names, DBG_NET,
											"dropped packets");

uint64_t net_counter_get(net_counter_t counter)
{
	return counter_set_get(&set, counter);
}

const char *net_counter_name(net_counter_t counter)
{
	return counter_set_name(&set, counter);
}

void net_counter_inc(net_counter_t counter)
{
	counter_set_inc(&set, counter);
}

void net_counters_reset(void)
{
	counter_set_reset(&set);
}

void net_drop(net_counter_t counter, const char *func, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	counter_set_vlog(&set, counter, func, fmt, args);
	va_end(args);
}
