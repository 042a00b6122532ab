/*
 * Tests of packets, the socket-default socket, the sender and the local
 * address helpers. All traffic stays on the loopback interface.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "test_runner.h"
#include "net_test.h"
#include "kernel/kernel_net.h"
#include "network/packet.h"
#include "network/sender.h"
#include "socket_default_socket.h"

typedef struct {
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool done;
	status_t status;
	packet_t *packet;
} recv_ctx_t;

static void *recv_thread(void *data)
{
	recv_ctx_t *ctx = data;
	packet_t *packet = NULL;
	status_t status;

	status = skt->receive(skt, &packet);
	pthread_mutex_lock(&ctx->mutex);
	ctx->status = status;
	ctx->packet = status == SUCCESS ? packet : NULL;
	ctx->done = true;
	pthread_cond_signal(&ctx->cond);
	pthread_mutex_unlock(&ctx->mutex);
	return NULL;
}

/* receive() with a deadline, so a lost packet fails instead of hanging */
static status_t recv_timeout(packet_t **packet, int ms)
{
	recv_ctx_t ctx = { .mutex = PTHREAD_MUTEX_INITIALIZER,
			   .cond = PTHREAD_COND_INITIALIZER };
	struct timespec deadline;
	pthread_t thread;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	ck_assert_int_eq(pthread_create(&thread, NULL, recv_thread, &ctx), 0);
	pthread_mutex_lock(&ctx.mutex);
	while (!ctx.done) {
		if (pthread_cond_timedwait(&ctx.cond, &ctx.mutex, &deadline) == ETIMEDOUT) {
			break;
		}
	}
	pthread_mutex_unlock(&ctx.mutex);
	if (!ctx.done) {
		/* unblock the thread for good; the test fails anyway */
		skt->shutdown(skt);
	}
	pthread_join(thread, NULL);
	*packet = ctx.packet;
	return ctx.done ? ctx.status : FAILED;
}

/* an IKE-sized payload whose bytes tell test packets apart */
static chunk_t ike_data(uint8_t tag)
{
	chunk_t data = chunk_alloc(40);

	memset(data.ptr, tag, data.len);
	return data;
}

static void assert_host(host_t *host, const char *addr, uint16_t port)
{
	host_t *want = h(addr, port);
	char got[HOST_STR_LEN];

	ck_assert_msg(host && host->equals(host, want), "got %s, want %s[%u]",
		      host_to_str_port(host, got, sizeof(got)), addr, port);
	want->destroy(want);
}

/* send an IKE packet through the socket and get it back */
static packet_t *roundtrip(const char *from, uint16_t sport, const char *to,
			   uint16_t dport, uint8_t tag)
{
	packet_t *packet, *got = NULL;
	chunk_t data = ike_data(tag);

	packet = packet_create_from_data(h(from, sport), h(to, dport), chunk_clone(data));
	ck_assert_int_eq(skt->send(skt, packet), SUCCESS);
	packet->destroy(packet);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	ck_assert_msg(chunk_equals(got->get_data(got), data), "payload differs");
	chunk_free(&data);
	return got;
}

START_TEST(test_packet)
{
	packet_t *packet, *clone;
	host_t *src = h("192.0.2.1", 500), *dst = h("192.0.2.2", 4500);
	chunk_t data = chunk_clone(chunk_from_str("payload"));

	packet = packet_create();
	ck_assert(packet->get_source(packet) == NULL);
	ck_assert(packet->get_destination(packet) == NULL);
	ck_assert(chunk_is_empty(packet->get_data(packet)));
	packet->set_source(packet, src);
	packet->set_source(packet, src);	/* same host again: kept, not freed */
	packet->set_destination(packet, dst);
	packet->set_data(packet, data);
	packet->set_data(packet, data);
	ck_assert(packet->get_source(packet) == src);
	ck_assert(packet->get_destination(packet) == dst);

	clone = packet->clone(packet);
	ck_assert(clone->get_source(clone) != src);
	ck_assert(clone->get_source(clone)->equals(clone->get_source(clone), src));
	ck_assert(clone->get_destination(clone)->equals(clone->get_destination(clone), dst));
	ck_assert(clone->get_data(clone).ptr != data.ptr);
	ck_assert(chunk_equals(clone->get_data(clone), data));

	/* replacing frees the old values (valgrind checks) */
	packet->set_source(packet, h("198.51.100.1", 500));
	packet->set_data(packet, chunk_clone(chunk_from_str("other")));
	ck_assert(chunk_equals(packet->get_data(packet), chunk_from_str("other")));
	packet->destroy(packet);
	ck_assert(chunk_equals(clone->get_data(clone), chunk_from_str("payload")));
	clone->destroy(clone);

	packet = packet_create_from_data(NULL, NULL, chunk_empty);
	clone = packet->clone(packet);
	ck_assert(clone->get_source(clone) == NULL);
	clone->destroy(clone);
	packet->destroy(packet);
}
END_TEST

