/*
 * Tests of COOKIEs, the receiver (over the socket-default socket, against
 * a fake IKE_SA manager) and process_message_job. Loopback traffic only.
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
#include "daemon.h"
#include "processing/processor.h"
#include "encoding/message.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/nonce_payload.h"
#include "network/cookie.h"
#include "network/receiver.h"
#include "processing/process_message_job.h"

static void crypto_setup(void)
{
	lib_setup();
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS, "random openssl"));
}

START_TEST(test_cookie)
{
	cookie_jar_t *jar = cookie_jar_create(3600);
	chunk_t ni = chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
	chunk_t ni2 = chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17);
	host_t *ip = h("192.0.2.1", 500), *ip_port = h("192.0.2.1", 4500);
	host_t *ip2 = h("192.0.2.2", 500);
	uint64_t spi = 0x0102030405060708ULL;
	chunk_t c1, c2, c3;

	ck_assert(jar);
	ck_assert(jar->create(jar, ni, ip, spi, &c1));
	ck_assert_int_eq(c1.len, COOKIE_LEN);
	ck_assert(jar->verify(jar, c1, ni, ip, spi));
	/* the port is not part of it */
	ck_assert(jar->verify(jar, c1, ni, ip_port, spi));
	ck_assert(!jar->verify(jar, c1, ni2, ip, spi));
	ck_assert(!jar->verify(jar, c1, ni, ip2, spi));
	ck_assert(!jar->verify(jar, c1, ni, ip, spi + 1));
	ck_assert(!jar->verify(jar, chunk_head(c1, COOKIE_LEN - 1), ni, ip, spi));
	ck_assert(!jar->verify(jar, chunk_empty, ni, ip, spi));
	c1.ptr[COOKIE_LEN - 1] ^= 1;
	ck_assert(!jar->verify(jar, c1, ni, ip, spi));
	c1.ptr[COOKIE_LEN - 1] ^= 1;
	/* deterministic while the secret stays */
	ck_assert(jar->create(jar, ni, ip, spi, &c2));
	ck_assert(chunk_equals(c1, c2));

	/* a rotation keeps the previous secret valid, a second one drops it */
	ck_assert(jar->rotate(jar));
	ck_assert(jar->create(jar, ni, ip, spi, &c3));
	ck_assert(!chunk_equals(c1, c3));
	ck_assert(memcmp(c1.ptr, c3.ptr, 4) != 0);
	ck_assert(jar->verify(jar, c1, ni, ip, spi));
	ck_assert(jar->verify(jar, c3, ni, ip, spi));
	ck_assert(jar->rotate(jar));
	ck_assert(!jar->verify(jar, c1, ni, ip, spi));
	ck_assert(jar->verify(jar, c3, ni, ip, spi));
	/* a cookie claiming a version we never had */
	c3.ptr[0] ^= 0x80;
	ck_assert(!jar->verify(jar, c3, ni, ip, spi));

	chunk_free(&c1);
	chunk_free(&c2);
	chunk_free(&c3);
	ip->destroy(ip);
	ip_port->destroy(ip_port);
	ip2->destroy(ip2);
	jar->destroy(jar);

	/* an expired secret is replaced when the next cookie is made */
	jar = cookie_jar_create(0);
	ck_assert(jar->create(jar, ni, ip2 = h("192.0.2.2", 0), spi, &c1));
	ck_assert(jar->create(jar, ni, ip2, spi, &c2));
	ck_assert(memcmp(c1.ptr, c2.ptr, 4) != 0);
	chunk_free(&c1);
	chunk_free(&c2);
	ip2->destroy(ip2);
	jar->destroy(jar);
}
END_TEST

START_TEST(test_cookie_no_crypto)
{
	/* without plugins there is no hasher */
	ck_assert(cookie_jar_create(60) == NULL);
}
END_TEST

/*
 * The receiver against a fake IKE_SA manager: it reports the half-open
 * counts a test sets and records the messages it is asked about.
 */
