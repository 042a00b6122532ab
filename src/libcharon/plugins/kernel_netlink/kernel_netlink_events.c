/*
 * The XFRM event thread. It blocks every signal (the daemon's main thread
 * handles them) and waits in poll() for the socket or for the eventfd that
 * destroy() writes to. Events are reported without any lock held: the
 * listener checks out IKE_SAs and may call back into kernel_ipsec_t.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/xfrm.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "kernel_netlink_events.h"
#include "xfrm_convert.h"

/* Events are small; a burst of them shares one read. */
#define EVENT_BUFLEN 16384

/* Room for bursts of acquires before the kernel drops some (ENOBUFS). */
#define EVENT_RCVBUF (1024 * 1024)

typedef struct private_events_t {
	kernel_netlink_events_t public;
	kernel_netlink_events_filter_t filter;
	struct nl_sock *sk;
	int wake;
	pthread_t thread;
	uint8_t buf[EVENT_BUFLEN];
} private_events_t;

static void acquire(private_events_t *this, struct nlmsghdr *hdr)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_user_acquire *acq = nlmsg_data(hdr);
	struct xfrm_user_tmpl *tmpl;
	traffic_selector_t *src, *dst;
	char sbuf[TS_STR_LEN], dbuf[TS_STR_LEN];
	uint32_t reqid = 0;

	if (nlmsg_parse(hdr, sizeof(*acq), tb, XFRMA_MAX, NULL) < 0) {
		DBG1(DBG_KNL, "malformed XFRM acquire of %u bytes", hdr->nlmsg_len);
		return;
	}
	/* the policy's first template names the reqid to negotiate */
	if (tb[XFRMA_TMPL] && nla_len(tb[XFRMA_TMPL]) >= (int)sizeof(*tmpl)) {
		tmpl = nla_data(tb[XFRMA_TMPL]);
		reqid = tmpl->reqid;
	}
	if (!reqid || !this->filter.acquire(this->filter.ctx, reqid)) {
		DBG2(DBG_KNL, "ignoring an acquire for reqid %u, not ours", reqid);
		return;
	}
	if (!xfrm_sel_to_ts(&acq->sel, &src, &dst)) {
		DBG1(DBG_KNL, "acquire for reqid %u with an unknown address family", reqid);
		return;
	}
	DBG2(DBG_KNL, "acquire for reqid %u: %s === %s", reqid,
	     traffic_selector_to_str(src, sbuf, sizeof(sbuf)),
	     traffic_selector_to_str(dst, dbuf, sizeof(dbuf)));
	kernel_interface_acquire(reqid, src, dst);
	src->destroy(src);
	dst->destroy(dst);
}

static void expire(private_events_t *this, struct nlmsghdr *hdr)
{
	struct xfrm_user_expire *exp = nlmsg_data(hdr);
	struct xfrm_usersa_info *sa = &exp->state;
	host_t *dst;

	if (nlmsg_datalen(hdr) < (int)sizeof(*exp)) {
		DBG1(DBG_KNL, "malformed XFRM expire of %u bytes", hdr->nlmsg_len);
		return;
	}
	if (sa->id.proto != IPSEC_PROTO_ESP && sa->id.proto != IPSEC_PROTO_AH) {
		return;
	}
	dst = xfrm_addr_to_host(&sa->id.daddr, sa->family, 0);
	if (!dst) {
		return;
	}
	if (this->filter.expire(this->filter.ctx, sa->id.proto, sa->id.spi, dst,
				exp->hard != 0)) {
		DBG2(DBG_KNL, "%s expire of SA %.8x", exp->hard ? "hard" : "soft",
		     ntohl(sa->id.spi));
		kernel_interface_expire(sa->id.proto, sa->id.spi, dst, exp->hard != 0);
	}
	dst->destroy(dst);
}

static void dispatch(private_events_t *this, size_t len)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)this->buf;
	int remaining = (int)len;

	for (; nlmsg_ok(hdr, remaining); hdr = nlmsg_next(hdr, &remaining)) {
		switch (hdr->nlmsg_type) {
		case XFRM_MSG_ACQUIRE:
			if (nlmsg_datalen(hdr) >= (int)sizeof(struct xfrm_user_acquire)) {
				acquire(this, hdr);
			}
			break;
		case XFRM_MSG_EXPIRE:
			expire(this, hdr);
			break;
		default:
			break;
		}
	}
}

static void *run(void *arg)
{
	private_events_t *this = arg;
	struct pollfd pfd[2] = {
		{ .fd = nl_socket_get_fd(this->sk), .events = POLLIN },
		{ .fd = this->wake, .events = POLLIN },
	};
	sigset_t all;
	ssize_t len;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			DBG1(DBG_KNL, "waiting for XFRM events failed: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents) {
			break;
		}
		len = recv(pfd[0].fd, this->buf, sizeof(this->buf), MSG_DONTWAIT);
		if (len < 0) {
			if (errno == ENOBUFS) {
				DBG1(DBG_KNL, "XFRM events were lost, the socket buffer overflowed");
			}
			continue;
		}
		/* expires carry the SA with its keys */
		dispatch(this, (size_t)len);
		memwipe(this->buf, (size_t)len);
	}
	return NULL;
}

static void destroy(kernel_netlink_events_t *public)
{
	private_events_t *this = (private_events_t *)public;
	uint64_t one = 1;

	if (write(this->wake, &one, sizeof(one)) != sizeof(one)) {
		DBG1(DBG_KNL, "unable to wake the XFRM event thread");
	}
	pthread_join(this->thread, NULL);
	close(this->wake);
	nl_socket_free(this->sk);
	free(this);
}

kernel_netlink_events_t *kernel_netlink_events_create(
			const kernel_netlink_events_filter_t *filter)
{
	private_events_t *this = mem_zalloc(sizeof(*this));
	int err;

	this->public.destroy = destroy;
	this->filter = *filter;
	this->wake = eventfd(0, EFD_CLOEXEC);
	this->sk = nl_socket_alloc();
	if (this->wake < 0 || !this->sk) {
		goto failed;
	}
	/* events are not answers to anything */
	nl_socket_disable_seq_check(this->sk);
	err = nl_connect(this->sk, NETLINK_XFRM);
	if (!err) {
		err = nl_socket_add_memberships(this->sk, XFRMNLGRP_ACQUIRE,
						XFRMNLGRP_EXPIRE, 0);
	}
	if (err < 0) {
		DBG1(DBG_KNL, "unable to subscribe to XFRM events: %s", nl_geterror(err));
		goto failed;
	}
	nl_socket_set_buffer_size(this->sk, EVENT_RCVBUF, 0);
	if (pthread_create(&this->thread, NULL, run, this) != 0) {
		DBG1(DBG_KNL, "unable to start the XFRM event thread");
		goto failed;
	}
	return &this->public;

failed:
	if (this->sk) {
		nl_socket_free(this->sk);
	}
	if (this->wake >= 0) {
		close(this->wake);
	}
	free(this);
	return NULL;
}
