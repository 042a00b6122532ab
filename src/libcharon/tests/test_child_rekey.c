/*
 * The child_rekey task: an initiator and a responder rekeying a CHILD_SA
 * through message objects, against fake IKE_SAs (with a task manager that
 * only lists active tasks) and the recording data plane. Covers the normal
 * rekeying, errors, and collisions decided by the nonces (RFC 7296 §2.8.1).
 */
#include <arpa/inet.h>

#include "test_runner.h"
#include "child_fakes.h"

#include "encoding/notify_payload.h"
#include "sa/task_manager.h"
#include "sa/tasks/tasks.h"

/* A task manager that only knows its active tasks. */
typedef struct {
	task_manager_t public;
	linked_list_t *active;
} fake_tm_t;

static enumerator_t *ftm_enumerate(task_manager_t *public, task_queue_t queue)
{
	return ((fake_tm_t *)public)->active->create_enumerator(((fake_tm_t *)public)->active);
}

static fake_cfg_t *icfg, *rcfg;
static fake_ike_t *ini, *res;
static fake_tm_t itm, rtm;
static ike_sa_state_t ike_state;

static ike_sa_state_t fi_get_state(ike_sa_t *public)
{
	return ike_state;
}

static task_manager_t *fi_get_tm(ike_sa_t *public)
{
	return public == &ini->public ? &itm.public : &rtm.public;
}

static void setup(void)
{
	fakes_setup();
	icfg = fake_cfg_create("net", "10.1.0.0/16", "10.2.0.0/16");
	rcfg = fake_cfg_create("net", "10.2.0.0/16", "10.1.0.0/16");
	ini = fake_ike_create("192.0.2.1", "192.0.2.2", true, NULL);
	res = fake_ike_create("192.0.2.2", "192.0.2.1", false, &rcfg->public);
	ini->public.get_state = res->public.get_state = fi_get_state;
	ini->public.get_task_manager = res->public.get_task_manager = fi_get_tm;
	itm = (fake_tm_t){ .public.create_task_enumerator = ftm_enumerate,
			   .active = linked_list_create() };
	rtm = (fake_tm_t){ .public.create_task_enumerator = ftm_enumerate,
			   .active = linked_list_create() };
	ike_state = IKE_ESTABLISHED;
}

static void teardown(void)
{
	itm.active->destroy(itm.active);
	rtm.active->destroy(rtm.active);
	fake_ike_destroy(ini);
	fake_ike_destroy(res);
	icfg->public.destroy(&icfg->public);
	rcfg->public.destroy(&rcfg->public);
	fakes_teardown();
}

static message_t *msg(exchange_type_t type, bool request)
{
	message_t *m = message_create();

	m->set_exchange_type(m, type);
	m->set_request(m, request);
	return m;
}

/* A CHILD_SA between ini and res, set up in IKE_AUTH. */
static void establish(void)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *req = msg(IKE_AUTH, true), *resp = msg(IKE_AUTH, false);

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
}

static child_sa_t *nth_child(fake_ike_t *ike, int n)
{
	enumerator_t *e = ike->children->create_enumerator(ike->children);
	child_sa_t *child, *found = NULL;

	while (!found && e->enumerate(e, &child)) {
		if (n-- == 0) {
			found = child;
		}
	}
	e->destroy(e);
	return found;
}

static int count_state(fake_ike_t *ike, child_sa_state_t state)
{
	enumerator_t *e = ike->children->create_enumerator(ike->children);
	child_sa_t *child;
	int n = 0;

	while (e->enumerate(e, &child)) {
		n += child->get_state(child) == state;
	}
	e->destroy(e);
	return n;
}

/* The SPI of the child_delete task queued on @p ike (first one), or 0. */
static int queued_deletes(fake_ike_t *ike)
{
	enumerator_t *e = ike->queued->create_enumerator(ike->queued);
	task_t *task;
	int n = 0;

	while (e->enumerate(e, &task)) {
		n += task->get_type(task) == TASK_CHILD_DELETE;
	}
	e->destroy(e);
	return n;
}

