/*
 * The data path end to end inside a private network namespace: a TUN
 * device and a UDP socket on one side, the test playing the peer with its
 * own SAs on a second socket. Skipped without /dev/net/tun or the right
 * to create a namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "test_runner.h"
#include "esp_datapath.h"
#include "esp_udp.h"

#define DP_PORT 4500
#define PEER_PORT 4501

static uint8_t key_out[20] = { 1, 2, 3 }, key_in[20] = { 4, 5, 6 };

typedef struct {
	atomic_int acquires;
	atomic_uint acquire_reqid;
	atomic_int ikes;
	char ike[32];
} events_t;

static void on_acquire(void *data, uint32_t reqid, const esp_flow_t *flow)
{
	events_t *ev = data;

	atomic_store(&ev->acquire_reqid, reqid);
	atomic_fetch_add(&ev->acquires, 1);
}

static void on_ike(void *data, const struct sockaddr_storage *src, chunk_t msg)
{
	events_t *ev = data;

	if (msg.len < sizeof(ev->ike)) {
		memcpy(ev->ike, msg.ptr, msg.len);
		ev->ike[msg.len] = '\0';
	}
	atomic_fetch_add(&ev->ikes, 1);
}

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	return sin;
}

static int udp_socket(const char *addr, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	inet_pton(AF_INET, addr, &sin.sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	return fd;
}

static esp_sa_t *sa(uint32_t spi, bool inbound, const uint8_t *key, uint16_t peer)
{
	esp_sa_cfg_t cfg = {
		.spi = spi,
		.reqid = 1,
		.inbound = inbound,
		.encr = ENCR_AES_GCM_ICV16,
		.encr_key = chunk_create((void *)key, 20),
		.slots = 2,
	};
	struct sockaddr_in sin = loopback(peer);

	memcpy(&cfg.peer, &sin, sizeof(sin));
	return esp_sa_create(&cfg);
}

static ssize_t recv_timeout(int fd, uint8_t *buf, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, 2000) != 1) {
		return -1;
	}
	return recv(fd, buf, len, 0);
}

/* An IPv4/UDP packet with a valid header checksum, UDP checksum off */
static size_t udp4(uint8_t *buf, const char *src, uint16_t sport,
		   const char *dst, uint16_t dport, const char *data)
{
	size_t dlen = strlen(data), len = 28 + dlen;
	uint32_t sum = 0;
	int i;

	memset(buf, 0, 28);
	buf[0] = 0x45;
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	buf[8] = 64;
	buf[9] = IPPROTO_UDP;
	inet_pton(AF_INET, src, buf + 12);
	inet_pton(AF_INET, dst, buf + 16);
	for (i = 0; i < 20; i += 2) {
		sum += (uint32_t)(buf[i] << 8 | buf[i + 1]);
	}
	sum = (sum & 0xffff) + (sum >> 16);
	sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
	buf[10] = (uint8_t)(sum >> 8);
	buf[11] = (uint8_t)sum;
	buf[20] = (uint8_t)(sport >> 8);
	buf[21] = (uint8_t)sport;
	buf[22] = (uint8_t)(dport >> 8);
	buf[23] = (uint8_t)dport;
	buf[24] = (uint8_t)((8 + dlen) >> 8);
	buf[25] = (uint8_t)(8 + dlen);
	memcpy(buf + 28, data, dlen);
	return len;
}

