/**
 * @file kernel_net.h
 * Local addresses: which of ours reaches a peer, which we have at all.
 *
 * These ask the kernel through ordinary sockets and getifaddrs(), so they
 * work whichever data-plane plugin is loaded.
 */
#ifndef CHARON_KERNEL_NET_H
#define CHARON_KERNEL_NET_H

#include "library.h"
#include "networking/host.h"
#include "collections/linked_list.h"

/**
 * The source address the kernel would use to reach @p dest (routing table
 * look-up through connect() on a UDP socket; nothing is sent).
 *
 * @param dest		peer address
 * @param hint		preferred source (NULL or %any: none); used if it is
 *			an address of ours of the same family
 * @return		a new host with port 0, NULL if @p dest is unreachable
 */
host_t *kernel_net_get_source_addr(host_t *dest, host_t *hint);

/**
 * Addresses of the interfaces that are up, IPv4 first, without duplicates
 * and IPv6 link-local addresses. Loopback addresses are left out unless
 * there are no others. For statusall's "Listening IP addresses".
 *
 * @return		list of host_t (port 0); destroy with
 *			destroy_offset(DESTROY_OFFSET(host_t)); never NULL
 */
linked_list_t *kernel_net_get_addresses(void);

/** True if @p addr is an address of an interface of ours (any state). */
bool kernel_net_is_local(host_t *addr);

/**
 * Installing virtual IPs is the data plane's job: the plugin that can
 * registers these (kernel-libesp puts them on its TUN device).
 */
typedef struct kernel_net_vip_ops_t {
	/** Add @p vip (reference counted); false if it could not. */
	bool (*add_ip)(void *data, host_t *vip);
	/** Drop a reference taken with add_ip(), removing the address with the last. */
	bool (*del_ip)(void *data, host_t *vip);
	void *data;
} kernel_net_vip_ops_t;

/** Register (NULL: unregister) the virtual IP handler; @p ops must stay valid. */
void kernel_net_set_vip_ops(const kernel_net_vip_ops_t *ops);

/** True if a loaded plugin installs virtual IPs (kernel_net_set_vip_ops()). */
bool kernel_net_can_add_ip(void);

/** Install a virtual IP of ours; false (logged) if no plugin can or it failed. */
bool kernel_net_add_ip(host_t *vip);

/** Remove a virtual IP installed with kernel_net_add_ip(). */
bool kernel_net_del_ip(host_t *vip);

#endif
