/*
 * Tests for the cygnet.conf parser and settings_t look-ups.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "settings/settings.h"

static settings_t *s;
static char dir[64];

static void setup(void)
{
	s = settings_create(NULL);
	ck_assert_ptr_nonnull(s);
}

static void teardown(void)
{
	s->destroy(s);
	s = NULL;
}

/* Temp directory for file tests, removed with its files afterwards. */
static void setup_dir(void)
{
	setup();
	snprintf(dir, sizeof(dir), "/tmp/cygnet-settings-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown_dir(void)
{
	char cmd[PATH_MAX + 16];

	teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *path_of(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const char *content)
{
	const char *path = path_of(name);
	char sub[PATH_MAX], *slash;
	FILE *f;

	snprintf(sub, sizeof(sub), "%s", path);
	slash = strrchr(sub, '/');
	*slash = '\0';
	mkdir(sub, 0700);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

static void load(const char *content)
{
	ck_assert_msg(s->load_string(s, content, "test.conf", false),
		      "load failed: %s", s->last_error(s));
}

START_TEST(test_nested)
{
	load("# leading comment\n"
	     "charon {\n"
	     "  load = random nonce openssl   \n"
	     "  filelog {\n"
	     "    log {\n"
	     "      path = /var/log/charon.log\n"
	     "      default = 2\n"
	     "    }\n"
	     "  }\n"
	     "  empty =\n"
	     "  spaced   =    a  b  \t\n"
	     "}\n"
	     "top = level\n");
	ck_assert_str_eq(s->get_str(s, "charon.load", NULL), "random nonce openssl");
	ck_assert_str_eq(s->get_str(s, "charon.filelog.log.path", NULL),
			 "/var/log/charon.log");
	ck_assert_str_eq(s->get_str(s, "charon.empty", "def"), "");
	ck_assert_str_eq(s->get_str(s, "charon.spaced", NULL), "a  b");
	ck_assert_str_eq(s->get_str(s, "top", NULL), "level");
	ck_assert_str_eq(s->get_str(s, "charon.missing", "def"), "def");
	ck_assert_ptr_null(s->get_str(s, "charon.filelog.log.nothere", NULL));
	/* a section is not a value */
	ck_assert_str_eq(s->get_str(s, "charon.filelog", "sec"), "sec");
	/* malformed keys never match */
	ck_assert_ptr_null(s->get_str(s, "charon..load", NULL));
	ck_assert_ptr_null(s->get_str(s, ".top", NULL));
	ck_assert_ptr_null(s->get_str(s, "top.", NULL));
	ck_assert_ptr_null(s->get_str(s, "%s", NULL, ""));
	ck_assert_ptr_null(s->last_error(s));
}
END_TEST

START_TEST(test_one_line_and_compact)
{
	load("a{b{c=1\n}}d{}\ne = x = y { z }\n");
	ck_assert_str_eq(s->get_str(s, "a.b.c", NULL), "1");
	ck_assert_str_eq(s->get_str(s, "e", NULL), "x = y { z }");
}
END_TEST

START_TEST(test_override_merge)
{
	load("a {\n x = 1\n y = 2\n}\n"
	     "b { k = v\n}\n"
	     "a {\n x = 3\n z = 4\n sub { q = 5\n }\n}\n"
	     "a.sub.q = 6\n"
	     "a.sub {\n r = 7\n}\n");
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "3");
	ck_assert_str_eq(s->get_str(s, "a.y", NULL), "2");
	ck_assert_str_eq(s->get_str(s, "a.z", NULL), "4");
	ck_assert_str_eq(s->get_str(s, "a.sub.q", NULL), "6");
	ck_assert_str_eq(s->get_str(s, "a.sub.r", NULL), "7");
	ck_assert_str_eq(s->get_str(s, "b.k", NULL), "v");
}
END_TEST

START_TEST(test_merge_and_replace_loads)
{
	load("a { x = 1\n y = 2\n}\n");
	ck_assert(s->load_string(s, "a { x = 9\n}\nb = 3\n", "second", true));
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "9");
	ck_assert_str_eq(s->get_str(s, "a.y", NULL), "2");
	ck_assert_str_eq(s->get_str(s, "b", NULL), "3");
	ck_assert(s->load_string(s, "c = 4\n", "third", false));
	ck_assert_ptr_null(s->get_str(s, "a.x", NULL));
	ck_assert_str_eq(s->get_str(s, "c", NULL), "4");
}
END_TEST

START_TEST(test_comments)
{
	load("# full line\n"
	     "a { # after brace\n"
	     "  b = value # trailing comment\n"
	     "  c = \"with # hash\" # comment\n"
	     "  d = # only a comment\n"
	     "  #e = 1\n"
	     "} # closing\n");
	ck_assert_str_eq(s->get_str(s, "a.b", NULL), "value");
	ck_assert_str_eq(s->get_str(s, "a.c", NULL), "with # hash");
	ck_assert_str_eq(s->get_str(s, "a.d", NULL), "");
	ck_assert_ptr_null(s->get_str(s, "a.e", NULL));
}
END_TEST

START_TEST(test_quoted)
{
	load("a = \"  padded  \"\n"
	     "b = \"quote \\\" backslash \\\\ tab \\t nl \\n end\"\n"
	     "c = \"line one\n"
	     "line two\"\n"
	     "d = \"unknown \\q escape\"\n"
	     "e = \"\"\n"
	     "f = \"x\"   \r\n"
	     "g { h = \"{ } = #\"\n}\n"
	     "i = plain \"half quoted\n");
	ck_assert_str_eq(s->get_str(s, "a", NULL), "  padded  ");
	ck_assert_str_eq(s->get_str(s, "b", NULL),
			 "quote \" backslash \\ tab \t nl \n end");
	ck_assert_str_eq(s->get_str(s, "c", NULL), "line one\nline two");
	ck_assert_str_eq(s->get_str(s, "d", NULL), "unknown \\q escape");
	ck_assert_str_eq(s->get_str(s, "e", "def"), "");
	ck_assert_str_eq(s->get_str(s, "f", NULL), "x");
	ck_assert_str_eq(s->get_str(s, "g.h", NULL), "{ } = #");
	ck_assert_str_eq(s->get_str(s, "i", NULL), "plain \"half quoted");
}
END_TEST

START_TEST(test_no_trailing_newline)
{
	load("a = 1");
	ck_assert_str_eq(s->get_str(s, "a", NULL), "1");
	load("b = \"2\"");
	ck_assert_str_eq(s->get_str(s, "b", NULL), "2");
	load("c =");
	ck_assert_str_eq(s->get_str(s, "c", NULL), "");
	load("");
	load("\n\n# nothing\n");
}
END_TEST

START_TEST(test_bool)
{
	static const char *yes[] = { "yes", "YES", "true", "True", "on", "1",
				     "enabled", "Enabled" };
	static const char *no[] = { "no", "No", "false", "FALSE", "off", "0",
				    "disabled" };
	size_t i;

	for (i = 0; i < countof(yes); i++) {
		s->set_str(s, "b", yes[i]);
		ck_assert_msg(s->get_bool(s, "b", false), "%s", yes[i]);
	}
	for (i = 0; i < countof(no); i++) {
		s->set_str(s, "b", no[i]);
		ck_assert_msg(!s->get_bool(s, "b", true), "%s", no[i]);
	}
	s->set_str(s, "b", "maybe");
	ck_assert(s->get_bool(s, "b", true));
	ck_assert(!s->get_bool(s, "b", false));
	s->set_str(s, "b", "");
	ck_assert(s->get_bool(s, "b", true));
	ck_assert(s->get_bool(s, "unset", true));
	ck_assert(!s->get_bool(s, "unset", false));
}
END_TEST

START_TEST(test_int)
{
	load("a = 42\nb = -17\nc = 0x1F\nd = 010\ne = 12abc\nf = 99999999999\n"
	     "g = \ni = abc\nj = 2147483647\nk = -2147483648\nl = \" 5\"\n");
	ck_assert_int_eq(s->get_int(s, "a", 0), 42);
	ck_assert_int_eq(s->get_int(s, "b", 0), -17);
	ck_assert_int_eq(s->get_int(s, "c", 0), 31);
	ck_assert_int_eq(s->get_int(s, "d", 0), 10);
	ck_assert_int_eq(s->get_int(s, "e", 7), 7);
	ck_assert_int_eq(s->get_int(s, "f", 7), 7);
	ck_assert_int_eq(s->get_int(s, "g", 7), 7);
	ck_assert_int_eq(s->get_int(s, "i", -1), -1);
	ck_assert_int_eq(s->get_int(s, "j", 0), INT_MAX);
	ck_assert_int_eq(s->get_int(s, "k", 0), INT_MIN);
	ck_assert_int_eq(s->get_int(s, "l", 3), 5);
	ck_assert_int_eq(s->get_int(s, "unset", 123), 123);
}
END_TEST

START_TEST(test_double)
{
	load("a = 1.5\nb = -2e3\nc = 3\nd = 1.5x\ne = nan\nf = inf\ng = \n");
	ck_assert_double_eq(s->get_double(s, "a", 0), 1.5);
	ck_assert_double_eq(s->get_double(s, "b", 0), -2000.0);
	ck_assert_double_eq(s->get_double(s, "c", 0), 3.0);
	ck_assert_double_eq(s->get_double(s, "d", 0.25), 0.25);
	ck_assert_double_eq(s->get_double(s, "e", 0.25), 0.25);
	ck_assert_double_eq(s->get_double(s, "f", 0.25), 0.25);
	ck_assert_double_eq(s->get_double(s, "g", 0.25), 0.25);
	ck_assert_double_eq(s->get_double(s, "unset", 9.5), 9.5);
}
END_TEST

START_TEST(test_time)
{
	load("a = 30\nb = 30s\nc = 5m\nd = 2h\ne = 1d\nf = 10 m\n"
	     "g = 5x\nh = -5\ni = 5ms\nj = 50000d\nk = 4294967295\n"
	     "l = 4294967296\nm = \nn = m\n");
	ck_assert_uint_eq(s->get_time(s, "a", 0), 30);
	ck_assert_uint_eq(s->get_time(s, "b", 0), 30);
	ck_assert_uint_eq(s->get_time(s, "c", 0), 300);
	ck_assert_uint_eq(s->get_time(s, "d", 0), 7200);
	ck_assert_uint_eq(s->get_time(s, "e", 0), 86400);
	ck_assert_uint_eq(s->get_time(s, "f", 0), 600);
	ck_assert_uint_eq(s->get_time(s, "g", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "h", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "i", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "j", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "k", 1), UINT32_MAX);
	ck_assert_uint_eq(s->get_time(s, "l", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "m", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "n", 1), 1);
	ck_assert_uint_eq(s->get_time(s, "unset", 77), 77);
}
END_TEST

START_TEST(test_too_long_typed_value)
{
	char value[200];

	memset(value, '0', sizeof(value) - 2);
	value[sizeof(value) - 2] = '1';
	value[sizeof(value) - 1] = '\0';
	s->set_str(s, "long", value);
	ck_assert_str_eq(s->get_str(s, "long", NULL), value);
	ck_assert_int_eq(s->get_int(s, "long", 5), 5);
	ck_assert_uint_eq(s->get_time(s, "long", 5), 5);
}
END_TEST

START_TEST(test_templates)
{
	char key[600];

	load("charon {\n plugins {\n  openssl {\n   load = yes\n   n = 3\n"
	     "  }\n }\n}\n");
	ck_assert(s->get_bool(s, "%s.plugins.%s.load", false, "charon", "openssl"));
	ck_assert(!s->get_bool(s, "%s.plugins.%s.load", false, "charon", "gmp"));
	ck_assert_int_eq(s->get_int(s, "%s.plugins.%s.n", 0, "charon", "openssl"), 3);
	ck_assert_str_eq(s->get_str(s, "%s.%s.%s.%s", NULL, "charon", "plugins",
				    "openssl", "n"), "3");
	s->set_str(s, "%s.plugins.%s.load", "no", "charon", "openssl");
	ck_assert(!s->get_bool(s, "charon.plugins.openssl.load", true));

	/* keys longer than the formatting buffer */
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	s->set_str(s, "sec.%s", "long", key);
	ck_assert_str_eq(s->get_str(s, "%s.%s", NULL, "sec", key), "long");
}
END_TEST

START_TEST(test_set_str)
{
	const char *held;

	s->set_str(s, "a.b.c", "1");
	ck_assert_str_eq(s->get_str(s, "a.b.c", NULL), "1");
	held = s->get_str(s, "a.b.c", NULL);
	s->set_str(s, "a.b.c", "2");
	ck_assert_str_eq(s->get_str(s, "a.b.c", NULL), "2");
	/* replaced values stay readable until the next reload */
	ck_assert_str_eq(held, "1");
	s->set_str(s, "top", "t");
	ck_assert_str_eq(s->get_str(s, "top", NULL), "t");
	s->set_str(s, "a.b.c", NULL);
	ck_assert_ptr_null(s->get_str(s, "a.b.c", NULL));
	s->set_str(s, "no.such.key", NULL);
	ck_assert_ptr_null(s->get_str(s, "no.such.key", NULL));
	/* invalid keys are ignored */
	s->set_str(s, "a..b", "x");
	s->set_str(s, "a.b.", "x");
	s->set_str(s, "bad key", "x");
	ck_assert_ptr_null(s->get_str(s, "a..b", NULL));
	ck_assert_ptr_null(s->get_str(s, "bad key", NULL));
}
END_TEST

START_TEST(test_enumerators)
{
	enumerator_t *e;
	const char *name, *key, *value;
	const char *names[] = { "z", "a", "m" };
	const char *keys[] = { "k2", "k1", "k3" };
	const char *values[] = { "two", "new", "three" };
	int i = 0;

	load("top {\n k2 = two\n k1 = one\n z {\n }\n a { x = 1\n }\n"
	     " k3 = three\n m {\n }\n k1 = new\n}\nother = 1\n");

	e = s->create_section_enumerator(s, "top");
	while (e->enumerate(e, &name)) {
		ck_assert_int_lt(i, 3);
		ck_assert_str_eq(name, names[i++]);
	}
	e->destroy(e);
	ck_assert_int_eq(i, 3);

	i = 0;
	e = s->create_key_value_enumerator(s, "%s", "top");
	while (e->enumerate(e, &key, &value)) {
		ck_assert_int_lt(i, 3);
		ck_assert_str_eq(key, keys[i]);
		ck_assert_str_eq(value, values[i++]);
	}
	e->destroy(e);
	ck_assert_int_eq(i, 3);

	/* the top level */
	e = s->create_section_enumerator(s, "%s", "");
	ck_assert(e->enumerate(e, &name));
	ck_assert_str_eq(name, "top");
	ck_assert(!e->enumerate(e, &name));
	e->destroy(e);
	e = s->create_key_value_enumerator(s, "%s", "");
	ck_assert(e->enumerate(e, &key, &value));
	ck_assert_str_eq(key, "other");
	ck_assert(!e->enumerate(e, &key, &value));
	e->destroy(e);

	/* missing sections and leaves enumerate nothing */
	e = s->create_section_enumerator(s, "top.none");
	ck_assert(!e->enumerate(e, &name));
	e->destroy(e);
	e = s->create_key_value_enumerator(s, "top.z");
	ck_assert(!e->enumerate(e, &key, &value));
	e->destroy(e);

	/* an enumerator is a snapshot: changes and reloads do not disturb it */
	e = s->create_key_value_enumerator(s, "top");
	ck_assert(e->enumerate(e, &key, &value));
	s->set_str(s, "top.k1", "changed");
	load("gone = 1\n");
	ck_assert(e->enumerate(e, &key, &value));
	ck_assert_str_eq(key, "k1");
	ck_assert_str_eq(value, "new");
	e->destroy(e);
}
END_TEST

/* Load @p content and expect it to fail with exactly @p error. */
static void check_error(const char *content, const char *error)
{
	s->set_str(s, "keep", "me");
	ck_assert_msg(!s->load_string(s, content, "bad.conf", false),
		      "'%s' loaded", content);
	ck_assert_ptr_nonnull(s->last_error(s));
	ck_assert_str_eq(s->last_error(s), error);
	ck_assert_str_eq(s->get_str(s, "keep", NULL), "me");
}

START_TEST(test_errors)
{
	check_error("a {\n b = 1\n}\n}\n",
		    "bad.conf:4:1: syntax error, unexpected '}'");
	check_error("a {\n  b {\n    c = 1\n  }\n",
		    "bad.conf:5:1: syntax error, missing '}' at end of file "
		    "(section 'a' opened at 1:1)");
	check_error("a {\n  b {",
		    "bad.conf:2:6: syntax error, missing '}' at end of file "
		    "(section 'b' opened at 2:3)");
	check_error("a b\n",
		    "bad.conf:1:3: syntax error, unexpected name 'b', "
		    "expecting '{' or '='");
	check_error("x = 1\n  = 1\n", "bad.conf:2:3: syntax error, unexpected '='");
	check_error("a",
		    "bad.conf:1:2: syntax error, unexpected end of file, "
		    "expecting '{' or '='");
	check_error("a {\n b\n}\n",
		    "bad.conf:3:1: syntax error, unexpected '}', "
		    "expecting '{' or '='");
	check_error("a = 1\nb = \"abc\n\n",
		    "bad.conf:2:5: syntax error, unterminated quoted string");
	check_error("a = \"x\" y\n",
		    "bad.conf:1:9: syntax error, unexpected character 'y' "
		    "after quoted string");
	check_error("a = \"x\" }\n",
		    "bad.conf:1:9: syntax error, unexpected character '}' "
		    "after quoted string");
	check_error("\tk@y = 1\n", "bad.conf:1:3: syntax error, unexpected "
		    "character '@'");
	check_error("k\x01 = 1\n", "bad.conf:1:2: syntax error, unexpected "
		    "character '\\x01'");
	check_error("a..b = 1\n", "bad.conf:1:1: syntax error, invalid name "
		    "'a..b' (empty part between dots)");
	check_error("s {\n .b {\n }\n}\n", "bad.conf:2:2: syntax error, "
		    "invalid name '.b' (empty part between dots)");
	check_error("{\n", "bad.conf:1:1: syntax error, unexpected '{'");
	check_error("include\n", "bad.conf:2:1: syntax error, unexpected end "
		    "of file, expecting '{' or '='");

	/* a good load clears the error */
	load("ok = 1\n");
	ck_assert_ptr_null(s->last_error(s));
}
END_TEST

START_TEST(test_failed_load_keeps_values)
{
	write_file("good.conf", "a {\n x = 1\n}\nb = 2\n");
	write_file("bad.conf", "a {\n x = 9\n");
	ck_assert(s->load_files(s, path_of("good.conf"), false));
	ck_assert(!s->load_files(s, path_of("bad.conf"), false));
	ck_assert(!s->load_files(s, path_of("bad.conf"), true));
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "1");
	ck_assert_str_eq(s->get_str(s, "b", NULL), "2");
	ck_assert_ptr_nonnull(strstr(s->last_error(s), "bad.conf:3:1: syntax error, "
				     "missing '}' at end of file"));
	/* a missing plain file fails too and changes nothing */
	ck_assert(!s->load_files(s, path_of("nothere.conf"), false));
	ck_assert_ptr_nonnull(s->last_error(s));
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "1");
	/* so does a directory */
	ck_assert(!s->load_files(s, dir, false));
	ck_assert_ptr_nonnull(strstr(s->last_error(s), "cannot read"));
	ck_assert_str_eq(s->get_str(s, "b", NULL), "2");
	/* a broken file among good ones spoils the whole set */
	write_file("set/1.conf", "a {\n x = 5\n}\n");
	write_file("set/2.conf", "oops oops\n");
	ck_assert(!s->load_files(s, path_of("set/*.conf"), false));
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "1");
	/* a pattern that matches nothing loads nothing */
	ck_assert(s->load_files(s, path_of("none/*.conf"), true));
	ck_assert_str_eq(s->get_str(s, "a.x", NULL), "1");
	ck_assert_ptr_null(s->last_error(s));
}
END_TEST

