/*
 * One blocking libcurl transfer per fetch: bounded by a timeout, following
 * redirects only within http/https, refusing bodies beyond a sane size.
 */
#include "curl_fetcher.h"
#include "settings/settings.h"

#include <curl/curl.h>

/* CRLs of big CAs reach a few MB; anything larger is suspicious */
#define MAX_RESPONSE (16 * 1024 * 1024)

static size_t append(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	chunk_t *buf = userdata;
	size_t len = size * nmemb;
	unsigned char *grown;

	if (buf->len + len > MAX_RESPONSE) {
		return 0;	/* makes curl fail the transfer */
	}
	grown = realloc(buf->ptr, buf->len + len + 1);
	if (!grown) {
		return 0;
	}
	memcpy(grown + buf->len, ptr, len);
	buf->ptr = grown;
	buf->len += len;
	return len;
}

status_t curl_fetch(void *data, const char *url,
		    const fetcher_request_t *request, chunk_t *response)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = NULL;
	chunk_t buf = chunk_empty;
	unsigned int timeout;
	long code = 0;
	char header[128];
	CURLcode res;
	CURL *curl;

	*response = chunk_empty;
	timeout = 10;
	if (request && request->timeout) {
		timeout = request->timeout;
	} else if (lib && lib->settings) {
		int conf = lib->settings->get_int(lib->settings,
						  "%s.plugins.curl.timeout", 10,
						  lib->ns ? lib->ns : "charon");
		timeout = conf > 0 ? (unsigned int)conf : 10;
	}
	curl = curl_easy_init();
	if (!curl) {
		return FAILED;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)timeout);
	curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS,
			 CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
	if (request && request->body.len) {
		snprintf(header, sizeof(header), "Content-Type: %s",
			 request->content_type ? request->content_type :
			 "application/octet-stream");
		headers = curl_slist_append(headers, header);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request->body.ptr);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)request->body.len);
	}
	res = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	if (res != CURLE_OK) {
		DBG1(DBG_LIB, "fetching '%s' failed: %s", url,
		     errbuf[0] ? errbuf : curl_easy_strerror(res));
		chunk_free(&buf);
		return FAILED;
	}
	DBG2(DBG_LIB, "fetched %zu bytes from '%s' (HTTP %ld)", buf.len, url, code);
	*response = buf;
	return SUCCESS;
}
