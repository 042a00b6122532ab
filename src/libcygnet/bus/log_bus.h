/**
 * @file log_bus.h
 * The logging bus: loggers register here and receive every message whose
 * level they want for its subsystem.
 */
#ifndef CYGNET_LOG_BUS_H
#define CYGNET_LOG_BUS_H

#include "library.h"

typedef struct logger_t logger_t;

struct logger_t {
	/** Receive one formatted message (no trailing newline). @p thread is a
	 *  small per-thread number, as strongSwan prints it ("06[IKE]"). */
	void (*log)(logger_t *this, debug_t group, level_t level, int thread,
		    const char *message);
	/** Highest level this logger wants for @p group (LEVEL_SILENT: none). */
	level_t (*get_level)(logger_t *this, debug_t group);
	void (*destroy)(logger_t *this);
};

/**
 * Register a logger; the bus does not own it. Loggers may be called from
 * several threads at once and must serialise their own output.
 */
void log_bus_add_logger(logger_t *logger);

/** Unregister a logger. Once this returns no thread is inside it any more,
 *  so it may be destroyed. */
void log_bus_remove_logger(logger_t *logger);

/** Recompute the cached per-subsystem maximum after a logger's levels changed. */
void log_bus_levels_changed(void);

/** Small number of the calling thread (0 for the main thread). */
int log_bus_thread_id(void);

/**
 * Until any logger is registered, messages of level ≤ @p level go to stderr
 * (so errors during start-up are never lost). Default 1; LEVEL_SILENT mutes.
 */
void log_bus_set_fallback_level(level_t level);

/**
 * Loggers that write to a file, stdout or stderr, one line per line of a
 * message: "[TIME ]NN[GRP] text". Every subsystem starts at level 1.
 * @param path		file path, or "stdout"/"stderr"
 * @param time_format	strftime format prefixed to each line, NULL for none
 * @param append	append to an existing file instead of truncating
 * @param flush_line	flush after each line
 */
logger_t *file_logger_create(const char *path, const char *time_format,
			     bool append, bool flush_line);

/** Set the level of @p group (DBG_MAX: every subsystem) on a file logger. */
void file_logger_set_level(logger_t *logger, debug_t group, level_t level);

/**
 * A logger that writes to syslog(3) with @p facility and identity @p ident
 * (NULL: keep the program name), each line as "NN[GRP] text". Levels ≤ 1
 * are LOG_INFO, higher ones LOG_DEBUG. Every subsystem starts at level 1.
 */
logger_t *sys_logger_create(int facility, const char *ident);

/** Set the level of @p group (DBG_MAX: every subsystem) on a syslog logger. */
void sys_logger_set_level(logger_t *logger, debug_t group, level_t level);

/**
 * Create and register the loggers configured in `NS.filelog` and `NS.syslog`
 * of lib->settings (strongswan.conf semantics: `filelog { NAME { path =,
 * default =, <subsys> =, time_format =, append =, flush_line = } }`, a NAME
 * without `path` is itself the path; `stderr`/`stdout` are special;
 * `syslog { identifier =, daemon|auth|authpriv|local0..7 { default =,
 * <subsys> = } }`). Levels: `default` (1 if unset), then `any`, then each
 * subsystem; `default` and `any` are capped at 3, so private data (4) is
 * only logged for subsystems named explicitly. `append` defaults to yes.
 * Unknown keys and facilities are reported and skipped. The new loggers are
 * registered before the previous ones are removed, so no message is lost.
 * Returns the number of loggers set up; with 0 the caller picks defaults.
 */
int log_bus_configure(const char *ns);

/** Unregister and free the loggers log_bus_configure() made. */
void log_bus_deconfigure(void);

#endif
