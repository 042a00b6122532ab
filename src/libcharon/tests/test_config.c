/*
 * Connections: ike=/esp= keyword strings and default proposals, traffic
 * selector narrowing (RFC 7296 §2.9), address and identity matching of
 * ike_cfg, peer_cfg and the backend manager.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>

#include "test_runner.h"
#include "library.h"
#include "config/proposal_keywords.h"
#include "config/ike_cfg.h"
#include "config/child_cfg.h"
#include "config/peer_cfg.h"
#include "config/backend_manager.h"

static const char *default_ike_aead =
	"IKE:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/CHACHA20_POLY1305/"
	"AES_GCM_12_128/AES_GCM_12_192/AES_GCM_12_256/"
	"AES_GCM_8_128/AES_GCM_8_192/AES_GCM_8_256/"
	"PRF_HMAC_SHA2_256/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_CMAC/"
	"PRF_HMAC_SHA1/CURVE_25519/ECP_256/ECP_384/ECP_521/CURVE_448/"
	"MODP_3072/MODP_4096/MODP_6144/MODP_8192/MODP_2048";
static const char *default_ike =
	"IKE:AES_CBC_128/AES_CBC_192/AES_CBC_256/AES_CTR_128/AES_CTR_192/"
	"AES_CTR_256/3DES_CBC/HMAC_SHA2_256_128/HMAC_SHA2_384_192/"
	"HMAC_SHA2_512_256/AES_CMAC_96/HMAC_SHA1_96/"
	"PRF_HMAC_SHA2_256/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_CMAC/"
	"PRF_HMAC_SHA1/CURVE_25519/ECP_256/ECP_384/ECP_521/CURVE_448/"
	"MODP_3072/MODP_4096/MODP_6144/MODP_8192/MODP_2048";
static const char *default_esp_aead =
	"ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/NO_EXT_SEQ";
static const char *default_esp =
	"ESP:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/"
	"HMAC_SHA2_384_192/HMAC_SHA2_512_256/HMAC_SHA1_96/NO_EXT_SEQ";

static char *print(proposal_t *p, char *buf, size_t len)
{
	return p->to_string(p, buf, len, true);
}

static void destroy_proposal(void *item)
{
	proposal_t *p = item;

	p->destroy(p);
}

static void free_proposals(linked_list_t *list)
{
	list->destroy_function(list, destroy_proposal);
}

/* one proposal string and how it prints (NULL: it must be rejected) */
static void check_one(protocol_id_t proto, const char *str, const char *expected)
{
	char buf[512], err[256] = "";
	proposal_t *p = proposal_keywords_parse(proto, str, err, sizeof(err));

	if (!expected) {
		ck_assert_msg(p == NULL, "'%s' accepted", str);
		ck_assert_msg(err[0], "no error for '%s'", str);
		return;
	}
	ck_assert_msg(p != NULL, "'%s' rejected: %s", str, err);
	ck_assert_str_eq(print(p, buf, sizeof(buf)), expected);
	p->destroy(p);
}

