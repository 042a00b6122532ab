/**
 * @file kernel_libesp_routes.h
 * Routes that steer traffic for remote subnets into the TUN device, kept
 * in their own table (220 by default) behind one policy rule, the way
 * strongSwan's kernel-libipsec does:
 *
 *     $ ip rule
 *     220:	from all lookup 220
 *     $ ip route show table 220
 *     198.51.100.64/26 dev ipsec0 src 198.51.100.1
 *
 * Routes are reference counted, since several policies may need the same
 * destination. The rtnetlink socket is opened once, so the routes land in
 * the network namespace the object was created in, whichever thread calls.
 */
#ifndef KERNEL_LIBESP_ROUTES_H
#define KERNEL_LIBESP_ROUTES_H

#include <library.h>
#include <networking/host.h>

/** Default routing table and priority of its rule. */
#define KERNEL_LIBESP_ROUTE_TABLE 220
#define KERNEL_LIBESP_RULE_PRIORITY 220

typedef struct kernel_libesp_routes_t kernel_libesp_routes_t;

struct kernel_libesp_routes_t {

	/**
	 * Take a reference on a route, installing it on the first one, and
	 * make sure the policy rule of its family exists.
	 *
	 * @param net		network address (host bits are ignored)
	 * @param prefix	prefix length
	 * @param src		preferred source address, NULL for none
	 * @param pass		a throw route, sending the destination back to
	 *			the main table, instead of one into the device
	 * @return		false (logged) if the kernel refused
	 */
	bool (*add)(kernel_libesp_routes_t *this, host_t *net, uint8_t prefix,
		    host_t *src, bool pass);

	/**
	 * Release a reference taken with add(), removing the route with the
	 * last one.
	 *
	 * @return		false if no such route was added
	 */
	bool (*del)(kernel_libesp_routes_t *this, host_t *net, uint8_t prefix,
		    bool pass);

	/**
	 * Number of distinct routes installed.
	 */
	unsigned int (*get_count)(kernel_libesp_routes_t *this);

	/**
	 * Remove all routes, whatever their references.
	 */
	void (*flush)(kernel_libesp_routes_t *this);

	/**
	 * Remove all routes and the rules this object added.
	 */
	void (*destroy)(kernel_libesp_routes_t *this);
};

/**
 * Create the route manager for a device.
 *
 * @param ifindex	interface index of the TUN device
 * @param table		routing table (1..0xfffffffe, not 253-255)
 * @param priority	priority of the rule looking the table up
 * @return		object, NULL (logged) if rtnetlink is unavailable
 */
kernel_libesp_routes_t *kernel_libesp_routes_create(int ifindex, uint32_t table,
						    uint32_t priority);

#endif
