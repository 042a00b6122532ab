/*
 * IKE over UDP: one socket per family and port, bound to the any-address.
 *
 * Each socket asks for the packet's destination address (IP_PKTINFO,
 * IPV6_RECVPKTINFO) so replies leave from the address the peer used, which
 * matters on hosts with several addresses. Received datagrams are read in
 * batches (recvmmsg); IKE packets are queued and handed out one per
 * receive() call, ESP-in-UDP goes straight to the ESP handler without
 * allocating (the host objects it gets are cached between packets).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "socket_default_socket.h"
#include "collections/linked_list.h"
#include "encoding/message.h"
#include "network/net_counters.h"
#include "settings/settings.h"

/* datagrams read per recvmmsg() call */
#define BATCH 16

/* the RFC 3948 non-ESP marker in front of IKE on the NAT-T port */
#define MARKER_LEN 4

/* room for one pktinfo control message of either family */
#define CTRL_LEN CMSG_SPACE(sizeof(struct in6_pktinfo))

enum { FAM_V4, FAM_V6, FAM_MAX };
enum { KIND_IKE, KIND_NATT, KIND_MAX };

typedef struct private_socket_t {
	socket_t public;
	/* fds[family][kind], -1 where not open */
	int fds[FAM_MAX][KIND_MAX];
	uint16_t ports[KIND_MAX];
	/* eventfd made readable once by shutdown() and never drained */
	int wake_fd;
	bool down;
	size_t max_packet;

	/* receive state, one receiver at a time */
	pthread_mutex_t recv_lock;
	linked_list_t *pending;
	uint8_t *bufs;
	struct mmsghdr msgs[BATCH];
	struct iovec iovs[BATCH];
	struct sockaddr_storage names[BATCH];
	uint8_t ctrl[BATCH][CTRL_LEN];

	/* held for reading while the handler runs, so clearing it waits */
	pthread_rwlock_t esp_lock;
	socket_esp_handler_t esp_handler;
	void *esp_ctx;
	host_t *esp_src;
	host_t *esp_dst;
} private_socket_t;

static int fam_index(int family)
{
	return family == AF_INET6 ? FAM_V6 : FAM_V4;
}

static const char *fam_name(int fam)
{
	return fam == FAM_V6 ? "IPv6" : "IPv4";
}

/* the local address from IP_PKTINFO/IPV6_PKTINFO, with the socket's port */
static void local_sockaddr(struct msghdr *hdr, int fam, uint16_t port,
			   struct sockaddr_storage *out)
{
	struct cmsghdr *cmsg;

	memset(out, 0, sizeof(*out));
	if (fam == FAM_V4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
	}
	for (cmsg = CMSG_FIRSTHDR(hdr); cmsg; cmsg = CMSG_NXTHDR(hdr, cmsg)) {
		if (fam == FAM_V4 && cmsg->cmsg_level == IPPROTO_IP &&
		    cmsg->cmsg_type == IP_PKTINFO &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cmsg), sizeof(pi));
			((struct sockaddr_in *)out)->sin_addr = pi.ipi_addr;
		} else if (fam == FAM_V6 && cmsg->cmsg_level == IPPROTO_IPV6 &&
			   cmsg->cmsg_type == IPV6_PKTINFO &&
			   cmsg->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cmsg), sizeof(pi));
			((struct sockaddr_in6 *)out)->sin6_addr = pi.ipi6_addr;
		}
	}
}

/* true if @p host has the address and port of @p sa */
static bool host_matches(host_t *host, const struct sockaddr *sa)
{
	chunk_t addr;

	if (!host || host->get_family(host) != sa->sa_family) {
		return false;
	}
	addr = host->get_address(host);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

		return host->get_port(host) == ntohs(sin->sin_port) &&
		       addr.len == 4 && memcmp(addr.ptr, &sin->sin_addr, 4) == 0;
	}
	{
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

		return host->get_port(host) == ntohs(sin6->sin6_port) &&
		       addr.len == 16 && memcmp(addr.ptr, &sin6->sin6_addr, 16) == 0;
	}
}

