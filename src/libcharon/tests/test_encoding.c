#include "test_runner.h"
Suite *make_suite(void)
{
	return suite_create("encoding");
}
