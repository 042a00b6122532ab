/*
 * Payload encoding: every payload type round-trips through encode() and
 * payload_parse(), and malformed bodies are rejected and counted.
 */
#include "test_runner.h"
#include "library.h"
#include "encoding/enc_counters.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/id_payload.h"
#include "encoding/cert_payload.h"
#include "encoding/auth_payload.h"
#include "encoding/nonce_payload.h"
#include "encoding/notify_payload.h"
#include "encoding/delete_payload.h"
#include "encoding/vendor_payload.h"
#include "encoding/ts_payload.h"
#include "encoding/cp_payload.h"
#include "encoding/eap_payload.h"

/*
 * Encode @p in (with Next Payload @p next), check the generic header,
 * parse it back, check the copy encodes to the same bytes. Destroys @p in
 * and returns the parsed copy.
 */
static payload_t *roundtrip(payload_t *in)
{
	wire_writer_t w, again;
	payload_t *out = NULL;
	chunk_t bytes;

	wire_writer_init(&w, 0);
	in->encode(in, PL_NOTIFY, &w);
	ck_assert(!w.failed);
	bytes = wire_writer_data(&w);
	ck_assert_int_ge(bytes.len, PAYLOAD_HEADER_SIZE);
	ck_assert_int_eq(bytes.ptr[0], PL_NOTIFY);
	ck_assert_int_eq(bytes.ptr[1], 0);
	ck_assert_int_eq(bytes.ptr[2] << 8 | bytes.ptr[3], bytes.len);
	ck_assert_int_eq(payload_parse(in->get_type(in),
				       chunk_skip(bytes, PAYLOAD_HEADER_SIZE), &out),
			 SUCCESS);
	ck_assert_int_eq(out->get_type(out), in->get_type(in));

	wire_writer_init(&again, 0);
	out->encode(out, PL_NOTIFY, &again);
	ck_assert(chunk_equals(wire_writer_data(&again), bytes));
	wire_writer_clear(&again);
	wire_writer_clear(&w);
	in->destroy(in);
	return out;
}

