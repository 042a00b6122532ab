/*
 * status/statusall formatting against strongSwan 5.9.8's layout (lines
 * copied from `ipsec statusall` of a real strongSwan), with fake SAs; the
 * JSON writer and the JSON status document.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>

#include "test_runner.h"
#include "fake_sa.h"
#include "stroke_status.h"
#include "stroke_config.h"
#include "stroke_json.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "config/backend_manager.h"

static char *text;
static size_t text_len;

static FILE *capture(void)
{
	free(text);
	text = NULL;
	return open_memstream(&text, &text_len);
}

static const char *captured(FILE *out)
{
	fclose(out);
	return text;
}

START_TEST(test_delta)
{
	static const struct {
		time_t delta;
		const char *text;
	} cases[] = {
		{ 0, "0 seconds" }, { 1, "1 second" }, { 84, "84 seconds" },
		{ 120, "120 seconds" }, { 121, "2 minutes" }, { 2700, "45 minutes" },
		{ 7200, "120 minutes" }, { 9852, "2 hours" }, { 172800, "48 hours" },
		{ 172801, "2 days" }, { -5, "5 seconds" },
	};
	char buf[32];

	for (size_t i = 0; i < countof(cases); i++) {
		ck_assert_str_eq(stroke_status_delta(cases[i].delta, buf, sizeof(buf)),
				 cases[i].text);
	}
}
END_TEST

START_TEST(test_child_proposal)
{
	proposal_t *p;
	char buf[128];

	p = fake_proposal(PROTO_ESP, 2, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128,
			  TRANSFORM_ESN, NO_EXT_SEQ, 0);
	ck_assert_str_eq(stroke_status_child_proposal(p, buf, sizeof(buf)), "AES_GCM_16_128");
	p->destroy(p);
	p = fake_proposal(PROTO_ESP, 3, TRANSFORM_ENCR, ENCR_AES_CBC, 128,
			  TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	ck_assert_str_eq(stroke_status_child_proposal(p, buf, sizeof(buf)),
			 "AES_CBC_128/HMAC_SHA2_256_128");
	p->destroy(p);
	p = fake_proposal(PROTO_ESP, 3, TRANSFORM_ENCR, ENCR_CHACHA20_POLY1305, 0,
			  TRANSFORM_KE, CURVE_25519, 0, TRANSFORM_ESN, EXT_SEQ, 0);
	ck_assert_str_eq(stroke_status_child_proposal(p, buf, sizeof(buf)),
			 "CHACHA20_POLY1305/CURVE_25519/ESN");
	p->destroy(p);
	ck_assert_str_eq(stroke_status_child_proposal(NULL, buf, sizeof(buf)), "");
}
END_TEST

/* The IKE_SA of DESIGN.md §3, established 5 s ago, reauth in ~2 h. */
static fake_ike_t *site_sa(time_t now)
{
	fake_ike_t *ike = fake_ike_create("site", 1, IKE_ESTABLISHED, "192.0.2.1", "192.0.2.2");
	fake_child_t *child;

	ike->my_id = identification_create_from_string("192.0.2.1");
	ike->other_id = identification_create_from_string("192.0.2.2");
	ike->sa_id = (ike_sa_id_t){ .initiator_spi = 0xc78c59e8e7591688ULL,
				    .responder_spi = 0x5e0ebf1a8bd373bbULL, .initiator = true };
	ike->stats[STAT_ESTABLISHED] = now - 5;
	ike->stats[STAT_REAUTH] = now + 9852;
	ike->auth = AUTH_CLASS_PSK;
	ike->proposal = fake_proposal(PROTO_IKE, 4, TRANSFORM_ENCR, ENCR_AES_CBC, 128,
				      TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0,
				      TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0,
				      TRANSFORM_KE, CURVE_25519, 0);
	child = fake_child_create("site", 1, "198.51.100.0/26", "198.51.100.64/26");
	child->encap = true;
	child->spi_in = htonl(0xf155e3db);
	child->spi_out = htonl(0x77f4fc83);
	child->proposal = fake_proposal(PROTO_ESP, 2, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128,
					TRANSFORM_ESN, NO_EXT_SEQ, 0);
	child->bytes[0] = child->bytes[1] = 84;
	child->rekey = now + 44 * 60 + 30;
	fake_ike_add_child(ike, child);
	return ike;
}

