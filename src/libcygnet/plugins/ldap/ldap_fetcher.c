/*
 * One blocking LDAP search per fetch (RFC 4516 URLs): anonymous LDAPv3
 * bind to the URL's host only, base search with sizelimit 1, the first
 * value of the first attribute returned. Connect, bind and search are all
 * bounded by the timeout, so an unresponsive directory cannot stall the
 * IKE_AUTH that asked for a CRL.
 */
#include "ldap_fetcher.h"
#include "settings/settings.h"

#include <ldap.h>
#include <stdio.h>
#include <strings.h>

/* RFC 4523: CRLs are stored DER-encoded under the ;binary option */
#define DEFAULT_ATTR "certificateRevocationList;binary"
#define DEFAULT_FILTER "(objectClass=*)"
#define DEFAULT_TIMEOUT 10
#define DEFAULT_PORT 389

/* CRLs of big CAs reach a few MB; anything larger is suspicious */
#define MAX_RESPONSE (16 * 1024 * 1024)

static unsigned int get_timeout(const fetcher_request_t *request)
{
	int conf;

	if (request && request->timeout) {
		return request->timeout;
	}
	if (!lib || !lib->settings) {
		return DEFAULT_TIMEOUT;
	}
	conf = lib->settings->get_int(lib->settings, "%s.plugins.ldap.timeout",
				      DEFAULT_TIMEOUT, lib->ns ? lib->ns : "charon");
	return conf > 0 ? (unsigned int)conf : DEFAULT_TIMEOUT;
}

/* Parse @p url and refuse what we cannot honour; NULL after logging why. */
static LDAPURLDesc *parse_url(const char *url)
{
	LDAPURLDesc *lud = NULL;
	int rc;

	rc = ldap_url_parse(url, &lud);
	if (rc != LDAP_URL_SUCCESS) {
		DBG1(DBG_LIB, "invalid LDAP URL '%s' (ldap_url_parse error %d)",
		     url, rc);
		return NULL;
	}
	if (!lud->lud_host || !lud->lud_host[0]) {
		/* libldap would fall back to ldap.conf's server: be explicit */
		DBG1(DBG_LIB, "LDAP URL '%s' names no host", url);
	} else if (lud->lud_port < 0 || lud->lud_port > 65535) {
		DBG1(DBG_LIB, "LDAP URL '%s' has an invalid port", url);
	} else if (lud->lud_crit_exts) {
		/* RFC 4516 2.1: unsupported critical extensions fail the URL */
		DBG1(DBG_LIB, "LDAP URL '%s' has critical extensions", url);
	} else {
		return lud;
	}
	ldap_free_urldesc(lud);
	return NULL;
}

/* The server part only: scheme://host:port, IPv6 literals bracketed. */
static bool server_uri(const LDAPURLDesc *lud, char *buf, size_t len)
{
	int port = lud->lud_port ? lud->lud_port : DEFAULT_PORT;
	int n;

	if (strchr(lud->lud_host, ':')) {
		n = snprintf(buf, len, "ldap://[%s]:%d", lud->lud_host, port);
	} else {
		n = snprintf(buf, len, "ldap://%s:%d", lud->lud_host, port);
	}
	return n > 0 && (size_t)n < len;
}

/* Connect lazily (libldap does so on the bind) with bounded waits. */
static LDAP *connect_server(const char *url, const char *uri,
			    unsigned int timeout)
{
	struct timeval tv = { .tv_sec = timeout };
	struct berval cred = { 0 };
	int version = LDAP_VERSION3;
	LDAP *ld = NULL;
	int rc;

	rc = ldap_initialize(&ld, uri);
	if (rc != LDAP_SUCCESS) {
		DBG1(DBG_LIB, "fetching '%s' failed: ldap_initialize: %s", url,
		     ldap_err2string(rc));
		return NULL;
	}
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF)) {
		DBG1(DBG_LIB, "fetching '%s' failed: cannot set LDAP options", url);
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NULL;
	}
	/* an anonymous simple bind: empty DN, empty password */
	rc = ldap_sasl_bind_s(ld, NULL, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
	if (rc != LDAP_SUCCESS) {
		DBG1(DBG_LIB, "fetching '%s' failed: bind to %s: %s", url, uri,
		     ldap_err2string(rc));
		ldap_unbind_ext_s(ld, NULL, NULL);
		return NULL;
	}
	return ld;
}

