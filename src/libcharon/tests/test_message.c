/*
 * IKE messages: generate and parse round-trips, SK protection with a fake
 * and with real (openssl) AEAD and cipher+HMAC keys, tampering, and a
 * table of malformed packets that must be rejected and counted.
 *
 * With IKE_CORPUS_DIR set in the environment, the valid messages built
 * here are also written there (the fuzzer's seed corpus).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "test_runner.h"
#include "library.h"
#include "crypto/crypto_factory.h"
#include "plugins/plugin_loader.h"
#include "encoding/message.h"
#include "encoding/enc_counters.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/id_payload.h"
#include "encoding/cert_payload.h"
#include "encoding/auth_payload.h"
#include "encoding/nonce_payload.h"
#include "encoding/delete_payload.h"
#include "encoding/vendor_payload.h"
#include "encoding/ts_payload.h"
#include "encoding/cp_payload.h"
#include "encoding/eap_payload.h"
#include "sk_crypto_fake.h"

#define SPI_I 0x0123456789abcdefULL
#define SPI_R 0xfedcba9876543210ULL

static uint8_t bytes32[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
			       15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
			       27, 28, 29, 30, 31, 32 };

static void setup(void)
{
	ck_assert(library_init("/nonexistent/cygnet.conf", "test"));
}

static void setup_crypto(void)
{
	setup();
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS,
				     "random nonce openssl"));
}

static void teardown(void)
{
	library_deinit();
}

/* write a seed for the fuzzer if asked to */
static void save_corpus(const char *name, chunk_t packet)
{
	const char *dir = getenv("IKE_CORPUS_DIR");
	char path[512];
	FILE *f;

	if (!dir) {
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(packet.ptr, 1, packet.len, f), packet.len);
	fclose(f);
}

static message_t *new_message(exchange_type_t exchange, bool request, uint32_t id)
{
	message_t *m = message_create();

	m->set_spi_i(m, SPI_I);
	m->set_spi_r(m, exchange == IKE_SA_INIT && request ? 0 : SPI_R);
	m->set_exchange_type(m, exchange);
	m->set_initiator(m, request);
	m->set_request(m, request);
	m->set_message_id(m, id);
	return m;
}

static message_t *ike_sa_init_request(void)
{
	message_t *m = new_message(IKE_SA_INIT, true, 0);
	proposal_t *p = proposal_create(PROTO_IKE, 0);
	sa_payload_t *sa = sa_payload_create();

	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	p->add_algorithm(p, TRANSFORM_KE, CURVE_25519, 0);
	sa->add_proposal(sa, p);
	m->add_payload(m, &sa->payload);
	m->add_payload(m, &ke_payload_create(CURVE_25519, chunk_from_thing(bytes32))->payload);
	m->add_payload(m, &nonce_payload_create(chunk_from_thing(bytes32))->payload);
	ck_assert(m->add_notify(m, NAT_DETECTION_SOURCE_IP, chunk_create(bytes32, 20)));
	ck_assert(m->add_notify(m, NAT_DETECTION_DESTINATION_IP, chunk_create(bytes32, 20)));
	m->add_payload(m, &vendor_payload_create(chunk_from_str("cygnet"))->payload);
	return m;
}

static message_t *ike_auth_request(void)
{
	message_t *m = new_message(IKE_AUTH, true, 1);
	proposal_t *p = proposal_create(PROTO_ESP, 0);
	sa_payload_t *sa = sa_payload_create();
	ts_payload_t *tsi, *tsr;
	traffic_selector_t *ts;
	cp_payload_t *cp;

	m->add_payload(m, &id_payload_create(PL_IDI, ID_FQDN,
					     chunk_from_str("moon.example.org"))->payload);
	m->add_payload(m, &cert_payload_create(PL_CERTREQ, CERT_ENC_X509_SIGNATURE,
					       chunk_create(bytes32, 20))->payload);
	m->add_payload(m, &auth_payload_create(AUTH_METHOD_PSK,
					       chunk_from_thing(bytes32))->payload);
	ck_assert(m->add_notify(m, INITIAL_CONTACT, chunk_empty));
	cp = cp_payload_create(CFG_REQUEST);
	cp->add_attribute(cp, INTERNAL_IP4_ADDRESS, chunk_empty);
	m->add_payload(m, &cp->payload);
	ck_assert(p->set_spi(p, chunk_from_chars(0xc1, 0, 0, 1)));
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128);
	p->add_algorithm(p, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	sa->add_proposal(sa, p);
	m->add_payload(m, &sa->payload);
	tsi = ts_payload_create(true, NULL);
	ts = traffic_selector_create_from_cidr("10.1.0.0/16", 0, 0, 65535);
	tsi->add_traffic_selector(tsi, ts);
	ts->destroy(ts);
	m->add_payload(m, &tsi->payload);
	tsr = ts_payload_create(false, NULL);
	ts = traffic_selector_create_from_cidr("10.2.0.0/16", 0, 0, 65535);
	tsr->add_traffic_selector(tsr, ts);
	ts->destroy(ts);
	m->add_payload(m, &tsr->payload);
	return m;
}

