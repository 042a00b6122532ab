/*
 * kernel-libesp through its kernel_ipsec_t, end to end: two instances,
 * each in a network namespace of its own (A: 198.51.100.0/26, B:
 * 198.51.100.64/26), exchange real pings through add_sa()/add_policy().
 * Their "IKE sockets" are fakes on 127.0.0.1:4500 and 127.0.0.2:4500,
 * both created in A, so the ESP-in-UDP packets cross over A's loopback.
 *
 * Routes, the TUN devices and local address look-ups follow the thread's
 * namespace, so the test enters A or B (setns) before it talks to that
 * instance. Needs root and /dev/net/tun; skipped (exit 77) otherwise.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_runner.h"
#include <kernel/kernel_ipsec.h>
#include <plugins/plugin_loader.h>
#include <settings/settings.h>

#include "kernel_libesp_events.h"
#include "kernel_libesp_ipsec.h"
#include "kernel_libesp_plugin.h"
#include "tun_device.h"

#define SPI_AB 0x1001
#define SPI_BA 0x2002
#define REQID 1

/* ------------------------------------------------------------------ */
/* A fake IKE socket: one UDP socket whose ESP goes to the handler      */

typedef struct {
	socket_t public;
	int fd;
	int wake;
	pthread_t thread;
	pthread_rwlock_t lock;
	socket_esp_handler_t handler;
	void *ctx;
	host_t *local;
} fake_socket_t;

static void *fake_receive(void *arg)
{
	fake_socket_t *this = arg;
	struct pollfd pfd[2] = {
		{ .fd = this->fd, .events = POLLIN },
		{ .fd = this->wake, .events = POLLIN },
	};
	struct sockaddr_storage from;
	socklen_t fromlen;
	uint8_t buf[2048];
	host_t *src;
	ssize_t len;

	while (poll(pfd, 2, -1) > 0 && !pfd[1].revents) {
		fromlen = sizeof(from);
		len = recvfrom(this->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			       &fromlen);
		/* IKE (behind four zero bytes) and keepalives are not tested here */
		if (len < 8 || memcmp(buf, "\0\0\0\0", 4) == 0) {
			continue;
		}
		src = host_create_from_sockaddr((struct sockaddr *)&from);
		pthread_rwlock_rdlock(&this->lock);
		if (this->handler) {
			this->handler(this->ctx, src, this->local,
				      chunk_create(buf, (size_t)len));
		}
		pthread_rwlock_unlock(&this->lock);
		src->destroy(src);
	}
	return NULL;
}

static int fake_get_esp_fd(socket_t *public, int family)
{
	fake_socket_t *this = (fake_socket_t *)public;

	return family == AF_INET ? this->fd : -1;
}

static void fake_set_esp_handler(socket_t *public, socket_esp_handler_t handler,
				 void *ctx)
{
	fake_socket_t *this = (fake_socket_t *)public;

	pthread_rwlock_wrlock(&this->lock);
	this->handler = handler;
	this->ctx = ctx;
	pthread_rwlock_unlock(&this->lock);
}

static void fake_destroy(socket_t *public)
{
	fake_socket_t *this = (fake_socket_t *)public;
	uint64_t one = 1;

	ck_assert_int_eq(write(this->wake, &one, sizeof(one)), sizeof(one));
	pthread_join(this->thread, NULL);
	close(this->fd);
	close(this->wake);
	this->local->destroy(this->local);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

static socket_t *fake_socket_create(const char *addr)
{
	fake_socket_t *this = mem_zalloc(sizeof(*this));

	this->public = (socket_t){
		.get_esp_fd = fake_get_esp_fd,
		.set_esp_handler = fake_set_esp_handler,
		.destroy = fake_destroy,
	};
	this->local = host_create_from_string(addr, 4500);
	this->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(this->fd, 0);
	ck_assert_int_eq(bind(this->fd, this->local->get_sockaddr(this->local),
			      this->local->get_sockaddr_len(this->local)), 0);
	this->wake = eventfd(0, EFD_CLOEXEC);
	pthread_rwlock_init(&this->lock, NULL);
	ck_assert_int_eq(pthread_create(&this->thread, NULL, fake_receive, this), 0);
	return &this->public;
}

/* ------------------------------------------------------------------ */
/* Events charon would get                                              */

typedef struct {
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	int acquires;
	uint32_t acquire_reqid;
	char acquire_src[TS_STR_LEN];
	char acquire_dst[TS_STR_LEN];
	int soft;
	int hard;
	uint32_t expire_spi;
	uint8_t expire_proto;
	char expire_dst[HOST_STR_LEN];
} events_t;

static events_t ev = {
	.mutex = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static void on_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	pthread_mutex_lock(&ev.mutex);
	ev.acquires++;
	ev.acquire_reqid = reqid;
	traffic_selector_to_str(src, ev.acquire_src, sizeof(ev.acquire_src));
	traffic_selector_to_str(dst, ev.acquire_dst, sizeof(ev.acquire_dst));
	pthread_cond_broadcast(&ev.cond);
	pthread_mutex_unlock(&ev.mutex);
}

static void on_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	pthread_mutex_lock(&ev.mutex);
	if (hard) {
		ev.hard++;
	} else {
		ev.soft++;
	}
	ev.expire_proto = proto;
	ev.expire_spi = ntohl(spi);
	host_to_str(dst, ev.expire_dst, sizeof(ev.expire_dst));
	pthread_cond_broadcast(&ev.cond);
	pthread_mutex_unlock(&ev.mutex);
}

