/*
 * ldap_fetch() without a real directory: URLs refused before any network
 * traffic, a refused connection, a server that never answers (the timeout
 * must bound the wait), and a tiny scripted LDAP server on 127.0.0.1 that
 * answers the bind and the search with hand-encoded BER, so the value
 * extraction and the request the fetcher sends are checked too.
 */
#define _GNU_SOURCE	/* memmem */
#include "test_runner.h"
#include "ldap_fetcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

/* what the scripted server does after the bind */
typedef enum {
	SERVE_ENTRY,	/* one entry holding the CRL value */
	SERVE_NOTHING,	/* no entry, success */
	SERVE_NO_SUCH,	/* noSuchObject */
	SERVE_SILENT,	/* accept, then never answer */
} serve_mode_t;

typedef struct server_t {
	int fd;
	int port;
	serve_mode_t mode;
	pthread_t thread;
	/* the search request as received, for assertions */
	unsigned char search[1024];
	size_t search_len;
} server_t;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* a TCP socket on 127.0.0.1 with a kernel-chosen port; listens if asked */
static int local_socket(bool do_listen, int *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (do_listen) {
		ck_assert_int_eq(listen(fd, 4), 0);
	}
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static bool read_full(int fd, unsigned char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, buf, len);
		if (n <= 0) {
			return false;
		}
		buf += n;
		len -= n;
	}
	return true;
}

/* one LDAPMessage: returns its message ID and protocolOp tag, or false */
static bool read_message(int fd, unsigned char *buf, size_t size, size_t *len,
			 int *id, int *op)
{
	unsigned char hdr[2], ext[4];
	size_t body, i, nlen;

	if (!read_full(fd, hdr, 2) || hdr[0] != 0x30) {
		return false;
	}
	body = hdr[1];
	if (hdr[1] & 0x80) {
		nlen = hdr[1] & 0x7f;
		if (nlen < 1 || nlen > sizeof(ext) || !read_full(fd, ext, nlen)) {
			return false;
		}
		for (body = 0, i = 0; i < nlen; i++) {
			body = body << 8 | ext[i];
		}
	}
	if (body > size || body < 3 || !read_full(fd, buf, body)) {
		return false;
	}
	/* messageID is INTEGER 02 len value, then the op */
	if (buf[0] != 0x02 || buf[1] < 1 || buf[1] > 4 || 2u + buf[1] >= body) {
		return false;
	}
	for (*id = 0, i = 0; i < buf[1]; i++) {
		*id = *id << 8 | buf[2 + i];
	}
	*op = buf[2 + buf[1]];
	*len = body;
	return true;
}

/* append a BER TLV (definite length, short or two-byte long form) */
static size_t tlv(unsigned char *out, unsigned char tag, const void *val,
		  size_t len)
{
	size_t hdr = 2;

	out[0] = tag;
	if (len < 128) {
		out[1] = len;
	} else {
		out[1] = 0x82;
		out[2] = len >> 8;
		out[3] = len & 0xff;
		hdr = 4;
	}
	memmove(out + hdr, val, len);
	return hdr + len;
}

static void send_message(int fd, int id, unsigned char op,
			 const unsigned char *body, size_t len)
{
	unsigned char inner[512], msg[600];
	size_t n;

	inner[0] = 0x02;
	inner[1] = 1;
	inner[2] = id;
	n = 3 + tlv(inner + 3, op, body, len);
	n = tlv(msg, 0x30, inner, n);
	ck_assert_int_eq(write(fd, msg, n), (ssize_t)n);
}

/* LDAPResult: resultCode, empty matchedDN, empty diagnosticMessage */
static void send_result(int fd, int id, unsigned char op, unsigned char code)
{
	unsigned char body[] = { 0x0a, 0x01, code, 0x04, 0x00, 0x04, 0x00 };

	send_message(fd, id, op, body, sizeof(body));
}

static const char crl_value[] = "\x30\x03\x02\x01\x00 fake DER CRL";

static void send_entry(int fd, int id)
{
	unsigned char val[64], set[64], attr[128], attrs[128], body[256];
	const char *name = "certificateRevocationList;binary";
	const char *dn = "cn=CA,dc=example,dc=org";
	size_t n, m;

	n = tlv(val, 0x04, crl_value, sizeof(crl_value) - 1);
	n = tlv(set, 0x31, val, n);
	m = tlv(attr, 0x04, name, strlen(name));
	memcpy(attr + m, set, n);
	n = tlv(attrs, 0x30, attr, m + n);
	n = tlv(attr, 0x30, attrs, n);
	m = tlv(body, 0x04, dn, strlen(dn));
	memcpy(body + m, attr, n);
	send_message(fd, id, 0x64, body, m + n);
}