typedef struct {
	ike_sa_manager_t public;
	unsigned int half_open_all;
	unsigned int half_open_ip;
	int checkouts;
	int checkins;
	int destroyed;
	status_t process_result;
	uint64_t last_spi_i;
	ike_sa_t *sa;
} fake_manager_t;

static fake_manager_t fake_manager;
static daemon_t fake_daemon;
static daemon_t *saved_charon;
static int processed;

static status_t fake_process(ike_sa_t *ike_sa, message_t *message, host_t *src,
			     host_t *dst)
{
	processed++;
	ck_assert(src && dst);
	return fake_manager.process_result;
}

static ike_sa_t fake_sa = { .process_message = fake_process };

static ike_sa_t *fake_checkout_by_message(ike_sa_manager_t *m, message_t *message,
					  host_t *source)
{
	fake_manager.last_spi_i = message->get_spi_i(message);
	__atomic_fetch_add(&fake_manager.checkouts, 1, __ATOMIC_SEQ_CST);
	return fake_manager.sa;
}

static void fake_checkin(ike_sa_manager_t *m, ike_sa_t *ike_sa)
{
	fake_manager.checkins++;
}

static void fake_checkin_and_destroy(ike_sa_manager_t *m, ike_sa_t *ike_sa)
{
	fake_manager.destroyed++;
}

static unsigned int fake_half_open(ike_sa_manager_t *m, host_t *ip)
{
	return __atomic_load_n(ip ? &fake_manager.half_open_ip : &fake_manager.half_open_all,
			       __ATOMIC_SEQ_CST);
}

/* the receiver thread reads these while a test changes them */
static void set_half_open(unsigned int all, unsigned int ip)
{
	__atomic_store_n(&fake_manager.half_open_all, all, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fake_manager.half_open_ip, ip, __ATOMIC_SEQ_CST);
}

static void fake_daemon_setup(void)
{
	fake_manager = (fake_manager_t){
		.public = {
			.checkout_by_message = fake_checkout_by_message,
			.checkin = fake_checkin,
			.checkin_and_destroy = fake_checkin_and_destroy,
			.get_half_open_count = fake_half_open,
		},
	};
	fake_daemon = (daemon_t){ .ike_sa_manager = &fake_manager.public };
	saved_charon = charon;
	charon = &fake_daemon;
	processed = 0;
}

static void receiver_setup(void)
{
	socket_setup();
	fake_daemon_setup();
	lib->processor->set_threads(lib->processor, 3);
}

static void receiver_teardown(void)
{
	charon = saved_charon;
	socket_teardown();
}

static void job_setup(void)
{
	lib_setup();
	fake_daemon_setup();
}

static void job_teardown(void)
{
	charon = saved_charon;
	lib_teardown();
}

/* wait up to two seconds for *value to reach want */
static bool wait_int(int *value, int want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (__atomic_load_n(value, __ATOMIC_SEQ_CST) >= want) {
			return true;
		}
		usleep(10000);
	}
	return false;
}

static bool wait_counter(net_counter_t counter, uint64_t want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (net_counter_get(counter) >= want) {
			return true;
		}
		usleep(10000);
	}
	return false;
}

static const uint8_t nonce_bytes[32] = { 0x4e, 0x6f, 0x6e, 0x63, 0x65 };

/* an IKE_SA_INIT request as an initiator sends it, with COOKIE first if given */
static chunk_t build_init(uint64_t spi_i, uint64_t spi_r, chunk_t cookie)
{
	message_t *m = message_create();
	proposal_t *p = proposal_create(PROTO_IKE, 1);
	sa_payload_t *sa = sa_payload_create();
	uint8_t ke[32] = { 9 };
	chunk_t data;

	m->set_exchange_type(m, IKE_SA_INIT);
	m->set_request(m, true);
	m->set_initiator(m, true);
	m->set_spi_i(m, spi_i);
	m->set_spi_r(m, spi_r);
	if (cookie.len) {
		ck_assert(m->add_notify(m, COOKIE, cookie));
	}
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	p->add_algorithm(p, TRANSFORM_KE, CURVE_25519, 0);
	sa->add_proposal(sa, p);
	m->add_payload(m, &sa->payload);
	m->add_payload(m, &ke_payload_create(CURVE_25519, chunk_from_thing(ke))->payload);
	m->add_payload(m, &nonce_payload_create(chunk_from_thing(nonce_bytes))->payload);
	ck_assert_int_eq(m->generate(m, NULL, &data), SUCCESS);
	m->destroy(m);
	return data;
}

