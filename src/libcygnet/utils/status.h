/**
 * @file status.h
 * Return codes shared by all modules.
 */
#ifndef CYGNET_STATUS_H
#define CYGNET_STATUS_H

typedef enum status_t {
	SUCCESS = 0,
	FAILED,
	OUT_OF_RES,
	ALREADY_DONE,
	NOT_SUPPORTED,
	INVALID_ARG,
	NOT_FOUND,
	PARSE_ERROR,
	VERIFY_ERROR,
	INVALID_STATE,
	DESTROY_ME,
	NEED_MORE,
} status_t;

/** Name of a status code, for logs. */
const char *status_name(status_t status);

#endif
