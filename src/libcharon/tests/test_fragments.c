/*
 * IKE fragmentation (RFC 7383): splitting messages into Encrypted Fragment
 * payloads, verifying each, and reassembling them in any order with
 * duplicates, bad ICVs, bad numbers and memory limits.
 */
#include <stdio.h>
#include <string.h>

#include "test_runner.h"
#include "library.h"
#include "crypto/crypto_factory.h"
#include "plugins/plugin_loader.h"
#include "encoding/message.h"
#include "encoding/enc_counters.h"
#include "encoding/frag_buffer.h"
#include "encoding/sk_payload.h"
#include "encoding/id_payload.h"
#include "encoding/cert_payload.h"
#include "encoding/auth_payload.h"
#include "config/ike_cfg.h"
#include "sk_crypto_fake.h"

#define SPI_I 0x0123456789abcdefULL
#define SPI_R 0xfedcba9876543210ULL

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

/* an IKE_AUTH request with a certificate of @p cert_len bytes */
static message_t *big_request(size_t cert_len, uint32_t mid)
{
	message_t *m = message_create();
	chunk_t cert = chunk_alloc(cert_len);
	size_t i;

	for (i = 0; i < cert_len; i++) {
		cert.ptr[i] = (uint8_t)(i * 13 + 7);
	}
	m->set_spi_i(m, SPI_I);
	m->set_spi_r(m, SPI_R);
	m->set_exchange_type(m, IKE_AUTH);
	m->set_initiator(m, true);
	m->set_request(m, true);
	m->set_message_id(m, mid);
	m->add_payload(m, &id_payload_create(PL_IDI, ID_FQDN,
					     chunk_from_str("moon.example.org"))->payload);
	m->add_payload(m, &cert_payload_create(PL_CERT, CERT_ENC_X509_SIGNATURE,
					       cert)->payload);
	m->add_payload(m, &auth_payload_create(AUTH_METHOD_PSK,
					       chunk_create(cert.ptr, 32))->payload);
	chunk_free(&cert);
	return m;
}

static void free_packets(chunk_t *packets, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		chunk_free(&packets[i]);
	}
	free(packets);
}

/* parse one fragment packet; NULL if it did not verify */
static message_t *parse_fragment(chunk_t packet, sk_crypto_t *crypto, status_t *status)
{
	message_t *in = message_create_from_packet(packet);

	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	*status = in->parse_body(in, crypto);
	if (*status != SUCCESS) {
		in->destroy(in);
		return NULL;
	}
	return in;
}

/* feed a fragment to @p buffer; returns the reassembled message if complete */
static message_t *feed(frag_buffer_t *buffer, chunk_t packet, sk_crypto_t *crypto,
		       status_t *added)
{
	uint16_t number, total;
	payload_type_t first;
	message_t *in, *whole = NULL;
	chunk_t data;
	status_t status;

	in = parse_fragment(packet, crypto, &status);
	ck_assert_int_eq(status, SUCCESS);
	ck_assert(in->get_fragment(in, &number, &total, &first, &data));
	ck_assert_ptr_null(in->get_payload(in, PL_IDI));
	*added = buffer->add(buffer, in->get_message_id(in), number, total, first, data, 100);
	if (*added == SUCCESS) {
		ck_assert(buffer->take(buffer, &first, &data));
		ck_assert_uint_eq(buffer->get_count(buffer), 0);
		whole = message_create_reassembled(in, first, data, &status);
		ck_assert_int_eq(status, SUCCESS);
		chunk_clear(&data);
	}
	in->destroy(in);
	return whole;
}