/* a bare IKE header: SPIs, exchange, flags, version */
static chunk_t build_header(uint64_t spi_i, uint64_t spi_r, uint8_t exchange,
			    uint8_t flags, uint8_t version)
{
	chunk_t data = chunk_alloc(IKE_HEADER_SIZE);
	int i;

	memset(data.ptr, 0, data.len);
	for (i = 0; i < 8; i++) {
		data.ptr[i] = spi_i >> (56 - 8 * i);
		data.ptr[8 + i] = spi_r >> (56 - 8 * i);
	}
	data.ptr[17] = version;
	data.ptr[18] = exchange;
	data.ptr[19] = flags;
	data.ptr[27] = IKE_HEADER_SIZE;
	return data;
}

/* the COOKIE of a response the raw socket receives */
static chunk_t expect_cookie(int fd, uint64_t spi_i)
{
	uint8_t buf[512];
	notify_payload_t *notify;
	message_t *m;
	chunk_t cookie;
	uint16_t from;
	ssize_t n;

	n = raw_recv(fd, buf, sizeof(buf), &from);
	ck_assert_int_eq(from, ike_port);
	m = message_create_from_packet(chunk_create(buf, n));
	ck_assert_int_eq(m->parse_header(m), SUCCESS);
	ck_assert_int_eq(m->get_exchange_type(m), IKE_SA_INIT);
	ck_assert(!m->get_request(m));
	ck_assert(!m->get_initiator(m));
	ck_assert(m->get_spi_i(m) == spi_i);
	ck_assert(m->get_spi_r(m) == 0);
	ck_assert_int_eq(m->parse_body(m, NULL), SUCCESS);
	notify = m->get_notify(m, COOKIE);
	ck_assert(notify);
	cookie = chunk_clone(notify->get_data(notify));
	ck_assert_int_eq(cookie.len, COOKIE_LEN);
	m->destroy(m);
	return cookie;
}

START_TEST(test_receiver_admits)
{
	receiver_t *receiver = receiver_create();
	chunk_t init = build_init(0x1111, 0, chunk_empty);
	chunk_t auth = build_header(0x2222, 0x3333, IKE_AUTH, 0x08, 0x20);
	uint16_t raw_port;
	int fd;

	ck_assert(receiver);
	fd = raw_socket(AF_INET, &raw_port);
	raw_send(fd, "127.0.0.1", ike_port, init);
	ck_assert(wait_int(&fake_manager.checkouts, 1));
	ck_assert(fake_manager.last_spi_i == 0x1111);
	raw_send(fd, "127.0.0.1", ike_port, auth);
	ck_assert(wait_int(&fake_manager.checkouts, 2));
	ck_assert(fake_manager.last_spi_i == 0x2222);
	ck_assert_int_eq(receiver->get_counter(receiver, NET_CNT_RECEIVED), 2);
	ck_assert_int_eq(net_counter_get(NET_CNT_COOKIE_SENT), 0);
	receiver->destroy(receiver);
	close(fd);
	chunk_free(&init);
	chunk_free(&auth);
}
END_TEST

