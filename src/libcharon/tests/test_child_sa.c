/*
 * CHILD_SA objects against a recording data plane, and the data plane
 * registry (kernel_interface).
 */
#include "test_runner.h"
#include "child_fakes.h"

static host_t *me, *other;
static fake_cfg_t *cfg;

static void setup(void)
{
	fakes_setup();
	me = host_create_from_string("192.0.2.1", 500);
	other = host_create_from_string("192.0.2.2", 500);
	cfg = fake_cfg_create("net", "10.1.0.0/16", "10.2.0.0/16");
}

static void teardown(void)
{
	cfg->public.destroy(&cfg->public);
	me->destroy(me);
	other->destroy(other);
	fakes_teardown();
}

static linked_list_t *ts_list(const char *a, const char *b)
{
	linked_list_t *list = linked_list_create();

	list->insert_last(list, traffic_selector_create_from_cidr(a, 0, 0, 65535));
	if (b) {
		list->insert_last(list, traffic_selector_create_from_cidr(b, 0, 0, 65535));
	}
	return list;
}

static void free_ts_list(linked_list_t *list)
{
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
}

/* A CHILD_SA with selectors and a proposal, ready to install. */
static child_sa_t *ready_child(proposal_t *proposal, const char *my_b)
{
	child_sa_t *child = child_sa_create(me, other, &cfg->public, 0, false);
	linked_list_t *my = ts_list("10.1.0.0/16", my_b), *others = ts_list("10.2.0.0/16", NULL);

	child->set_traffic_selectors(child, my, others);
	free_ts_list(my);
	free_ts_list(others);
	child->set_proposal(child, proposal);
	return child;
}

START_TEST(test_state_names)
{
	ck_assert_str_eq(child_sa_state_name(CHILD_INSTALLED), "INSTALLED");
	ck_assert_str_eq(child_sa_state_name(CHILD_ROUTED), "ROUTED");
	ck_assert_str_eq(child_sa_state_name(CHILD_FAILED), "FAILED");
	ck_assert_str_eq(child_sa_state_name((child_sa_state_t)99), "UNKNOWN");
}
END_TEST

START_TEST(test_ids_and_reqids)
{
	child_sa_t *a = child_sa_create(me, other, &cfg->public, 0, false);
	child_sa_t *b = child_sa_create(me, other, &cfg->public, 0, true);
	child_sa_t *c = child_sa_create(me, other, &cfg->public, 77, false);
	child_sa_t *d;

	ck_assert_uint_eq(b->get_unique_id(b), a->get_unique_id(a) + 1);
	ck_assert_uint_ne(a->get_reqid(a), b->get_reqid(b));
	ck_assert_uint_eq(c->get_reqid(c), 77);
	cfg->reqid = 42;
	d = child_sa_create(me, other, &cfg->public, 0, false);
	ck_assert_uint_eq(d->get_reqid(d), 42);
	ck_assert_str_eq(a->get_name(a), "net");
	ck_assert(a->get_config(a) == &cfg->public);
	ck_assert_int_eq(cfg->refs, 5);
	ck_assert(!a->has_encap(a) && b->has_encap(b));
	ck_assert_int_eq(a->get_state(a), CHILD_CREATED);
	ck_assert_int_eq(a->get_protocol(a), PROTO_ESP);
	ck_assert_int_eq(a->get_mode(a), MODE_TUNNEL);
	ck_assert(!child_sa_create(NULL, other, &cfg->public, 0, false));
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	d->destroy(d);
	ck_assert_int_eq(cfg->refs, 1);
	/* nothing was reserved, so nothing is removed */
	ck_assert_int_eq(kernel.del_sa_calls, 0);
}
END_TEST

START_TEST(test_alloc_spi)
{
	child_sa_t *child = child_sa_create(me, other, &cfg->public, 0, false);
	uint32_t spi = child->alloc_spi(child);

	ck_assert_uint_eq(ntohl(spi), 0xc0000001);
	ck_assert_str_eq(kernel.spi_src, "192.0.2.2");
	ck_assert_str_eq(kernel.spi_dst, "192.0.2.1");
	ck_assert_int_eq(kernel.spi_proto, IPSEC_PROTO_ESP);
	/* once per CHILD_SA */
	ck_assert_uint_eq(child->alloc_spi(child), spi);
	ck_assert_int_eq(kernel.get_spi_calls, 1);
	ck_assert_uint_eq(child->get_spi(child, true), spi);
	ck_assert_uint_eq(child->get_spi(child, false), 0);
	/* the reservation goes away with the CHILD_SA */
	child->destroy(child);
	ck_assert_int_eq(kernel.del_sa_calls, 1);
	ck_assert_uint_eq(kernel.del_spis[0], spi);

	kernel.fail_get_spi = true;
	child = child_sa_create(me, other, &cfg->public, 0, false);
	ck_assert_uint_eq(child->alloc_spi(child), 0);
	child->destroy(child);
	ck_assert_int_eq(kernel.del_sa_calls, 1);
}
END_TEST