START_TEST(test_ike_forms)
{
	check_one(PROTO_IKE, "aes128-sha256-x25519",
		  "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	check_one(PROTO_IKE, "aes256gcm16-prfsha384-ecp384",
		  "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
	check_one(PROTO_IKE, "chacha20poly1305-prfsha256-x25519",
		  "IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519");
	check_one(PROTO_IKE, "aes256-sha512-modp3072",
		  "IKE:AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_3072");
	check_one(PROTO_IKE, "aes128-sha256-modp3072",
		  "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072");
	/* AEAD with an integrity keyword: it names the PRF, then goes */
	check_one(PROTO_IKE, "aes128gcm16-sha256-x25519",
		  "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519");
	/* an explicit PRF wins over the derived one */
	check_one(PROTO_IKE, "aes128-sha1-prfsha512-ecp256",
		  "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA2_512/ECP_256");
	/* several of a kind, in order; kinds may interleave */
	check_one(PROTO_IKE, "aes128-aes256-sha256-sha1-modp3072-ecp256",
		  "IKE:AES_CBC_128/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA1_96/"
		  "PRF_HMAC_SHA2_256/PRF_HMAC_SHA1/MODP_3072/ECP_256");
	check_one(PROTO_IKE, "aes256gcm16-prfsha384-ecp384-aes192gcm16-prfsha256-modp3072",
		  "IKE:AES_GCM_16_256/AES_GCM_16_192/PRF_HMAC_SHA2_384/"
		  "PRF_HMAC_SHA2_256/ECP_384/MODP_3072");
	check_one(PROTO_IKE, "AES128-SHA256-MODP3072",
		  "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072");
	check_one(PROTO_IKE, " aes128 - sha256 - curve448 ",
		  "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_448");
	/* duplicates collapse */
	check_one(PROTO_IKE, "aes128-aes-sha256-sha2_256-x448-curve448",
		  "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_448");
}
END_TEST

START_TEST(test_keywords)
{
	static const char *unknown[] = {
		"aes129", "aes128gcm", "aes128gcm17", "aes128xyz", "aes1", "sha257",
		"prfsha", "modp1023", "ecp255", "x25518", "", "aes-128", NULL,
	};
	uint16_t type, alg, key_length;
	size_t i;

	/* every keyword family, printed; equal keywords collapse */
	check_one(PROTO_ESP, "aes-aes192-aes128ctr-aes256ctr-3des-null-camellia256-"
		  "md5-sha-sha1-sha384-sha2_512-aesxcbc-aescmac",
		  "ESP:AES_CBC_128/AES_CBC_192/AES_CTR_128/AES_CTR_256/3DES_CBC/NULL/"
		  "CAMELLIA_CBC_256/HMAC_MD5_96/HMAC_SHA1_96/HMAC_SHA2_384_192/"
		  "HMAC_SHA2_512_256/AES_XCBC_96/AES_CMAC_96/NO_EXT_SEQ");
	check_one(PROTO_ESP, "aes128gcm8-aes128gcm64-aes192gcm12-aes192gcm96-"
		  "aes256gcm16-aes256gcm128-aes128ccm16-aes256ccm8-aes128gmac-"
		  "chacha20poly1305",
		  "ESP:AES_GCM_8_128/AES_GCM_12_192/AES_GCM_16_256/AES_CCM_16_128/"
		  "AES_CCM_8_256/NULL_AES_GMAC_128/CHACHA20_POLY1305/NO_EXT_SEQ");
	check_one(PROTO_IKE, "aes-sha1-prfsha1-prfsha512-prfaesxcbc-prfaescmac-"
		  "modp1024-modp2048-modp6144-modp8192-ecp521-curve25519-x448",
		  "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/PRF_HMAC_SHA2_512/"
		  "PRF_AES128_XCBC/PRF_AES128_CMAC/MODP_1024/MODP_2048/MODP_6144/"
		  "MODP_8192/ECP_521/CURVE_25519/CURVE_448");
	ck_assert(proposal_keyword_lookup("x25519", &type, &alg, &key_length));
	ck_assert_int_eq(type, TRANSFORM_KE);
	ck_assert_int_eq(alg, CURVE_25519);
	ck_assert_int_eq(key_length, 0);
	ck_assert(proposal_keyword_lookup("aes256gcm16", &type, &alg, &key_length));
	ck_assert_int_eq(alg, ENCR_AES_GCM_ICV16);
	ck_assert_int_eq(key_length, 256);
	for (i = 0; i < countof(unknown); i++) {
		ck_assert_msg(!proposal_keyword_lookup(unknown[i], NULL, NULL, NULL),
			      "'%s' known", unknown[i] ?: "(null)");
	}
}
END_TEST

START_TEST(test_esp_forms)
{
	check_one(PROTO_ESP, "aes128-sha256", "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
	check_one(PROTO_ESP, "aes128gcm16-aes256gcm16-chacha20poly1305",
		  "ESP:AES_GCM_16_128/AES_GCM_16_256/CHACHA20_POLY1305/NO_EXT_SEQ");
	/* a KE method in ESP: PFS */
	check_one(PROTO_ESP, "aes256gcm16-ecp384", "ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ");
	check_one(PROTO_ESP, "aes128-sha256-modp3072-x25519",
		  "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_3072/CURVE_25519/NO_EXT_SEQ");
	check_one(PROTO_ESP, "aes128-sha256-esn", "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ");
	check_one(PROTO_ESP, "aes128-sha256-esn-noesn",
		  "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ/NO_EXT_SEQ");
	/* PRFs mean nothing in ESP, integrity nothing with an AEAD */
	check_one(PROTO_ESP, "aes128-sha1-prfsha256",
		  "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ");
	check_one(PROTO_ESP, "aes128gcm16-sha256", "ESP:AES_GCM_16_128/NO_EXT_SEQ");
	/* ESP may go without integrity (null only makes sense with it) */
	check_one(PROTO_ESP, "null-sha256", "ESP:NULL/HMAC_SHA2_256_128/NO_EXT_SEQ");
	check_one(PROTO_ESP, "3des-md5", "ESP:3DES_CBC/HMAC_MD5_96/NO_EXT_SEQ");
	check_one(PROTO_AH, "sha256-aes128", "AH:HMAC_SHA2_256_128/NO_EXT_SEQ");
}
END_TEST

START_TEST(test_rejected)
{
	char err[256];
	linked_list_t *list;

	check_one(PROTO_IKE, "aes129-sha256-modp3072", NULL);
	check_one(PROTO_IKE, "aes128-sha256", NULL);		/* no KE */
	check_one(PROTO_IKE, "aes128gcm16-x25519", NULL);	/* no PRF */
	check_one(PROTO_IKE, "aes128-prfsha256-x25519", NULL);	/* no integrity */
	check_one(PROTO_IKE, "sha256-modp3072", NULL);		/* no cipher */
	check_one(PROTO_IKE, "aes128-aes128gcm16-sha256-modp3072", NULL);
	check_one(PROTO_IKE, "aes128--sha256-modp3072", NULL);
	check_one(PROTO_IKE, "aes128-sha256-modp3072-", NULL);
	check_one(PROTO_IKE, "", NULL);
	check_one(PROTO_IKE, NULL, NULL);
	check_one(PROTO_ESP, "sha256", NULL);
	check_one(PROTO_ESP, "aes128gcm16-aes128-sha256", NULL);
	check_one(PROTO_AH, "aes128", NULL);
	check_one(PROTO_NONE, "aes128-sha256", NULL);

	/* the error names the bad token and the keyword */
	list = linked_list_create();
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE,
			"aes128-sha256-modp3072,aes129-sha256-modp3072", list,
			err, sizeof(err)));
	ck_assert_str_eq(err, "unknown algorithm 'aes129' in ike=");
	ck_assert_int_eq(list->get_count(list), 0);
	ck_assert(!proposal_keywords_parse_list(PROTO_ESP, "aes128-sha256-bogus!",
						list, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown algorithm 'bogus' in esp=");
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE, "aes128!-sha256-modp3072",
						list, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown algorithm 'aes128!' in ike=");
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE, "aes128-sha256-modp3072,,x",
						list, err, sizeof(err)));
	ck_assert_str_eq(err, "empty proposal in ike=");
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE, "!", list, err, sizeof(err)));
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE, "", list, NULL, 0));
	ck_assert(!proposal_keywords_parse_list(PROTO_IKE, "aes128gcm16-x25519!",
						list, err, sizeof(err)));
	ck_assert_str_eq(err, "a PRF is required in ike= proposal 'aes128gcm16-x25519' "
			 "(add e.g. prfsha256)");
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);
}
END_TEST

