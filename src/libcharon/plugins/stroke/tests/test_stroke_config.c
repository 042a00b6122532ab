/*
 * add_conn/del_conn: ipsec.conf keywords into peer/ike/child configs,
 * defaults, refused and invalid values, and traffic selector syntax.
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "test_runner.h"
#include "stroke_config.h"
#include "stroke_ts.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "config/backend_manager.h"

static char *err_text;
static size_t err_len;

/* Build a conn from NULL-terminated key/value pairs; errors in err_text. */
static peer_cfg_t *build(const char *first, ...)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	const char *key, *value;
	peer_cfg_t *peer;
	va_list args;
	FILE *err;

	free(err_text);
	err_text = NULL;
	err = open_memstream(&err_text, &err_len);
	va_start(args, first);
	for (key = first; key; key = va_arg(args, const char *)) {
		value = va_arg(args, const char *);
		msg->add(msg, key, value);
	}
	va_end(args);
	peer = stroke_config_build(msg, err);
	fclose(err);
	msg->destroy(msg);
	return peer;
}

static child_cfg_t *first_child(peer_cfg_t *peer)
{
	enumerator_t *e = peer->create_child_cfg_enumerator(peer);
	child_cfg_t *child = NULL;

	ck_assert(e->enumerate(e, &child));
	e->destroy(e);
	return child;
}

static char *ts_string(child_cfg_t *child, bool local)
{
	static char buf[2][512];
	linked_list_t *list = child->get_traffic_selectors(child, local, NULL, NULL);

	traffic_selector_list_to_str(list, buf[local], sizeof(buf[local]));
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	return buf[local];
}

static int count_proposals(linked_list_t *list)
{
	int n = list->get_count(list);

	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	return n;
}

START_TEST(test_site)
{
	peer_cfg_t *peer = build("name", "site", "left", "192.0.2.1", "right", "192.0.2.2",
				 "leftsubnet", "198.51.100.0/26", "rightsubnet", "198.51.100.64/26",
				 "authby", "secret", "ike", "aes128-sha256-x25519!",
				 "esp", "aes128gcm16!", "keyexchange", "ikev2", "auto", "add", NULL);
	ike_cfg_t *ike;
	child_cfg_t *child;
	auth_cfg_t *auth;
	lifetime_cfg_t life;

	ck_assert_msg(peer != NULL, "%s", err_text);
	ck_assert_str_eq(peer->get_name(peer), "site");
	ike = peer->get_ike_cfg(peer);
	ck_assert_str_eq(ike->get_my_addr(ike), "192.0.2.1");
	ck_assert_str_eq(ike->get_other_addr(ike), "192.0.2.2");
	ck_assert_int_eq(ike->get_my_port(ike), 500);
	ck_assert_int_eq(count_proposals(ike->get_proposals(ike)), 1);
	ck_assert_int_eq(ike->get_ke_method(ike), CURVE_25519);
	ck_assert(ike->fragmentation(ike));
	ck_assert(!ike->force_encap(ike));

	auth = peer->get_auth(peer, true);
	ck_assert_int_eq(auth->auth, AUTH_CLASS_PSK);
	ck_assert_str_eq(auth->id->to_string(auth->id), "192.0.2.1");
	auth = peer->get_auth(peer, false);
	ck_assert_int_eq(auth->auth, AUTH_CLASS_PSK);
	ck_assert_str_eq(auth->id->to_string(auth->id), "192.0.2.2");

	/* ikelifetime 3h - margintime 9m, reauth (default), fuzz 100% */
	ck_assert_int_eq(peer->get_reauth_time(peer, false), 10800 - 540);
	ck_assert_int_eq(peer->get_rekey_time(peer, false), 0);
	ck_assert_int_eq(peer->get_over_time(peer), 540);
	ck_assert_int_eq(peer->get_keyingtries(peer), 3);
	ck_assert_int_eq(peer->get_dpd(peer), 0);
	ck_assert_int_eq(peer->get_unique_policy(peer), UNIQUE_REPLACE);
	ck_assert(peer->use_mobike(peer));

	child = first_child(peer);
	ck_assert_str_eq(child->get_name(child), "site");
	ck_assert_int_eq(child->get_mode(child), MODE_TUNNEL);
	ck_assert_str_eq(ts_string(child, true), "198.51.100.0/26");
	ck_assert_str_eq(ts_string(child, false), "198.51.100.64/26");
	ck_assert_int_eq(count_proposals(child->get_proposals(child, false)), 1);
	life = child->get_lifetime(child, false);
	ck_assert_int_eq(life.time.life, 3600);
	ck_assert_int_eq(life.time.rekey, 3600 - 540);
	ck_assert_int_eq(life.bytes.life, 0);
	ck_assert_int_eq(child->get_start_action(child), ACTION_NONE);
	ck_assert_int_eq(child->get_replay_window(child), 32);
	peer->destroy(peer);
}
END_TEST