static bool setup_namespace(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	if (access("/dev/net/tun", R_OK | W_OK) != 0 || unshare(CLONE_NEWNET) != 0) {
		return false;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	return true;
}

START_TEST(test_datapath)
{
	uint8_t addr[4], buf[2048], inner[256];
	struct sockaddr_in dst, dp_addr = loopback(DP_PORT);
	esp_sa_t *out, *in, *peer_out, *peer_in, *found;
	esp_datapath_stats_t stats;
	esp_ts_t local, remote, trap;
	events_t ev = {};
	esp_datapath_t *dp;
	tun_device_t *tun;
	esp_sad_t *sad;
	esp_spd_t *spd;
	int dp_fd, peer_fd, app_fd, rx_fd, i;
	chunk_t esp, dec;
	ssize_t len;
	uint8_t nh;

	if (!setup_namespace()) {
		return;
	}
	tun = tun_device_create("dp%d", 2);
	ck_assert(tun);
	ck_assert(tun->set_mtu(tun, 1400) && tun->set_up(tun, true));
	inet_pton(AF_INET, "10.99.0.1", addr);
	ck_assert(tun->add_address(tun, AF_INET, addr, 24));
	ck_assert(tun->add_route(tun, AF_INET, (uint8_t[]){ 10, 200, 0, 0 }, 16, 0));
	ck_assert(tun->add_route(tun, AF_INET, (uint8_t[]){ 10, 201, 0, 0 }, 16, 0));

	dp_fd = udp_socket("127.0.0.1", DP_PORT);
	peer_fd = udp_socket("127.0.0.1", PEER_PORT);

	/* our SAs, and the peer's mirror images with the same keys */
	out = sa(0x1001, false, key_out, PEER_PORT);
	peer_in = sa(0x1001, true, key_out, 0);
	in = sa(0x2002, true, key_in, 0);
	peer_out = sa(0x2002, false, key_in, DP_PORT);
	sad = esp_sad_create();
	ck_assert_int_eq(sad->add(sad, in), SUCCESS);
	spd = esp_spd_create();
	inet_pton(AF_INET, "10.99.0.0", addr);
	esp_ts_from_prefix(&local, AF_INET, addr, 24);
	esp_ts_from_prefix(&remote, AF_INET, (uint8_t[]){ 10, 200, 0, 0 }, 16);
	esp_ts_from_prefix(&trap, AF_INET, (uint8_t[]){ 10, 201, 0, 0 }, 16);
	ck_assert_int_eq(spd->add_policy(spd, &local, &remote, 1, 10), SUCCESS);
	ck_assert_int_eq(spd->add_policy(spd, &local, &trap, 2, 10), SUCCESS);
	spd->set_sa(spd, 1, out);

	dp = esp_datapath_create(&(esp_datapath_cfg_t){
		.sad = sad, .spd = spd, .tun = tun, .udp_fd = dp_fd,
		.threads = 2, .batch = 8, .mtu = 1400,
		.ike = on_ike, .acquire = on_acquire, .data = &ev,
	});
	ck_assert(dp);
	ck_assert(dp->start(dp));

	/* outbound: an application datagram leaves as ESP towards the peer */
	app_fd = socket(AF_INET, SOCK_DGRAM, 0);
	dst = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(7777) };
	inet_pton(AF_INET, "10.200.0.5", &dst.sin_addr);
	ck_assert_int_eq(sendto(app_fd, "ping", 4, 0, (struct sockaddr *)&dst,
				sizeof(dst)), 4);
	len = recv_timeout(peer_fd, buf, sizeof(buf));
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(esp_udp_classify(buf, (size_t)len), ESP_UDP_ESP);
	ck_assert_int_eq(peer_in->decap(peer_in, chunk_create(buf, (size_t)len),
					chunk_empty, &dec, &nh), SUCCESS);
	ck_assert_uint_eq(nh, 4);
	ck_assert_uint_eq(dec.len, 32);
	ck_assert_mem_eq(dec.ptr + 16, "\x0a\xc8\x00\x05", 4);
	ck_assert_mem_eq(dec.ptr + 28, "ping", 4);

	/* inbound: the peer's ESP packet reaches a local socket */
	rx_fd = udp_socket("10.99.0.1", 8888);
	len = (ssize_t)udp4(inner, "10.200.0.5", 7777, "10.99.0.1", 8888, "pong");
	ck_assert_int_eq(peer_out->encap(peer_out, chunk_create(inner, (size_t)len),
					 chunk_from_thing(buf), &esp), SUCCESS);
	ck_assert_int_eq(sendto(peer_fd, esp.ptr, esp.len, 0,
				(struct sockaddr *)&dp_addr, sizeof(dp_addr)),
			 (ssize_t)esp.len);
	len = recv_timeout(rx_fd, buf, sizeof(buf));
	ck_assert_int_eq(len, 4);
	ck_assert_mem_eq(buf, "pong", 4);

	/* IKE behind the marker, a keepalive, an unknown SPI, a trap policy */
	ck_assert_int_eq(sendto(peer_fd, "\0\0\0\0IKEMSG", 10, 0,
				(struct sockaddr *)&dp_addr, sizeof(dp_addr)), 10);
	ck_assert_int_eq(sendto(peer_fd, "\xff", 1, 0,
				(struct sockaddr *)&dp_addr, sizeof(dp_addr)), 1);
	ck_assert_int_eq(sendto(peer_fd, "\x00\x00\x30\x03\x00\x00\x00\x01", 8, 0,
				(struct sockaddr *)&dp_addr, sizeof(dp_addr)), 8);
	inet_pton(AF_INET, "10.201.0.9", &dst.sin_addr);
	ck_assert_int_eq(sendto(app_fd, "trap", 4, 0, (struct sockaddr *)&dst,
				sizeof(dst)), 4);
	for (i = 0; i < 200; i++) {
		dp->get_stats(dp, &stats);
		if (atomic_load(&ev.ikes) && atomic_load(&ev.acquires) &&
		    stats.keepalives && stats.no_sa) {
			break;
		}
		usleep(10000);
	}
	ck_assert_int_eq(atomic_load(&ev.ikes), 1);
	ck_assert_str_eq(ev.ike, "IKEMSG");
	ck_assert_int_ge(atomic_load(&ev.acquires), 1);
	ck_assert_uint_eq(atomic_load(&ev.acquire_reqid), 2);
	ck_assert_uint_eq(stats.keepalives, 1);
	ck_assert_uint_eq(stats.no_sa, 1);
	ck_assert_uint_eq(stats.esp_out, 1);
	ck_assert_uint_eq(stats.tun_out, 1);
	ck_assert_uint_eq(stats.udp_in, 4);
	ck_assert_uint_eq(stats.decap_failed + stats.encap_failed + stats.invalid, 0);

	/* restartable; the SA counters saw the traffic */
	dp->stop(dp);
	ck_assert(dp->start(dp));
	found = sad->get(sad, 0x2002);
	{
		esp_sa_stats_t sa_stats;

		found->get_stats(found, &sa_stats);
		ck_assert_uint_eq(sa_stats.packets, 1);
		found->destroy(found);
	}
	dp->destroy(dp);

	close(app_fd);
	close(rx_fd);
	close(dp_fd);
	close(peer_fd);
	out->destroy(out);
	peer_in->destroy(peer_in);
	peer_out->destroy(peer_out);
	sad->destroy(sad);
	spd->destroy(spd);
	tun->destroy(tun);
}
END_TEST

START_TEST(test_datapath_config)
{
	ck_assert(esp_datapath_create(&(esp_datapath_cfg_t){ .udp_fd = -1 }) == NULL);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("esp_datapath");
	TCase *tc = tcase_create("end to end");

	tcase_add_test(tc, test_datapath_config);
	tcase_add_test(tc, test_datapath);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
