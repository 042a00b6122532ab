/*
 * The IKE_SA manager's look-ups: by our SPI (also after it changed while
 * the SA was checked out), by unique id, IKE_SA_INIT retransmits by the
 * peer's SPI, packet hash and address, half-open counts per address, and
 * oldest-first enumeration. Real IKE_SAs, the real bus.
 */
#include "test_runner.h"

#include "daemon.h"
#include "bus/charon_bus.h"
#include "sa/ike_sa_manager.h"
#include "networking/host.h"
#include "plugins/plugin_loader.h"

static daemon_t fake_daemon;
static ike_sa_manager_t *manager;

static void setup(void)
{
	ck_assert(library_init(NULL, "test"));
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS, "random nonce openssl"));
	fake_daemon = (daemon_t){ .bus = charon_bus_create() };
	charon = &fake_daemon;
	manager = ike_sa_manager_create();
	fake_daemon.ike_sa_manager = manager;
}

static void teardown(void)
{
	manager->flush(manager);
	manager->destroy(manager);
	fake_daemon.bus->destroy(fake_daemon.bus);
	charon = NULL;
	library_deinit();
}

/* An IKE_SA_INIT request from the peer with @p spi_i; @p tag varies the
 * packet (a retransmit is the same packet). */
static message_t *init_request(uint64_t spi_i, uint8_t tag)
{
	uint8_t packet[29] = {
		[16] = 0,		/* next payload: none */
		[17] = 0x20,		/* version 2.0 */
		[18] = IKE_SA_INIT,
		[19] = 0x08,		/* flags: initiator, request */
		[27] = sizeof(packet),
	};
	message_t *message;
	int i;

	for (i = 0; i < 8; i++) {
		packet[i] = (uint8_t)(spi_i >> (56 - 8 * i));
	}
	packet[28] = tag;
	message = message_create_from_packet(chunk_create(packet, sizeof(packet)));
	ck_assert_int_eq(message->parse_header(message), SUCCESS);
	return message;
}

START_TEST(test_checkout_by_spi)
{
	ike_sa_t *sa, *again;
	ike_sa_id_t id;

	sa = manager->checkout_new(manager, true);
	ck_assert_ptr_nonnull(sa);
	id = *sa->get_id(sa);
	ck_assert(id.initiator && id.initiator_spi && !id.responder_spi);
	manager->checkin(manager, sa);

	/* the peer's SPI is not known yet: any matches, as for its response */
	id.responder_spi = 0x1122334455667788ULL;
	again = manager->checkout(manager, &id);
	ck_assert_ptr_eq(again, sa);
	sa->get_id(sa)->responder_spi = id.responder_spi;
	manager->checkin(manager, sa);
	/* now it is known and must match */
	id.responder_spi = 42;
	ck_assert_ptr_null(manager->checkout(manager, &id));
	id.responder_spi = 0x1122334455667788ULL;
	/* the other role never matches */
	id.initiator = false;
	ck_assert_ptr_null(manager->checkout(manager, &id));
	id.initiator = true;

	/* a new SPI of ours (keyingtries) is found after check-in, the old not */
	again = manager->checkout(manager, &id);
	ck_assert_ptr_eq(again, sa);
	sa->get_id(sa)->initiator_spi ^= 0xff00;
	manager->checkin(manager, sa);
	ck_assert_ptr_null(manager->checkout(manager, &id));
	id.initiator_spi ^= 0xff00;
	again = manager->checkout(manager, &id);
	ck_assert_ptr_eq(again, sa);
	manager->checkin_and_destroy(manager, sa);
	ck_assert_ptr_null(manager->checkout(manager, &id));
	ck_assert_int_eq(manager->get_count(manager), 0);
}
END_TEST

