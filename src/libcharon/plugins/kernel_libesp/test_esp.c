/*
 * ESP SA tests: known answers against independent EVP computations,
 * round trips for every algorithm, tampering, replay, padding, lifetimes,
 * ESN and concurrent use.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <openssl/evp.h>

#include "test_runner.h"
#include "esp_sa.h"
#include "esp_replay.h"

#define BUF 2048

typedef struct {
	const char *name;
	encryption_algorithm_t encr;
	size_t encr_key_len;
	integrity_algorithm_t integ;
	size_t integ_key_len;
} alg_t;

static const alg_t algs[] = {
	{ "AES_GCM_16_128", ENCR_AES_GCM_ICV16, 20, AUTH_UNDEFINED, 0 },
	{ "AES_GCM_16_256", ENCR_AES_GCM_ICV16, 36, AUTH_UNDEFINED, 0 },
	{ "AES_GCM_8_128", ENCR_AES_GCM_ICV8, 20, AUTH_UNDEFINED, 0 },
	{ "AES_GCM_12_256", ENCR_AES_GCM_ICV12, 36, AUTH_UNDEFINED, 0 },
	{ "CHACHA20_POLY1305", ENCR_CHACHA20_POLY1305, 36, AUTH_UNDEFINED, 0 },
	{ "AES_CBC_128/SHA1_96", ENCR_AES_CBC, 16, AUTH_HMAC_SHA1_96, 20 },
	{ "AES_CBC_128/SHA2_256", ENCR_AES_CBC, 16, AUTH_HMAC_SHA2_256_128, 32 },
	{ "AES_CBC_256/SHA2_256", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_256_128, 32 },
	{ "AES_CBC_256/SHA2_384", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_384_192, 48 },
	{ "AES_CBC_256/SHA2_512", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_512_256, 64 },
};

static uint8_t encr_keymat[64], integ_keymat[64];

static void init_keys(void)
{
	for (int i = 0; i < 64; i++) {
		encr_keymat[i] = (uint8_t)(i * 7 + 3);
		integ_keymat[i] = (uint8_t)(0xa5 ^ i);
	}
}

static esp_sa_cfg_t make_cfg(const alg_t *alg, bool inbound, uint32_t spi)
{
	init_keys();
	return (esp_sa_cfg_t){
		.spi = spi,
		.reqid = 1,
		.inbound = inbound,
		.encr = alg->encr,
		.encr_key = chunk_create(encr_keymat, alg->encr_key_len),
		.integ = alg->integ,
		.integ_key = chunk_create(integ_keymat, alg->integ_key_len),
	};
}

static void make_pair(const alg_t *alg, bool esn, esp_sa_t **out, esp_sa_t **in)
{
	esp_sa_cfg_t cfg = make_cfg(alg, false, 0x1000);

	cfg.esn = esn;
	*out = esp_sa_create(&cfg);
	cfg.inbound = true;
	*in = esp_sa_create(&cfg);
	ck_assert_msg(*out && *in, "creating %s failed", alg->name);
}

/* An IPv4 (version 4) or IPv6 (version 6) packet of len bytes */
static size_t build_inner(uint8_t *buf, int version, size_t len, uint8_t seed)
{
	size_t i, hdr = version == 4 ? 20 : 40;

	ck_assert(len >= hdr);
	for (i = 0; i < len; i++) {
		buf[i] = (uint8_t)(i * 13 + seed);
	}
	if (version == 4) {
		buf[0] = 0x45;
		buf[2] = (uint8_t)(len >> 8);
		buf[3] = (uint8_t)len;
		buf[9] = 17;
	} else {
		buf[0] = 0x60;
		buf[4] = (uint8_t)((len - 40) >> 8);
		buf[5] = (uint8_t)(len - 40);
		buf[6] = 17;
	}
	return len;
}

/* Independent AEAD seal of an ESP packet: SPI|seq|IV|ct|tag */
static size_t seal_aead(const EVP_CIPHER *cipher, const uint8_t *key,
			const uint8_t *salt, uint32_t spi, uint32_t seq,
			const uint8_t *pt, size_t len, size_t icv, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t nonce[12] = {};
	int outl, finl;

	out[0] = spi >> 24; out[1] = spi >> 16; out[2] = spi >> 8; out[3] = spi;
	out[4] = seq >> 24; out[5] = seq >> 16; out[6] = seq >> 8; out[7] = seq;
	memset(out + 8, 0, 4);
	memcpy(out + 12, out + 4, 4);
	memcpy(nonce, salt, 4);
	memcpy(nonce + 4, out + 8, 8);
	ck_assert(EVP_EncryptInit_ex(ctx, cipher, NULL, key, nonce) == 1);
	ck_assert(EVP_EncryptUpdate(ctx, NULL, &outl, out, 8) == 1);
	ck_assert(EVP_EncryptUpdate(ctx, out + 16, &outl, pt, (int)len) == 1);
	ck_assert(EVP_EncryptFinal_ex(ctx, out + 16 + outl, &finl) == 1);
	ck_assert(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)icv,
				      out + 16 + len) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return 16 + len + icv;
}