/* the reassembled message equals what was sent */
static void check_same(message_t *out, message_t *whole)
{
	char a[256], b[256];
	cert_payload_t *x, *y;

	ck_assert_ptr_nonnull(whole);
	ck_assert_str_eq(out->to_string(out, a, sizeof(a)),
			 whole->to_string(whole, b, sizeof(b)));
	ck_assert_uint_eq(whole->get_message_id(whole), out->get_message_id(out));
	ck_assert(whole->get_request(whole));
	ck_assert(whole->is_encrypted(whole));
	x = (cert_payload_t *)out->get_payload(out, PL_CERT);
	y = (cert_payload_t *)whole->get_payload(whole, PL_CERT);
	ck_assert_ptr_nonnull(y);
	ck_assert(chunk_equals(x->get_data(x), y->get_data(y)));
}

/* split into fragments of at most @p max_len, reassemble in order */
static void roundtrip(sk_crypto_t *out_crypto, sk_crypto_t *in_crypto,
		      size_t cert_len, size_t max_len, unsigned int expect)
{
	message_t *out = big_request(cert_len, 1), *whole = NULL;
	frag_buffer_t *buffer = frag_buffer_create(0, 0);
	chunk_t *packets;
	unsigned int count, i;
	status_t added;

	ck_assert_int_eq(out->generate_fragments(out, out_crypto, max_len, &packets,
						 &count), SUCCESS);
	if (expect) {
		ck_assert_uint_eq(count, expect);
	}
	for (i = 0; i < count; i++) {
		if (count > 1) {
			ck_assert_uint_le(packets[i].len, max_len);
		}
		ck_assert_ptr_null(whole);
		if (count == 1) {
			status_t status;

			whole = parse_fragment(packets[i], in_crypto, &status);
			ck_assert_int_eq(status, SUCCESS);
			ck_assert(!whole->get_fragment(whole, &(uint16_t){0}, &(uint16_t){0},
						       &(payload_type_t){0}, &(chunk_t){0}));
			break;
		}
		whole = feed(buffer, packets[i], in_crypto, &added);
		ck_assert_int_eq(added, i + 1 == count ? SUCCESS : NEED_MORE);
	}
	check_same(out, whole);
	whole->destroy(whole);
	free_packets(packets, count);
	buffer->destroy(buffer);
	out->destroy(out);
}

static const struct {
	size_t cert_len;
	size_t max_len;
} sizes[] = {
	{ 4000, 600 },
	{ 4000, 1252 },
	{ 1000, 200 },
	{ 300, 100 },
	{ 5000, 548 },
	{ 100, 1200 },	/* fits: not split */
	{ 20000, 1400 },
};

START_TEST(test_roundtrip_fake)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);

	roundtrip(crypto, crypto, sizes[_i].cert_len, sizes[_i].max_len, 0);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_exact_count)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(1, true);
	size_t overhead = IKE_HEADER_SIZE + PAYLOAD_HEADER_SIZE + SKF_NUMBERS_SIZE +
			  FAKE_IV_SIZE + FAKE_ICV_SIZE + 1;
	message_t *out = big_request(1000, 1);
	chunk_t packet;
	size_t inner;

	/* inner payloads = packet - IKE header - SK header - IV - ICV - pad len */
	ck_assert_int_eq(out->generate(out, crypto, &packet), SUCCESS);
	inner = packet.len - IKE_HEADER_SIZE - PAYLOAD_HEADER_SIZE - FAKE_IV_SIZE -
		FAKE_ICV_SIZE - 1;
	chunk_free(&packet);
	out->destroy(out);
	/* pieces of 100 bytes each */
	roundtrip(crypto, crypto, 1000, overhead + 100, (unsigned int)((inner + 99) / 100));
	crypto->destroy(crypto);
}
END_TEST

static aead_t *make_aead(uint8_t seed)
{
	aead_t *aead = lib->crypto->create_aead(lib->crypto, ENCR_AES_GCM_ICV16, 16);
	chunk_t key;
	size_t i;

	ck_assert_ptr_nonnull(aead);
	key = chunk_alloc(aead->get_key_size(aead));
	for (i = 0; i < key.len; i++) {
		key.ptr[i] = (uint8_t)(seed + i);
	}
	ck_assert(aead->set_key(aead, key));
	chunk_clear(&key);
	return aead;
}

