/*
 * The cache is written to a temporary name and renamed over the old one,
 * so a reader never sees half a file.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "starter_cache.h"
#include "starter_pid.h"

#define CACHE_NAME "starter.conf.cache"

const char *starter_cache_path(char *buf, size_t len)
{
	return starter_run_path(CACHE_NAME, buf, len);
}

bool starter_cache_save(config_t *config)
{
	char path[512], tmp[520];
	FILE *out;
	bool ok;

	starter_cache_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = fopen(tmp, "we");
	if (!out) {
		DBG1(DBG_DMN, "cannot write %s: %s", tmp, strerror(errno));
		return false;
	}
	ok = config_write(config, out);
	ok = fclose(out) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		DBG1(DBG_DMN, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return false;
	}
	return true;
}

void starter_cache_remove(void)
{
	char path[512];

	unlink(starter_cache_path(path, sizeof(path)));
}

config_t *starter_cache_load(void)
{
	char path[512];

	starter_cache_path(path, sizeof(path));
	if (access(path, R_OK) != 0) {
		return NULL;
	}
	return config_parse_file(path);
}