START_TEST(test_sa_roundtrip)
{
	proposal_t *ike, *esp, *got;
	sa_payload_t *sa;
	enumerator_t *e;
	linked_list_t *list;
	uint16_t alg, klen;
	char buf[128];
	int n = 0;

	ike = proposal_create(PROTO_IKE, 0);
	ike->add_algorithm(ike, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	ike->add_algorithm(ike, TRANSFORM_ENCR, ENCR_AES_CBC, 256);
	ike->add_algorithm(ike, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	ike->add_algorithm(ike, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	ike->add_algorithm(ike, TRANSFORM_KE, CURVE_25519, 0);
	esp = proposal_create(PROTO_ESP, 0);
	ck_assert(esp->set_spi(esp, chunk_from_chars(0xc1, 0x2a, 0x00, 0x07)));
	esp->add_algorithm(esp, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128);
	esp->add_algorithm(esp, TRANSFORM_ESN, NO_EXT_SEQ, 0);

	sa = sa_payload_create();
	sa->add_proposal(sa, ike);
	sa->add_proposal(sa, esp);
	sa = (sa_payload_t *)roundtrip(&sa->payload);

	e = sa->create_proposal_enumerator(sa);
	while (e->enumerate(e, &got)) {
		got->to_string(got, buf, sizeof(buf), true);
		if (n++ == 0) {
			ck_assert_str_eq(buf, "IKE:AES_CBC_128/AES_CBC_256/"
					 "HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
			ck_assert_int_eq(got->get_number(got), 1);
			ck_assert_int_eq(got->get_spi(got).len, 0);
			ck_assert(got->get_algorithm(got, TRANSFORM_ENCR, 1, &alg, &klen));
			ck_assert_int_eq(alg, ENCR_AES_CBC);
			ck_assert_int_eq(klen, 256);
		} else {
			ck_assert_str_eq(buf, "ESP:AES_GCM_16_128/NO_EXT_SEQ");
			ck_assert_int_eq(got->get_number(got), 2);
			ck_assert(chunk_equals(got->get_spi(got),
					       chunk_from_chars(0xc1, 0x2a, 0x00, 0x07)));
		}
	}
	e->destroy(e);
	ck_assert_int_eq(n, 2);

	list = sa->get_proposals(sa);
	ck_assert_int_eq(list->get_count(list), 2);
	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	sa->destroy(sa);
}
END_TEST

START_TEST(test_sa_from_list)
{
	linked_list_t *list = linked_list_create();
	proposal_t *p = proposal_create(PROTO_IKE, 0), *got;
	sa_payload_t *sa;
	enumerator_t *e;

	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_CHACHA20_POLY1305, 0);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_512, 0);
	p->add_algorithm(p, TRANSFORM_KE, ECP_256, 0);
	list->insert_last(list, p);
	sa = sa_payload_create_from_proposals(list);
	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	sa = (sa_payload_t *)roundtrip(&sa->payload);
	e = sa->create_proposal_enumerator(sa);
	ck_assert(e->enumerate(e, &got));
	ck_assert_int_eq(got->count_algorithms(got, TRANSFORM_ENCR), 1);
	ck_assert(got->has_ke_method(got, ECP_256));
	ck_assert(!e->enumerate(e, &got));
	e->destroy(e);
	sa->destroy(sa);
}
END_TEST

START_TEST(test_ke_roundtrip)
{
	ke_payload_t *ke = ke_payload_create(CURVE_25519, chunk_from_str("0123456789abcdef"));

	ke = (ke_payload_t *)roundtrip(&ke->payload);
	ck_assert_int_eq(ke->get_method(ke), CURVE_25519);
	ck_assert(chunk_equals(ke->get_data(ke), chunk_from_str("0123456789abcdef")));
	ke->destroy(ke);
}
END_TEST

START_TEST(test_id_roundtrip)
{
	identification_t *ident, *got;
	id_payload_t *id;
	chunk_t enc;

	id = id_payload_create(PL_IDI, ID_FQDN, chunk_from_str("moon.example.org"));
	id = (id_payload_t *)roundtrip(&id->payload);
	ck_assert_int_eq(id->payload.get_type(&id->payload), PL_IDI);
	ck_assert_int_eq(id->get_id_type(id), ID_FQDN);
	ck_assert(chunk_equals(id->get_data(id), chunk_from_str("moon.example.org")));
	enc = id->get_encoded(id);
	ck_assert_int_eq(enc.len, 4 + 16);
	ck_assert_int_eq(enc.ptr[0], ID_FQDN);
	ck_assert_int_eq(enc.ptr[1] | enc.ptr[2] | enc.ptr[3], 0);
	chunk_free(&enc);
	id->destroy(id);

	id = id_payload_create(PL_IDR, ID_IPV4_ADDR, chunk_from_chars(192, 0, 2, 1));
	id = (id_payload_t *)roundtrip(&id->payload);
	ck_assert_int_eq(id->payload.get_type(&id->payload), PL_IDR);
	ck_assert_str_eq(id_payload_type_name(id->get_id_type(id)), "ID_IPV4_ADDR");
	id->destroy(id);

	ident = identification_create_from_string("carol@example.org");
	id = id_payload_create_from_identification(PL_IDI, ident);
	id = (id_payload_t *)roundtrip(&id->payload);
	ck_assert_int_eq(id->get_id_type(id), ID_RFC822_ADDR);
	got = id->get_identification(id);
	ck_assert(got->equals(got, ident));
	got->destroy(got);
	ident->destroy(ident);
	id->destroy(id);

	ck_assert(!id_payload_create(PL_IDR, ID_IPV6_ADDR, chunk_from_chars(1, 2)));
	ck_assert(!id_payload_create(PL_IDR, ID_ANY, chunk_from_chars(1, 2)));
	ck_assert(!id_payload_create(PL_SA, ID_FQDN, chunk_from_str("x")));
}
END_TEST

START_TEST(test_cert_roundtrip)
{
	uint8_t hash[2 * CERTREQ_KEYID_SIZE];
	cert_payload_t *cert;
	enumerator_t *e;
	chunk_t keyid;
	int n = 0;

	cert = cert_payload_create(PL_CERT, CERT_ENC_X509_SIGNATURE,
				   chunk_from_chars(0x30, 0x82, 0x01, 0x00));
	cert = (cert_payload_t *)roundtrip(&cert->payload);
	ck_assert_int_eq(cert->get_encoding(cert), CERT_ENC_X509_SIGNATURE);
	ck_assert_int_eq(cert->get_data(cert).len, 4);
	cert->destroy(cert);

	memset(hash, 0xab, sizeof(hash));
	cert = cert_payload_create(PL_CERTREQ, CERT_ENC_X509_SIGNATURE, chunk_empty);
	cert->add_keyid(cert, chunk_create(hash, CERTREQ_KEYID_SIZE));
	cert->add_keyid(cert, chunk_create(hash, CERTREQ_KEYID_SIZE));
	cert = (cert_payload_t *)roundtrip(&cert->payload);
	ck_assert_int_eq(cert->payload.get_type(&cert->payload), PL_CERTREQ);
	e = cert->create_keyid_enumerator(cert);
	while (e->enumerate(e, &keyid)) {
		ck_assert(chunk_equals(keyid, chunk_create(hash, CERTREQ_KEYID_SIZE)));
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 2);
	cert->destroy(cert);
}
END_TEST

START_TEST(test_auth_roundtrip)
{
	auth_payload_t *auth;

	auth = auth_payload_create(AUTH_METHOD_PSK, chunk_from_str("authdata-32-bytes-xxxxxxxxxxxxxx"));
	auth = (auth_payload_t *)roundtrip(&auth->payload);
	ck_assert_int_eq(auth->get_method(auth), AUTH_METHOD_PSK);
	ck_assert_str_eq(auth_method_name(auth->get_method(auth)), "PSK");
	ck_assert_int_eq(auth->get_data(auth).len, 32);
	auth->destroy(auth);
}
END_TEST

START_TEST(test_nonce_vendor_eap_roundtrip)
{
	nonce_payload_t *nonce;
	vendor_payload_t *vendor;
	eap_payload_t *eap;
	uint8_t data[NONCE_SIZE_MAX];

	memset(data, 7, sizeof(data));
	nonce = nonce_payload_create(chunk_create(data, 32));
	nonce = (nonce_payload_t *)roundtrip(&nonce->payload);
	ck_assert(chunk_equals(nonce->get_nonce(nonce), chunk_create(data, 32)));
	nonce->destroy(nonce);

	nonce = nonce_payload_create(chunk_create(data, NONCE_SIZE_MAX));
	nonce = (nonce_payload_t *)roundtrip(&nonce->payload);
	nonce->destroy(nonce);

	vendor = vendor_payload_create(chunk_from_str("cygnet"));
	vendor = (vendor_payload_t *)roundtrip(&vendor->payload);
	ck_assert(chunk_equals(vendor->get_data(vendor), chunk_from_str("cygnet")));
	vendor->destroy(vendor);

	eap = eap_payload_create(chunk_from_chars(EAP_REQUEST, 5, 0, 5, 1));
	eap = (eap_payload_t *)roundtrip(&eap->payload);
	ck_assert_int_eq(eap->get_code(eap), EAP_REQUEST);
	ck_assert_int_eq(eap->get_identifier(eap), 5);
	eap->destroy(eap);
	ck_assert(!eap_payload_create(chunk_from_chars(1, 5, 0, 9, 1)));
}
END_TEST

START_TEST(test_notify_roundtrip)
{
	notify_payload_t *n;

	n = notify_payload_create(REKEY_SA, PROTO_ESP, chunk_from_chars(1, 2, 3, 4),
				  chunk_empty);
	n = (notify_payload_t *)roundtrip(&n->payload);
	ck_assert_int_eq(n->get_notify_type(n), REKEY_SA);
	ck_assert_int_eq(n->get_protocol(n), PROTO_ESP);
	ck_assert(chunk_equals(n->get_spi(n), chunk_from_chars(1, 2, 3, 4)));
	ck_assert_int_eq(n->get_data(n).len, 0);
	n->destroy(n);

	n = notify_payload_create(INVALID_KE_PAYLOAD, PROTO_NONE, chunk_empty,
				  chunk_from_chars(0, 31));
	n = (notify_payload_t *)roundtrip(&n->payload);
	ck_assert(chunk_equals(n->get_data(n), chunk_from_chars(0, 31)));
	n->destroy(n);

	ck_assert(!notify_payload_create(COOKIE, PROTO_NONE, chunk_from_chars(1, 2),
					 chunk_empty));
	ck_assert_str_eq(notify_type_name(NAT_DETECTION_SOURCE_IP), "NAT_DETECTION_SOURCE_IP");
	ck_assert_str_eq(notify_type_name(SIGNATURE_HASH_ALGORITHMS), "SIGNATURE_HASH_ALGORITHMS");
	ck_assert_str_eq(notify_type_name(IKEV2_FRAGMENTATION_SUPPORTED),
			 "IKEV2_FRAGMENTATION_SUPPORTED");
	ck_assert_str_eq(notify_type_name(TS_UNACCEPTABLE), "TS_UNACCEPTABLE");
	ck_assert_int_eq(COOKIE, 16390);
	ck_assert_int_eq(MOBIKE_SUPPORTED, 16396);
	ck_assert(!notify_type_name(12345));
	ck_assert(notify_type_is_error(NO_PROPOSAL_CHOSEN));
	ck_assert(!notify_type_is_error(INITIAL_CONTACT));
}
END_TEST

START_TEST(test_delete_roundtrip)
{
	delete_payload_t *d;
	enumerator_t *e;
	uint32_t spi;

	d = delete_payload_create(PROTO_ESP);
	d->add_spi(d, 0xc0ffee01);
	d->add_spi(d, 0x00000002);
	d = (delete_payload_t *)roundtrip(&d->payload);
	ck_assert_int_eq(d->get_protocol(d), PROTO_ESP);
	ck_assert_int_eq(d->get_spi_count(d), 2);
	e = d->create_spi_enumerator(d);
	ck_assert(e->enumerate(e, &spi));
	ck_assert_uint_eq(spi, 0xc0ffee01);
	ck_assert(e->enumerate(e, &spi));
	ck_assert_uint_eq(spi, 2);
	ck_assert(!e->enumerate(e, &spi));
	e->destroy(e);
	d->destroy(d);

	d = delete_payload_create(PROTO_IKE);
	d->add_spi(d, 5);
	d = (delete_payload_t *)roundtrip(&d->payload);
	ck_assert_int_eq(d->get_protocol(d), PROTO_IKE);
	ck_assert_int_eq(d->get_spi_count(d), 0);
	d->destroy(d);
	ck_assert(!delete_payload_create(PROTO_NONE));
}
END_TEST

START_TEST(test_ts_roundtrip)
{
	linked_list_t *list = linked_list_create(), *got;
	traffic_selector_t *ts;
	ts_payload_t *tsp;
	enumerator_t *e;
	char buf[TS_STR_LEN];
	int n = 0;

	list->insert_last(list, traffic_selector_create_from_cidr(
				"198.51.100.0/26", 0, 0, 65535));
	list->insert_last(list, traffic_selector_create_from_cidr(
				"2001:db8::/64", 6, 443, 443));
	tsp = ts_payload_create(true, list);
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	tsp = (ts_payload_t *)roundtrip(&tsp->payload);
	ck_assert_int_eq(tsp->payload.get_type(&tsp->payload), PL_TSI);

	got = tsp->get_traffic_selectors(tsp);
	ck_assert_int_eq(got->get_count(got), 2);
	e = got->create_enumerator(got);
	while (e->enumerate(e, &ts)) {
		traffic_selector_to_str(ts, buf, sizeof(buf));
		ck_assert_str_eq(buf, n++ ? "2001:db8::/64[tcp/443]" : "198.51.100.0/26");
	}
	e->destroy(e);
	got->destroy_offset(got, DESTROY_OFFSET(traffic_selector_t));
	tsp->destroy(tsp);

	tsp = ts_payload_create(false, NULL);
	ts = traffic_selector_create_from_cidr("10.0.0.1", 17, 500, 500);
	tsp->add_traffic_selector(tsp, ts);
	ts->destroy(ts);
	tsp = (ts_payload_t *)roundtrip(&tsp->payload);
	ck_assert_int_eq(tsp->payload.get_type(&tsp->payload), PL_TSR);
	tsp->destroy(tsp);
}
END_TEST

START_TEST(test_cp_roundtrip)
{
	cp_payload_t *cp = cp_payload_create(CFG_REQUEST);
	enumerator_t *e;
	uint16_t type;
	chunk_t value;

	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_empty);
	cp->add_attribute(cp, INTERNAL_IP4_DNS, chunk_from_chars(192, 0, 2, 53));
	cp = (cp_payload_t *)roundtrip(&cp->payload);
	ck_assert_int_eq(cp->get_cp_type(cp), CFG_REQUEST);
	e = cp->create_attribute_enumerator(cp);
	ck_assert(e->enumerate(e, &type, &value));
	ck_assert_int_eq(type, INTERNAL_IP4_ADDRESS);
	ck_assert_int_eq(value.len, 0);
	ck_assert(e->enumerate(e, &type, &value));
	ck_assert_int_eq(type, INTERNAL_IP4_DNS);
	ck_assert(chunk_equals(value, chunk_from_chars(192, 0, 2, 53)));
	ck_assert(!e->enumerate(e, &type, &value));
	e->destroy(e);
	cp->destroy(cp);
}
END_TEST

/* SA bodies whose parse must drop parts without failing */
START_TEST(test_sa_ignored_parts)
{
	/* proposal 1: protocol 9 (unknown); proposal 2: ESP with one transform
	 * carrying an unknown attribute (type 15 TV) and one plain ESN */
	chunk_t body = chunk_from_chars(
		0x02, 0, 0x00, 0x10, 1, 9, 0, 1,
		0x00, 0, 0x00, 0x08, 1, 0, 0x00, 0x0c,
		0x00, 0, 0x00, 0x20, 2, 3, 4, 2, 0xaa, 0xbb, 0xcc, 0xdd,
		0x03, 0, 0x00, 0x0c, 1, 0, 0x00, 0x0c, 0x80, 0x0f, 0x00, 0x80,
		0x00, 0, 0x00, 0x08, 5, 0, 0x00, 0x00);
	proposal_t *p;
	payload_t *out;
	enumerator_t *e;
	char buf[64];

	ck_assert_int_eq(payload_parse(PL_SA, body, &out), SUCCESS);
	e = ((sa_payload_t *)out)->create_proposal_enumerator((sa_payload_t *)out);
	ck_assert(e->enumerate(e, &p));
	ck_assert_str_eq(p->to_string(p, buf, sizeof(buf), true), "ESP:NO_EXT_SEQ");
	ck_assert_int_eq(p->get_number(p), 2);
	ck_assert(!e->enumerate(e, &p));
	e->destroy(e);
	out->destroy(out);
}
END_TEST

/* malformed payload bodies: each must fail with PARSE_ERROR, counted once */
static const struct {
	const char *name;
	payload_type_t type;
	const char *hex;
} malformed[] = {
	{ "SA: empty", PL_SA, "" },
	{ "SA: proposal header truncated", PL_SA, "00000008010100" },
	{ "SA: proposal length beyond body", PL_SA, "000000ff01010001 0000000801000014" },
	{ "SA: proposal length below header", PL_SA, "0000000401010000" },
	{ "SA: proposal lengths do not add up", PL_SA,
	  "0000001001010001 0000000801000014 00" },
	{ "SA: more-proposals marker on the last", PL_SA,
	  "0200001001010001 0000000801000014" },
	{ "SA: last marker before more data", PL_SA,
	  "0000001001010001 0000000801000014 0000001001010001 0000000801000014" },
	{ "SA: bad proposal marker", PL_SA, "0100001001010001 0000000801000014" },
	{ "SA: SPI size 3", PL_SA, "0000001301010301 aabbcc 0000000801000014" },
	{ "SA: SPI beyond proposal", PL_SA, "0000000c01030801 aabbccdd" },
	{ "SA: transform count above actual", PL_SA,
	  "0000001001010002 0000000801000014" },
	{ "SA: transform count below actual", PL_SA,
	  "0000001801010001 0300000801000014 0000000802000005" },
	{ "SA: transform length beyond proposal", PL_SA,
	  "0000001001010001 0000000c01000014" },
	{ "SA: transform length below header", PL_SA,
	  "0000001001010001 0000000401000014" },
	{ "SA: more-transforms marker on the last", PL_SA,
	  "0000001001010001 0300000801000014" },
	{ "SA: TLV attribute beyond transform", PL_SA,
	  "0000001401010001 0000000c01000014 000e0008" },
	{ "SA: attribute truncated", PL_SA,
	  "0000001201010001 0000000a01000014 800e" },
	{ "KE: truncated", PL_KE, "001f00" },
	{ "KE: no data", PL_KE, "001f0000" },
	{ "ID: truncated", PL_IDI, "0100" },
	{ "ID: IPv4 of 5 bytes", PL_IDI, "01000000 c000020100" },
	{ "ID: IPv6 of 4 bytes", PL_IDR, "05000000 20010db8" },
	{ "ID: empty FQDN", PL_IDR, "02000000" },
	{ "ID: reserved type 0", PL_IDI, "00000000 01" },
	{ "CERT: empty", PL_CERT, "" },
	{ "CERT: no data", PL_CERT, "04" },
	{ "AUTH: no data", PL_AUTH, "02000000" },
	{ "Nonce: 15 bytes", PL_NONCE, "000102030405060708090a0b0c0d0e" },
	{ "Notify: truncated", PL_NOTIFY, "000040" },
	{ "Notify: SPI size 3", PL_NOTIFY, "03034009 aabbcc" },
	{ "Notify: SPI beyond body", PL_NOTIFY, "0304400b aabb" },
	{ "Delete: truncated", PL_DELETE, "030400" },
	{ "Delete: SPIs do not add up", PL_DELETE, "03040002 aabbccdd eeff00" },
	{ "Delete: SPIs beyond body", PL_DELETE, "03040003 aabbccdd" },
	{ "Delete: IKE with SPI size", PL_DELETE, "01040001 aabbccdd" },
	{ "Delete: IKE with SPI count", PL_DELETE, "01000001" },
	{ "Delete: unknown protocol", PL_DELETE, "09040001 aabbccdd" },
	{ "TS: truncated", PL_TSI, "0100" },
	{ "TS: no selectors", PL_TSI, "00000000" },
	{ "TS: count above actual", PL_TSI,
	  "02000000 07000010 0000ffff 0a000000 0a0000ff" },
	{ "TS: count below actual", PL_TSR,
	  "01000000 07000010 0000ffff 0a000000 0a0000ff"
	  " 07000010 0000ffff 0a000100 0a0001ff" },
	{ "TS: IPv4 length 20", PL_TSI,
	  "01000000 07000014 0000ffff 0a000000 0a0000ff 00000000" },
	{ "TS: IPv6 length 16", PL_TSI,
	  "01000000 08000010 0000ffff 0a000000 0a0000ff" },
	{ "TS: length beyond body", PL_TSI, "01000000 07000020 0000ffff" },
	{ "TS: length below header", PL_TSI, "01000000 07000002" },
	{ "TS: start after end", PL_TSI,
	  "01000000 07000010 0000ffff 0a0000ff 0a000000" },
	{ "CP: truncated", PL_CP, "0100" },
	{ "CP: attribute beyond body", PL_CP, "01000000 00010004 c000" },
	{ "CP: attribute header truncated", PL_CP, "01000000 0001" },
	{ "EAP: truncated", PL_EAP, "0105" },
	{ "EAP: length mismatch", PL_EAP, "01050009 01" },
};

START_TEST(test_malformed)
{
	uint64_t before = enc_counter_get(ENC_CNT_MALFORMED);
	payload_t *out = NULL;
	chunk_t body = chunk_from_hex(malformed[_i].hex);

	ck_assert_msg(!chunk_is_empty(body) || !*malformed[_i].hex, "bad hex");
	ck_assert_msg(payload_parse(malformed[_i].type, body, &out) == PARSE_ERROR,
		      "%s: accepted", malformed[_i].name);
	ck_assert_msg(enc_counter_get(ENC_CNT_MALFORMED) == before + 1,
		      "%s: counted %llu times", malformed[_i].name,
		      (unsigned long long)(enc_counter_get(ENC_CNT_MALFORMED) - before));
	chunk_free(&body);
}
END_TEST

/* every malformed body must also be rejected at each shorter length */
START_TEST(test_malformed_truncations)
{
	chunk_t body = chunk_from_hex(malformed[_i].hex);
	payload_t *out;
	size_t len;

	for (len = 0; len < body.len; len++) {
		out = NULL;
		if (payload_parse(malformed[_i].type, chunk_create(body.ptr, len),
				  &out) == SUCCESS) {
			out->destroy(out);
		}
	}
	chunk_free(&body);
}
END_TEST

START_TEST(test_counters)
{
	payload_t *out;

	enc_counters_reset();
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_MALFORMED), 0);
	ck_assert_int_eq(payload_parse(PL_NONCE, chunk_from_chars(1), &out), PARSE_ERROR);
	ck_assert_int_eq(payload_parse(PL_NONCE, chunk_from_chars(1), &out), PARSE_ERROR);
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_MALFORMED), 2);
	ck_assert_str_eq(enc_counter_name(ENC_CNT_MALFORMED), "malformed");
	ck_assert_str_eq(enc_counter_name(ENC_CNT_INTEGRITY_FAILED), "integrity-failed");
	ck_assert(!enc_counter_name(ENC_CNT_MAX));
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_MAX), 0);
	ck_assert_int_eq(payload_parse(PL_SK, chunk_empty, &out), NOT_SUPPORTED);
	ck_assert_int_eq(payload_parse(99, chunk_empty, &out), NOT_SUPPORTED);
	ck_assert_str_eq(payload_type_name(PL_NONCE), "No");
	ck_assert(!payload_type_name(99));
}
END_TEST