START_TEST(test_socket_register)
{
	socket_t *before = socket_get();

	socket_register(NULL);
	ck_assert(socket_get() == NULL);
	socket_register(before);
	ck_assert(socket_get() == before);
}
END_TEST

START_TEST(test_socket_ports)
{
	uint16_t base = 20000 + (getpid() % 10000) * 2;
	socket_t *s;
	char buf[8];

	snprintf(buf, sizeof(buf), "%u", base);
	lib->settings->set_str(lib->settings, "charon.port", buf);
	snprintf(buf, sizeof(buf), "%u", base + 1);
	lib->settings->set_str(lib->settings, "charon.port_nat_t", buf);
	lib->settings->set_str(lib->settings, "charon.plugins.socket-default.use_ipv6", "no");
	s = socket_default_socket_create();
	ck_assert(s);
	ck_assert_int_eq(s->get_port(s, false), base);
	ck_assert_int_eq(s->get_port(s, true), base + 1);
	ck_assert_int_ge(s->get_esp_fd(s, AF_INET), 0);
	ck_assert_int_eq(s->get_esp_fd(s, AF_INET6), -1);
	ck_assert_int_eq(s->get_esp_fd(s, AF_UNIX), -1);
	s->destroy(s);

	/* the same port twice is a configuration error */
	snprintf(buf, sizeof(buf), "%u", base);
	lib->settings->set_str(lib->settings, "charon.port_nat_t", buf);
	ck_assert(socket_default_socket_create() == NULL);

	/* no family at all: nothing to listen on */
	lib->settings->set_str(lib->settings, "charon.port_nat_t", "0");
	lib->settings->set_str(lib->settings, "charon.plugins.socket-default.use_ipv4", "no");
	ck_assert(socket_default_socket_create() == NULL);
}
END_TEST

START_TEST(test_socket_ike_port)
{
	packet_t *got;

	got = roundtrip("127.0.0.1", ike_port, "127.0.0.1", ike_port, 0x11);
	assert_host(got->get_source(got), "127.0.0.1", ike_port);
	assert_host(got->get_destination(got), "127.0.0.1", ike_port);
	got->destroy(got);
	ck_assert_int_eq(net_counter_get(NET_CNT_RECEIVED), 1);
}
END_TEST