static void check_kat(const alg_t *alg, const EVP_CIPHER *cipher, size_t key_len)
{
	uint8_t inner[60], pt[64], expected[128], buf[256];
	esp_sa_t *out, *in;
	chunk_t esp, dec;
	uint8_t nh;
	size_t len;

	make_pair(alg, false, &out, &in);
	build_inner(inner, 4, sizeof(inner), 1);
	/* 60 + 2 rounded to 4: padding 1, 2, pad length 2, next header 4 */
	memcpy(pt, inner, 60);
	pt[60] = 1; pt[61] = 2; pt[62] = 2; pt[63] = 4;
	len = seal_aead(cipher, encr_keymat, encr_keymat + key_len, 0x1000, 1,
			pt, sizeof(pt), 16, expected);

	ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
				    chunk_from_thing(buf), &esp), SUCCESS);
	ck_assert_uint_eq(esp.len, len);
	ck_assert_mem_eq(esp.ptr, expected, len);

	ck_assert_int_eq(in->decap(in, chunk_create(expected, len), chunk_empty,
				   &dec, &nh), SUCCESS);
	ck_assert_uint_eq(nh, 4);
	ck_assert_uint_eq(dec.len, sizeof(inner));
	ck_assert_mem_eq(dec.ptr, inner, sizeof(inner));
	out->destroy(out);
	in->destroy(in);
}

START_TEST(test_kat_gcm)
{
	check_kat(&algs[0], EVP_aes_128_gcm(), 16);
	check_kat(&algs[1], EVP_aes_256_gcm(), 32);
}
END_TEST

START_TEST(test_kat_chacha)
{
	check_kat(&algs[4], EVP_chacha20_poly1305(), 32);
}
END_TEST

/* Pinned vectors, computed with another implementation (Python
 * cryptography): SPI 0x101, seq 1, salt cafebabe, a 20-byte IPv4 stub */
static void check_pinned(encryption_algorithm_t alg, const uint8_t *key,
			 size_t key_len, const char *hex)
{
	uint8_t keymat[36], inner[20] = { 0x45 }, buf[128];
	esp_sa_cfg_t cfg = { .spi = 0x101, .encr = alg };
	chunk_t esp, expected = chunk_from_hex(hex);
	esp_sa_t *sa;

	memcpy(keymat, key, key_len);
	memcpy(keymat + key_len, "\xca\xfe\xba\xbe", 4);
	cfg.encr_key = chunk_create(keymat, key_len + 4);
	sa = esp_sa_create(&cfg);
	ck_assert(sa);
	ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
				   chunk_from_thing(buf), &esp), SUCCESS);
	ck_assert_uint_eq(esp.len, expected.len);
	ck_assert_mem_eq(esp.ptr, expected.ptr, expected.len);
	chunk_free(&expected);
	sa->destroy(sa);
}

START_TEST(test_kat_pinned)
{
	uint8_t key[32];

	for (int i = 0; i < 32; i++) {
		key[i] = (uint8_t)i;
	}
	check_pinned(ENCR_AES_GCM_ICV16, (uint8_t[16]){}, 16,
		     "000001010000000100000000000000016c5d28cc46add989a723fd1d"
		     "4e54e77b0354c6b94169d648406a613a383946d12a84e2731308523f");
	check_pinned(ENCR_CHACHA20_POLY1305, key, 32,
		     "0000010100000001000000000000000119c73628112540dc879ed2ba"
		     "a45df2c531b90fd361dbd03c34a2c82e9718323e1f52f972441451fc");
}
END_TEST