static crypter_t *make_crypter(uint8_t seed)
{
	crypter_t *crypter = lib->crypto->create_crypter(lib->crypto, ENCR_AES_CBC, 16);
	chunk_t key;
	size_t i;

	ck_assert_ptr_nonnull(crypter);
	key = chunk_alloc(crypter->get_key_size(crypter));
	for (i = 0; i < key.len; i++) {
		key.ptr[i] = (uint8_t)(seed + 3 * i);
	}
	ck_assert(crypter->set_key(crypter, key));
	chunk_clear(&key);
	return crypter;
}

static signer_t *make_signer(uint8_t seed)
{
	signer_t *signer = lib->crypto->create_signer(lib->crypto, AUTH_HMAC_SHA2_256_128);
	chunk_t key;
	size_t i;

	ck_assert_ptr_nonnull(signer);
	key = chunk_alloc(signer->get_key_size(signer));
	for (i = 0; i < key.len; i++) {
		key.ptr[i] = (uint8_t)(seed + 5 * i);
	}
	ck_assert(signer->set_key(signer, key));
	chunk_clear(&key);
	return signer;
}

static sk_crypto_t *make_crypto(bool aead, uint8_t in, uint8_t out)
{
	if (aead) {
		return sk_crypto_create_aead(make_aead(in), make_aead(out));
	}
	return sk_crypto_create_traditional(make_crypter(in), make_signer(in),
					    make_crypter(out), make_signer(out));
}

START_TEST(test_roundtrip_real)
{
	sk_crypto_t *ini = make_crypto(_i % 2, 1, 2), *res = make_crypto(_i % 2, 2, 1);

	ck_assert_ptr_nonnull(ini);
	ck_assert_ptr_nonnull(res);
	roundtrip(ini, res, sizes[_i / 2].cert_len, sizes[_i / 2].max_len, 0);
	ini->destroy(ini);
	res->destroy(res);
}
END_TEST

/* the fragment numbers are authenticated: rewriting them breaks the ICV */
START_TEST(test_numbers_authenticated)
{
	sk_crypto_t *ini = make_crypto(_i, 1, 2), *res = make_crypto(_i, 2, 1);
	message_t *out = big_request(2000, 1);
	uint64_t before = enc_counter_get(ENC_CNT_INTEGRITY_FAILED);
	chunk_t *packets;
	unsigned int count;
	status_t status;

	ck_assert_int_eq(out->generate_fragments(out, ini, 500, &packets, &count), SUCCESS);
	ck_assert_uint_ge(count, 3);
	/* fragment 2 claims to be fragment 3 */
	packets[1].ptr[IKE_HEADER_SIZE + 5] = 3;
	ck_assert_ptr_null(parse_fragment(packets[1], res, &status));
	ck_assert_int_eq(status, FAILED);
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_INTEGRITY_FAILED), before + 1);
	free_packets(packets, count);
	out->destroy(out);
	ini->destroy(ini);
	res->destroy(res);
}
END_TEST

