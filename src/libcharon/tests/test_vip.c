/*
 * Virtual IPs: the in-memory pools (sizes of subnets, ranges and single
 * addresses, leases that stick to identities, exhaustion, IPv6), the
 * attribute manager, CP attribute parsing (malformed lengths) and the
 * ike_config task between an initiator and a responder on stand-in IKE_SAs.
 */
#include "test_runner.h"
#include "library.h"
#include "daemon.h"
#include "attributes/attribute_manager.h"
#include "encoding/enc_counters.h"
#include "kernel/kernel_net.h"
#include "sa/ike_vips.h"
#include "sa/tasks/tasks.h"
#include "sa/tasks/ike_config_attrs.h"

static identification_t *id(const char *s)
{
	return identification_create_from_string(s);
}

static host_t *ip(const char *s)
{
	return host_create_from_string(s, 0);
}

static bool host_is(host_t *host, const char *expected)
{
	host_t *want = ip(expected);
	bool eq = host && want && host->ip_equals(host, want);

	DESTROY_IF(want);
	return eq;
}

static void setup(void)
{
	library_init(NULL, "test");
}

static void teardown(void)
{
	library_deinit();
}

/* ---- mem_pool ---- */

START_TEST(test_pool_subnet)
{
	mem_pool_t *pool = mem_pool_create_from_string("10.3.0.0/28");
	identification_t *carol = id("carol@example.org"), *dave = id("dave@example.org");
	host_t *a, *b;

	ck_assert_ptr_nonnull(pool);
	ck_assert_str_eq(pool->get_name(pool), "10.3.0.0/28");
	/* network and broadcast address are not handed out */
	ck_assert_uint_eq(pool->get_size(pool), 14);
	a = pool->acquire_address(pool, carol, NULL);
	ck_assert(host_is(a, "10.3.0.1"));
	b = pool->acquire_address(pool, dave, NULL);
	ck_assert(host_is(b, "10.3.0.2"));
	ck_assert_uint_eq(pool->get_online(pool), 2);
	ck_assert(pool->release_address(pool, a, carol));
	ck_assert(!pool->release_address(pool, a, carol));
	ck_assert(!pool->release_address(pool, b, carol));
	ck_assert_uint_eq(pool->get_online(pool), 1);
	ck_assert_uint_eq(pool->get_offline(pool), 1);
	ck_assert(pool->contains(pool, a));
	a->destroy(a);
	/* the same identity gets its address back */
	a = pool->acquire_address(pool, carol, NULL);
	ck_assert(host_is(a, "10.3.0.1"));
	a->destroy(a);
	b->destroy(b);
	a = ip("10.3.0.15");
	ck_assert(!pool->contains(pool, a));
	a->destroy(a);
	carol->destroy(carol);
	dave->destroy(dave);
	pool->destroy(pool);
}
END_TEST

START_TEST(test_pool_shared_online)
{
	mem_pool_t *pool = mem_pool_create_from_string("198.18.0.0/30");
	identification_t *carol = id("carol@example.org");
	host_t *a, *b;

	/* an IKE_SA replacing another of the same identity (uniqueids) */
	a = pool->acquire_address(pool, carol, NULL);
	b = pool->acquire_address(pool, carol, NULL);
	ck_assert(a->ip_equals(a, b));
	ck_assert_uint_eq(pool->get_online(pool), 1);
	ck_assert(pool->release_address(pool, a, carol));
	ck_assert_uint_eq(pool->get_online(pool), 1);
	ck_assert(pool->release_address(pool, b, carol));
	ck_assert_uint_eq(pool->get_online(pool), 0);
	a->destroy(a);
	b->destroy(b);
	carol->destroy(carol);
	pool->destroy(pool);
}
END_TEST

START_TEST(test_pool_exhaustion)
{
	mem_pool_t *pool = mem_pool_create_from_string("198.18.0.10-198.18.0.11");
	identification_t *ids[3] = { id("a@example.org"), id("b@example.org"),
				     id("c@example.org") };
	host_t *a, *b, *c;

	ck_assert_uint_eq(pool->get_size(pool), 2);
	a = pool->acquire_address(pool, ids[0], NULL);
	b = pool->acquire_address(pool, ids[1], NULL);
	ck_assert(host_is(a, "198.18.0.10"));
	ck_assert(host_is(b, "198.18.0.11"));
	ck_assert_ptr_null(pool->acquire_address(pool, ids[2], NULL));
	/* an offline lease goes to another identity once nothing else is left */
	ck_assert(pool->release_address(pool, b, ids[1]));
	c = pool->acquire_address(pool, ids[2], NULL);
	ck_assert(host_is(c, "198.18.0.11"));
	ck_assert_uint_eq(pool->get_online(pool), 2);
	ck_assert_uint_eq(pool->get_offline(pool), 0);
	ck_assert(!pool->release_address(pool, b, ids[1]));
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	for (int i = 0; i < 3; i++) {
		ids[i]->destroy(ids[i]);
	}
	pool->destroy(pool);
}
END_TEST

