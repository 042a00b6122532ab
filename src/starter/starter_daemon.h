/*
 * The running starter: daemonises, starts and supervises charon, loads the
 * config into it and applies changes on SIGHUP and SIGUSR1.
 */
#ifndef CYGNET_STARTER_DAEMON_H
#define CYGNET_STARTER_DAEMON_H

#include "conf.h"

typedef struct starter_opts_t {
	/* ipsec.conf to (re)read */
	const char *conf;
	/* the charon binary */
	const char *charon;
	/* stay in the foreground */
	bool nofork;
	/* seconds charon may take to answer its first ping */
	int ready_timeout;
} starter_opts_t;

/*
 * Signals starter handles; block them in every thread before any thread
 * is created (starter_daemon_run() waits for them synchronously).
 */
void starter_daemon_block_signals(void);

/*
 * Run until SIGTERM or SIGINT with @p config (parsed without errors; it is
 * owned by the daemon from here on). @p pid_fd is the locked pid file.
 * Returns the exit status; in the parent of a daemonising starter, once
 * the daemon has loaded its config (or tried to).
 */
int starter_daemon_run(config_t *config, int pid_fd,
		       const starter_opts_t *opts);

#endif
