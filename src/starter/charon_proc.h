/*
 * The charon child process: start it, notice that it died, stop it.
 */
#ifndef CYGNET_STARTER_CHARON_PROC_H
#define CYGNET_STARTER_CHARON_PROC_H

#include <sys/types.h>

#include "library.h"

typedef struct charon_proc_t charon_proc_t;

struct charon_proc_t {
	/* Fork and exec charon with stdin on /dev/null; false if it could not
	 * be started (logged). */
	bool (*start)(charon_proc_t *this);
	/* Pid of the running charon, 0 if none. */
	pid_t (*get_pid)(charon_proc_t *this);
	/* Reap charon if it has exited (never blocks). True if it did; @p how
	 * then says why ("exited with status 1", "killed by signal 9"). */
	bool (*reap)(charon_proc_t *this, char *how, size_t len);
	/* SIGTERM, up to @p timeout_ms for it to exit, then SIGKILL; reaped
	 * afterwards. */
	void (*stop)(charon_proc_t *this, int timeout_ms);
	void (*destroy)(charon_proc_t *this);
};

/* The charon binary at @p path. */
charon_proc_t *charon_proc_create(const char *path);

#endif