static linked_list_t *parse_list(protocol_id_t proto, const char *str)
{
	linked_list_t *list = linked_list_create();

	ck_assert(proposal_keywords_parse_list(proto, str, list, NULL, 0));
	return list;
}

/* check the printed proposals and their numbers, then free them */
static void check_list(linked_list_t *list, const char **expected, int count)
{
	enumerator_t *enumerator;
	proposal_t *p;
	char buf[1024];
	int i = 0;

	ck_assert_int_eq(list->get_count(list), count);
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &p)) {
		ck_assert_str_eq(print(p, buf, sizeof(buf)), expected[i]);
		ck_assert_int_eq(p->get_number(p), i + 1);
		i++;
	}
	enumerator->destroy(enumerator);
	free_proposals(list);
}

START_TEST(test_lists_and_defaults)
{
	linked_list_t *list;
	const char *strict[] = {
		"IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072",
		"IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384",
	};
	const char *with_defaults[] = {
		strict[0], strict[1], default_ike_aead, default_ike,
	};
	const char *esp[] = {
		"ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ",
		default_esp_aead, default_esp,
	};
	const char *esp_pfs[] = {
		"ESP:AES_GCM_16_128/CURVE_25519/NO_EXT_SEQ",
	};

	list = parse_list(PROTO_IKE, "aes128-sha256-modp3072,aes256gcm16-prfsha384-ecp384!");
	check_list(list, strict, 2);
	list = parse_list(PROTO_IKE, " aes128-sha256-modp3072 , aes256gcm16-prfsha384-ecp384 ");
	check_list(list, with_defaults, 4);
	list = parse_list(PROTO_ESP, PROPOSAL_DEFAULT_ESP);
	check_list(list, esp, 3);
	list = parse_list(PROTO_ESP, "aes128gcm16-x25519 ! ");
	check_list(list, esp_pfs, 1);

	/* appending continues the numbering */
	list = parse_list(PROTO_IKE, "aes128-sha256-modp3072!");
	ck_assert(proposal_keywords_parse_list(PROTO_IKE,
			"aes256gcm16-prfsha384-ecp384!", list, NULL, 0));
	check_list(list, strict, 2);

	ck_assert_ptr_null(proposal_keywords_default(PROTO_AH, false));
	list = linked_list_create();
	proposal_keywords_add_defaults(PROTO_AH, list);
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);
}
END_TEST

/* ---- traffic selectors ---- */

static traffic_selector_t *ts(const char *cidr)
{
	return traffic_selector_create_from_cidr(cidr, 0, 0, 65535);
}

/* a list of selectors (hosts false) or hosts from NULL-terminated strings */
static linked_list_t *items(bool hosts, const char *first, ...)
{
	linked_list_t *list = linked_list_create();
	const char *str;
	va_list args;

	va_start(args, first);
	for (str = first; str; str = va_arg(args, const char *)) {
		list->insert_last(list, hosts ? (void *)host_create_from_string(str, 0)
					      : (void *)ts(str));
	}
	va_end(args);
	return list;
}
#define ts_list(...) items(false, __VA_ARGS__, NULL)
#define host_list(...) items(true, __VA_ARGS__, NULL)

static void free_list(linked_list_t *list, size_t offset)
{
	if (list) {
		list->destroy_offset(list, offset);
	}
}
#define free_ts(l) free_list(l, DESTROY_OFFSET(traffic_selector_t))
#define free_hosts(l) free_list(l, DESTROY_OFFSET(host_t))

/* the selectors child_cfg gives for our side, printed; frees its inputs */
static void check_ts(child_cfg_t *child, bool local, linked_list_t *supplied,
		     linked_list_t *hosts, const char *expected)
{
	char buf[512];
	linked_list_t *got;

	got = child->get_traffic_selectors(child, local, supplied, hosts);
	ck_assert_str_eq(traffic_selector_list_to_str(got, buf, sizeof(buf)), expected);
	free_ts(got);
	free_ts(supplied);
	free_hosts(hosts);
}

static child_cfg_t *child(const char *name)
{
	child_cfg_create_t data = { .mode = MODE_TUNNEL, .replay_window = 32 };

	return child_cfg_create(name, &data);
}

START_TEST(test_ts_narrowing)
{
	child_cfg_t *c = child("net");

	c->add_traffic_selector(c, true, ts("198.51.100.0/24"));
	c->add_traffic_selector(c, false, ts("203.0.113.0/24"));
	c->add_traffic_selector(c, false, ts("10.0.0.0/8"));
	c->add_traffic_selector(c, false, ts("10.1.0.0/16"));

	/* the initiator asks for everything, we allow our subnet */
	check_ts(c, true, ts_list("0.0.0.0/0"), NULL, "198.51.100.0/24");
	/* it asks for less: that is what both accept */
	check_ts(c, true, ts_list("198.51.100.64/26"), NULL, "198.51.100.64/26");
	/* nothing in common */
	check_ts(c, true, ts_list("192.0.2.0/24"), NULL, "");
	check_ts(c, true, ts_list("2001:db8::/32"), NULL, "");
	/* no proposal: our selectors as configured, or supplied empty */
	check_ts(c, true, NULL, NULL, "198.51.100.0/24");
	check_ts(c, true, linked_list_create(), NULL, "198.51.100.0/24");
	/* several of each; 10.1.0.0/16 lies in 10.0.0.0/8 and drops out */
	check_ts(c, false, ts_list("0.0.0.0/0"), NULL, "203.0.113.0/24 10.0.0.0/8");
	check_ts(c, false, ts_list("10.1.2.0/24", "203.0.113.7/32", "192.0.2.0/24"),
		 NULL, "203.0.113.7/32 10.1.2.0/24");
	check_ts(c, false, NULL, NULL, "203.0.113.0/24 10.0.0.0/8 10.1.0.0/16");
	c->destroy(c);
}
END_TEST