START_TEST(test_pool_forms)
{
	static const struct {
		const char *spec;
		uint32_t size;
		const char *first;
	} ok[] = {
		{ "198.18.0.7", 1, "198.18.0.7" },
		{ "198.18.0.0/31", 2, "198.18.0.0" },
		{ "198.18.0.0/32", 1, "198.18.0.0" },
		{ "198.18.0.5/24", 254, "198.18.0.1" },
		{ "198.18.0.250-198.18.1.5", 12, "198.18.0.250" },
		{ "2001:db8::/120", 254, "2001:db8::1" },
		{ "2001:db8::/64", MEM_POOL_MAX_SIZE - 2, "2001:db8::1" },
		{ "2001:db8::ff-2001:db8::101", 3, "2001:db8::ff" },
	};
	static const char *bad[] = {
		"198.18.0.0/33", "198.18.0.9-198.18.0.1", "198.18.0.1-2001:db8::1",
		"nonsense", "", "198.18.0.0-", "2001:db8::-2001:db9::",
	};
	identification_t *carol = id("carol@example.org");

	for (size_t i = 0; i < countof(ok); i++) {
		mem_pool_t *pool = mem_pool_create_from_string(ok[i].spec);
		host_t *a;

		ck_assert_msg(pool, "%s", ok[i].spec);
		ck_assert_uint_eq(pool->get_size(pool), ok[i].size);
		a = pool->acquire_address(pool, carol, NULL);
		ck_assert_msg(host_is(a, ok[i].first), "%s", ok[i].spec);
		a->destroy(a);
		pool->destroy(pool);
	}
	for (size_t i = 0; i < countof(bad); i++) {
		ck_assert_msg(!mem_pool_create_from_string(bad[i]), "%s", bad[i]);
	}
	ck_assert_ptr_null(mem_pool_create_from_string(NULL));
	carol->destroy(carol);
}
END_TEST

START_TEST(test_pool_requested_and_v6)
{
	mem_pool_t *pool = mem_pool_create_from_string("2001:db8:c::/124");
	identification_t *carol = id("carol@example.org"), *dave = id("dave@example.org");
	host_t *want = ip("2001:db8:c::9"), *other = ip("198.18.0.1"), *a, *b;
	enumerator_t *e;
	identification_t *who;
	host_t *addr;
	bool online;
	int n = 0;

	ck_assert_int_eq(pool->get_family(pool), AF_INET6);
	a = pool->acquire_address(pool, carol, want);
	ck_assert(host_is(a, "2001:db8:c::9"));
	/* taken: dave gets the next free one; a v4 request is no hint here */
	b = pool->acquire_address(pool, dave, want);
	ck_assert(host_is(b, "2001:db8:c::1"));
	ck_assert(!pool->contains(pool, other));
	e = pool->create_lease_enumerator(pool);
	while (e->enumerate(e, &addr, &who, &online)) {
		ck_assert(online);
		ck_assert(host_is(addr, n ? "2001:db8:c::9" : "2001:db8:c::1"));
		ck_assert(who->equals(who, n ? carol : dave));
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 2);
	a->destroy(a);
	b->destroy(b);
	want->destroy(want);
	other->destroy(other);
	carol->destroy(carol);
	dave->destroy(dave);
	pool->destroy(pool);
}
END_TEST

/* ---- attribute manager ---- */