START_TEST(test_defaults)
{
	peer_cfg_t *peer = build("name", "d", NULL);
	child_cfg_t *child;
	ike_cfg_t *ike;

	ck_assert_msg(peer != NULL, "%s", err_text);
	ike = peer->get_ike_cfg(peer);
	ck_assert_str_eq(ike->get_my_addr(ike), "%any");
	ck_assert_str_eq(ike->get_other_addr(ike), "%any");
	/* ike=/esp= defaults, plus strongSwan's default proposals (not strict) */
	ck_assert_int_gt(count_proposals(ike->get_proposals(ike)), 1);
	ck_assert_int_eq(peer->get_auth(peer, true)->auth, AUTH_CLASS_PUBKEY);
	ck_assert_int_eq(peer->get_auth(peer, true)->id->get_type(peer->get_auth(peer, true)->id),
			 ID_ANY);
	child = first_child(peer);
	ck_assert_int_gt(count_proposals(child->get_proposals(child, false)), 0);
	ck_assert_str_eq(ts_string(child, true), "dynamic");
	ck_assert_str_eq(ts_string(child, false), "dynamic");
	peer->destroy(peer);
}
END_TEST

START_TEST(test_options)
{
	peer_cfg_t *peer = build("name", "o", "left", "%defaultroute", "right", "vpn.example.com",
		"leftid", "@me.example", "leftauth", "pubkey", "rightauth", "psk",
		"leftsubnet", "10.0.0.0/8[tcp/80],192.0.2.5,10.1.0.1-10.1.0.9",
		"rightprotoport", "udp/1000-2000", "type", "transport",
		"ikelifetime", "1h", "lifetime", "20m", "margintime", "5m", "rekeyfuzz", "50%",
		"reauth", "no", "keyingtries", "%forever", "dpdaction", "restart",
		"dpddelay", "10s", "dpdtimeout", "60", "closeaction", "hold", "auto", "route",
		"leftupdown", "/bin/true", "lefthostaccess", "yes", "reqid", "7",
		"replay_window", "64", "mobike", "no", "forceencaps", "yes",
		"fragmentation", "no", "lifebytes", "1000000", "marginbytes", "1000",
		"lifepackets", "500", "marginpackets", "50", "uniqueids", "never",
		"leftikeport", "4500", "rightikeport", "4501", "compress", "no",
		"also", "base", "leftcert", "me.pem", "rightca", "C=CH, CN=CA",
		"leftsendcert", "always", "aggressive", "no", "mediation", "no", NULL);
	child_cfg_t *child;
	lifetime_cfg_t life;
	ike_cfg_t *ike;
	auth_cfg_t *auth;

	ck_assert_msg(peer != NULL, "%s", err_text);
	ike = peer->get_ike_cfg(peer);
	ck_assert_int_eq(ike->get_my_port(ike), 4500);
	ck_assert_int_eq(ike->get_other_port(ike), 4501);
	ck_assert(ike->force_encap(ike));
	ck_assert(!ike->fragmentation(ike));
	ck_assert_int_eq(peer->get_rekey_time(peer, false), 3600 - 300);
	ck_assert_int_eq(peer->get_reauth_time(peer, false), 0);
	ck_assert_int_eq(peer->get_keyingtries(peer), 0);
	ck_assert_int_eq(peer->get_dpd(peer), 10);
	ck_assert_int_eq(peer->get_dpd_timeout(peer), 60);
	ck_assert_int_eq(peer->get_unique_policy(peer), UNIQUE_NEVER);
	ck_assert(!peer->use_mobike(peer));
	auth = peer->get_auth(peer, true);
	ck_assert_int_eq(auth->auth, AUTH_CLASS_PUBKEY);
	ck_assert_str_eq(auth->id->to_string(auth->id), "me.example");
	ck_assert_str_eq(auth->cert, "me.pem");
	ck_assert_int_eq(auth->send_cert, 1);
	auth = peer->get_auth(peer, false);
	ck_assert_int_eq(auth->auth, AUTH_CLASS_PSK);
	ck_assert_int_eq(auth->id->get_type(auth->id), ID_FQDN);
	ck_assert_ptr_nonnull(auth->ca);

	child = first_child(peer);
	ck_assert_int_eq(child->get_mode(child), MODE_TRANSPORT);
	ck_assert_str_eq(ts_string(child, true),
			 "10.0.0.0/8[tcp/80] 192.0.2.5/32 10.1.0.1..10.1.0.9");
	ck_assert_str_eq(ts_string(child, false), "dynamic[udp/1000-2000]");
	life = child->get_lifetime(child, false);
	ck_assert_int_eq(life.time.life, 1200);
	ck_assert_int_eq(life.time.rekey, 900);
	ck_assert_int_eq(life.bytes.life, 1000000);
	ck_assert_int_eq(life.bytes.rekey, 999000);
	ck_assert_int_eq(life.packets.life, 500);
	ck_assert_int_eq(life.packets.rekey, 450);
	ck_assert_int_eq(child->get_start_action(child), ACTION_ROUTE);
	ck_assert_int_eq(child->get_dpd_action(child), ACTION_RESTART);
	ck_assert_int_eq(child->get_close_action(child), ACTION_ROUTE);
	ck_assert_str_eq(child->get_updown(child), "/bin/true");
	ck_assert(child->get_hostaccess(child));
	ck_assert_int_eq(child->get_reqid(child), 7);
	ck_assert_int_eq(child->get_replay_window(child), 64);
	peer->destroy(peer);
}
END_TEST

