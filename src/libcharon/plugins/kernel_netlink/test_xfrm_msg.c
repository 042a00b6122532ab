/*
 * What kernel-netlink would send to the kernel, checked on the messages
 * themselves: algorithm names, key and ICV lengths, truncation, ESN and
 * replay windows, UDP encapsulation, lifetimes, selectors, and the
 * priorities of policies. No kernel is involved, so these hold whether or
 * not the running kernel has ESP.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "test_runner.h"

#include "xfrm_algs.h"
#include "xfrm_convert.h"
#include "xfrm_sa_msg.h"
#include "test_xfrm_common.h"

/* The attribute @p type of a built SA message, NULL if absent. */
static struct nlattr *msg_attr(struct nl_msg *msg, int type)
{
	struct nlattr *tb[XFRMA_MAX + 1];

	ck_assert_int_eq(nlmsg_parse(nlmsg_hdr(msg), sizeof(struct xfrm_usersa_info), tb,
				     XFRMA_MAX, NULL), 0);
	return tb[type];
}

static struct xfrm_usersa_info *msg_sa(struct nl_msg *msg)
{
	return nlmsg_data(nlmsg_hdr(msg));
}

static void msg_free(struct nl_msg *msg)
{
	memwipe(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
}

/* ------------------------------------------------------------------ */
/* Algorithm tables and message contents (no kernel involved)         */

START_TEST(test_enc_algs)
{
	struct { uint16_t alg; const char *name; bool aead; uint16_t icv; } v[] = {
		{ ENCR_AES_GCM_ICV16, "rfc4106(gcm(aes))", true, 128 },
		{ ENCR_AES_GCM_ICV12, "rfc4106(gcm(aes))", true, 96 },
		{ ENCR_AES_GCM_ICV8, "rfc4106(gcm(aes))", true, 64 },
		{ ENCR_CHACHA20_POLY1305, "rfc7539esp(chacha20,poly1305)", true, 128 },
		{ ENCR_AES_CCM_ICV16, "rfc4309(ccm(aes))", true, 128 },
		{ ENCR_NULL_AUTH_AES_GMAC, "rfc4543(gcm(aes))", true, 128 },
		{ ENCR_AES_CBC, "cbc(aes)", false, 0 },
		{ ENCR_AES_CTR, "rfc3686(ctr(aes))", false, 0 },
		{ ENCR_3DES, "cbc(des3_ede)", false, 0 },
		{ ENCR_NULL, "ecb(cipher_null)", false, 0 },
	};
	const xfrm_enc_alg_t *alg;
	size_t i;

	for (i = 0; i < countof(v); i++) {
		alg = xfrm_enc_alg(v[i].alg);
		ck_assert_ptr_nonnull(alg);
		ck_assert_str_eq(alg->name, v[i].name);
		ck_assert(alg->aead == v[i].aead);
		ck_assert_uint_eq(alg->icv_bits, v[i].icv);
	}
	ck_assert_uint_eq(xfrm_enc_alg(ENCR_CHACHA20_POLY1305)->salt, 4);
	ck_assert_uint_eq(xfrm_enc_alg(ENCR_AES_GCM_ICV16)->salt, 4);
	ck_assert_ptr_null(xfrm_enc_alg(ENCR_DES));
	ck_assert_ptr_null(xfrm_enc_alg(ENCR_UNDEFINED));
}
END_TEST

START_TEST(test_int_algs)
{
	struct { uint16_t alg; const char *name; uint16_t trunc; } v[] = {
		{ AUTH_HMAC_SHA2_256_128, "hmac(sha256)", 128 },
		{ AUTH_HMAC_SHA2_384_192, "hmac(sha384)", 192 },
		{ AUTH_HMAC_SHA2_512_256, "hmac(sha512)", 256 },
		{ AUTH_HMAC_SHA1_96, "hmac(sha1)", 96 },
		{ AUTH_HMAC_MD5_96, "hmac(md5)", 96 },
		{ AUTH_AES_XCBC_96, "xcbc(aes)", 96 },
		{ AUTH_AES_CMAC_96, "cmac(aes)", 96 },
		{ AUTH_HMAC_SHA2_256_256, "hmac(sha256)", 256 },
	};
	const xfrm_int_alg_t *alg;
	size_t i;

	for (i = 0; i < countof(v); i++) {
		alg = xfrm_int_alg(v[i].alg);
		ck_assert_ptr_nonnull(alg);
		ck_assert_str_eq(alg->name, v[i].name);
		ck_assert_uint_eq(alg->trunc_bits, v[i].trunc);
		/* agrees with the truncation IKE uses */
		ck_assert_uint_eq(alg->trunc_bits, integrity_algorithm_size(v[i].alg) * 8);
	}
	ck_assert_ptr_null(xfrm_int_alg(AUTH_UNDEFINED));
	ck_assert_ptr_null(xfrm_int_alg(999));
}
END_TEST

START_TEST(test_msg_aead)
{
	lifetime_cfg_t lft = { .time = { 3000, 3600 }, .bytes = { 1000000, 2000000 },
			       .packets = { 0, 5000 } };
	kernel_ipsec_add_sa_t data = sa_data(ENCR_AES_GCM_ICV16, chunk_from_thing(gcm_key),
					     AUTH_UNDEFINED, chunk_empty, &lft);
	sa_id_t id = make_id(htonl(0xc0000001), 0, 0);
	struct xfrm_usersa_info *sa;
	struct xfrm_algo_aead *aead;
	struct nl_msg *msg;

	msg = xfrm_sa_msg_add(&id.id, &data, false);
	ck_assert_ptr_nonnull(msg);
	ck_assert_int_eq(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_NEWSA);
	sa = msg_sa(msg);
	ck_assert_uint_eq(sa->id.spi, htonl(0xc0000001));
	ck_assert_uint_eq(sa->id.proto, IPPROTO_ESP);
	ck_assert_uint_eq(sa->family, AF_INET);
	ck_assert_uint_eq(sa->mode, XFRM_MODE_TUNNEL);
	ck_assert_uint_eq(sa->reqid, 1);
	ck_assert_uint_eq(sa->replay_window, 32);
	ck_assert_uint_eq(sa->flags & XFRM_STATE_ESN, 0);
	ck_assert_uint_eq(sa->lft.soft_add_expires_seconds, 3000);
	ck_assert_uint_eq(sa->lft.hard_add_expires_seconds, 3600);
	ck_assert_uint_eq(sa->lft.soft_byte_limit, 1000000);
	ck_assert_uint_eq(sa->lft.hard_byte_limit, 2000000);
	ck_assert_uint_eq(sa->lft.soft_packet_limit, XFRM_INF);
	ck_assert_uint_eq(sa->lft.hard_packet_limit, 5000);
	ck_assert_uint_eq(sa->sel.family, 0);
	aead = nla_data(msg_attr(msg, XFRMA_ALG_AEAD));
	ck_assert_str_eq(aead->alg_name, "rfc4106(gcm(aes))");
	ck_assert_uint_eq(aead->alg_key_len, 288);
	ck_assert_uint_eq(aead->alg_icv_len, 128);
	ck_assert_mem_eq(aead->alg_key, gcm_key, sizeof(gcm_key));
	ck_assert_ptr_null(msg_attr(msg, XFRMA_ALG_CRYPT));
	ck_assert_ptr_null(msg_attr(msg, XFRMA_ALG_AUTH_TRUNC));
	ck_assert_ptr_null(msg_attr(msg, XFRMA_ENCAP));
	ck_assert_ptr_null(msg_attr(msg, XFRMA_REPLAY_ESN_VAL));
	msg_free(msg);

	data.enc_alg = ENCR_CHACHA20_POLY1305;
	data.update = true;
	msg = xfrm_sa_msg_add(&id.id, &data, true);
	ck_assert_int_eq(nlmsg_hdr(msg)->nlmsg_type, XFRM_MSG_UPDSA);
	aead = nla_data(msg_attr(msg, XFRMA_ALG_AEAD));
	ck_assert_str_eq(aead->alg_name, "rfc7539esp(chacha20,poly1305)");
	ck_assert_uint_eq(aead->alg_key_len, 288);
	ck_assert_uint_eq(aead->alg_icv_len, 128);
	msg_free(msg);
	id_free(&id);
}
END_TEST

START_TEST(test_msg_cbc_hmac)
{
	struct { uint16_t alg; size_t key; const char *name; uint32_t trunc; } v[] = {
		{ AUTH_HMAC_SHA2_256_128, 32, "hmac(sha256)", 128 },
		{ AUTH_HMAC_SHA2_384_192, 48, "hmac(sha384)", 192 },
		{ AUTH_HMAC_SHA2_512_256, 64, "hmac(sha512)", 256 },
		{ AUTH_HMAC_SHA1_96, 20, "hmac(sha1)", 96 },
	};
	sa_id_t id = make_id(htonl(0xc0000002), 0, 0);
	kernel_ipsec_add_sa_t data;
	struct xfrm_algo_auth *auth;
	struct xfrm_algo *crypt;
	struct nl_msg *msg;
	size_t i;

	for (i = 0; i < countof(v); i++) {
		data = sa_data(ENCR_AES_CBC, chunk_from_thing(cbc_key), v[i].alg,
			       chunk_create(hmac_key, v[i].key), NULL);
		msg = xfrm_sa_msg_add(&id.id, &data, false);
		ck_assert_ptr_nonnull(msg);
		crypt = nla_data(msg_attr(msg, XFRMA_ALG_CRYPT));
		ck_assert_str_eq(crypt->alg_name, "cbc(aes)");
		ck_assert_uint_eq(crypt->alg_key_len, 128);
		auth = nla_data(msg_attr(msg, XFRMA_ALG_AUTH_TRUNC));
		ck_assert_str_eq(auth->alg_name, v[i].name);
		ck_assert_uint_eq(auth->alg_key_len, v[i].key * 8);
		ck_assert_uint_eq(auth->alg_trunc_len, v[i].trunc);
		ck_assert_mem_eq(auth->alg_key, hmac_key, v[i].key);
		ck_assert_ptr_null(msg_attr(msg, XFRMA_ALG_AEAD));
		/* no lifetime: no limits */
		ck_assert_uint_eq(msg_sa(msg)->lft.hard_byte_limit, XFRM_INF);
		ck_assert_uint_eq(msg_sa(msg)->lft.hard_add_expires_seconds, 0);
		msg_free(msg);
	}
	id_free(&id);
}
END_TEST

START_TEST(test_msg_esn_encap)
{
	kernel_ipsec_add_sa_t data = sa_data(ENCR_AES_GCM_ICV16, chunk_from_thing(gcm_key),
					     AUTH_UNDEFINED, chunk_empty, NULL);
	sa_id_t id = make_id(htonl(0xc0000003), 4500, 4501);
	struct xfrm_replay_state_esn *esn;
	struct xfrm_encap_tmpl *encap;
	struct nl_msg *msg;

	data.esn = true;
	data.replay_window = 128;
	data.encap = true;
	msg = xfrm_sa_msg_add(&id.id, &data, false);
	ck_assert_ptr_nonnull(msg);
	ck_assert_uint_eq(msg_sa(msg)->flags & XFRM_STATE_ESN, XFRM_STATE_ESN);
	ck_assert_uint_eq(msg_sa(msg)->replay_window, 0);
	esn = nla_data(msg_attr(msg, XFRMA_REPLAY_ESN_VAL));
	ck_assert_uint_eq(esn->replay_window, 128);
	ck_assert_uint_eq(esn->bmp_len, 4);
	ck_assert_int_eq(nla_len(msg_attr(msg, XFRMA_REPLAY_ESN_VAL)),
			 (int)(sizeof(*esn) + 4 * sizeof(uint32_t)));
	encap = nla_data(msg_attr(msg, XFRMA_ENCAP));
	ck_assert_uint_eq(encap->encap_type, 2);
	ck_assert_uint_eq(ntohs(encap->encap_sport), 4500);
	ck_assert_uint_eq(ntohs(encap->encap_dport), 4501);
	msg_free(msg);

	/* a big window without ESN still needs the variable-size state */
	data.esn = false;
	data.replay_window = 64;
	msg = xfrm_sa_msg_add(&id.id, &data, false);
	ck_assert_uint_eq(msg_sa(msg)->flags & XFRM_STATE_ESN, 0);
	esn = nla_data(msg_attr(msg, XFRMA_REPLAY_ESN_VAL));
	ck_assert_uint_eq(esn->bmp_len, 2);
	msg_free(msg);

	data.replay_window = XFRM_REPLAY_WINDOW_MAX + 1;
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	id_free(&id);
}
END_TEST

START_TEST(test_msg_selector)
{
	kernel_ipsec_add_sa_t data = sa_data(ENCR_AES_GCM_ICV16, chunk_from_thing(gcm_key),
					     AUTH_UNDEFINED, chunk_empty, NULL);
	sa_id_t id = make_id(htonl(0xc0000004), 0, 0);
	traffic_selector_t *src = traffic_selector_create_from_cidr("192.0.2.1", IPPROTO_TCP, 0, 65535);
	traffic_selector_t *dst = traffic_selector_create_from_cidr("198.51.100.1", IPPROTO_TCP, 443, 443);
	traffic_selector_t *v6 = traffic_selector_create_from_cidr("::1", 0, 0, 65535);
	struct xfrm_usersa_info *sa;
	struct nl_msg *msg;

	data.mode = MODE_TRANSPORT;
	data.src_ts = linked_list_create_with_items(src, NULL);
	data.dst_ts = linked_list_create_with_items(dst, NULL);
	msg = xfrm_sa_msg_add(&id.id, &data, false);
	sa = msg_sa(msg);
	ck_assert_uint_eq(sa->mode, XFRM_MODE_TRANSPORT);
	ck_assert_uint_eq(sa->sel.family, AF_INET);
	ck_assert_uint_eq(sa->sel.prefixlen_s, 32);
	ck_assert_uint_eq(sa->sel.prefixlen_d, 32);
	ck_assert_uint_eq(sa->sel.proto, IPPROTO_TCP);
	ck_assert_uint_eq(ntohs(sa->sel.dport), 443);
	ck_assert_uint_eq(sa->sel.dport_mask, 0xffff);
	ck_assert_uint_eq(sa->sel.sport_mask, 0);
	msg_free(msg);

	/* IPv6 inside an IPv4 tunnel */
	data.mode = MODE_TUNNEL;
	data.dst_ts->insert_last(data.dst_ts, v6);
	msg = xfrm_sa_msg_add(&id.id, &data, false);
	ck_assert_uint_eq(msg_sa(msg)->sel.family, 0);
	ck_assert_uint_eq(msg_sa(msg)->flags & XFRM_STATE_AF_UNSPEC, XFRM_STATE_AF_UNSPEC);
	msg_free(msg);

	data.src_ts->destroy_offset(data.src_ts, DESTROY_OFFSET(traffic_selector_t));
	data.dst_ts->destroy_offset(data.dst_ts, DESTROY_OFFSET(traffic_selector_t));
	id_free(&id);
}
END_TEST

START_TEST(test_msg_refused)
{
	kernel_ipsec_add_sa_t data;
	sa_id_t id = make_id(htonl(0xc0000005), 0, 0);
	host_t *v6 = host_create_from_string("::1", 0);

	/* an AEAD with an integrity algorithm */
	data = sa_data(ENCR_AES_GCM_ICV16, chunk_from_thing(gcm_key), AUTH_HMAC_SHA2_256_128,
		       chunk_create(hmac_key, 32), NULL);
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	/* unknown algorithms */
	data = sa_data(ENCR_DES, chunk_from_thing(cbc_key), AUTH_HMAC_SHA1_96,
		       chunk_create(hmac_key, 20), NULL);
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	data = sa_data(ENCR_AES_CBC, chunk_from_thing(cbc_key), 999, chunk_create(hmac_key, 20), NULL);
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	/* a GCM key that is all salt */
	data = sa_data(ENCR_AES_GCM_ICV16, chunk_create(gcm_key, 4), AUTH_UNDEFINED,
		       chunk_empty, NULL);
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	/* endpoints of two families */
	data = sa_data(ENCR_AES_GCM_ICV16, chunk_from_thing(gcm_key), AUTH_UNDEFINED,
		       chunk_empty, NULL);
	id.id.dst = v6;
	ck_assert_ptr_null(xfrm_sa_msg_add(&id.id, &data, false));
	v6->destroy(v6);
	id_free(&id);
}
END_TEST

START_TEST(test_selectors)
{
	traffic_selector_t *a, *b, *c, *d;
	struct xfrm_selector sel;
	char buf[TS_STR_LEN];

	/* an aligned port range becomes port/mask */
	a = traffic_selector_create_from_cidr("192.0.2.0/24", IPPROTO_UDP, 1024, 2047);
	b = traffic_selector_create_from_cidr("198.51.100.7", IPPROTO_UDP, 53, 53);
	ck_assert(xfrm_sel_from_ts(a, b, &sel));
	ck_assert_uint_eq(ntohs(sel.sport), 1024);
	ck_assert_uint_eq(ntohs(sel.sport_mask), 0xfc00);
	ck_assert_uint_eq(ntohs(sel.dport), 53);
	ck_assert_uint_eq(sel.dport_mask, 0xffff);
	ck_assert_uint_eq(sel.prefixlen_s, 24);
	ck_assert_uint_eq(sel.prefixlen_d, 32);
	/* and back, as an acquire reports it */
	ck_assert(xfrm_sel_to_ts(&sel, &c, &d));
	ck_assert_str_eq(traffic_selector_to_str(c, buf, sizeof(buf)), "192.0.2.0/24[udp/1024-2047]");
	ck_assert_str_eq(traffic_selector_to_str(d, buf, sizeof(buf)), "198.51.100.7/32[udp/53]");
	a->destroy(a); b->destroy(b); c->destroy(c); d->destroy(d);

	/* ICMP echo request: type in the source port, code in the destination port */
	a = traffic_selector_create_from_cidr("192.0.2.1", IPPROTO_ICMP, ts_icmp_port(8, 0),
					      ts_icmp_port(8, 0));
	b = traffic_selector_create_from_cidr("198.51.100.1", IPPROTO_ICMP, 0, 65535);
	ck_assert(xfrm_sel_from_ts(a, b, &sel));
	ck_assert_uint_eq(ntohs(sel.sport), 8);
	ck_assert_uint_eq(sel.sport_mask, 0xffff);
	ck_assert_uint_eq(ntohs(sel.dport), 0);
	ck_assert_uint_eq(sel.dport_mask, 0xffff);
	ck_assert(xfrm_sel_to_ts(&sel, &c, &d));
	ck_assert(c->equals(c, a));
	a->destroy(a); b->destroy(b); c->destroy(c); d->destroy(d);

	/* a range that is no subnet is widened */
	a = traffic_selector_create_from_string(0, TS_IPV4_ADDR_RANGE, "192.0.2.1", 0,
						"192.0.2.5", 65535);
	b = traffic_selector_create_from_cidr("203.0.113.0/24", 0, 0, 65535);
	ck_assert(xfrm_sel_from_ts(a, b, &sel));
	ck_assert_uint_eq(sel.prefixlen_s, 29);
	ck_assert_uint_eq(sel.proto, 0);
	ck_assert_uint_eq(sel.sport_mask, 0);
	c = traffic_selector_create_from_cidr("::1", 0, 0, 65535);
	ck_assert(!xfrm_sel_from_ts(a, c, &sel));
	a->destroy(a); b->destroy(b); c->destroy(c);
}
END_TEST

START_TEST(test_priority_order)
{
	uint32_t pass = prio_of("", 24, "", 24, 0, POLICY_PRIORITY_PASS);
	uint32_t dflt = prio_of("", 24, "", 24, 0, POLICY_PRIORITY_DEFAULT);
	uint32_t trap = prio_of("", 24, "", 24, 0, POLICY_PRIORITY_ROUTED);
	uint32_t host = prio_of("", 32, "", 32, 0, POLICY_PRIORITY_DEFAULT);
	uint32_t host_trap = prio_of("", 32, "", 32, 0, POLICY_PRIORITY_ROUTED);
	uint32_t tcp = prio_of("", 24, "", 24, IPPROTO_TCP, POLICY_PRIORITY_DEFAULT);
	uint32_t any_pass = prio_of("", 0, "", 0, 0, POLICY_PRIORITY_PASS);

	/* lower wins: passthrough, then by specificity, installed before trap */
	ck_assert_uint_lt(pass, dflt);
	ck_assert_uint_lt(any_pass, host);
	ck_assert_uint_lt(dflt, trap);
	ck_assert_uint_lt(host, dflt);
	ck_assert_uint_lt(host_trap, dflt);
	ck_assert_uint_lt(host, host_trap);
	ck_assert_uint_lt(tcp, dflt);
	ck_assert_uint_lt(host, tcp);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("xfrm_msg");
	TCase *tc;

	init_keys();
	tc = tcase_create("messages");
	tcase_add_test(tc, test_enc_algs);
	tcase_add_test(tc, test_int_algs);
	tcase_add_test(tc, test_msg_aead);
	tcase_add_test(tc, test_msg_cbc_hmac);
	tcase_add_test(tc, test_msg_esn_encap);
	tcase_add_test(tc, test_msg_selector);
	tcase_add_test(tc, test_msg_refused);
	tcase_add_test(tc, test_selectors);
	tcase_add_test(tc, test_priority_order);
	suite_add_tcase(s, tc);
	return s;
}