START_TEST(test_include)
{
	write_file("main.conf",
		   "a = main\n"
		   "include conf.d/*.conf\n"
		   "sec {\n"
		   "  include sub/inner.conf   # comment\n"
		   "  after = yes\n"
		   "}\n"
		   "include \"missing/*.conf\"\n"
		   "include missing.conf\n"
		   "over = main\n");
	write_file("conf.d/10-first.conf", "first = 1\nover = first\nb { c = 1\n}\n");
	write_file("conf.d/20-second.conf", "second = 2\nover = second\nb { c = 2\n}\n");
	write_file("conf.d/readme.txt", "not = loaded\n");
	/* relative to the including file, which lives in sub/ */
	write_file("sub/inner.conf", "inner = 1\ninclude deeper/*.conf\n");
	write_file("sub/deeper/x.conf", "deep = 1\nsub2 { k = v\n}\n");

	ck_assert_msg(s->load_files(s, path_of("main.conf"), false), "%s",
		      s->last_error(s));
	ck_assert_str_eq(s->get_str(s, "a", NULL), "main");
	ck_assert_str_eq(s->get_str(s, "first", NULL), "1");
	ck_assert_str_eq(s->get_str(s, "second", NULL), "2");
	ck_assert_str_eq(s->get_str(s, "b.c", NULL), "2");
	ck_assert_str_eq(s->get_str(s, "over", NULL), "main");
	ck_assert_ptr_null(s->get_str(s, "not", NULL));
	ck_assert_str_eq(s->get_str(s, "sec.inner", NULL), "1");
	ck_assert_str_eq(s->get_str(s, "sec.deep", NULL), "1");
	ck_assert_str_eq(s->get_str(s, "sec.sub2.k", NULL), "v");
	ck_assert_str_eq(s->get_str(s, "sec.after", NULL), "yes");
	ck_assert_ptr_null(s->get_str(s, "inner", NULL));

	/* a glob given to load_files() directly */
	ck_assert(s->load_files(s, path_of("conf.d/*.conf"), false));
	ck_assert_str_eq(s->get_str(s, "over", NULL), "second");
	ck_assert_ptr_null(s->get_str(s, "a", NULL));
}
END_TEST