START_TEST(test_socket_natt_marker)
{
	uint8_t buf[128];
	uint16_t raw_port, from;
	chunk_t data = ike_data(0x22);
	packet_t *packet, *got;
	ssize_t n;
	int fd;

	/* through the socket: marker added on the way out, stripped on the way in */
	got = roundtrip("127.0.0.1", natt_port, "127.0.0.1", natt_port, 0x22);
	assert_host(got->get_source(got), "127.0.0.1", natt_port);
	assert_host(got->get_destination(got), "127.0.0.1", natt_port);
	got->destroy(got);

	/* on the wire, from our NAT-T port: marker first */
	fd = raw_socket(AF_INET, &raw_port);
	packet = packet_create_from_data(h("127.0.0.1", natt_port), h("127.0.0.1", raw_port),
					 chunk_clone(data));
	ck_assert_int_eq(skt->send(skt, packet), SUCCESS);
	packet->destroy(packet);
	n = raw_recv(fd, buf, sizeof(buf), &from);
	ck_assert_int_eq(n, 4 + data.len);
	ck_assert_int_eq(from, natt_port);
	ck_assert(memcmp(buf, "\0\0\0\0", 4) == 0);
	ck_assert(memcmp(buf + 4, data.ptr, data.len) == 0);

	/* from the IKE port to a NAT-mapped port: plain */
	packet = packet_create_from_data(h("127.0.0.1", ike_port), h("127.0.0.1", raw_port),
					 chunk_clone(data));
	ck_assert_int_eq(skt->send(skt, packet), SUCCESS);
	packet->destroy(packet);
	n = raw_recv(fd, buf, sizeof(buf), &from);
	ck_assert_int_eq(n, data.len);
	ck_assert_int_eq(from, ike_port);
	ck_assert(memcmp(buf, data.ptr, data.len) == 0);

	/* a source of %any leaves from the IKE port */
	packet = packet_create_from_data(NULL, h("127.0.0.1", raw_port), chunk_clone(data));
	ck_assert_int_eq(skt->send(skt, packet), SUCCESS);
	packet->destroy(packet);
	n = raw_recv(fd, buf, sizeof(buf), &from);
	ck_assert_int_eq(n, data.len);
	ck_assert_int_eq(from, ike_port);

	/* a peer's marker is stripped */
	packet = packet_create_from_data(NULL, NULL, chunk_cat(2, chunk_from_chars(0, 0, 0, 0), data));
	raw_send(fd, "127.0.0.1", natt_port, packet->get_data(packet));
	packet->destroy(packet);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	ck_assert(chunk_equals(got->get_data(got), data));
	assert_host(got->get_source(got), "127.0.0.1", raw_port);
	got->destroy(got);
	close(fd);
	chunk_free(&data);
}
END_TEST

START_TEST(test_socket_drops)
{
	chunk_t data = ike_data(0x33);
	uint16_t raw_port;
	packet_t *got;
	int fd;

	fd = raw_socket(AF_INET, &raw_port);
	/* keepalive, runts and a short IKE packet on either port */
	raw_send(fd, "127.0.0.1", natt_port, chunk_from_chars(0xff));
	raw_send(fd, "127.0.0.1", natt_port, chunk_from_chars(0, 0));
	raw_send(fd, "127.0.0.1", natt_port, chunk_from_chars(0, 0, 0, 0, 1, 2, 3));
	raw_send(fd, "127.0.0.1", ike_port, chunk_head(data, 27));
	raw_send(fd, "127.0.0.1", ike_port, data);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	ck_assert(chunk_equals(got->get_data(got), data));
	got->destroy(got);
	ck_assert_int_eq(net_counter_get(NET_CNT_KEEPALIVE), 1);
	ck_assert_int_eq(net_counter_get(NET_CNT_ESP_DROPPED), 1);
	ck_assert_int_eq(net_counter_get(NET_CNT_TOO_SHORT), 2);
	ck_assert_int_eq(net_counter_get(NET_CNT_RECEIVED), 1);
	close(fd);
	chunk_free(&data);
}
END_TEST

typedef struct {
	int calls;
	host_t *src;
	host_t *dst;
	chunk_t data;
} esp_seen_t;

static void esp_handler(void *ctx, host_t *src, host_t *dst, chunk_t data)
{
	esp_seen_t *seen = ctx;

	seen->calls++;
	DESTROY_IF(seen->src);
	DESTROY_IF(seen->dst);
	chunk_free(&seen->data);
	seen->src = src->clone(src);
	seen->dst = dst->clone(dst);
	seen->data = chunk_clone(data);
}