static void print_sa(FILE *out, fake_ike_t *ike, bool all, time_t now)
{
	enumerator_t *e;
	child_sa_t *child;

	stroke_status_ike_sa(out, &ike->public, all, now);
	e = ike->public.create_child_sa_enumerator(&ike->public);
	while (e->enumerate(e, &child)) {
		stroke_status_child_sa(out, child, all, now);
	}
	e->destroy(e);
}

START_TEST(test_established_statusall)
{
	time_t now = 100000;
	fake_ike_t *ike = site_sa(now);
	char spis[64], expected[2048];
	FILE *out = capture();

	ike_sa_id_print(&ike->sa_id, spis, sizeof(spis));
	snprintf(expected, sizeof(expected),
"        site[1]: ESTABLISHED 5 seconds ago, 192.0.2.1[192.0.2.1]...192.0.2.2[192.0.2.2]\n"
"        site[1]: IKEv2 SPIs: %s, pre-shared key reauthentication in 2 hours\n"
"        site[1]: IKE proposal: AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519\n"
"        site{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: f155e3db_i 77f4fc83_o\n"
"        site{1}:  AES_GCM_16_128, 84 bytes_i, 84 bytes_o, rekeying in 44 minutes\n"
"        site{1}:   198.51.100.0/26 === 198.51.100.64/26\n", spis);
	print_sa(out, ike, true, now);
	ck_assert_str_eq(captured(out), expected);
	ck_assert(strstr(spis, "_i* ") && strstr(spis, "_r"));
	ike->public.destroy(&ike->public);
}
END_TEST

START_TEST(test_established_status)
{
	time_t now = 100000;
	fake_ike_t *ike = site_sa(now);
	FILE *out = capture();

	print_sa(out, ike, false, now);
	ck_assert_str_eq(captured(out),
"        site[1]: ESTABLISHED 5 seconds ago, 192.0.2.1[192.0.2.1]...192.0.2.2[192.0.2.2]\n"
"        site{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: f155e3db_i 77f4fc83_o\n"
"        site{1}:   198.51.100.0/26 === 198.51.100.64/26\n");
	ike->public.destroy(&ike->public);
}
END_TEST