START_TEST(test_out_of_order_duplicates)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);
	frag_buffer_t *buffer = frag_buffer_create(0, 0);
	message_t *out = big_request(3000, 7), *whole = NULL;
	chunk_t *packets;
	unsigned int count, i;
	status_t added;

	ck_assert_int_eq(out->generate_fragments(out, crypto, 400, &packets, &count), SUCCESS);
	ck_assert_uint_ge(count, 5);
	/* backwards, each twice, fragment 1 held back to the end */
	for (i = count - 1; i >= 1; i--) {
		ck_assert_ptr_null(feed(buffer, packets[i], crypto, &added));
		ck_assert_int_eq(added, NEED_MORE);
		ck_assert_ptr_null(feed(buffer, packets[i], crypto, &added));
		ck_assert_int_eq(added, NEED_MORE);
		ck_assert_uint_eq(buffer->get_count(buffer), count - i);
	}
	whole = feed(buffer, packets[0], crypto, &added);
	ck_assert_int_eq(added, SUCCESS);
	check_same(out, whole);
	whole->destroy(whole);
	/* a late duplicate starts a new set instead of completing anything */
	ck_assert_ptr_null(feed(buffer, packets[2], crypto, &added));
	ck_assert_int_eq(added, NEED_MORE);
	ck_assert_uint_eq(buffer->get_count(buffer), 1);
	free_packets(packets, count);
	buffer->destroy(buffer);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_bad_icv_keeps_set)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);
	frag_buffer_t *buffer = frag_buffer_create(0, 0);
	message_t *out = big_request(2500, 3), *whole = NULL;
	uint64_t before = enc_counter_get(ENC_CNT_INTEGRITY_FAILED);
	chunk_t *packets;
	unsigned int count, i;
	status_t added, status;

	ck_assert_int_eq(out->generate_fragments(out, crypto, 500, &packets, &count), SUCCESS);
	ck_assert_uint_ge(count, 3);
	ck_assert_ptr_null(feed(buffer, packets[0], crypto, &added));
	/* a forged fragment 2 is dropped before it reaches the buffer */
	packets[1].ptr[packets[1].len / 2] ^= 0x40;
	ck_assert_ptr_null(parse_fragment(packets[1], crypto, &status));
	ck_assert_int_eq(status, FAILED);
	ck_assert_uint_eq(enc_counter_get(ENC_CNT_INTEGRITY_FAILED), before + 1);
	packets[1].ptr[packets[1].len / 2] ^= 0x40;
	ck_assert_uint_eq(buffer->get_count(buffer), 1);
	for (i = 1; i < count; i++) {
		whole = feed(buffer, packets[i], crypto, &added);
	}
	ck_assert_int_eq(added, SUCCESS);
	check_same(out, whole);
	whole->destroy(whole);
	free_packets(packets, count);
	buffer->destroy(buffer);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

/* a fragment built by hand: numbers and next payload of our choosing */
static chunk_t craft(sk_crypto_t *crypto, exchange_type_t exchange, uint8_t next,
		     uint16_t number, uint16_t total, chunk_t piece)
{
	wire_writer_t w;
	uint8_t numbers[4] = { number >> 8, number & 0xff, total >> 8, total & 0xff };
	size_t start, body, data_len, body_size = crypto->get_body_size(crypto, piece.len);
	uint8_t *data;

	wire_writer_init(&w, 256);
	wire_write_u64(&w, SPI_I);
	wire_write_u64(&w, SPI_R);
	wire_write_u8(&w, 53);
	wire_write_u8(&w, 0x20);
	wire_write_u8(&w, exchange);
	wire_write_u8(&w, 0x08);
	wire_write_u32(&w, 1);
	wire_write_u32(&w, 0);
	start = payload_header_begin(&w, next);
	wire_write_data(&w, chunk_from_thing(numbers));
	body = wire_write_skip(&w, body_size);
	payload_header_end(&w, start);
	wire_set_u32(&w, 24, (uint32_t)w.len);
	data_len = body_size - FAKE_IV_SIZE - FAKE_ICV_SIZE;
	data = w.buf + body + FAKE_IV_SIZE;
	memcpy(data, piece.ptr, piece.len);
	data[data_len - 1] = (uint8_t)(data_len - 1 - piece.len);
	ck_assert(crypto->encrypt(crypto, chunk_create(w.buf, body),
				  chunk_create(w.buf + body, FAKE_IV_SIZE),
				  chunk_create(data, data_len),
				  chunk_create(data + data_len, FAKE_ICV_SIZE)));
	return wire_writer_extract(&w);
}

