/*
 * Tests of the parts around the SA: SAD, SPD and packet selectors, the
 * RFC 3948 classifier and the TUN device (in a private network namespace,
 * only where /dev/net/tun and CAP_NET_ADMIN are available).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "test_runner.h"
#include "esp_sad.h"
#include "esp_spd.h"
#include "esp_udp.h"
#include "tun_device.h"

static uint8_t key[20];

static esp_sa_t *new_sa(uint32_t spi, bool inbound, uint32_t reqid)
{
	esp_sa_cfg_t cfg = {
		.spi = spi,
		.reqid = reqid,
		.inbound = inbound,
		.encr = ENCR_AES_GCM_ICV16,
		.encr_key = chunk_from_thing(key),
	};
	esp_sa_t *sa = esp_sa_create(&cfg);

	ck_assert(sa);
	return sa;
}

START_TEST(test_sad_basic)
{
	esp_sad_t *sad = esp_sad_create();
	esp_sa_t *sa = new_sa(0x1234, true, 1), *found, *out;

	ck_assert_int_eq(sad->add(sad, sa), SUCCESS);
	ck_assert_int_eq(sad->add(sad, sa), ALREADY_DONE);
	out = new_sa(0x5678, false, 1);
	ck_assert_int_eq(sad->add(sad, out), INVALID_ARG);
	out->destroy(out);

	found = sad->get(sad, 0x1234);
	ck_assert(found == sa);
	ck_assert(sad->get(sad, 0x1235) == NULL);
	ck_assert(sad->get(sad, 0) == NULL);
	ck_assert_uint_eq(sad->get_misses(sad), 2);

	/* removal drops the SAD's reference; ours keeps the SA alive */
	ck_assert_int_eq(sad->remove(sad, 0x1234), SUCCESS);
	ck_assert_int_eq(sad->remove(sad, 0x1234), NOT_FOUND);
	ck_assert_uint_eq(found->get_spi(found), 0x1234);
	found->destroy(found);
	ck_assert_uint_eq(sad->get_count(sad), 0);
	sad->destroy(sad);
}
END_TEST

/* Many SPIs, including colliding runs: growth and backward-shift removal */
START_TEST(test_sad_many)
{
	esp_sad_t *sad = esp_sad_create();
	esp_sa_t *sa;
	uint32_t spi;
	int i;

	for (i = 0; i < 300; i++) {
		spi = 0x100 + (uint32_t)i * 16;
		ck_assert_int_eq(sad->add(sad, new_sa(spi, true, 1)), SUCCESS);
	}
	ck_assert_uint_eq(sad->get_count(sad), 300);
	for (i = 0; i < 300; i += 2) {
		ck_assert_int_eq(sad->remove(sad, 0x100 + (uint32_t)i * 16), SUCCESS);
	}
	for (i = 0; i < 300; i++) {
		spi = 0x100 + (uint32_t)i * 16;
		sa = sad->get(sad, spi);
		if (i % 2) {
			ck_assert_msg(sa && sa->get_spi(sa) == spi, "SPI %x lost", spi);
			sa->destroy(sa);
		} else {
			ck_assert(sa == NULL);
		}
	}
	ck_assert_uint_eq(sad->get_count(sad), 150);
	sad->destroy(sad);
}
END_TEST

static size_t ipv4_packet(uint8_t *buf, const char *src, const char *dst,
			  uint8_t proto, uint16_t sport, uint16_t dport)
{
	memset(buf, 0, 40);
	buf[0] = 0x45;
	buf[3] = 40;
	buf[9] = proto;
	inet_pton(AF_INET, src, buf + 12);
	inet_pton(AF_INET, dst, buf + 16);
	buf[20] = (uint8_t)(sport >> 8);
	buf[21] = (uint8_t)sport;
	buf[22] = (uint8_t)(dport >> 8);
	buf[23] = (uint8_t)dport;
	return 40;
}

static size_t ipv6_packet(uint8_t *buf, const char *src, const char *dst,
			  const uint8_t *ext, size_t ext_len, uint8_t first,
			  uint16_t sport, uint16_t dport)
{
	memset(buf, 0, 80);
	buf[0] = 0x60;
	buf[6] = first;
	inet_pton(AF_INET6, src, buf + 8);
	inet_pton(AF_INET6, dst, buf + 24);
	if (ext_len) {
		memcpy(buf + 40, ext, ext_len);
	}
	buf[40 + ext_len] = (uint8_t)(sport >> 8);
	buf[41 + ext_len] = (uint8_t)sport;
	buf[42 + ext_len] = (uint8_t)(dport >> 8);
	buf[43 + ext_len] = (uint8_t)dport;
	return 48 + ext_len;
}