/* CBC IVs are random: check the HMAC and decrypt independently instead */
START_TEST(test_kat_cbc)
{
	const alg_t *alg = &algs[_i];
	const char *digests[] = { "SHA1", "SHA2-256", "SHA2-256", "SHA2-384", "SHA2-512" };
	size_t icvs[] = { 12, 16, 16, 24, 32 };
	uint8_t inner[77], buf[256], mac[64], pt[256];
	EVP_CIPHER_CTX *ctx;
	esp_sa_t *out, *in;
	size_t mac_len, ct_len, icv = icvs[_i - 5];
	chunk_t esp;
	int outl;

	make_pair(alg, false, &out, &in);
	build_inner(inner, 4, sizeof(inner), 9);
	ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
				    chunk_from_thing(buf), &esp), SUCCESS);
	/* 77 + 2 rounded to 16 = 80: one padding byte */
	ck_assert_uint_eq(esp.len, 8 + 16 + 80 + icv);
	ct_len = 80;
	ck_assert(EVP_Q_mac(NULL, "HMAC", NULL, digests[_i - 5], NULL, integ_keymat,
			    alg->integ_key_len, esp.ptr, 8 + 16 + ct_len, mac,
			    sizeof(mac), &mac_len) != NULL);
	ck_assert_mem_eq(esp.ptr + esp.len - icv, mac, icv);

	ctx = EVP_CIPHER_CTX_new();
	ck_assert(EVP_DecryptInit_ex(ctx, alg->encr_key_len == 16 ? EVP_aes_128_cbc()
				     : EVP_aes_256_cbc(), NULL, encr_keymat,
				     esp.ptr + 8) == 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	ck_assert(EVP_DecryptUpdate(ctx, pt, &outl, esp.ptr + 24, (int)ct_len) == 1);
	EVP_CIPHER_CTX_free(ctx);
	ck_assert_mem_eq(pt, inner, sizeof(inner));
	ck_assert_uint_eq(pt[77], 1);
	ck_assert_uint_eq(pt[78], 1);
	ck_assert_uint_eq(pt[79], 4);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

START_TEST(test_roundtrip)
{
	const alg_t *alg = &algs[_i];
	size_t sizes[] = { 40, 41, 62, 63, 64, 65, 100, 1400, 1500 };
	uint8_t inner[BUF], buf[BUF], copy[BUF], dec_buf[BUF];
	esp_sa_stats_t stats;
	esp_sa_t *out, *in;
	size_t i, len, hdr, total = 0, count = 0;
	chunk_t esp, dec;
	int version;
	uint8_t nh;

	make_pair(alg, false, &out, &in);
	hdr = out->get_header_len(out);
	for (version = 4; version <= 6; version += 2) {
		for (i = 0; i < countof(sizes); i++) {
			len = build_inner(inner, version, sizes[i], (uint8_t)i);

			/* in place: inner already sits behind the ESP header */
			memcpy(buf + hdr, inner, len);
			ck_assert_int_eq(out->encap(out, chunk_create(buf + hdr, len),
						    chunk_from_thing(buf), &esp), SUCCESS);
			ck_assert_uint_eq(esp.len, out->get_encap_len(out, len));
			ck_assert_uint_eq(esp.ptr[0] << 24 | esp.ptr[1] << 16 |
					  esp.ptr[2] << 8 | esp.ptr[3], 0x1000);
			ck_assert_int_ne(memcmp(esp.ptr + hdr, inner, 32), 0);
			ck_assert_int_eq(in->decap(in, esp, chunk_empty, &dec, &nh), SUCCESS);
			ck_assert_uint_eq(nh, version == 4 ? 4 : 41);
			ck_assert_uint_eq(dec.len, len);
			ck_assert_mem_eq(dec.ptr, inner, len);

			/* out of place in both directions */
			ck_assert_int_eq(out->encap(out, chunk_create(inner, len),
						    chunk_from_thing(buf), &esp), SUCCESS);
			memcpy(copy, esp.ptr, esp.len);
			ck_assert_int_eq(in->decap(in, chunk_create(copy, esp.len),
						   chunk_from_thing(dec_buf), &dec, &nh),
					 SUCCESS);
			ck_assert(dec.ptr == dec_buf);
			ck_assert_mem_eq(dec.ptr, inner, len);
			total += 2 * len;
			count += 2;
		}
	}
	out->get_stats(out, &stats);
	ck_assert_uint_eq(stats.packets, count);
	ck_assert_uint_eq(stats.bytes, total);
	ck_assert_uint_eq(stats.seq, count);
	ck_assert_int_gt(stats.last_use, 0);
	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.packets, count);
	ck_assert_uint_eq(stats.bytes, total);
	ck_assert_uint_eq(stats.seq, count);
	ck_assert_uint_eq(stats.auth_failures + stats.replay_drops + stats.invalid, 0);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

START_TEST(test_roundtrip_esn)
{
	const alg_t *alg = &algs[_i];
	uint8_t inner[100], buf[BUF];
	esp_sa_t *out, *in, *plain;
	esp_sa_cfg_t cfg;
	chunk_t esp, dec;
	uint8_t nh;

	make_pair(alg, true, &out, &in);
	build_inner(inner, 6, sizeof(inner), 3);
	ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
				    chunk_from_thing(buf), &esp), SUCCESS);
	ck_assert_int_eq(in->decap(in, esp, chunk_empty, &dec, &nh), SUCCESS);
	ck_assert_mem_eq(dec.ptr, inner, sizeof(inner));

	/* the high half is authenticated even while it is 0 (12-byte AAD,
	 * 4 bytes appended to the HMAC input): a non-ESN peer rejects it */
	cfg = make_cfg(alg, true, 0x1000);
	plain = esp_sa_create(&cfg);
	ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
				    chunk_from_thing(buf), &esp), SUCCESS);
	ck_assert_int_eq(plain->decap(plain, esp, chunk_empty, &dec, &nh),
			 VERIFY_ERROR);
	plain->destroy(plain);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