START_TEST(test_socket_esp)
{
	chunk_t esp = chunk_from_chars(0x00, 0x00, 0x10, 0x01, 0, 0, 0, 1, 0xaa, 0xbb);
	chunk_t data = ike_data(0x44);
	esp_seen_t seen = { 0 };
	uint8_t buf[64];
	uint16_t raw_port, from;
	packet_t *got;
	host_t *src, *dst;
	int fd;

	fd = raw_socket(AF_INET, &raw_port);
	skt->set_esp_handler(skt, esp_handler, &seen);
	/* ESP to a local address other than the one we bound: pktinfo tells */
	raw_send(fd, "127.0.0.1", natt_port, esp);
	raw_send(fd, "127.0.0.3", natt_port, esp);
	raw_send(fd, "127.0.0.1", ike_port, data);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	got->destroy(got);
	ck_assert_int_eq(seen.calls, 2);
	assert_host(seen.src, "127.0.0.1", raw_port);
	assert_host(seen.dst, "127.0.0.3", natt_port);
	ck_assert(chunk_equals(seen.data, esp));
	ck_assert_int_eq(net_counter_get(NET_CNT_ESP), 2);

	/* without a handler ESP is dropped */
	skt->set_esp_handler(skt, NULL, NULL);
	raw_send(fd, "127.0.0.1", natt_port, esp);
	raw_send(fd, "127.0.0.1", ike_port, data);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	got->destroy(got);
	ck_assert_int_eq(seen.calls, 2);
	ck_assert_int_eq(net_counter_get(NET_CNT_ESP_DROPPED), 1);

	/* send_esp() leaves from the NAT-T port without a marker */
	src = h("127.0.0.1", 0);
	dst = h("127.0.0.1", raw_port);
	ck_assert_int_eq(skt->send_esp(skt, src, dst, esp), SUCCESS);
	ck_assert_int_eq(raw_recv(fd, buf, sizeof(buf), &from), esp.len);
	ck_assert_int_eq(from, natt_port);
	ck_assert(memcmp(buf, esp.ptr, esp.len) == 0);
	ck_assert_int_ge(skt->get_esp_fd(skt, AF_INET), 0);
	ck_assert_int_eq(skt->get_esp_fd(skt, AF_UNIX), -1);
	src->destroy(src);
	dst->destroy(dst);

	DESTROY_IF(seen.src);
	DESTROY_IF(seen.dst);
	chunk_free(&seen.data);
	chunk_free(&data);
	close(fd);
}
END_TEST

START_TEST(test_socket_pktinfo)
{
	packet_t *got;

	/* the source address we choose is used, the destination is reported */
	got = roundtrip("127.0.0.2", ike_port, "127.0.0.3", ike_port, 0x55);
	assert_host(got->get_source(got), "127.0.0.2", ike_port);
	assert_host(got->get_destination(got), "127.0.0.3", ike_port);
	got->destroy(got);

	got = roundtrip("127.0.0.4", natt_port, "127.0.0.5", natt_port, 0x56);
	assert_host(got->get_source(got), "127.0.0.4", natt_port);
	assert_host(got->get_destination(got), "127.0.0.5", natt_port);
	got->destroy(got);
}
END_TEST

START_TEST(test_socket_ipv6)
{
	packet_t *got;

	if (skt->get_esp_fd(skt, AF_INET6) < 0) {
		/* no IPv6 here: creating the socket must still have worked */
		return;
	}
	got = roundtrip("::1", natt_port, "::1", natt_port, 0x66);
	assert_host(got->get_source(got), "::1", natt_port);
	assert_host(got->get_destination(got), "::1", natt_port);
	got->destroy(got);
	got = roundtrip("::1", ike_port, "::1", ike_port, 0x67);
	assert_host(got->get_destination(got), "::1", ike_port);
	got->destroy(got);
}
END_TEST

START_TEST(test_socket_shutdown)
{
	packet_t *got = NULL;
	recv_ctx_t ctx = { .mutex = PTHREAD_MUTEX_INITIALIZER,
			   .cond = PTHREAD_COND_INITIALIZER };
	pthread_t thread;

	ck_assert_int_eq(pthread_create(&thread, NULL, recv_thread, &ctx), 0);
	usleep(50000);
	skt->shutdown(skt);
	pthread_join(thread, NULL);
	ck_assert(ctx.done);
	ck_assert_int_eq(ctx.status, NOT_SUPPORTED);
	/* and it stays down */
	ck_assert_int_eq(skt->receive(skt, &got), NOT_SUPPORTED);
	ck_assert(got == NULL);
}
END_TEST

START_TEST(test_socket_send_errors)
{
	packet_t *packet;

	packet = packet_create_from_data(h("127.0.0.1", ike_port), NULL,
					 chunk_clone(chunk_from_str("x")));
	ck_assert(skt->send(skt, packet) != SUCCESS);
	packet->destroy(packet);
}
END_TEST

