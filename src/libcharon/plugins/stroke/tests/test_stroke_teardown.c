/*
 * del_conn closes the deleted conn's traps and SAs and nothing else: the
 * real config code against fake SAs and a controller that records calls.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "test_runner.h"
#include "stroke_config.h"
#include "stroke_teardown.h"
#include "fake_sa.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "control/controller.h"
#include "config/backend_manager.h"

typedef struct {
	controller_t public;
	uint32_t ike_ids[8], child_ids[8];
	bool forced[8];
	int n_ike, n_child;
	char unrouted[4][64];
	int n_unroute;
	/* what the last terminate call got */
	bool had_cb;
	uint32_t timeout;
	/* unique id terminate_ike reports NOT_FOUND for (vanished meanwhile) */
	uint32_t vanished;
	status_t ike_result;
} fake_controller_t;

static fake_controller_t ctl;
static daemon_t fake_daemon;
static linked_list_t *sas;
static char *out_text, *err_text;

static status_t f_terminate_ike(controller_t *this, uint32_t id, bool force,
				controller_cb_t cb, void *param, level_t level, uint32_t timeout)
{
	if (id == ctl.vanished) {
		return NOT_FOUND;
	}
	ctl.forced[ctl.n_ike % 8] = force;
	ctl.ike_ids[ctl.n_ike++ % 8] = id;
	ctl.had_cb = cb != NULL;
	ctl.timeout = timeout;
	return ctl.ike_result;
}

static status_t f_terminate_child(controller_t *this, uint32_t id, controller_cb_t cb,
				  void *param, level_t level, uint32_t timeout)
{
	ctl.child_ids[ctl.n_child++ % 8] = id;
	return SUCCESS;
}

static status_t f_unroute(controller_t *this, const char *name)
{
	snprintf(ctl.unrouted[ctl.n_unroute++ % 4], sizeof(ctl.unrouted[0]), "%s", name);
	return SUCCESS;
}

static void setup(void)
{
	ctl = (fake_controller_t){
		.public = {
			.terminate_ike = f_terminate_ike,
			.terminate_child = f_terminate_child,
			.unroute = f_unroute,
		},
		.ike_result = SUCCESS,
	};
	sas = linked_list_create();
	fake_daemon = (daemon_t){
		.backends = backend_manager_create(),
		.ike_sa_manager = fake_manager_create(sas),
		.controller = &ctl.public,
	};
	charon = &fake_daemon;
}

static void teardown(void)
{
	charon = NULL;
	fake_daemon.backends->destroy(fake_daemon.backends);
	fake_daemon.ike_sa_manager->destroy(fake_daemon.ike_sa_manager);
	sas->destroy_offset(sas, DESTROY_OFFSET(ike_sa_t));
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
}

/* Run @p command (add_conn or del_conn) with NULL-terminated pairs. */
static int req(const char *command, ...)
{
	int (*fn)(stroke_msg_t *, FILE *, FILE *);
	stroke_msg_t *msg = stroke_msg_create(command);
	size_t out_len, err_len;
	const char *key;
	FILE *out, *err;
	va_list args;
	int status;

	fn = streq(command, "add_conn") ? stroke_config_add : stroke_config_del;
	free(out_text);
	free(err_text);
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	va_start(args, command);
	while ((key = va_arg(args, const char *))) {
		msg->add(msg, key, va_arg(args, const char *));
	}
	va_end(args);
	status = fn(msg, out, err);
	fclose(out);
	fclose(err);
	msg->destroy(msg);
	return status;
}

static void add_conn(const char *name)
{
	ck_assert_int_eq(req("add_conn", "name", name, "right", "192.0.2.2", NULL), 0);
}

/* gone[3] and gone[4] (with gone{11}), keep[5] with keep{12} and a
 * CHILD_SA gone{13} that lives in keep's IKE_SA. */
static void add_sas(void)
{
	fake_ike_t *ike;

	sas->insert_last(sas, fake_ike_create("gone", 3, IKE_ESTABLISHED, NULL, NULL));
	ike = fake_ike_create("gone", 4, IKE_CONNECTING, NULL, NULL);
	fake_ike_add_child(ike, fake_child_create("gone", 11, NULL, NULL));
	sas->insert_last(sas, ike);
	ike = fake_ike_create("keep", 5, IKE_ESTABLISHED, NULL, NULL);
	fake_ike_add_child(ike, fake_child_create("keep", 12, NULL, NULL));
	fake_ike_add_child(ike, fake_child_create("gone", 13, NULL, NULL));
	sas->insert_last(sas, ike);
}