START_TEST(test_tamper)
{
	const alg_t *alg = &algs[_i];
	uint8_t inner[120], buf[BUF], copy[BUF];
	size_t offsets[] = { 0, 8, 30, 0 }, i;
	esp_sa_stats_t stats;
	esp_sa_t *out, *in;
	chunk_t esp, dec;
	uint8_t nh;

	make_pair(alg, false, &out, &in);
	build_inner(inner, 4, sizeof(inner), 5);
	ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
				    chunk_from_thing(buf), &esp), SUCCESS);
	offsets[0] = esp.len - 1;	/* ICV */
	offsets[3] = 6;			/* sequence number, covered by the ICV */
	for (i = 0; i < countof(offsets); i++) {
		memcpy(copy, esp.ptr, esp.len);
		copy[offsets[i]] ^= 0x01;
		ck_assert_int_eq(in->decap(in, chunk_create(copy, esp.len),
					   chunk_empty, &dec, &nh), VERIFY_ERROR);
		in->get_stats(in, &stats);
		ck_assert_uint_eq(stats.auth_failures, i + 1);
	}
	/* a foreign SPI, a truncated packet */
	memcpy(copy, esp.ptr, esp.len);
	copy[2] ^= 0x80;
	ck_assert_int_eq(in->decap(in, chunk_create(copy, esp.len), chunk_empty,
				   &dec, &nh), PARSE_ERROR);
	memcpy(copy, esp.ptr, esp.len);
	ck_assert_int_eq(in->decap(in, chunk_create(copy, 10), chunk_empty,
				   &dec, &nh), PARSE_ERROR);
	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.invalid, 2);
	ck_assert_uint_eq(stats.packets, 0);

	/* failures did not move the window: the genuine packet still passes */
	ck_assert_int_eq(in->decap(in, esp, chunk_empty, &dec, &nh), SUCCESS);
	ck_assert_mem_eq(dec.ptr, inner, sizeof(inner));
	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.packets, 1);
	ck_assert_uint_eq(stats.auth_failures, 4);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

/* Packets are stored so tests can deliver them in any order */
#define NPKT 320
static uint8_t stored[NPKT + 1][128];
static size_t stored_len[NPKT + 1];

static void store_packets(esp_sa_t *out, int n)
{
	uint8_t inner[48];
	chunk_t esp;
	int i;

	for (i = 1; i <= n; i++) {
		build_inner(inner, 4, sizeof(inner), (uint8_t)i);
		ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
					    chunk_create(stored[i], 128), &esp), SUCCESS);
		stored_len[i] = esp.len;
	}
}

static status_t deliver(esp_sa_t *in, int seq)
{
	uint8_t copy[128];
	chunk_t dec;
	uint8_t nh;

	memcpy(copy, stored[seq], stored_len[seq]);
	return in->decap(in, chunk_create(copy, stored_len[seq]), chunk_empty,
			 &dec, &nh);
}

