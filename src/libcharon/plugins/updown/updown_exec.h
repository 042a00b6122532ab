/**
 * @file updown_exec.h
 * Running an updown script: `/bin/sh -c COMMAND` with a given environment,
 * its output logged, its exit status returned.
 */
#ifndef UPDOWN_EXEC_H
#define UPDOWN_EXEC_H

#include "library.h"

/**
 * Run @p command with /bin/sh, with exactly the environment @p envp
 * ("KEY=value", NULL-terminated), stdin from /dev/null, default signal
 * handling, and stdout and stderr logged line by line at DBG1 (DBG_CHD)
 * prefixed "updown: ". Returns once the shell exited; a process it left
 * in the background may keep the output open, it is not waited for.
 *
 * @return	exit status 0..255, 128 + signal if killed by one, -1 if the
 *		shell could not be started (logged)
 */
int updown_exec(const char *command, char *const envp[]);

#endif
