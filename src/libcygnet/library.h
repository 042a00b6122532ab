/**
 * @file library.h
 * The libcygnet core: common types and the process-wide library object.
 *
 * Every program links libcygnet and calls library_init() once. The `lib`
 * object holds what all other modules share: settings, the plugin loader,
 * the crypto factory, the processor (thread pool and job queue) and the
 * scheduler.
 */
#ifndef CYGNET_LIBRARY_H
#define CYGNET_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "utils/status.h"
#include "utils/chunk.h"
#include "bus/debug.h"

/** Number of elements of a static array. */
#define countof(a) (sizeof(a) / sizeof((a)[0]))

/** Pointer to the struct that embeds @p ptr as @p member. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/** Free *p if set and reset it, so double frees cannot happen. */
#define free_and_null(p) do { free(p); (p) = NULL; } while (0)

/** Call p->destroy(p) if p is set. */
#define DESTROY_IF(p) do { if (p) { (p)->destroy(p); } } while (0)

/** Case-sensitive string equality that accepts NULL on either side. */
static inline bool streq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/** Case-insensitive string equality that accepts NULL on either side. */
bool strcaseeq(const char *a, const char *b);

/** Seconds on the monotonic clock (timers, "established 5 seconds ago"). */
static inline time_t time_monotonic(time_t *out)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (out) {
		*out = ts.tv_sec;
	}
	return ts.tv_sec;
}

/** Allocate zeroed memory; aborts only if the system is out of memory. */
void *mem_zalloc(size_t size);

/** Duplicate a string, NULL stays NULL. */
char *str_dup(const char *s);

/** Overwrite memory so the compiler cannot elide it (for secrets). */
void memwipe(void *ptr, size_t len);

typedef struct settings_t settings_t;
typedef struct plugin_loader_t plugin_loader_t;
typedef struct crypto_factory_t crypto_factory_t;
typedef struct cred_factory_t cred_factory_t;
typedef struct processor_t processor_t;
typedef struct scheduler_t scheduler_t;

/** The process-wide library object. */
typedef struct library_t {
	/** Settings section the daemon reads, e.g. "charon". */
	const char *ns;
	/** Parsed cygnet.conf. */
	settings_t *settings;
	/** Loads plugins and resolves their features. */
	plugin_loader_t *plugins;
	/** Registered crypto constructors. */
	crypto_factory_t *crypto;
	/** Registered credential decoders (keys, certificates). */
	cred_factory_t *creds;
	/** Thread pool and job queue. */
	processor_t *processor;
	/** Timed jobs. */
	scheduler_t *scheduler;
} library_t;

/** The library instance, set by library_init(). */
extern library_t *lib;

/**
 * Initialise the library.
 *
 * A missing settings file gives empty settings. Calls may nest: a second
 * call only counts, and the matching library_deinit() does nothing.
 *
 * @param settings_file	cygnet.conf to load, NULL for the default
 *			(IPSEC_CONFDIR/cygnet.conf or the compiled-in path)
 * @param ns		settings namespace, e.g. "charon"
 * @return		false if the settings file could not be parsed; lib is
 *			still set up (with empty settings whose last_error()
 *			says why) and must be freed with library_deinit()
 */
bool library_init(const char *settings_file, const char *ns);

/** Free everything library_init() created. */
void library_deinit(void);

/** Directory holding ipsec.conf, ipsec.secrets, cygnet.conf, ipsec.d/. */
const char *library_confdir(void);

/** Directory holding pid files and the stroke socket. */
const char *library_piddir(void);

#endif