static const kernel_listener_t listener = {
	.acquire = on_acquire,
	.expire = on_expire,
};

/* Wait until *counter reaches @p value; false after @p ms */
static bool wait_for(int *counter, int value, int ms)
{
	struct timespec deadline;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&ev.mutex);
	while (*counter < value &&
	       pthread_cond_timedwait(&ev.cond, &ev.mutex, &deadline) == 0) {
	}
	ok = *counter >= value;
	pthread_mutex_unlock(&ev.mutex);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Namespaces and addresses                                             */

static int ns_a = -1, ns_b = -1;
static socket_t *sock_a, *sock_b;
static kernel_libesp_ipsec_t *inst_a, *inst_b;
static tun_device_t *anchor_a, *anchor_b;

static void enter(int ns)
{
	ck_assert_int_eq(setns(ns, CLONE_NEWNET), 0);
}

/* A fresh namespace for the calling thread, with loopback up */
static int new_namespace(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* A device of its own holding the namespace's address in its subnet */
static tun_device_t *anchor(const char *name, const char *addr)
{
	tun_device_t *tun = tun_device_create(name, 1);
	uint8_t bytes[4];

	ck_assert(tun);
	ck_assert_int_eq(inet_pton(AF_INET, addr, bytes), 1);
	ck_assert(tun->set_up(tun, true));
	ck_assert(tun->add_address(tun, AF_INET, bytes, 32));
	return tun;
}

static kernel_libesp_ipsec_t *instance(const char *tun_name, socket_t *socket)
{
	kernel_libesp_ipsec_t *inst;

	lib->settings->set_str(lib->settings, "test.plugins.kernel-libesp.tun_name",
			       tun_name);
	inst = kernel_libesp_ipsec_create(socket);
	ck_assert(inst);
	ck_assert_str_eq(inst->get_tun_name(inst), tun_name);
	return inst;
}

static void setup(void)
{
	library_init("/nonexistent/cygnet.conf", "test");
	kernel_interface_set_listener(&listener);
	pthread_mutex_lock(&ev.mutex);
	ev.acquires = ev.soft = ev.hard = 0;
	pthread_mutex_unlock(&ev.mutex);

	ns_a = new_namespace();
	sock_a = fake_socket_create("127.0.0.1");
	sock_b = fake_socket_create("127.0.0.2");
	anchor_a = anchor("esptanchA", "198.51.100.1");
	inst_a = instance("esptA", sock_a);

	ns_b = new_namespace();
	anchor_b = anchor("esptanchB", "198.51.100.65");
	inst_b = instance("esptB", sock_b);
}

static void teardown(void)
{
	enter(ns_b);
	inst_b->interface.destroy(&inst_b->interface);
	anchor_b->destroy(anchor_b);
	enter(ns_a);
	inst_a->interface.destroy(&inst_a->interface);
	anchor_a->destroy(anchor_a);
	sock_a->destroy(sock_a);
	sock_b->destroy(sock_b);
	close(ns_a);
	close(ns_b);
	kernel_interface_set_listener(NULL);
	library_deinit();
}

/* Output of a command, "" if it fails */
static char *run(const char *cmd, char *buf, size_t len)
{
	FILE *out = popen(cmd, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (out) {
		n = fread(buf, 1, len - 1, out);
		buf[n] = '\0';
		pclose(out);
	}
	return buf;
}

static bool have_ip(void)
{
	char buf[64];

	if (!strlen(run("ip -V 2>/dev/null", buf, sizeof(buf)))) {
		printf("note: iproute2 missing, route checks skipped\n");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* SAs, policies and pings                                              */

static uint8_t key_ab[20] = { 0xa1, 0xb2, 0xc3, 0xd4, 5, 6, 7, 8, 9, 10 };
static uint8_t key_ba[20] = { 0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8, 9, 10 };

static status_t add_sa(kernel_libesp_ipsec_t *inst, const char *src, const char *dst,
		       uint32_t spi, bool inbound, uint8_t *key, lifetime_cfg_t *life)
{
	host_t *s = host_create_from_string(src, 4500);
	host_t *d = host_create_from_string(dst, 4500);
	kernel_ipsec_sa_id_t id = {
		.src = s, .dst = d, .spi = htonl(spi), .proto = IPSEC_PROTO_ESP,
	};
	kernel_ipsec_add_sa_t data = {
		.reqid = REQID,
		.mode = MODE_TUNNEL,
		.lifetime = life,
		.enc_alg = ENCR_AES_GCM_ICV16,
		.enc_key = chunk_create(key, 20),
		.int_alg = AUTH_UNDEFINED,
		.replay_window = 32,
		.encap = true,
		.inbound = inbound,
	};
	status_t status;

	status = inst->interface.add_sa(&inst->interface, &id, &data);
	s->destroy(s);
	d->destroy(d);
	return status;
}

static status_t policy(kernel_libesp_ipsec_t *inst, bool add, policy_dir_t dir,
		       const char *src, const char *dst, uint32_t reqid,
		       policy_priority_t prio, ipsec_mode_t mode)
{
	kernel_ipsec_policy_id_t id = {
		.dir = dir,
		.src_ts = traffic_selector_create_from_cidr(src, 0, 0, 65535),
		.dst_ts = traffic_selector_create_from_cidr(dst, 0, 0, 65535),
	};
	kernel_ipsec_manage_policy_t data = {
		.type = POLICY_IPSEC,
		.prio = prio,
		.reqid = reqid,
		.mode = mode,
	};
	status_t status;

	status = add ? inst->interface.add_policy(&inst->interface, &id, &data)
		     : inst->interface.del_policy(&inst->interface, &id, &data);
	id.src_ts->destroy(id.src_ts);
	id.dst_ts->destroy(id.dst_ts);
	return status;
}

/* Tunnel policies of one side: OUT local->remote, IN and FWD back */
static void tunnel(kernel_libesp_ipsec_t *inst, bool add, const char *local,
		   const char *remote)
{
	ck_assert_int_eq(policy(inst, add, POLICY_OUT, local, remote, REQID,
				POLICY_PRIORITY_DEFAULT, MODE_TUNNEL), SUCCESS);
	ck_assert_int_eq(policy(inst, add, POLICY_IN, remote, local, REQID,
				POLICY_PRIORITY_DEFAULT, MODE_TUNNEL), SUCCESS);
	ck_assert_int_eq(policy(inst, add, POLICY_FWD, remote, local, REQID,
				POLICY_PRIORITY_DEFAULT, MODE_TUNNEL), SUCCESS);
}

/* A's SAs and policies towards B, and B's mirror image */
static void connect_ab(lifetime_cfg_t *life_a_out, lifetime_cfg_t *life_a_in)
{
	enter(ns_a);
	ck_assert_int_eq(add_sa(inst_a, "127.0.0.1", "127.0.0.2", SPI_AB, false,
				key_ab, life_a_out), SUCCESS);
	ck_assert_int_eq(add_sa(inst_a, "127.0.0.2", "127.0.0.1", SPI_BA, true,
				key_ba, life_a_in), SUCCESS);
	tunnel(inst_a, true, "198.51.100.0/26", "198.51.100.64/26");
	enter(ns_b);
	ck_assert_int_eq(add_sa(inst_b, "127.0.0.2", "127.0.0.1", SPI_BA, false,
				key_ba, NULL), SUCCESS);
	ck_assert_int_eq(add_sa(inst_b, "127.0.0.1", "127.0.0.2", SPI_AB, true,
				key_ab, NULL), SUCCESS);
	tunnel(inst_b, true, "198.51.100.64/26", "198.51.100.0/26");
	enter(ns_a);
}

static uint16_t checksum(const uint8_t *data, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(data[i] << 8 | data[i + 1]);
	}
	if (len & 1) {
		sum += (uint32_t)(data[len - 1] << 8);
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

/* ICMP echo from 198.51.100.1 (in A) to @p dst; true if answered */
static bool ping(const char *dst, uint16_t seq)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, to = { .sin_family = AF_INET };
	uint8_t req[64] = { 8, 0 }, buf[256];
	struct pollfd pfd;
	uint16_t sum;
	ssize_t len;
	int fd;
	bool ok = false;

	enter(ns_a);
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	ck_assert_int_ge(fd, 0);
	inet_pton(AF_INET, "198.51.100.1", &src.sin_addr);
	inet_pton(AF_INET, dst, &to.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
	req[4] = 0x42;		/* identifier */
	req[6] = (uint8_t)(seq >> 8);
	req[7] = (uint8_t)seq;
	memset(req + 8, 0x5a, sizeof(req) - 8);
	sum = checksum(req, sizeof(req));
	req[2] = (uint8_t)(sum >> 8);
	req[3] = (uint8_t)sum;
	ck_assert_int_eq(sendto(fd, req, sizeof(req), 0, (struct sockaddr *)&to,
				sizeof(to)), sizeof(req));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	while (!ok && poll(&pfd, 1, 2000) == 1) {
		len = recv(fd, buf, sizeof(buf), 0);
		/* IPv4 header (20 bytes), then an echo reply with our id and seq */
		ok = len == 20 + (ssize_t)sizeof(req) && buf[20] == 0 &&
		     buf[24] == 0x42 && buf[26] == req[6] && buf[27] == req[7] &&
		     memcmp(buf + 28, req + 8, sizeof(req) - 8) == 0;
	}
	close(fd);
	return ok;
}

/* Counters move after the packet did: wait until @p field reaches @p value */
static void settle(kernel_libesp_ipsec_t *inst, kernel_libesp_io_stats_t *stats,
		   uint64_t *field, uint64_t value)
{
	int i;

	for (i = 0; i < 200; i++) {
		inst->get_stats(inst, stats);
		if (*field >= value) {
			break;
		}
		usleep(10000);
	}
}

/* A UDP datagram from 198.51.100.1 (in A) */
static void send_udp(const char *dst, uint16_t port)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, to = {
		.sin_family = AF_INET, .sin_port = htons(port),
	};
	int fd;

	enter(ns_a);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	inet_pton(AF_INET, "198.51.100.1", &src.sin_addr);
	src.sin_port = htons(40000);
	inet_pton(AF_INET, dst, &to.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
	ck_assert_int_eq(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)), 1);
	close(fd);
}

/* ------------------------------------------------------------------ */

START_TEST(test_ping)
{
	kernel_libesp_io_stats_t stats;
	kernel_ipsec_sa_stats_t sa;
	kernel_ipsec_sa_id_t id = { .spi = htonl(SPI_AB), .proto = IPSEC_PROTO_ESP };
	kernel_ipsec_policy_id_t pid = { .dir = POLICY_OUT };
	time_t use = 0;

	connect_ab(NULL, NULL);
	ck_assert(ping("198.51.100.65", 1));
	ck_assert(ping("198.51.100.65", 2));

	/* two requests out of A, two replies back in */
	settle(inst_a, &stats, &stats.tun_out, 2);
	/* the sender counts after sendmmsg returns, possibly after the reply came */
	settle(inst_a, &stats, &stats.esp_out, 2);
	ck_assert_uint_eq(stats.esp_out, 2);
	ck_assert_uint_eq(stats.tun_out, 2);
	ck_assert_uint_eq(stats.decap_failed + stats.policy_mismatch + stats.no_sa, 0);

	id.dst = host_create_from_string("127.0.0.2", 4500);
	ck_assert_int_eq(inst_a->interface.query_sa(&inst_a->interface, &id, &sa), SUCCESS);
	ck_assert_uint_eq(sa.packets, 2);
	ck_assert_uint_eq(sa.bytes, 2 * 84);
	ck_assert(sa.use_time > 0);
	id.dst->destroy(id.dst);

	pid.src_ts = traffic_selector_create_from_cidr("198.51.100.0/26", 0, 0, 65535);
	pid.dst_ts = traffic_selector_create_from_cidr("198.51.100.64/26", 0, 0, 65535);
	ck_assert_int_eq(inst_a->interface.query_policy(&inst_a->interface, &pid, &use),
			 SUCCESS);
	ck_assert(use > 0);
	pid.dir = POLICY_IN;
	ck_assert_int_eq(inst_a->interface.query_policy(&inst_a->interface, &pid, &use),
			 NOT_FOUND);
	pid.src_ts->destroy(pid.src_ts);
	pid.dst_ts->destroy(pid.dst_ts);

	/* without B's inbound policies its replies stop */
	enter(ns_b);
	ck_assert_int_eq(policy(inst_b, false, POLICY_IN, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	ck_assert_int_eq(policy(inst_b, false, POLICY_FWD, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	ck_assert(!ping("198.51.100.65", 3));
	inst_b->get_stats(inst_b, &stats);
	ck_assert_uint_eq(stats.policy_mismatch, 1);
	ck_assert_uint_eq(stats.tun_out, 2);
}
END_TEST

START_TEST(test_inbound_check)
{
	kernel_libesp_io_stats_t stats;

	connect_ab(NULL, NULL);
	/* A sends 203.0.113.0/24 through the SA; B has no policy for it */
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "198.51.100.0/26",
				"203.0.113.0/24", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	ck_assert(!ping("203.0.113.7", 1));
	inst_b->get_stats(inst_b, &stats);
	ck_assert_uint_eq(stats.esp_in, 1);
	ck_assert_uint_eq(stats.policy_mismatch, 1);
	ck_assert_uint_eq(stats.tun_out, 0);
	ck_assert(ping("198.51.100.65", 2));
}
END_TEST

START_TEST(test_routes)
{
	char buf[2048];
	bool ip = have_ip();

	enter(ns_a);
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	/* shared, reference counted */
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	if (ip) {
		ck_assert_str_eq(run("ip route show table 220", buf, sizeof(buf)),
				 "198.51.100.64/26 dev esptA src 198.51.100.1 \n");
		ck_assert(strstr(run("ip rule show", buf, sizeof(buf)),
				 "220:\tfrom all lookup 220"));
	}
	ck_assert_int_eq(policy(inst_a, false, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	if (ip) {
		ck_assert(strstr(run("ip route show table 220", buf, sizeof(buf)),
				 "198.51.100.64/26 dev esptA"));
	}
	ck_assert_int_eq(policy(inst_a, false, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	if (ip) {
		ck_assert_str_eq(run("ip route show table 220", buf, sizeof(buf)), "");
	}
	ck_assert_int_eq(policy(inst_a, false, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), NOT_FOUND);

	/* no local address in the source selector: no preferred source */
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "203.0.113.0/24",
				"198.51.100.128/26", 3, POLICY_PRIORITY_DEFAULT,
				MODE_TUNNEL), SUCCESS);
	/* a selector containing the peer is not routed into the device */
	{
		kernel_ipsec_policy_id_t id = {
			.dir = POLICY_OUT,
			.src_ts = traffic_selector_create_from_cidr("198.51.100.0/26", 0, 0, 65535),
			.dst_ts = traffic_selector_create_from_cidr("127.0.0.0/8", 0, 0, 65535),
		};
		kernel_ipsec_manage_policy_t data = {
			.type = POLICY_IPSEC, .reqid = 4, .mode = MODE_TUNNEL,
			.dst = host_create_from_string("127.0.0.2", 4500),
		};

		ck_assert_int_eq(inst_a->interface.add_policy(&inst_a->interface, &id,
							     &data), SUCCESS);
		data.dst->destroy(data.dst);
		id.src_ts->destroy(id.src_ts);
		id.dst_ts->destroy(id.dst_ts);
	}
	if (ip) {
		ck_assert_str_eq(run("ip route show table 220", buf, sizeof(buf)),
				 "198.51.100.128/26 dev esptA \n");
	}
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "198.51.100.0/26",
				"198.51.100.64/26", REQID, POLICY_PRIORITY_DEFAULT,
				MODE_TRANSPORT), NOT_SUPPORTED);

	/* flush removes policies and routes; the rule stays until destroy */
	ck_assert_int_eq(inst_a->interface.flush(&inst_a->interface), SUCCESS);
	if (ip) {
		ck_assert_str_eq(run("ip route show table 220", buf, sizeof(buf)), "");
		ck_assert(strstr(run("ip rule show", buf, sizeof(buf)), "lookup 220"));
	}
}
END_TEST

START_TEST(test_acquire)
{
	char buf[2048];

	enter(ns_a);
	ck_assert_int_eq(policy(inst_a, true, POLICY_OUT, "198.51.100.0/26",
				"203.0.113.0/24", 7, POLICY_PRIORITY_ROUTED,
				MODE_TUNNEL), SUCCESS);
	if (have_ip()) {
		ck_assert(strstr(run("ip route show table 220", buf, sizeof(buf)),
				 "203.0.113.0/24 dev esptA src 198.51.100.1"));
	}
	send_udp("203.0.113.9", 9);
	ck_assert(wait_for(&ev.acquires, 1, 2000));
	/* rate-limited: more packets of the flow raise nothing at once */
	send_udp("203.0.113.9", 9);
	send_udp("203.0.113.10", 9);
	usleep(300000);
	pthread_mutex_lock(&ev.mutex);
	ck_assert_int_eq(ev.acquires, 1);
	ck_assert_uint_eq(ev.acquire_reqid, 7);
	ck_assert_str_eq(ev.acquire_src, "198.51.100.1/32[udp/40000]");
	ck_assert_str_eq(ev.acquire_dst, "203.0.113.9/32[udp/9]");
	pthread_mutex_unlock(&ev.mutex);
	/* but again after the interval */
	usleep(KERNEL_LIBESP_ACQUIRE_INTERVAL * 1000);
	send_udp("203.0.113.10", 9);
	ck_assert(wait_for(&ev.acquires, 2, 2000));
	pthread_mutex_lock(&ev.mutex);
	ck_assert_str_eq(ev.acquire_dst, "203.0.113.10/32[udp/9]");
	pthread_mutex_unlock(&ev.mutex);
}
END_TEST

START_TEST(test_expire_bytes)
{
	lifetime_cfg_t life = {
		.bytes = { .rekey = 100, .life = 200 },
	};

	connect_ab(&life, NULL);
	ck_assert(ping("198.51.100.65", 1));
	pthread_mutex_lock(&ev.mutex);
	ck_assert_int_eq(ev.soft, 0);
	pthread_mutex_unlock(&ev.mutex);
	ck_assert(ping("198.51.100.65", 2));
	ck_assert(wait_for(&ev.soft, 1, 2000));
	pthread_mutex_lock(&ev.mutex);
	ck_assert_uint_eq(ev.expire_proto, IPSEC_PROTO_ESP);
	ck_assert_uint_eq(ev.expire_spi, SPI_AB);
	ck_assert_str_eq(ev.expire_dst, "127.0.0.2");
	ck_assert_int_eq(ev.hard, 0);
	pthread_mutex_unlock(&ev.mutex);
	/* the packet reaching the hard limit still passes */
	ck_assert(ping("198.51.100.65", 3));
	ck_assert(wait_for(&ev.hard, 1, 2000));
	/* then the reqid has no SA: traffic raises an acquire */
	ck_assert(!ping("198.51.100.65", 4));
	ck_assert(wait_for(&ev.acquires, 1, 2000));
	pthread_mutex_lock(&ev.mutex);
	ck_assert_uint_eq(ev.acquire_reqid, REQID);
	ck_assert_int_eq(ev.soft, 1);
	ck_assert_int_eq(ev.hard, 1);
	pthread_mutex_unlock(&ev.mutex);
}
END_TEST

START_TEST(test_expire_time)
{
	lifetime_cfg_t life = {
		.time = { .rekey = 1, .life = 2 },
	};
	kernel_libesp_io_stats_t stats;

	connect_ab(NULL, &life);
	ck_assert(ping("198.51.100.65", 1));
	ck_assert(wait_for(&ev.soft, 1, 2500));
	pthread_mutex_lock(&ev.mutex);
	ck_assert_uint_eq(ev.expire_spi, SPI_BA);
	ck_assert_str_eq(ev.expire_dst, "127.0.0.1");
	pthread_mutex_unlock(&ev.mutex);
	ck_assert(wait_for(&ev.hard, 1, 2500));
	/* the inbound SA left the SAD: replies find no SA */
	ck_assert(!ping("198.51.100.65", 2));
	inst_a->get_stats(inst_a, &stats);
	ck_assert_uint_eq(stats.no_sa, 1);
}
END_TEST

START_TEST(test_sa_management)
{
	kernel_ipsec_t *ipsec = &inst_a->interface;
	host_t *a = host_create_from_string("127.0.0.2", 4500);
	host_t *b = host_create_from_string("127.0.0.1", 4500);
	kernel_ipsec_sa_id_t id = { .src = a, .dst = b, .proto = IPSEC_PROTO_ESP };
	kernel_ipsec_add_sa_t data = {
		.reqid = 9, .mode = MODE_TUNNEL, .enc_alg = ENCR_AES_CBC,
		.enc_key = chunk_create(key_ab, 16), .int_alg = AUTH_HMAC_SHA2_256_128,
		.int_key = chunk_create(key_ba, 20), .inbound = true, .update = true,
	};
	kernel_ipsec_sa_stats_t stats;
	uint32_t spi, other;
	int i;

	enter(ns_a);
	ck_assert_int_eq(ipsec->get_spi(ipsec, a, b, IPSEC_PROTO_AH, &spi), NOT_SUPPORTED);
	ck_assert_int_eq(ipsec->get_spi(ipsec, a, b, IPSEC_PROTO_ESP, &spi), SUCCESS);
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(ipsec->get_spi(ipsec, a, b, IPSEC_PROTO_ESP, &other),
				 SUCCESS);
		ck_assert_uint_ge(ntohl(other), 0x100);
		ck_assert_uint_ne(other, spi);
	}
	/* a reserved SPI is released by del_sa() without an SA */
	id.spi = other;
	ck_assert_int_eq(ipsec->del_sa(ipsec, &id), SUCCESS);
	ck_assert_int_eq(ipsec->del_sa(ipsec, &id), NOT_FOUND);

	/* HMAC-SHA-256 needs a 32-byte key */
	id.spi = spi;
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), FAILED);
	data.int_key = chunk_cat(2, chunk_create(key_ab, 16), chunk_create(key_ba, 16));
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), SUCCESS);
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), ALREADY_DONE);
	ck_assert_int_eq(ipsec->query_sa(ipsec, &id, &stats), SUCCESS);
	ck_assert_uint_eq(stats.bytes + stats.packets + (uint64_t)stats.use_time, 0);
	data.mode = MODE_TRANSPORT;
	id.spi = htonl(0x3003);
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), NOT_SUPPORTED);
	data.mode = MODE_TUNNEL;
	id.spi = htonl(0x42);
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), INVALID_ARG);
	id.proto = IPSEC_PROTO_AH;
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), NOT_SUPPORTED);
	id.proto = IPSEC_PROTO_ESP;
	data.enc_alg = ENCR_3DES;
	id.spi = htonl(0x3003);
	ck_assert_int_eq(ipsec->add_sa(ipsec, &id, &data), FAILED);
	ck_assert_int_eq(ipsec->query_sa(ipsec, &id, &stats), NOT_FOUND);

	id.spi = spi;
	ck_assert_int_eq(ipsec->del_sa(ipsec, &id), SUCCESS);
	ck_assert_int_eq(ipsec->query_sa(ipsec, &id, &stats), NOT_FOUND);
	ck_assert_int_eq(ipsec->flush(ipsec), SUCCESS);
	chunk_clear(&data.int_key);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_rekey)
{
	kernel_libesp_io_stats_t stats;
	host_t *a = host_create_from_string("127.0.0.1", 4500);
	host_t *b = host_create_from_string("127.0.0.2", 4500);
	kernel_ipsec_sa_id_t id = { .src = a, .dst = b, .proto = IPSEC_PROTO_ESP,
				    .spi = htonl(SPI_AB) };

	connect_ab(NULL, NULL);
	ck_assert(ping("198.51.100.65", 1));
	/* a new outbound SA of the reqid takes over, B knows it inbound */
	enter(ns_b);
	ck_assert_int_eq(add_sa(inst_b, "127.0.0.1", "127.0.0.2", 0x1002, true,
				key_ba, NULL), SUCCESS);
	enter(ns_a);
	ck_assert_int_eq(add_sa(inst_a, "127.0.0.1", "127.0.0.2", 0x1002, false,
				key_ba, NULL), SUCCESS);
	ck_assert(ping("198.51.100.65", 2));
	/* deleting the old one changes nothing */
	ck_assert_int_eq(inst_a->interface.del_sa(&inst_a->interface, &id), SUCCESS);
	ck_assert(ping("198.51.100.65", 3));
	enter(ns_b);
	ck_assert_int_eq(inst_b->interface.del_sa(&inst_b->interface, &id), SUCCESS);
	ck_assert(ping("198.51.100.65", 4));
	settle(inst_b, &stats, &stats.tun_out, 4);
	ck_assert_uint_eq(stats.tun_out, 4);
	ck_assert_uint_eq(stats.no_sa, 0);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The plugin with a fake socket plugin                                 */

static socket_t *plugin_socket;

static bool register_fake_socket(plugin_t *plugin, const plugin_feature_t *feature,
				 bool loading, void *data)
{
	if (loading) {
		plugin_socket = fake_socket_create("127.0.0.3");
		socket_register(plugin_socket);
	} else {
		socket_register(NULL);
		plugin_socket->destroy(plugin_socket);
		plugin_socket = NULL;
	}
	return true;
}

static const plugin_feature_t fake_features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "socket"),
	  .callback = register_fake_socket },
};