START_TEST(test_include_absolute_and_string)
{
	char content[PATH_MAX + 64];

	write_file("abs.conf", "abs = 1\n");
	snprintf(content, sizeof(content), "x {\n include %s\n}\n",
		 path_of("abs.conf"));
	load(content);
	ck_assert_str_eq(s->get_str(s, "x.abs", NULL), "1");
}
END_TEST

START_TEST(test_include_errors)
{
	char expect[PATH_MAX + 128];

	/* an error in an included file names that file */
	write_file("top.conf", "a = 1\ninclude inc.conf\n");
	write_file("inc.conf", "b = 1\n\n  c d\n");
	ck_assert(!s->load_files(s, path_of("top.conf"), false));
	snprintf(expect, sizeof(expect), "%s:3:5: syntax error, unexpected "
		 "name 'd', expecting '{' or '='", path_of("inc.conf"));
	ck_assert_str_eq(s->last_error(s), expect);

	/* an included file must close its own sections */
	write_file("open.conf", "s {\n include close.conf\n");
	write_file("close.conf", "}\n");
	ck_assert(!s->load_files(s, path_of("open.conf"), false));
	snprintf(expect, sizeof(expect), "%s:1:1: syntax error, unexpected '}'",
		 path_of("close.conf"));
	ck_assert_str_eq(s->last_error(s), expect);

	/* a file including itself stops at the depth limit */
	write_file("loop.conf", "x = 1\ninclude loop.conf\n");
	ck_assert(!s->load_files(s, path_of("loop.conf"), false));
	snprintf(expect, sizeof(expect), "%s:2:9: include of '%s' nested too "
		 "deeply (more than 10 levels)", path_of("loop.conf"),
		 "loop.conf");
	ck_assert_str_eq(s->last_error(s), expect);
	ck_assert_ptr_null(s->get_str(s, "x", NULL));

	/* ten levels are fine */
	write_file("d0.conf", "include d1.conf\n");
	write_file("d1.conf", "include d2.conf\n");
	write_file("d2.conf", "include d3.conf\n");
	write_file("d3.conf", "include d4.conf\n");
	write_file("d4.conf", "include d5.conf\n");
	write_file("d5.conf", "include d6.conf\n");
	write_file("d6.conf", "include d7.conf\n");
	write_file("d7.conf", "include d8.conf\n");
	write_file("d8.conf", "include d9.conf\n");
	write_file("d9.conf", "include d10.conf\n");
	write_file("d10.conf", "deep = yes\n");
	ck_assert_msg(s->load_files(s, path_of("d0.conf"), false), "%s",
		      s->last_error(s));
	ck_assert_str_eq(s->get_str(s, "deep", NULL), "yes");
}
END_TEST

