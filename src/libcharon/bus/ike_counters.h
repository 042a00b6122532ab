/**
 * @file ike_counters.h
 * IKE statistics for `ipsec listcounters` / `resetcounters`: messages in and
 * out per exchange and direction (request or response), rekeyings,
 * retransmits and invalid messages, with strongSwan's counter names.
 *
 * Counted process-wide and per connection name (the IKE_SA's peer config
 * when the event happens). Like strongSwan's, per-connection counts miss
 * what happens before a responder knows its config (the IKE_SA_INIT
 * exchange) and what belongs to no IKE_SA (invalid SPIs).
 *
 * A bus listener feeds them; ike_counters_start() registers it.
 */
#ifndef CHARON_IKE_COUNTERS_H
#define CHARON_IKE_COUNTERS_H

#include "library.h"
#include "collections/enumerator.h"

typedef enum ike_counter_t {
	/** IKE_SA rekeyings we initiated / answered (completed). */
	IKE_CNT_IKE_REKEY_INIT,
	IKE_CNT_IKE_REKEY_RESP,
	/** Completed CHILD_SA rekeyings. */
	IKE_CNT_CHILD_REKEY,
	/** Messages that did not parse (header or body). */
	IKE_CNT_INVALID,
	/** Messages for an IKE_SA we do not have. */
	IKE_CNT_INVALID_SPI,
	IKE_CNT_INIT_IN_REQ,
	IKE_CNT_INIT_IN_RESP,
	IKE_CNT_INIT_OUT_REQ,
	IKE_CNT_INIT_OUT_RESP,
	IKE_CNT_AUTH_IN_REQ,
	IKE_CNT_AUTH_IN_RESP,
	IKE_CNT_AUTH_OUT_REQ,
	IKE_CNT_AUTH_OUT_RESP,
	IKE_CNT_CREATE_CHILD_IN_REQ,
	IKE_CNT_CREATE_CHILD_IN_RESP,
	IKE_CNT_CREATE_CHILD_OUT_REQ,
	IKE_CNT_CREATE_CHILD_OUT_RESP,
	IKE_CNT_INFO_IN_REQ,
	IKE_CNT_INFO_IN_RESP,
	IKE_CNT_INFO_OUT_REQ,
	IKE_CNT_INFO_OUT_RESP,
	/** Requests of ours sent again (a cygnet addition). */
	IKE_CNT_RETRANSMIT,
	IKE_CNT_MAX,
} ike_counter_t;

/** strongSwan's name of a counter ("ike-rekey-init", …); NULL if out of range. */
const char *ike_counter_name(ike_counter_t counter);

/**
 * Copy the counters of connection @p name (NULL: the process-wide ones)
 * into @p values.
 * @return	false if nothing was counted for @p name (values are zeroed)
 */
bool ike_counters_get(const char *name, uint64_t values[IKE_CNT_MAX]);

/** Reset the counters of @p name, or the process-wide ones (NULL). */
void ike_counters_reset(const char *name);

/** Names of the connections that have counters, a sorted snapshot:
 *  enumerate(e, const char **name). */
enumerator_t *ike_counters_create_name_enumerator(void);

/** Register the bus listener (charon->bus must exist); idempotent. */
void ike_counters_start(void);

/** Unregister the listener and forget every counter. */
void ike_counters_stop(void);

#endif