START_TEST(test_manager)
{
	attribute_manager_t *m = attribute_manager_create();
	linked_list_t *pools = linked_list_create();
	identification_t *carol = id("carol@example.org");
	host_t *v4, *v6;
	char *name = NULL;
	enumerator_t *e;
	mem_pool_t *pool;
	int n = 0;

	ck_assert(m->add_pool(m, "198.18.0.0/30"));
	ck_assert(m->add_pool(m, "198.18.0.0/30"));
	ck_assert(m->add_pool(m, "2001:db8:c::/126"));
	ck_assert(!m->add_pool(m, "bogus"));
	pools->insert_last(pools, "missing");
	pools->insert_last(pools, "2001:db8:c::/126");
	pools->insert_last(pools, "198.18.0.0/30");
	v4 = m->acquire_address(m, pools, carol, AF_INET, NULL, &name);
	ck_assert(host_is(v4, "198.18.0.1"));
	ck_assert_str_eq(name, "198.18.0.0/30");
	free(name);
	v6 = m->acquire_address(m, pools, carol, AF_INET6, NULL, NULL);
	ck_assert(host_is(v6, "2001:db8:c::1"));
	e = m->create_pool_enumerator(m);
	while (e->enumerate(e, &pool)) {
		ck_assert_uint_eq(pool->get_online(pool), 1);
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 2);
	ck_assert(m->release_address(m, "198.18.0.0/30", v4, carol));
	ck_assert(!m->release_address(m, "missing", v4, carol));
	ck_assert(!m->release_address(m, "2001:db8:c::/126", v4, carol));
	v4->destroy(v4);
	v6->destroy(v6);
	carol->destroy(carol);
	pools->destroy(pools);
	m->destroy(m);
}
END_TEST

/* ---- CP attributes ---- */

START_TEST(test_cp_attrs)
{
	cp_payload_t *cp = cp_payload_create(CFG_REPLY);
	uint8_t v6[17] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5, [16] = 64 };
	uint64_t before = enc_counter_get(ENC_CNT_MALFORMED);
	cp_attrs_t attrs;
	host_t *host;

	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_from_chars(198, 18, 0, 1));
	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_from_chars(198, 18, 0));
	cp->add_attribute(cp, INTERNAL_IP6_ADDRESS, chunk_create(v6, sizeof(v6)));
	cp->add_attribute(cp, INTERNAL_IP6_ADDRESS, chunk_create(v6, 16));
	cp->add_attribute(cp, INTERNAL_IP4_DNS, chunk_from_chars(198, 51, 100, 70));
	cp->add_attribute(cp, INTERNAL_IP6_DNS, chunk_empty);
	cp->add_attribute(cp, INTERNAL_IP4_DNS, chunk_from_chars(1, 2, 3, 4, 5));
	cp->add_attribute(cp, APPLICATION_VERSION, chunk_from_chars('x'));
	cp->add_attribute(cp, 0x7fff, chunk_from_chars(1));
	cp_attrs_parse(cp, &attrs);
	ck_assert_uint_eq(attrs.malformed, 3);
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_MALFORMED), before + 3);
	ck_assert_int_eq(attrs.addrs->get_count(attrs.addrs), 2);
	attrs.addrs->get_first(attrs.addrs, (void **)&host);
	ck_assert(host_is(host, "198.18.0.1"));
	attrs.addrs->get_last(attrs.addrs, (void **)&host);
	ck_assert(host_is(host, "2001:db8::5"));
	ck_assert_int_eq(attrs.dns->get_count(attrs.dns), 2);
	attrs.dns->get_last(attrs.dns, (void **)&host);
	ck_assert(host->is_anyaddr(host) && host->get_family(host) == AF_INET6);
	cp_attrs_free(&attrs);
	cp->destroy(cp);
}
END_TEST

START_TEST(test_cp_attrs_bounded)
{
	cp_payload_t *cp = cp_payload_create(CFG_REQUEST);
	cp_attrs_t attrs;

	for (int i = 0; i < 1000; i++) {
		cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_empty);
	}
	cp_attrs_parse(cp, &attrs);
	ck_assert_int_eq(attrs.addrs->get_count(attrs.addrs), 16);
	cp_attrs_free(&attrs);
	cp->destroy(cp);
}
END_TEST