static const char *summary(message_t *m, char *buf, size_t len)
{
	return m->to_string(m, buf, len);
}

/* generate, parse back with @p in, check the header and the summary */
static message_t *roundtrip(message_t *out, sk_crypto_t *crypto_out,
			    sk_crypto_t *crypto_in, const char *corpus)
{
	char a[256], b[256];
	chunk_t packet;
	message_t *in;

	ck_assert_int_eq(out->generate(out, crypto_out, &packet), SUCCESS);
	ck_assert(chunk_equals(packet, out->get_packet_data(out)));
	if (corpus) {
		save_corpus(corpus, packet);
	}
	in = message_create_from_packet(packet);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_uint_eq(in->get_spi_i(in), out->get_spi_i(out));
	ck_assert_uint_eq(in->get_spi_r(in), out->get_spi_r(out));
	ck_assert_int_eq(in->get_exchange_type(in), out->get_exchange_type(out));
	ck_assert_int_eq(in->get_request(in), out->get_request(out));
	ck_assert_int_eq(in->get_initiator(in), out->get_initiator(out));
	ck_assert_int_eq(in->get_message_id(in), out->get_message_id(out));
	ck_assert_int_eq(in->get_major_version(in), 2);
	ck_assert_int_eq(in->get_minor_version(in), 0);
	ck_assert(!in->get_version_flag(in));
	ck_assert_int_eq(in->parse_body(in, crypto_in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, crypto_in), INVALID_STATE);
	ck_assert_str_eq(summary(in, a, sizeof(a)), summary(out, b, sizeof(b)));
	ck_assert(chunk_equals(in->get_packet_data(in), packet));
	ck_assert_int_eq(in->is_encrypted(in), out->is_encrypted(out));
	chunk_free(&packet);
	return in;
}

START_TEST(test_ike_sa_init)
{
	message_t *out = ike_sa_init_request(), *in;
	notify_payload_t *n;
	ke_payload_t *ke;
	char buf[256];
	chunk_t packet;

	in = roundtrip(out, NULL, NULL, "ike_sa_init_request");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)),
			 "IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) "
			 "N(NAT_DETECTION_DESTINATION_IP) V ]");
	ck_assert(!in->is_encrypted(in));
	ke = (ke_payload_t *)in->get_payload(in, PL_KE);
	ck_assert_int_eq(ke->get_method(ke), CURVE_25519);
	n = in->get_notify(in, NAT_DETECTION_DESTINATION_IP);
	ck_assert(chunk_equals(n->get_data(n), chunk_create(bytes32, 20)));
	ck_assert_ptr_null(in->get_notify(in, COOKIE));
	ck_assert_ptr_null(in->get_payload(in, PL_AUTH));

	/* header layout: plain payloads follow it directly */
	packet = out->get_packet_data(out);
	ck_assert_int_eq(packet.ptr[16], PL_SA);
	ck_assert_int_eq(packet.ptr[17], 0x20);
	ck_assert_int_eq(packet.ptr[18], IKE_SA_INIT);
	ck_assert_int_eq(packet.ptr[19], 0x08);
	in->destroy(in);
	out->destroy(out);

	/* a bare error response */
	out = new_message(IKE_SA_INIT, false, 0);
	ck_assert(out->add_notify(out, INVALID_KE_PAYLOAD, chunk_from_chars(0, 19)));
	in = roundtrip(out, NULL, NULL, "ike_sa_init_response_error");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)),
			 "IKE_SA_INIT response 0 [ N(INVALID_KE_PAYLOAD) ]");
	in->destroy(in);
	out->destroy(out);
}
END_TEST