START_TEST(test_ts_ports_protocols)
{
	child_cfg_t *c = child("web");

	c->add_traffic_selector(c, true, ts("10.0.0.0/8"));
	c->add_traffic_selector(c, false, traffic_selector_create_from_cidr(
			"10.2.0.0/16", IPPROTO_TCP, 443, 443));
	check_ts(c, true, linked_list_create_with_items(traffic_selector_create_from_cidr(
			"10.1.0.0/16", IPPROTO_TCP, 443, 443), NULL), NULL, "10.1.0.0/16[tcp/443]");
	check_ts(c, false, linked_list_create_with_items(traffic_selector_create_from_cidr(
			"10.2.3.0/24", IPPROTO_UDP, 0, 65535), NULL), NULL, "");
	check_ts(c, false, ts_list("0.0.0.0/0"), NULL, "10.2.0.0/16[tcp/443]");
	c->destroy(c);
}
END_TEST

START_TEST(test_ts_dynamic)
{
	child_cfg_t *c = child("host");

	c->add_traffic_selector(c, true, traffic_selector_create_dynamic(0, 0, 65535));
	c->add_traffic_selector(c, false, traffic_selector_create_dynamic(IPPROTO_TCP, 22, 22));

	/* dynamic is replaced by the host */
	check_ts(c, true, NULL, host_list("192.0.2.1"), "192.0.2.1/32");
	check_ts(c, true, NULL, host_list("192.0.2.1", "2001:db8::1"),
		 "192.0.2.1/32 2001:db8::1/128");
	check_ts(c, false, NULL, host_list("192.0.2.2"), "192.0.2.2/32[tcp/22]");
	/* and then narrowed */
	check_ts(c, true, ts_list("0.0.0.0/0"), host_list("192.0.2.1"), "192.0.2.1/32");
	check_ts(c, true, ts_list("192.0.2.0/24", "::/0"),
		 host_list("192.0.2.1", "2001:db8::1"),
		 "192.0.2.1/32 2001:db8::1/128");
	check_ts(c, true, ts_list("10.0.0.0/8"), host_list("192.0.2.1"), "");
	/* without hosts it stays a placeholder */
	check_ts(c, true, NULL, NULL, "dynamic");
	check_ts(c, true, NULL, linked_list_create(), "dynamic");
	c->destroy(c);
}
END_TEST

static void add_all(child_cfg_t *c, linked_list_t *list)
{
	proposal_t *p;

	while (list->remove_first(list, (void **)&p) == SUCCESS) {
		c->add_proposal(c, p);
	}
	list->destroy(list);
}

