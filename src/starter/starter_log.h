/*
 * Logging of starter: the loggers `starter.filelog` and `starter.syslog`
 * of cygnet.conf configure (charon's syntax), or if there are none, syslog
 * (daemon facility, ident "ipsec_starter"); and, while starter runs in the
 * foreground, stderr.
 */
#ifndef CYGNET_STARTER_LOG_H
#define CYGNET_STARTER_LOG_H

#include "library.h"

/* Register the loggers; @p level is that of stderr and of the default
 * syslog logger. With @p nolog none at all. */
void starter_log_init(bool to_stderr, bool nolog, level_t level);

/* Stop logging to stderr (once starter is a daemon). */
void starter_log_detach_stderr(void);

/* Unregister and free the loggers. */
void starter_log_deinit(void);

#endif