START_TEST(test_unique_ids_and_order)
{
	ike_sa_t *sa[5];
	enumerator_t *e;
	uint32_t id, last = 0;
	int i, n = 0;

	for (i = 0; i < 5; i++) {
		sa[i] = manager->checkout_new(manager, i % 2);
		manager->checkin(manager, sa[i]);
	}
	ck_assert_int_eq(manager->get_count(manager), 5);
	/* remove one in the middle */
	ck_assert_ptr_eq(manager->checkout_by_id(manager, sa[2]->get_unique_id(sa[2]), false),
			 sa[2]);
	manager->checkin_and_destroy(manager, sa[2]);
	ck_assert_ptr_null(manager->checkout_by_id(manager, 999999, false));
	e = manager->create_id_enumerator(manager);
	while (e->enumerate(e, &id)) {
		ck_assert(id > last);
		last = id;
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(last, sa[4]->get_unique_id(sa[4]));
}
END_TEST

START_TEST(test_init_retransmit_and_half_open)
{
	host_t *a = host_create_from_string("192.0.2.7", 500);
	host_t *a2 = host_create_from_string("192.0.2.7", 4500);
	host_t *b = host_create_from_string("192.0.2.8", 500);
	message_t *m1 = init_request(0xabcdef, 1), *m2 = init_request(0xabcdef, 2);
	ike_sa_t *sa1, *again, *sa2, *sa3;

	sa1 = manager->checkout_by_message(manager, m1, a);
	ck_assert_ptr_nonnull(sa1);
	ck_assert(!sa1->get_id(sa1)->initiator && sa1->get_id(sa1)->responder_spi);
	manager->checkin(manager, sa1);
	ck_assert_int_eq(manager->get_half_open_count(manager, NULL), 1);
	ck_assert_int_eq(manager->get_half_open_count(manager, a), 1);
	/* counted per address, whatever the port */
	ck_assert_int_eq(manager->get_half_open_count(manager, a2), 1);
	ck_assert_int_eq(manager->get_half_open_count(manager, b), 0);

	/* the same packet again from the same peer: the same SA */
	again = manager->checkout_by_message(manager, m1, a);
	ck_assert_ptr_eq(again, sa1);
	manager->checkin(manager, again);
	/* another request with the same SPI, or from elsewhere: new SAs */
	sa2 = manager->checkout_by_message(manager, m2, a);
	ck_assert_ptr_nonnull(sa2);
	ck_assert_ptr_ne(sa2, sa1);
	manager->checkin(manager, sa2);
	sa3 = manager->checkout_by_message(manager, m1, b);
	ck_assert_ptr_nonnull(sa3);
	ck_assert_ptr_ne(sa3, sa1);
	manager->checkin(manager, sa3);
	ck_assert_int_eq(manager->get_half_open_count(manager, NULL), 3);
	ck_assert_int_eq(manager->get_half_open_count(manager, a), 2);
	ck_assert_int_eq(manager->get_half_open_count(manager, b), 1);

	/* destroyed or established SAs are no longer half-open */
	again = manager->checkout(manager, sa2->get_id(sa2));
	ck_assert_ptr_eq(again, sa2);
	manager->checkin_and_destroy(manager, sa2);
	ck_assert_int_eq(manager->get_half_open_count(manager, a), 1);
	again = manager->checkout(manager, sa3->get_id(sa3));
	ck_assert_ptr_eq(again, sa3);
	sa3->set_state(sa3, IKE_ESTABLISHED);
	manager->checkin(manager, sa3);
	ck_assert_int_eq(manager->get_half_open_count(manager, b), 0);
	ck_assert_int_eq(manager->get_half_open_count(manager, NULL), 1);

	m1->destroy(m1);
	m2->destroy(m2);
	a->destroy(a);
	a2->destroy(a2);
	b->destroy(b);
}
END_TEST

START_TEST(test_many)
{
	enum { COUNT = 2000 };
	ike_sa_id_t *ids = mem_zalloc(sizeof(ike_sa_id_t) * COUNT);
	ike_sa_t *sa;
	int i;

	for (i = 0; i < COUNT; i++) {
		sa = manager->checkout_new(manager, i % 2);
		ck_assert_ptr_nonnull(sa);
		ids[i] = *sa->get_id(sa);
		manager->checkin(manager, sa);
	}
	ck_assert_int_eq(manager->get_count(manager), COUNT);
	for (i = 0; i < COUNT; i++) {
		sa = manager->checkout(manager, &ids[i]);
		ck_assert_ptr_nonnull(sa);
		ck_assert_uint_eq(sa->get_id(sa)->initiator_spi, ids[i].initiator_spi);
		ck_assert_uint_eq(sa->get_id(sa)->responder_spi, ids[i].responder_spi);
		manager->checkin(manager, sa);
	}
	free(ids);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("ike_sa_manager");
	TCase *tc = tcase_create("lookups");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_checkout_by_spi);
	tcase_add_test(tc, test_unique_ids_and_order);
	tcase_add_test(tc, test_init_retransmit_and_half_open);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);
	return s;
}
