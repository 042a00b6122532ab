/*
 * libFuzzer target for the inbound ESP data path of the kernel-libesp
 * plugin: UDP-4500 classification (non-ESP marker, keepalive, ESP), SPI
 * lookup in the SAD, length, replay, ICV, padding and next header checks
 * of esp_sa decap(), and the inner packet's selectors against the SPD, as
 * the socket handler runs them.
 *
 * Each input gets fresh SAs with fixed keys (one AES-GCM-16, one
 * AES-CBC/HMAC-SHA2-256), so the replay window starts empty every time
 * and valid seed packets stay valid. Input layout:
 *
 *   config byte: bit 0 ESN, bits 1-2 replay window, bit 3 hard lifetime
 *   then records: op byte, 2-byte length, that many bytes
 *     op & 3 == 0  the bytes are a UDP-4500 payload, handled like the plugin
 *     op & 3 == 1  the bytes are ESP for the SA op bit 2 picks; bit 4 makes
 *                  its SPI right, bit 3 decapsulates into a separate buffer
 *     op & 3 == 2  the bytes are an inner packet: encap with the outbound
 *                  twin, decap, and the round trip must give it back
 *     op & 3 == 3  like 2, then the first two bytes name a byte of the ESP
 *                  packet and a non-zero XOR for it: decap must refuse it
 *
 * FUZZ_ESP_SEEDS=dir writes the seed corpus (valid packets the fuzzer could
 * not forge, see write_seeds()) into dir and exits.
 */
#include <stdio.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "library.h"
#include "bus/log_bus.h"
#include "esp_sa.h"
#include "esp_sad.h"
#include "esp_spd.h"
#include "esp_udp.h"
#include "esp_flow.h"
#include "esp_cipher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define SA_COUNT 2
#define MAX_RECORDS 32
#define BUF_LEN 2048

typedef struct {
	uint32_t spi;
	uint32_t reqid;
	encryption_algorithm_t encr;
	chunk_t encr_key;
	integrity_algorithm_t integ;
	chunk_t integ_key;
} fixed_sa_t;

