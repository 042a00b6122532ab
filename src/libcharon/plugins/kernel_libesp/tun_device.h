/**
 * @file tun_device.h
 * A layer-3 TUN interface (IFF_TUN, IFF_NO_PI) carrying the cleartext side
 * of kernel-libesp, configured through ioctl and rtnetlink without running
 * external tools.
 *
 * With several queues (IFF_MULTI_QUEUE) the kernel spreads flows across
 * one file descriptor per queue, so each worker thread reads its own.
 * The interface exists as long as the object does.
 */
#ifndef TUN_DEVICE_H
#define TUN_DEVICE_H

#include <library.h>

typedef struct tun_device_t tun_device_t;

struct tun_device_t {

	/**
	 * Non-blocking file descriptor of a queue; read() yields one IP
	 * packet, write() injects one.
	 *
	 * @param queue		0 .. get_queues() - 1
	 * @return		descriptor, -1 for a bad index
	 */
	int (*get_fd)(tun_device_t *this, unsigned int queue);

	/**
	 * Number of queues.
	 */
	unsigned int (*get_queues)(tun_device_t *this);

	/**
	 * Interface name the kernel assigned.
	 */
	const char *(*get_name)(tun_device_t *this);

	/**
	 * Interface index.
	 */
	int (*get_ifindex)(tun_device_t *this);

	/**
	 * Set the MTU.
	 */
	bool (*set_mtu)(tun_device_t *this, int mtu);

	/**
	 * Current MTU, -1 on error.
	 */
	int (*get_mtu)(tun_device_t *this);

	/**
	 * Bring the interface up or down.
	 */
	bool (*set_up)(tun_device_t *this, bool up);

	/**
	 * Add an address to the interface.
	 *
	 * @param family	AF_INET or AF_INET6
	 * @param addr		4 or 16 bytes, network order
	 * @param prefix	prefix length
	 */
	bool (*add_address)(tun_device_t *this, int family, const void *addr,
			    unsigned int prefix);

	/**
	 * Remove an address added with add_address().
	 */
	bool (*del_address)(tun_device_t *this, int family, const void *addr,
			    unsigned int prefix);

	/**
	 * Route a destination prefix into the interface.
	 *
	 * @param family	AF_INET or AF_INET6
	 * @param dst		network address, 4 or 16 bytes
	 * @param prefix	prefix length
	 * @param table		routing table, e.g. 220; 0 for main
	 */
	bool (*add_route)(tun_device_t *this, int family, const void *dst,
			  unsigned int prefix, uint32_t table);

	/**
	 * Remove a route added with add_route().
	 */
	bool (*del_route)(tun_device_t *this, int family, const void *dst,
			  unsigned int prefix, uint32_t table);

	/**
	 * Close all queues, which removes the interface.
	 */
	void (*destroy)(tun_device_t *this);
};

/**
 * Create a TUN interface.
 *
 * @param name		name or template like "ipsec%d"; NULL for "ipsec%d"
 * @param queues	number of queues, 0 or 1 for a single-queue device
 * @return		device, NULL (logged) without /dev/net/tun or
 *			CAP_NET_ADMIN
 */
tun_device_t *tun_device_create(const char *name, unsigned int queues);

#endif
