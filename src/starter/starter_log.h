/*
 * Logging of starter: syslog (daemon facility, ident "ipsec_starter") and,
 * while starter runs in the foreground, stderr.
 */
#ifndef CYGNET_STARTER_LOG_H
#define CYGNET_STARTER_LOG_H

#include "library.h"

/* Register the loggers at @p level; with @p nolog none at all. */
void starter_log_init(bool to_stderr, bool nolog, level_t level);

/* Stop logging to stderr (once starter is a daemon). */
void starter_log_detach_stderr(void);

/* Unregister and free the loggers. */
void starter_log_deinit(void);

#endif