/* As strongSwan printed a conn with rekey=no and one ping through it. */
START_TEST(test_rekey_disabled_packets)
{
	time_t now = 5000;
	fake_ike_t *ike = fake_ike_create("norekey", 3, IKE_ESTABLISHED, "192.0.2.1",
					  "192.0.2.2");
	fake_child_t *child = fake_child_create("norekey", 4, "198.51.100.0/26",
						"198.51.100.64/26");
	FILE *out = capture();

	ike->my_id = identification_create_from_string("a@example.org");
	ike->other_id = identification_create_from_string("@b.example");
	ike->stats[STAT_ESTABLISHED] = now;
	child->reqid = 2;
	child->encap = true;
	child->spi_in = htonl(0x8af40c6a);
	child->spi_out = htonl(0x226c3682);
	child->proposal = fake_proposal(PROTO_ESP, 3, TRANSFORM_ENCR, ENCR_AES_CBC, 128,
					TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0,
					TRANSFORM_ESN, NO_EXT_SEQ, 0);
	child->bytes[0] = child->bytes[1] = 84;
	child->packets[0] = child->packets[1] = 1;
	child->used[0] = child->used[1] = now;
	fake_ike_add_child(ike, child);
	stroke_status_ike_sa(out, &ike->public, false, now);
	stroke_status_child_sa(out, &child->public, true, now);
	ck_assert_str_eq(captured(out),
"     norekey[3]: ESTABLISHED 0 seconds ago, 192.0.2.1[a@example.org]...192.0.2.2[b.example]\n"
"     norekey{4}:  INSTALLED, TUNNEL, reqid 2, ESP in UDP SPIs: 8af40c6a_i 226c3682_o\n"
"     norekey{4}:  AES_CBC_128/HMAC_SHA2_256_128, 84 bytes_i (1 pkt, 0s ago), 84 bytes_o "
"(1 pkt, 0s ago), rekeying disabled\n"
"     norekey{4}:   198.51.100.0/26 === 198.51.100.64/26\n");

	child->packets[1] = 2;
	child->used[1] = now - 30;
	child->rekey = now - 1;
	child->encap = false;
	out = capture();
	stroke_status_child_sa(out, &child->public, true, now);
	ck_assert(strstr(captured(out), ", ESP SPIs: 8af40c6a_i 226c3682_o\n"));
	ck_assert(strstr(text, "84 bytes_i (2 pkts, 30s ago), 84 bytes_o (1 pkt, 0s ago), "
			 "rekeying active\n"));

	ike->stats[STAT_ESTABLISHED] = now;
	out = capture();
	ike->sa_id.initiator = false;
	stroke_status_ike_sa(out, &ike->public, true, now);
	ck_assert(strstr(captured(out), ", rekeying disabled\n"));
	ck_assert(strstr(text, "_r*"));
	ck_assert(!strstr(text, "IKE proposal"));
	ike->public.destroy(&ike->public);
}
END_TEST

START_TEST(test_connecting)
{
	fake_ike_t *ike = fake_ike_create("dpd", 2, IKE_CONNECTING, "192.0.2.1", "192.0.2.3");
	char spis[64], expected[512];
	FILE *out = capture();

	ike->sa_id = (ike_sa_id_t){ .initiator_spi = 0x2ba0169c7b595dcbULL, .initiator = true };
	ike->stats[STAT_REKEY] = 50;
	ike_sa_id_print(&ike->sa_id, spis, sizeof(spis));
	snprintf(expected, sizeof(expected),
		 "         dpd[2]: CONNECTING, 192.0.2.1[%%any]...192.0.2.3[%%any]\n"
		 "         dpd[2]: IKEv2 SPIs: %s\n", spis);
	stroke_status_ike_sa(out, &ike->public, true, 10);
	ck_assert_str_eq(captured(out), expected);
	ike->public.destroy(&ike->public);
}
END_TEST

START_TEST(test_rekey_and_reauth)
{
	fake_ike_t *ike = fake_ike_create("x", 7, IKE_ESTABLISHED, "192.0.2.1", "192.0.2.2");
	peer_cfg_t *peer;
	FILE *out = capture();

	peer = peer_cfg_create("x", ike_cfg_create(&(ike_cfg_create_t){ .local = "%any",
							.remote = "%any" }),
			       &(peer_cfg_create_t){ .rekey_time = 1 });
	peer->get_auth(peer, true)->auth = AUTH_CLASS_PUBKEY;
	ike->peer_cfg = peer;
	ike->auth = AUTH_CLASS_PSK;
	ike->stats[STAT_ESTABLISHED] = 1;
	ike->stats[STAT_REKEY] = 1000 + 3 * 24 * 3600;
	ike->stats[STAT_REAUTH] = 1000 + 100;
	stroke_status_ike_sa(out, &ike->public, true, 1000);
	/* the conn's local auth wins over what the SA recorded */
	ck_assert_msg(strstr(captured(out), ", rekeying in 3 days, public key reauthentication in "
			 "100 seconds\n"), "%s", text);
	ike->public.destroy(&ike->public);
}
END_TEST