START_TEST(test_flow_parse)
{
	uint8_t pkt[128];
	esp_flow_t flow;
	size_t len;
	/* hop-by-hop (8 bytes, next: fragment), fragment (first, next: UDP) */
	uint8_t ext[16] = { 44, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0x00, 0x01 };

	len = ipv4_packet(pkt, "10.1.2.3", "10.9.8.7", IPPROTO_TCP, 1234, 80);
	ck_assert(esp_flow_parse(pkt, len, &flow));
	ck_assert_int_eq(flow.family, AF_INET);
	ck_assert_uint_eq(flow.proto, IPPROTO_TCP);
	ck_assert(flow.has_ports);
	ck_assert_uint_eq(flow.sport, 1234);
	ck_assert_uint_eq(flow.dport, 80);
	ck_assert_mem_eq(flow.dst, "\x0a\x09\x08\x07", 4);

	pkt[7] = 0x10;	/* non-first fragment: no ports */
	ck_assert(esp_flow_parse(pkt, len, &flow));
	ck_assert(!flow.has_ports);
	ck_assert(!esp_flow_parse(pkt, 19, &flow));
	pkt[0] = 0x4f;	/* header longer than the packet */
	ck_assert(!esp_flow_parse(pkt, len, &flow));
	pkt[0] = 0x55;
	ck_assert(!esp_flow_parse(pkt, len, &flow));

	len = ipv4_packet(pkt, "10.1.2.3", "10.9.8.7", IPPROTO_ICMP, 0x0800, 0);
	ck_assert(esp_flow_parse(pkt, len, &flow));
	ck_assert_uint_eq(flow.sport, 0x0800);

	len = ipv6_packet(pkt, "fd00::1", "fd00:1::2", ext, 16, 0, 5000, 53);
	ck_assert(esp_flow_parse(pkt, len, &flow));
	ck_assert_int_eq(flow.family, AF_INET6);
	ck_assert_uint_eq(flow.proto, IPPROTO_UDP);
	ck_assert(flow.has_ports);
	ck_assert_uint_eq(flow.dport, 53);
	ext[11] = 0x09;	/* offset 1: non-first fragment */
	len = ipv6_packet(pkt, "fd00::1", "fd00:1::2", ext, 16, 0, 5000, 53);
	ck_assert(esp_flow_parse(pkt, len, &flow));
	ck_assert_uint_eq(flow.proto, IPPROTO_UDP);
	ck_assert(!flow.has_ports);
	/* an extension header running past the end */
	ext[1] = 200;
	len = ipv6_packet(pkt, "fd00::1", "fd00:1::2", ext, 16, 0, 5000, 53);
	ck_assert(!esp_flow_parse(pkt, len, &flow));
	ck_assert(!esp_flow_parse(pkt, 39, &flow));
}
END_TEST

static void ts4(esp_ts_t *ts, const char *addr, unsigned int prefix)
{
	uint8_t bytes[4];

	inet_pton(AF_INET, addr, bytes);
	ck_assert(esp_ts_from_prefix(ts, AF_INET, bytes, prefix));
}