static const char *fake_get_name(plugin_t *this)
{
	return "fake-socket";
}

static int fake_get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = fake_features;
	return countof(fake_features);
}

static void fake_plugin_destroy(plugin_t *this)
{
	free(this);
}

static plugin_t *fake_socket_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = fake_get_name,
		.get_features = fake_get_features,
		.destroy = fake_plugin_destroy,
	};
	return this;
}

static void setup_plugin(void)
{
	library_init("/nonexistent/cygnet.conf", "test");
	ns_a = new_namespace();
	lib->settings->set_str(lib->settings, "test.plugins.kernel-libesp.tun_name",
			       "esptP");
	lib->settings->set_str(lib->settings, "test.plugins.kernel-libesp.threads", "3");
	lib->plugins->add_static(lib->plugins, "kernel-libesp", kernel_libesp_plugin_create);
	lib->plugins->add_static(lib->plugins, "fake-socket", fake_socket_plugin_create);
}

static void teardown_plugin(void)
{
	library_deinit();
	close(ns_a);
}

START_TEST(test_plugin)
{
	feature_id_t kernel = FEATURE_ID_NAME(FEATURE_CUSTOM, "kernel-ipsec");
	char buf[1024];

	/* listed first, but waits for the socket */
	ck_assert(lib->plugins->load(lib->plugins, NULL, "kernel-libesp fake-socket"));
	ck_assert(lib->plugins->has_feature(lib->plugins, kernel));
	ck_assert(kernel_interface_get_ipsec() != NULL);
	ck_assert(kernel_interface_requires_encap());
	ck_assert_uint_ne(if_nametoindex("esptP"), 0);

	ck_assert_int_eq(policy((kernel_libesp_ipsec_t *)kernel_interface_get_ipsec(),
				true, POLICY_OUT, "198.51.100.0/26", "198.51.100.64/26",
				REQID, POLICY_PRIORITY_DEFAULT, MODE_TUNNEL), SUCCESS);
	if (have_ip()) {
		ck_assert(strstr(run("ip route show table 220", buf, sizeof(buf)),
				 "198.51.100.64/26 dev esptP"));
	}

	lib->plugins->unload(lib->plugins);
	ck_assert(kernel_interface_get_ipsec() == NULL);
	ck_assert(!kernel_interface_requires_encap());
	ck_assert_uint_eq(if_nametoindex("esptP"), 0);
	if (have_ip()) {
		ck_assert_str_eq(run("ip route show table 220 2>&1", buf, sizeof(buf)), "");
		ck_assert(!strstr(run("ip rule show", buf, sizeof(buf)), "lookup 220"));
	}
}
END_TEST