START_TEST(test_ike_auth_fake)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(_i ? 16 : 1, true);
	message_t *out = ike_auth_request(), *in;
	linked_list_t *list;
	ts_payload_t *ts;
	chunk_t packet;
	char buf[256];

	in = roundtrip(out, crypto, crypto, _i ? "ike_auth_request_b16" : "ike_auth_request");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)),
			 "IKE_AUTH request 1 [ IDi CERTREQ AUTH N(INITIAL_CONTACT) CP SA TSi TSr ]");
	ck_assert(in->is_encrypted(in));
	ts = (ts_payload_t *)in->get_payload(in, PL_TSR);
	list = ts->get_traffic_selectors(ts);
	ck_assert_int_eq(list->get_count(list), 1);
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));

	/* everything went into SK, which names the first inner payload */
	packet = out->get_packet_data(out);
	ck_assert_int_eq(packet.ptr[16], PL_SK);
	ck_assert_int_eq(packet.ptr[IKE_HEADER_SIZE], PL_IDI);
	ck_assert_int_eq(packet.ptr[IKE_HEADER_SIZE + 2] << 8 |
			 packet.ptr[IKE_HEADER_SIZE + 3], packet.len - IKE_HEADER_SIZE);
	in->destroy(in);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_other_exchanges)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);
	message_t *out, *in;
	proposal_t *p = proposal_create(PROTO_ESP, 0);
	sa_payload_t *sa = sa_payload_create();
	delete_payload_t *d;
	notify_payload_t *n;
	char buf[256];

	/* CREATE_CHILD_SA rekeying a CHILD_SA */
	out = new_message(CREATE_CHILD_SA, true, 2);
	n = notify_payload_create(REKEY_SA, PROTO_ESP, chunk_from_chars(1, 2, 3, 4),
				  chunk_empty);
	out->add_payload(out, &n->payload);
	ck_assert(p->set_spi(p, chunk_from_chars(5, 6, 7, 8)));
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_CBC, 256);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	p->add_algorithm(p, TRANSFORM_KE, MODP_2048, 0);
	p->add_algorithm(p, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	sa->add_proposal(sa, p);
	out->add_payload(out, &sa->payload);
	out->add_payload(out, &nonce_payload_create(chunk_from_thing(bytes32))->payload);
	out->add_payload(out, &ke_payload_create(MODP_2048, chunk_from_thing(bytes32))->payload);
	in = roundtrip(out, crypto, crypto, "create_child_sa_request");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)),
			 "CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No KE ]");
	in->destroy(in);
	out->destroy(out);

	/* INFORMATIONAL: delete, and an empty one (liveness check) */
	out = new_message(INFORMATIONAL, true, 3);
	d = delete_payload_create(PROTO_ESP);
	d->add_spi(d, 0x01020304);
	out->add_payload(out, &d->payload);
	in = roundtrip(out, crypto, crypto, "informational_delete");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)), "INFORMATIONAL request 3 [ D ]");
	in->destroy(in);
	out->destroy(out);

	out = new_message(INFORMATIONAL, false, 3);
	in = roundtrip(out, crypto, crypto, "informational_empty");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)), "INFORMATIONAL response 3 [ ]");
	in->destroy(in);
	out->destroy(out);

	/* EAP round of IKE_AUTH */
	out = new_message(IKE_AUTH, false, 1);
	out->add_payload(out, &eap_payload_create(chunk_from_chars(EAP_REQUEST, 1, 0, 5,
								   1))->payload);
	in = roundtrip(out, crypto, crypto, "ike_auth_eap");
	ck_assert_str_eq(summary(in, buf, sizeof(buf)), "IKE_AUTH response 1 [ EAP ]");
	in->destroy(in);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_generate_errors)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(1, true);
	uint8_t big[70000];
	message_t *m;
	chunk_t packet = chunk_empty;

	/* AUTH has no place in IKE_SA_INIT */
	m = ike_sa_init_request();
	m->add_payload(m, &auth_payload_create(AUTH_METHOD_PSK, chunk_from_str("x"))->payload);
	ck_assert_int_eq(m->generate(m, NULL, &packet), INVALID_STATE);
	m->destroy(m);

	/* IKE_AUTH needs keys */
	m = ike_auth_request();
	ck_assert_int_eq(m->generate(m, NULL, &packet), INVALID_STATE);
	m->destroy(m);

	/* a payload that overflows its length field */
	memset(big, 0, sizeof(big));
	m = new_message(IKE_SA_INIT, false, 0);
	m->add_payload(m, &vendor_payload_create(chunk_from_thing(big))->payload);
	ck_assert_int_eq(m->generate(m, NULL, &packet), FAILED);
	m->destroy(m);
	m = new_message(INFORMATIONAL, false, 0);
	ck_assert(m->add_notify(m, AUTH_LIFETIME, chunk_create(big, 65500)));
	ck_assert_int_eq(m->generate(m, crypto, &packet), FAILED);
	m->destroy(m);
	ck_assert_ptr_null(packet.ptr);

	/* an unknown exchange has no rules */
	m = new_message(40, true, 0);
	ck_assert_int_eq(m->generate(m, crypto, &packet), INVALID_STATE);
	m->destroy(m);
	crypto->destroy(crypto);
}
END_TEST

