/**
 * @file enc_counters.h
 * Counters of rejected and accepted IKE messages, and the rate-limited log
 * for malformed input.
 *
 * Everything the parser rejects arrives unauthenticated, so a peer (or
 * anyone spoofing one) controls how often it happens: each rejection is
 * counted here, process-wide, and logged at most a few times per second.
 * A `listcounters` command reads the values with enc_counter_get().
 */
#ifndef CHARON_ENC_COUNTERS_H
#define CHARON_ENC_COUNTERS_H

#include "library.h"

typedef enum enc_counter_t {
	/** Messages whose body parsed and passed all checks. */
	ENC_CNT_PARSED,
	/** Messages generated. */
	ENC_CNT_GENERATED,
	/** Syntax errors: lengths that do not add up, bad sizes, bad values. */
	ENC_CNT_MALFORMED,
	/** Unknown payloads with the critical bit set. */
	ENC_CNT_UNSUPPORTED_CRITICAL,
	/** Unknown payloads without the critical bit, skipped. */
	ENC_CNT_UNKNOWN_SKIPPED,
	/** Payloads not allowed in the exchange, wrong counts, wrong protection. */
	ENC_CNT_RULE_VIOLATION,
	/** SK payloads whose ICV did not verify or that did not decrypt. */
	ENC_CNT_INTEGRITY_FAILED,
	ENC_CNT_MAX,
} enc_counter_t;

/** Current value of a counter. */
uint64_t enc_counter_get(enc_counter_t counter);

/** Short name of a counter ("malformed", …), for listings. */
const char *enc_counter_name(enc_counter_t counter);

/** Add one to a counter. */
void enc_counter_inc(enc_counter_t counter);

/** Reset all counters to zero. */
void enc_counters_reset(void);

/**
 * Count a rejection in @p counter and log it with DBG1(DBG_ENC) as
 * "func: message", unless the log rate limit is exhausted; suppressed
 * lines are summarised once the limit allows logging again.
 */
void enc_reject(enc_counter_t counter, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Count and log malformed input, naming the calling function. */
#define ENC_MALFORMED(fmt, ...) \
	enc_reject(ENC_CNT_MALFORMED, __func__, fmt, ##__VA_ARGS__)

#endif