START_TEST(test_rekey_no)
{
	peer_cfg_t *peer = build("name", "n", "rekey", "no", "margintime", "2h", NULL);
	lifetime_cfg_t life;

	ck_assert_msg(peer != NULL, "%s", err_text);
	ck_assert_int_eq(peer->get_rekey_time(peer, false), 0);
	ck_assert_int_eq(peer->get_reauth_time(peer, false), 0);
	life = first_child(peer)->get_lifetime(first_child(peer), false);
	ck_assert_int_eq(life.time.rekey, 0);
	ck_assert_int_eq(life.time.life, 3600);
	peer->destroy(peer);
}
END_TEST

/* Each bad conn: no config, and an error naming keyword and value. */
START_TEST(test_rejects)
{
	static const struct {
		const char *key;
		const char *value;
		const char *error;
	} cases[] = {
		{ "foo", "bar", "unknown keyword 'foo' (value 'bar')" },
		{ "ikelifetime", "3x", "invalid value ikelifetime=3x" },
		{ "keylife", "", "invalid value keylife=" },
		{ "rekey", "maybe", "invalid value rekey=maybe" },
		{ "rekeyfuzz", "abc%", "invalid value rekeyfuzz=abc%" },
		{ "reqid", "4294967296", "invalid value reqid=4294967296" },
		{ "leftikeport", "0", "invalid value leftikeport=0" },
		{ "leftikeport", "65536", "invalid value leftikeport=65536" },
		{ "keyingtries", "-1", "invalid value keyingtries=-1" },
		{ "type", "passthrough", "type=passthrough is not supported" },
		{ "keyexchange", "ikev1", "keyexchange=ikev1 is not supported" },
		{ "authby", "never", "authby=never is not supported" },
		{ "authby", "xauthpsk", "authby=xauthpsk is not supported" },
		{ "leftauth", "eap-md5", "leftauth=eap-md5 is not supported" },
		{ "rightauth", "foo", "invalid value rightauth=foo" },
		{ "leftsourceip", "%foo", "leftsourceip=%foo: expected %config" },
		{ "rightsourceip", "%dhcp", "rightsourceip=%dhcp: only address pools" },
		{ "rightsourceip", "10.3.0.0/33", "rightsourceip=10.3.0.0/33: invalid address pool" },
		{ "rightdns", "dns.example", "rightdns=dns.example: expected IP addresses" },
		{ "mark", "42", "mark=42: marks are not supported" },
		{ "ah", "sha256", "ah=sha256: AH is not supported" },
		{ "mediation", "yes", "mediation=yes is not supported" },
		{ "ike", "aes129-sha256-x25519", "ike=aes129-sha256-x25519: " },
		{ "esp", "aes128-bogus", "esp=aes128-bogus: " },
		{ "leftsubnet", "10.0.0.0/33", "leftsubnet=10.0.0.0/33: invalid subnet" },
		{ "rightsubnet", "10.0.0.0/8[tcp", "rightsubnet=10.0.0.0/8[tcp: invalid selector" },
		{ "rightprotoport", "tcp/99999", "rightsubnet=: invalid port '99999'" },
		{ "leftprotoport", "foo/80", "leftsubnet=: unknown protocol 'foo'" },
		{ "left", "192.0.2.1 192.0.2.2", "invalid value left=192.0.2.1 192.0.2.2" },
		{ "right", "%anywhere", "invalid value right=%anywhere" },
		{ "right", "192.0.2.1,", "invalid value right=192.0.2.1," },
		{ "ikedscp", "12", "invalid value ikedscp=12" },
		{ "keylife", "5m", "keylife (300) must be larger than its margin (540)" },
		{ "ikelifetime", "9m", "ikelifetime (540) must be larger than its margin (540)" },
		{ "marginbytes", "10", "lifebytes" },
	};
	peer_cfg_t *peer;

	for (size_t i = 0; i < countof(cases); i++) {
		if (streq(cases[i].key, "marginbytes")) {
			peer = build("name", "bad", "lifebytes", "10", "marginbytes", "10", NULL);
		} else {
			peer = build("name", "bad", cases[i].key, cases[i].value, NULL);
		}
		ck_assert_msg(peer == NULL, "accepted %s=%s", cases[i].key, cases[i].value);
		ck_assert_msg(strstr(err_text, cases[i].error), "%s=%s: '%s'", cases[i].key,
			      cases[i].value, err_text);
		ck_assert(strncmp(err_text, "conn 'bad': ", 12) == 0);
	}
	ck_assert_ptr_null(build("left", "192.0.2.1", NULL));
	ck_assert(strstr(err_text, "invalid or missing name"));
	ck_assert_ptr_null(build("name", "a[1]", NULL));
	ck_assert_ptr_null(build("name", "", NULL));
}
END_TEST