/*
 * Real keys: 0 AES-GCM-16/128, 1 ChaCha20-Poly1305, 2 AES-CBC-128 with
 * HMAC-SHA2-256-128, 3 AES-CTR-128 with HMAC-SHA2-256-128. Both ends get a
 * pair; the initiator's out keys are the responder's in keys.
 */
static void fill_key(chunk_t *key, size_t len, uint8_t seed)
{
	size_t i;

	*key = chunk_alloc(len);
	for (i = 0; i < len; i++) {
		key->ptr[i] = (uint8_t)(seed + i * 7);
	}
}

static aead_t *make_aead(encryption_algorithm_t alg, size_t key_size, uint8_t seed)
{
	aead_t *aead = lib->crypto->create_aead(lib->crypto, alg, key_size);
	chunk_t key;

	ck_assert_ptr_nonnull(aead);
	fill_key(&key, aead->get_key_size(aead), seed);
	ck_assert(aead->set_key(aead, key));
	chunk_clear(&key);
	return aead;
}

static crypter_t *make_crypter(encryption_algorithm_t alg, uint8_t seed)
{
	crypter_t *crypter = lib->crypto->create_crypter(lib->crypto, alg, 16);
	chunk_t key;

	ck_assert_ptr_nonnull(crypter);
	fill_key(&key, crypter->get_key_size(crypter), seed);
	ck_assert(crypter->set_key(crypter, key));
	chunk_clear(&key);
	return crypter;
}

static signer_t *make_signer(uint8_t seed)
{
	signer_t *signer = lib->crypto->create_signer(lib->crypto, AUTH_HMAC_SHA2_256_128);
	chunk_t key;

	ck_assert_ptr_nonnull(signer);
	fill_key(&key, signer->get_key_size(signer), seed);
	ck_assert(signer->set_key(signer, key));
	chunk_clear(&key);
	return signer;
}

/* keys "seed_in" protect what this end receives */
static sk_crypto_t *make_crypto(int kind, uint8_t seed_in, uint8_t seed_out)
{
	switch (kind) {
	case 0:
		return sk_crypto_create_aead(make_aead(ENCR_AES_GCM_ICV16, 16, seed_in),
					     make_aead(ENCR_AES_GCM_ICV16, 16, seed_out));
	case 1:
		return sk_crypto_create_aead(make_aead(ENCR_CHACHA20_POLY1305, 32, seed_in),
					     make_aead(ENCR_CHACHA20_POLY1305, 32, seed_out));
	case 2:
		return sk_crypto_create_traditional(
				make_crypter(ENCR_AES_CBC, seed_in), make_signer(seed_in),
				make_crypter(ENCR_AES_CBC, seed_out), make_signer(seed_out));
	default:
		return sk_crypto_create_traditional(
				make_crypter(ENCR_AES_CTR, seed_in), make_signer(seed_in),
				make_crypter(ENCR_AES_CTR, seed_out), make_signer(seed_out));
	}
}

START_TEST(test_ike_auth_real)
{
	sk_crypto_t *initiator = make_crypto(_i, 0x10, 0x20);
	sk_crypto_t *responder = make_crypto(_i, 0x20, 0x10);
	message_t *out = ike_auth_request(), *in;
	chunk_t first, second, inner;
	size_t iv_size;

	ck_assert_ptr_nonnull(initiator);
	ck_assert_ptr_nonnull(responder);
	in = roundtrip(out, initiator, responder, NULL);
	in->destroy(in);

	/* the responder cannot read its own direction's traffic */
	ck_assert_int_eq(out->generate(out, initiator, &first), SUCCESS);
	in = message_create_from_packet(first);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, initiator), FAILED);
	in->destroy(in);

	/* the inner payloads are not visible on the wire, IVs never repeat */
	ck_assert_int_eq(out->generate(out, initiator, &second), SUCCESS);
	inner = chunk_from_str("moon.example.org");
	ck_assert_ptr_null(memmem(first.ptr, first.len, inner.ptr, inner.len));
	iv_size = initiator->get_iv_size(initiator);
	ck_assert(!chunk_equals(chunk_create(first.ptr + IKE_HEADER_SIZE + 4, iv_size),
				chunk_create(second.ptr + IKE_HEADER_SIZE + 4, iv_size)));
	ck_assert(!chunk_equals(first, second));
	chunk_free(&first);
	chunk_free(&second);
	out->destroy(out);
	initiator->destroy(initiator);
	responder->destroy(responder);
}
END_TEST

