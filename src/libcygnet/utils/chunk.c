/*
 * Chunk helpers: allocation, comparison, hex and base64 (RFC 4648), and a
 * keyed hash for hash tables.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "library.h"

chunk_t chunk_from_str(const char *str)
{
	if (!str) {
		return chunk_empty;
	}
	return chunk_create((void *)str, strlen(str));
}

chunk_t chunk_alloc(size_t len)
{
	if (!len) {
		return chunk_empty;
	}
	return chunk_create(mem_zalloc(len), len);
}

chunk_t chunk_clone(chunk_t chunk)
{
	chunk_t copy;

	if (chunk_is_empty(chunk)) {
		return chunk_empty;
	}
	copy = chunk_alloc(chunk.len);
	memcpy(copy.ptr, chunk.ptr, chunk.len);
	return copy;
}

chunk_t chunk_cat(int count, ...)
{
	size_t len = 0, pos = 0;
	va_list args, again;
	chunk_t part, out;
	int i;

	va_start(args, count);
	va_copy(again, args);
	for (i = 0; i < count; i++) {
		len += va_arg(args, chunk_t).len;
	}
	va_end(args);

	out = chunk_alloc(len);
	for (i = 0; i < count; i++) {
		part = va_arg(again, chunk_t);
		if (!chunk_is_empty(part)) {
			memcpy(out.ptr + pos, part.ptr, part.len);
			pos += part.len;
		}
	}
	va_end(again);
	return out;
}

void chunk_free(chunk_t *chunk)
{
	free(chunk->ptr);
	*chunk = chunk_empty;
}

void chunk_clear(chunk_t *chunk)
{
	if (chunk->ptr) {
		memwipe(chunk->ptr, chunk->len);
	}
	chunk_free(chunk);
}

bool chunk_equals(chunk_t a, chunk_t b)
{
	if (a.len != b.len) {
		return false;
	}
	return a.len == 0 || (a.ptr && b.ptr && memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool chunk_equals_const(chunk_t a, chunk_t b)
{
	volatile uint8_t diff = 0;
	size_t i;

	/* lengths are public (MAC sizes); only the contents are compared
	 * without data-dependent branches */
	if (a.len != b.len) {
		return false;
	}
	if (a.len == 0) {
		return true;
	}
	if (!a.ptr || !b.ptr) {
		return false;
	}
	for (i = 0; i < a.len; i++) {
		diff |= a.ptr[i] ^ b.ptr[i];
	}
	return diff == 0;
}

