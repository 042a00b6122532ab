/*
 * What happens without our asking: dpdaction= when the peer stops
 * answering, closeaction= when it deletes the IKE_SA or a CHILD_SA; and
 * the IKE counters the bus feeds.
 */
#include "test_runner.h"

#include "lifecycle_fakes.h"

#include "bus/ike_counters.h"
#include "control/controller.h"
#include "encoding/delete_payload.h"
#include "sa/dpd_actions.h"
#include "sa/tasks/tasks.h"

static controller_t *controller;

static void setup(void)
{
	lf_setup();
	controller = controller_create();
	test_daemon.controller = controller;
}

static void teardown(void)
{
	test_daemon.controller = NULL;
	controller->destroy(controller);
	lf_teardown();
}

/* Whether the conn @p name is routed. */
static bool routed(const char *name)
{
	enumerator_t *e = controller->create_route_enumerator(controller);
	child_sa_t *child;
	peer_cfg_t *peer;
	bool found = false;

	while (e->enumerate(e, &peer, &child)) {
		found |= streq(child->get_name(child), name);
	}
	e->destroy(e);
	return found;
}

/* An alert raised while @p ike works (as the retransmit job does). */
static void alert(lf_ike_t *ike, alert_t kind)
{
	charon->bus->set_sa(charon->bus, ike ? &ike->public : NULL);
	charon->bus->alert(charon->bus, kind, "test");
	charon->bus->set_sa(charon->bus, NULL);
}

/* --- dpdaction --------------------------------------------------------------- */

START_TEST(test_dpd_hold)
{
	peer_cfg_t *peer = lf_peer_create("site", "192.0.2.2", ACTION_ROUTE, ACTION_NONE);
	lf_ike_t *ike = lf_ike_create(1, peer);

	lf_add_child(ike, NULL, 0, CHILD_INSTALLED);
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(routed("site"));
	ck_assert(cap_logged("peer of IKE_SA site[1] is not responding"));
	ck_assert(cap_logged("dpdaction=hold for CHILD_SA site{"));
	/* again (an auto=route conn is routed already): no harm */
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(routed("site"));
	lf_settle();
	ck_assert_int_eq(lf_manager.checkouts, 0);
	lf_ike_destroy(ike);
	peer->destroy(peer);
}
END_TEST

START_TEST(test_dpd_restart)
{
	peer_cfg_t *peer = lf_peer_create("site", "192.0.2.2", ACTION_RESTART, ACTION_NONE);
	lf_ike_t *ike = lf_ike_create(1, peer), *fresh = lf_ike_create(2, peer);
	uint32_t reqid = 0;

	lf_add_child(ike, NULL, 42, CHILD_INSTALLED);
	/* the old SA of a rekeying is not restarted twice */
	lf_add_child(ike, NULL, 42, CHILD_REKEYING);
	lf_manager.ike = fresh;
	lf_manager.all->insert_last(lf_manager.all, &ike->public);
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(lf_wait(&fresh->initiated, 1));
	lf_settle();
	ck_assert_int_eq(lf_initiated(fresh, &reqid), 1);
	ck_assert_uint_eq(reqid, 42);
	ck_assert_str_eq(fresh->initiated_name, "site");
	ck_assert(!routed("site"));
	ck_assert(cap_logged("dpdaction=restart for CHILD_SA site{"));

	/* the CHILD_SA is up on another IKE_SA meanwhile: no restart */
	lf_add_child(fresh, NULL, 42, CHILD_INSTALLED);
	lf_manager.all->insert_last(lf_manager.all, &fresh->public);
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(lf_wait(&lf_manager.checkouts, 1));
	lf_settle();
	ck_assert(cap_logged("CHILD_SA site is up again, not restarting it"));
	ck_assert_int_eq(lf_initiated(fresh, NULL), 1);

	/* no IKE_SA to be had */
	lf_manager.all->remove(lf_manager.all, &fresh->public, NULL);
	lf_manager.ike = NULL;
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(lf_wait(&lf_manager.checkouts, 2));
	lf_settle();
	ck_assert(cap_logged("restarting CHILD_SA site failed"));

	/* initiating failed */
	lf_manager.ike = fresh;
	fresh->initiate_result = DESTROY_ME;
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(lf_wait(&lf_manager.destroyed, 1));

	lf_manager.all->remove(lf_manager.all, &ike->public, NULL);
	lf_manager.ike = NULL;
	lf_ike_destroy(ike);
	lf_ike_destroy(fresh);
	peer->destroy(peer);
}
END_TEST