/* Run the child_delete tasks queued on @p from against @p to. */
static void run_deletes(fake_ike_t *from, fake_ike_t *to)
{
	task_t *it, *rt;
	message_t *req, *resp;

	while (from->queued->remove_first(from->queued, (void **)&it) == SUCCESS) {
		ck_assert_int_eq(it->get_type(it), TASK_CHILD_DELETE);
		rt = child_delete_create(&to->public, 0, 0, false);
		req = msg(INFORMATIONAL, true);
		resp = msg(INFORMATIONAL, false);
		ck_assert_int_eq(it->build(it, req), NEED_MORE);
		ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
		ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
		ck_assert_int_eq(it->process(it, resp), SUCCESS);
		req->destroy(req);
		resp->destroy(resp);
		it->destroy(it);
		rt->destroy(rt);
	}
}

START_TEST(test_rekey)
{
	child_sa_t *iold, *rold, *inew, *rnew;
	uint32_t ispi, rspi, reqid;
	task_t *it, *rt;
	message_t *req, *resp;
	notify_payload_t *notify;

	establish();
	iold = nth_child(ini, 0);
	rold = nth_child(res, 0);
	ispi = iold->get_spi(iold, true);
	rspi = rold->get_spi(rold, true);
	reqid = iold->get_reqid(iold);
	capture.ups = capture.downs = 0;

	it = child_rekey_create(&ini->public, PROTO_ESP, ispi);
	ck_assert_int_eq(it->get_type(it), TASK_CHILD_REKEY);
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	notify = req->get_notify(req, REKEY_SA);
	ck_assert_ptr_nonnull(notify);
	ck_assert_int_eq(notify->get_protocol(notify), PROTO_ESP);
	ck_assert(chunk_equals(notify->get_spi(notify), chunk_from_thing(ispi)));
	ck_assert_ptr_nonnull(req->get_payload(req, PL_NONCE));
	ck_assert_int_eq(iold->get_state(iold), CHILD_REKEYING);

	rt = child_rekey_create(&res->public, 0, 0);
	resp = msg(CREATE_CHILD_SA, false);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_ptr_nonnull(resp->get_payload(resp, PL_SA));
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);

	/* both ends: the old SA replaced, the new one installed with the same reqid */
	ck_assert_int_eq(ini->children->get_count(ini->children), 2);
	ck_assert_int_eq(res->children->get_count(res->children), 2);
	ck_assert_int_eq(iold->get_state(iold), CHILD_REKEYED);
	ck_assert_int_eq(rold->get_state(rold), CHILD_REKEYED);
	inew = nth_child(ini, 1);
	rnew = nth_child(res, 1);
	ck_assert_int_eq(inew->get_state(inew), CHILD_INSTALLED);
	ck_assert_int_eq(rnew->get_state(rnew), CHILD_INSTALLED);
	ck_assert_uint_eq(inew->get_reqid(inew), reqid);
	ck_assert_uint_eq(rnew->get_reqid(rnew), rold->get_reqid(rold));
	ck_assert_uint_ne(inew->get_spi(inew, true), ispi);
	ck_assert_uint_eq(inew->get_spi(inew, false), rnew->get_spi(rnew, true));
	ck_assert_uint_eq(rnew->get_spi(rnew, false), inew->get_spi(inew, true));
	ck_assert_int_eq(capture.ups + capture.downs, 0);

	/* the initiator deletes the old SA, quietly */
	ck_assert_int_eq(queued_deletes(ini), 1);
	ck_assert_int_eq(queued_deletes(res), 0);
	run_deletes(ini, res);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	ck_assert_ptr_eq(nth_child(ini, 0), inew);
	ck_assert_ptr_eq(nth_child(res, 0), rnew);
	/* the fake data plane keeps deleted SAs, marked */
	ck_assert(fk_find_sa(&kernel, ispi)->deleted);
	ck_assert(fk_find_sa(&kernel, rspi)->deleted);
	ck_assert(!fk_find_sa(&kernel, inew->get_spi(inew, true))->deleted);
	ck_assert_int_eq(capture.ups + capture.downs, 0);
}
END_TEST

START_TEST(test_rekey_by_outbound_spi)
{
	child_sa_t *child;
	task_t *it;
	message_t *req;

	establish();
	child = nth_child(ini, 0);
	/* the data plane's expire of the outbound SA names the peer's SPI */
	it = child_rekey_create(&ini->public, PROTO_ESP, child->get_spi(child, false));
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(child->get_state(child), CHILD_REKEYING);
	req->destroy(req);
	it->destroy(it);
}
END_TEST