START_TEST(test_install_aead)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 256, 0, 0), NULL);
	chunk_t key_in = chunk_from_chars(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
					  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9);
	chunk_t key_out = chunk_from_chars(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
					   2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 8, 8, 8, 8);
	uint32_t my_spi = child->alloc_spi(child), other_spi = htonl(0xdeadbeef);
	sa_rec_t *in, *out;

	ck_assert_int_eq(child->install(child, key_in, chunk_from_chars(7), my_spi, true, true),
			 SUCCESS);
	ck_assert_int_eq(child->install(child, key_out, chunk_empty, other_spi, false, true),
			 SUCCESS);
	ck_assert_int_eq(kernel.sa_count, 2);
	in = &kernel.sas[0];
	out = &kernel.sas[1];
	/* inbound: from the peer to us under our SPI, the peer's selectors as source */
	ck_assert_str_eq(in->src, "192.0.2.2");
	ck_assert_str_eq(in->dst, "192.0.2.1");
	ck_assert_uint_eq(in->spi, my_spi);
	ck_assert_int_eq(in->proto, IPSEC_PROTO_ESP);
	ck_assert_str_eq(in->src_ts, "10.2.0.0/16");
	ck_assert_str_eq(in->dst_ts, "10.1.0.0/16");
	ck_assert(in->data.inbound && in->data.initiator && in->data.update);
	ck_assert_int_eq(in->data.enc_alg, ENCR_AES_GCM_ICV16);
	ck_assert_int_eq(in->data.int_alg, AUTH_UNDEFINED);
	ck_assert(chunk_equals(in->enc_key, key_in));
	/* an AEAD takes no integrity key, whatever is passed */
	ck_assert_uint_eq(in->int_key.len, 0);
	ck_assert_uint_eq(in->data.reqid, child->get_reqid(child));
	ck_assert_int_eq(in->data.mode, MODE_TUNNEL);
	ck_assert_uint_eq(in->data.replay_window, 32);
	ck_assert(!in->data.esn && !in->data.encap);
	ck_assert_uint_eq(in->lifetime.time.rekey, 3000);
	ck_assert_uint_eq(in->lifetime.time.life, 3600);
	ck_assert_uint_eq(in->lifetime.bytes.life, 1000000);
	/* outbound: from us to the peer under its SPI; the inbound SA triggers rekeying */
	ck_assert_str_eq(out->src, "192.0.2.1");
	ck_assert_str_eq(out->dst, "192.0.2.2");
	ck_assert_uint_eq(out->spi, other_spi);
	ck_assert_str_eq(out->src_ts, "10.1.0.0/16");
	ck_assert_str_eq(out->dst_ts, "10.2.0.0/16");
	ck_assert(!out->data.inbound && !out->data.update);
	ck_assert(chunk_equals(out->enc_key, key_out));
	ck_assert_uint_eq(out->lifetime.time.rekey, 0);
	ck_assert_uint_eq(out->lifetime.time.life, 3600);
	ck_assert_uint_eq(child->get_spi(child, false), other_spi);

	/* twice is an error */
	ck_assert_int_eq(child->install(child, key_out, chunk_empty, other_spi, false, true),
			 FAILED);
	ck_assert(child->get_installtime(child) > 0);
	ck_assert_int_eq(child->get_lifetime(child, false), child->get_installtime(child) + 3000);
	ck_assert_int_eq(child->get_lifetime(child, true), child->get_installtime(child) + 3600);

	child->destroy(child);
	ck_assert_int_eq(fk_live_sas(&kernel), 0);
	ck_assert_int_eq(kernel.del_sa_calls, 2);
}
END_TEST

