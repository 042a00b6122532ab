/*
 * Trap policies: installing and removing traps, acquires that start the
 * connection with the trap's reqid (and are ignored while that is under
 * way), the controller's route/unroute, and the data plane listener list.
 */
#include "test_runner.h"

#include "lifecycle_fakes.h"

#include "control/controller.h"
#include "sa/trap_manager.h"

static trap_manager_t *traps;
static peer_cfg_t *site;

static void setup(void)
{
	lf_setup();
	traps = trap_manager_create();
	site = lf_peer_create("site", "192.0.2.2", ACTION_NONE, ACTION_NONE);
}

static void teardown(void)
{
	DESTROY_IF(traps);
	traps = NULL;
	site->destroy(site);
	lf_teardown();
}

/* Live policies of @p prio and @p reqid in the fake data plane. */
static int policies(policy_priority_t prio, uint32_t reqid)
{
	int count = 0;

	for (int i = 0; i < kernel.policy_count; i++) {
		if (!kernel.policies[i].deleted && kernel.policies[i].data.prio == prio &&
		    (!reqid || kernel.policies[i].data.reqid == reqid)) {
			count++;
		}
	}
	return count;
}

START_TEST(test_install_uninstall)
{
	child_sa_t *child;
	peer_cfg_t *peer;
	enumerator_t *e;
	uint32_t reqid;
	int count = 0;

	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), SUCCESS);
	reqid = traps->find_reqid(traps, "site");
	ck_assert_uint_ne(reqid, 0);
	/* out, in and fwd, as trap policies towards the peer */
	ck_assert_int_eq(policies(POLICY_PRIORITY_ROUTED, reqid), 3);
	ck_assert_int_eq(fk_live_policies(&kernel), 3);
	ck_assert_str_eq(kernel.policies[0].src_ts, "198.51.100.0/26");
	ck_assert_str_eq(kernel.policies[0].dst_ts, "198.51.100.64/26");
	ck_assert_str_eq(kernel.policies[0].dst, "192.0.2.2");
	ck_assert(cap_logged("installed trap for 'site'"));

	/* the same configs again: nothing changes */
	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), ALREADY_DONE);
	ck_assert_int_eq(fk_live_policies(&kernel), 3);

	e = traps->create_enumerator(traps);
	while (e->enumerate(e, &peer, &child)) {
		ck_assert(peer == site);
		ck_assert_str_eq(child->get_name(child), "site");
		ck_assert_int_eq(child->get_state(child), CHILD_ROUTED);
		ck_assert_uint_eq(child->get_reqid(child), reqid);
		count++;
	}
	e->destroy(e);
	ck_assert_int_eq(count, 1);

	ck_assert_int_eq(traps->uninstall(traps, "site"), SUCCESS);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	ck_assert_uint_eq(traps->find_reqid(traps, "site"), 0);
	ck_assert_int_eq(traps->uninstall(traps, "site"), NOT_FOUND);
	ck_assert_int_eq(traps->uninstall(traps, "other"), NOT_FOUND);
}
END_TEST

START_TEST(test_replace)
{
	peer_cfg_t *changed = lf_peer_create("site", "192.0.2.3", ACTION_NONE, ACTION_NONE);
	uint32_t old, new_reqid;

	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), SUCCESS);
	old = traps->find_reqid(traps, "site");
	/* a changed conn of the same name (ipsec update) replaces the trap */
	ck_assert_int_eq(traps->install(traps, changed, lf_child_cfg(changed)), SUCCESS);
	new_reqid = traps->find_reqid(traps, "site");
	ck_assert_uint_ne(old, new_reqid);
	ck_assert_int_eq(policies(POLICY_PRIORITY_ROUTED, old), 0);
	ck_assert_int_eq(policies(POLICY_PRIORITY_ROUTED, new_reqid), 3);
	ck_assert_int_eq(fk_live_policies(&kernel), 3);
	changed->destroy(changed);
	/* the trap keeps its config */
	traps->flush(traps);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
}
END_TEST