START_TEST(test_bad_numbers)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(1, true);
	uint64_t before = enc_counter_get(ENC_CNT_MALFORMED);
	chunk_t piece = chunk_from_str("some bytes"), packet;
	static const uint16_t bad[][2] = { { 0, 1 }, { 0, 0 }, { 3, 2 }, { 2, 1 } };
	wire_writer_t w;
	message_t *in;
	status_t status;
	size_t i;

	for (i = 0; i < countof(bad); i++) {
		packet = craft(crypto, IKE_AUTH, PL_IDI, bad[i][0], bad[i][1], piece);
		ck_assert_ptr_null(parse_fragment(packet, crypto, &status));
		ck_assert_int_eq(status, PARSE_ERROR);
		ck_assert_uint_eq(enc_counter_get(ENC_CNT_MALFORMED), before + i + 1);
		chunk_free(&packet);
	}
	/* a good one parses; SKF in IKE_SA_INIT does not */
	packet = craft(crypto, IKE_AUTH, PL_IDI, 2, 2, piece);
	in = parse_fragment(packet, crypto, &status);
	ck_assert_int_eq(status, SUCCESS);
	{
		char buf[128];

		chunk_t again;
		message_t *copy;

		ck_assert_str_eq(in->to_string(in, buf, sizeof(buf)),
				 "IKE_AUTH request 1 [ EF(2/2) ]");
		/* a parsed fragment generates as the same fragment */
		ck_assert_int_eq(in->generate(in, NULL, &again), INVALID_STATE);
		ck_assert_int_eq(in->generate(in, crypto, &again), SUCCESS);
		copy = parse_fragment(again, crypto, &status);
		ck_assert_int_eq(status, SUCCESS);
		ck_assert_str_eq(copy->to_string(copy, buf, sizeof(buf)),
				 "IKE_AUTH request 1 [ EF(2/2) ]");
		copy->destroy(copy);
		chunk_free(&again);
	}
	in->destroy(in);
	in = message_create_from_packet(packet);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, NULL), INVALID_STATE);
	in->destroy(in);
	chunk_free(&packet);
	packet = craft(crypto, IKE_SA_INIT, PL_SA, 1, 1, piece);
	ck_assert_ptr_null(parse_fragment(packet, crypto, &status));
	ck_assert_int_ne(status, SUCCESS);
	chunk_free(&packet);

	/* we never seal out-of-range numbers */
	wire_writer_init(&w, 64);
	ck_assert(!skf_payload_seal(crypto, &w, PL_NONE, 0, 1, piece));
	ck_assert(!skf_payload_seal(crypto, &w, PL_NONE, 2, 1, piece));
	wire_writer_clear(&w);
	crypto->destroy(crypto);
}
END_TEST

/* garbage inner payloads are caught after reassembly */
START_TEST(test_bad_reassembled)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(1, true);
	frag_buffer_t *buffer = frag_buffer_create(0, 0);
	chunk_t p1, p2, data;
	uint16_t number, total;
	payload_type_t first;
	message_t *in, *whole;
	status_t status;

	p1 = craft(crypto, IKE_AUTH, PL_IDI, 1, 2, chunk_from_chars(0, 0, 0, 12, 2, 0));
	p2 = craft(crypto, IKE_AUTH, PL_NONE, 2, 2, chunk_from_chars(0, 0, 'x', 'y'));
	in = parse_fragment(p1, crypto, &status);
	ck_assert(in->get_fragment(in, &number, &total, &first, &data));
	ck_assert_int_eq(first, PL_IDI);
	ck_assert_int_eq(buffer->add(buffer, 1, number, total, first, data, 0), NEED_MORE);
	in->destroy(in);
	in = parse_fragment(p2, crypto, &status);
	ck_assert(in->get_fragment(in, &number, &total, &first, &data));
	ck_assert_int_eq(first, PL_NONE);
	ck_assert_int_eq(buffer->add(buffer, 1, number, total, first, data, 0), SUCCESS);
	ck_assert(buffer->take(buffer, &first, &data));
	ck_assert_int_eq(first, PL_IDI);
	ck_assert_uint_eq(data.len, 10);
	whole = message_create_reassembled(in, first, data, &status);
	ck_assert_ptr_null(whole);
	ck_assert_int_eq(status, PARSE_ERROR);
	/* a payload the exchange forbids (KE in IKE_AUTH) */
	whole = message_create_reassembled(in, PL_KE, chunk_from_chars(0, 0, 0, 8, 0, 31, 0, 0),
					   &status);
	ck_assert_ptr_null(whole);
	ck_assert_int_ne(status, SUCCESS);
	chunk_clear(&data);
	in->destroy(in);
	chunk_free(&p1);
	chunk_free(&p2);
	buffer->destroy(buffer);
	crypto->destroy(crypto);
}
END_TEST

