/*
 * Single-thread throughput of kernel-libesp's ESP SAs: encapsulation and
 * decapsulation per algorithm for small and full-size packets, each
 * measured for a fixed time. Bytes count the inner packets, as a tunnel
 * user sees them; MB is 10^6 bytes.
 *
 * For the AEAD algorithms the last column is the ceiling: OpenSSL's EVP
 * interface alone sealing the same ESP payload (padded inner packet, 8
 * bytes of AAD, a fresh nonce each time) in a tight loop, so the share of
 * it that encap reaches is what the ESP layer costs. (`openssl speed` is
 * no such ceiling: it does not set a new nonce per record.)
 *
 *   esp_bench [-t seconds per measurement] [-s size[,size…]] [-a filter]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <library.h>
#include "esp_sa.h"

#define RING 1024
#define MAX_SIZE 9000
#define BUF_SIZE (MAX_SIZE + ESP_MAX_HEADER_LEN + ESP_MAX_TRAILER_LEN)

typedef struct {
	const char *name;
	encryption_algorithm_t encr;
	size_t encr_key_len;
	integrity_algorithm_t integ;
	size_t integ_key_len;
} bench_alg_t;

static const bench_alg_t algs[] = {
	{ "AES_GCM_16_128", ENCR_AES_GCM_ICV16, 20, AUTH_UNDEFINED, 0 },
	{ "AES_GCM_16_256", ENCR_AES_GCM_ICV16, 36, AUTH_UNDEFINED, 0 },
	{ "CHACHA20_POLY1305", ENCR_CHACHA20_POLY1305, 36, AUTH_UNDEFINED, 0 },
	{ "AES_CBC_128/HMAC_SHA1_96", ENCR_AES_CBC, 16, AUTH_HMAC_SHA1_96, 20 },
	{ "AES_CBC_128/HMAC_SHA2_256_128", ENCR_AES_CBC, 16, AUTH_HMAC_SHA2_256_128, 32 },
	{ "AES_CBC_256/HMAC_SHA2_256_128", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_256_128, 32 },
	{ "AES_CBC_256/HMAC_SHA2_384_192", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_384_192, 48 },
	{ "AES_CBC_256/HMAC_SHA2_512_256", ENCR_AES_CBC, 32, AUTH_HMAC_SHA2_512_256, 64 },
};

typedef struct {
	double pps;
	double mbps;
} rate_t;

static uint8_t keymat[128];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static esp_sa_t *create_sa(const bench_alg_t *alg, bool inbound)
{
	esp_sa_cfg_t cfg = {
		.spi = 0xc0ffee00,
		.inbound = inbound,
		.encr = alg->encr,
		.encr_key = chunk_create(keymat, alg->encr_key_len),
		.integ = alg->integ,
		.integ_key = chunk_create(keymat + 64, alg->integ_key_len),
		/* the ring is decapsulated in order, any window will do */
		.replay_window = 128,
	};

	return esp_sa_create(&cfg);
}

static void fill_inner(uint8_t *p, size_t len)
{
	memset(p, 0x5a, len);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
}

static rate_t rate(uint64_t packets, size_t size, double secs)
{
	return (rate_t){
		.pps = (double)packets / secs,
		.mbps = (double)packets * (double)size / secs / 1e6,
	};
}

/* In place, as the data path does: the inner packet sits behind the header */
static bool bench_encap(esp_sa_t *out, size_t size, double limit, rate_t *result)
{
	static uint8_t buf[BUF_SIZE];
	size_t hdr = out->get_header_len(out);
	uint64_t packets = 0;
	double start = now(), elapsed;
	chunk_t esp;
	int i;

	fill_inner(buf + hdr, size);
	do {
		for (i = 0; i < 256; i++) {
			/* encryption in place overwrote the version nibble */
			buf[hdr] = 0x45;
			if (out->encap(out, chunk_create(buf + hdr, size),
				       chunk_create(buf, sizeof(buf)), &esp) != SUCCESS) {
				return false;
			}
		}
		packets += 256;
		elapsed = now() - start;
	} while (elapsed < limit);
	*result = rate(packets, size, elapsed);
	return true;
}

/* A ring of distinct packets, decapsulated by fresh inbound SAs so the
 * replay window never refuses them; SA setup is not timed */
static bool bench_decap(const bench_alg_t *alg, esp_sa_t *out, size_t size,
			double limit, rate_t *result)
{
	static uint8_t ring[RING][BUF_SIZE], plain[BUF_SIZE];
	static size_t lens[RING];
	uint8_t inner[MAX_SIZE];
	uint64_t packets = 0;
	double elapsed = 0, start;
	chunk_t esp, dec;
	esp_sa_t *in;
	uint8_t nh;
	int i;

	fill_inner(inner, size);
	for (i = 0; i < RING; i++) {
		if (out->encap(out, chunk_create(inner, size),
			       chunk_create(ring[i], BUF_SIZE), &esp) != SUCCESS) {
			return false;
		}
		lens[i] = esp.len;
	}
	do {
		in = create_sa(alg, true);
		if (!in) {
			return false;
		}
		start = now();
		for (i = 0; i < RING; i++) {
			if (in->decap(in, chunk_create(ring[i], lens[i]),
				      chunk_create(plain, sizeof(plain)), &dec,
				      &nh) != SUCCESS) {
				in->destroy(in);
				return false;
			}
		}
		elapsed += now() - start;
		packets += RING;
		in->destroy(in);
	} while (elapsed < limit);
	*result = rate(packets, size, elapsed);
	return true;
}