START_TEST(test_ts_syntax)
{
	static const struct {
		const char *subnets, *protoport, *result;
	} ok[] = {
		{ NULL, NULL, "dynamic" },
		{ "%dynamic", "tcp", "dynamic[tcp]" },
		{ "10.0.0.0/8, 2001:db8::/32", NULL, "10.0.0.0/8 2001:db8::/32" },
		{ "0.0.0.0/0", "icmp/8", "0.0.0.0/0[icmp/8]" },
		{ "%any6", "%any/%any", "::/0" },
		{ "10.0.0.0/8", "tcp/%opaque", "10.0.0.0/8[tcp/OPAQUE]" },
		{ "10.0.0.0/8[udp/53]", "tcp/80", "10.0.0.0/8[udp/53]" },
		{ "10.0.0.0/8", "17", "10.0.0.0/8[udp]" },
		{ "10.0.0.0/8", "tcp/https", "10.0.0.0/8[tcp/443]" },
	};
	static const char *bad[][2] = {
		{ "", NULL }, { "10.0.0.0/8,", NULL }, { "10.0.0.300", NULL },
		{ "10.0.0.9-10.0.0.1", NULL }, { "10.0.0.1-2001:db8::1", NULL },
		{ "10.0.0.0/8", "tcp/80-70" }, { "10.0.0.0/8", "icmp/256" },
		{ "10.0.0.0/8", "tcp/" }, { "10.0.0.0/8[tcp/80]x", NULL },
	};
	linked_list_t *list;
	char err[128], buf[512];

	for (size_t i = 0; i < countof(ok); i++) {
		list = stroke_ts_parse(ok[i].subnets, ok[i].protoport, err, sizeof(err));
		ck_assert_msg(list != NULL, "%s: %s", ok[i].subnets, err);
		ck_assert_str_eq(traffic_selector_list_to_str(list, buf, sizeof(buf)), ok[i].result);
		list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	}
	for (size_t i = 0; i < countof(bad); i++) {
		err[0] = '\0';
		ck_assert_msg(stroke_ts_parse(bad[i][0], bad[i][1], err, sizeof(err)) == NULL,
			      "accepted '%s' '%s'", bad[i][0], bad[i][1] ? bad[i][1] : "");
		ck_assert(err[0]);
	}
}
END_TEST