START_TEST(test_buffer_limits)
{
	frag_buffer_t *buffer = frag_buffer_create(4, 100);
	uint8_t bytes[60] = { 0 };
	chunk_t data = chunk_create(bytes, 30), out;
	payload_type_t first;

	/* numbers out of range, too many fragments */
	ck_assert_int_eq(buffer->add(buffer, 1, 0, 2, PL_IDI, data, 0), FAILED);
	ck_assert_int_eq(buffer->add(buffer, 1, 3, 2, PL_IDI, data, 0), FAILED);
	ck_assert_int_eq(buffer->add(buffer, 1, 1, 5, PL_IDI, data, 0), FAILED);
	ck_assert_uint_eq(buffer->get_count(buffer), 0);
	ck_assert(!buffer->take(buffer, &first, &out));

	/* more bytes than allowed drops the whole set */
	ck_assert_int_eq(buffer->add(buffer, 1, 1, 4, PL_IDI, data, 0), NEED_MORE);
	ck_assert_int_eq(buffer->add(buffer, 1, 2, 4, PL_NONE, data, 0), NEED_MORE);
	ck_assert_int_eq(buffer->add(buffer, 1, 3, 4, PL_NONE, data, 0), NEED_MORE);
	ck_assert_int_eq(buffer->add(buffer, 1, 4, 4, PL_NONE, data, 0), FAILED);
	ck_assert_uint_eq(buffer->get_count(buffer), 0);

	/* another message ID starts over */
	ck_assert_int_eq(buffer->add(buffer, 1, 1, 2, PL_IDI, data, 0), NEED_MORE);
	ck_assert_int_eq(buffer->add(buffer, 2, 2, 2, PL_NONE, data, 0), NEED_MORE);
	ck_assert_uint_eq(buffer->get_count(buffer), 1);
	/* so does a set that waited too long */
	ck_assert_int_eq(buffer->add(buffer, 2, 1, 2, PL_IDI, data, FRAG_TIMEOUT + 1),
			 NEED_MORE);
	ck_assert_uint_eq(buffer->get_count(buffer), 1);

	/* fewer announced fragments are ignored, more restart the set */
	ck_assert_int_eq(buffer->add(buffer, 2, 1, 1, PL_IDI, data, FRAG_TIMEOUT + 1),
			 NEED_MORE);
	ck_assert_uint_eq(buffer->get_count(buffer), 1);
	ck_assert_int_eq(buffer->add(buffer, 2, 3, 3, PL_NONE, data, FRAG_TIMEOUT + 1),
			 NEED_MORE);
	ck_assert_uint_eq(buffer->get_count(buffer), 1);
	ck_assert_int_eq(buffer->add(buffer, 2, 1, 3, PL_SA, data, FRAG_TIMEOUT + 1),
			 NEED_MORE);
	ck_assert_int_eq(buffer->add(buffer, 2, 2, 3, PL_NONE, chunk_empty,
				     FRAG_TIMEOUT + 1), SUCCESS);
	ck_assert(buffer->take(buffer, &first, &out));
	ck_assert_int_eq(first, PL_SA);
	ck_assert_uint_eq(out.len, 60);
	chunk_clear(&out);

	/* a held set is freed by reset() and destroy() */
	ck_assert_int_eq(buffer->add(buffer, 3, 1, 2, PL_IDI, data, 0), NEED_MORE);
	buffer->reset(buffer);
	ck_assert_uint_eq(buffer->get_count(buffer), 0);
	ck_assert_int_eq(buffer->add(buffer, 3, 1, 2, PL_IDI, data, 0), NEED_MORE);
	buffer->destroy(buffer);

	/* limits are capped */
	buffer = frag_buffer_create(1000, 1 << 30);
	ck_assert_int_eq(buffer->add(buffer, 1, 1, FRAG_MAX_FRAGMENTS + 1, PL_IDI, data, 0),
			 FAILED);
	buffer->destroy(buffer);
}
END_TEST