/* The first value of the first attribute of the first entry in @p res. */
static status_t first_value(LDAP *ld, LDAPMessage *res, const char *url,
			    chunk_t *response)
{
	struct berval **values = NULL;
	BerElement *ber = NULL;
	LDAPMessage *entry;
	status_t status = FAILED;
	char *attr = NULL;

	entry = ldap_first_entry(ld, res);
	if (!entry) {
		DBG1(DBG_LIB, "fetching '%s' failed: no such entry", url);
		return FAILED;
	}
	attr = ldap_first_attribute(ld, entry, &ber);
	if (attr) {
		values = ldap_get_values_len(ld, entry, attr);
	}
	if (!values || !values[0]) {
		DBG1(DBG_LIB, "fetching '%s' failed: entry has no value", url);
	} else if (values[0]->bv_len > MAX_RESPONSE) {
		DBG1(DBG_LIB, "fetching '%s' failed: %lu bytes is too large",
		     url, (unsigned long)values[0]->bv_len);
	} else {
		*response = chunk_clone(chunk_create(values[0]->bv_val,
						     values[0]->bv_len));
		DBG2(DBG_LIB, "fetched %zu bytes of '%s' from '%s'",
		     response->len, attr, url);
		status = SUCCESS;
	}
	if (values) {
		ldap_value_free_len(values);
	}
	if (attr) {
		ldap_memfree(attr);
	}
	if (ber) {
		ber_free(ber, 0);
	}
	return status;
}

status_t ldap_fetch(void *data, const char *url,
		    const fetcher_request_t *request, chunk_t *response)
{
	char *default_attrs[] = { DEFAULT_ATTR, NULL };
	LDAPMessage *res = NULL;
	unsigned int timeout;
	struct timeval tv;
	status_t status;
	LDAPURLDesc *lud;
	char uri[300];
	LDAP *ld;
	int scope, rc;

	*response = chunk_empty;
	if (!url || strncasecmp(url, "ldap://", strlen("ldap://")) != 0) {
		DBG1(DBG_LIB, "'%s' is not an ldap:// URL", url ? url : "");
		return NOT_SUPPORTED;
	}
	if (request && request->body.len) {
		DBG1(DBG_LIB, "cannot POST to '%s': LDAP only searches", url);
		return NOT_SUPPORTED;
	}
	lud = parse_url(url);
	if (!lud) {
		return FAILED;
	}
	if (!server_uri(lud, uri, sizeof(uri))) {
		DBG1(DBG_LIB, "LDAP URL '%s' has an overlong host", url);
		ldap_free_urldesc(lud);
		return FAILED;
	}
	timeout = get_timeout(request);
	ld = connect_server(url, uri, timeout);
	if (!ld) {
		ldap_free_urldesc(lud);
		return FAILED;
	}
	scope = lud->lud_scope == LDAP_SCOPE_DEFAULT ? LDAP_SCOPE_BASE
						     : lud->lud_scope;
	tv = (struct timeval){ .tv_sec = timeout };
	rc = ldap_search_ext_s(ld, lud->lud_dn ? lud->lud_dn : "", scope,
			       lud->lud_filter ? lud->lud_filter : DEFAULT_FILTER,
			       lud->lud_attrs ? lud->lud_attrs : default_attrs,
			       0, NULL, NULL, &tv, 1, &res);
	/* sizelimit 1: "exceeded" still delivered the one entry we want */
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		DBG1(DBG_LIB, "fetching '%s' failed: search: %s", url,
		     ldap_err2string(rc));
		status = FAILED;
	} else {
		status = first_value(ld, res, url, response);
	}
	if (res) {
		ldap_msgfree(res);
	}
	ldap_unbind_ext_s(ld, NULL, NULL);
	ldap_free_urldesc(lud);
	return status;
}
