/**
 * @file kernel_libesp_vip.h
 * Virtual IPs on the TUN device, like `ip addr add 10.3.0.1/32 dev ipsec0`.
 * Once there, the routes of table 220 pick them as source for the remote
 * subnets (kernel_libesp_policies.c looks for an address of ours inside
 * the local selector). Reference counted: an IKE_SA replacing another may
 * add the same address before the old one removes it.
 */
#ifndef KERNEL_LIBESP_VIP_H
#define KERNEL_LIBESP_VIP_H

#include <library.h>
#include <networking/host.h>
#include <kernel/kernel_net.h>

typedef struct kernel_libesp_vip_t kernel_libesp_vip_t;

struct kernel_libesp_vip_t {
	/** The handler to pass to kernel_net_set_vip_ops(). */
	kernel_net_vip_ops_t ops;
	/** Remove the addresses still installed and free. */
	void (*destroy)(kernel_libesp_vip_t *this);
};

/**
 * @param ifname	the TUN device
 * @return		object, NULL (logged) if rtnetlink or the device is missing
 */
kernel_libesp_vip_t *kernel_libesp_vip_create(const char *ifname);

#endif
