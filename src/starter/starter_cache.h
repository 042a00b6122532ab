/*
 * $IPSEC_PIDDIR/starter.conf.cache: the config the running starter loaded,
 * flattened, so `--dry-run-update` can show what an update would change.
 */
#ifndef CYGNET_STARTER_CACHE_H
#define CYGNET_STARTER_CACHE_H

#include "conf.h"

/* Replace the cache with @p config; false on failure (logged). */
bool starter_cache_save(config_t *config);

/* Remove the cache (starter stops). */
void starter_cache_remove(void);

/* The cached config, NULL if there is none (errno set). */
config_t *starter_cache_load(void);

/* Path of the cache into @p buf. */
const char *starter_cache_path(char *buf, size_t len);

#endif