START_TEST(test_wire)
{
	chunk_t in = chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8, 9), data;
	wire_writer_t w;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;
	uint8_t v8;

	ck_assert(wire_read_u8(&in, &v8) && v8 == 1);
	ck_assert(wire_read_u16(&in, &v16) && v16 == 0x0203);
	ck_assert(!wire_read_u64(&in, &v64));
	ck_assert_int_eq(in.len, 6);
	ck_assert(wire_read_u32(&in, &v32) && v32 == 0x04050607);
	ck_assert(!wire_read_data(&in, 3, &data));
	ck_assert(wire_read_data(&in, 2, &data) && data.len == 2);
	ck_assert(!wire_read_u8(&in, &v8));

	wire_writer_init(&w, 0);
	wire_write_u64(&w, 0x0102030405060708ULL);
	for (v16 = 0; v16 < 1000; v16++) {
		wire_write_u16(&w, v16);
	}
	ck_assert_int_eq(w.len, 8 + 2000);
	ck_assert_int_eq(w.buf[7], 8);
	ck_assert_int_eq(w.buf[8 + 2 * 999 + 1], 999 & 0xff);
	wire_set_u16(&w, w.len - 1, 1);
	ck_assert(w.failed);
	wire_writer_clear(&w);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("encoding");
	TCase *tc;

	tc = tcase_create("roundtrip");
	tcase_add_test(tc, test_sa_roundtrip);
	tcase_add_test(tc, test_sa_from_list);
	tcase_add_test(tc, test_ke_roundtrip);
	tcase_add_test(tc, test_id_roundtrip);
	tcase_add_test(tc, test_cert_roundtrip);
	tcase_add_test(tc, test_auth_roundtrip);
	tcase_add_test(tc, test_nonce_vendor_eap_roundtrip);
	tcase_add_test(tc, test_notify_roundtrip);
	tcase_add_test(tc, test_delete_roundtrip);
	tcase_add_test(tc, test_ts_roundtrip);
	tcase_add_test(tc, test_cp_roundtrip);
	tcase_add_test(tc, test_sa_ignored_parts);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_malformed, 0, countof(malformed));
	tcase_add_loop_test(tc, test_malformed_truncations, 0, countof(malformed));
	tcase_add_test(tc, test_counters);
	tcase_add_test(tc, test_wire);
	suite_add_tcase(s, tc);
	return s;
}