START_TEST(test_child_proposals)
{
	child_cfg_t *c = child("pfs");
	linked_list_t *list, *peer;
	proposal_t *p;
	char buf[256];
	uint8_t spi[] = { 0xc0, 0x01, 0xca, 0xfe };

	add_all(c, parse_list(PROTO_ESP, "aes128-sha256-modp2048,aes128-sha256!"));
	ck_assert_int_eq(c->get_ke_method(c), MODP_2048);

	list = c->get_proposals(c, false);
	ck_assert_int_eq(list->get_count(list), 2);
	free_proposals(list);
	/* without KE both are the same: one is left */
	list = c->get_proposals(c, true);
	ck_assert_int_eq(list->get_count(list), 1);
	list->get_first(list, (void **)&p);
	ck_assert_str_eq(print(p, buf, sizeof(buf)),
			 "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
	free_proposals(list);

	/* the peer's SPI and number survive selection */
	peer = parse_list(PROTO_ESP, "aes256-sha1,aes128-sha256-modp2048!");
	list = peer;
	list->get_last(list, (void **)&p);
	p->set_spi(p, chunk_from_thing(spi));
	p = c->select_proposal(c, peer, false, false);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(print(p, buf, sizeof(buf)),
			 "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ");
	ck_assert_int_eq(p->get_number(p), 2);
	ck_assert(chunk_equals(p->get_spi(p), chunk_from_thing(spi)));
	p->destroy(p);
	p = c->select_proposal(c, peer, true, true);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(print(p, buf, sizeof(buf)),
			 "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
	p->destroy(p);
	free_proposals(peer);

	peer = parse_list(PROTO_ESP, "aes256gcm16!");
	ck_assert_ptr_null(c->select_proposal(c, peer, true, false));
	ck_assert_ptr_null(c->select_proposal(c, NULL, true, false));
	free_proposals(peer);
	c->destroy(c);

	c = child("nopfs");
	ck_assert_int_eq(c->get_ke_method(c), KE_NONE);
	c->destroy(c);
}
END_TEST

START_TEST(test_child_settings)
{
	child_cfg_create_t data = {
		.mode = MODE_TRANSPORT,
		.lifetime = { .time = { .rekey = 3600, .life = 3900 } },
		.rekey_jitter = 300,
		.start_action = ACTION_ROUTE,
		.dpd_action = ACTION_RESTART,
		.close_action = ACTION_NONE,
		.updown = "/usr/libexec/ipsec/_updown iptables",
		.hostaccess = true,
		.reqid = 7,
		.replay_window = 64,
	};
	child_cfg_t *a, *b, *ref;
	lifetime_cfg_t lt;
	int i;

	a = child_cfg_create("t", &data);
	data.updown = NULL;
	b = child_cfg_create("t", &data);
	ck_assert_str_eq(a->get_name(a), "t");
	ck_assert(a->get_mode(a) == MODE_TRANSPORT && a->get_start_action(a) == ACTION_ROUTE &&
		  a->get_dpd_action(a) == ACTION_RESTART && a->get_close_action(a) == ACTION_NONE);
	ck_assert_str_eq(a->get_updown(a), "/usr/libexec/ipsec/_updown iptables");
	ck_assert_ptr_null(b->get_updown(b));
	ck_assert(a->get_hostaccess(a) && a->get_reqid(a) == 7 && a->get_replay_window(a) == 64);
	ck_assert(!a->equals(a, b));

	lt = a->get_lifetime(a, false);
	ck_assert(lt.time.rekey == 3600 && lt.time.life == 3900);
	for (i = 0; i < 50; i++) {
		lt = a->get_lifetime(a, true);
		ck_assert(lt.time.rekey >= 3300 && lt.time.rekey <= 3600);
		ck_assert_int_eq(lt.time.life, 3900);
	}

	ref = a->get_ref(a);
	a->destroy(a);
	ck_assert_str_eq(ref->get_name(ref), "t");
	ref->destroy(ref);
	b->destroy(b);

	/* same settings, proposals and selectors: equal */
	a = child("x");
	b = child("x");
	ck_assert(a->equals(a, b));
	a->add_traffic_selector(a, true, ts("10.0.0.0/8"));
	ck_assert(!a->equals(a, b));
	b->add_traffic_selector(b, true, ts("10.0.0.0/8"));
	ck_assert(a->equals(a, b));
	add_all(a, parse_list(PROTO_ESP, "aes128-sha256!"));
	ck_assert(!a->equals(a, b));
	add_all(b, parse_list(PROTO_ESP, "aes128-sha256!"));
	ck_assert(a->equals(a, b));
	ck_assert(!a->equals(a, NULL));
	a->destroy(a);
	b->destroy(b);
}
END_TEST

/* ---- ike_cfg ---- */

static ike_cfg_t *ike(const char *local, const char *remote)
{
	ike_cfg_create_t data = { .local = local, .remote = remote };

	return ike_cfg_create(&data);
}

static int match(ike_cfg_t *cfg, bool me, const char *addr)
{
	host_t *host = host_create_from_string(addr, 500);
	int score = me ? cfg->match_me(cfg, host) : cfg->match_other(cfg, host);

	host->destroy(host);
	return score;
}

START_TEST(test_ike_match)
{
	ike_cfg_t *cfg = ike("192.0.2.1", "%any");

	ck_assert_int_eq(match(cfg, true, "192.0.2.1"), IKE_CFG_MATCH_EXACT);
	ck_assert_int_eq(match(cfg, true, "192.0.2.2"), 0);
	ck_assert_int_eq(match(cfg, false, "203.0.113.9"), IKE_CFG_MATCH_ANY);
	ck_assert_int_eq(match(cfg, false, "2001:db8::9"), IKE_CFG_MATCH_ANY);
	ck_assert_int_eq(cfg->match_me(cfg, NULL), 0);
	cfg->destroy(cfg);

	cfg = ike("%any4", "%any, 198.51.100.0/24, 198.51.100.7, 10.0.0.1-10.0.0.9");
	ck_assert_int_eq(match(cfg, true, "192.0.2.1"), IKE_CFG_MATCH_ANY);
	ck_assert_int_eq(match(cfg, true, "2001:db8::1"), 0);
	ck_assert_int_eq(match(cfg, false, "198.51.100.7"), IKE_CFG_MATCH_EXACT);
	ck_assert_int_eq(match(cfg, false, "198.51.100.8"), IKE_CFG_MATCH_SUBNET + 24);
	/* 10.0.0.1 and 10.0.0.9 share 28 bits */
	ck_assert_int_eq(match(cfg, false, "10.0.0.5"), IKE_CFG_MATCH_SUBNET + 28);
	ck_assert_int_eq(match(cfg, false, "10.0.0.10"), IKE_CFG_MATCH_ANY);
	cfg->destroy(cfg);

	/* exact > narrower subnet > wider subnet > %any */
	cfg = ike("%any6", "10.0.0.0/8,10.1.0.0/16");
	ck_assert_int_eq(match(cfg, true, "2001:db8::1"), IKE_CFG_MATCH_ANY);
	ck_assert_int_eq(match(cfg, true, "192.0.2.1"), 0);
	ck_assert_int_eq(match(cfg, false, "10.1.2.3"), IKE_CFG_MATCH_SUBNET + 16);
	ck_assert_int_eq(match(cfg, false, "10.2.2.3"), IKE_CFG_MATCH_SUBNET + 8);
	ck_assert_int_eq(match(cfg, false, "11.0.0.1"), 0);
	ck_assert_int_eq(match(cfg, false, "2001:db8::1"), 0);
	cfg->destroy(cfg);

	/* names resolve (localhost needs no DNS); dashes do not make a range */
	cfg = ike("localhost", "2001:db8::1-2001:db8::ff, 0.0.0.0");
	ck_assert_int_eq(match(cfg, true, "127.0.0.1"), IKE_CFG_MATCH_EXACT);
	ck_assert_int_eq(match(cfg, false, "2001:db8::80"), IKE_CFG_MATCH_SUBNET + 120);
	ck_assert_int_eq(match(cfg, false, "192.0.2.1"), IKE_CFG_MATCH_ANY);
	cfg->destroy(cfg);
}
END_TEST

/* resolve_me/resolve_other printed with the port, "(null)" if none */
static const char *resolved(ike_cfg_t *cfg, bool me, int family)
{
	static char buf[HOST_STR_LEN];
	host_t *host = me ? cfg->resolve_me(cfg, family) : cfg->resolve_other(cfg, family);

	host_to_str_port(host, buf, sizeof(buf));
	DESTROY_IF(host);
	return host ? buf : "(null)";
}

START_TEST(test_ike_resolve)
{
	ike_cfg_create_t data = {
		.local = "%any",
		.remote = "10.0.0.0/8, %any, 192.0.2.2",
		.local_port = 4500,
	};
	ike_cfg_t *cfg = ike_cfg_create(&data);

	ck_assert_int_eq(cfg->get_my_port(cfg), 4500);
	ck_assert_int_eq(cfg->get_other_port(cfg), 500);
	ck_assert_str_eq(cfg->get_my_addr(cfg), "%any");
	ck_assert_str_eq(cfg->get_other_addr(cfg), "10.0.0.0/8, %any, 192.0.2.2");
	ck_assert_str_eq(resolved(cfg, true, AF_UNSPEC), "%any[4500]");
	ck_assert_str_eq(resolved(cfg, true, AF_INET6), "%any6[4500]");
	ck_assert_str_eq(resolved(cfg, false, AF_UNSPEC), "192.0.2.2[500]");
	ck_assert_str_eq(resolved(cfg, false, AF_INET6), "(null)");
	cfg->destroy(cfg);

	cfg = ike("%any6", "%any");
	ck_assert_str_eq(resolved(cfg, false, AF_UNSPEC), "(null)");
	ck_assert_str_eq(resolved(cfg, true, AF_INET), "(null)");
	ck_assert_str_eq(resolved(cfg, true, AF_UNSPEC), "%any6[500]");
	cfg->destroy(cfg);

	cfg = ike("2001:db8::1", "localhost");
	ck_assert_str_eq(resolved(cfg, true, AF_UNSPEC), "2001:db8::1[500]");
	ck_assert_str_eq(resolved(cfg, false, AF_INET), "127.0.0.1[500]");
	cfg->destroy(cfg);

	/* no addresses at all means %any */
	data = (ike_cfg_create_t){ .fragmentation = true, .no_certreq = true,
				   .force_encap = true };
	cfg = ike_cfg_create(&data);
	ck_assert_str_eq(cfg->get_my_addr(cfg), "%any");
	ck_assert(cfg->fragmentation(cfg));
	ck_assert(cfg->force_encap(cfg));
	ck_assert(!cfg->send_certreq(cfg));
	cfg->destroy(cfg);
}
END_TEST

static void ike_add(ike_cfg_t *cfg, const char *str)
{
	linked_list_t *list = parse_list(PROTO_IKE, str);
	proposal_t *p;

	while (list->remove_first(list, (void **)&p) == SUCCESS) {
		cfg->add_proposal(cfg, p);
	}
	list->destroy(list);
}

START_TEST(test_ike_proposals)
{
	ike_cfg_t *cfg = ike("%any", "%any"), *other, *ref;
	linked_list_t *list, *peer;
	proposal_t *p;
	char buf[256];

	ck_assert_int_eq(cfg->get_ke_method(cfg), KE_NONE);
	ike_add(cfg, "aes128-sha256-modp3072,aes256gcm16-prfsha384-ecp384!");
	ck_assert_int_eq(cfg->get_ke_method(cfg), MODP_3072);
	ck_assert(cfg->has_ke_method(cfg, ECP_384));
	ck_assert(!cfg->has_ke_method(cfg, CURVE_25519));

	list = cfg->get_proposals(cfg);
	ck_assert_int_eq(list->get_count(list), 2);
	list->get_last(list, (void **)&p);
	ck_assert_int_eq(p->get_number(p), 2);
	free_proposals(list);

	/* our preference, or the peer's */
	peer = parse_list(PROTO_IKE, "aes256gcm16-prfsha384-ecp384,aes128-sha256-modp3072!");
	p = cfg->select_proposal(cfg, peer, false);
	ck_assert_str_eq(print(p, buf, sizeof(buf)),
			 "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072");
	ck_assert_int_eq(p->get_number(p), 2);
	p->destroy(p);
	p = cfg->select_proposal(cfg, peer, true);
	ck_assert_str_eq(print(p, buf, sizeof(buf)),
			 "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
	ck_assert_int_eq(p->get_number(p), 1);
	p->destroy(p);
	free_proposals(peer);
	peer = parse_list(PROTO_IKE, "aes128-sha1-x25519!");
	ck_assert_ptr_null(cfg->select_proposal(cfg, peer, false));
	ck_assert_ptr_null(cfg->select_proposal(cfg, peer, true));
	ck_assert_ptr_null(cfg->select_proposal(cfg, NULL, true));
	free_proposals(peer);

	other = ike("%any", "%any");
	ck_assert(!cfg->equals(cfg, other));
	ike_add(other, "aes128-sha256-modp3072,aes256gcm16-prfsha384-ecp384!");
	ck_assert(cfg->equals(cfg, other));
	ck_assert(!cfg->equals(cfg, NULL));
	ref = cfg->get_ref(cfg);
	cfg->destroy(cfg);
	ck_assert(ref->equals(ref, other));
	ref->destroy(ref);
	other->destroy(other);
}
END_TEST

/* ---- peer_cfg ---- */

static peer_cfg_t *peer(const char *name, const char *local, const char *remote,
			const char *my_id, const char *other_id)
{
	peer_cfg_create_t data = {
		.unique = UNIQUE_REPLACE,
		.keyingtries = 3,
		.rekey_time = 10000,
		.jitter_time = 1000,
		.over_time = 900,
		.mobike = true,
		.dpd = 30,
	};
	peer_cfg_t *cfg = peer_cfg_create(name, ike(local, remote), &data);

	cfg->get_auth(cfg, true)->auth = AUTH_CLASS_PSK;
	cfg->get_auth(cfg, true)->id = my_id ? identification_create_from_string(my_id) : NULL;
	cfg->get_auth(cfg, false)->auth = AUTH_CLASS_PSK;
	cfg->get_auth(cfg, false)->id = other_id ? identification_create_from_string(other_id) : NULL;
	return cfg;
}

static child_cfg_t *child_with(const char *name, traffic_selector_t *mine,
			       traffic_selector_t *theirs)
{
	child_cfg_t *c = child(name);

	c->add_traffic_selector(c, true, mine);
	c->add_traffic_selector(c, false, theirs);
	return c;
}

/* the child selected for one selector each way, optionally with the hosts
 * 192.0.2.1 (us) and 192.0.2.2 (peer) */
static const char *pick(peer_cfg_t *cfg, const char *mine, const char *theirs, bool hosts)
{
	linked_list_t *my_ts = ts_list(mine), *other_ts = ts_list(theirs);
	linked_list_t *my_hosts = hosts ? host_list("192.0.2.1") : NULL;
	linked_list_t *other_hosts = hosts ? host_list("192.0.2.2") : NULL;
	child_cfg_t *c = cfg->select_child_cfg(cfg, my_ts, other_ts, my_hosts, other_hosts);

	free_ts(my_ts);
	free_ts(other_ts);
	free_hosts(my_hosts);
	free_hosts(other_hosts);
	return c ? c->get_name(c) : "(none)";
}

START_TEST(test_peer_children)
{
	peer_cfg_t *cfg = peer("site", "192.0.2.1", "192.0.2.2", "moon", "sun");
	enumerator_t *enumerator;
	child_cfg_t *c;
	int count = 0;

	cfg->add_child_cfg(cfg, child_with("wide", ts("10.0.0.0/8"), ts("10.0.0.0/8")));
	cfg->add_child_cfg(cfg, child_with("net", ts("10.1.0.0/16"), ts("10.2.0.0/16")));
	cfg->add_child_cfg(cfg, child_with("host", traffic_selector_create_dynamic(0, 0, 65535),
					   traffic_selector_create_dynamic(0, 0, 65535)));

	/* exactly what "net" has beats "wide" that only contains it */
	ck_assert_str_eq(pick(cfg, "10.1.0.0/16", "10.2.0.0/16", false), "net");
	ck_assert_str_eq(pick(cfg, "10.1.2.0/24", "10.2.0.0/16", false), "net");
	ck_assert_str_eq(pick(cfg, "10.3.0.0/16", "10.4.0.0/16", false), "wide");
	/* all of it: every child narrows, the first wins */
	ck_assert_str_eq(pick(cfg, "0.0.0.0/0", "0.0.0.0/0", true), "wide");
	/* the hosts themselves */
	ck_assert_str_eq(pick(cfg, "192.0.2.1/32", "192.0.2.2/32", true), "host");
	ck_assert_str_eq(pick(cfg, "172.16.0.0/12", "10.2.0.0/16", true), "(none)");

	ck_assert_ptr_nonnull(cfg->get_child_cfg(cfg, "net"));
	ck_assert_ptr_null(cfg->get_child_cfg(cfg, "nope"));
	ck_assert(cfg->remove_child_cfg(cfg, "net"));
	ck_assert(!cfg->remove_child_cfg(cfg, "net"));
	ck_assert_str_eq(pick(cfg, "10.1.0.0/16", "10.2.0.0/16", false), "wide");
	enumerator = cfg->create_child_cfg_enumerator(cfg);
	while (enumerator->enumerate(enumerator, &c)) {
		count++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(count, 2);
	cfg->destroy(cfg);
}
END_TEST

START_TEST(test_peer_settings)
{
	peer_cfg_t *a = peer("site", "%any", "192.0.2.2", "moon", "sun");
	peer_cfg_t *b = peer("site", "%any", "192.0.2.2", "moon", "sun");
	peer_cfg_t *c = peer("site", "%any", "192.0.2.2", "moon", "venus");
	uint32_t t;
	int i;

	ck_assert_str_eq(a->get_name(a), "site");
	ck_assert_str_eq(a->get_ike_cfg(a)->get_other_addr(a->get_ike_cfg(a)), "192.0.2.2");
	ck_assert(a->get_unique_policy(a) == UNIQUE_REPLACE && a->get_keyingtries(a) == 3 &&
		  a->get_rekey_time(a, false) == 10000 && a->get_reauth_time(a, true) == 0 &&
		  a->get_over_time(a) == 900 && a->use_mobike(a) && a->get_dpd(a) == 30 &&
		  a->get_dpd_timeout(a) == 0);
	ck_assert_str_eq(a->get_auth(a, false)->id->to_string(a->get_auth(a, false)->id), "sun");
	for (i = 0; i < 50; i++) {
		t = a->get_rekey_time(a, true);
		ck_assert(t >= 9000 && t <= 10000);
	}

	ck_assert(a->equals(a, b));
	ck_assert(!a->equals(a, c));
	a->add_child_cfg(a, child_with("x", ts("10.0.0.0/8"), ts("10.1.0.0/16")));
	ck_assert(!a->equals(a, b));
	b->add_child_cfg(b, child_with("x", ts("10.0.0.0/8"), ts("10.1.0.0/16")));
	ck_assert(a->equals(a, b));
	b->get_auth(b, true)->cert = str_dup("moonCert.pem");
	ck_assert(!a->equals(a, b));

	ck_assert_ptr_null(peer_cfg_create("broken", NULL, NULL));
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
}
END_TEST

/* ---- backend manager ---- */

/* the names an enumerator of peer_cfg_t yields, space-separated; destroys it */
static const char *names(enumerator_t *enumerator)
{
	static __thread char buf[256];
	peer_cfg_t *cfg;
	size_t len;

	buf[0] = '\0';
	while (enumerator->enumerate(enumerator, &cfg)) {
		len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "", cfg->get_name(cfg));
	}
	enumerator->destroy(enumerator);
	return buf;
}

#define HOST(s) ((s) ? host_create_from_string(s, 500) : NULL)
#define ID(s) ((s) ? identification_create_from_string(s) : NULL)

static const char *peers_for(backend_manager_t *mgr, const char *me, const char *other,
			     const char *my_id, const char *other_id)
{
	host_t *h_me = HOST(me), *h_other = HOST(other);
	identification_t *i_me = ID(my_id), *i_other = ID(other_id);
	const char *found;

	found = names(mgr->create_peer_cfg_enumerator(mgr, h_me, h_other, i_me, i_other));
	DESTROY_IF(h_me);
	DESTROY_IF(h_other);
	DESTROY_IF(i_me);
	DESTROY_IF(i_other);
	return found;
}

static const char *ike_for(backend_manager_t *mgr, const char *me, const char *other)
{
	host_t *h_me = HOST(me), *h_other = HOST(other);
	ike_cfg_t *cfg = mgr->get_ike_cfg(mgr, h_me, h_other);
	static char addr[128];

	h_me->destroy(h_me);
	h_other->destroy(h_other);
	if (!cfg) {
		return "(none)";
	}
	snprintf(addr, sizeof(addr), "%s", cfg->get_other_addr(cfg));
	cfg->destroy(cfg);
	return addr;
}

START_TEST(test_backends)
{
	backend_manager_t *mgr = backend_manager_create();
	peer_cfg_t *cfg;

	mgr->add_peer_cfg(mgr, peer("sun", "%any", "192.0.2.2", "moon", "sun"));
	mgr->add_peer_cfg(mgr, peer("roadwarrior", "%any", "%any", "moon", "%any"));
	mgr->add_peer_cfg(mgr, peer("branch", "192.0.2.1", "198.51.100.0/24", "moon",
				    "*.example.com"));
	mgr->add_peer_cfg(mgr, peer("v6", "%any6", "%any6", NULL, NULL));

	ck_assert_str_eq(ike_for(mgr, "192.0.2.1", "192.0.2.2"), "192.0.2.2");
	ck_assert_str_eq(ike_for(mgr, "192.0.2.1", "198.51.100.5"), "198.51.100.0/24");
	ck_assert_str_eq(ike_for(mgr, "192.0.2.9", "198.51.100.5"), "%any");
	ck_assert_str_eq(ike_for(mgr, "192.0.2.1", "203.0.113.1"), "%any");
	ck_assert_str_eq(ike_for(mgr, "2001:db8::1", "2001:db8::2"), "%any");

	/* identity first, then address */
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "192.0.2.2", NULL, "sun"),
			 "sun roadwarrior");
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "192.0.2.2", "moon", "mars"),
			 "roadwarrior");
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "198.51.100.5", NULL, "gw.example.com"),
			 "branch roadwarrior");
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "198.51.100.5", "venus", "gw.example.com"),
			 "");
	/* the IDr hint may be %any */
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "198.51.100.5", "%any", "gw.example.com"),
			 "branch roadwarrior");
	/* nothing known: all in order of loading, addresses decide on ties */
	ck_assert_str_eq(peers_for(mgr, NULL, NULL, NULL, NULL), "sun roadwarrior branch v6");
	ck_assert_str_eq(peers_for(mgr, "192.0.2.1", "192.0.2.2", NULL, NULL),
			 "sun roadwarrior");

	/* replacing keeps the place, removing frees */
	mgr->add_peer_cfg(mgr, peer("sun", "%any", "192.0.2.3", "moon", "sun"));
	ck_assert_str_eq(names(mgr->create_enumerator(mgr)), "sun roadwarrior branch v6");
	cfg = mgr->get_peer_cfg_by_name(mgr, "sun");
	ck_assert_str_eq(cfg->get_ike_cfg(cfg)->get_other_addr(cfg->get_ike_cfg(cfg)),
			 "192.0.2.3");
	ck_assert(mgr->remove_peer_cfg(mgr, "sun"));
	ck_assert(!mgr->remove_peer_cfg(mgr, "sun"));
	/* our reference outlives the removal */
	ck_assert_str_eq(cfg->get_name(cfg), "sun");
	cfg->destroy(cfg);
	ck_assert_ptr_null(mgr->get_peer_cfg_by_name(mgr, "sun"));
	ck_assert_str_eq(peers_for(mgr, NULL, NULL, NULL, NULL), "roadwarrior branch v6");
	mgr->add_peer_cfg(mgr, NULL);
	mgr->destroy(mgr);
}
END_TEST