/* flip one bit at several places: header, SK header, IV, data, ICV */
static void tamper_test(sk_crypto_t *out_crypto, sk_crypto_t *in_crypto)
{
	message_t *out = ike_auth_request(), *in;
	uint64_t before;
	chunk_t packet;
	size_t offsets[5], i;

	ck_assert_int_eq(out->generate(out, out_crypto, &packet), SUCCESS);
	offsets[0] = 20;			/* message ID */
	offsets[1] = IKE_HEADER_SIZE + 1;	/* SK header reserved byte */
	offsets[2] = IKE_HEADER_SIZE + 4;	/* IV */
	offsets[3] = packet.len / 2 + 20;	/* ciphertext */
	offsets[4] = packet.len - 1;		/* ICV */
	for (i = 0; i < countof(offsets); i++) {
		packet.ptr[offsets[i]] ^= 0x01;
		before = enc_counter_get(ENC_CNT_INTEGRITY_FAILED);
		in = message_create_from_packet(packet);
		ck_assert_int_eq(in->parse_header(in), SUCCESS);
		ck_assert_msg(in->parse_body(in, in_crypto) == FAILED,
			      "flip at %zu accepted", offsets[i]);
		ck_assert_uint_eq(enc_counter_get(ENC_CNT_INTEGRITY_FAILED), before + 1);
		ck_assert_ptr_null(in->get_payload(in, PL_IDI));
		in->destroy(in);
		packet.ptr[offsets[i]] ^= 0x01;
	}
	in = message_create_from_packet(packet);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, in_crypto), SUCCESS);
	in->destroy(in);
	chunk_free(&packet);
	out->destroy(out);
}

START_TEST(test_tampered_real)
{
	sk_crypto_t *initiator = make_crypto(_i, 0x30, 0x40);
	sk_crypto_t *responder = make_crypto(_i, 0x40, 0x30);

	tamper_test(initiator, responder);
	initiator->destroy(initiator);
	responder->destroy(responder);
}
END_TEST

START_TEST(test_tampered_fake)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);

	tamper_test(crypto, crypto);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_sk_sizes)
{
	sk_crypto_t *crypto = make_crypto(_i, 1, 2);
	size_t n, body;

	for (n = 0; n < 200; n++) {
		body = crypto->get_body_size(crypto, n);
		ck_assert_int_ge(body, n + 1 + crypto->get_iv_size(crypto) +
				 crypto->get_icv_size(crypto));
		ck_assert_int_lt(body, n + 1 + crypto->get_iv_size(crypto) +
				 crypto->get_icv_size(crypto) + crypto->get_block_size(crypto));
		ck_assert_int_ge(crypto->get_max_plain(crypto, body), n);
		ck_assert_int_le(crypto->get_body_size(crypto,
				 crypto->get_max_plain(crypto, body + n)), body + n);
	}
	ck_assert_int_eq(crypto->get_max_plain(crypto, 3), 0);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_sk_crypto_create_errors)
{
	aead_t *a = lib->crypto->create_aead(lib->crypto, ENCR_AES_GCM_ICV16, 16);
	aead_t *b = lib->crypto->create_aead(lib->crypto, ENCR_AES_GCM_ICV8, 16);

	/* directions must agree in sizes; NULLs are rejected */
	ck_assert_ptr_null(sk_crypto_create_aead(a, b));
	ck_assert_ptr_null(sk_crypto_create_aead(NULL, NULL));
	ck_assert_ptr_null(sk_crypto_create_traditional(
				make_crypter(ENCR_AES_CBC, 1), NULL,
				make_crypter(ENCR_AES_CBC, 2), make_signer(3)));
}
END_TEST

/*
 * Hand-built packets. Payload bodies in hex, by type (the first two hex
 * digits are the Next Payload field, filled in by the macro argument).
 */