START_TEST(test_install_cbc)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_CBC, 128, AUTH_HMAC_SHA2_256_128, 0),
					NULL);
	chunk_t encr = chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
	chunk_t integ = chunk_from_chars(0xaa, 0xbb, 0xcc);
	sa_rec_t *rec;

	child->set_encap(child, true);
	child->set_mode(child, MODE_TRANSPORT);
	/* installing under an SPI that was not reserved is a plain add */
	ck_assert_int_eq(child->install(child, encr, integ, htonl(0x1234), true, false), SUCCESS);
	rec = fk_find_sa(&kernel, htonl(0x1234));
	ck_assert_ptr_nonnull(rec);
	ck_assert(!rec->data.update && !rec->data.initiator);
	ck_assert_int_eq(rec->data.enc_alg, ENCR_AES_CBC);
	ck_assert_int_eq(rec->data.int_alg, AUTH_HMAC_SHA2_256_128);
	ck_assert(chunk_equals(rec->int_key, integ));
	ck_assert(rec->data.encap);
	ck_assert_int_eq(rec->data.mode, MODE_TRANSPORT);
	/* a key shorter than the negotiated length is refused */
	ck_assert_int_eq(child->install(child, chunk_from_chars(1, 2, 3), integ, htonl(0x99),
					false, false), FAILED);
	ck_assert_int_eq(kernel.sa_count, 1);
	child->destroy(child);
}
END_TEST

START_TEST(test_install_errors)
{
	child_sa_t *child = child_sa_create(me, other, &cfg->public, 0, false);
	uint32_t spi = child->alloc_spi(child);

	/* no proposal yet */
	ck_assert_int_eq(child->install(child, chunk_from_chars(1), chunk_empty, spi, true, true),
			 FAILED);
	child->set_proposal(child, esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0));
	kernel.fail_add_sa = 1;
	ck_assert_int_eq(child->install(child, chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
								   11, 12, 13, 14, 15, 16),
					chunk_empty, spi, true, true), FAILED);
	/* the reservation is still removed */
	child->destroy(child);
	ck_assert_int_eq(kernel.del_sa_calls, 1);
	ck_assert_uint_eq(kernel.del_spis[0], spi);
}
END_TEST

START_TEST(test_policies)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0),
					"10.3.0.0/24");
	policy_rec_t *p;
	int i;

	ck_assert_int_eq(child->install_policies(child), SUCCESS);
	/* two pairs, each out, in and fwd */
	ck_assert_int_eq(kernel.policy_count, 6);
	p = &kernel.policies[0];
	ck_assert_int_eq(p->dir, POLICY_OUT);
	ck_assert_str_eq(p->src_ts, "10.1.0.0/16");
	ck_assert_str_eq(p->dst_ts, "10.2.0.0/16");
	ck_assert_str_eq(p->src, "192.0.2.1");
	ck_assert_str_eq(p->dst, "192.0.2.2");
	p = &kernel.policies[1];
	ck_assert_int_eq(p->dir, POLICY_IN);
	ck_assert_str_eq(p->src_ts, "10.2.0.0/16");
	ck_assert_str_eq(p->dst_ts, "10.1.0.0/16");
	ck_assert_str_eq(p->src, "192.0.2.2");
	ck_assert_str_eq(p->dst, "192.0.2.1");
	ck_assert_int_eq(kernel.policies[2].dir, POLICY_FWD);
	ck_assert_str_eq(kernel.policies[2].src_ts, "10.2.0.0/16");
	ck_assert_str_eq(kernel.policies[3].src_ts, "10.3.0.0/24");
	for (i = 0; i < 6; i++) {
		p = &kernel.policies[i];
		ck_assert_int_eq(p->data.type, POLICY_IPSEC);
		ck_assert_int_eq(p->data.prio, POLICY_PRIORITY_DEFAULT);
		ck_assert_uint_eq(p->data.reqid, child->get_reqid(child));
		ck_assert_int_eq(p->data.mode, MODE_TUNNEL);
	}
	child->destroy(child);
	ck_assert_int_eq(kernel.del_policy_calls, 6);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
}
END_TEST

START_TEST(test_policies_rollback)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0),
					"10.3.0.0/24");

	kernel.fail_add_policy = 5;
	ck_assert_int_eq(child->install_policies(child), FAILED);
	ck_assert_int_eq(kernel.policy_count, 4);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	child->destroy(child);
	ck_assert_int_eq(kernel.del_policy_calls, 4);
}
END_TEST