START_TEST(test_ts)
{
	uint8_t a[16] = {}, b[16] = {}, pkt[128];
	esp_ts_t ts, other;
	esp_flow_t flow;

	ts4(&ts, "10.1.255.255", 16);
	ck_assert_mem_eq(ts.from, "\x0a\x01\x00\x00", 4);
	ck_assert_mem_eq(ts.to, "\x0a\x01\xff\xff", 4);
	ts4(&other, "10.1.0.0", 16);
	ck_assert(esp_ts_equals(&ts, &other));
	ck_assert(!esp_ts_from_prefix(&ts, AF_INET, a, 33));
	ck_assert(!esp_ts_from_prefix(&ts, AF_UNIX, a, 8));
	b[15] = 1;
	ck_assert(esp_ts_from_range(&ts, AF_INET6, a, b));
	ck_assert(!esp_ts_from_range(&ts, AF_INET6, b, a));

	ts4(&ts, "10.1.0.0", 16);
	ipv4_packet(pkt, "10.1.2.3", "10.2.0.1", IPPROTO_UDP, 500, 4500);
	esp_flow_parse(pkt, 40, &flow);
	ck_assert(esp_ts_match(&ts, &flow, true));
	ck_assert(!esp_ts_match(&ts, &flow, false));
	ts.proto = IPPROTO_TCP;
	ck_assert(!esp_ts_match(&ts, &flow, true));
	ts.proto = IPPROTO_UDP;
	ts.from_port = ts.to_port = 500;
	ck_assert(esp_ts_match(&ts, &flow, true));
	ts.from_port = ts.to_port = 501;
	ck_assert(!esp_ts_match(&ts, &flow, true));
	ts.from_port = 0;
	ts.to_port = 1000;
	ck_assert(esp_ts_match(&ts, &flow, true));
	flow.has_ports = false;
	ck_assert(!esp_ts_match(&ts, &flow, true));
	flow.family = AF_INET6;
	ts.from_port = 0;
	ts.to_port = 0xffff;
	ck_assert(!esp_ts_match(&ts, &flow, true));
}
END_TEST

START_TEST(test_spd_select)
{
	esp_spd_t *spd = esp_spd_create();
	esp_sa_t *sa1 = new_sa(0x1001, false, 1), *sa2 = new_sa(0x1002, false, 2);
	esp_sa_t *sa3 = new_sa(0x1003, false, 1), *found;
	esp_ts_t local, remote, web;
	uint8_t pkt[128];
	uint32_t reqid;

	/* site to site, and a more specific web policy with precedence */
	ts4(&local, "10.1.0.0", 16);
	ts4(&remote, "10.2.0.0", 16);
	ts4(&web, "10.2.3.0", 24);
	web.proto = IPPROTO_TCP;
	web.from_port = web.to_port = 80;
	ck_assert_int_eq(spd->add_policy(spd, &local, &remote, 1, 100), SUCCESS);
	ck_assert_int_eq(spd->add_policy(spd, &local, &web, 2, 50), SUCCESS);
	ck_assert_int_eq(spd->add_policy(spd, &local, &remote, 1, 100), ALREADY_DONE);
	ck_assert_int_eq(spd->add_policy(spd, &local, &remote, 0, 100), INVALID_ARG);
	ck_assert_uint_eq(spd->get_count(spd), 2);

	/* no SA bound yet: the policy is found, an acquire is due */
	ipv4_packet(pkt, "10.1.0.5", "10.2.3.4", IPPROTO_TCP, 40000, 80);
	ck_assert(spd->lookup(spd, pkt, 40, &reqid) == NULL);
	ck_assert_uint_eq(reqid, 2);

	ck_assert_int_eq(spd->set_sa(spd, 1, sa1), SUCCESS);
	ck_assert_int_eq(spd->set_sa(spd, 2, sa2), SUCCESS);
	found = spd->lookup(spd, pkt, 40, &reqid);
	ck_assert(found == sa2);
	found->destroy(found);
	ipv4_packet(pkt, "10.1.0.5", "10.2.3.4", IPPROTO_TCP, 40000, 443);
	found = spd->lookup(spd, pkt, 40, &reqid);
	ck_assert(found == sa1);
	ck_assert_uint_eq(reqid, 1);
	found->destroy(found);

	/* no policy for the reverse direction or other networks */
	ipv4_packet(pkt, "10.2.0.5", "10.1.3.4", IPPROTO_TCP, 40000, 80);
	ck_assert(spd->lookup(spd, pkt, 40, &reqid) == NULL);
	ck_assert_uint_eq(reqid, 0);
	ck_assert(spd->lookup(spd, pkt, 3, &reqid) == NULL);

	/* rekey: the new SA replaces the old one for all policies of reqid 1 */
	ck_assert_int_eq(spd->set_sa(spd, 1, sa3), SUCCESS);
	ipv4_packet(pkt, "10.1.0.5", "10.2.9.9", IPPROTO_UDP, 1, 2);
	found = spd->lookup(spd, pkt, 40, &reqid);
	ck_assert(found == sa3);
	found->destroy(found);

	/* after removing the web policy, port 80 goes through reqid 1 */
	ck_assert_int_eq(spd->del_policy(spd, &local, &web, 2), SUCCESS);
	ck_assert_int_eq(spd->del_policy(spd, &local, &web, 2), NOT_FOUND);
	ipv4_packet(pkt, "10.1.0.5", "10.2.3.4", IPPROTO_TCP, 40000, 80);
	found = spd->lookup(spd, pkt, 40, &reqid);
	ck_assert(found == sa3);
	found->destroy(found);

	ck_assert_int_eq(spd->set_sa(spd, 1, NULL), SUCCESS);
	ck_assert(spd->lookup(spd, pkt, 40, &reqid) == NULL);
	ck_assert_uint_eq(reqid, 1);

	sa1->destroy(sa1);
	sa2->destroy(sa2);
	sa3->destroy(sa3);
	spd->destroy(spd);
}
END_TEST

