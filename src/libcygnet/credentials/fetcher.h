/**
 * @file fetcher.h
 * Fetching revocation information (CRLs, OCSP responses) by URL.
 *
 * Plugins providing FEATURE_FETCHER for a URL scheme (e.g. "http://")
 * register a fetch function here in their feature callback; users call
 * fetcher_fetch(), which picks the function registered for the URL's scheme.
 */
#ifndef CYGNET_FETCHER_H
#define CYGNET_FETCHER_H

#include "library.h"

/** Optional request details; zero-initialise for a plain GET. */
typedef struct fetcher_request_t {
	/** request body to POST (empty: GET) */
	chunk_t body;
	/** its Content-Type, e.g. "application/ocsp-request" */
	const char *content_type;
	/** overall timeout in seconds (0: the fetcher's default) */
	unsigned int timeout;
} fetcher_request_t;

/**
 * A fetch function: GET (or POST @p request->body to) @p url and return
 * the response body in @p response (allocated; caller frees).
 *
 * @return	SUCCESS, or FAILED / NOT_SUPPORTED on error
 */
typedef status_t (*fetcher_fn_t)(void *data, const char *url,
				 const fetcher_request_t *request,
				 chunk_t *response);

/** Register @p fn for URLs starting with @p scheme (e.g. "http://"). */
void fetcher_register(const char *scheme, fetcher_fn_t fn, void *data);

/** Remove every registration of @p fn. */
void fetcher_unregister(fetcher_fn_t fn);

/**
 * Fetch @p url with the fetcher registered for its scheme.
 *
 * @param request	POST body/timeout, or NULL for a GET
 * @return		SUCCESS, NOT_SUPPORTED if no fetcher handles the
 *			scheme, FAILED otherwise
 */
status_t fetcher_fetch(const char *url, const fetcher_request_t *request,
		       chunk_t *response);

#endif
