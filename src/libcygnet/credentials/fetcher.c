/*
 * The fetcher registry: a short list of (scheme, function) pairs, guarded
 * by a mutex since plugins register while other threads may fetch.
 */
#include "credentials/fetcher.h"

#include <pthread.h>
#include <stdio.h>
#include <strings.h>

#define MAX_FETCHERS 8

typedef struct fetcher_entry_t {
	char scheme[16];
	fetcher_fn_t fn;
	void *data;
} fetcher_entry_t;

static pthread_mutex_t fetchers_lock = PTHREAD_MUTEX_INITIALIZER;
static fetcher_entry_t fetchers[MAX_FETCHERS];

void fetcher_register(const char *scheme, fetcher_fn_t fn, void *data)
{
	int i;

	pthread_mutex_lock(&fetchers_lock);
	for (i = 0; i < MAX_FETCHERS; i++) {
		if (!fetchers[i].fn) {
			snprintf(fetchers[i].scheme, sizeof(fetchers[i].scheme),
				 "%s", scheme);
			fetchers[i].fn = fn;
			fetchers[i].data = data;
			break;
		}
	}
	pthread_mutex_unlock(&fetchers_lock);
	if (i == MAX_FETCHERS) {
		DBG1(DBG_LIB, "too many fetchers, '%s' not registered", scheme);
	}
}

void fetcher_unregister(fetcher_fn_t fn)
{
	int i;

	pthread_mutex_lock(&fetchers_lock);
	for (i = 0; i < MAX_FETCHERS; i++) {
		if (fetchers[i].fn == fn) {
			memset(&fetchers[i], 0, sizeof(fetchers[i]));
		}
	}
	pthread_mutex_unlock(&fetchers_lock);
}

status_t fetcher_fetch(const char *url, const fetcher_request_t *request,
		       chunk_t *response)
{
	fetcher_fn_t fn = NULL;
	void *data = NULL;
	int i;

	*response = chunk_empty;
	pthread_mutex_lock(&fetchers_lock);
	for (i = 0; i < MAX_FETCHERS; i++) {
		if (fetchers[i].fn && strncasecmp(url, fetchers[i].scheme,
					strlen(fetchers[i].scheme)) == 0) {
			fn = fetchers[i].fn;
			data = fetchers[i].data;
			break;
		}
	}
	pthread_mutex_unlock(&fetchers_lock);
	if (!fn) {
		DBG1(DBG_LIB, "no fetcher for '%s'", url);
		return NOT_SUPPORTED;
	}
	return fn(data, url, request, response);
}