static void *backend_reader(void *data)
{
	backend_manager_t *mgr = data;
	peer_cfg_t *cfg;
	int i;

	for (i = 0; i < 500; i++) {
		cfg = mgr->get_peer_cfg_by_name(mgr, "stable");
		ck_assert_ptr_nonnull(cfg);
		cfg->destroy(cfg);
		ck_assert(strstr(peers_for(mgr, "192.0.2.1", "192.0.2.2", NULL, NULL), "stable"));
	}
	return NULL;
}

START_TEST(test_backends_concurrent)
{
	backend_manager_t *mgr = backend_manager_create();
	pthread_t threads[3];
	char name[32];
	int i;

	mgr->add_peer_cfg(mgr, peer("stable", "%any", "%any", NULL, NULL));
	for (i = 0; i < 3; i++) {
		pthread_create(&threads[i], NULL, backend_reader, mgr);
	}
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "c%d", i % 7);
		mgr->add_peer_cfg(mgr, peer(name, "%any", "192.0.2.2", NULL, NULL));
		if (i % 3 == 0) {
			mgr->remove_peer_cfg(mgr, name);
		}
	}
	for (i = 0; i < 3; i++) {
		pthread_join(threads[i], NULL);
	}
	mgr->destroy(mgr);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ike_forms);
	tcase_add_test(tc, test_keywords);
	tcase_add_test(tc, test_esp_forms);
	tcase_add_test(tc, test_rejected);
	tcase_add_test(tc, test_lists_and_defaults);
	tcase_add_test(tc, test_ts_narrowing);
	tcase_add_test(tc, test_ts_ports_protocols);
	tcase_add_test(tc, test_ts_dynamic);
	tcase_add_test(tc, test_child_proposals);
	tcase_add_test(tc, test_child_settings);
	tcase_add_test(tc, test_ike_match);
	tcase_add_test(tc, test_ike_resolve);
	tcase_add_test(tc, test_ike_proposals);
	tcase_add_test(tc, test_peer_children);
	tcase_add_test(tc, test_peer_settings);
	tcase_add_test(tc, test_backends);
	tcase_add_test(tc, test_backends_concurrent);
	suite_add_tcase(s, tc);
	return s;
}