#define P_SA(n) n "000014" "0000001001010001" "000000080100000c"
#define P_KE(n) n "00000c" "001f0000" "01020304"
#define P_NO(n) n "000014" "000102030405060708090a0b0c0d0e0f"
#define P_N(n) n "000008" "00004000"
#define P_D(n) n "000008" "01000000"
#define NONE "00"
#define SK "2e"

typedef struct bad_packet_t {
	const char *name;
	uint8_t exchange;
	uint8_t flags;
	uint8_t first;
	const char *outer;
	/* inner payloads of an SK appended after outer; NULL for no SK */
	const char *inner;
	uint8_t sk_first;
	/* added to the pad length byte, the IKE length field */
	int pad_delta;
	int length_delta;
	/* cut the packet to this many bytes (0: keep) */
	size_t truncate;
	/* fake crypto block size (0: 1), or no crypto at all */
	size_t block;
	bool no_crypto;
	/* 3 instead of 2 in the version field */
	bool bad_version;
	status_t header;
	status_t body;
	enc_counter_t counter;
} bad_packet_t;

#define I 0x08
#define R 0x20

static const bad_packet_t bad[] = {
	{ "truncated header", IKE_SA_INIT, I, PL_SA, P_SA(NONE), .truncate = 20,
	  .header = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "empty packet", IKE_SA_INIT, I, PL_SA, "", .truncate = 1,
	  .header = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "length beyond buffer", IKE_SA_INIT, I, PL_SA, P_SA(NONE), .length_delta = 10,
	  .header = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "length short of buffer", IKE_SA_INIT, I, PL_SA, P_SA(NONE), .length_delta = -1,
	  .header = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "major version 3", IKE_SA_INIT, I, PL_SA, P_SA(NONE), .bad_version = true,
	  .header = NOT_SUPPORTED, .counter = ENC_CNT_MALFORMED },
	{ "payload length beyond buffer", IKE_SA_INIT, I, PL_NOTIFY, "00000040 00004000",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "zero-length payload", IKE_SA_INIT, I, PL_NOTIFY, "00000000 00004000",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "payload length 3", IKE_SA_INIT, I, PL_NOTIFY, "00000003 00004000",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "payload header truncated", IKE_SA_INIT, I, PL_NOTIFY, "000000",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "bytes after last payload", IKE_SA_INIT, I, PL_NOTIFY, P_N(NONE) "00",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "next payload without bytes", IKE_SA_INIT, I, PL_NOTIFY, P_N("29"),
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "proposal lengths do not add up", IKE_SA_INIT, I, PL_SA,
	  NONE "000014" "0000001401010001" "000000080100000c",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "transform count mismatch", IKE_SA_INIT, I, PL_SA,
	  NONE "000014" "0000001001010002" "000000080100000c",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "unknown critical payload", IKE_SA_INIT, I, PL_SA,
	  P_SA("22") P_KE("28") P_NO("63") "00800005 00",
	  .body = NOT_SUPPORTED, .counter = ENC_CNT_UNSUPPORTED_CRITICAL },
	{ "SK in IKE_SA_INIT", IKE_SA_INIT, I, PL_SA, P_SA("22") P_KE("28") P_NO(SK),
	  "", PL_NONE, .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "IKE_SA_INIT request without KE", IKE_SA_INIT, I, PL_SA, P_SA("28") P_NO(NONE),
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "IKE_SA_INIT with two SAs", IKE_SA_INIT, R, PL_SA, P_SA("21") P_SA(NONE),
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "Delete in IKE_SA_INIT", IKE_SA_INIT, R, PL_DELETE, P_D(NONE),
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "invalid TS in IKE_SA_INIT is not parsed", IKE_SA_INIT, R, PL_TSI,
	  NONE "000018" "01000000" "07000010 0000ffff 0a0000ff 0a000000",
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "unknown exchange", 50, I, PL_NOTIFY, P_N(NONE),
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "IKE_AUTH without SK", IKE_AUTH, I, PL_NOTIFY, P_N(NONE),
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "plain payload in IKE_AUTH", IKE_AUTH, I, PL_NOTIFY, P_N(SK),
	  P_N(NONE), PL_NOTIFY, .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "Delete in IKE_AUTH", IKE_AUTH, I, PL_SK, "", P_D(NONE), PL_DELETE,
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "KE in INFORMATIONAL", INFORMATIONAL, R, PL_SK, "", P_KE(NONE), PL_KE,
	  .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "CREATE_CHILD_SA request without nonce", CREATE_CHILD_SA, I, PL_SK, "",
	  P_SA(NONE), PL_SA, .body = VERIFY_ERROR, .counter = ENC_CNT_RULE_VIOLATION },
	{ "unknown critical payload in SK", INFORMATIONAL, I, PL_SK, "",
	  P_N("63") "00800004", PL_NOTIFY,
	  .body = NOT_SUPPORTED, .counter = ENC_CNT_UNSUPPORTED_CRITICAL },
	{ "SK inside SK", INFORMATIONAL, I, PL_SK, "", "00000004", PL_SK,
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "malformed inner payload", INFORMATIONAL, I, PL_SK, "", "00000007 010000",
	  PL_DELETE, .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "inner chain beyond SK data", INFORMATIONAL, I, PL_SK, "", P_N("29"),
	  PL_NOTIFY, .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "pad length beyond data", INFORMATIONAL, I, PL_SK, "", P_N(NONE), PL_NOTIFY,
	  .pad_delta = 20, .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "SK not last", INFORMATIONAL, I, PL_SK,
	  "0000000c 00000000 00000000" "00000008 00004000",
	  .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "SK too short for IV and ICV", INFORMATIONAL, I, PL_SK, "00000010 00000000"
	  "0000000000000000", .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "SK data not in blocks", INFORMATIONAL, I, PL_SK, "", P_N(NONE) "00",
	  PL_NOTIFY, .block = 16, .body = PARSE_ERROR, .counter = ENC_CNT_MALFORMED },
	{ "SK without keys", INFORMATIONAL, I, PL_SK, "", P_N(NONE), PL_NOTIFY,
	  .no_crypto = true, .body = INVALID_STATE, .counter = ENC_CNT_INTEGRITY_FAILED },
};

