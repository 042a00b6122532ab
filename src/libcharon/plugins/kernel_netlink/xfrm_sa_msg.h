/**
 * @file xfrm_sa_msg.h
 * The XFRM messages that create, reserve, read and remove SAs. Built
 * apart from sending, so tests can inspect what would reach the kernel.
 */
#ifndef XFRM_SA_MSG_H
#define XFRM_SA_MSG_H

#include <netlink/msg.h>

#include "kernel/kernel_ipsec.h"

/** Largest anti-replay window XFRM accepts (bits of XFRMA_REPLAY_ESN_MAX). */
#define XFRM_REPLAY_WINDOW_MAX 32768

/**
 * XFRM_MSG_NEWSA, or XFRM_MSG_UPDSA if @p update, for add_sa(). The
 * message holds the keys: wipe it before freeing (xfrm_socket_t does).
 *
 * @return	NULL (logged) for an algorithm, key or address XFRM cannot
 *		take
 */
struct nl_msg *xfrm_sa_msg_add(kernel_ipsec_sa_id_t *id,
			       kernel_ipsec_add_sa_t *data, bool update);

/** XFRM_MSG_GETSA or XFRM_MSG_DELSA (@p type) for the SA @p id. */
struct nl_msg *xfrm_sa_msg_id(int type, kernel_ipsec_sa_id_t *id);

/** XFRM_MSG_ALLOCSPI: reserve an SPI in [@p min, @p max] (host order). */
struct nl_msg *xfrm_sa_msg_allocspi(host_t *src, host_t *dst, uint8_t proto,
				    uint32_t min, uint32_t max);

#endif