START_TEST(test_replay)
{
	esp_sa_stats_t stats;
	esp_sa_t *out, *in;

	make_pair(&algs[0], false, &out, &in);
	store_packets(out, NPKT);

	ck_assert_int_eq(deliver(in, 1), SUCCESS);
	ck_assert_int_eq(deliver(in, 1), ALREADY_DONE);		/* same seq twice */
	ck_assert_int_eq(deliver(in, 200), SUCCESS);		/* jump ahead */
	ck_assert_int_eq(deliver(in, 100), SUCCESS);		/* late, in window */
	ck_assert_int_eq(deliver(in, 73), SUCCESS);		/* oldest in window */
	ck_assert_int_eq(deliver(in, 72), ALREADY_DONE);	/* just left of it */
	ck_assert_int_eq(deliver(in, 100), ALREADY_DONE);
	ck_assert_int_eq(deliver(in, 199), SUCCESS);
	ck_assert_int_eq(deliver(in, 201), SUCCESS);
	ck_assert_int_eq(deliver(in, 201), ALREADY_DONE);
	ck_assert_int_eq(deliver(in, 320), SUCCESS);		/* window moves */
	ck_assert_int_eq(deliver(in, 199), ALREADY_DONE);	/* too old now */
	ck_assert_int_eq(deliver(in, 192), ALREADY_DONE);	/* 320 - 128 */
	ck_assert_int_eq(deliver(in, 193), SUCCESS);		/* 320 - 127 */
	ck_assert_int_eq(deliver(in, 250), SUCCESS);
	ck_assert_int_eq(deliver(in, 320), ALREADY_DONE);

	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.packets, 9);
	ck_assert_uint_eq(stats.replay_drops, 7);
	ck_assert_uint_eq(stats.seq, 320);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

/* The bitmap against a naive model, for several window sizes */
START_TEST(test_replay_model)
{
	uint32_t windows[] = { 1, 32, 64, 65, 128, 1000, 4096 };
	static bool seen[20000];
	uint64_t top = 0, seq, full;
	uint32_t state = 12345, w;
	esp_replay_t *replay;
	bool expect;
	int i;

	for (size_t k = 0; k < countof(windows); k++) {
		w = windows[k];
		replay = esp_replay_create(w, false);
		ck_assert(replay);
		ck_assert_uint_eq(replay->get_window(replay), w);
		memset(seen, 0, sizeof(seen));
		top = 0;
		for (i = 0; i < 40000; i++) {
			state = state * 1103515245 + 12345;
			/* mostly forward with jitter, sometimes far back or ahead */
			seq = top + ((state >> 8) % (2 * w + 40)) - w - 8;
			if ((int64_t)seq < 0 || seq >= countof(seen)) {
				continue;
			}
			expect = seq > 0 && !seen[seq] && (seq > top || top - seq < w);
			ck_assert_int_eq(replay->check(replay, (uint32_t)seq, &full), expect);
			ck_assert_uint_eq(full, seq);
			if (expect) {
				ck_assert(replay->update(replay, seq));
				ck_assert(!replay->update(replay, seq));
				seen[seq] = true;
				top = seq > top ? seq : top;
			}
		}
		replay->destroy(replay);
	}
	ck_assert(esp_replay_create(ESP_REPLAY_MAX_WINDOW + 1, false) == NULL);
	replay = esp_replay_create(0, false);
	ck_assert_uint_eq(replay->get_window(replay), ESP_REPLAY_DEFAULT_WINDOW);
	replay->destroy(replay);
}
END_TEST

START_TEST(test_replay_esn)
{
	esp_replay_t *replay = esp_replay_create(128, true);
	uint64_t seq;

	ck_assert(replay->check(replay, 0xfffffff0, &seq));
	ck_assert_uint_eq(seq, 0xfffffff0ULL);
	ck_assert(replay->update(replay, seq));
	/* a small number ahead of a window near 2^32 belongs to the next epoch */
	ck_assert(replay->check(replay, 5, &seq));
	ck_assert_uint_eq(seq, 0x100000005ULL);
	ck_assert(replay->update(replay, seq));
	/* the window now straddles the boundary: late packets below it */
	ck_assert(replay->check(replay, 0xfffffff8, &seq));
	ck_assert_uint_eq(seq, 0xfffffff8ULL);
	ck_assert(replay->update(replay, seq));
	ck_assert(!replay->check(replay, 0xfffffff0, &seq));
	ck_assert(!replay->check(replay, 5, &seq));
	ck_assert(replay->check(replay, 6, &seq));
	ck_assert_uint_eq(seq, 0x100000006ULL);
	/* not near the window's bottom: ahead in the current epoch */
	ck_assert(replay->check(replay, 0x80000000, &seq));
	ck_assert_uint_eq(seq, 0x180000000ULL);
	ck_assert_uint_eq(replay->get_top(replay), 0x100000005ULL);
	replay->destroy(replay);

	/* sequence number 0 is valid only in later epochs */
	replay = esp_replay_create(64, true);
	ck_assert(!replay->check(replay, 0, &seq));
	replay->destroy(replay);
}
END_TEST