/* too small to carry anything, or too many fragments: sent whole */
START_TEST(test_unsplittable)
{
	sk_crypto_t *crypto = fake_sk_crypto_create(16, true);
	message_t *out = big_request(1000, 1);
	chunk_t *packets;
	unsigned int count;

	ck_assert_int_eq(out->generate_fragments(out, crypto, 40, &packets, &count), SUCCESS);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_gt(packets[0].len, 1000);
	free_packets(packets, count);
	out->destroy(out);
	out = big_request(20000, 1);
	ck_assert_int_eq(out->generate_fragments(out, crypto, 100, &packets, &count), SUCCESS);
	ck_assert_uint_eq(count, 1);
	free_packets(packets, count);
	/* without keys nothing is generated */
	ck_assert_int_eq(out->generate_fragments(out, NULL, 600, &packets, &count),
			 INVALID_STATE);
	ck_assert_uint_eq(count, 0);
	out->destroy(out);
	crypto->destroy(crypto);
}
END_TEST

/* fragmentation= reaches the IKE config: announce unless "no" */
START_TEST(test_cfg_modes)
{
	static const ike_fragmentation_t modes[] = {
		FRAGMENTATION_NO, FRAGMENTATION_YES, FRAGMENTATION_ACCEPT,
		FRAGMENTATION_FORCE,
	};
	ike_cfg_t *cfg, *other;
	size_t i;

	for (i = 0; i < countof(modes); i++) {
		cfg = ike_cfg_create(&(ike_cfg_create_t){
			.local = "192.0.2.1", .remote = "192.0.2.2",
			.fragmentation = modes[i],
		});
		ck_assert_ptr_nonnull(cfg);
		ck_assert_int_eq(cfg->get_fragmentation(cfg), modes[i]);
		ck_assert(cfg->fragmentation(cfg) == (modes[i] != FRAGMENTATION_NO));
		other = ike_cfg_create(&(ike_cfg_create_t){
			.local = "192.0.2.1", .remote = "192.0.2.2",
			.fragmentation = modes[(i + 1) % countof(modes)],
		});
		ck_assert(!cfg->equals(cfg, other));
		other->destroy(other);
		cfg->destroy(cfg);
	}
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("fragments");
	TCase *tc;

	tc = tcase_create("fake");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_roundtrip_fake, 0, countof(sizes));
	tcase_add_test(tc, test_exact_count);
	tcase_add_test(tc, test_out_of_order_duplicates);
	tcase_add_test(tc, test_bad_icv_keeps_set);
	tcase_add_test(tc, test_bad_numbers);
	tcase_add_test(tc, test_bad_reassembled);
	tcase_add_test(tc, test_buffer_limits);
	tcase_add_test(tc, test_unsplittable);
	tcase_add_test(tc, test_cfg_modes);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_add_checked_fixture(tc, setup_crypto, teardown);
	tcase_add_loop_test(tc, test_roundtrip_real, 0, 2 * countof(sizes));
	tcase_add_loop_test(tc, test_numbers_authenticated, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