static uint8_t gcm_key[20] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xca, 0xfe, 0xba, 0xbe,
};
static uint8_t cbc_key[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static uint8_t hmac_key[32] = {
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
};

static fixed_sa_t fixed[SA_COUNT] = {
	{ 0x00001000, 1, ENCR_AES_GCM_ICV16, { gcm_key, sizeof(gcm_key) },
	  AUTH_UNDEFINED, { NULL, 0 } },
	{ 0x00002000, 2, ENCR_AES_CBC, { cbc_key, sizeof(cbc_key) },
	  AUTH_HMAC_SHA2_256_128, { hmac_key, sizeof(hmac_key) } },
};

/* inbound policies: reqid 1 for 10.1/16 -> 10.2/16, reqid 2 for
 * fd00:1::/48 -> fd00:2::/48 */
static esp_spd_t *spd;

typedef struct {
	esp_sad_t *sad;
	esp_sa_t *in[SA_COUNT];
	/* round trips use their own inbound twins, so packets accepted from
	 * the input cannot have taken the sequence numbers encap() sends */
	esp_sa_t *rt_in[SA_COUNT];
	esp_sa_t *out[SA_COUNT];
	bool limited;
} sas_t;

static esp_sa_t *make_sa(int i, bool inbound, uint8_t config)
{
	static const uint32_t windows[] = { 0, 1, 64, 1024 };
	esp_sa_cfg_t cfg = {
		.spi = fixed[i].spi,
		.reqid = fixed[i].reqid,
		.inbound = inbound,
		.esn = config & 1,
		.encr = fixed[i].encr,
		.encr_key = fixed[i].encr_key,
		.integ = fixed[i].integ,
		.integ_key = fixed[i].integ_key,
		.replay_window = windows[(config >> 1) & 3],
	};

	if (inbound && (config & 8)) {
		cfg.hard.packets = 3;
	}
	return esp_sa_create(&cfg);
}

static void sas_create(sas_t *sas, uint8_t config)
{
	int i;

	*sas = (sas_t){ .sad = esp_sad_create(), .limited = config & 8 };
	for (i = 0; i < SA_COUNT; i++) {
		sas->in[i] = make_sa(i, true, config);
		sas->rt_in[i] = make_sa(i, true, config);
		sas->out[i] = make_sa(i, false, config);
		if (!sas->in[i] || !sas->rt_in[i] || !sas->out[i] ||
		    sas->sad->add(sas->sad, sas->in[i]->get_ref(sas->in[i])) != SUCCESS) {
			fprintf(stderr, "setting up SA %d failed\n", i);
			abort();
		}
	}
}

static void sas_destroy(sas_t *sas)
{
	int i;

	for (i = 0; i < SA_COUNT; i++) {
		sas->in[i]->destroy(sas->in[i]);
		sas->rt_in[i]->destroy(sas->rt_in[i]);
		sas->out[i]->destroy(sas->out[i]);
	}
	sas->sad->destroy(sas->sad);
}

static void add_policy(int family, const char *src, const char *dst,
		       unsigned int prefix, uint32_t reqid)
{
	uint8_t a[16], b[16];
	esp_ts_t s, d;

	if (inet_pton(family, src, a) != 1 || inet_pton(family, dst, b) != 1 ||
	    !esp_ts_from_prefix(&s, family, a, prefix) ||
	    !esp_ts_from_prefix(&d, family, b, prefix) ||
	    spd->add_policy(spd, &s, &d, reqid, 1) != SUCCESS) {
		abort();
	}
}

/* what the plugin does with an authentic inner packet */
static void check_inner(uint32_t reqid, chunk_t inner, uint8_t nh)
{
	esp_flow_t flow;
	esp_sa_t *sa;
	uint32_t matched;

	if ((inner.ptr[0] >> 4) != (nh == ESP_NH_IPV4 ? 4 : 6)) {
		fprintf(stderr, "decap passed next header %u for IPv%u\n", nh,
			inner.ptr[0] >> 4);
		abort();
	}
	if (esp_flow_parse(inner.ptr, inner.len, &flow)) {
		sa = spd->lookup_flow(spd, &flow, &matched);
		DESTROY_IF(sa);
		(void)(matched == reqid);
	}
}

/* a UDP payload received on port 4500 */
static void udp_in(sas_t *sas, uint8_t *buf, size_t len)
{
	esp_sa_t *sa;
	chunk_t payload = chunk_create(buf, len), ike, again, inner;
	uint8_t nh;
	status_t status;

	switch (esp_udp_classify(buf, len)) {
	case ESP_UDP_IKE:
		ike = esp_udp_ike_message(payload);
		if (len == ESP_UDP_NON_ESP_MARKER_LEN) {
			/* a bare marker: nothing to hand to IKE */
			if (ike.len) {
				abort();
			}
			return;
		}
		if (ike.ptr != buf + ESP_UDP_NON_ESP_MARKER_LEN) {
			abort();
		}
		again = esp_udp_add_marker(payload, ike);
		if (!chunk_equals(again, payload)) {
			abort();
		}
		return;
	case ESP_UDP_ESP:
		break;
	default:
		if (esp_udp_ike_message(payload).len) {
			abort();
		}
		return;
	}
	sa = sas->sad->get(sas->sad, esp_udp_spi(buf));
	if (!sa) {
		return;
	}
	status = sa->decap(sa, payload, chunk_empty, &inner, &nh);
	if (status == SUCCESS) {
		check_inner(sa->get_reqid(sa), inner, nh);
	}
	sa->destroy(sa);
}

/* ESP for a given SA, bypassing classification */
static void esp_in(sas_t *sas, uint8_t op, uint8_t *buf, size_t len)
{
	esp_sa_t *sa = sas->in[(op >> 2) & 1];
	uint8_t out[BUF_LEN], nh;
	chunk_t inner;
	uint32_t spi = htonl(sa->get_spi(sa));

	if ((op & 0x10) && len >= 4) {
		memcpy(buf, &spi, 4);
	}
	if (sa->decap(sa, chunk_create(buf, len),
		      (op & 8) ? chunk_create(out, sizeof(out)) : chunk_empty,
		      &inner, &nh) == SUCCESS) {
		check_inner(sa->get_reqid(sa), inner, nh);
	}
}

/* encap, optionally flip a byte, decap: the two must agree */
static void round_trip(sas_t *sas, uint8_t op, const uint8_t *in, size_t len)
{
	int i = (op >> 2) & 1;
	esp_sa_t *out_sa = sas->out[i], *in_sa = sas->rt_in[i];
	uint8_t buf[BUF_LEN + ESP_MAX_HEADER_LEN + ESP_MAX_TRAILER_LEN], nh = 0;
	size_t pos = 0;
	uint8_t flip = 0;
	chunk_t esp, inner;
	status_t status;

	if (op & 1) {
		if (len < 2) {
			return;
		}
		pos = in[0];
		flip = in[1];
		in += 2;
		len -= 2;
	}
	status = out_sa->encap(out_sa, chunk_create((void *)in, len),
			       chunk_create(buf, sizeof(buf)), &esp);
	if (status != SUCCESS) {
		if (len && (in[0] >> 4 == 4 || in[0] >> 4 == 6)) {
			fprintf(stderr, "encap of an IPv%u packet failed: %d\n",
				in[0] >> 4, status);
			abort();
		}
		return;
	}
	if (esp.len != out_sa->get_encap_len(out_sa, len)) {
		abort();
	}
	if (flip) {
		esp.ptr[pos % esp.len] ^= flip;
	}
	status = in_sa->decap(in_sa, esp, chunk_empty, &inner, &nh);
	if (flip) {
		if (status == SUCCESS || status == NOT_FOUND) {
			fprintf(stderr, "tampered ESP byte %zu accepted\n", pos % esp.len);
			abort();
		}
		return;
	}
	if (status == INVALID_STATE && sas->limited) {
		return;
	}
	if (status != SUCCESS || !chunk_equals(inner, chunk_create((void *)in, len)) ||
	    nh != (in[0] >> 4 == 4 ? ESP_NH_IPV4 : ESP_NH_IPV6)) {
		fprintf(stderr, "round trip of %zu bytes failed: %d\n", len, status);
		abort();
	}
	check_inner(in_sa->get_reqid(in_sa), inner, nh);
}

static void write_seeds(const char *dir);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	spd = esp_spd_create();
	add_policy(AF_INET, "10.1.0.0", "10.2.0.0", 16, 1);
	add_policy(AF_INET6, "fd00:1::", "fd00:2::", 48, 2);
	if (getenv("FUZZ_ESP_SEEDS")) {
		write_seeds(getenv("FUZZ_ESP_SEEDS"));
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;
	sas_t sas;
	size_t len;
	uint8_t op;
	int n;

	if (size < 1) {
		return 0;
	}
	sas_create(&sas, data[0]);
	data++;
	size--;
	for (n = 0; n < MAX_RECORDS && size >= 3; n++) {
		op = data[0];
		len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (len > size) {
			len = size;
		}
		if (len > BUF_LEN) {
			len = BUF_LEN;
		}
		/* a heap copy of exactly len bytes, so overreads are caught */
		copy = malloc(len ?: 1);
		memcpy(copy, data, len);
		switch (op & 3) {
		case 0:
			udp_in(&sas, copy, len);
			break;
		case 1:
			esp_in(&sas, op, copy, len);
			break;
		default:
			round_trip(&sas, op, copy, len);
			break;
		}
		free(copy);
		data += len;
		size -= len;
	}
	sas_destroy(&sas);
	return 0;
}

/*
 * Seed corpus. Packets with a trailer encap() never writes (wrong padding,
 * next header 59 or 17, pad length too large) are sealed with the SA's
 * cipher directly, so decap's checks behind the ICV have valid examples.
 */

typedef struct {
	uint8_t bytes[4096];
	size_t len;
} seed_t;

static void seed_record(seed_t *s, uint8_t op, const void *ptr, size_t len)
{
	s->bytes[s->len++] = op;
	s->bytes[s->len++] = (uint8_t)(len >> 8);
	s->bytes[s->len++] = (uint8_t)len;
	memcpy(s->bytes + s->len, ptr, len);
	s->len += len;
}

static void seed_write(const char *dir, const char *name, seed_t *s)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->bytes, 1, s->len, f) != s->len || fclose(f) != 0) {
		fprintf(stderr, "writing %s failed\n", path);
		exit(1);
	}
}