START_TEST(test_dpd_none)
{
	peer_cfg_t *clear = lf_peer_create("site", "192.0.2.2", ACTION_NONE, ACTION_ROUTE);
	peer_cfg_t *hold = lf_peer_create("hold", "192.0.2.2", ACTION_ROUTE, ACTION_NONE);
	lf_ike_t *ike = lf_ike_create(1, clear), *other = lf_ike_create(2, hold);

	/* dpdaction=clear: nothing (the closeaction does not count) */
	lf_add_child(ike, NULL, 0, CHILD_INSTALLED);
	alert(ike, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(!routed("site"));
	/* not for connecting or deleting IKE_SAs, CHILD_SAs not installed, or
	 * other alerts */
	lf_add_child(other, NULL, 0, CHILD_INSTALLED);
	other->state = IKE_CONNECTING;
	alert(other, ALERT_RETRANSMIT_SEND_TIMEOUT);
	other->state = IKE_DELETING;
	alert(other, ALERT_RETRANSMIT_SEND_TIMEOUT);
	other->state = IKE_ESTABLISHED;
	alert(other, ALERT_PEER_AUTH_FAILED);
	alert(NULL, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(!routed("hold"));
	lf_ike_destroy(other);
	other = lf_ike_create(3, hold);
	lf_add_child(other, NULL, 0, CHILD_CREATED);
	alert(other, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(!routed("hold"));
	/* shutting down: nothing starts */
	lf_ike_destroy(other);
	other = lf_ike_create(4, hold);
	lf_add_child(other, NULL, 0, CHILD_INSTALLED);
	controller->flush(controller);
	alert(other, ALERT_RETRANSMIT_SEND_TIMEOUT);
	ck_assert(!routed("hold"));
	lf_ike_destroy(ike);
	lf_ike_destroy(other);
	clear->destroy(clear);
	hold->destroy(hold);
}
END_TEST

/* --- closeaction -------------------------------------------------------------- */

START_TEST(test_close_ike)
{
	peer_cfg_t *hold = lf_peer_create("hold", "192.0.2.2", ACTION_NONE, ACTION_ROUTE);
	peer_cfg_t *restart = lf_peer_create("restart", "192.0.2.3", ACTION_ROUTE, ACTION_RESTART);
	lf_ike_t *ike = lf_ike_create(1, hold), *other = lf_ike_create(2, restart);
	lf_ike_t *fresh = lf_ike_create(3, restart);
	message_t *message = message_create();
	task_t *task;

	/* the peer's Delete for the IKE_SA, as the responder task sees it */
	message->set_exchange_type(message, INFORMATIONAL);
	message->set_request(message, true);
	message->add_payload(message, &delete_payload_create(PROTO_IKE)->payload);
	lf_add_child(ike, NULL, 0, CHILD_INSTALLED);
	task = ike_delete_create(&ike->public, false);
	ck_assert_int_eq(task->process(task, message), NEED_MORE);
	task->destroy(task);
	ck_assert_int_eq(ike->state, IKE_DELETING);
	ck_assert(routed("hold"));
	ck_assert(cap_logged("closeaction=hold for CHILD_SA hold{"));

	/* restart: a new IKE_SA once this one is gone */
	lf_add_child(other, NULL, 5, CHILD_INSTALLED);
	lf_manager.ike = fresh;
	dpd_actions_ike_closed(&other->public);
	ck_assert(lf_wait(&fresh->initiated, 1));
	ck_assert_str_eq(fresh->initiated_name, "restart");
	ck_assert(!routed("restart"));

	/* a rekeyed (or already deleting) IKE_SA the peer deletes: nothing */
	ike->state = IKE_REKEYED;
	controller->unroute(controller, "hold");
	task = ike_delete_create(&ike->public, false);
	ck_assert_int_eq(task->process(task, message), NEED_MORE);
	task->destroy(task);
	ck_assert(!routed("hold"));

	lf_manager.ike = NULL;
	message->destroy(message);
	lf_ike_destroy(ike);
	lf_ike_destroy(other);
	lf_ike_destroy(fresh);
	hold->destroy(hold);
	restart->destroy(restart);
}
END_TEST

START_TEST(test_close_child)
{
	peer_cfg_t *peer = lf_peer_create("site", "192.0.2.2", ACTION_NONE, ACTION_RESTART);
	peer_cfg_t *hold = lf_peer_create("hold", "192.0.2.2", ACTION_NONE, ACTION_ROUTE);
	peer_cfg_t *none = lf_peer_create("none", "192.0.2.2", ACTION_ROUTE, ACTION_NONE);
	lf_ike_t *ike = lf_ike_create(1, peer);
	child_sa_t *child;
	task_t *task;

	/* restart: negotiated again on the same IKE_SA */
	child = lf_add_child(ike, NULL, 9, CHILD_INSTALLED);
	dpd_actions_child_closed(&ike->public, child);
	ck_assert_int_eq(ike->queued->get_count(ike->queued), 1);
	ike->queued->get_first(ike->queued, (void **)&task);
	ck_assert_int_eq(task->get_type(task), TASK_CHILD_CREATE);
	ck_assert(cap_logged("closeaction=restart for CHILD_SA site{"));

	/* hold: the trap */
	child = lf_add_child(ike, lf_child_cfg(hold), 0, CHILD_INSTALLED);
	dpd_actions_child_closed(&ike->public, child);
	ck_assert(routed("hold"));
	/* none, and nothing while the IKE_SA itself goes */
	child = lf_add_child(ike, lf_child_cfg(none), 0, CHILD_INSTALLED);
	dpd_actions_child_closed(&ike->public, child);
	ck_assert(!routed("none"));
	ike->state = IKE_DELETING;
	child = lf_add_child(ike, NULL, 0, CHILD_INSTALLED);
	dpd_actions_child_closed(&ike->public, child);
	ck_assert_int_eq(ike->queued->get_count(ike->queued), 1);
	lf_settle();
	ck_assert_int_eq(lf_manager.checkouts, 0);
	lf_ike_destroy(ike);
	peer->destroy(peer);
	hold->destroy(hold);
	none->destroy(none);
}
END_TEST

START_TEST(test_actions_disabled)
{
	peer_cfg_t *peer = lf_peer_create("site", "192.0.2.2", ACTION_ROUTE, ACTION_ROUTE);
	lf_ike_t *ike = lf_ike_create(1, peer);
	child_sa_t *child = lf_add_child(ike, NULL, 0, CHILD_INSTALLED);

	/* without a controller (dpd_actions) nothing is applied */
	test_daemon.controller = NULL;
	controller->destroy(controller);
	controller = controller_create();
	controller->flush(controller);
	dpd_actions_ike_closed(&ike->public);
	dpd_actions_child_closed(&ike->public, child);
	ck_assert(!routed("site"));
	test_daemon.controller = controller;
	lf_ike_destroy(ike);
	peer->destroy(peer);
}
END_TEST

/* --- counters --------------------------------------------------------------- */

static void message(lf_ike_t *ike, exchange_type_t type, bool request, bool incoming)
{
	message_t *msg = message_create();

	msg->set_exchange_type(msg, type);
	msg->set_request(msg, request);
	charon->bus->set_sa(charon->bus, ike ? &ike->public : NULL);
	charon->bus->message(charon->bus, msg, incoming);
	charon->bus->set_sa(charon->bus, NULL);
	msg->destroy(msg);
}

static uint64_t value(const char *name, ike_counter_t counter)
{
	uint64_t values[IKE_CNT_MAX];

	ike_counters_get(name, values);
	return values[counter];
}

START_TEST(test_counters)
{
	peer_cfg_t *peer = lf_peer_create("site", "192.0.2.2", ACTION_NONE, ACTION_NONE);
	lf_ike_t *ike = lf_ike_create(1, peer), *anon = lf_ike_create(2, NULL);
	lf_ike_t *next = lf_ike_create(3, peer);
	uint64_t values[IKE_CNT_MAX];
	const char *name;
	enumerator_t *e;
	int names = 0;

	ck_assert_str_eq(ike_counter_name(IKE_CNT_IKE_REKEY_INIT), "ike-rekey-init");
	ck_assert_str_eq(ike_counter_name(IKE_CNT_INFO_OUT_RESP), "info-out-resp");
	ck_assert_str_eq(ike_counter_name(IKE_CNT_RETRANSMIT), "retransmits");
	ck_assert_ptr_null(ike_counter_name(IKE_CNT_MAX));
	ike_counters_reset(NULL);

	/* a responder before it knows its conn counts globally only */
	message(anon, IKE_SA_INIT, true, true);
	message(anon, IKE_SA_INIT, false, false);
	message(ike, IKE_AUTH, true, true);
	message(ike, IKE_AUTH, false, false);
	message(ike, CREATE_CHILD_SA, true, false);
	message(ike, CREATE_CHILD_SA, false, true);
	message(ike, INFORMATIONAL, true, true);
	message(ike, INFORMATIONAL, false, false);
	message(ike, INFORMATIONAL, false, false);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INIT_IN_REQ), 1);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INIT_OUT_RESP), 1);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INIT_OUT_REQ), 0);
	ck_assert_uint_eq(value("site", IKE_CNT_INIT_IN_REQ), 0);
	ck_assert_uint_eq(value("site", IKE_CNT_AUTH_IN_REQ), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_AUTH_OUT_RESP), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_CREATE_CHILD_OUT_REQ), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_CREATE_CHILD_IN_RESP), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_INFO_IN_REQ), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_INFO_OUT_RESP), 2);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INFO_OUT_RESP), 2);

	/* rekeyings: who initiated is the new IKE_SA's initiator */
	next->id.initiator = true;
	charon->bus->ike_rekey(charon->bus, &ike->public, &next->public);
	next->id.initiator = false;
	charon->bus->ike_rekey(charon->bus, &ike->public, &next->public);
	charon->bus->ike_rekey(charon->bus, &ike->public, &next->public);
	charon->bus->set_sa(charon->bus, &ike->public);
	charon->bus->child_rekey(charon->bus, NULL, NULL);
	charon->bus->set_sa(charon->bus, NULL);
	ck_assert_uint_eq(value("site", IKE_CNT_IKE_REKEY_INIT), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_IKE_REKEY_RESP), 2);
	ck_assert_uint_eq(value("site", IKE_CNT_CHILD_REKEY), 1);

	/* invalid messages, invalid SPIs (never per conn), retransmits */
	alert(ike, ALERT_PARSE_ERROR_BODY);
	alert(NULL, ALERT_PARSE_ERROR_HEADER);
	alert(ike, ALERT_INVALID_IKE_SPI);
	alert(ike, ALERT_RETRANSMIT_SEND);
	alert(ike, ALERT_RETRANSMIT_SEND);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INVALID), 2);
	ck_assert_uint_eq(value("site", IKE_CNT_INVALID), 1);
	ck_assert_uint_eq(value(NULL, IKE_CNT_INVALID_SPI), 1);
	ck_assert_uint_eq(value("site", IKE_CNT_INVALID_SPI), 0);
	ck_assert_uint_eq(value("site", IKE_CNT_RETRANSMIT), 2);

	e = ike_counters_create_name_enumerator();
	while (e->enumerate(e, &name)) {
		ck_assert_str_eq(name, "site");
		names++;
	}
	e->destroy(e);
	ck_assert_int_eq(names, 1);
	ck_assert(!ike_counters_get("other", values));
	ck_assert_uint_eq(values[IKE_CNT_AUTH_IN_REQ], 0);

	/* resetting a conn leaves the global ones, and the other way round */
	ike_counters_reset("site");
	ck_assert(ike_counters_get("site", values));
	ck_assert_uint_eq(values[IKE_CNT_AUTH_IN_REQ], 0);
	ck_assert_uint_eq(value(NULL, IKE_CNT_AUTH_IN_REQ), 1);
	message(ike, IKE_AUTH, true, true);
	ike_counters_reset(NULL);
	ck_assert_uint_eq(value(NULL, IKE_CNT_AUTH_IN_REQ), 0);
	ck_assert_uint_eq(value("site", IKE_CNT_AUTH_IN_REQ), 1);
	ike_counters_reset("unknown");

	/* stopped: nothing is counted */
	ike_counters_stop();
	message(ike, IKE_AUTH, true, true);
	ck_assert_uint_eq(value(NULL, IKE_CNT_AUTH_IN_REQ), 0);
	ck_assert(!ike_counters_get("site", values));
	ike_counters_start();
	ike_counters_start();
	message(ike, IKE_AUTH, true, true);
	ck_assert_uint_eq(value("site", IKE_CNT_AUTH_IN_REQ), 1);
	lf_ike_destroy(ike);
	lf_ike_destroy(anon);
	lf_ike_destroy(next);
	peer->destroy(peer);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("sa_actions");
	TCase *tc = tcase_create("sa_actions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_dpd_hold);
	tcase_add_test(tc, test_dpd_restart);
	tcase_add_test(tc, test_dpd_none);
	tcase_add_test(tc, test_close_ike);
	tcase_add_test(tc, test_close_child);
	tcase_add_test(tc, test_actions_disabled);
	tcase_add_test(tc, test_counters);
	suite_add_tcase(s, tc);
	return s;
}