START_TEST(test_spd_ipv6)
{
	esp_spd_t *spd = esp_spd_create();
	esp_sa_t *sa = new_sa(0x2001, false, 7), *found;
	uint8_t net[16], pkt[128];
	esp_ts_t local, remote, v4;
	uint32_t reqid;
	size_t len;

	inet_pton(AF_INET6, "fd00:1::", net);
	ck_assert(esp_ts_from_prefix(&local, AF_INET6, net, 64));
	inet_pton(AF_INET6, "fd00:2::", net);
	ck_assert(esp_ts_from_prefix(&remote, AF_INET6, net, 48));
	ts4(&v4, "0.0.0.0", 0);
	ck_assert_int_eq(spd->add_policy(spd, &local, &v4, 7, 1), INVALID_ARG);
	ck_assert_int_eq(spd->add_policy(spd, &local, &remote, 7, 1), SUCCESS);
	spd->set_sa(spd, 7, sa);
	len = ipv6_packet(pkt, "fd00:1::10", "fd00:2:0:5::1", NULL, 0, IPPROTO_UDP, 1, 2);
	found = spd->lookup(spd, pkt, len, &reqid);
	ck_assert(found == sa);
	found->destroy(found);
	len = ipv6_packet(pkt, "fd00:1::10", "fd00:3::1", NULL, 0, IPPROTO_UDP, 1, 2);
	ck_assert(spd->lookup(spd, pkt, len, &reqid) == NULL);
	/* the SPD keeps its own reference */
	sa->destroy(sa);
	spd->destroy(spd);
}
END_TEST

START_TEST(test_udp_classify)
{
	uint8_t ike[32] = {}, esp[16] = { 0xc0, 0x01, 0x02, 0x03, 0, 0, 0, 1 };
	uint8_t buf[64], keepalive = 0xff, reserved[8] = { 0, 0, 0, 0xff };
	chunk_t msg;

	ike[4] = 0x11;
	ck_assert_int_eq(esp_udp_classify(ike, sizeof(ike)), ESP_UDP_IKE);
	ck_assert_int_eq(esp_udp_classify(esp, 8), ESP_UDP_ESP);
	ck_assert_uint_eq(esp_udp_spi(esp), 0xc0010203);
	ck_assert_int_eq(esp_udp_classify(esp, 7), ESP_UDP_INVALID);
	ck_assert_int_eq(esp_udp_classify(&keepalive, 1), ESP_UDP_KEEPALIVE_PKT);
	ck_assert_int_eq(esp_udp_classify(esp, 1), ESP_UDP_INVALID);
	ck_assert_int_eq(esp_udp_classify(esp, 3), ESP_UDP_INVALID);
	ck_assert_int_eq(esp_udp_classify(esp, 0), ESP_UDP_INVALID);
	ck_assert_int_eq(esp_udp_classify(reserved, 8), ESP_UDP_INVALID);

	msg = esp_udp_ike_message(chunk_from_thing(ike));
	ck_assert(msg.ptr == ike + 4);
	ck_assert_uint_eq(msg.len, 28);
	ck_assert(chunk_is_empty(esp_udp_ike_message(chunk_create(esp, 8))));

	memset(buf, 0xee, sizeof(buf));
	msg = esp_udp_add_marker(chunk_from_thing(buf), chunk_create(buf + 4, 20));
	ck_assert(msg.ptr == buf);
	ck_assert_uint_eq(msg.len, 24);
	ck_assert_mem_eq(buf, "\0\0\0\0\xee", 5);
	msg = esp_udp_add_marker(chunk_from_thing(buf), chunk_create(buf + 2, 20));
	ck_assert(chunk_is_empty(msg));
}
END_TEST

