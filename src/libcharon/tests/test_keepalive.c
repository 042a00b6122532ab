/*
 * NAT keepalive pacing (RFC 3948 §2.3): a keepalive is due once nothing
 * went out for the interval; otherwise the timer waits for the rest.
 */
#include "test_runner.h"
#include "sa/ike_sa_timers.h"

START_TEST(test_due_after_interval)
{
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(20, 20), 0);
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(21, 20), 0);
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(1000000, 1), 0);
}
END_TEST

START_TEST(test_waits_for_rest)
{
	/* something went out recently: only the remainder is waited for */
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(0, 20), 20);
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(5, 20), 15);
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(19, 20), 1);
}
END_TEST

START_TEST(test_clock_skew_and_disabled)
{
	/* a last-sent time in the future (clock set back) waits a full interval */
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(-3, 20), 20);
	/* keep_alive = 0: nothing to wait for, the caller does not re-arm */
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(0, 0), 0);
	ck_assert_uint_eq(ike_sa_timers_keepalive_wait(100, 0), 0);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("keepalive");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_due_after_interval);
	tcase_add_test(tc, test_waits_for_rest);
	tcase_add_test(tc, test_clock_skew_and_disabled);
	suite_add_tcase(s, tc);
	return s;
}