/* the cached host for @p sa, replaced only when the address changes */
static host_t *cached_host(host_t **cache, const struct sockaddr *sa)
{
	if (!host_matches(*cache, sa)) {
		DESTROY_IF(*cache);
		*cache = host_create_from_sockaddr(sa);
	}
	return *cache;
}

static void deliver_esp(private_socket_t *this, const struct sockaddr *src,
			const struct sockaddr *dst, chunk_t data)
{
	host_t *s, *d;

	pthread_rwlock_rdlock(&this->esp_lock);
	if (!this->esp_handler) {
		pthread_rwlock_unlock(&this->esp_lock);
		net_drop(NET_CNT_ESP_DROPPED, __func__,
			 "ESP-in-UDP packet (%zu bytes) but no ESP handler", data.len);
		return;
	}
	s = cached_host(&this->esp_src, src);
	d = cached_host(&this->esp_dst, dst);
	if (s && d) {
		net_counter_inc(NET_CNT_ESP);
		this->esp_handler(this->esp_ctx, s, d, data);
	}
	pthread_rwlock_unlock(&this->esp_lock);
}

/* sort one datagram: IKE is queued, the rest is handled or dropped here */
static void handle_datagram(private_socket_t *this, int fam, int kind,
			    struct msghdr *hdr, size_t len)
{
	struct sockaddr_storage local;
	const struct sockaddr *src = hdr->msg_name;
	chunk_t data = chunk_create(hdr->msg_iov->iov_base, len);
	host_t *from, *to;
	packet_t *packet;

	if (hdr->msg_flags & MSG_TRUNC) {
		net_drop(NET_CNT_OVERSIZED, __func__,
			 "datagram larger than max_packet %zu", this->max_packet);
		return;
	}
	if (hdr->msg_namelen < sizeof(struct sockaddr_in) ||
	    (src->sa_family != AF_INET && src->sa_family != AF_INET6)) {
		return;
	}
	local_sockaddr(hdr, fam, this->ports[kind], &local);
	if (kind == KIND_NATT) {
		if (len == 1 && data.ptr[0] == 0xff) {
			net_counter_inc(NET_CNT_KEEPALIVE);
			return;
		}
		if (len < MARKER_LEN) {
			net_drop(NET_CNT_ESP_DROPPED, __func__,
				 "%zu byte datagram on NAT-T port", len);
			return;
		}
		if (memcmp(data.ptr, "\0\0\0\0", MARKER_LEN) != 0) {
			deliver_esp(this, src, (struct sockaddr *)&local, data);
			return;
		}
		data = chunk_skip(data, MARKER_LEN);
	}
	if (data.len < IKE_HEADER_SIZE) {
		net_drop(NET_CNT_TOO_SHORT, __func__, "%zu byte IKE packet, need %d",
			 data.len, IKE_HEADER_SIZE);
		return;
	}
	from = host_create_from_sockaddr(src);
	to = host_create_from_sockaddr((struct sockaddr *)&local);
	if (!from || !to) {
		DESTROY_IF(from);
		DESTROY_IF(to);
		return;
	}
	packet = packet_create_from_data(from, to, chunk_clone(data));
	this->pending->insert_last(this->pending, packet);
	net_counter_inc(NET_CNT_RECEIVED);
}

static void read_batch(private_socket_t *this, int fam, int kind)
{
	int i, n;

	for (i = 0; i < BATCH; i++) {
		this->iovs[i] = (struct iovec){
			.iov_base = this->bufs + (size_t)i * this->max_packet,
			.iov_len = this->max_packet,
		};
		this->msgs[i].msg_hdr = (struct msghdr){
			.msg_name = &this->names[i],
			.msg_namelen = sizeof(this->names[i]),
			.msg_iov = &this->iovs[i],
			.msg_iovlen = 1,
			.msg_control = this->ctrl[i],
			.msg_controllen = sizeof(this->ctrl[i]),
		};
		this->msgs[i].msg_len = 0;
	}
	n = recvmmsg(this->fds[fam][kind], this->msgs, BATCH, MSG_DONTWAIT, NULL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			DBG1(DBG_NET, "receiving from %s port %u failed: %s",
			     fam_name(fam), this->ports[kind], strerror(errno));
		}
		return;
	}
	for (i = 0; i < n; i++) {
		handle_datagram(this, fam, kind, &this->msgs[i].msg_hdr,
				this->msgs[i].msg_len);
	}
}

