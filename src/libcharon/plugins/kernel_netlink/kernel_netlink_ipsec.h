/**
 * @file kernel_netlink_ipsec.h
 * The kernel's IPsec (XFRM over netlink) as charon's kernel_ipsec_t.
 *
 * SPIs come from XFRM_MSG_ALLOCSPI in 0xc0000000-0xcfffffff. The object
 * remembers the SAs, reservations and policies it installed: flush()
 * removes exactly those, and only their acquires and expires are
 * reported. Kernel errors are logged with the kernel's own explanation
 * and returned as FAILED (NOT_FOUND for what does not exist).
 */
#ifndef KERNEL_NETLINK_IPSEC_H
#define KERNEL_NETLINK_IPSEC_H

#include "kernel/kernel_ipsec.h"

/** Lowest and highest SPI get_spi() hands out (host order). */
#define KERNEL_NETLINK_SPI_MIN 0xc0000000u
#define KERNEL_NETLINK_SPI_MAX 0xcfffffffu

/**
 * Open the netlink sockets in the calling thread's network namespace and
 * start the event thread.
 *
 * destroy() stops the thread and frees the object but leaves the kernel's
 * SAs and policies in place: call flush() first to remove them.
 *
 * @return	NULL (logged) without XFRM netlink
 */
kernel_ipsec_t *kernel_netlink_ipsec_create(void);

#endif
