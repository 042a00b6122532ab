/*
 * Requests over NETLINK_XFRM. libnl builds and addresses the messages;
 * the answers are read here into one buffer of our own, so that SA dumps
 * (which carry keys) can be wiped before the memory is reused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/attr.h>

#include "xfrm_socket.h"

/* Big enough for any single XFRM answer; a dump needs several reads. */
#define RECV_BUFLEN 32768

/* The kernel always answers; this only guards against a wedged socket. */
#define RECV_TIMEOUT_S 10

typedef struct private_xfrm_socket_t {
	xfrm_socket_t public;
	struct nl_sock *sk;
	/* one request at a time: answers are matched by sequence number */
	pthread_mutex_t mutex;
	uint8_t *buf;
} private_xfrm_socket_t;

char *xfrm_socket_error_str(int err, const char *errtext, char *buf, size_t len)
{
	char sys[64];
	const char *msg = strerror_r(err < 0 ? -err : err, sys, sizeof(sys));

	if (errtext && *errtext) {
		snprintf(buf, len, "%s: %s", msg, errtext);
	} else {
		snprintf(buf, len, "%s", msg);
	}
	return buf;
}

/* The extended ack's text, behind the error and the (capped) request. */
static void read_extack(struct nlmsghdr *hdr, char *errtext)
{
	struct nlmsgerr *err = nlmsg_data(hdr);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t offset = sizeof(*err);
	int len;

	if (!errtext || !(hdr->nlmsg_flags & NLM_F_ACK_TLVS)) {
		return;
	}
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED)) {
		offset += err->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	len = (int)hdr->nlmsg_len - NLMSG_HDRLEN - (int)offset;
	if (len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((uint8_t *)err + offset),
		      len, NULL) < 0 || !tb[NLMSGERR_ATTR_MSG]) {
		return;
	}
	/* nla_strlcpy stops at the attribute's end even without a NUL */
	nla_strlcpy(errtext, tb[NLMSGERR_ATTR_MSG], XFRM_SOCKET_ERRLEN);
}

/* Read answers to @p seq until the ack, an error or the end of a dump. */
static int receive(private_xfrm_socket_t *this, uint32_t seq,
		   xfrm_socket_reply_t reply, void *ctx, char *errtext)
{
	int fd = nl_socket_get_fd(this->sk), result = 0, remaining;
	uint32_t port = nl_socket_get_local_port(this->sk);
	struct nlmsghdr *hdr;
	bool done = false;
	ssize_t len;

	while (!done) {
		len = recv(fd, this->buf, RECV_BUFLEN, MSG_TRUNC);
		if (len < 0) {
			if (errno == EINTR) {
				continue;
			}
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		}
		if (len > RECV_BUFLEN) {
			memwipe(this->buf, RECV_BUFLEN);
			return -EMSGSIZE;
		}
		remaining = (int)len;
		for (hdr = (struct nlmsghdr *)this->buf; nlmsg_ok(hdr, remaining);
		     hdr = nlmsg_next(hdr, &remaining)) {
			if (hdr->nlmsg_seq != seq || hdr->nlmsg_pid != port) {
				continue;	/* late answer to an abandoned request */
			}
			if (hdr->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else if (hdr->nlmsg_type == NLMSG_ERROR) {
				if (hdr->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
					result = -EBADMSG;
				} else {
					result = ((struct nlmsgerr *)nlmsg_data(hdr))->error;
					if (result) {
						read_extack(hdr, errtext);
					}
				}
				done = true;
			} else if (reply) {
				reply(ctx, hdr);
			}
		}
		memwipe(this->buf, (size_t)len);
	}
	return result > 0 ? -result : result;
}

static int request(xfrm_socket_t *public, struct nl_msg *msg,
		   xfrm_socket_reply_t reply, void *ctx, char *errtext)
{
	private_xfrm_socket_t *this = (private_xfrm_socket_t *)public;
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	int err;

	if (errtext) {
		*errtext = '\0';
	}
	pthread_mutex_lock(&this->mutex);
	/* completes port, sequence number, NLM_F_REQUEST and NLM_F_ACK */
	errno = 0;
	err = nl_send_auto(this->sk, msg);
	if (err < 0) {
		DBG1(DBG_KNL, "sending an XFRM request failed: %s", nl_geterror(err));
		err = errno ? -errno : -EIO;
	} else {
		err = receive(this, hdr->nlmsg_seq, reply, ctx, errtext);
	}
	pthread_mutex_unlock(&this->mutex);
	memwipe(hdr, hdr->nlmsg_len);
	nlmsg_free(msg);
	return err;
}

static void destroy(xfrm_socket_t *public)
{
	private_xfrm_socket_t *this = (private_xfrm_socket_t *)public;

	nl_socket_free(this->sk);
	pthread_mutex_destroy(&this->mutex);
	free(this->buf);
	free(this);
}

xfrm_socket_t *xfrm_socket_create(void)
{
	private_xfrm_socket_t *this;
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	int on = 1, fd, err;

	this = mem_zalloc(sizeof(*this));
	this->public = (xfrm_socket_t){
		.request = request,
		.destroy = destroy,
	};
	this->sk = nl_socket_alloc();
	if (!this->sk) {
		free(this);
		return NULL;
	}
	err = nl_connect(this->sk, NETLINK_XFRM);
	if (err < 0) {
		DBG1(DBG_KNL, "unable to open an XFRM netlink socket: %s", nl_geterror(err));
		nl_socket_free(this->sk);
		free(this);
		return NULL;
	}
	fd = nl_socket_get_fd(this->sk);
	/* both are optional: without them errors are just less talkative and
	 * the echoed request lands in our (wiped) buffer */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	pthread_mutex_init(&this->mutex, NULL);
	this->buf = mem_zalloc(RECV_BUFLEN);
	return &this->public;
}