START_TEST(test_policies_family_mismatch)
{
	child_sa_t *child = child_sa_create(me, other, &cfg->public, 0, false);
	linked_list_t *my = ts_list("10.1.0.0/16", NULL), *others = ts_list("2001:db8::/32", NULL);

	child->set_traffic_selectors(child, my, others);
	free_ts_list(my);
	free_ts_list(others);
	ck_assert_int_eq(child->install_policies(child), FAILED);
	ck_assert_int_eq(kernel.policy_count, 0);
	child->destroy(child);
}
END_TEST

START_TEST(test_trap)
{
	fake_cfg_t *dyn = fake_cfg_create("host", "dynamic", "10.2.0.0/16");
	child_sa_t *child = child_sa_create(me, other, &dyn->public, 0, false);

	ck_assert_int_eq(child->install_trap(child), SUCCESS);
	ck_assert_int_eq(child->get_state(child), CHILD_ROUTED);
	ck_assert_int_eq(capture.last_state, CHILD_ROUTED);
	ck_assert_int_eq(kernel.policy_count, 3);
	ck_assert_int_eq(kernel.policies[0].data.prio, POLICY_PRIORITY_ROUTED);
	/* the dynamic selector became our address */
	ck_assert_str_eq(kernel.policies[0].src_ts, "192.0.2.1/32");
	ck_assert_int_eq(kernel.sa_count, 0);
	child->destroy(child);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	ck_assert_int_eq(capture.last_state, CHILD_DESTROYING);
	dyn->public.destroy(&dyn->public);
}
END_TEST

START_TEST(test_usestats)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0), NULL);
	chunk_t key = chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				       17, 18, 19, 20);
	uint64_t bytes = 1, packets = 1;
	time_t used = 1;

	/* nothing installed, nothing counted */
	child->get_usestats(child, true, &bytes, &packets, &used);
	ck_assert(bytes == 0 && packets == 0 && used == 0);
	ck_assert_int_eq(child->install(child, key, chunk_empty, htonl(5), true, true), SUCCESS);
	kernel.stats = (kernel_ipsec_sa_stats_t){ .bytes = 84, .packets = 1, .use_time = 9 };
	child->get_usestats(child, true, &bytes, &packets, &used);
	ck_assert(bytes == 84 && packets == 1 && used == 9);
	child->get_usestats(child, true, NULL, NULL, NULL);
	child->get_usestats(child, false, &bytes, NULL, NULL);
	ck_assert(bytes == 0);
	child->destroy(child);
}
END_TEST

START_TEST(test_update_hosts)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0), NULL);
	host_t *new_other = host_create_from_string("198.51.100.7", 4500);

	ck_assert_int_eq(child->install_policies(child), SUCCESS);
	child->update_hosts(child, me, new_other, true);
	ck_assert(child->has_encap(child));
	/* old policies out, new ones with the new tunnel endpoint in */
	ck_assert_int_eq(kernel.policy_count, 6);
	ck_assert_int_eq(fk_live_policies(&kernel), 3);
	ck_assert_str_eq(kernel.policies[3].dst, "198.51.100.7");
	child->destroy(child);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	new_other->destroy(new_other);
}
END_TEST

/* MOBIKE: installed SAs follow the peer to its new address */
START_TEST(test_update_hosts_sas)
{
	child_sa_t *child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0), NULL);
	chunk_t key = chunk_from_chars(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
				       9, 9, 9, 9);
	host_t *new_other = host_create_from_string("198.51.100.7", 4500);

	ck_assert_int_eq(child->install(child, key, chunk_empty, child->alloc_spi(child), true,
					true), SUCCESS);
	ck_assert_int_eq(child->install(child, key, chunk_empty, htonl(0x4242), false, true),
			 SUCCESS);
	child->update_hosts(child, me, new_other, true);
	ck_assert_int_eq(kernel.update_sa_calls, 2);
	ck_assert_str_eq(kernel.sas[0].src, "198.51.100.7");
	ck_assert_str_eq(kernel.sas[1].dst, "198.51.100.7");
	/* a data plane without update_sa leaves them, and nothing breaks */
	kernel.public.update_sa = NULL;
	child->update_hosts(child, me, other, true);
	ck_assert_int_eq(kernel.update_sa_calls, 2);
	child->destroy(child);
	ck_assert_int_eq(kernel.del_sa_calls, 2);
	ck_assert_int_eq(fk_live_sas(&kernel), 0);
	new_other->destroy(new_other);
}
END_TEST