START_TEST(test_receiver_drops_invalid)
{
	receiver_t *receiver = receiver_create();
	chunk_t bad_version = build_header(0x1, 0, IKE_SA_INIT, 0x08, 0x30);
	chunk_t init_spi_r = build_header(0x1, 0x2, IKE_SA_INIT, 0x08, 0x20);
	chunk_t zero_spi = build_header(0, 0x2, IKE_AUTH, 0x08, 0x20);
	chunk_t bad_length = build_header(0x1, 0x2, IKE_AUTH, 0x08, 0x20);
	uint16_t raw_port;
	int fd;

	bad_length.ptr[27] = 200;
	fd = raw_socket(AF_INET, &raw_port);
	raw_send(fd, "127.0.0.1", ike_port, bad_version);
	raw_send(fd, "127.0.0.1", ike_port, init_spi_r);
	raw_send(fd, "127.0.0.1", ike_port, zero_spi);
	raw_send(fd, "127.0.0.1", ike_port, bad_length);
	ck_assert(wait_counter(NET_CNT_BAD_VERSION, 1));
	ck_assert(wait_counter(NET_CNT_INVALID, 2));
	ck_assert(wait_counter(NET_CNT_MALFORMED, 1));
	ck_assert_int_eq(fake_manager.checkouts, 0);
	/* nothing is answered */
	usleep(50000);
	{
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		ck_assert_int_eq(poll(&pfd, 1, 0), 0);
	}
	receiver->destroy(receiver);
	close(fd);
	chunk_free(&bad_version);
	chunk_free(&init_spi_r);
	chunk_free(&zero_spi);
	chunk_free(&bad_length);
}
END_TEST

START_TEST(test_receiver_cookie)
{
	receiver_t *receiver;
	chunk_t init, cookie, again;
	uint16_t raw_port;
	int fd;

	set_half_open(10, 0);	/* the default threshold */
	receiver = receiver_create();
	fd = raw_socket(AF_INET, &raw_port);

	init = build_init(0xabcdef, 0, chunk_empty);
	raw_send(fd, "127.0.0.1", ike_port, init);
	cookie = expect_cookie(fd, 0xabcdef);
	/* counted after sending: the reply may arrive first */
	ck_assert(wait_counter(NET_CNT_COOKIE_SENT, 1));
	ck_assert_int_eq(fake_manager.checkouts, 0);

	/* with the cookie the request gets through */
	again = build_init(0xabcdef, 0, cookie);
	raw_send(fd, "127.0.0.1", ike_port, again);
	ck_assert(wait_int(&fake_manager.checkouts, 1));
	chunk_free(&again);

	/* another SPI with that cookie: a new cookie, no state */
	again = build_init(0xabcdee, 0, cookie);
	raw_send(fd, "127.0.0.1", ike_port, again);
	chunk_free(&cookie);
	cookie = expect_cookie(fd, 0xabcdee);
	ck_assert_int_eq(net_counter_get(NET_CNT_COOKIE_INVALID), 1);
	ck_assert(wait_counter(NET_CNT_COOKIE_SENT, 2));
	ck_assert_int_eq(fake_manager.checkouts, 1);
	chunk_free(&again);
	chunk_free(&cookie);

	/* per-IP threshold alone also asks for cookies */
	set_half_open(0, 3);
	raw_send(fd, "127.0.0.1", ike_port, init);
	cookie = expect_cookie(fd, 0xabcdef);
	chunk_free(&cookie);

	receiver->destroy(receiver);
	close(fd);
	chunk_free(&init);
}
END_TEST

START_TEST(test_receiver_block)
{
	receiver_t *receiver;
	chunk_t init = build_init(0x77, 0, chunk_empty);
	uint16_t raw_port;
	int fd;

	lib->settings->set_str(lib->settings, "charon.cookie_threshold", "0");
	lib->settings->set_str(lib->settings, "charon.cookie_threshold_ip", "0");
	set_half_open(0, 5);
	receiver = receiver_create();
	fd = raw_socket(AF_INET, &raw_port);
	raw_send(fd, "127.0.0.1", ike_port, init);
	ck_assert(wait_counter(NET_CNT_BLOCKED, 1));
	ck_assert_int_eq(fake_manager.checkouts, 0);

	set_half_open(0, 4);
	raw_send(fd, "127.0.0.1", ike_port, init);
	ck_assert(wait_int(&fake_manager.checkouts, 1));
	ck_assert_int_eq(net_counter_get(NET_CNT_BLOCKED), 1);
	receiver->destroy(receiver);
	close(fd);
	chunk_free(&init);
}
END_TEST

