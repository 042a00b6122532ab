/*
 * Rejection counters and the rate-limited log for unauthenticated input.
 */
#include "encoding/enc_counters.h"

#include "utils/counter_set.h"

static const char *const names[] = {
	[ENC_CNT_PARSED] = "parsed",
	[ENC_CNT_GENERATED] = "generated",
	[ENC_CNT_MALFORMED] = "malformed",
	[ENC_CNT_UNSUPPORTED_CRITICAL] = "unsupported-critical",
	[ENC_CNT_UNKNOWN_SKIPPED] = "unknown-skipped",
	[ENC_CNT_RULE_VIOLATION] = "rule-violation",
	[ENC_CNT_INTEGRITY_FAILED] = "integrity-failed",
};

static uint64_t counters[ENC_CNT_MAX];

static counter_set_t set = COUNTER_SET_INIT(counters, names, DBG_ENC,
											"rejected messages");

uint64_t enc_counter_get(enc_counter_t counter)
{
	return counter_set_get(&set, counter);
}

const char *enc_counter_name(enc_counter_t counter)
{
	return counter_set_name(&set, counter);
}

void enc_counter_inc(enc_counter_t counter)
{
	counter_set_inc(&set, counter);
}

void enc_counters_reset(void)
{
	counter_set_reset(&set);
}

void enc_reject(enc_counter_t counter, const char *func, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	counter_set_vlog(&set, counter, func, fmt, args);
	va_end(args);
}