static chunk_t build_packet(const bad_packet_t *t)
{
	chunk_t outer = chunk_from_hex(t->outer), inner;
	wire_writer_t w;
	uint8_t icv[FAKE_ICV_SIZE];
	size_t sk_len;

	wire_writer_init(&w, 0);
	wire_write_u64(&w, SPI_I);
	wire_write_u64(&w, SPI_R);
	wire_write_u8(&w, t->first);
	wire_write_u8(&w, t->bad_version ? 0x30 : 0x20);
	wire_write_u8(&w, t->exchange);
	wire_write_u8(&w, t->flags);
	wire_write_u32(&w, 7);
	wire_write_u32(&w, 0);
	wire_write_data(&w, outer);
	chunk_free(&outer);
	if (t->inner) {
		inner = chunk_from_hex(t->inner);
		sk_len = PAYLOAD_HEADER_SIZE + FAKE_IV_SIZE + inner.len + 1 + FAKE_ICV_SIZE;
		wire_write_u8(&w, t->sk_first);
		wire_write_u8(&w, 0);
		wire_write_u16(&w, (uint16_t)sk_len);
		wire_write_skip(&w, FAKE_IV_SIZE);
		wire_write_data(&w, inner);
		wire_write_u8(&w, (uint8_t)t->pad_delta);
		chunk_free(&inner);
		wire_set_u32(&w, 24, (uint32_t)(w.len + FAKE_ICV_SIZE + t->length_delta));
		fake_checksum(wire_writer_data(&w), icv);
		wire_write_data(&w, chunk_from_thing(icv));
	} else {
		wire_set_u32(&w, 24, (uint32_t)(w.len + t->length_delta));
	}
	if (t->truncate) {
		w.len = t->truncate - 1;
	}
	return wire_writer_extract(&w);
}

START_TEST(test_bad_packets)
{
	const bad_packet_t *t = &bad[_i];
	sk_crypto_t *crypto = fake_sk_crypto_create(t->block, true);
	chunk_t packet = build_packet(t);
	uint64_t counts[ENC_CNT_MAX];
	message_t *m;
	status_t status;
	int i;

	for (i = 0; i < ENC_CNT_MAX; i++) {
		counts[i] = enc_counter_get(i);
	}
	m = message_create_from_packet(packet);
	status = m->parse_header(m);
	ck_assert_msg(status == t->header, "%s: header %s", t->name, status_name(status));
	if (status == SUCCESS) {
		status = m->parse_body(m, t->no_crypto ? NULL : crypto);
		ck_assert_msg(status == t->body, "%s: body %s", t->name,
			      status_name(status));
		ck_assert_ptr_null(m->get_payload(m, PL_NOTIFY));
	}
	if (status == NOT_SUPPORTED && t->counter == ENC_CNT_UNSUPPORTED_CRITICAL) {
		ck_assert_int_eq(m->get_unsupported_critical(m), 99);
	}
	for (i = 0; i < ENC_CNT_MAX; i++) {
		ck_assert_msg(enc_counter_get(i) == counts[i] + (i == (int)t->counter),
			      "%s: counter %s", t->name, enc_counter_name(i));
	}
	m->destroy(m);
	chunk_free(&packet);
	crypto->destroy(crypto);
}
END_TEST

