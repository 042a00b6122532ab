/*
 * The libcurl fetch function the plugin registers (shared with tests).
 */
#ifndef CYGNET_CURL_FETCHER_H
#define CYGNET_CURL_FETCHER_H

#include "credentials/fetcher.h"

/** fetcher_fn_t over libcurl; @p data is unused. */
status_t curl_fetch(void *data, const char *url,
		    const fetcher_request_t *request, chunk_t *response);

#endif
