/*
 * A stand-in for charon's control socket in the front end's tests: it
 * answers each request as told and records what it received.
 */
#ifndef FAKE_CHARON_H
#define FAKE_CHARON_H

#include "library.h"

typedef struct fake_charon_t fake_charon_t;

struct fake_charon_t {
	/*
	 * Answer @p command with @p status, after the stdout line @p out and
	 * the stderr line @p err (either NULL for none). Unlisted commands get
	 * status 0 and no output.
	 */
	void (*expect)(fake_charon_t *this, const char *command, int status,
		       const char *out, const char *err);
	/* The requests so far, one line each: "command key=value …". */
	const char *(*get_log)(fake_charon_t *this);
	/* Number of requests so far. */
	int (*get_count)(fake_charon_t *this);
	void (*destroy)(fake_charon_t *this);
};

/* Listen on the unix socket @p path; NULL on failure. */
fake_charon_t *fake_charon_create(const char *path);

#endif
