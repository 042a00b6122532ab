/*
 * The LDAP fetch function the plugin registers (shared with tests).
 */
#ifndef CYGNET_LDAP_FETCHER_H
#define CYGNET_LDAP_FETCHER_H

#include "credentials/fetcher.h"

/** fetcher_fn_t over libldap for ldap:// URLs (RFC 4516); @p data is unused. */
status_t ldap_fetch(void *data, const char *url,
		    const fetcher_request_t *request, chunk_t *response);

#endif