/* an IPv4 ICMP echo 10.1.0.1 -> 10.2.0.1, or IPv6 UDP fd00:1::1 -> fd00:2::1 */
static size_t inner_packet(uint8_t *p, bool v6)
{
	static const uint8_t v4[28] = {
		0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 1, 0, 1, 10, 2, 0, 1,
		8, 0, 0xf7, 0xfe, 0, 1, 0, 0,
	};
	static const uint8_t ip6[48] = {
		0x60, 0, 0, 0, 0, 8, 17, 64,
		0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xfd, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x12, 0x34, 0x01, 0xf4, 0, 8, 0, 0,
	};

	if (v6) {
		memcpy(p, ip6, sizeof(ip6));
		return sizeof(ip6);
	}
	memcpy(p, v4, sizeof(v4));
	return sizeof(v4);
}

/* seal plaintext (payload and trailer, block aligned) as ESP of SA i */
static size_t seal(int i, uint8_t config, uint32_t seq, const uint8_t *pt,
		   size_t pt_len, uint8_t *esp)
{
	esp_cipher_t *c;
	size_t iv;
	bool ok;

	if (fixed[i].encr == ENCR_AES_CBC) {
		c = esp_cbc_create(fixed[i].encr_key, fixed[i].integ,
				   fixed[i].integ_key, config & 1, true);
	} else {
		c = esp_aead_create(fixed[i].encr, fixed[i].encr_key, config & 1, true);
	}
	iv = c->get_iv_len(c);
	esp[0] = (uint8_t)(fixed[i].spi >> 24);
	esp[1] = (uint8_t)(fixed[i].spi >> 16);
	esp[2] = (uint8_t)(fixed[i].spi >> 8);
	esp[3] = (uint8_t)fixed[i].spi;
	esp[4] = (uint8_t)(seq >> 24);
	esp[5] = (uint8_t)(seq >> 16);
	esp[6] = (uint8_t)(seq >> 8);
	esp[7] = (uint8_t)seq;
	memcpy(esp + ESP_HEADER_LEN + iv, pt, pt_len);
	ok = c->encrypt(c, esp, pt_len, seq);
	iv += ESP_HEADER_LEN + pt_len + c->get_icv_len(c);
	c->destroy(c);
	if (!ok) {
		abort();
	}
	return iv;
}