static status_t receive(socket_t *public, packet_t **packet)
{
	private_socket_t *this = (private_socket_t *)public;
	struct pollfd pfds[1 + FAM_MAX * KIND_MAX];
	int which[FAM_MAX * KIND_MAX][2];
	int fam, kind, count, i;
	status_t status = NOT_SUPPORTED;
	void *item;

	pthread_mutex_lock(&this->recv_lock);
	while (true) {
		if (this->pending->remove_first(this->pending, &item) == SUCCESS) {
			*packet = item;
			status = SUCCESS;
			break;
		}
		if (__atomic_load_n(&this->down, __ATOMIC_ACQUIRE)) {
			break;
		}
		pfds[0] = (struct pollfd){ .fd = this->wake_fd, .events = POLLIN };
		count = 1;
		for (fam = 0; fam < FAM_MAX; fam++) {
			for (kind = 0; kind < KIND_MAX; kind++) {
				if (this->fds[fam][kind] >= 0) {
					pfds[count] = (struct pollfd){
						.fd = this->fds[fam][kind],
						.events = POLLIN,
					};
					which[count - 1][0] = fam;
					which[count - 1][1] = kind;
					count++;
				}
			}
		}
		if (poll(pfds, count, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			DBG1(DBG_NET, "waiting for packets failed: %s", strerror(errno));
			status = FAILED;
			break;
		}
		if (pfds[0].revents) {
			break;
		}
		for (i = 1; i < count; i++) {
			if (pfds[i].revents & (POLLIN | POLLERR)) {
				read_batch(this, which[i - 1][0], which[i - 1][1]);
			}
		}
	}
	pthread_mutex_unlock(&this->recv_lock);
	return status;
}

/* pktinfo that makes the packet leave from @p src (an address of ours) */
static void set_source(struct msghdr *msg, uint8_t *ctrl, size_t ctrl_len,
		       host_t *src)
{
	struct cmsghdr *cmsg;
	chunk_t addr = src->get_address(src);

	memset(ctrl, 0, ctrl_len);
	msg->msg_control = ctrl;
	msg->msg_controllen = ctrl_len;
	cmsg = CMSG_FIRSTHDR(msg);
	if (src->get_family(src) == AF_INET) {
		struct in_pktinfo pi = { 0 };

		memcpy(&pi.ipi_spec_dst, addr.ptr, 4);
		cmsg->cmsg_level = IPPROTO_IP;
		cmsg->cmsg_type = IP_PKTINFO;
		cmsg->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cmsg), &pi, sizeof(pi));
		msg->msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in6_pktinfo pi = { 0 };

		memcpy(&pi.ipi6_addr, addr.ptr, 16);
		cmsg->cmsg_level = IPPROTO_IPV6;
		cmsg->cmsg_type = IPV6_PKTINFO;
		cmsg->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cmsg), &pi, sizeof(pi));
		msg->msg_controllen = CMSG_SPACE(sizeof(pi));
	}
}

static status_t send_on(private_socket_t *this, int kind, host_t *src,
			host_t *dst, chunk_t data, bool marker)
{
	uint8_t zero[MARKER_LEN] = { 0 };
	uint8_t ctrl[CTRL_LEN];
	struct iovec iov[2];
	struct msghdr msg = { 0 };
	char buf[HOST_STR_LEN];
	int fam, n = 0, fd;

	if (!dst || (dst->get_family(dst) != AF_INET &&
		     dst->get_family(dst) != AF_INET6)) {
		return INVALID_ARG;
	}
	fam = fam_index(dst->get_family(dst));
	fd = this->fds[fam][kind];
	if (fd < 0) {
		DBG1(DBG_NET, "no %s socket on port %u to send to %s", fam_name(fam),
		     this->ports[kind], host_to_str_port(dst, buf, sizeof(buf)));
		return FAILED;
	}
	if (marker) {
		iov[n++] = (struct iovec){ .iov_base = zero, .iov_len = MARKER_LEN };
	}
	iov[n++] = (struct iovec){ .iov_base = data.ptr, .iov_len = data.len };
	msg.msg_name = dst->get_sockaddr(dst);
	msg.msg_namelen = dst->get_sockaddr_len(dst);
	msg.msg_iov = iov;
	msg.msg_iovlen = n;
	if (src && !src->is_anyaddr(src) &&
	    src->get_family(src) == dst->get_family(dst)) {
		set_source(&msg, ctrl, sizeof(ctrl), src);
	}
	if (sendmsg(fd, &msg, 0) < 0) {
		DBG1(DBG_NET, "sending %zu bytes to %s failed: %s", data.len,
		     host_to_str_port(dst, buf, sizeof(buf)), strerror(errno));
		return FAILED;
	}
	return SUCCESS;
}