START_TEST(test_receiver_no_socket)
{
	socket_register(NULL);
	ck_assert(receiver_create() == NULL);
	socket_register(skt);
}
END_TEST

static job_t *message_job(chunk_t data)
{
	message_t *m = message_create_from_packet(data);

	ck_assert_int_eq(m->parse_header(m), SUCCESS);
	return process_message_job_create(m, h("192.0.2.1", 500), h("192.0.2.2", 500));
}

START_TEST(test_process_message_job)
{
	chunk_t init = build_header(0x1, 0, IKE_SA_INIT, 0x08, 0x20);
	chunk_t init_resp = build_header(0x1, 0x2, IKE_SA_INIT, 0x20, 0x20);
	chunk_t auth = build_header(0x1, 0x2, IKE_AUTH, 0x08, 0x20);
	job_t *job;

	job = message_job(init);
	ck_assert_int_eq(job->get_priority(job), JOB_PRIO_LOW);
	job->destroy(job);
	job = message_job(init_resp);
	ck_assert_int_eq(job->get_priority(job), JOB_PRIO_MEDIUM);
	job->destroy(job);

	/* no IKE_SA: dropped */
	job = message_job(auth);
	ck_assert_int_eq(job->get_priority(job), JOB_PRIO_MEDIUM);
	ck_assert_int_eq(job->execute(job), JOB_REQUEUE_NONE);
	job->destroy(job);
	ck_assert_int_eq(fake_manager.checkouts, 1);
	ck_assert_int_eq(processed, 0);

	/* processed and checked in */
	fake_manager.sa = &fake_sa;
	fake_manager.process_result = SUCCESS;
	job = message_job(auth);
	ck_assert_int_eq(job->execute(job), JOB_REQUEUE_NONE);
	job->destroy(job);
	ck_assert_int_eq(processed, 1);
	ck_assert_int_eq(fake_manager.checkins, 1);
	ck_assert_int_eq(fake_manager.destroyed, 0);

	/* DESTROY_ME: checked in for destruction */
	fake_manager.process_result = DESTROY_ME;
	job = message_job(auth);
	ck_assert_int_eq(job->execute(job), JOB_REQUEUE_NONE);
	job->destroy(job);
	ck_assert_int_eq(processed, 2);
	ck_assert_int_eq(fake_manager.checkins, 1);
	ck_assert_int_eq(fake_manager.destroyed, 1);

	/* without a daemon nothing happens */
	charon = NULL;
	job = message_job(auth);
	ck_assert_int_eq(job->execute(job), JOB_REQUEUE_NONE);
	job->destroy(job);
	ck_assert_int_eq(processed, 2);

	chunk_free(&init);
	chunk_free(&init_resp);
	chunk_free(&auth);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("receiver");
	TCase *tc;

	tc = tcase_create("cookie");
	tcase_add_checked_fixture(tc, crypto_setup, lib_teardown);
	tcase_add_test(tc, test_cookie);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookie without crypto");
	tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
	tcase_add_test(tc, test_cookie_no_crypto);
	suite_add_tcase(s, tc);

	tc = tcase_create("receiver");
	tcase_add_checked_fixture(tc, receiver_setup, receiver_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_receiver_admits);
	tcase_add_test(tc, test_receiver_drops_invalid);
	tcase_add_test(tc, test_receiver_cookie);
	tcase_add_test(tc, test_receiver_block);
	tcase_add_test(tc, test_receiver_no_socket);
	suite_add_tcase(s, tc);

	tc = tcase_create("process_message_job");
	tcase_add_checked_fixture(tc, job_setup, job_teardown);
	tcase_add_test(tc, test_process_message_job);
	suite_add_tcase(s, tc);
	return s;
}