START_TEST(test_create)
{
	settings_t *other;

	write_file("c.conf", "v = 1\n");
	write_file("broken.conf", "v = 1\n}\n");
	other = settings_create(path_of("c.conf"));
	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(other->get_int(other, "v", 0), 1);
	other->destroy(other);
	other = settings_create(path_of("nothere.conf"));
	ck_assert_ptr_nonnull(other);
	ck_assert_ptr_null(other->get_str(other, "v", NULL));
	ck_assert_ptr_null(other->last_error(other));
	other->destroy(other);
	ck_assert_ptr_null(settings_create(path_of("broken.conf")));
}
END_TEST

/* Readers run while another thread reloads and sets values. */
static void *reader(void *data)
{
	settings_t *settings = data;
	enumerator_t *e;
	const char *k, *v;
	int i, found = 0;

	for (i = 0; i < 300; i++) {
		found += settings->get_int(settings, "a.n", 0) == 1;
		e = settings->create_key_value_enumerator(settings, "a");
		while (e->enumerate(e, &k, &v)) {
			found++;
		}
		e->destroy(e);
	}
	return (void *)(intptr_t)found;
}

START_TEST(test_concurrent_reload)
{
	pthread_t threads[3];
	int i;

	load("a {\n n = 1\n}\n");
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pthread_create(&threads[i], NULL, reader, s), 0);
	}
	for (i = 0; i < 100; i++) {
		ck_assert(s->load_string(s, "a {\n n = 1\n m = 2\n}\n", "r", false));
		s->set_str(s, "a.x", "y");
		ck_assert(!s->load_string(s, "a {\n", "bad", true));
	}
	for (i = 0; i < 3; i++) {
		void *found;

		ck_assert_int_eq(pthread_join(threads[i], &found), 0);
		ck_assert_int_gt((intptr_t)found, 0);
	}
	ck_assert_int_eq(s->get_int(s, "a.n", 0), 1);
}
END_TEST

Suite *make_suite(void)
{
	Suite *suite = suite_create("settings");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nested);
	tcase_add_test(tc, test_one_line_and_compact);
	tcase_add_test(tc, test_override_merge);
	tcase_add_test(tc, test_merge_and_replace_loads);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_no_trailing_newline);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(suite, tc);

	tc = tcase_create("getters");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_int);
	tcase_add_test(tc, test_double);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_too_long_typed_value);
	tcase_add_test(tc, test_templates);
	tcase_add_test(tc, test_set_str);
	tcase_add_test(tc, test_enumerators);
	tcase_add_test(tc, test_concurrent_reload);
	suite_add_tcase(suite, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_failed_load_keeps_values);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_include_absolute_and_string);
	tcase_add_test(tc, test_include_errors);
	tcase_add_test(tc, test_create);
	suite_add_tcase(suite, tc);

	return suite;
}