/*
 * IKE leaves from the NAT-T socket, behind the marker, when its source is
 * our NAT-T port or it goes to a peer's NAT-T port (RFC 7296 §2.23 lets an
 * initiator start there). A reply from the IKE port to some other port (a
 * NAT mapped the peer's 500) goes out plain: the peer reads it on its 500.
 */
static status_t send_(socket_t *public, packet_t *packet)
{
	private_socket_t *this = (private_socket_t *)public;
	host_t *src = packet->get_source(packet), *dst = packet->get_destination(packet);
	uint16_t sport, dport;
	bool natt;

	if (!dst) {
		return INVALID_ARG;
	}
	sport = src ? src->get_port(src) : 0;
	dport = dst->get_port(dst);
	natt = (sport && sport == this->ports[KIND_NATT]) || dport == IKEV2_NATT_PORT;
	return send_on(this, natt ? KIND_NATT : KIND_IKE, src, dst,
		       packet->get_data(packet), natt);
}

static status_t send_esp(socket_t *public, host_t *src, host_t *dst, chunk_t data)
{
	return send_on((private_socket_t *)public, KIND_NATT, src, dst, data, false);
}

static int get_esp_fd(socket_t *public, int family)
{
	private_socket_t *this = (private_socket_t *)public;

	if (family != AF_INET && family != AF_INET6) {
		return -1;
	}
	return this->fds[fam_index(family)][KIND_NATT];
}

static void set_esp_handler(socket_t *public, socket_esp_handler_t handler, void *ctx)
{
	private_socket_t *this = (private_socket_t *)public;

	pthread_rwlock_wrlock(&this->esp_lock);
	this->esp_handler = handler;
	this->esp_ctx = ctx;
	pthread_rwlock_unlock(&this->esp_lock);
}

static uint16_t get_port(socket_t *public, bool nat_t)
{
	return ((private_socket_t *)public)->ports[nat_t ? KIND_NATT : KIND_IKE];
}

