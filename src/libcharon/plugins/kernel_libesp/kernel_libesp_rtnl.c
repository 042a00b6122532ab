/*
 * rtnetlink (RFC 3549) requests, one acknowledged request at a time.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "kernel_libesp_rtnl.h"

bool rtnl_add_attr(struct nlmsghdr *hdr, unsigned short type,
		   const void *data, size_t len)
{
	struct rtattr *rta;
	size_t off = NLMSG_ALIGN(hdr->nlmsg_len);

	if (off + RTA_SPACE(len) > RTNL_BUFSIZE) {
		return false;
	}
	rta = (struct rtattr *)((uint8_t *)hdr + off);
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	hdr->nlmsg_len = (uint32_t)(off + RTA_SPACE(len));
	return true;
}

int rtnl_request(int sock, uint32_t *seq, struct nlmsghdr *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	rtnl_buf_t resp;
	struct nlmsghdr *hdr;
	struct nlmsgerr err;
	ssize_t len;
	size_t left;

	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = ++*seq;
	if (sendto(sock, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		return errno;
	}
	for (;;) {
		len = recv(sock, resp.buf, sizeof(resp.buf), 0);
		if (len < 0) {
			if (errno == EINTR) {
				continue;
			}
			return errno;
		}
		left = (size_t)len;
		for (hdr = &resp.hdr; NLMSG_OK(hdr, left); hdr = NLMSG_NEXT(hdr, left)) {
			/* skip answers to requests that timed out or failed earlier */
			if (hdr->nlmsg_seq != *seq || hdr->nlmsg_type != NLMSG_ERROR) {
				continue;
			}
			if (hdr->nlmsg_len < NLMSG_LENGTH(sizeof(err))) {
				return EBADMSG;
			}
			memcpy(&err, NLMSG_DATA(hdr), sizeof(err));
			return -err.error;
		}
	}
}