int chunk_compare(chunk_t a, chunk_t b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int diff = 0;

	if (n) {
		diff = memcmp(a.ptr, b.ptr, n);
	}
	if (diff) {
		return diff;
	}
	return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

chunk_t chunk_skip(chunk_t chunk, size_t bytes)
{
	if (chunk.len > bytes) {
		return chunk_create(chunk.ptr + bytes, chunk.len - bytes);
	}
	return chunk_empty;
}

chunk_t chunk_head(chunk_t chunk, size_t len)
{
	if (chunk.len > len) {
		chunk.len = len;
	}
	return chunk;
}

char *chunk_to_hex(chunk_t chunk, bool uppercase)
{
	const char *digits = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
	char *out = mem_zalloc(chunk.len * 2 + 1);
	size_t i;

	for (i = 0; i < chunk.len; i++) {
		out[2 * i] = digits[chunk.ptr[i] >> 4];
		out[2 * i + 1] = digits[chunk.ptr[i] & 0x0f];
	}
	return out;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

static bool hex_ignored(char c)
{
	return c == ':' || isspace((unsigned char)c);
}

chunk_t chunk_from_hex(const char *hex)
{
	size_t digits = 0, pos = 0;
	const char *p;
	chunk_t out;
	int hi = -1, v;

	if (!hex) {
		return chunk_empty;
	}
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
		hex += 2;
	}
	/* validate and count first, so bad input never allocates */
	for (p = hex; *p; p++) {
		if (hex_value(*p) >= 0) {
			digits++;
		} else if (!hex_ignored(*p)) {
			DBG1(DBG_LIB, "invalid hex character 0x%02x", (unsigned char)*p);
			return chunk_empty;
		}
	}
	if (digits % 2) {
		DBG1(DBG_LIB, "hex string has an odd number of digits (%zu)", digits);
		return chunk_empty;
	}
	out = chunk_alloc(digits / 2);
	for (p = hex; *p; p++) {
		v = hex_value(*p);
		if (v < 0) {
			continue;
		}
		if (hi < 0) {
			hi = v;
		} else {
			out.ptr[pos++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return out;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *chunk_to_base64(chunk_t chunk)
{
	char *out = mem_zalloc((chunk.len + 2) / 3 * 4 + 1);
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 2 < chunk.len; i += 3) {
		v = chunk.ptr[i] << 16 | chunk.ptr[i + 1] << 8 | chunk.ptr[i + 2];
		out[o++] = b64_alphabet[v >> 18 & 0x3f];
		out[o++] = b64_alphabet[v >> 12 & 0x3f];
		out[o++] = b64_alphabet[v >> 6 & 0x3f];
		out[o++] = b64_alphabet[v & 0x3f];
	}
	if (chunk.len - i == 1) {
		v = chunk.ptr[i] << 16;
		out[o++] = b64_alphabet[v >> 18 & 0x3f];
		out[o++] = b64_alphabet[v >> 12 & 0x3f];
		out[o++] = '=';
		out[o++] = '=';
	} else if (chunk.len - i == 2) {
		v = chunk.ptr[i] << 16 | chunk.ptr[i + 1] << 8;
		out[o++] = b64_alphabet[v >> 18 & 0x3f];
		out[o++] = b64_alphabet[v >> 12 & 0x3f];
		out[o++] = b64_alphabet[v >> 6 & 0x3f];
		out[o++] = '=';
	}
	return out;
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z') {
		return c - 'A';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 26;
	}
	if (c >= '0' && c <= '9') {
		return c - '0' + 52;
	}
	if (c == '+') {
		return 62;
	}
	if (c == '/') {
		return 63;
	}
	return -1;
}

/*
 * Line breaks and other whitespace are skipped (PEM wraps its base64);
 * padding is optional but, if present, must complete the last quantum and
 * be followed by nothing but whitespace.
 */
chunk_t chunk_from_base64(const char *b64)
{
	size_t symbols = 0, pads = 0, len, pos = 0;
	uint32_t acc = 0;
	const char *p;
	chunk_t out;
	int v, bits = 0;

	if (!b64) {
		return chunk_empty;
	}
	for (p = b64; *p; p++) {
		if (isspace((unsigned char)*p)) {
			continue;
		}
		if (*p == '=') {
			pads++;
			continue;
		}
		if (pads || b64_value(*p) < 0) {
			DBG1(DBG_LIB, "invalid base64 character 0x%02x at offset %zu",
			     (unsigned char)*p, (size_t)(p - b64));
			return chunk_empty;
		}
		symbols++;
	}
	if (symbols % 4 == 1 || (pads && (symbols + pads) % 4) || pads > 2) {
		DBG1(DBG_LIB, "invalid base64 length (%zu symbols, %zu padding)",
		     symbols, pads);
		return chunk_empty;
	}
	len = symbols / 4 * 3 + (symbols % 4 ? symbols % 4 - 1 : 0);
	out = chunk_alloc(len);
	for (p = b64; *p && pos < len; p++) {
		v = b64_value(*p);
		if (v < 0) {
			continue;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out.ptr[pos++] = (uint8_t)(acc >> bits);
		}
	}
	return out;
}

/*
 * SipHash-2-4 (Aumasson, Bernstein) keyed with random bytes at first use,
 * so peers cannot pick keys that collide in our hash tables.
 */
static uint64_t hash_key[2];
static pthread_once_t hash_key_once = PTHREAD_ONCE_INIT;

static void hash_key_init(void)
{
	uint8_t buf[16];
	ssize_t got = 0;
	int fd;

	do {
		got = getrandom(buf, sizeof(buf), GRND_NONBLOCK);
	} while (got < 0 && errno == EINTR);
	if (got != (ssize_t)sizeof(buf)) {
		fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		got = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
		if (fd >= 0) {
			close(fd);
		}
	}
	if (got != (ssize_t)sizeof(buf)) {
		/* still usable as a hash, just predictable */
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		hash_key[0] = (uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec;
		hash_key[1] = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
		return;
	}
	memcpy(hash_key, buf, sizeof(hash_key));
	memwipe(buf, sizeof(buf));
}

#define ROTL64(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND(v0, v1, v2, v3) do { \
	v0 += v1; v1 = ROTL64(v1, 13); v1 ^= v0; v0 = ROTL64(v0, 32); \
	v2 += v3; v3 = ROTL64(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL64(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL64(v1, 17); v1 ^= v2; v2 = ROTL64(v2, 32); \
} while (0)

static uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

static uint64_t siphash24(uint64_t k0, uint64_t k1, const uint8_t *in, size_t len)
{
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
	uint64_t v3 = k1 ^ 0x7465646279746573ULL;
	uint64_t m, b = (uint64_t)len << 56;
	size_t i, tail = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = load_le64(in + i);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	while (tail--) {
		b |= (uint64_t)in[i + tail] << (8 * tail);
	}
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/* exposed for the test vectors of the SipHash paper, not in chunk.h */
uint64_t chunk_siphash24(const uint8_t key[16], chunk_t chunk);

uint64_t chunk_siphash24(const uint8_t key[16], chunk_t chunk)
{
	return siphash24(load_le64(key), load_le64(key + 8),
			 chunk.len ? chunk.ptr : (const uint8_t *)"", chunk.len);
}

uint32_t chunk_hash_inc(chunk_t chunk, uint32_t hash)
{
	uint64_t h;

	pthread_once(&hash_key_once, hash_key_init);
	/* the running hash perturbs the key, so order of parts matters */
	h = siphash24(hash_key[0] ^ hash, hash_key[1],
		      chunk.len ? chunk.ptr : (const uint8_t *)"", chunk.len);
	return (uint32_t)(h ^ (h >> 32));
}

uint32_t chunk_hash(chunk_t chunk)
{
	return chunk_hash_inc(chunk, 0);
}
