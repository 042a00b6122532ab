/*
 * The restart policy of starter with made-up times: immediate after a
 * stable run, doubling while charon keeps dying, throttled in a loop.
 */
#include "test_runner.h"
#include "starter_backoff.h"

static starter_backoff_t *b;

static void setup(void)
{
	b = starter_backoff_create();
}

static void teardown(void)
{
	b->destroy(b);
}

/* charon started at @p start (a restart unless first) dies at @p death. */
static int64_t run_and_die(int64_t start, int64_t death, bool restart, bool *throttled)
{
	b->started(b, start, restart);
	return b->died(b, death, throttled);
}

START_TEST(test_first_death_is_immediate)
{
	bool throttled;

	ck_assert_int_eq(run_and_die(0, 5000, false, &throttled), 0);
	ck_assert(!throttled);
}
END_TEST

START_TEST(test_doubling)
{
	static const int64_t expected[] = { 0, 1000, 2000, 4000, 8000 };
	int64_t t = 0, delay;
	bool throttled;

	for (size_t i = 0; i < countof(expected); i++) {
		/* each dies 100 ms after it was started */
		delay = run_and_die(t, t + 100, i > 0, &throttled);
		ck_assert_int_eq(delay, expected[i]);
		ck_assert(!throttled);
		t += 100 + delay;
	}
}
END_TEST

START_TEST(test_cap)
{
	int64_t t = 0, delay = 0;
	bool throttled;

	/* restarts far enough apart for the throttle, too close for stable */
	for (int i = 0; i < 12; i++) {
		delay = run_and_die(t, t + 20000, i > 0, &throttled);
		ck_assert(delay <= STARTER_RESTART_MAX_MS);
		t += 20000 + delay;
	}
	ck_assert_int_eq(delay, STARTER_RESTART_MAX_MS);
}
END_TEST

START_TEST(test_stable_run_resets)
{
	int64_t delay;
	bool throttled;

	run_and_die(0, 100, false, &throttled);
	delay = run_and_die(100, 200, true, &throttled);
	ck_assert_int_eq(delay, 1000);
	/* this one ran for a minute: back to immediate */
	delay = run_and_die(1200, 1200 + STARTER_STABLE_MS, true, &throttled);
	ck_assert_int_eq(delay, 0);
	ck_assert(!throttled);
}
END_TEST

START_TEST(test_throttle)
{
	int64_t t = 0, delay;
	bool throttled = false;
	int i;

	delay = run_and_die(t, t + 10, false, &throttled);
	/* five restarts within the window, each one dying a second later */
	for (i = 0; i < STARTER_THROTTLE_COUNT; i++) {
		t += 10 + delay;
		delay = run_and_die(t, t + 10, true, &throttled);
		if (throttled) {
			break;
		}
	}
	ck_assert(throttled);
	ck_assert_int_eq(i, STARTER_THROTTLE_COUNT - 1);
	ck_assert_int_eq(delay, STARTER_THROTTLE_WAIT_MS);
	/* once the window has passed the throttle lets go; the back-off does
	 * not, charon never ran for long */
	t += 10 + delay + STARTER_THROTTLE_WINDOW_MS;
	delay = run_and_die(t, t + 10, true, &throttled);
	ck_assert(!throttled);
	ck_assert_int_eq(delay, STARTER_RESTART_MAX_MS);
}
END_TEST

START_TEST(test_first_start_not_counted)
{
	bool throttled;
	int i;

	/* the first start plus four restarts: not yet a loop */
	run_and_die(0, 1, false, &throttled);
	for (i = 0; i < STARTER_THROTTLE_COUNT - 1; i++) {
		run_and_die(2 + i, 3 + i, true, &throttled);
	}
	ck_assert(!throttled);
}
END_TEST

Suite *make_suite(void)
{
	Suite *suite = suite_create("starter back-off");
	TCase *tc = tcase_create("restart");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first_death_is_immediate);
	tcase_add_test(tc, test_doubling);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_stable_run_resets);
	tcase_add_test(tc, test_throttle);
	tcase_add_test(tc, test_first_start_not_counted);
	suite_add_tcase(suite, tc);
	return suite;
}
