/**
 * @file xfrm_convert.h
 * Between cygnet's hosts and traffic selectors and XFRM's addresses and
 * selectors.
 */
#ifndef XFRM_CONVERT_H
#define XFRM_CONVERT_H

#include <linux/xfrm.h>

#include "library.h"
#include "networking/host.h"
#include "selectors/traffic_selector.h"

/**
 * Copy the address of @p host into @p addr.
 *
 * @return	AF_INET or AF_INET6, 0 for a NULL host
 */
uint16_t xfrm_addr_from_host(host_t *host, xfrm_address_t *addr);

/** A new host for an XFRM address of @p family, NULL for other families. */
host_t *xfrm_addr_to_host(const xfrm_address_t *addr, uint16_t family,
			  uint16_t port);

/**
 * The selector of traffic from @p src to @p dst. XFRM knows only subnets
 * and port/mask pairs, so a range that is neither is widened to the
 * smallest one containing it (and logged). ICMP type and code are taken
 * from whichever selector restricts its ports, source first.
 *
 * @return	false (logged) if the families differ
 */
bool xfrm_sel_from_ts(traffic_selector_t *src, traffic_selector_t *dst,
		      struct xfrm_selector *sel);

/**
 * Traffic selectors for a kernel selector (of an acquire). ICMP type and
 * code go into the source selector's ports.
 *
 * @return	false for an unknown family; else both are set (new objects)
 */
bool xfrm_sel_to_ts(const struct xfrm_selector *sel, traffic_selector_t **src,
		    traffic_selector_t **dst);

/**
 * A wall-clock time the kernel reports, in seconds of the monotonic clock
 * cygnet uses for "last used" (time_monotonic()); 0 (never) stays 0.
 */
time_t xfrm_time_to_monotonic(uint64_t wall);

#endif