/* Conns as real strongSwan printed them in statusall's Connections. */
static void add_pairs(stroke_msg_t *msg, const char **pairs)
{
	for (; *pairs; pairs += 2) {
		msg->add(msg, pairs[0], pairs[1]);
	}
}

static const char *conn_lines(const char **pairs)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	FILE *out = capture(), *err;
	char *err_text = NULL;
	size_t err_len;
	peer_cfg_t *peer;

	err = open_memstream(&err_text, &err_len);
	add_pairs(msg, pairs);
	peer = stroke_config_build(msg, err);
	fclose(err);
	ck_assert_msg(peer != NULL, "%s", err_text);
	free(err_text);
	stroke_status_conn(out, peer);
	peer->destroy(peer);
	msg->destroy(msg);
	return captured(out);
}

START_TEST(test_conns)
{
	const char *site[] = { "name", "site", "left", "192.0.2.1", "right", "192.0.2.2",
			       "leftid", "192.0.2.1", "leftsubnet", "198.51.100.0/26",
			       "rightsubnet", "198.51.100.64/26", "authby", "secret", NULL };
	const char *other[] = { "name", "other", "left", "192.0.2.1", "right", "192.0.2.99",
				"rightid", "@peer.example", "leftsubnet", "10.1.0.0/16,10.2.0.0/16",
				"rightsubnet", "10.3.0.0/16", "authby", "pubkey", "leftcert",
				"none.pem", "type", "transport", NULL };
	const char *dpd[] = { "name", "dpd", "left", "192.0.2.1", "right", "192.0.2.3",
			      "leftsubnet", "10.9.0.0/24", "rightsubnet", "10.8.0.0/24[tcp/443]",
			      "authby", "secret", "dpdaction", "restart", "dpddelay", "10",
			      "closeaction", "restart", "reauth", "no", "auto", "route", NULL };
	const char *v6[] = { "name", "v6", "left", "%any", "right", "2001:db8::2",
			     "leftsubnet", "2001:db8:1::/64", "rightsubnet", "2001:db8:2::/64",
			     "authby", "secret", NULL };
	const char *dyn[] = { "name", "dyn", "right", "192.0.2.2", "dpdaction", "clear", NULL };

	ck_assert_str_eq(conn_lines(site),
"        site:  192.0.2.1...192.0.2.2  IKEv2\n"
"        site:   local:  [192.0.2.1] uses pre-shared key authentication\n"
"        site:   remote: [192.0.2.2] uses pre-shared key authentication\n"
"        site:   child:  198.51.100.0/26 === 198.51.100.64/26 TUNNEL\n");
	ck_assert_str_eq(conn_lines(other),
"       other:  192.0.2.1...192.0.2.99  IKEv2\n"
"       other:   local:  [192.0.2.1] uses public key authentication\n"
"       other:   remote: [peer.example] uses public key authentication\n"
"       other:   child:  10.1.0.0/16 10.2.0.0/16 === 10.3.0.0/16 TRANSPORT\n");
	ck_assert_str_eq(conn_lines(dpd),
"         dpd:  192.0.2.1...192.0.2.3  IKEv2, dpddelay=10s\n"
"         dpd:   local:  [192.0.2.1] uses pre-shared key authentication\n"
"         dpd:   remote: [192.0.2.3] uses pre-shared key authentication\n"
"         dpd:   child:  10.9.0.0/24 === 10.8.0.0/24[tcp/443] TUNNEL, dpdaction=start\n");
	ck_assert_str_eq(conn_lines(v6),
"          v6:  %any...2001:db8::2  IKEv2\n"
"          v6:   local:  uses pre-shared key authentication\n"
"          v6:   remote: [2001:db8::2] uses pre-shared key authentication\n"
"          v6:   child:  2001:db8:1::/64 === 2001:db8:2::/64 TUNNEL\n");
	ck_assert_str_eq(conn_lines(dyn),
"         dyn:  %any...192.0.2.2  IKEv2, dpddelay=30s\n"
"         dyn:   local:  uses public key authentication\n"
"         dyn:   remote: [192.0.2.2] uses public key authentication\n"
"         dyn:   child:  dynamic === dynamic TUNNEL, dpdaction=none\n");
}
END_TEST