static daemon_t fake_daemon;

static void daemon_setup(void)
{
	fake_daemon = (daemon_t){ .backends = backend_manager_create() };
	charon = &fake_daemon;
}

static void daemon_teardown(void)
{
	fake_daemon.backends->destroy(fake_daemon.backends);
	charon = NULL;
}

static int run(int (*fn)(stroke_msg_t *, FILE *, FILE *), stroke_msg_t *msg, char **out_text)
{
	size_t len;
	FILE *out = open_memstream(out_text, &len), *err;
	int status;

	free(err_text);
	err_text = NULL;
	err = open_memstream(&err_text, &err_len);
	status = fn(msg, out, err);
	fclose(out);
	fclose(err);
	return status;
}

START_TEST(test_add_del)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	peer_cfg_t *peer;
	char *out = NULL;

	msg->add(msg, "name", "site");
	msg->add(msg, "right", "192.0.2.2");
	ck_assert_int_eq(run(stroke_config_add, msg, &out), 0);
	ck_assert_str_eq(out, "added configuration 'site'\n");
	free(out);
	ck_assert_int_eq(run(stroke_config_add, msg, &out), 0);
	ck_assert_str_eq(out, "configuration 'site' unchanged\n");
	free(out);
	msg->add(msg, "left", "192.0.2.1");
	ck_assert_int_eq(run(stroke_config_add, msg, &out), 0);
	ck_assert_str_eq(out, "replaced configuration 'site'\n");
	free(out);
	peer = charon->backends->get_peer_cfg_by_name(charon->backends, "site");
	ck_assert_ptr_nonnull(peer);
	ck_assert_str_eq(peer->get_ike_cfg(peer)->get_my_addr(peer->get_ike_cfg(peer)),
			 "192.0.2.1");
	peer->destroy(peer);

	msg->add(msg, "bogus", "1");
	ck_assert_int_eq(run(stroke_config_add, msg, &out), 1);
	ck_assert_str_eq(out, "");
	ck_assert(strstr(err_text, "unknown keyword 'bogus'"));
	free(out);
	msg->destroy(msg);

	msg = stroke_msg_create("del_conn");
	msg->add(msg, "name", "site");
	ck_assert_int_eq(run(stroke_config_del, msg, &out), 0);
	ck_assert_str_eq(out, "deleted configuration 'site'\n");
	free(out);
	ck_assert_int_eq(run(stroke_config_del, msg, &out), 1);
	ck_assert_str_eq(err_text, "no configuration named 'site' found\n");
	free(out);
	msg->destroy(msg);
	ck_assert_ptr_null(charon->backends->get_peer_cfg_by_name(charon->backends, "site"));

	msg = stroke_msg_create("del_conn");
	ck_assert_int_eq(run(stroke_config_del, msg, &out), 2);
	free(out);
	msg->destroy(msg);
}
END_TEST

static void free_err(void)
{
	free(err_text);
	err_text = NULL;
}

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_config");
	TCase *tc = tcase_create("build");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_unchecked_fixture(tc, NULL, free_err);
	tcase_add_test(tc, test_site);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_rekey_no);
	tcase_add_test(tc, test_rejects);
	tcase_add_test(tc, test_ts_syntax);
	suite_add_tcase(s, tc);

	tc = tcase_create("backends");
	tcase_add_checked_fixture(tc, daemon_setup, daemon_teardown);
	tcase_add_unchecked_fixture(tc, NULL, free_err);
	tcase_add_test(tc, test_add_del);
	suite_add_tcase(s, tc);
	return s;
}