static bool tun_available(void)
{
	if (access("/dev/net/tun", R_OK | W_OK) != 0) {
		return false;
	}
	/* a private namespace: nothing leaks onto the host */
	return unshare(CLONE_NEWNET) == 0;
}

START_TEST(test_tun)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	uint8_t addr[16], pkt[2048];
	struct pollfd pfd;
	tun_device_t *tun;
	ssize_t len;
	int sock;

	if (!tun_available()) {
		return;
	}
	tun = tun_device_create("cyg%d", 2);
	ck_assert(tun);
	ck_assert_str_eq(tun->get_name(tun), "cyg0");
	ck_assert_int_gt(tun->get_ifindex(tun), 0);
	ck_assert_uint_eq(tun->get_queues(tun), 2);
	ck_assert_int_ge(tun->get_fd(tun, 1), 0);
	ck_assert_int_eq(tun->get_fd(tun, 2), -1);
	ck_assert(tun->set_mtu(tun, 1400));
	ck_assert_int_eq(tun->get_mtu(tun), 1400);
	ck_assert(tun->set_up(tun, true));
	inet_pton(AF_INET, "10.99.0.1", addr);
	ck_assert(tun->add_address(tun, AF_INET, addr, 24));
	inet_pton(AF_INET6, "fd99::1", addr);
	ck_assert(tun->add_address(tun, AF_INET6, addr, 64));
	ck_assert(!tun->add_address(tun, AF_INET6, addr, 129));
	inet_pton(AF_INET, "10.200.0.0", addr);
	ck_assert(tun->add_route(tun, AF_INET, addr, 16, 220));
	inet_pton(AF_INET6, "fd98::", addr);
	ck_assert(tun->add_route(tun, AF_INET6, addr, 64, 0));

	/* a datagram routed into the device comes out of one of its queues */
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, "10.99.0.2", &to.sin_addr);
	ck_assert_int_eq(sendto(sock, "hello", 5, 0, (struct sockaddr *)&to,
				sizeof(to)), 5);
	/* skip IPv6 neighbour discovery the kernel sends on its own */
	len = -1;
	for (int tries = 0; tries < 40 && (len < 0 || pkt[0] != 0x45); tries++) {
		pfd = (struct pollfd){ .fd = tun->get_fd(tun, tries % 2),
				       .events = POLLIN };
		len = poll(&pfd, 1, 50) == 1 ? read(pfd.fd, pkt, sizeof(pkt)) : -1;
	}
	ck_assert_int_eq(len, 20 + 8 + 5);
	ck_assert_uint_eq(pkt[0], 0x45);
	ck_assert_mem_eq(pkt + 16, "\x0a\x63\x00\x02", 4);
	ck_assert_mem_eq(pkt + 28, "hello", 5);
	close(sock);

	ck_assert(tun->del_route(tun, AF_INET, (uint8_t[]){ 10, 200, 0, 0 }, 16, 220));
	ck_assert(!tun->del_route(tun, AF_INET, (uint8_t[]){ 10, 200, 0, 0 }, 16, 220));
	inet_pton(AF_INET, "10.99.0.1", addr);
	ck_assert(tun->del_address(tun, AF_INET, addr, 24));
	ck_assert(tun->set_up(tun, false));
	tun->destroy(tun);
	ck_assert_uint_eq(if_nametoindex("cyg0"), 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("esp_tables");
	TCase *tc;

	tc = tcase_create("sad");
	tcase_add_test(tc, test_sad_basic);
	tcase_add_test(tc, test_sad_many);
	suite_add_tcase(s, tc);

	tc = tcase_create("spd");
	tcase_add_test(tc, test_flow_parse);
	tcase_add_test(tc, test_ts);
	tcase_add_test(tc, test_spd_select);
	tcase_add_test(tc, test_spd_ipv6);
	suite_add_tcase(s, tc);

	tc = tcase_create("udp");
	tcase_add_test(tc, test_udp_classify);
	suite_add_tcase(s, tc);

	/* last: without fork it moves the whole process into a new namespace */
	tc = tcase_create("tun");
	tcase_add_test(tc, test_tun);
	suite_add_tcase(s, tc);
	return s;
}