START_TEST(test_cp_attrs_encode)
{
	cp_payload_t *cp = cp_payload_create(CFG_REQUEST);
	host_t *any4 = host_create_any(AF_INET), *v6 = ip("2001:db8::7");
	enumerator_t *e;
	uint16_t type;
	chunk_t value;
	int n = 0;

	cp_attrs_add_address(cp, any4);
	cp_attrs_add_address(cp, v6);
	cp_attrs_add_dns(cp, v6);
	e = cp->create_attribute_enumerator(cp);
	while (e->enumerate(e, &type, &value)) {
		switch (n++) {
		case 0:
			ck_assert_uint_eq(type, INTERNAL_IP4_ADDRESS);
			ck_assert_uint_eq(value.len, 0);
			break;
		case 1:
			ck_assert_uint_eq(type, INTERNAL_IP6_ADDRESS);
			ck_assert_uint_eq(value.len, 17);
			ck_assert_uint_eq(value.ptr[16], 128);
			break;
		default:
			ck_assert_uint_eq(type, INTERNAL_IP6_DNS);
			ck_assert_uint_eq(value.len, 16);
			break;
		}
	}
	e->destroy(e);
	ck_assert_int_eq(n, 3);
	any4->destroy(any4);
	v6->destroy(v6);
	cp->destroy(cp);
}
END_TEST

/* ---- ike_config between stand-in IKE_SAs ---- */

typedef struct {
	ike_sa_t public;
	ike_vips_t *vips;
	peer_cfg_t *cfg;
	identification_t *other_id;
	bool authenticated;
} stub_ike_t;

static ike_vips_t *stub_get_vips(ike_sa_t *public)
{
	return ((stub_ike_t *)public)->vips;
}

static peer_cfg_t *stub_get_peer_cfg(ike_sa_t *public)
{
	return ((stub_ike_t *)public)->cfg;
}

static identification_t *stub_get_other_id(ike_sa_t *public)
{
	return ((stub_ike_t *)public)->other_id;
}

static bool stub_has_condition(ike_sa_t *public, ike_condition_t cond)
{
	return cond == COND_AUTHENTICATED && ((stub_ike_t *)public)->authenticated;
}

static peer_cfg_t *peer(const char *request, const char *pool)
{
	ike_cfg_create_t idata = { .local = "192.0.2.1", .remote = "192.0.2.2" };
	peer_cfg_t *cfg = peer_cfg_create("vip", ike_cfg_create(&idata), NULL);
	vip_cfg_t *vips = cfg->get_vip_cfg(cfg);

	if (request) {
		vips->request->insert_last(vips->request,
					   streq(request, "%any") ? host_create_any(AF_INET)
								  : ip(request));
	}
	if (pool) {
		vips->pools->insert_last(vips->pools, strdup(pool));
		vips->dns->insert_last(vips->dns, ip("198.51.100.70"));
	}
	return cfg;
}

static stub_ike_t *stub(peer_cfg_t *cfg, const char *other_id)
{
	stub_ike_t *this = mem_zalloc(sizeof(*this));

	this->public.get_vips = stub_get_vips;
	this->public.get_peer_cfg = stub_get_peer_cfg;
	this->public.get_other_id = stub_get_other_id;
	this->public.has_condition = stub_has_condition;
	this->vips = ike_vips_create();
	this->cfg = cfg;
	this->other_id = other_id ? id(other_id) : NULL;
	return this;
}

static void stub_destroy(stub_ike_t *this)
{
	this->vips->destroy(this->vips);
	this->cfg->destroy(this->cfg);
	DESTROY_IF(this->other_id);
	free(this);
}

static int kernel_adds, kernel_dels;

static bool fake_add_ip(void *data, host_t *vip)
{
	kernel_adds++;
	return true;
}

static bool fake_del_ip(void *data, host_t *vip)
{
	kernel_dels++;
	return true;
}

static const kernel_net_vip_ops_t fake_ops = {
	.add_ip = fake_add_ip,
	.del_ip = fake_del_ip,
};

static daemon_t fake_daemon;

static void task_setup(void)
{
	library_init(NULL, "test");
	fake_daemon = (daemon_t){ .attributes = attribute_manager_create() };
	charon = &fake_daemon;
	kernel_adds = kernel_dels = 0;
	kernel_net_set_vip_ops(&fake_ops);
}

static void task_teardown(void)
{
	kernel_net_set_vip_ops(NULL);
	fake_daemon.attributes->destroy(fake_daemon.attributes);
	charon = NULL;
	library_deinit();
}

static message_t *msg(bool request)
{
	message_t *m = message_create();

	m->set_exchange_type(m, IKE_AUTH);
	m->set_request(m, request);
	return m;
}