START_TEST(test_routed)
{
	fake_child_t *child = fake_child_create("trap", 9, "10.9.0.0/24", "10.8.0.0/24");
	FILE *out = capture();

	child->state = CHILD_ROUTED;
	stroke_status_routed(out, NULL, &child->public);
	ck_assert_str_eq(captured(out),
"        trap{9}:  ROUTED, TUNNEL, reqid 9\n"
"        trap{9}:   10.9.0.0/24 === 10.8.0.0/24\n");
	child->public.destroy(&child->public);
}
END_TEST

START_TEST(test_json_writer)
{
	FILE *out = capture();
	stroke_json_t *json = stroke_json_create(out);

	json->begin_object(json, NULL);
	json->string(json, "s", "a\"b\\c\nd\te\x01\x7f");
	json->string(json, "u", "gr\xc3\xbc\xc3\x9f \xff x \xc3");
	json->string(json, "n", NULL);
	json->integer(json, "i", -42);
	json->boolean(json, "t", true);
	json->begin_array(json, "a");
	json->stringf(json, NULL, "%d-%s", 7, "x");
	json->begin_object(json, NULL);
	json->end_object(json);
	json->begin_array(json, NULL);
	json->end_array(json);
	json->end_array(json);
	json->begin_object(json, "open");
	json->destroy(json);
	ck_assert_str_eq(captured(out),
"{\n"
"  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\",\n"
"  \"u\": \"gr\xc3\xbc\xc3\x9f \\ufffd x \\ufffd\",\n"
"  \"n\": null,\n"
"  \"i\": -42,\n"
"  \"t\": true,\n"
"  \"a\": [\n"
"    \"7-x\",\n"
"    {},\n"
"    []\n"
"  ],\n"
"  \"open\": {}\n"
"}\n");
}
END_TEST

/* A daemon with fakes: real backends, fake IKE_SA manager, no controller. */
static daemon_t fake_daemon;
static linked_list_t *sas;

static void daemon_setup(void)
{
	setenv("IPSEC_CONFDIR", "/nonexistent-cygnet-test", 1);
	library_init(NULL, "charon");
	sas = linked_list_create();
	fake_daemon = (daemon_t){
		.backends = backend_manager_create(),
		.ike_sa_manager = fake_manager_create(sas),
		.start_time = time(NULL) - 84,
	};
	charon = &fake_daemon;
}

static void daemon_teardown(void)
{
	charon = NULL;
	fake_daemon.backends->destroy(fake_daemon.backends);
	fake_daemon.ike_sa_manager->destroy(fake_daemon.ike_sa_manager);
	sas->destroy_offset(sas, DESTROY_OFFSET(ike_sa_t));
	library_deinit();
}

static void add_conn(const char **pairs)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	FILE *out = capture();

	add_pairs(msg, pairs);
	ck_assert_int_eq(stroke_config_add(msg, out, stderr), 0);
	fclose(out);
	msg->destroy(msg);
}

