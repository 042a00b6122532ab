/**
 * @file kernel_libesp_events.h
 * Hands data-path events to charon from a thread of their own.
 *
 * Acquires and lifetime expiries are noticed by packet threads, which must
 * not block, while charon's listener checks out IKE_SAs and may. Packet
 * threads therefore only queue the event in a fixed ring (no allocation);
 * the event thread delivers it. Acquires are rate-limited per reqid, as a
 * trap policy sees every packet of the flow until the CHILD_SA is up.
 *
 * The event thread also runs a tick once a second, which the owner uses
 * for time-based SA lifetimes.
 */
#ifndef KERNEL_LIBESP_EVENTS_H
#define KERNEL_LIBESP_EVENTS_H

#include "esp_flow.h"
#include "esp_sa.h"

/** Acquires raised at most this often per reqid, in milliseconds. */
#define KERNEL_LIBESP_ACQUIRE_INTERVAL 1000

typedef struct kernel_libesp_events_t kernel_libesp_events_t;

/**
 * An SA reached a traffic limit; called from the event thread.
 *
 * @param data		kernel_libesp_events_create()'s data
 * @param sa		the SA (referenced during the call)
 * @param hard		hard or soft limit
 */
typedef void (*kernel_libesp_expire_cb_t)(void *data, esp_sa_t *sa, bool hard);

/**
 * Called about once a second from the event thread.
 */
typedef void (*kernel_libesp_tick_cb_t)(void *data);

struct kernel_libesp_events_t {

	/**
	 * Queue an acquire for a packet that hit a trap policy, unless one
	 * for @p reqid went out recently. Does not block or allocate.
	 *
	 * @param reqid		reqid of the trap policy
	 * @param flow		selectors of the packet, reported as /32 or
	 *			/128 traffic selectors with protocol and ports
	 */
	void (*acquire)(kernel_libesp_events_t *this, uint32_t reqid,
			const esp_flow_t *flow);

	/**
	 * Queue an expire, matching esp_sa_expire_cb_t (pass the events
	 * object as expire_data). Takes a reference on the SA until
	 * delivered. Does not block or allocate.
	 */
	void (*expire)(kernel_libesp_events_t *this, esp_sa_t *sa, bool hard);

	/**
	 * Events dropped because the ring was full.
	 */
	uint64_t (*get_dropped)(kernel_libesp_events_t *this);

	/**
	 * Stop the thread, dropping events not delivered yet.
	 */
	void (*destroy)(kernel_libesp_events_t *this);
};

/**
 * Start the event thread.
 *
 * @param expire	receives expire events
 * @param tick		called once a second
 * @param data		passed to both
 * @return		object, NULL (logged) if the thread did not start
 */
kernel_libesp_events_t *kernel_libesp_events_create(kernel_libesp_expire_cb_t expire,
						    kernel_libesp_tick_cb_t tick,
						    void *data);

/**
 * Adapter with esp_sa_expire_cb_t's signature for esp_sa_cfg_t.expire;
 * expire_data must be the events object.
 */
void kernel_libesp_events_sa_expired(void *events, esp_sa_t *sa, bool hard);

#endif