START_TEST(test_sender)
{
	sender_t *sender = sender_create();
	packet_t *got;
	chunk_t data = ike_data(0x77);

	ck_assert_int_eq(sender->send(sender, packet_create_from_data(
			 h("127.0.0.1", ike_port), h("127.0.0.1", ike_port),
			 chunk_clone(data))), SUCCESS);
	ck_assert_int_eq(sender->get_sent(sender), 1);
	ck_assert_int_eq(net_counter_get(NET_CNT_SENT), 1);
	ck_assert_int_eq(recv_timeout(&got, 2000), SUCCESS);
	ck_assert(chunk_equals(got->get_data(got), data));
	got->destroy(got);

	/* no socket: fails, counted, packet still freed */
	socket_register(NULL);
	ck_assert_int_eq(sender->send(sender, packet_create_from_data(
			 NULL, h("127.0.0.1", ike_port), chunk_clone(data))), FAILED);
	socket_register(skt);
	ck_assert_int_eq(net_counter_get(NET_CNT_SEND_FAILED), 1);
	ck_assert_int_eq(sender->get_sent(sender), 1);
	sender->destroy(sender);
	chunk_free(&data);
}
END_TEST

START_TEST(test_source_addr)
{
	host_t *dest = h("127.0.0.1", 0), *hint, *src;

	src = kernel_net_get_source_addr(dest, NULL);
	assert_host(src, "127.0.0.1", 0);
	src->destroy(src);

	hint = h("127.0.0.2", 500);
	src = kernel_net_get_source_addr(dest, hint);
	assert_host(src, "127.0.0.2", 0);
	src->destroy(src);
	hint->destroy(hint);

	/* a hint that is not ours is ignored */
	hint = h("192.0.2.77", 0);
	src = kernel_net_get_source_addr(dest, hint);
	assert_host(src, "127.0.0.1", 0);
	src->destroy(src);
	hint->destroy(hint);
	dest->destroy(dest);

	dest = h("%any", 0);
	ck_assert(kernel_net_get_source_addr(dest, NULL) == NULL);
	dest->destroy(dest);
	ck_assert(kernel_net_get_source_addr(NULL, NULL) == NULL);
}
END_TEST

START_TEST(test_local_addresses)
{
	linked_list_t *list = kernel_net_get_addresses();
	enumerator_t *e;
	host_t *host, *lo = h("127.0.0.1", 0), *other = h("192.0.2.77", 0);
	bool v6_seen = false;

	ck_assert_int_gt(list->get_count(list), 0);
	e = list->create_enumerator(list);
	while (e->enumerate(e, &host)) {
		chunk_t addr = host->get_address(host);

		ck_assert(!host->is_anyaddr(host));
		ck_assert_int_eq(host->get_port(host), 0);
		if (host->get_family(host) == AF_INET6) {
			v6_seen = true;
			ck_assert(!(addr.ptr[0] == 0xfe && (addr.ptr[1] & 0xc0) == 0x80));
		} else {
			ck_assert_msg(!v6_seen, "IPv4 addresses come first");
		}
		ck_assert(kernel_net_is_local(host));
	}
	e->destroy(e);
	list->destroy_offset(list, DESTROY_OFFSET(host_t));

	ck_assert(kernel_net_is_local(lo));
	ck_assert(!kernel_net_is_local(other));
	ck_assert(!kernel_net_is_local(NULL));
	lo->destroy(lo);
	other->destroy(other);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("network");
	TCase *tc;

	tc = tcase_create("packet");
	tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
	tcase_add_test(tc, test_packet);
	suite_add_tcase(s, tc);

	tc = tcase_create("socket");
	tcase_add_checked_fixture(tc, socket_setup, socket_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_socket_register);
	tcase_add_test(tc, test_socket_ike_port);
	tcase_add_test(tc, test_socket_natt_marker);
	tcase_add_test(tc, test_socket_drops);
	tcase_add_test(tc, test_socket_esp);
	tcase_add_test(tc, test_socket_pktinfo);
	tcase_add_test(tc, test_socket_ipv6);
	tcase_add_test(tc, test_socket_shutdown);
	tcase_add_test(tc, test_socket_send_errors);
	tcase_add_test(tc, test_sender);
	suite_add_tcase(s, tc);

	tc = tcase_create("socket settings");
	tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
	tcase_add_test(tc, test_socket_ports);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel_net");
	tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
	tcase_add_test(tc, test_source_addr);
	tcase_add_test(tc, test_local_addresses);
	suite_add_tcase(s, tc);
	return s;
}