/* a good hand-built packet passes, so the bad ones fail for their reason */
START_TEST(test_good_packets)
{
	static const bad_packet_t good[] = {
		{ "IKE_SA_INIT", IKE_SA_INIT, I, PL_SA, P_SA("22") P_KE("28") P_NO(NONE) },
		{ "skipped unknown", IKE_SA_INIT, I, PL_SA,
		  P_SA("22") P_KE("28") P_NO("63") "00000005 00" },
		{ "INFORMATIONAL", INFORMATIONAL, I, PL_SK, "", P_N("2a") P_D(NONE),
		  PL_NOTIFY },
		{ "padded", INFORMATIONAL, I, PL_SK, "", P_N(NONE) "000000", PL_NOTIFY,
		  .pad_delta = 3 },
		{ "empty SK", INFORMATIONAL, I, PL_SK, "", "", PL_NONE },
	};
	sk_crypto_t *crypto = fake_sk_crypto_create(1, true);
	uint64_t skipped = enc_counter_get(ENC_CNT_UNKNOWN_SKIPPED);
	chunk_t packet;
	message_t *m;
	size_t i;

	for (i = 0; i < countof(good); i++) {
		packet = build_packet(&good[i]);
		m = message_create_from_packet(packet);
		ck_assert_int_eq(m->parse_header(m), SUCCESS);
		ck_assert_msg(m->parse_body(m, crypto) == SUCCESS, "%s", good[i].name);
		m->destroy(m);
		chunk_free(&packet);
	}
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_UNKNOWN_SKIPPED), skipped + 1);
	crypto->destroy(crypto);
}
END_TEST

/* every prefix of a valid packet, and every single-byte change to its
 * first 64 bytes, is handled without crashing */
START_TEST(test_mutations)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(_i ? 16 : 1, false);
	message_t *out = _i ? ike_auth_request() : ike_sa_init_request(), *in;
	chunk_t packet, copy;
	size_t len, pos;
	int bit;

	ck_assert_int_eq(out->generate(out, crypto, &packet), SUCCESS);
	for (len = 0; len <= packet.len; len++) {
		in = message_create_from_packet(chunk_create(packet.ptr, len));
		if (in->parse_header(in) == SUCCESS) {
			in->parse_body(in, crypto);
		}
		in->destroy(in);
	}
	copy = chunk_clone(packet);
	for (pos = 0; pos < 64 && pos < packet.len; pos++) {
		for (bit = 0; bit < 8; bit++) {
			copy.ptr[pos] ^= (uint8_t)(1 << bit);
			in = message_create_from_packet(copy);
			if (in->parse_header(in) == SUCCESS) {
				in->parse_body(in, crypto);
			}
			in->destroy(in);
			copy.ptr[pos] ^= (uint8_t)(1 << bit);
		}
	}
	chunk_free(&copy);
	chunk_free(&packet);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(exchange_type_name(IKE_SA_INIT), "IKE_SA_INIT");
	ck_assert_str_eq(exchange_type_name(INFORMATIONAL), "INFORMATIONAL");
	ck_assert_ptr_null(exchange_type_name(33));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("message");
	TCase *tc;

	tc = tcase_create("plain");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ike_sa_init);
	tcase_add_loop_test(tc, test_ike_auth_fake, 0, 2);
	tcase_add_test(tc, test_other_exchanges);
	tcase_add_test(tc, test_generate_errors);
	tcase_add_test(tc, test_tampered_fake);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("crypto");
	tcase_add_checked_fixture(tc, setup_crypto, teardown);
	tcase_add_loop_test(tc, test_ike_auth_real, 0, 4);
	tcase_add_loop_test(tc, test_tampered_real, 0, 4);
	tcase_add_loop_test(tc, test_sk_sizes, 0, 4);
	tcase_add_test(tc, test_sk_crypto_create_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad_packets, 0, countof(bad));
	tcase_add_test(tc, test_good_packets);
	tcase_add_loop_test(tc, test_mutations, 0, 2);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