static void shutdown_(socket_t *public)
{
	private_socket_t *this = (private_socket_t *)public;
	uint64_t one = 1;

	__atomic_store_n(&this->down, true, __ATOMIC_RELEASE);
	if (write(this->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
		DBG1(DBG_NET, "waking receivers failed: %s", strerror(errno));
	}
}

static void destroy_packet(void *item)
{
	packet_t *packet = item;

	packet->destroy(packet);
}

static void destroy(socket_t *public)
{
	private_socket_t *this = (private_socket_t *)public;
	int fam, kind;

	for (fam = 0; fam < FAM_MAX; fam++) {
		for (kind = 0; kind < KIND_MAX; kind++) {
			if (this->fds[fam][kind] >= 0) {
				close(this->fds[fam][kind]);
			}
		}
	}
	if (this->wake_fd >= 0) {
		close(this->wake_fd);
	}
	this->pending->destroy_function(this->pending, destroy_packet);
	DESTROY_IF(this->esp_src);
	DESTROY_IF(this->esp_dst);
	pthread_rwlock_destroy(&this->esp_lock);
	pthread_mutex_destroy(&this->recv_lock);
	free(this->bufs);
	free(this);
}

static bool set_opt(int fd, int level, int name, const char *what)
{
	int on = 1;

	if (setsockopt(fd, level, name, &on, sizeof(on)) < 0) {
		DBG1(DBG_NET, "setting %s failed: %s", what, strerror(errno));
		return false;
	}
	return true;
}

/* a UDP socket on the any-address; *port 0 becomes the port the kernel chose */
static int open_socket(int family, uint16_t *port)
{
	struct sockaddr_storage addr = { 0 };
	socklen_t len;
	int fd;

	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		DBG1(DBG_NET, "opening %s socket failed: %s",
		     family == AF_INET ? "IPv4" : "IPv6", strerror(errno));
		return -1;
	}
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&addr;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(*port);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&addr;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(*port);
		len = sizeof(*sin6);
	}
	if (!set_opt(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR") ||
	    (family == AF_INET &&
	     !set_opt(fd, IPPROTO_IP, IP_PKTINFO, "IP_PKTINFO")) ||
	    (family == AF_INET6 &&
	     (!set_opt(fd, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY") ||
	      !set_opt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO")))) {
		close(fd);
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&addr, len) < 0) {
		DBG1(DBG_NET, "binding %s socket to port %u failed: %s",
		     family == AF_INET ? "IPv4" : "IPv6", *port, strerror(errno));
		close(fd);
		return -1;
	}
	if (*port == 0) {
		if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
			close(fd);
			return -1;
		}
		*port = ntohs(family == AF_INET ?
			      ((struct sockaddr_in *)&addr)->sin_port :
			      ((struct sockaddr_in6 *)&addr)->sin6_port);
	}
	return fd;
}

static int read_port(const char *key, int def)
{
	int port = lib->settings->get_int(lib->settings, "%s.%s", def, lib->ns, key);

	if (port < 0 || port > UINT16_MAX) {
		DBG1(DBG_NET, "%s.%s = %d is not a port, using %d", lib->ns, key,
		     port, def);
		port = def;
	}
	return port;
}

socket_t *socket_default_socket_create(void)
{
	private_socket_t *this;
	bool use[FAM_MAX];
	int fam, kind, opened = 0;
	int max_packet;

	this = mem_zalloc(sizeof(*this));
	this->public = (socket_t){
		.receive = receive,
		.send = send_,
		.send_esp = send_esp,
		.get_esp_fd = get_esp_fd,
		.set_esp_handler = set_esp_handler,
		.get_port = get_port,
		.shutdown = shutdown_,
		.destroy = destroy,
	};
	memset(this->fds, -1, sizeof(this->fds));
	this->pending = linked_list_create();
	pthread_mutex_init(&this->recv_lock, NULL);
	pthread_rwlock_init(&this->esp_lock, NULL);
	this->ports[KIND_IKE] = read_port("port", IKEV2_UDP_PORT);
	this->ports[KIND_NATT] = read_port("port_nat_t", IKEV2_NATT_PORT);
	max_packet = lib->settings->get_int(lib->settings, "%s.max_packet", 10000,
					    lib->ns);
	this->max_packet = max_packet >= 1280 && max_packet <= 65535 ? max_packet : 10000;
	this->bufs = malloc(this->max_packet * BATCH);
	this->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!this->bufs || this->wake_fd < 0) {
		DBG1(DBG_NET, "socket set-up failed: %s", strerror(errno));
		destroy(&this->public);
		return NULL;
	}
	if (this->ports[KIND_IKE] && this->ports[KIND_IKE] == this->ports[KIND_NATT]) {
		DBG1(DBG_NET, "%s.port and %s.port_nat_t must differ (both %u)",
		     lib->ns, lib->ns, this->ports[KIND_IKE]);
		destroy(&this->public);
		return NULL;
	}
	use[FAM_V4] = lib->settings->get_bool(lib->settings,
				"%s.plugins.socket-default.use_ipv4", true, lib->ns);
	use[FAM_V6] = lib->settings->get_bool(lib->settings,
				"%s.plugins.socket-default.use_ipv6", true, lib->ns);
	for (fam = 0; fam < FAM_MAX; fam++) {
		for (kind = 0; use[fam] && kind < KIND_MAX; kind++) {
			/* a port the kernel picked is reused for the other family */
			this->fds[fam][kind] = open_socket(fam == FAM_V4 ? AF_INET : AF_INET6,
							   &this->ports[kind]);
			if (this->fds[fam][kind] >= 0) {
				opened++;
				DBG2(DBG_NET, "listening on %s port %u", fam_name(fam),
				     this->ports[kind]);
			}
		}
	}
	if (!opened) {
		DBG1(DBG_NET, "could not open any IKE socket");
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
