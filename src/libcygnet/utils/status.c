/*
 * Names of the status codes, for log messages.
 */
#include <stdio.h>

#include "utils/status.h"

static const char *const names[] = {
	[SUCCESS] = "SUCCESS",
	[FAILED] = "FAILED",
	[OUT_OF_RES] = "OUT_OF_RES",
	[ALREADY_DONE] = "ALREADY_DONE",
	[NOT_SUPPORTED] = "NOT_SUPPORTED",
	[INVALID_ARG] = "INVALID_ARG",
	[NOT_FOUND] = "NOT_FOUND",
	[PARSE_ERROR] = "PARSE_ERROR",
	[VERIFY_ERROR] = "VERIFY_ERROR",
	[INVALID_STATE] = "INVALID_STATE",
	[DESTROY_ME] = "DESTROY_ME",
	[NEED_MORE] = "NEED_MORE",
};

const char *status_name(status_t status)
{
	static __thread char buf[24];

	if ((unsigned int)status < sizeof(names) / sizeof(names[0]) &&
	    names[status]) {
		return names[status];
	}
	snprintf(buf, sizeof(buf), "(%d)", (int)status);
	return buf;
}