START_TEST(test_install_failures)
{
	peer_cfg_t *any = lf_peer_create("rw", "%any", ACTION_NONE, ACTION_NONE);

	/* without the peer's address there is nowhere to tunnel to */
	ck_assert_int_eq(traps->install(traps, any, lf_child_cfg(any)), FAILED);
	ck_assert(cap_logged("cannot route 'rw'"));
	any->destroy(any);

	kernel.fail_add_policy = 2;
	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), FAILED);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	ck_assert_uint_eq(traps->find_reqid(traps, "site"), 0);
	ck_assert(cap_logged("installing the trap policies of 'site' failed"));
}
END_TEST

START_TEST(test_acquire)
{
	traffic_selector_t *src = traffic_selector_create_from_cidr("198.51.100.1/32", 1, 0, 65535);
	traffic_selector_t *dst = traffic_selector_create_from_cidr("198.51.100.65/32", 1, 0,
								    65535);
	lf_ike_t *ike = lf_ike_create(1, site);
	uint32_t reqid, got = 0;
	child_sa_t *child;

	lf_manager.ike = ike;
	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), SUCCESS);
	reqid = traps->find_reqid(traps, "site");

	/* the data plane's acquire starts the conn with the trap's reqid */
	kernel_interface_acquire(reqid, src, dst);
	ck_assert(lf_wait(&ike->initiated, 1));
	lf_initiated(ike, &got);
	ck_assert_uint_eq(got, reqid);
	ck_assert_str_eq(ike->initiated_name, "site");
	ck_assert(lf_wait(&lf_manager.checkins, 1));
	ck_assert(cap_logged("hit the trap of 'site'"));

	/* while that is under way, more packets change nothing */
	kernel_interface_acquire(reqid, src, dst);
	traps->acquire(traps, reqid, NULL, NULL);
	lf_settle();
	ck_assert_int_eq(lf_initiated(ike, NULL), 1);

	/* the IKE_SA failed: the next packet tries again */
	charon->bus->ike_state_change(charon->bus, &ike->public, IKE_DESTROYING);
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&ike->initiated, 2));

	/* the CHILD_SA came up: pending no more, but an installed one is not
	 * negotiated again */
	charon->bus->set_sa(charon->bus, &ike->public);
	child = lf_add_child(ike, NULL, reqid, CHILD_INSTALLED);
	charon->bus->child_updown(charon->bus, child, true);
	charon->bus->set_sa(charon->bus, NULL);
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&lf_manager.checkins, 3));
	lf_settle();
	ck_assert_int_eq(lf_initiated(ike, NULL), 2);
	ck_assert(cap_logged("is up already"));

	/* unknown reqids are logged */
	traps->acquire(traps, reqid + 100, NULL, NULL);
	ck_assert(cap_logged("but there is no such trap"));

	src->destroy(src);
	dst->destroy(dst);
	lf_manager.ike = NULL;
	traps->destroy(traps);
	traps = NULL;
	lf_ike_destroy(ike);
}
END_TEST

START_TEST(test_acquire_failures)
{
	lf_ike_t *ike = lf_ike_create(1, site);
	uint32_t reqid;

	ck_assert_int_eq(traps->install(traps, site, lf_child_cfg(site)), SUCCESS);
	reqid = traps->find_reqid(traps, "site");

	/* no IKE_SA to be had: the next acquire tries again */
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&lf_manager.checkouts, 1));
	lf_settle();
	ck_assert(cap_logged("no IKE_SA for 'site'"));

	/* initiating failed: the SA is destroyed, and the trap is free again */
	lf_manager.ike = ike;
	ike->initiate_result = DESTROY_ME;
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&lf_manager.destroyed, 1));
	ike->initiate_result = SUCCESS;
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&ike->initiated, 2));

	/* the negotiated CHILD_SA failed on a surviving IKE_SA */
	charon->bus->set_sa(charon->bus, &ike->public);
	lf_add_child(ike, NULL, reqid, CHILD_FAILED);
	charon->bus->set_sa(charon->bus, NULL);
	traps->acquire(traps, reqid, NULL, NULL);
	ck_assert(lf_wait(&ike->initiated, 3));

	/* after a flush, acquires start nothing */
	traps->flush(traps);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	traps->acquire(traps, reqid, NULL, NULL);
	lf_settle();
	ck_assert_int_eq(lf_initiated(ike, NULL), 3);
	lf_manager.ike = NULL;
	traps->destroy(traps);
	traps = NULL;
	lf_ike_destroy(ike);
}
END_TEST