/* The AEAD cipher for an algorithm, NULL for the others */
static const EVP_CIPHER *evp_cipher(const bench_alg_t *alg)
{
	switch (alg->encr) {
	case ENCR_AES_GCM_ICV16:
		return alg->encr_key_len == 20 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
	case ENCR_CHACHA20_POLY1305:
		return EVP_chacha20_poly1305();
	default:
		return NULL;
	}
}

/* EVP alone, the way ESP uses it: in place, ESP trailer padding included */
static bool bench_evp(const bench_alg_t *alg, size_t size, double limit, rate_t *result)
{
	static uint8_t buf[BUF_SIZE];
	const EVP_CIPHER *cipher = evp_cipher(alg);
	uint8_t nonce[12] = { 0 }, aad[8] = { 0 }, tag[16];
	size_t len = (size + 2 + 3) & ~(size_t)3;
	uint64_t packets = 0;
	EVP_CIPHER_CTX *ctx;
	double start, elapsed;
	bool ok = true;
	int i, outl;

	if (!cipher) {
		return false;
	}
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx || EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, 1) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, keymat, NULL, 1) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		return false;
	}
	fill_inner(buf, size);
	start = now();
	do {
		for (i = 0; i < 256 && ok; i++) {
			nonce[11]++;
			ok = EVP_CipherInit_ex(ctx, NULL, NULL, NULL, nonce, -1) == 1 &&
			     EVP_CipherUpdate(ctx, NULL, &outl, aad, sizeof(aad)) == 1 &&
			     EVP_CipherUpdate(ctx, buf, &outl, buf, (int)len) == 1 &&
			     EVP_CipherFinal_ex(ctx, buf + outl, &outl) == 1 &&
			     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1;
		}
		packets += 256;
		elapsed = now() - start;
	} while (ok && elapsed < limit);
	EVP_CIPHER_CTX_free(ctx);
	*result = rate(packets, size, elapsed);
	return ok;
}

static int parse_sizes(char *arg, size_t *sizes, int max)
{
	char *tok, *save = NULL;
	long val;
	int n = 0;

	for (tok = strtok_r(arg, ",", &save); tok && n < max;
	     tok = strtok_r(NULL, ",", &save)) {
		val = strtol(tok, NULL, 10);
		if (val < 20 || val > MAX_SIZE) {
			fprintf(stderr, "packet size %s outside 20..%d\n", tok, MAX_SIZE);
			return -1;
		}
		sizes[n++] = (size_t)val;
	}
	return n;
}

int main(int argc, char *argv[])
{
	size_t sizes[8] = { 64, 1400 };
	const char *filter = NULL;
	double limit = 0.15;
	int nsizes = 2, opt, failed = 0;
	rate_t enc, dec, evp;
	esp_sa_t *out;

	while ((opt = getopt(argc, argv, "t:s:a:h")) != -1) {
		switch (opt) {
		case 't':
			limit = strtod(optarg, NULL);
			break;
		case 's':
			nsizes = parse_sizes(optarg, sizes, 8);
			if (nsizes <= 0) {
				return 1;
			}
			break;
		case 'a':
			filter = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-t seconds] [-s size,...] "
				"[-a algorithm-substring]\n", argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	if (limit <= 0 || limit > 60) {
		fprintf(stderr, "measurement time must be within (0, 60] seconds\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(keymat); i++) {
		keymat[i] = (uint8_t)(i * 31 + 7);
	}

	printf("kernel-libesp ESP throughput, 1 thread, %.2f s per measurement, "
	       "inner packet bytes\n\n", limit);
	printf("%-30s %6s %12s %10s %12s %10s %10s\n", "algorithm", "size",
	       "encap pkt/s", "encap MB/s", "decap pkt/s", "decap MB/s", "EVP MB/s");
	for (size_t a = 0; a < countof(algs); a++) {
		if (filter && !strcasestr(algs[a].name, filter)) {
			continue;
		}
		for (int s = 0; s < nsizes; s++) {
			out = create_sa(&algs[a], false);
			if (!out || !bench_encap(out, sizes[s], limit, &enc) ||
			    !bench_decap(&algs[a], out, sizes[s], limit, &dec)) {
				printf("%-30s %6zu  failed\n", algs[a].name, sizes[s]);
				failed = 1;
			} else if (bench_evp(&algs[a], sizes[s], limit, &evp)) {
				printf("%-30s %6zu %12.0f %10.1f %12.0f %10.1f %10.1f\n",
				       algs[a].name, sizes[s], enc.pps, enc.mbps,
				       dec.pps, dec.mbps, evp.mbps);
			} else {
				printf("%-30s %6zu %12.0f %10.1f %12.0f %10.1f %10s\n",
				       algs[a].name, sizes[s], enc.pps, enc.mbps,
				       dec.pps, dec.mbps, "-");
			}
			DESTROY_IF(out);
			fflush(stdout);
		}
	}
	return failed;
}
