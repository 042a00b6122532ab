/*
 * Shared main() for the Check programs: each test file defines
 * `Suite *make_suite(void)` and includes this header once.
 */
#ifndef CYGNET_TEST_RUNNER_H
#define CYGNET_TEST_RUNNER_H

#include <check.h>
#include <stdlib.h>

Suite *make_suite(void);

int main(void)
{
	SRunner *runner = srunner_create(make_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