/* One IKE_AUTH exchange of ike_config; returns the response (caller frees). */
static message_t *exchange(stub_ike_t *ini, stub_ike_t *res, status_t *ini_status)
{
	task_t *ti = ike_config_create(&ini->public, true);
	task_t *tr = ike_config_create(&res->public, false);
	message_t *req = msg(true), *resp = msg(false);

	ck_assert_int_eq(ti->build(ti, req), NEED_MORE);
	ck_assert_int_eq(tr->process(tr, req), NEED_MORE);
	res->authenticated = true;
	ck_assert_int_eq(tr->build(tr, resp), SUCCESS);
	ini->authenticated = true;
	*ini_status = ti->process(ti, resp);
	ti->destroy(ti);
	tr->destroy(tr);
	req->destroy(req);
	return resp;
}

static bool has_vip(stub_ike_t *ike, bool local, const char *expected)
{
	enumerator_t *e = ike->vips->create_enumerator(ike->vips, local);
	host_t *vip;
	bool found = false;

	while (e->enumerate(e, &vip)) {
		found = found || host_is(vip, expected);
	}
	e->destroy(e);
	return found;
}

START_TEST(test_config_assign)
{
	stub_ike_t *ini, *res;
	message_t *resp;
	status_t status;
	mem_pool_t *pool;
	enumerator_t *e;

	charon->attributes->add_pool(charon->attributes, "198.18.0.0/28");
	ini = stub(peer(_i ? "198.18.0.9" : "%any", NULL), NULL);
	res = stub(peer(NULL, "198.18.0.0/28"), "carol@example.org");
	resp = exchange(ini, res, &status);
	ck_assert_int_eq(status, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_payload(resp, PL_CP));
	ck_assert_ptr_null(resp->get_notify(resp, INTERNAL_ADDRESS_FAILURE));
	/* a requested free address is honoured */
	ck_assert(has_vip(ini, true, _i ? "198.18.0.9" : "198.18.0.1"));
	ck_assert(has_vip(res, false, _i ? "198.18.0.9" : "198.18.0.1"));
	ck_assert_int_eq(kernel_adds, 1);
	resp->destroy(resp);
	e = charon->attributes->create_pool_enumerator(charon->attributes);
	ck_assert(e->enumerate(e, &pool));
	ck_assert_uint_eq(pool->get_online(pool), 1);
	e->destroy(e);
	/* the IKE_SA going releases the lease and removes our address */
	stub_destroy(ini);
	ck_assert_int_eq(kernel_dels, 1);
	stub_destroy(res);
	e = charon->attributes->create_pool_enumerator(charon->attributes);
	ck_assert(e->enumerate(e, &pool));
	ck_assert_uint_eq(pool->get_online(pool), 0);
	ck_assert_uint_eq(pool->get_offline(pool), 1);
	e->destroy(e);
}
END_TEST

START_TEST(test_config_exhausted)
{
	stub_ike_t *ini1, *res1, *ini2, *res2;
	message_t *resp;
	status_t status;

	charon->attributes->add_pool(charon->attributes, "198.18.0.7");
	ini1 = stub(peer("%any", NULL), NULL);
	res1 = stub(peer(NULL, "198.18.0.7"), "carol@example.org");
	resp = exchange(ini1, res1, &status);
	ck_assert(has_vip(ini1, true, "198.18.0.7"));
	resp->destroy(resp);
	ini2 = stub(peer("%any", NULL), NULL);
	res2 = stub(peer(NULL, "198.18.0.7"), "dave@example.org");
	resp = exchange(ini2, res2, &status);
	ck_assert_int_eq(status, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, INTERNAL_ADDRESS_FAILURE));
	ck_assert_ptr_null(resp->get_payload(resp, PL_CP));
	ck_assert_int_eq(ini2->vips->get_count(ini2->vips, true), 0);
	ck_assert_int_eq(res2->vips->get_count(res2->vips, false), 0);
	resp->destroy(resp);
	stub_destroy(ini1);
	stub_destroy(res1);
	stub_destroy(ini2);
	stub_destroy(res2);
}
END_TEST

START_TEST(test_config_no_request)
{
	stub_ike_t *ini = stub(peer(NULL, NULL), NULL);
	task_t *ti = ike_config_create(&ini->public, true);
	message_t *req = msg(true);

	/* nothing to request: the task is done without a CP payload */
	ck_assert_int_eq(ti->build(ti, req), SUCCESS);
	ck_assert_ptr_null(req->get_payload(req, PL_CP));
	ti->destroy(ti);
	req->destroy(req);
	stub_destroy(ini);
}
END_TEST

