/*
 * ipsec.secrets: formats, includes, errors with FILE:LINE, all-or-nothing
 * loading, and that errors never quote secrets.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_runner.h"
#include "stroke_secrets.h"

#include "bus/log_bus.h"

static char dir[] = "/tmp/test_secrets.XXXXXX";
static credential_manager_t *creds;

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	creds = credential_manager_create();
}

static void teardown(void)
{
	char cmd[128];

	creds->destroy(creds);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_secrets.XXXXXX");
}

static char *write_file(const char *name, const char *content)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
	return path;
}

/* The PSK for @p me / @p other as a string ("" if none). */
static char *psk(shared_key_type_t type, const char *me, const char *other)
{
	static char buf[256];
	identification_t *a = me ? identification_create_from_string(me) : NULL;
	identification_t *b = other ? identification_create_from_string(other) : NULL;
	shared_key_t *key = creds->get_shared(creds, type, a, b);
	chunk_t k;

	buf[0] = '\0';
	if (key) {
		k = key->get_key(key);
		snprintf(buf, sizeof(buf), "%.*s", (int)k.len, (char *)k.ptr);
		key->destroy(key);
	}
	DESTROY_IF(a);
	DESTROY_IF(b);
	return buf;
}

static int load(const char *content, char **error)
{
	return stroke_secrets_load(creds, write_file("ipsec.secrets", content), error);
}

START_TEST(test_formats)
{
	char *error = NULL;

	ck_assert_int_eq(load(
		"# comment\n"
		"\n"
		"192.0.2.1 192.0.2.2 : PSK \"dq secret # not a comment\"\n"
		"@a.example @b.example : PSK 'single'   # trailing comment\n"
		"carol@example.org : EAP \"eap pass\"\n"
		"10.0.0.1 : psk 0x6865782d6b6579\n"
		"10.0.0.2 : PSK 0sYmFzZTY0LWtleQ==\n"
		"10.0.0.3 : PSK bareword\n"
		"\"C=CH, O=Org, CN=x\" : PSK \"dn-key\"\n"
		"10.0.0.4\n"
		"   10.0.0.5 :\n"
		"\tPSK \"continued\"\n"
		": PSK \"any-key\"\n"
		"%any 10.0.0.9 : PSK \"with-any\"\n"
		": RSA host.pem\n"
		"\r\n", &error), 10);
	ck_assert_ptr_null(error);
	ck_assert_int_eq(creds->count_shared(creds), 10);
	ck_assert_str_eq(psk(SHARED_IKE, "192.0.2.1", "192.0.2.2"), "dq secret # not a comment");
	ck_assert_str_eq(psk(SHARED_IKE, "a.example", "b.example"), "single");
	ck_assert_str_eq(psk(SHARED_EAP, "carol@example.org", NULL), "eap pass");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.1", "192.0.2.77"), "hex-key");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.2", "192.0.2.77"), "base64-key");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.3", "192.0.2.77"), "bareword");
	ck_assert_str_eq(psk(SHARED_IKE, "C=CH, O=Org, CN=x", "192.0.2.77"), "dn-key");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.4", "10.0.0.5"), "continued");
	ck_assert_str_eq(psk(SHARED_IKE, "198.51.100.7", "198.51.100.8"), "any-key");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.9", "198.51.100.8"), "with-any");
}
END_TEST

START_TEST(test_reload_replaces)
{
	ck_assert_int_eq(load(": PSK \"first\"\n", NULL), 1);
	ck_assert_str_eq(psk(SHARED_IKE, NULL, NULL), "first");
	ck_assert_int_eq(load(": PSK \"second\"\n10.0.0.1 : PSK \"x\"\n", NULL), 2);
	ck_assert_int_eq(creds->count_shared(creds), 2);
	ck_assert_str_eq(psk(SHARED_IKE, "192.0.2.9", NULL), "second");
	ck_assert_int_eq(load("# nothing\n", NULL), 0);
	ck_assert_int_eq(creds->count_shared(creds), 0);
}
END_TEST

