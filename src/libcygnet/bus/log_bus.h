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

/** Register a logger; the bus does not own it. */
void log_bus_add_logger(logger_t *logger);

/** Unregister a logger. */
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
 * Loggers that write to a file, stdout or stderr.
 * @param path		file path, or "stdout"/"stderr"
 * @param time_format	strftime format prefixed to each line, NULL for none
 * @param append	append to an existing file instead of truncating
 * @param flush_line	flush after each line
 */
logger_t *file_logger_create(const char *path, const char *time_format,
			     bool append, bool flush_line);

/** Set the level of @p group (DBG_MAX: every subsystem) on a file logger. */
void file_logger_set_level(logger_t *logger, debug_t group, level_t level);

/** A logger that writes to syslog(3) with @p facility and identity @p ident. */
logger_t *sys_logger_create(int facility, const char *ident);

/** Set the level of @p group (DBG_MAX: all) on a syslog logger. */
void sys_logger_set_level(logger_t *logger, debug_t group, level_t level);

/**
 * Create and register the loggers configured in `NS.filelog` and `NS.syslog`
 * of lib->settings (strongswan.conf semantics: `filelog { NAME { path =,
 * default =, <subsys> =, time_format =, append =, flush_line = } }`, a NAME
 * without `path` is itself the path; `stderr`/`stdout` are special;
 * `syslog { daemon|auth|… { default =, <subsys> = } }`). Previously
 * configured loggers are replaced. Returns the number of loggers set up.
 */
int log_bus_configure(const char *ns);

/** Unregister and free the loggers log_bus_configure() made. */
void log_bus_deconfigure(void);

#endif
