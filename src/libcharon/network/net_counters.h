/**
 * @file net_counters.h
 * Process-wide counters of IKE packets received, sent and dropped by the
 * socket, the receiver and the sender, for `listcounters`.
 *
 * Packets dropped before parsing are unauthenticated, so whoever sends
 * them controls how often it happens: each drop is counted here and
 * logged at most a few times per second (net_drop()).
 */
#ifndef CHARON_NET_COUNTERS_H
#define CHARON_NET_COUNTERS_H

#include "library.h"

typedef enum net_counter_t {
	/** IKE packets the socket delivered to the receiver. */
	NET_CNT_RECEIVED,
	/** IKE packets sent. */
	NET_CNT_SENT,
	/** IKE packets the socket failed to send. */
	NET_CNT_SEND_FAILED,
	/** IKE packets shorter than an IKE header, dropped by the socket. */
	NET_CNT_TOO_SHORT,
	/** Datagrams larger than charon.max_packet, dropped by the socket. */
	NET_CNT_OVERSIZED,
	/** Packets whose IKE header did not parse, dropped by the receiver. */
	NET_CNT_MALFORMED,
	/** Packets of another IKE major version, dropped unanswered. */
	NET_CNT_BAD_VERSION,
	/** IKE_SA_INIT requests with a responder SPI, and similar, dropped. */
	NET_CNT_INVALID,
	/** NAT keepalives received (and dropped). */
	NET_CNT_KEEPALIVE,
	/** ESP-in-UDP packets handed to the ESP handler. */
	NET_CNT_ESP,
	/** ESP-in-UDP packets dropped: no handler, or runt. */
	NET_CNT_ESP_DROPPED,
	/** IKE_SA_INIT requests answered with a COOKIE. */
	NET_CNT_COOKIE_SENT,
	/** IKE_SA_INIT requests whose COOKIE was wrong or stale. */
	NET_CNT_COOKIE_INVALID,
	/** IKE_SA_INIT requests dropped for too many half-open SAs per IP. */
	NET_CNT_BLOCKED,
	NET_CNT_MAX,
} net_counter_t;

/** Current value of a counter. */
uint64_t net_counter_get(net_counter_t counter);

/** Short name of a counter ("received", …); NULL if out of range. */
const char *net_counter_name(net_counter_t counter);

/** Add one to a counter. */
void net_counter_inc(net_counter_t counter);

/** Reset all counters to zero. */
void net_counters_reset(void);

/**
 * Count a dropped packet in @p counter and log it with DBG1(DBG_NET) as
 * "func: message", unless the log rate limit is exhausted; suppressed
 * lines are summarised once logging is allowed again.
 */
void net_drop(net_counter_t counter, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
