/*
 * Tests for the ipsec.conf parser (syntax, also=, %default, includes,
 * errors), the config diff and the conversion to stroke requests.
 */
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "bus/log_bus.h"
#include "conf.h"
#include "conf_diff.h"
#include "conf_stroke.h"

static config_t *cfg;
static char dir[64];

static void teardown(void)
{
	DESTROY_IF(cfg);
	cfg = NULL;
}

/* Temp directory for file tests, removed with its files afterwards. */
static void setup_dir(void)
{
	log_bus_set_fallback_level(LEVEL_SILENT);
	snprintf(dir, sizeof(dir), "/tmp/cygnet-starter-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown_dir(void)
{
	char cmd[PATH_MAX + 16];

	teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A path in the temp directory; a few may be used at once. */
static const char *path_of(const char *name)
{
	static char paths[4][PATH_MAX];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, PATH_MAX, "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const char *content)
{
	char path[PATH_MAX], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s", path_of(name));
	slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0700);
	*slash = '/';
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

static config_t *parse(const char *content)
{
	DESTROY_IF(cfg);
	cfg = config_parse_string(content, strlen(content), "/etc/ipsec.conf");
	ck_assert_ptr_nonnull(cfg);
	return cfg;
}

/* The config must have parsed without errors. */
static void assert_clean(config_t *config)
{
	enumerator_t *e;
	const char *msg;

	e = config->create_error_enumerator(config);
	while (e->enumerate(e, &msg)) {
		ck_abort_msg("unexpected error: %s", msg);
	}
	e->destroy(e);
}

/* The errors of the config, exactly and in order (NULL-terminated). */
static void assert_errors_list(config_t *config, const char **expected)
{
	enumerator_t *e;
	const char *msg;
	int i = 0;

	e = config->create_error_enumerator(config);
	while (e->enumerate(e, &msg)) {
		ck_assert_msg(expected[i], "unexpected error: %s", msg);
		ck_assert_str_eq(msg, expected[i]);
		i++;
	}
	e->destroy(e);
	ck_assert_msg(!expected[i], "missing error: %s", expected[i]);
	ck_assert_int_eq(config->get_error_count(config), i);
}

#define assert_errors(config, ...) \
	assert_errors_list(config, (const char *[]){ __VA_ARGS__, NULL })

/* The single error of parsing @p content. */
static void assert_error(const char *content, const char *expected)
{
	assert_errors(parse(content), expected);
}

static const char *conn_value(const char *conn, const char *key)
{
	const conf_section_t *section = cfg->get_conn(cfg, conn);

	ck_assert_msg(section, "no conn '%s'", conn);
	return conf_section_get(section, key);
}

#define assert_conn(conn, key, value) do { \
	const char *_v = conn_value(conn, key); \
	ck_assert_msg(_v, "%s: %s unset", conn, key); \
	ck_assert_str_eq(_v, value); \
} while (0)

#define assert_unset(conn, key) \
	ck_assert_ptr_null(conn_value(conn, key))

/* Names of the conns in order, comma-separated. */
static const char *conn_names(config_t *config)
{
	static char buf[512];
	const conf_section_t *section;
	enumerator_t *e;

	buf[0] = '\0';
	e = config->create_conn_enumerator(config);
	while (e->enumerate(e, &section)) {
		if (buf[0]) {
			strcat(buf, ",");
		}
		strcat(buf, section->name);
	}
	e->destroy(e);
	return buf;
}

START_TEST(test_realistic)
{
	write_file("ipsec.conf",
		"# /etc/ipsec.conf - cygnet configuration\n"
		"\n"
		"config setup\n"
		"\tcharondebug=\"ike 2, knl 2, cfg 2\"\n"
		"\tuniqueids = never\n"
		"\n"
		"conn %default\n"
		"\tikelifetime=60m\n"
		"\tkeylife=20m\n"
		"\trekeymargin=3m\n"
		"\tkeyingtries=1\n"
		"\tkeyexchange=ikev2\n"
		"\tmobike=no\n"
		"\n"
		"# the gateway's side, shared by all conns\n"
		"conn moon\n"
		"\tleft=192.168.0.1\n"
		"\tleftcert=moonCert.pem\n"
		"\tleftid=\"C=CH, O=Cygnet Test, CN=moon.example.org\"\n"
		"\tleftfirewall=yes\n"
		"\n"
		"conn net-net\n"
		"\talso=moon\n"
		"\tleftsubnet=10.1.0.0/16\n"
		"\tright=192.168.0.2\n"
		"\trightsubnet=10.2.0.0/16   # the remote net\n"
		"\trightid=@sun.example.org\n"
		"\tike=aes256-sha256-modp2048!\n"
		"\tesp=aes256gcm16!\n"
		"\tauto=start\n"
		"\n"
		"conn host-host\n"
		"\talso=net-net\n"
		"\tleftsubnet=\n"
		"\trightsubnet=\n"
		"\tlifetime=1h\n"
		"\ttype=transport\n"
		"\tauto=add\n"
		"\n"
		"include ipsec.d/*.conf\n"
		"\n"
		"ca strongswan\n"
		"\tcacert=caCert.pem\n"
		"\tcrluri1=\"http://crl.example.org/ca.crl\"\n"
		"\tauto=add\n");
	write_file("ipsec.d/10-road.conf",
		"conn rw\n"
		"\talso=moon\n"
		"\tleftsubnet=0.0.0.0/0\n"
		"\tright=%any\n"
		"\trightsourceip=10.3.0.0/24\n"
		"\tauto=route\n");
	write_file("ipsec.d/20-off.conf",
		"conn disabled\n"
		"\tright=192.0.2.99\n");
	cfg = config_parse_file(path_of("ipsec.conf"));
	assert_clean(cfg);

	ck_assert_str_eq(conn_names(cfg), "moon,net-net,host-host,rw,disabled");
	ck_assert_int_eq(cfg->get_conn_count(cfg), 5);
	ck_assert_int_eq(cfg->get_ca_count(cfg), 1);

	ck_assert_str_eq(conf_section_get(cfg->get_setup(cfg), "charondebug"),
			 "ike 2, knl 2, cfg 2");
	ck_assert_str_eq(conf_section_get(cfg->get_setup(cfg), "uniqueids"),
			 "never");

	assert_conn("net-net", "left", "192.168.0.1");
	assert_conn("net-net", "leftid", "C=CH, O=Cygnet Test, CN=moon.example.org");
	assert_conn("net-net", "rightsubnet", "10.2.0.0/16");
	assert_conn("net-net", "ikelifetime", "60m");
	assert_conn("net-net", "keylife", "20m");
	assert_conn("net-net", "auto", "start");
	assert_conn("net-net", "ike", "aes256-sha256-modp2048!");
	assert_unset("net-net", "also");

	/* inherited through two also= levels, some values unset again */
	assert_conn("host-host", "leftcert", "moonCert.pem");
	assert_conn("host-host", "right", "192.168.0.2");
	assert_unset("host-host", "leftsubnet");
	assert_unset("host-host", "rightsubnet");
	/* lifetime is stored as keylife and overrides %default */
	assert_conn("host-host", "keylife", "1h");
	assert_unset("host-host", "lifetime");
	assert_conn("host-host", "type", "transport");
	assert_conn("host-host", "auto", "add");

	assert_conn("rw", "auto", "route");
	assert_conn("rw", "left", "192.168.0.1");
	assert_conn("rw", "mobike", "no");
	assert_conn("disabled", "keyexchange", "ikev2");
	assert_unset("disabled", "auto");

	ck_assert_str_eq(conf_section_get(cfg->get_ca(cfg, "strongswan"),
					  "crluri"),
			 "http://crl.example.org/ca.crl");
}
END_TEST

START_TEST(test_origins)
{
	const conf_section_t *conn;
	const conf_kv_t *kv;

	write_file("main.conf",
		"conn %default\n"
		"\tkeyingtries=3\n"
		"include sub/x.conf\n");
	write_file("sub/x.conf",
		"conn a\n"
		"\n"
		"\tleft=1.2.3.4\n");
	cfg = config_parse_file(path_of("main.conf"));
	assert_clean(cfg);
	conn = cfg->get_conn(cfg, "a");
	ck_assert_ptr_nonnull(conn);
	ck_assert_str_eq(conn->file, path_of("sub/x.conf"));
	ck_assert_int_eq(conn->line, 1);
	kv = conf_section_get_kv(conn, "left");
	ck_assert_str_eq(kv->file, path_of("sub/x.conf"));
	ck_assert_int_eq(kv->line, 3);
	kv = conf_section_get_kv(conn, "keyingtries");
	ck_assert_str_eq(kv->file, path_of("main.conf"));
	ck_assert_int_eq(kv->line, 2);
}
END_TEST

START_TEST(test_values)
{
	parse("conn a\n"
	      "   left   =   1.2.3.4  \n"
	      "\trightsubnet=10.0.0.0/8,    192.168.0.0/16\t# two nets\n"
	      "\tleftid=\"  spaced  \\\"quoted\\\" \\\\ tab\\tend  \"  # c\n"
	      "\trightid=\"line one \\\n"
	      "continued\"\n"
	      "\tleftupdown=\"\"\n"
	      "\tleftca=\"#not a comment\"\n"
	      "\tmark=42/0xff\r\n"
	      "\trightca=@#0a0b #comment\n"
	      "\tleftcert=a b#c d #comment\n"
	      "\tauto=add");
	assert_clean(cfg);
	assert_conn("a", "left", "1.2.3.4");
	assert_conn("a", "rightsubnet", "10.0.0.0/8, 192.168.0.0/16");
	assert_conn("a", "leftid", "  spaced  \"quoted\" \\ tab\tend  ");
	assert_conn("a", "rightid", "line one continued");
	assert_conn("a", "leftupdown", "");
	assert_conn("a", "leftca", "#not a comment");
	assert_conn("a", "mark", "42/0xff");
	assert_conn("a", "rightca", "@#0a0b");
	assert_conn("a", "leftcert", "a b#c d");
	assert_conn("a", "auto", "add");
}
END_TEST

START_TEST(test_default_anywhere)
{
	/* %default applies to every conn, even those before it */
	parse("conn early\n"
	      "\tleft=1\n"
	      "conn %default\n"
	      "\tkeyexchange=ikev2\n"
	      "\tleft=0\n"
	      "conn late\n"
	      "\tright=2\n"
	      "conn %default\n"
	      "\tmobike=no\n");
	assert_clean(cfg);
	ck_assert_str_eq(conn_names(cfg), "early,late");
	assert_conn("early", "keyexchange", "ikev2");
	assert_conn("early", "left", "1");
	assert_conn("early", "mobike", "no");
	assert_conn("late", "left", "0");
	assert_conn("late", "mobike", "no");
}
END_TEST

START_TEST(test_also_order)
{
	parse("conn a\n\tleft=a\n\tright=a\n\tleftid=a\n"
	      "conn b\n\tleft=b\n\tright=b\n"
	      "conn c\n"
	      "\tright=c\n"
	      "\talso=a\n"
	      "\talso=b\n"
	      "\tright=c2\n");
	assert_clean(cfg);
	/* own values win wherever they stand, a later also= over an earlier */
	assert_conn("c", "right", "c2");
	assert_conn("c", "left", "b");
	assert_conn("c", "leftid", "a");
}
END_TEST

START_TEST(test_also_diamond)
{
	/* D also=C, also=B; B and C also=A: ancestors D B C A, so C's value
	 * beats A's although B (which includes A) comes later */
	parse("conn D\n\talso=C\n\talso=B\n"
	      "conn A\n\tleft=A\n\tright=A\n\tleftid=A\n"
	      "conn B\n\talso=A\n\tright=B\n"
	      "conn C\n\talso=A\n\tleft=C\n\tright=C\n"
	      "conn %default\n\tleftid=default\n\trightid=default\n");
	assert_clean(cfg);
	assert_conn("D", "right", "B");
	assert_conn("D", "left", "C");
	assert_conn("D", "leftid", "A");
	assert_conn("D", "rightid", "default");
}
END_TEST

START_TEST(test_merge_sections)
{
	parse("conn a\n\tleft=1\n\tright=1\n"
	      "conn b\n\tleft=b\n"
	      "conn a\n\tright=2\n\tleft=\n"
	      "config setup\n\tuniqueids=yes\n"
	      "config setup\n\tcachecrls=yes\n");
	assert_clean(cfg);
	ck_assert_str_eq(conn_names(cfg), "a,b");
	assert_unset("a", "left");
	assert_conn("a", "right", "2");
	ck_assert_str_eq(conf_section_get(cfg->get_setup(cfg), "uniqueids"), "yes");
	ck_assert_str_eq(conf_section_get(cfg->get_setup(cfg), "cachecrls"), "yes");
}
END_TEST

START_TEST(test_ca_sections)
{
	parse("ca %default\n\tcrluri2=http://b\n"
	      "ca base\n\tocspuri1=http://o\n"
	      "ca main\n\talso=base\n\tcacert=main.pem\n\tauto=add\n");
	assert_clean(cfg);
	ck_assert_int_eq(cfg->get_ca_count(cfg), 2);
	ck_assert_str_eq(conf_section_get(cfg->get_ca(cfg, "main"), "ocspuri"),
			 "http://o");
	ck_assert_str_eq(conf_section_get(cfg->get_ca(cfg, "main"), "crluri2"),
			 "http://b");
	ck_assert_ptr_null(cfg->get_ca(cfg, "%default"));
	assert_error("ca x\n\tauto=start\n",
		     "/etc/ipsec.conf:2:7: invalid value 'start' for 'auto' in "
		     "ca 'x', expected add or ignore");
}
END_TEST

START_TEST(test_empty_and_comments)
{
	parse("");
	assert_clean(cfg);
	ck_assert_int_eq(cfg->get_conn_count(cfg), 0);
	ck_assert_int_eq(cfg->get_setup(cfg)->count, 0);
	parse("# only a comment\n\n   \n\t# indented comment\n  \t");
	assert_clean(cfg);
	parse("conn a\n# column-1 comment inside\n\tleft=1\n\n\n\tright=2");
	assert_clean(cfg);
	assert_conn("a", "right", "2");
}
END_TEST

START_TEST(test_obsolete_warning)
{
	enumerator_t *e;
	const char *msg;

	parse("config setup\n"
	      "\tplutostart=no\n"
	      "\tplutodebug=all\n"
	      "\tcharonstart=yes\n"
	      "conn a\n"
	      "\tpfs=yes\n"
	      "\tleftnexthop=%defaultroute\n");
	assert_clean(cfg);
	e = cfg->create_warning_enumerator(cfg);
	ck_assert(e->enumerate(e, &msg));
	ck_assert_str_eq(msg, "/etc/ipsec.conf:2:2: warning: obsolete keyword "
			 "'plutostart' in config setup ignored");
	ck_assert(e->enumerate(e, &msg));
	ck_assert(e->enumerate(e, &msg));
	ck_assert(e->enumerate(e, &msg));
	ck_assert_str_eq(msg, "/etc/ipsec.conf:6:2: warning: obsolete keyword "
			 "'pfs' in conn 'a' ignored");
	ck_assert(e->enumerate(e, &msg));
	ck_assert(!e->enumerate(e, &msg));
	e->destroy(e);
	ck_assert_int_eq(cfg->get_setup(cfg)->count, 0);
	assert_unset("a", "pfs");
}
END_TEST

START_TEST(test_error_unknown_keyword)
{
	assert_error("conn site\n\tleftsubet=10.0.0.0/8\n",
		     "/etc/ipsec.conf:2:2: unknown keyword 'leftsubet' in conn "
		     "'site', did you mean 'leftsubnet'?");
	assert_error("conn site\n  rekeymragin=1h\n",
		     "/etc/ipsec.conf:2:3: unknown keyword 'rekeymragin' in conn "
		     "'site', did you mean 'rekeymargin'?");
	assert_error("conn site\n\tLeftSubnet=1\n",
		     "/etc/ipsec.conf:2:2: unknown keyword 'LeftSubnet' in conn "
		     "'site', did you mean 'leftsubnet'?");
	assert_error("conn site\n\tfrobnicate=1\n",
		     "/etc/ipsec.conf:2:2: unknown keyword 'frobnicate' in conn "
		     "'site'");
	assert_error("config setup\n\tuniqeids=yes\n",
		     "/etc/ipsec.conf:2:2: unknown keyword 'uniqeids' in config "
		     "setup, did you mean 'uniqueids'?");
	assert_error("ca c\n\tcacrt=x\n",
		     "/etc/ipsec.conf:2:2: unknown keyword 'cacrt' in ca 'c', "
		     "did you mean 'cacert'?");
}
END_TEST

START_TEST(test_error_wrong_section)
{
	assert_error("conn a\n\tcacert=x.pem\n",
		     "/etc/ipsec.conf:2:2: keyword 'cacert' is not valid in conn "
		     "'a' (it belongs in a ca section)");
	assert_error("config setup\n\tleft=1\n",
		     "/etc/ipsec.conf:2:2: keyword 'left' is not valid in config "
		     "setup (it belongs in a conn section)");
	assert_error("ca a\n\tuniqueids=yes\n",
		     "/etc/ipsec.conf:2:2: keyword 'uniqueids' is not valid in ca "
		     "'a' (it belongs in config setup)");
	assert_error("config setup\n\talso=x\n",
		     "/etc/ipsec.conf:2:2: keyword 'also' is not valid in config "
		     "setup (it belongs in a conn section)");
}
END_TEST

START_TEST(test_error_values)
{
	assert_error("conn a\n\tauto=maybe\n",
		     "/etc/ipsec.conf:2:7: invalid value 'maybe' for 'auto' in "
		     "conn 'a', expected add, route, start or ignore");
	assert_error("conn a\n\ttype=tunel\n",
		     "/etc/ipsec.conf:2:7: invalid value 'tunel' for 'type' in "
		     "conn 'a', expected tunnel, transport, transport_proxy, "
		     "passthrough, pass or drop");
	assert_error("conn a\n\tmobike=on\n",
		     "/etc/ipsec.conf:2:9: invalid value 'on' for 'mobike' in "
		     "conn 'a', expected yes or no");
	assert_error("conn a\n\tikelifetime = 1w\n",
		     "/etc/ipsec.conf:2:16: invalid value '1w' for 'ikelifetime' "
		     "in conn 'a', expected a time like 30, 10s, 30m, 8h or 1d");
	assert_error("conn a\n\trekeyfuzz=100\n",
		     "/etc/ipsec.conf:2:12: invalid value '100' for 'rekeyfuzz' "
		     "in conn 'a', expected a percentage like 100%");
	assert_error("conn a\n\tkeyingtries=forever\n",
		     "/etc/ipsec.conf:2:14: invalid value 'forever' for "
		     "'keyingtries' in conn 'a', expected an unsigned number or "
		     "%forever");
	assert_error("conn a\n\treqid=-1\n",
		     "/etc/ipsec.conf:2:8: invalid value '-1' for 'reqid' in conn "
		     "'a', expected an unsigned number");
	assert_error("conn a\n\trightikeport=0\n",
		     "/etc/ipsec.conf:2:15: invalid value '0' for 'rightikeport' "
		     "in conn 'a', expected a port number from 1 to 65535");
	assert_error("conn a\n\tikedscp=2\n",
		     "/etc/ipsec.conf:2:10: invalid value '2' for 'ikedscp' in "
		     "conn 'a', expected six binary digits like 101110");
	assert_error("config setup\n\tstrictcrlpolicy=\"sometimes\"\n",
		     "/etc/ipsec.conf:2:18: invalid value 'sometimes' for "
		     "'strictcrlpolicy' in config setup, expected yes, no or "
		     "ifuri");

	/* the accepted forms */
	parse("conn a\n\tikelifetime=3600\n\tkeylife=1d\n\trekeymargin=9m\n"
	      "\tdpddelay=30s\n\trekeyfuzz=250%\n\tkeyingtries=%forever\n"
	      "\treqid=0x10\n\tlifebytes=18446744073709551615\n"
	      "\tleftikeport=4500\n\tikedscp=101110\n\ttfc=%mtu\n"
	      "\tif_id_in=%unique\n\tdpdaction=restart\n\tauto=ignore\n");
	assert_clean(cfg);
	assert_error("conn a\n\tlifebytes=18446744073709551616\n",
		     "/etc/ipsec.conf:2:12: invalid value '18446744073709551616' "
		     "for 'lifebytes' in conn 'a', expected an unsigned number");
}
END_TEST

START_TEST(test_error_sections)
{
	assert_error("conm site\n\tleft=1\n\tbogus=2\n",
		     "/etc/ipsec.conf:1:1: unknown section type 'conm', did you "
		     "mean 'conn'?");
	assert_error("connection site\n",
		     "/etc/ipsec.conf:1:1: unknown section type 'connection'");
	assert_error("conn a\nleft=1.2.3.4\n",
		     "/etc/ipsec.conf:2:1: setting 'left' is not indented: the "
		     "lines of a section must start with white space");
	assert_error("\tleft=1\nconn a\n",
		     "/etc/ipsec.conf:1:2: setting 'left' outside of any section");
	assert_error("config general\n\tuniqueids=yes\n",
		     "/etc/ipsec.conf:1:1: unknown section 'config general', the "
		     "only config section is 'config setup'");
	assert_error("conn\n\tleft=1\n",
		     "/etc/ipsec.conf:1:5: syntax error, unexpected end of line, "
		     "expecting name");
	assert_error("conn a b\n\tleft=1\n",
		     "/etc/ipsec.conf:1:8: syntax error, unexpected name 'b', "
		     "expecting end of line");
}
END_TEST

START_TEST(test_error_syntax)
{
	assert_error("conn a\n\tleftid=\"open\n\tleft=1\n",
		     "/etc/ipsec.conf:2:9: syntax error, unterminated quoted value "
		     "(a quoted value continues on the next line only after a "
		     "backslash)");
	assert_error("conn a\n\tleftid=\"open",
		     "/etc/ipsec.conf:2:9: syntax error, unterminated quoted value "
		     "(a quoted value continues on the next line only after a "
		     "backslash)");
	assert_error("conn a\n\tleftid=\"x\" y\n",
		     "/etc/ipsec.conf:2:13: syntax error, unexpected character 'y' "
		     "after quoted value");
	assert_error("conn a\n\tleftsubnet\n",
		     "/etc/ipsec.conf:2:2: syntax error, 'leftsubnet' needs '=' "
		     "and a value");
	assert_error("conn a\n\tleftsubnet 10.0.0.0/8\n",
		     "/etc/ipsec.conf:2:13: syntax error, expected '=' between "
		     "'leftsubnet' and '10.0.0.0/8'");
	assert_error("conn a\n\t=1\n",
		     "/etc/ipsec.conf:2:2: syntax error, unexpected '=', expecting "
		     "name or end of line");
	assert_error("conn a\n\tleft=x\"y\"\n",
		     "/etc/ipsec.conf:2:8: syntax error, unexpected quoted value "
		     "'y', expecting end of line");
}
END_TEST

START_TEST(test_error_also)
{
	assert_error("conn a\n\talso=nothere\n",
		     "/etc/ipsec.conf:2:7: conn 'a' includes unknown conn "
		     "'nothere' (also=nothere)");
	assert_error("conn a\n\talso=b\nconn b\n\talso=c\nconn c\n\talso=a\n",
		     "/etc/ipsec.conf:6:7: also=a in conn 'c' creates a loop: "
		     "a -> b -> c -> a");
	assert_error("conn a\n\talso=a\n",
		     "/etc/ipsec.conf:2:7: also=a in conn 'a' creates a loop: "
		     "a -> a");
	/* ca and conn names are separate */
	assert_error("ca x\n\tcacert=a\nconn a\n\talso=x\n",
		     "/etc/ipsec.conf:4:7: conn 'a' includes unknown conn 'x' "
		     "(also=x)");
	/* also=%default and also= are no-ops */
	parse("conn %default\n\tleft=1\nconn a\n\talso=%default\n\talso=\n");
	assert_clean(cfg);
	assert_conn("a", "left", "1");
}
END_TEST

START_TEST(test_multiple_errors)
{
	parse("config setup\n"
	      "\tuniqueids=perhaps\n"
	      "conn a\n"
	      "\tleftsubet=1\n"
	      "\tauto=later\n"
	      "\talso=ghost\n"
	      "\tleft=\"unterminated\n"
	      "conm b\n"
	      "\tright=2\n"
	      "conn c\n"
	      "\tkeylife=forever\n"
	      "\tright=ok\n");
	assert_errors(cfg,
		"/etc/ipsec.conf:2:12: invalid value 'perhaps' for 'uniqueids' "
		"in config setup, expected yes, no, never, replace or keep",
		"/etc/ipsec.conf:4:2: unknown keyword 'leftsubet' in conn 'a', "
		"did you mean 'leftsubnet'?",
		"/etc/ipsec.conf:5:7: invalid value 'later' for 'auto' in conn "
		"'a', expected add, route, start or ignore",
		"/etc/ipsec.conf:7:7: syntax error, unterminated quoted value (a "
		"quoted value continues on the next line only after a backslash)",
		"/etc/ipsec.conf:8:1: unknown section type 'conm', did you mean "
		"'conn'?",
		"/etc/ipsec.conf:11:10: invalid value 'forever' for 'keylife' in "
		"conn 'c', expected a time like 30, 10s, 30m, 8h or 1d",
		"/etc/ipsec.conf:6:7: conn 'a' includes unknown conn 'ghost' "
		"(also=ghost)");
	/* the valid parts are still there, but the config must not be used */
	assert_conn("c", "right", "ok");
}
END_TEST

START_TEST(test_include)
{
	char expected[PATH_MAX + 128];

	write_file("main.conf",
		"include conns/*.conf\n"
		"include nomatch/*.conf\n"
		"conn main\n"
		"\talso=one\n"
		"\tinclude extra.conf\n");
	write_file("conns/one.conf", "conn one\n\tleft=1\n");
	write_file("conns/two.conf", "conn two\n\tleft=2\ninclude ../more.conf\n");
	write_file("more.conf", "conn three\n\tleft=3\n");
	/* indented lines of an included file continue the open section */
	write_file("extra.conf", "\tright=from-extra\n");
	cfg = config_parse_file(path_of("main.conf"));
	assert_clean(cfg);
	ck_assert_str_eq(conn_names(cfg), "one,two,three,main");
	assert_conn("main", "left", "1");
	assert_conn("main", "right", "from-extra");

	write_file("bad.conf", "conn x\n\tleft=1\ninclude missing.conf\n");
	cfg->destroy(cfg);
	cfg = config_parse_file(path_of("bad.conf"));
	snprintf(expected, sizeof(expected), "%s:3:9: cannot include '%s': No "
		 "such file or directory", path_of("bad.conf"),
		 path_of("missing.conf"));
	assert_errors(cfg, expected);

	write_file("loop.conf", "conn x\ninclude loop2.conf\n");
	write_file("loop2.conf", "conn y\ninclude loop.conf\n");
	cfg->destroy(cfg);
	cfg = config_parse_file(path_of("loop.conf"));
	snprintf(expected, sizeof(expected), "%s:2:9: include of '%s' is a loop: "
		 "%s is being read already", path_of("loop2.conf"),
		 path_of("loop.conf"), path_of("loop.conf"));
	assert_errors(cfg, expected);

	cfg->destroy(cfg);
	cfg = config_parse_file(path_of("nothere.conf"));
	snprintf(expected, sizeof(expected), "%s:1:1: cannot read file: No such "
		 "file or directory", path_of("nothere.conf"));
	assert_errors(cfg, expected);

	/* errors in an included file name that file */
	write_file("inc.conf", "include sub/err.conf\n");
	write_file("sub/err.conf", "conn e\n\tlefft=1\n");
	cfg->destroy(cfg);
	cfg = config_parse_file(path_of("inc.conf"));
	snprintf(expected, sizeof(expected), "%s:2:2: unknown keyword 'lefft' in "
		 "conn 'e', did you mean 'left'?", path_of("sub/err.conf"));
	assert_errors(cfg, expected);
}
END_TEST

START_TEST(test_write_roundtrip)
{
	const conf_section_t *conn;
	config_t *again;
	enumerator_t *e;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	parse("config setup\n\tcharondebug=\"ike 2\"\n"
	      "conn %default\n\tkeyexchange=ikev2\n"
	      "conn a\n\tleftid=\"tab\\tquote\\\"back\\\\slash\\nnewline\"\n"
	      "\tleftupdown=\"\"\n\tauto=add\n"
	      "conn b\n\talso=a\n\tright=%any\n"
	      "ca c\n\tcacert=c.pem\n");
	assert_clean(cfg);
	out = open_memstream(&text, &len);
	ck_assert(config_write(cfg, out));
	fclose(out);
	again = config_parse_string(text, len, "cache");
	assert_clean(again);
	ck_assert_int_eq(again->get_conn_count(again), 2);
	e = cfg->create_conn_enumerator(cfg);
	while (e->enumerate(e, &conn)) {
		ck_assert(conf_section_equals(conn,
					      again->get_conn(again, conn->name)));
	}
	e->destroy(e);
	ck_assert(conf_section_equals(cfg->get_ca(cfg, "c"),
				      again->get_ca(again, "c")));
	ck_assert(conf_section_equals(cfg->get_setup(cfg),
				      again->get_setup(again)));
	again->destroy(again);
	free(text);
}
END_TEST

static config_t *parse_new(const char *content)
{
	return config_parse_string(content, strlen(content), "new.conf");
}

START_TEST(test_diff)
{
	const conf_diff_entry_t *entry;
	config_t *old, *new;
	conf_diff_t *diff;
	enumerator_t *e;
	char *text = NULL, results[256] = "";
	size_t len = 0;
	FILE *out;

	old = parse_new("config setup\n\tuniqueids=yes\n"
			"conn %default\n\tkeyexchange=ikev2\n"
			"conn same\n\tleft=1\n\tauto=add\n"
			"conn gone\n\tleft=2\n\tauto=add\n"
			"conn moved\n\tleft=3\n"
			"conn edited\n\tleft=4\n\trightsubnet=10.0.0.0/8\n"
			"ca ca1\n\tcacert=a.pem\n");
	/* "moved" only changes where its value is set; "edited" gets a new
	 * value through %default */
	new = parse_new("config setup\n\tuniqueids=yes\n"
			"conn %default\n\tkeyexchange=ikev2\n\tmobike=no\n"
			"conn base\n\tleft=3\n"
			"conn moved\n\talso=base\n\tmobike=\n"
			"conn same\n\tleft=1\n\tauto=add\n\tmobike=\n"
			"conn edited\n\tleft=4\n\trightsubnet=10.1.0.0/16\n"
			"conn fresh\n\tleft=5\n\tauto=start\n"
			"ca ca1\n\tcacert=b.pem\n");
	assert_clean(old);
	assert_clean(new);
	diff = conf_diff_create(old, new);
	ck_assert_int_eq(diff->get_count(diff, CONF_ADDED), 2);
	ck_assert_int_eq(diff->get_count(diff, CONF_REMOVED), 1);
	ck_assert_int_eq(diff->get_count(diff, CONF_CHANGED), 2);
	ck_assert_int_eq(diff->get_count(diff, CONF_UNCHANGED), 2);
	ck_assert(!diff->setup_changed(diff));

	e = diff->create_enumerator(diff);
	while (e->enumerate(e, &entry)) {
		char one[48];

		snprintf(one, sizeof(one), "%s%s:%s:%d ", entry->type == CONF_CA ?
			 "ca " : "", entry->name, entry->change == CONF_ADDED ?
			 "added" : entry->change == CONF_REMOVED ? "removed" :
			 entry->change == CONF_CHANGED ? "changed" : "same",
			 (entry->old != NULL) + 2 * (entry->new != NULL));
		strcat(results, one);
	}
	e->destroy(e);
	ck_assert_str_eq(results, "ca ca1:changed:3 gone:removed:1 base:added:2 "
			 "moved:same:3 same:same:3 edited:changed:3 "
			 "fresh:added:2 ");

	out = open_memstream(&text, &len);
	diff->print(diff, out);
	fclose(out);
	ck_assert_str_eq(text,
		"changed ca 'ca1'\n"
		"    cacert: 'a.pem' -> 'b.pem'\n"
		"removed conn 'gone'\n"
		"added conn 'base'\n"
		"changed conn 'edited'\n"
		"    mobike: (unset) -> 'no'\n"
		"    rightsubnet: '10.0.0.0/8' -> '10.1.0.0/16'\n"
		"added conn 'fresh'\n"
		"2 added, 1 removed, 2 changed, 2 unchanged\n");
	free(text);
	diff->destroy(diff);

	/* config setup changes are reported, identical configs give nothing */
	new->destroy(new);
	new = parse_new("config setup\n\tuniqueids=no\n"
			"conn %default\n\tkeyexchange=ikev2\n"
			"conn same\n\tleft=1\n\tauto=add\n"
			"conn gone\n\tleft=2\n\tauto=add\n"
			"conn moved\n\tleft=3\n"
			"conn edited\n\tleft=4\n\trightsubnet=10.0.0.0/8\n"
			"ca ca1\n\tcacert=a.pem\n");
	diff = conf_diff_create(old, new);
	ck_assert(diff->setup_changed(diff));
	ck_assert_int_eq(diff->get_count(diff, CONF_UNCHANGED), 5);
	ck_assert_int_eq(diff->get_count(diff, CONF_ADDED) +
			 diff->get_count(diff, CONF_REMOVED) +
			 diff->get_count(diff, CONF_CHANGED), 0);
	diff->destroy(diff);
	old->destroy(old);
	new->destroy(new);
}
END_TEST

/* The pairs of a stroke message as "k=v;k=v;". */
static const char *pairs(stroke_msg_t *msg)
{
	static char buf[1024];
	const char *key, *value;
	enumerator_t *e;

	buf[0] = '\0';
	e = msg->create_enumerator(msg);
	while (e->enumerate(e, &key, &value)) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s=%s;",
			 key, value);
	}
	e->destroy(e);
	return buf;
}

START_TEST(test_stroke)
{
	stroke_msg_t *msg;

	parse("conn %default\n\tkeyexchange=ikev2\n"
	      "conn site\n\tleft=192.0.2.1\n\tleftid=\"C=CH, CN=a b\"\n"
	      "\tauto=start\n\tlifetime=1h\n"
	      "ca root\n\tcacert=root.pem\n\tauto=add\n");
	assert_clean(cfg);

	msg = conf_stroke_add(cfg->get_conn(cfg, "site"));
	ck_assert_str_eq(msg->get_command(msg), "add_conn");
	ck_assert_str_eq(pairs(msg), "name=site;auto=start;keyexchange=ikev2;"
			 "keylife=1h;left=192.0.2.1;leftid=C=CH, CN=a b;");
	ck_assert_str_eq(msg->get(msg, "leftid", NULL), "C=CH, CN=a b");
	msg->destroy(msg);

	msg = conf_stroke_add(cfg->get_ca(cfg, "root"));
	ck_assert_str_eq(msg->get_command(msg), "add_ca");
	ck_assert_str_eq(pairs(msg), "name=root;auto=add;cacert=root.pem;");
	msg->destroy(msg);

	msg = conf_stroke_del(CONF_CONN, "site");
	ck_assert_str_eq(msg->get_command(msg), "del_conn");
	ck_assert_str_eq(pairs(msg), "name=site;");
	msg->destroy(msg);

	msg = conf_stroke_del(CONF_CA, "root");
	ck_assert_str_eq(msg->get_command(msg), "del_ca");
	ck_assert_str_eq(pairs(msg), "name=root;");
	msg->destroy(msg);

	msg = conf_stroke_route("site");
	ck_assert_str_eq(msg->get_command(msg), "route");
	ck_assert_str_eq(pairs(msg), "name=site;");
	msg->destroy(msg);

	msg = conf_stroke_up_async("site");
	ck_assert_str_eq(msg->get_command(msg), "up");
	ck_assert_str_eq(pairs(msg), "name=site;async=yes;");
	msg->destroy(msg);
}
END_TEST

START_TEST(test_stroke_roundtrip)
{
	stroke_msg_t *msg, *parsed;
	const char *error = NULL;
	chunk_t frame;

	parse("conn x\n\tleftid=\"multi\\nline \\\\ value\"\n\tauto=add\n");
	assert_clean(cfg);
	msg = conf_stroke_add(cfg->get_conn(cfg, "x"));
	frame = msg->encode(msg);
	ck_assert_int_gt(frame.len, 4);
	parsed = stroke_msg_parse(chunk_skip(frame, 4), &error);
	ck_assert_msg(parsed, "parse failed: %s", error ? error : "?");
	ck_assert_str_eq(parsed->get_command(parsed), "add_conn");
	ck_assert_str_eq(pairs(parsed), pairs(msg));
	ck_assert_str_eq(parsed->get(parsed, "leftid", NULL),
			 "multi\nline \\ value");
	parsed->destroy(parsed);
	msg->destroy(msg);
	chunk_free(&frame);
}
END_TEST

START_TEST(test_keyword_table)
{
	const conf_kw_t *kw;
	unsigned int i, count = 0;

	for (i = 0; i < conf_kw_slots(); i++) {
		kw = conf_kw_at(i);
		if (!kw) {
			continue;
		}
		count++;
		ck_assert_ptr_eq(conf_kw_lookup(kw->name), kw);
		/* every left keyword has its right twin */
		if (strncmp(kw->name, "left", 4) == 0) {
			char twin[64];

			snprintf(twin, sizeof(twin), "right%s", kw->name + 4);
			ck_assert_msg(conf_kw_lookup(twin), "no %s", twin);
		}
		if (kw->alias) {
			ck_assert_ptr_nonnull(conf_kw_lookup(kw->alias));
		}
	}
	ck_assert_int_gt(count, 140);
	ck_assert_ptr_null(conf_kw_lookup("leftsubet"));
	ck_assert_ptr_null(conf_kw_lookup(""));
	ck_assert_ptr_null(conf_kw_at(conf_kw_slots()));
}
END_TEST

Suite *make_suite(void)
{
	Suite *suite = suite_create("starter config");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_realistic);
	tcase_add_test(tc, test_origins);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_default_anywhere);
	tcase_add_test(tc, test_also_order);
	tcase_add_test(tc, test_also_diamond);
	tcase_add_test(tc, test_merge_sections);
	tcase_add_test(tc, test_ca_sections);
	tcase_add_test(tc, test_empty_and_comments);
	tcase_add_test(tc, test_obsolete_warning);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_write_roundtrip);
	tcase_add_test(tc, test_keyword_table);
	suite_add_tcase(suite, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_error_unknown_keyword);
	tcase_add_test(tc, test_error_wrong_section);
	tcase_add_test(tc, test_error_values);
	tcase_add_test(tc, test_error_sections);
	tcase_add_test(tc, test_error_syntax);
	tcase_add_test(tc, test_error_also);
	tcase_add_test(tc, test_multiple_errors);
	suite_add_tcase(suite, tc);

	tc = tcase_create("diff and stroke");
	tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_stroke);
	tcase_add_test(tc, test_stroke_roundtrip);
	suite_add_tcase(suite, tc);

	return suite;
}