static void *serve(void *arg)
{
	server_t *this = arg;
	unsigned char buf[1024];
	int conn, id, op;
	size_t len;

	conn = accept(this->fd, NULL, NULL);
	if (conn < 0) {
		return NULL;
	}
	while (read_message(conn, buf, sizeof(buf), &len, &id, &op)) {
		if (this->mode == SERVE_SILENT || op == 0x42) {
			break;	/* silence, or unbind */
		}
		if (op == 0x60) {
			send_result(conn, id, 0x61, 0);
		} else if (op == 0x63) {
			memcpy(this->search, buf, len);
			this->search_len = len;
			if (this->mode == SERVE_ENTRY) {
				send_entry(conn, id);
			}
			send_result(conn, id, 0x65,
				    this->mode == SERVE_NO_SUCH ? 32 : 0);
		}
	}
	if (this->mode == SERVE_SILENT) {
		/* hold the connection until the client gives up */
		while (read(conn, buf, sizeof(buf)) > 0) {
		}
	}
	close(conn);
	return NULL;
}

static void server_start(server_t *this, serve_mode_t mode)
{
	*this = (server_t){ .mode = mode };
	this->fd = local_socket(true, &this->port);
	ck_assert_int_eq(pthread_create(&this->thread, NULL, serve, this), 0);
}

static void server_stop(server_t *this)
{
	pthread_join(this->thread, NULL);
	close(this->fd);
}

static bool contains(const unsigned char *buf, size_t len, const void *what,
		     size_t wlen)
{
	return memmem(buf, len, what, wlen) != NULL;
}

START_TEST(test_not_ldap)
{
	chunk_t response = chunk_from_str("stale");

	ck_assert_int_eq(ldap_fetch(NULL, "http://192.0.2.1/ca.crl", NULL, &response),
			 NOT_SUPPORTED);
	ck_assert(chunk_is_empty(response));
	ck_assert_int_eq(ldap_fetch(NULL, "ldaps://192.0.2.1/cn=x", NULL, &response),
			 NOT_SUPPORTED);
	ck_assert_int_eq(ldap_fetch(NULL, "", NULL, &response), NOT_SUPPORTED);
}
END_TEST

START_TEST(test_post_rejected)
{
	fetcher_request_t req = { .body = chunk_from_str("ocsp request"),
				  .content_type = "application/ocsp-request" };
	chunk_t response;

	ck_assert_int_eq(ldap_fetch(NULL, "ldap://192.0.2.1/cn=x", &req, &response),
			 NOT_SUPPORTED);
	ck_assert(chunk_is_empty(response));
}
END_TEST

START_TEST(test_malformed)
{
	static const char *bad[] = {
		"ldap://[192.0.2.1/cn=x",		/* unclosed IPv6 bracket */
		"ldap://192.0.2.1/cn=x?a?nosuchscope",	/* bad scope */
		"ldap://192.0.2.1/cn=x?a?base?f?x?y",	/* too many fields */
		"ldap:///cn=x",				/* no host */
		"ldap://192.0.2.1/cn=x???" "?!critical=1",	/* critical extension */
		"ldap://192.0.2.1:99999/cn=x",		/* port out of range */
	};
	chunk_t response;
	double start;
	size_t i;

	for (i = 0; i < countof(bad); i++) {
		start = now();
		ck_assert_msg(ldap_fetch(NULL, bad[i], NULL, &response) == FAILED,
			      "accepted %s", bad[i]);
		ck_assert(chunk_is_empty(response));
		/* refused before any connection attempt to the TEST-NET host */
		ck_assert_msg(now() - start < 0.5, "%s took a network round", bad[i]);
	}
}
END_TEST

START_TEST(test_refused)
{
	fetcher_request_t req = { .timeout = 3 };
	char url[128];
	chunk_t response;
	double start;
	int fd, port;

	/* bound but not listening: the kernel answers with a reset */
	fd = local_socket(false, &port);
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/cn=CA,dc=example,dc=org", port);
	start = now();
	ck_assert_int_eq(ldap_fetch(NULL, url, &req, &response), FAILED);
	ck_assert(now() - start < 3.5);
	ck_assert(chunk_is_empty(response));
	close(fd);
}
END_TEST