/* payload with a trailer: pad bytes 1,2,3… (corrupted if bad_pad), pad
 * length and next header, aligned to 16 bytes */
static size_t trailer(uint8_t *pt, size_t len, uint8_t nh, bool bad_pad,
		      int extra_pad_len)
{
	size_t padded = (len + 2 + 15) / 16 * 16, pad = padded - len - 2, j;

	for (j = 0; j < pad; j++) {
		pt[len + j] = (uint8_t)(j + 1);
	}
	if (bad_pad && pad) {
		pt[len] = 0x42;
	}
	pt[padded - 2] = (uint8_t)(pad + extra_pad_len);
	pt[padded - 1] = nh;
	return padded;
}

static void write_seeds(const char *dir)
{
	static const struct {
		const char *name;
		uint8_t nh;
		bool v6;
		bool bad_pad;
		int extra_pad_len;
	} odd[] = {
		{ "dummy", ESP_NH_NONE, false, false, 0 },
		{ "bad-padding", ESP_NH_IPV4, false, true, 0 },
		{ "udp-next-header", 17, false, false, 0 },
		{ "nh-mismatch", ESP_NH_IPV6, false, false, 0 },
		{ "pad-too-long", ESP_NH_IPV4, false, false, 200 },
	};
	uint8_t pt[256], esp[512], ike[32] = { 0 };
	uint8_t keepalive = ESP_UDP_KEEPALIVE;
	seed_t s;
	size_t len, esp_len;
	char name[64];
	unsigned int j;
	int i;
	uint8_t config;

	for (config = 0; config < 2; config++) {
		for (i = 0; i < SA_COUNT; i++) {
			/* valid packets seq 1, 2, then 1 again (replay), via UDP */
			s.len = 0;
			s.bytes[s.len++] = config;
			len = inner_packet(pt, i == 1);
			len = trailer(pt, len, i == 1 ? ESP_NH_IPV6 : ESP_NH_IPV4, false, 0);
			esp_len = seal(i, config, 1, pt, len, esp);
			seed_record(&s, 0, esp, esp_len);
			esp_len = seal(i, config, 2, pt, len, esp);
			seed_record(&s, 0, esp, esp_len);
			esp_len = seal(i, config, 1, pt, len, esp);
			seed_record(&s, 0x08 | 1 | (i << 2), esp, esp_len);
			/* far ahead, then an old one left of the window */
			esp_len = seal(i, config, 5000, pt, len, esp);
			seed_record(&s, 0, esp, esp_len);
			esp_len = seal(i, config, 3, pt, len, esp);
			seed_record(&s, 0, esp, esp_len);
			snprintf(name, sizeof(name), "valid-sa%d-esn%u", i, config);
			seed_write(dir, name, &s);

			for (j = 0; j < countof(odd); j++) {
				s.len = 0;
				s.bytes[s.len++] = config;
				len = inner_packet(pt, odd[j].v6);
				len = trailer(pt, len, odd[j].nh, odd[j].bad_pad,
					      odd[j].extra_pad_len);
				esp_len = seal(i, config, 7, pt, len, esp);
				seed_record(&s, 1 | (i << 2), esp, esp_len);
				snprintf(name, sizeof(name), "%s-sa%d-esn%u", odd[j].name,
					 i, config);
				seed_write(dir, name, &s);
			}
		}
	}

	/* round trips of both families through both SAs, a tampered one,
	 * keepalive and IKE on port 4500, hard lifetime and window 1 */
	s.len = 0;
	s.bytes[s.len++] = 0x08 | 0x02;
	for (i = 0; i < SA_COUNT; i++) {
		len = inner_packet(pt, false);
		seed_record(&s, 2 | (i << 2), pt, len);
		len = inner_packet(pt, true);
		seed_record(&s, 2 | (i << 2), pt, len);
		pt[0] = 9;
		pt[1] = 0x80;
		len = inner_packet(pt + 2, i == 1);
		seed_record(&s, 3 | (i << 2), pt, len + 2);
	}
	seed_record(&s, 0, &keepalive, 1);
	memcpy(ike + 4, "IKE header, roughly", 19);
	seed_record(&s, 0, ike, sizeof(ike));
	seed_write(dir, "round-trips", &s);
}