/* Hand-made packets with chosen trailers, sealed with the SA's key */
static status_t decap_trailer(esp_sa_t *in, uint32_t seq, const uint8_t *pt,
			      size_t len, esp_sa_stats_t *stats)
{
	uint8_t pkt[256];
	chunk_t dec;
	size_t plen;
	uint8_t nh;
	status_t status;

	plen = seal_aead(EVP_aes_128_gcm(), encr_keymat, encr_keymat + 16, 0x1000,
			 seq, pt, len, 16, pkt);
	status = in->decap(in, chunk_create(pkt, plen), chunk_empty, &dec, &nh);
	in->get_stats(in, stats);
	return status;
}

START_TEST(test_padding)
{
	uint8_t pt[64];
	esp_sa_stats_t stats;
	esp_sa_t *out, *in;

	make_pair(&algs[0], false, &out, &in);
	build_inner(pt, 4, 57, 2);
	/* 57 bytes, padding 1..5, pad length 5, next header 4: 64 bytes */
	memcpy(pt + 57, "\x01\x02\x03\x04\x05\x05\x04", 7);
	ck_assert_int_eq(decap_trailer(in, 1, pt, 64, &stats), SUCCESS);

	pt[59] = 0x04;	/* 1 2 4 4 5: not 1 2 3 4 5 */
	ck_assert_int_eq(decap_trailer(in, 2, pt, 64, &stats), PARSE_ERROR);
	ck_assert_uint_eq(stats.invalid, 1);

	memcpy(pt + 57, "\x01\x02\x03\x04\x05\xf0\x04", 7);	/* pad length too big */
	ck_assert_int_eq(decap_trailer(in, 3, pt, 64, &stats), PARSE_ERROR);
	memcpy(pt + 57, "\x01\x02\x03\x04\x05\x05\x06", 7);	/* TCP: not tunnel mode */
	ck_assert_int_eq(decap_trailer(in, 4, pt, 64, &stats), PARSE_ERROR);
	memcpy(pt + 57, "\x01\x02\x03\x04\x05\x05\x29", 7);	/* says IPv6, is IPv4 */
	ck_assert_int_eq(decap_trailer(in, 5, pt, 64, &stats), PARSE_ERROR);
	ck_assert_uint_eq(stats.invalid, 4);

	/* a dummy packet (next header 59) is authentic but carries nothing */
	ck_assert_int_eq(decap_trailer(in, 6, (uint8_t *)"\x01\x02\x02\x3b", 4,
				       &stats), NOT_FOUND);
	ck_assert_uint_eq(stats.invalid, 4);
	ck_assert_uint_eq(stats.auth_failures, 0);
	ck_assert_uint_eq(stats.seq, 6);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

typedef struct {
	int soft;
	int hard;
	esp_sa_t *sa;
} expire_log_t;

static void on_expire(void *data, esp_sa_t *sa, bool hard)
{
	expire_log_t *log = data;

	if (hard) {
		log->hard++;
	} else {
		log->soft++;
	}
	log->sa = sa;
}

START_TEST(test_lifetime_packets)
{
	esp_sa_cfg_t cfg = make_cfg(&algs[5], false, 0x2000);
	expire_log_t log = {};
	uint8_t inner[64], buf[BUF];
	esp_sa_stats_t stats;
	esp_sa_t *sa;
	chunk_t esp;
	int i;

	cfg.soft.packets = 3;
	cfg.hard.packets = 5;
	cfg.expire = on_expire;
	cfg.expire_data = &log;
	sa = esp_sa_create(&cfg);
	build_inner(inner, 4, sizeof(inner), 0);
	for (i = 1; i <= 5; i++) {
		ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
					   chunk_from_thing(buf), &esp), SUCCESS);
		ck_assert_int_eq(log.soft, i >= 3);
		ck_assert_int_eq(log.hard, i >= 5);
	}
	ck_assert(log.sa == sa);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
					   chunk_from_thing(buf), &esp), INVALID_STATE);
	}
	ck_assert_int_eq(log.soft, 1);
	ck_assert_int_eq(log.hard, 1);
	sa->get_stats(sa, &stats);
	ck_assert(stats.expired);
	ck_assert_uint_eq(stats.packets, 5);
	sa->destroy(sa);
}
END_TEST