START_TEST(test_controller_route)
{
	controller_t *controller;
	child_sa_t *child;
	peer_cfg_t *peer;
	enumerator_t *e;
	int count = 0;

	/* the controller brings its own trap manager */
	traps->destroy(traps);
	traps = NULL;
	controller = controller_create();
	test_daemon.controller = controller;
	ck_assert_int_eq(controller->route(controller, site, lf_child_cfg(site)), SUCCESS);
	ck_assert_int_eq(controller->route(controller, site, lf_child_cfg(site)), ALREADY_DONE);
	e = controller->create_route_enumerator(controller);
	while (e->enumerate(e, &peer, &child)) {
		ck_assert_int_eq(child->get_state(child), CHILD_ROUTED);
		count++;
	}
	e->destroy(e);
	ck_assert_int_eq(count, 1);
	ck_assert_int_eq(controller->unroute(controller, "site"), SUCCESS);
	ck_assert_int_eq(controller->unroute(controller, "site"), NOT_FOUND);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	/* shutdown removes the traps */
	ck_assert_int_eq(controller->route(controller, site, lf_child_cfg(site)), SUCCESS);
	controller->flush(controller);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	test_daemon.controller = NULL;
	controller->destroy(controller);
}
END_TEST

/* --- kernel event listeners --------------------------------------------------- */

static int acquires_a, acquires_b, expires_b;

static void on_acquire_a(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	acquires_a++;
}

static void on_acquire_b(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	acquires_b++;
}

static void on_expire_b(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	expires_b++;
}

START_TEST(test_kernel_listeners)
{
	static const kernel_listener_t a = { .acquire = on_acquire_a };
	static const kernel_listener_t b = { .acquire = on_acquire_b, .expire = on_expire_b };
	kernel_listener_t many[KERNEL_LISTENERS_MAX];

	traps->destroy(traps);
	traps = NULL;
	acquires_a = acquires_b = expires_b = 0;
	/* the set one and added ones all hear the events */
	kernel_interface_set_listener(&a);
	ck_assert(kernel_interface_add_listener(&b));
	kernel_interface_acquire(1, NULL, NULL);
	kernel_interface_expire(IPSEC_PROTO_ESP, 1, NULL, false);
	ck_assert_int_eq(acquires_a, 1);
	ck_assert_int_eq(acquires_b, 1);
	ck_assert_int_eq(expires_b, 1);
	kernel_interface_remove_listener(&b);
	kernel_interface_acquire(1, NULL, NULL);
	ck_assert_int_eq(acquires_a, 2);
	ck_assert_int_eq(acquires_b, 1);
	kernel_interface_set_listener(NULL);

	/* the list is bounded */
	for (int i = 0; i < KERNEL_LISTENERS_MAX; i++) {
		many[i] = (kernel_listener_t){ .acquire = on_acquire_b };
		ck_assert(kernel_interface_add_listener(&many[i]));
	}
	ck_assert(!kernel_interface_add_listener(&a));
	kernel_interface_acquire(1, NULL, NULL);
	ck_assert_int_eq(acquires_b, 1 + KERNEL_LISTENERS_MAX);
	for (int i = 0; i < KERNEL_LISTENERS_MAX; i++) {
		kernel_interface_remove_listener(&many[i]);
	}
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("traps");
	TCase *tc = tcase_create("traps");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_install_uninstall);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_install_failures);
	tcase_add_test(tc, test_acquire);
	tcase_add_test(tc, test_acquire_failures);
	tcase_add_test(tc, test_controller_route);
	tcase_add_test(tc, test_kernel_listeners);
	suite_add_tcase(s, tc);
	return s;
}