START_TEST(test_state_bus)
{
	child_sa_t *child = child_sa_create(me, other, &cfg->public, 0, false);

	child->set_state(child, CHILD_INSTALLED);
	ck_assert_int_eq(child->get_state(child), CHILD_INSTALLED);
	ck_assert_int_eq(capture.state_changes, 1);
	ck_assert_int_eq(capture.last_state, CHILD_INSTALLED);
	child->destroy(child);
	ck_assert_int_eq(capture.state_changes, 2);
}
END_TEST

START_TEST(test_no_data_plane)
{
	child_sa_t *child;

	kernel_interface_set_ipsec(NULL);
	child = ready_child(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0), NULL);
	ck_assert_uint_eq(child->alloc_spi(child), 0);
	ck_assert_int_eq(child->install(child, chunk_from_chars(1), chunk_empty, htonl(1), true,
					true), FAILED);
	ck_assert_int_eq(child->install_policies(child), FAILED);
	child->destroy(child);
	ck_assert_int_eq(kernel.get_spi_calls, 0);
}
END_TEST

/* --- kernel_interface --------------------------------------------------- */

static struct {
	int acquires, expires;
	uint32_t reqid, spi;
	uint8_t proto;
	bool hard;
} events;

static void on_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	events.acquires++;
	events.reqid = reqid;
}

static void on_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	events.expires++;
	events.proto = proto;
	events.spi = spi;
	events.hard = hard;
}

START_TEST(test_registry)
{
	fake_kernel_t second;
	kernel_listener_t listener = { .acquire = on_acquire, .expire = on_expire };
	kernel_listener_t half = { .acquire = on_acquire };

	ck_assert(kernel_interface_get_ipsec() == &kernel.public);
	/* one data plane at a time; registering the same one again is fine */
	ck_assert(!kernel_interface_set_ipsec(&second.public));
	ck_assert(kernel_interface_set_ipsec(&kernel.public));
	ck_assert(kernel_interface_set_ipsec(NULL));
	ck_assert_ptr_null(kernel_interface_get_ipsec());
	ck_assert(kernel_interface_set_ipsec(&second.public));
	ck_assert(kernel_interface_get_ipsec() == &second.public);
	ck_assert(kernel_interface_set_ipsec(NULL));

	memset(&events, 0, sizeof(events));
	/* nobody listening: dropped */
	kernel_interface_acquire(3, NULL, NULL);
	kernel_interface_expire(IPSEC_PROTO_ESP, htonl(7), other, true);
	ck_assert_int_eq(events.acquires + events.expires, 0);

	kernel_interface_set_listener(&listener);
	kernel_interface_acquire(3, NULL, NULL);
	kernel_interface_expire(IPSEC_PROTO_ESP, htonl(7), other, true);
	ck_assert_int_eq(events.acquires, 1);
	ck_assert_uint_eq(events.reqid, 3);
	ck_assert_int_eq(events.expires, 1);
	ck_assert_int_eq(events.proto, IPSEC_PROTO_ESP);
	ck_assert_uint_eq(events.spi, htonl(7));
	ck_assert(events.hard);

	/* a listener without an expire callback */
	kernel_interface_set_listener(&half);
	kernel_interface_expire(IPSEC_PROTO_ESP, htonl(7), other, false);
	ck_assert_int_eq(events.expires, 1);
	kernel_interface_set_listener(NULL);
	kernel_interface_acquire(3, NULL, NULL);
	ck_assert_int_eq(events.acquires, 1);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("child_sa");
	TCase *tc = tcase_create("child_sa");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_state_names);
	tcase_add_test(tc, test_ids_and_reqids);
	tcase_add_test(tc, test_alloc_spi);
	tcase_add_test(tc, test_install_aead);
	tcase_add_test(tc, test_install_cbc);
	tcase_add_test(tc, test_install_errors);
	tcase_add_test(tc, test_policies);
	tcase_add_test(tc, test_policies_rollback);
	tcase_add_test(tc, test_policies_family_mismatch);
	tcase_add_test(tc, test_trap);
	tcase_add_test(tc, test_usestats);
	tcase_add_test(tc, test_update_hosts);
	tcase_add_test(tc, test_update_hosts_sas);
	tcase_add_test(tc, test_state_bus);
	tcase_add_test(tc, test_no_data_plane);
	tcase_add_test(tc, test_registry);
	suite_add_tcase(s, tc);
	return s;
}
