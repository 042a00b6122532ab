/*
 * starter.charon.pid: names the running starter (the `ipsec` front end
 * signals it) and, locked, keeps a second starter from running.
 */
#ifndef CYGNET_STARTER_PID_H
#define CYGNET_STARTER_PID_H

#include <sys/types.h>

#include "library.h"

/* "$IPSEC_PIDDIR/NAME" into @p buf. */
const char *starter_run_path(const char *name, char *buf, size_t len);

/*
 * Create and lock the pid file. Returns its descriptor (close-on-exec), or
 * -1 if another starter holds it (@p other then is its pid, if known) or
 * it cannot be created (logged).
 */
int starter_pid_lock(const char *path, pid_t *other);

/* Write the calling process's pid into the locked file. */
bool starter_pid_write(int fd);

/* Remove and unlock the pid file. */
void starter_pid_release(const char *path, int fd);

#endif