START_TEST(test_closes_only_that_conn)
{
	add_conn("gone");
	add_conn("keep");
	add_sas();
	ck_assert_int_eq(req("del_conn", "name", "gone", NULL), 0);
	ck_assert_str_eq(out_text, "deleted configuration 'gone'\n"
			 "closing CHILD_SA gone{13}\n"
			 "closing IKE_SA gone[3]\n"
			 "closing IKE_SA gone[4]\n");
	ck_assert_int_eq(ctl.n_ike, 2);
	ck_assert_int_eq(ctl.ike_ids[0], 3);
	ck_assert_int_eq(ctl.ike_ids[1], 4);
	/* the peer hears of it: a delete exchange, not a silent drop */
	ck_assert(!ctl.forced[0] && !ctl.forced[1]);
	ck_assert(ctl.had_cb);
	ck_assert_int_eq(ctl.timeout, STROKE_TEARDOWN_WAIT_MS);
	/* gone{11} goes with its IKE_SA, keep{12} stays */
	ck_assert_int_eq(ctl.n_child, 1);
	ck_assert_int_eq(ctl.child_ids[0], 13);
	ck_assert_int_eq(ctl.n_unroute, 1);
	ck_assert_str_eq(ctl.unrouted[0], "gone");
	ck_assert_ptr_null(charon->backends->get_peer_cfg_by_name(charon->backends, "gone"));
}
END_TEST

START_TEST(test_async_does_not_wait)
{
	add_conn("gone");
	add_sas();
	ck_assert_int_eq(req("del_conn", "name", "gone", "async", "yes", NULL), 0);
	ck_assert_int_eq(ctl.n_ike, 2);
	ck_assert(!ctl.had_cb);
	ck_assert_int_eq(ctl.timeout, 0);
}
END_TEST

START_TEST(test_vanished_and_timeout)
{
	add_conn("gone");
	add_sas();
	/* gone[3] closed by the peer meanwhile, gone[4] slow to close */
	ctl.vanished = 3;
	ctl.ike_result = OUT_OF_RES;
	ck_assert_int_eq(req("del_conn", "name", "gone", NULL), 0);
	ck_assert_str_eq(out_text, "deleted configuration 'gone'\n"
			 "closing CHILD_SA gone{13}\n"
			 "closing IKE_SA gone[4]\n");
	ck_assert_int_eq(ctl.n_ike, 1);
}
END_TEST

START_TEST(test_no_sas_no_unroute)
{
	/* a controller without trap support, a conn without SAs */
	ctl.public.unroute = NULL;
	add_conn("gone");
	ck_assert_int_eq(req("del_conn", "name", "gone", NULL), 0);
	ck_assert_str_eq(out_text, "deleted configuration 'gone'\n");
	ck_assert_int_eq(ctl.n_ike + ctl.n_child, 0);
}
END_TEST

START_TEST(test_unknown_conn_closes_nothing)
{
	add_sas();
	ck_assert_int_eq(req("del_conn", "name", "gone", NULL), 1);
	ck_assert_str_eq(err_text, "no configuration named 'gone' found\n");
	ck_assert_int_eq(ctl.n_ike + ctl.n_child + ctl.n_unroute, 0);
}
END_TEST

START_TEST(test_without_controller)
{
	fake_daemon.controller = NULL;
	add_conn("gone");
	add_sas();
	ck_assert_int_eq(stroke_teardown_conn("gone", NULL, 100, stdout), 0);
	ck_assert_int_eq(req("del_conn", "name", "gone", NULL), 0);
	ck_assert_int_eq(ctl.n_ike, 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_teardown");
	TCase *tc = tcase_create("del_conn");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_closes_only_that_conn);
	tcase_add_test(tc, test_async_does_not_wait);
	tcase_add_test(tc, test_vanished_and_timeout);
	tcase_add_test(tc, test_no_sas_no_unroute);
	tcase_add_test(tc, test_unknown_conn_closes_nothing);
	tcase_add_test(tc, test_without_controller);
	suite_add_tcase(s, tc);
	return s;
}