START_TEST(test_rekey_skipped)
{
	child_sa_t *child;
	task_t *it;
	message_t *req;

	establish();
	child = nth_child(ini, 0);
	child->set_state(child, CHILD_REKEYED);
	it = child_rekey_create(&ini->public, PROTO_ESP, child->get_spi(child, true));
	req = msg(CREATE_CHILD_SA, true);
	/* nothing to rekey: no payloads, done */
	ck_assert_int_eq(it->build(it, req), SUCCESS);
	ck_assert_ptr_null(req->get_payload(req, PL_SA));
	req->destroy(req);
	it->destroy(it);

	it = child_rekey_create(&ini->public, PROTO_ESP, htonl(0x1234));
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(it->build(it, req), SUCCESS);
	req->destroy(req);
	it->destroy(it);
}
END_TEST

/* The responder refuses with @p error; the initiator keeps its CHILD_SA. */
static void refused(notify_type_t error)
{
	child_sa_t *child = nth_child(ini, 0);
	task_t *it = child_rekey_create(&ini->public, PROTO_ESP, child->get_spi(child, true));
	task_t *rt = child_rekey_create(&res->public, 0, 0);
	message_t *req = msg(CREATE_CHILD_SA, true), *resp = msg(CREATE_CHILD_SA, false);

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, error));
	ck_assert_ptr_null(resp->get_payload(resp, PL_SA));
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	ck_assert_int_eq(child->get_state(child), CHILD_INSTALLED);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(queued_deletes(ini), 0);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}

START_TEST(test_child_sa_not_found)
{
	child_sa_t *child;

	establish();
	child = nth_child(res, 0);
	/* the responder lost its CHILD_SA meanwhile */
	res->public.destroy_child_sa(&res->public, child);
	refused(CHILD_SA_NOT_FOUND);
}
END_TEST

START_TEST(test_temporary_failure)
{
	child_sa_t *child;

	establish();
	child = nth_child(res, 0);
	child->set_state(child, CHILD_REKEYED);
	refused(TEMPORARY_FAILURE);
	child->set_state(child, CHILD_INSTALLED);
	/* nor while the IKE_SA is being rekeyed (§2.25.2) */
	ike_state = IKE_REKEYING;
	refused(TEMPORARY_FAILURE);
}
END_TEST

/*
 * Both ends rekey the CHILD_SA at once. ini's exchange uses nonces filled
 * with @p ini_i (its request) and @p res_r (res's answer), res's exchange
 * @p res_i and @p ini_r; @p ini_loses tells which should win.
 */