START_TEST(test_status_document)
{
	const char *site[] = { "name", "site", "left", "192.0.2.1", "right", "192.0.2.2",
			       "leftsubnet", "198.51.100.0/26", "rightsubnet", "198.51.100.64/26",
			       "authby", "secret", NULL };
	time_t now = time_monotonic(NULL);
	FILE *out;

	out = capture();
	stroke_status(out, NULL, false, false);
	ck_assert_str_eq(captured(out), "Security Associations (0 up, 0 connecting):\n  none\n");

	out = capture();
	stroke_status(out, NULL, true, false);
	ck_assert_msg(strstr(captured(out), "\nConnections:\nSecurity Associations (0 up, 0 "
			     "connecting):\n  none\n"), "%s", text);

	add_conn(site);
	sas->insert_last(sas, site_sa(now));
	sas->insert_last(sas, fake_ike_create("dpd", 2, IKE_CONNECTING, "192.0.2.1", NULL));
	out = capture();
	stroke_status(out, "nothere", false, false);
	ck_assert_str_eq(captured(out), "Security Associations (1 up, 1 connecting):\n"
			 "  no match\n");

	out = capture();
	stroke_status(out, "dpd", false, false);
	ck_assert_str_eq(captured(out), "Security Associations (1 up, 1 connecting):\n"
			 "         dpd[2]: CONNECTING, 192.0.2.1[%any]...%any[%any]\n");

	out = capture();
	stroke_status(out, NULL, true, true);
	captured(out);
	ck_assert_msg(strncmp(text, "Status of IKE charon daemon (cygnet ", 36) == 0, "%s", text);
	ck_assert(strstr(text, "\n  uptime: 84 seconds, since ") ||
		  strstr(text, "\n  uptime: 85 seconds, since "));
	ck_assert(strstr(text, "\n  malloc: sbrk "));
	ck_assert(strstr(text, "\n  worker threads: "));
	ck_assert(strstr(text, "\n  loaded plugins: "));
	ck_assert(strstr(text, "\nListening IP addresses:\n"));
	ck_assert(strstr(text, "\nConnections:\n        site:  192.0.2.1...192.0.2.2  IKEv2\n"));
	ck_assert(strstr(text, "\nSecurity Associations (1 up, 1 connecting):\n"
			 "        site[1]: ESTABLISHED 5 seconds ago,"));
	ck_assert(strstr(text, "site{1}:  AES_GCM_16_128, 84 bytes_i, 84 bytes_o"));

	out = capture();
	stroke_status_json(out, NULL, true);
	captured(out);
	ck_assert_msg(text[0] == '{' && text[strlen(text) - 2] == '}', "%s", text);
	ck_assert(strstr(text, "\"daemon\": {"));
	ck_assert(strstr(text, "\"connections\": ["));
	ck_assert(strstr(text, "\"name\": \"site\""));
	ck_assert(strstr(text, "\"state\": \"ESTABLISHED\""));
	ck_assert(strstr(text, "\"spi_in\": \"f155e3db\""));
	ck_assert(strstr(text, "\"bytes_in\": 84"));
	ck_assert(strstr(text, "\"local_ts\": [\n"));
	ck_assert(strstr(text, "\"198.51.100.0/26\""));
	ck_assert(strstr(text, "\"up\": 1"));
	ck_assert(strstr(text, "\"connecting\": 1"));

	out = capture();
	stroke_status_json(out, "dpd", false);
	captured(out);
	ck_assert(!strstr(text, "\"daemon\""));
	ck_assert(!strstr(text, "\"name\": \"site\""));
	ck_assert(strstr(text, "\"state\": \"CONNECTING\""));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_status");
	TCase *tc = tcase_create("format");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_test(tc, test_delta);
	tcase_add_test(tc, test_child_proposal);
	tcase_add_test(tc, test_established_statusall);
	tcase_add_test(tc, test_established_status);
	tcase_add_test(tc, test_rekey_disabled_packets);
	tcase_add_test(tc, test_connecting);
	tcase_add_test(tc, test_rekey_and_reauth);
	tcase_add_test(tc, test_conns);
	tcase_add_test(tc, test_routed);
	tcase_add_test(tc, test_json_writer);
	suite_add_tcase(s, tc);

	tc = tcase_create("document");
	tcase_add_checked_fixture(tc, daemon_setup, daemon_teardown);
	tcase_add_test(tc, test_status_document);
	suite_add_tcase(s, tc);
	return s;
}
