/**
 * @file debug.h
 * Log subsystems, levels and the DBGn() macros every module logs through.
 *
 * Messages go to the logging bus (bus/log_bus.h), which hands them to the
 * loggers registered there (file, stderr, syslog, journal, …). A message
 * whose level is above every logger's level for its subsystem is dropped
 * before it is formatted.
 */
#ifndef CYGNET_DEBUG_H
#define CYGNET_DEBUG_H

#include <stdarg.h>
#include <stdbool.h>

/** Subsystems, with the short names cygnet.conf uses. */
typedef enum debug_t {
	DBG_DMN,	/**< "dmn": daemon start, stop, signals */
	DBG_MGR,	/**< "mgr": IKE_SA manager */
	DBG_IKE,	/**< "ike": IKE_SA and its exchanges */
	DBG_CHD,	/**< "chd": CHILD_SAs */
	DBG_JOB,	/**< "job": jobs and the thread pool */
	DBG_CFG,	/**< "cfg": configuration */
	DBG_KNL,	/**< "knl": kernel interfaces */
	DBG_NET,	/**< "net": sockets and packets */
	DBG_ASN,	/**< "asn": ASN.1 and encodings of credentials */
	DBG_ENC,	/**< "enc": IKE message encoding */
	DBG_LIB,	/**< "lib": libcygnet, plugins, crypto */
	DBG_ESP,	/**< "esp": userland ESP */
	DBG_TLS,	/**< "tls": TLS */
	DBG_APP,	/**< "app": front ends and tools */
	DBG_MAX,
} debug_t;

/**
 * Levels: -1 silent, 0 basic, 1 audit (default), 2 control flow,
 * 3 raw data, 4 private (may contain key material; never enabled by default).
 */
typedef int level_t;

#define LEVEL_SILENT	-1
#define LEVEL_BASIC	0
#define LEVEL_AUDIT	1
#define LEVEL_CTRL	2
#define LEVEL_RAW	3
#define LEVEL_PRIVATE	4

/** Short name of a subsystem ("ike"), or NULL. */
const char *debug_name(debug_t group);

/** Upper-case label of a subsystem as log lines show it ("IKE"), "???" if unknown. */
const char *debug_label(debug_t group);

/** Subsystem for a short name, DBG_MAX if unknown ("any" also gives DBG_MAX). */
debug_t debug_from_name(const char *name);

/** Hand a message to the bus. Use the DBGn() macros instead. */
void dbg_log(debug_t group, level_t level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** True if any logger wants @p group at @p level (cheap). */
bool dbg_wants(debug_t group, level_t level);

#define DBG0(group, fmt, ...) dbg_log(group, 0, fmt, ##__VA_ARGS__)
#define DBG1(group, fmt, ...) dbg_log(group, 1, fmt, ##__VA_ARGS__)
#define DBG2(group, fmt, ...) dbg_log(group, 2, fmt, ##__VA_ARGS__)
#define DBG3(group, fmt, ...) dbg_log(group, 3, fmt, ##__VA_ARGS__)
#define DBG4(group, fmt, ...) dbg_log(group, 4, fmt, ##__VA_ARGS__)

#endif