static void collide(uint8_t ini_i, uint8_t res_r, uint8_t res_i, uint8_t ini_r,
		    bool ini_loses)
{
	child_sa_t *iold, *rold, *child;
	task_t *ta, *tb, *ra, *rb;
	message_t *req_a, *req_b, *resp_a, *resp_b;
	uint32_t b_spi, a_spi_r;

	establish();
	iold = nth_child(ini, 0);
	rold = nth_child(res, 0);
	capture.ups = capture.downs = 0;

	ini->keymat->nonce_fill = ini_i;
	ta = child_rekey_create(&ini->public, PROTO_ESP, iold->get_spi(iold, true));
	req_a = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(ta->build(ta, req_a), NEED_MORE);
	itm.active->insert_last(itm.active, ta);

	res->keymat->nonce_fill = res_i;
	tb = child_rekey_create(&res->public, PROTO_ESP, rold->get_spi(rold, true));
	req_b = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(tb->build(tb, req_b), NEED_MORE);
	rtm.active->insert_last(rtm.active, tb);

	/* each answers the other's request while its own is outstanding */
	ini->keymat->nonce_fill = ini_r;
	rb = child_rekey_create(&ini->public, 0, 0);
	resp_b = msg(CREATE_CHILD_SA, false);
	ck_assert_int_eq(rb->process(rb, req_b), NEED_MORE);
	ck_assert_int_eq(rb->build(rb, resp_b), SUCCESS);
	ck_assert_ptr_nonnull(resp_b->get_payload(resp_b, PL_SA));

	res->keymat->nonce_fill = res_r;
	ra = child_rekey_create(&res->public, 0, 0);
	resp_a = msg(CREATE_CHILD_SA, false);
	ck_assert_int_eq(ra->process(ra, req_a), NEED_MORE);
	ck_assert_int_eq(ra->build(ra, resp_a), SUCCESS);

	/* undecided until the own exchange completes */
	ck_assert_int_eq(iold->get_state(iold), CHILD_REKEYING);
	ck_assert_int_eq(rold->get_state(rold), CHILD_REKEYING);

	ck_assert_int_eq(ta->process(ta, resp_a), SUCCESS);
	ck_assert_int_eq(tb->process(tb, resp_b), SUCCESS);
	itm.active->remove(itm.active, ta, NULL);
	rtm.active->remove(rtm.active, tb, NULL);
	/* res's inbound SPIs of the SA of ini's exchange and of its own */
	a_spi_r = nth_child(res, 1)->get_spi(nth_child(res, 1), true);
	b_spi = nth_child(res, 2)->get_spi(nth_child(res, 2), true);

	/* three SAs each; the loser deletes its own new one, the winner the old */
	ck_assert_int_eq(ini->children->get_count(ini->children), 3);
	ck_assert_int_eq(res->children->get_count(res->children), 3);
	ck_assert_int_eq(iold->get_state(iold), CHILD_REKEYED);
	ck_assert_int_eq(rold->get_state(rold), CHILD_REKEYED);
	ck_assert_int_eq(count_state(ini, CHILD_INSTALLED), 1);
	ck_assert_int_eq(count_state(res, CHILD_INSTALLED), 1);
	ck_assert_int_eq(queued_deletes(ini), 1);
	ck_assert_int_eq(queued_deletes(res), 1);
	if (ini_loses) {
		run_deletes(ini, res);
		run_deletes(res, ini);
	} else {
		run_deletes(res, ini);
		run_deletes(ini, res);
	}
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	/* the survivors are the two halves of the winner's SA */
	child = nth_child(ini, 0);
	ck_assert_int_eq(child->get_state(child), CHILD_INSTALLED);
	ck_assert_uint_eq(child->get_spi(child, false), ini_loses ? b_spi : a_spi_r);
	ck_assert_uint_eq(child->get_spi(child, false),
			  nth_child(res, 0)->get_spi(nth_child(res, 0), true));
	ck_assert_int_eq(capture.ups + capture.downs, 0);

	req_a->destroy(req_a);
	req_b->destroy(req_b);
	resp_a->destroy(resp_a);
	resp_b->destroy(resp_b);
	ta->destroy(ta);
	tb->destroy(tb);
	ra->destroy(ra);
	rb->destroy(rb);
}

START_TEST(test_collision_initiator_loses)
{
	/* ini's exchange holds the lowest nonce (0x10) */
	collide(0x10, 0x80, 0x90, 0x70, true);
}
END_TEST

START_TEST(test_collision_initiator_wins)
{
	collide(0x90, 0x70, 0x80, 0x10, false);
}
END_TEST

START_TEST(test_migrate)
{
	child_sa_t *child;
	task_t *it;
	message_t *req;

	establish();
	child = nth_child(ini, 0);
	it = child_rekey_create(&ini->public, PROTO_ESP, child->get_spi(child, true));
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	req->destroy(req);
	/* moved to another IKE_SA: it starts over there (the SA moved along) */
	child->set_state(child, CHILD_INSTALLED);
	it->migrate(it, &ini->public);
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_ptr_nonnull(req->get_notify(req, REKEY_SA));
	req->destroy(req);
	it->destroy(it);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("child_rekey");
	TCase *tc = tcase_create("child_rekey");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rekey);
	tcase_add_test(tc, test_rekey_by_outbound_spi);
	tcase_add_test(tc, test_rekey_skipped);
	tcase_add_test(tc, test_child_sa_not_found);
	tcase_add_test(tc, test_temporary_failure);
	tcase_add_test(tc, test_collision_initiator_loses);
	tcase_add_test(tc, test_collision_initiator_wins);
	tcase_add_test(tc, test_migrate);
	suite_add_tcase(s, tc);
	return s;
}
