/**
 * @file kernel_netlink_events.h
 * Acquires and expires from the kernel, read by a thread of their own on
 * a socket subscribed to XFRMNLGRP_ACQUIRE and XFRMNLGRP_EXPIRE, and
 * reported through kernel_interface_acquire()/kernel_interface_expire().
 */
#ifndef KERNEL_NETLINK_EVENTS_H
#define KERNEL_NETLINK_EVENTS_H

#include "kernel/kernel_ipsec.h"

typedef struct kernel_netlink_events_t kernel_netlink_events_t;

/** Decide whether an event concerns us (called from the event thread). */
typedef struct kernel_netlink_events_filter_t {
	/** True if an acquire for @p reqid is ours to report. */
	bool (*acquire)(void *ctx, uint32_t reqid);
	/** True if the expire of this SA is ours to report. */
	bool (*expire)(void *ctx, uint8_t proto, uint32_t spi, host_t *dst, bool hard);
	void *ctx;
} kernel_netlink_events_filter_t;

struct kernel_netlink_events_t {
	/** Stop the thread (waits for it) and close the socket. */
	void (*destroy)(kernel_netlink_events_t *this);
};

/**
 * Subscribe in the calling thread's network namespace and start the
 * thread.
 *
 * @return	NULL (logged) if the socket or thread cannot be set up
 */
kernel_netlink_events_t *kernel_netlink_events_create(
			const kernel_netlink_events_filter_t *filter);

#endif