START_TEST(test_timeout)
{
	fetcher_request_t req = { .timeout = 1 };
	server_t server;
	char url[128];
	chunk_t response;
	double start, took;

	server_start(&server, SERVE_SILENT);
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/cn=CA,dc=example,dc=org",
		 server.port);
	start = now();
	ck_assert_int_eq(ldap_fetch(NULL, url, &req, &response), FAILED);
	took = now() - start;
	ck_assert_msg(took >= 0.9 && took < 3.0, "took %.2f s", took);
	ck_assert(chunk_is_empty(response));
	server_stop(&server);
}
END_TEST

/* without a request timeout, %s.plugins.ldap.timeout bounds the wait */
START_TEST(test_timeout_setting)
{
	char conf[] = "/tmp/test_ldap_fetcher.XXXXXX";
	server_t server;
	char url[128];
	chunk_t response;
	double start, took;
	FILE *f;
	int fd;

	fd = mkstemp(conf);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("ldaptest {\n plugins {\n  ldap {\n   timeout = 1\n  }\n }\n}\n", f);
	fclose(f);
	ck_assert(library_init(conf, "ldaptest"));
	unlink(conf);

	server_start(&server, SERVE_SILENT);
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/cn=CA", server.port);
	start = now();
	ck_assert_int_eq(ldap_fetch(NULL, url, NULL, &response), FAILED);
	took = now() - start;
	ck_assert_msg(took >= 0.9 && took < 3.0, "took %.2f s", took);
	server_stop(&server);
	library_deinit();
}
END_TEST

START_TEST(test_fetch_default_attribute)
{
	const char *attr = "certificateRevocationList;binary";
	const char *dn = "cn=CA,dc=example,dc=org";
	server_t server;
	char url[128];
	chunk_t response;

	server_start(&server, SERVE_ENTRY);
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/cn=CA,dc=example,dc=org",
		 server.port);
	ck_assert_int_eq(ldap_fetch(NULL, url, NULL, &response), SUCCESS);
	ck_assert(chunk_equals(response, chunk_create((void *)crl_value,
						      sizeof(crl_value) - 1)));
	chunk_free(&response);
	server_stop(&server);

	/* base scope (0a 01 00), sizelimit 1 (02 01 01), the DN, the
	 * default attribute and filter (present, tag 0x87, objectClass) */
	ck_assert(contains(server.search, server.search_len, dn, strlen(dn)));
	ck_assert(contains(server.search, server.search_len, attr, strlen(attr)));
	ck_assert(contains(server.search, server.search_len,
			   "\x0a\x01\x00\x0a\x01\x00\x02\x01\x01", 9));
	ck_assert(contains(server.search, server.search_len,
			   "\x87\x0bobjectClass", 13));
}
END_TEST

START_TEST(test_fetch_url_fields)
{
	server_t server;
	char url[160];
	chunk_t response;

	server_start(&server, SERVE_ENTRY);
	/* percent-encoded DN, explicit attribute, one-level scope, filter */
	snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/o=Example%%20Org?"
		 "authorityRevocationList;binary?one?(cn=CA)", server.port);
	ck_assert_int_eq(ldap_fetch(NULL, url, NULL, &response), SUCCESS);
	chunk_free(&response);
	server_stop(&server);
	ck_assert(contains(server.search, server.search_len, "o=Example Org", 13));
	ck_assert(contains(server.search, server.search_len,
			   "authorityRevocationList;binary", 30));
	ck_assert(contains(server.search, server.search_len, "\x0a\x01\x01", 3));
	ck_assert(!contains(server.search, server.search_len,
			    "certificateRevocationList", 25));
}
END_TEST

START_TEST(test_no_entry)
{
	static const serve_mode_t modes[] = { SERVE_NOTHING, SERVE_NO_SUCH };
	server_t server;
	char url[128];
	chunk_t response;
	size_t i;

	for (i = 0; i < countof(modes); i++) {
		server_start(&server, modes[i]);
		snprintf(url, sizeof(url), "ldap://127.0.0.1:%d/cn=none", server.port);
		ck_assert_int_eq(ldap_fetch(NULL, url, NULL, &response), FAILED);
		ck_assert(chunk_is_empty(response));
		server_stop(&server);
	}
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("ldap_fetcher");
	TCase *tc = tcase_create("ldap_fetcher");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_not_ldap);
	tcase_add_test(tc, test_post_rejected);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_timeout_setting);
	tcase_add_test(tc, test_fetch_default_attribute);
	tcase_add_test(tc, test_fetch_url_fields);
	tcase_add_test(tc, test_no_entry);
	suite_add_tcase(s, tc);
	return s;
}