START_TEST(test_lifetime_bytes)
{
	expire_log_t log = {};
	uint8_t inner[100], buf[BUF], copy[BUF];
	esp_sa_t *out, *in;
	esp_sa_cfg_t cfg;
	chunk_t esp, dec;
	uint8_t nh;
	int i;

	make_pair(&algs[4], false, &out, &in);
	in->destroy(in);
	cfg = make_cfg(&algs[4], true, 0x1000);
	cfg.soft.bytes = 250;
	cfg.hard.bytes = 500;
	cfg.expire = on_expire;
	cfg.expire_data = &log;
	in = esp_sa_create(&cfg);
	build_inner(inner, 4, sizeof(inner), 0);
	for (i = 1; i <= 6; i++) {
		ck_assert_int_eq(out->encap(out, chunk_from_thing(inner),
					    chunk_from_thing(buf), &esp), SUCCESS);
		memcpy(copy, esp.ptr, esp.len);
		ck_assert_int_eq(in->decap(in, chunk_create(copy, esp.len), chunk_empty,
					   &dec, &nh), i <= 5 ? SUCCESS : INVALID_STATE);
		ck_assert_int_eq(log.soft, i >= 3);
		ck_assert_int_eq(log.hard, i >= 5);
	}
	out->destroy(out);
	in->destroy(in);
}
END_TEST

START_TEST(test_bad_config)
{
	esp_sa_cfg_t cfg = make_cfg(&algs[0], false, 0x1000);
	uint8_t inner[40], buf[64];
	esp_sa_t *sa;
	chunk_t esp, dec;
	uint8_t nh;

	cfg.encr_key.len = 17;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg.encr_key.len = 4;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg = make_cfg(&algs[0], false, 0x1000);
	cfg.integ = AUTH_HMAC_SHA1_96;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg = make_cfg(&algs[6], false, 0x1000);
	cfg.integ_key.len = 20;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg = make_cfg(&algs[6], false, 0x1000);
	cfg.integ = AUTH_UNDEFINED;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg = make_cfg(&algs[0], false, 255);
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg = make_cfg(&algs[0], true, 0x1000);
	cfg.replay_window = ESP_REPLAY_MAX_WINDOW + 1;
	ck_assert(esp_sa_create(&cfg) == NULL);
	cfg.encr = ENCR_3DES;
	cfg.replay_window = 0;
	ck_assert(esp_sa_create(&cfg) == NULL);

	cfg = make_cfg(&algs[0], false, 0x1000);
	sa = esp_sa_create(&cfg);
	build_inner(inner, 4, sizeof(inner), 0);
	ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
				   chunk_create(buf, 50), &esp), INVALID_ARG);
	inner[0] = 0x50;
	ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
				   chunk_from_thing(buf), &esp), INVALID_ARG);
	ck_assert_int_eq(sa->decap(sa, chunk_from_thing(buf), chunk_empty,
				   &dec, &nh), INVALID_ARG);
	ck_assert(!sa->is_inbound(sa));
	ck_assert_uint_eq(sa->get_spi(sa), 0x1000);
	ck_assert_uint_eq(sa->get_reqid(sa), 1);
	sa->destroy(sa);

	cfg.inbound = true;
	sa = esp_sa_create(&cfg);
	inner[0] = 0x45;
	ck_assert_int_eq(sa->encap(sa, chunk_from_thing(inner),
				   chunk_from_thing(buf), &esp), INVALID_ARG);
	/* output overlapping the ciphertext at another offset is refused */
	memset(buf, 0, sizeof(buf));
	buf[2] = 0x10;
	ck_assert_int_eq(sa->decap(sa, chunk_create(buf, 60), chunk_create(buf + 2, 60),
				   &dec, &nh), INVALID_ARG);
	sa->destroy(sa);
}
END_TEST

START_TEST(test_peer_and_refs)
{
	esp_sa_cfg_t cfg = make_cfg(&algs[0], false, 0x1000);
	struct sockaddr_storage peer = { .ss_family = AF_INET6 }, got;
	esp_sa_t *sa, *ref;

	sa = esp_sa_create(&cfg);
	sa->get_peer(sa, &got);
	ck_assert_int_eq(got.ss_family, AF_UNSPEC);
	sa->set_peer(sa, &peer);
	sa->get_peer(sa, &got);
	ck_assert_int_eq(got.ss_family, AF_INET6);
	ref = sa->get_ref(sa);
	sa->destroy(sa);
	ck_assert_uint_eq(ref->get_spi(ref), 0x1000);
	ref->destroy(ref);
}
END_TEST

#define THREADS 4
#define PER_THREAD 400

typedef struct {
	esp_sa_t *sa;
	unsigned int slot;
	uint8_t (*pkts)[128];
	size_t *lens;
	int ok;
} worker_t;