START_TEST(test_config_malformed_reply)
{
	stub_ike_t *ini = stub(peer("%any", NULL), NULL);
	task_t *ti = ike_config_create(&ini->public, true);
	message_t *req = msg(true), *resp = msg(false);
	cp_payload_t *cp = cp_payload_create(CFG_REPLY);

	ck_assert_int_eq(ti->build(ti, req), NEED_MORE);
	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_from_chars(198, 18));
	/* an IPv6 address we did not ask for is ignored as well */
	cp->add_attribute(cp, INTERNAL_IP6_ADDRESS,
			  chunk_from_chars(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 128));
	resp->add_payload(resp, &cp->payload);
	ini->authenticated = true;
	ck_assert_int_eq(ti->process(ti, resp), SUCCESS);
	ck_assert_int_eq(ini->vips->get_count(ini->vips, true), 0);
	ck_assert_int_eq(kernel_adds, 0);
	ti->destroy(ti);
	req->destroy(req);
	resp->destroy(resp);
	stub_destroy(ini);
}
END_TEST

START_TEST(test_config_unauthenticated)
{
	stub_ike_t *res = stub(peer(NULL, "198.18.0.0/28"), "carol@example.org");
	task_t *tr = ike_config_create(&res->public, false);
	message_t *req = msg(true), *resp = msg(false);
	cp_payload_t *cp = cp_payload_create(CFG_REQUEST);

	charon->attributes->add_pool(charon->attributes, "198.18.0.0/28");
	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_empty);
	req->add_payload(req, &cp->payload);
	ck_assert_int_eq(tr->process(tr, req), NEED_MORE);
	/* no lease for a peer that did not authenticate */
	ck_assert_int_eq(tr->build(tr, resp), NEED_MORE);
	ck_assert_ptr_null(resp->get_payload(resp, PL_CP));
	ck_assert_int_eq(res->vips->get_count(res->vips, false), 0);
	tr->destroy(tr);
	req->destroy(req);
	resp->destroy(resp);
	stub_destroy(res);
}
END_TEST

START_TEST(test_vips_adopt)
{
	ike_vips_t *a = ike_vips_create(), *b = ike_vips_create();
	host_t *vip = ip("198.18.0.1");
	identification_t *carol = id("carol@example.org");
	host_t *leased;
	linked_list_t *pools = linked_list_create();

	charon->attributes->add_pool(charon->attributes, "198.18.0.0/28");
	pools->insert_last(pools, "198.18.0.0/28");
	leased = charon->attributes->acquire_address(charon->attributes, pools, carol, AF_INET,
						     NULL, NULL);
	a->add_local(a, vip);
	a->add_remote(a, leased, "198.18.0.0/28", carol);
	/* rekeying: the new IKE_SA takes over, the old one releases nothing */
	b->adopt(b, a);
	a->destroy(a);
	ck_assert_int_eq(kernel_dels, 0);
	ck_assert_int_eq(b->get_count(b, true), 1);
	ck_assert_int_eq(b->get_count(b, false), 1);
	b->destroy(b);
	ck_assert_int_eq(kernel_dels, 1);
	ck_assert(!charon->attributes->release_address(charon->attributes, "198.18.0.0/28",
							leased, carol));
	leased->destroy(leased);
	vip->destroy(vip);
	carol->destroy(carol);
	pools->destroy(pools);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("vip");
	TCase *tc;

	tc = tcase_create("mem_pool");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pool_subnet);
	tcase_add_test(tc, test_pool_shared_online);
	tcase_add_test(tc, test_pool_exhaustion);
	tcase_add_test(tc, test_pool_forms);
	tcase_add_test(tc, test_pool_requested_and_v6);
	tcase_add_test(tc, test_manager);
	suite_add_tcase(s, tc);

	tc = tcase_create("cp_attrs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cp_attrs);
	tcase_add_test(tc, test_cp_attrs_bounded);
	tcase_add_test(tc, test_cp_attrs_encode);
	suite_add_tcase(s, tc);

	tc = tcase_create("ike_config");
	tcase_add_checked_fixture(tc, task_setup, task_teardown);
	tcase_add_loop_test(tc, test_config_assign, 0, 2);
	tcase_add_test(tc, test_config_exhausted);
	tcase_add_test(tc, test_config_no_request);
	tcase_add_test(tc, test_config_malformed_reply);
	tcase_add_test(tc, test_config_unauthenticated);
	tcase_add_test(tc, test_vips_adopt);
	suite_add_tcase(s, tc);
	return s;
}