START_TEST(test_plugin_without_socket)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "kernel-libesp"));
	ck_assert(!lib->plugins->has_feature(lib->plugins,
				FEATURE_ID_NAME(FEATURE_CUSTOM, "kernel-ipsec")));
	ck_assert(kernel_interface_get_ipsec() == NULL);
	ck_assert_uint_eq(if_nametoindex("esptP"), 0);
	lib->plugins->unload(lib->plugins);
}
END_TEST

/* ------------------------------------------------------------------ */

/* Root, /dev/net/tun and network namespaces, tried in a child */
static bool can_run(void)
{
	int status;
	pid_t pid;

	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
		return false;
	}
	pid = fork();
	if (pid == 0) {
		_exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

Suite *make_suite(void)
{
	Suite *s = suite_create("kernel_libesp");
	TCase *tc;

	if (!can_run()) {
		printf("SKIP: kernel-libesp tests need root, /dev/net/tun and "
		       "network namespaces\n");
		exit(77);
	}
	tc = tcase_create("data path");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ping);
	tcase_add_test(tc, test_inbound_check);
	tcase_add_test(tc, test_routes);
	tcase_add_test(tc, test_acquire);
	tcase_add_test(tc, test_expire_bytes);
	tcase_add_test(tc, test_expire_time);
	tcase_add_test(tc, test_sa_management);
	tcase_add_test(tc, test_rekey);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("plugin");
	tcase_add_checked_fixture(tc, setup_plugin, teardown_plugin);
	tcase_add_test(tc, test_plugin);
	tcase_add_test(tc, test_plugin_without_socket);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