static void *encap_worker(void *arg)
{
	worker_t *w = arg;
	uint8_t inner[40];
	chunk_t esp;

	esp_thread_set_slot(w->slot);
	build_inner(inner, 4, sizeof(inner), (uint8_t)w->slot);
	for (int i = 0; i < PER_THREAD; i++) {
		if (w->sa->encap(w->sa, chunk_from_thing(inner),
				 chunk_create(w->pkts[i], 128), &esp) == SUCCESS) {
			w->lens[i] = esp.len;
			w->ok++;
		}
	}
	return NULL;
}

static void *decap_worker(void *arg)
{
	worker_t *w = arg;
	chunk_t dec;
	uint8_t nh;

	esp_thread_set_slot(w->slot);
	for (int i = 0; i < PER_THREAD; i++) {
		if (w->sa->decap(w->sa, chunk_create(w->pkts[i], w->lens[i]),
				 chunk_empty, &dec, &nh) == SUCCESS &&
		    dec.len == 40 && dec.ptr[5] == (uint8_t)(5 * 13 + w->slot)) {
			w->ok++;
		}
	}
	return NULL;
}

static void *replay_worker(void *arg)
{
	worker_t *w = arg;
	chunk_t dec;
	uint8_t nh;

	esp_thread_set_slot(w->slot);
	for (int i = 0; i < PER_THREAD; i++) {
		if (w->sa->decap(w->sa, chunk_create(w->pkts[i], w->lens[i]),
				 chunk_empty, &dec, &nh) == ALREADY_DONE) {
			w->ok++;
		}
	}
	return NULL;
}

static void run_workers(worker_t *w, void *(*fn)(void *))
{
	pthread_t threads[THREADS];
	int i;

	for (i = 0; i < THREADS; i++) {
		w[i].ok = 0;
		pthread_create(&threads[i], NULL, fn, &w[i]);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(threads[i], NULL);
		ck_assert_int_eq(w[i].ok, PER_THREAD);
	}
}

START_TEST(test_threads)
{
	static uint8_t pkts[THREADS][PER_THREAD][128];
	static size_t lens[THREADS][PER_THREAD];
	esp_sa_cfg_t cfg = make_cfg(&algs[_i], false, 0x3000);
	worker_t w[THREADS];
	esp_sa_stats_t stats;
	esp_sa_t *out, *in;
	int i;

	cfg.slots = THREADS;
	out = esp_sa_create(&cfg);
	cfg.inbound = true;
	cfg.replay_window = 4096;
	in = esp_sa_create(&cfg);
	for (i = 0; i < THREADS; i++) {
		w[i] = (worker_t){ .sa = out, .slot = (unsigned int)i,
				   .pkts = pkts[i], .lens = lens[i] };
	}
	run_workers(w, encap_worker);
	for (i = 0; i < THREADS; i++) {
		w[i].sa = in;
	}
	run_workers(w, decap_worker);
	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.packets, THREADS * PER_THREAD);
	ck_assert_uint_eq(stats.seq, THREADS * PER_THREAD);
	ck_assert_uint_eq(stats.replay_drops, 0);
	/* every packet again, from all threads at once: all are replays */
	run_workers(w, replay_worker);
	in->get_stats(in, &stats);
	ck_assert_uint_eq(stats.replay_drops, THREADS * PER_THREAD);
	ck_assert_uint_eq(stats.packets, THREADS * PER_THREAD);
	out->destroy(out);
	in->destroy(in);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("esp_sa");
	TCase *tc;

	tc = tcase_create("known answers");
	tcase_add_test(tc, test_kat_gcm);
	tcase_add_test(tc, test_kat_chacha);
	tcase_add_test(tc, test_kat_pinned);
	tcase_add_loop_test(tc, test_kat_cbc, 5, 10);
	suite_add_tcase(s, tc);

	tc = tcase_create("round trips");
	tcase_add_loop_test(tc, test_roundtrip, 0, countof(algs));
	tcase_add_loop_test(tc, test_roundtrip_esn, 0, countof(algs));
	suite_add_tcase(s, tc);

	tc = tcase_create("rejects");
	tcase_add_loop_test(tc, test_tamper, 0, countof(algs));
	tcase_add_test(tc, test_padding);
	tcase_add_test(tc, test_bad_config);
	suite_add_tcase(s, tc);

	tc = tcase_create("replay");
	tcase_add_test(tc, test_replay);
	tcase_add_test(tc, test_replay_model);
	tcase_add_test(tc, test_replay_esn);
	suite_add_tcase(s, tc);

	tc = tcase_create("lifetimes and sharing");
	tcase_add_test(tc, test_lifetime_packets);
	tcase_add_test(tc, test_lifetime_bytes);
	tcase_add_test(tc, test_peer_and_refs);
	tcase_add_loop_test(tc, test_threads, 0, countof(algs));
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