/* Each broken file: its error, and the old key stays. */
START_TEST(test_errors)
{
	static const struct {
		const char *content;
		const char *error;
	} cases[] = {
		{ "10.0.0.1 PSK \"topsecret\"\n", "ipsec.secrets:1: missing ':'" },
		{ "\n\n10.0.0.1 :\n", "ipsec.secrets:3: missing secret type after ':'" },
		{ "# c\n: FOO \"topsecret\"\n", "ipsec.secrets:2: unknown secret type 'FOO'" },
		{ ": PSK \"topsecret\n", "ipsec.secrets:1: unterminated quoted string" },
		{ ": PSK\n", "ipsec.secrets:1: missing secret after PSK" },
		{ ": PSK top secret\n", "ipsec.secrets:1: unexpected text after the secret" },
		{ ": PSK 0xtopsecret\n", "ipsec.secrets:1: invalid hex secret" },
		{ ": PSK 0x123\n", "ipsec.secrets:1: invalid hex secret" },
		{ ": PSK 0s!!!\n", "ipsec.secrets:1: invalid base64 secret" },
		{ ": PSK \"\"\n", "ipsec.secrets:1: empty secret" },
		{ "include\n", "ipsec.secrets:1: include needs exactly one file pattern" },
		{ "include a b\n", "ipsec.secrets:1: include needs exactly one file pattern" },
		{ "include ipsec.secrets\n", "includes nested more than 10 levels deep" },
	};
	char *error;

	ck_assert_int_eq(load(": PSK \"old\"\n", NULL), 1);
	for (size_t i = 0; i < countof(cases); i++) {
		error = NULL;
		ck_assert_int_eq(load(cases[i].content, &error), -1);
		ck_assert_ptr_nonnull(error);
		ck_assert_msg(strstr(error, cases[i].error), "case %zu: '%s'", i, error);
		ck_assert_msg(!strstr(error, "topsecret"), "secret in '%s'", error);
		ck_assert_str_eq(psk(SHARED_IKE, NULL, NULL), "old");
		ck_assert_int_eq(creds->count_shared(creds), 1);
		free(error);
	}
}
END_TEST

START_TEST(test_missing_file)
{
	char path[300], *error = NULL;

	snprintf(path, sizeof(path), "%s/none.secrets", dir);
	ck_assert_int_eq(stroke_secrets_load(creds, path, &error), -1);
	ck_assert(strstr(error, "none.secrets: cannot open"));
	free(error);
	ck_assert_int_eq(stroke_secrets_load(creds, path, NULL), -1);
}
END_TEST

START_TEST(test_include)
{
	char sub[300], *error = NULL;

	snprintf(sub, sizeof(sub), "%s/ipsec.d", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_file("ipsec.d/a.secrets", "10.0.0.1 : PSK \"from-a\"\n");
	write_file("ipsec.d/b.secrets", "10.0.0.2 : PSK \"from-b\"\ninclude ../c.inc\n");
	write_file("c.inc", "10.0.0.3 : PSK \"from-c\"\n");
	ck_assert_int_eq(load("include ipsec.d/*.secrets\n"
			      "include nothing-matches-*.secrets\n"
			      "10.0.0.4 : PSK \"main\"\n", &error), 4);
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.1", NULL), "from-a");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.2", NULL), "from-b");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.3", NULL), "from-c");
	ck_assert_str_eq(psk(SHARED_IKE, "10.0.0.4", NULL), "main");

	/* an error inside an include names that file and line */
	write_file("c.inc", "\n\n: PSK\n");
	ck_assert_int_eq(load("include ipsec.d/*.secrets\n", &error), -1);
	ck_assert_msg(strstr(error, "/c.inc:3: missing secret after PSK"), "%s", error);
	free(error);
	ck_assert_int_eq(creds->count_shared(creds), 4);
}
END_TEST

START_TEST(test_path)
{
	char buf[256];

	setenv("IPSEC_CONFDIR", "/etc/cygnet-test", 1);
	ck_assert_str_eq(stroke_secrets_path(buf, sizeof(buf)), "/etc/cygnet-test/ipsec.secrets");
	unsetenv("IPSEC_CONFDIR");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_secrets");
	TCase *tc = tcase_create("secrets");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_reload_replaces);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_path);
	suite_add_tcase(s, tc);
	return s;
}
