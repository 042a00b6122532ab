/**
 * @file kernel_libesp_ipsec.h
 * kernel_ipsec_t in userland: SAs and policies of charon carried by the
 * ESP core over a TUN device and the IKE socket's NAT-T port.
 *
 * Settings (under NS.plugins.kernel-libesp):
 * - tun_name: TUN device name, default "ipsec0"
 * - mtu: its MTU, default 1400
 * - threads: outbound worker threads and TUN queues, default 2
 * - route_table (or routing_table): table for routes into the device,
 *   default 220
 * - routing_table_prio: priority of the rule looking that table up,
 *   default 220
 *
 * Only tunnel mode ESP exists here, always in UDP (RFC 3948), so charon
 * must float IKE to port 4500 (kernel_interface_requires_encap()).
 * Lifetimes in bytes and packets are enforced per packet, lifetimes in
 * seconds once a second; both raise kernel_interface_expire(), and after
 * a hard expiry the SA carries no more traffic. A packet matching a trap
 * policy raises kernel_interface_acquire(), at most once a second per
 * reqid.
 */
#ifndef KERNEL_LIBESP_IPSEC_H
#define KERNEL_LIBESP_IPSEC_H

#include <kernel/kernel_ipsec.h>
#include <network/socket.h>

#include "kernel_libesp_io.h"

typedef struct kernel_libesp_ipsec_t kernel_libesp_ipsec_t;

struct kernel_libesp_ipsec_t {

	/**
	 * The kernel_ipsec_t to register; its destroy() frees this object:
	 * it flushes, stops the threads, removes the routes, the rule it
	 * added and the TUN device.
	 */
	kernel_ipsec_t interface;

	/**
	 * Name of the TUN device.
	 */
	const char *(*get_tun_name)(kernel_libesp_ipsec_t *this);

	/**
	 * Counters of the packet path.
	 */
	void (*get_stats)(kernel_libesp_ipsec_t *this, kernel_libesp_io_stats_t *stats);
};

/**
 * Create the TUN device, routing state and workers, and take over the ESP
 * packets of the socket.
 *
 * Routes and the TUN device live in the network namespace of the calling
 * thread; so must later add_policy() calls, which look up local addresses.
 *
 * @param socket	IKE socket whose NAT-T port carries ESP; it must
 *			outlive the object
 * @return		object, NULL (logged) without /dev/net/tun,
 *			CAP_NET_ADMIN or a NAT-T port
 */
kernel_libesp_ipsec_t *kernel_libesp_ipsec_create(socket_t *socket);

#endif
