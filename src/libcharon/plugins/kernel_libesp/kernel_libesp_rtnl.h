/*
 * The two rtnetlink helpers the routes and the virtual IPs share: building
 * a request's attributes and sending it with an acknowledgement awaited.
 */
#ifndef KERNEL_LIBESP_RTNL_H
#define KERNEL_LIBESP_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#define RTNL_BUFSIZE 1024

/** A request or response buffer, aligned for the header. */
typedef union {
	struct nlmsghdr hdr;
	uint8_t buf[RTNL_BUFSIZE];
} rtnl_buf_t;

/** Append attribute @p type to the request in an rtnl_buf_t; false if it
 *  does not fit. */
bool rtnl_add_attr(struct nlmsghdr *hdr, unsigned short type,
		   const void *data, size_t len);

/**
 * Send @p req on @p sock (next sequence number from @p seq) and wait for
 * its acknowledgement, skipping answers to earlier requests.
 *
 * @return	0 or an errno
 */
int rtnl_request(int sock, uint32_t *seq, struct nlmsghdr *req);

#endif
