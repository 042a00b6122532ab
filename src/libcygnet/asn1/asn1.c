/*
 * DER reading and writing (X.690 §8, §10). Every read checks the declared
 * length against what is left before touching the content, since all of it
 * may come from a peer or a file.
 */
#include <limits.h>
#include <stdio.h>

#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"

bool asn1_read_tlv(chunk_t *in, uint8_t *tag, chunk_t *tlv)
{
	size_t len, hdr = 2, i, n;

	if (!in || in->len < 2 || !in->ptr) {
		return false;
	}
	if ((in->ptr[0] & 0x1f) == 0x1f) {
		/* multi-byte tags appear in nothing we parse */
		return false;
	}
	len = in->ptr[1];
	if (len & 0x80) {
		n = len & 0x7f;
		/* 0x80 is BER's indefinite length: not DER */
		if (n == 0 || n > sizeof(size_t) || in->len < 2 + n) {
			return false;
		}
		len = 0;
		for (i = 0; i < n; i++) {
			len = (len << 8) | in->ptr[2 + i];
		}
		hdr += n;
	}
	if (len > in->len - hdr) {
		return false;
	}
	if (tag) {
		*tag = in->ptr[0];
	}
	if (tlv) {
		*tlv = chunk_create(in->ptr, hdr + len);
	}
	*in = chunk_create(in->ptr + hdr + len, in->len - hdr - len);
	return true;
}

bool asn1_read(chunk_t *in, uint8_t *tag, chunk_t *content)
{
	chunk_t tlv;
	size_t hdr;

	if (!asn1_read_tlv(in, tag, &tlv)) {
		return false;
	}
	hdr = (tlv.ptr[1] & 0x80) ? 2 + (tlv.ptr[1] & 0x7f) : 2;
	if (content) {
		*content = chunk_create(tlv.ptr + hdr, tlv.len - hdr);
	}
	return true;
}

bool asn1_expect(chunk_t *in, uint8_t tag, chunk_t *content)
{
	uint8_t got;
	chunk_t copy = *in;

	if (!asn1_read(&copy, &got, content) || got != tag) {
		return false;
	}
	*in = copy;
	return true;
}

int asn1_peek(chunk_t in)
{
	return in.len && in.ptr ? in.ptr[0] : -1;
}

bool asn1_read_uint(chunk_t *in, chunk_t *value)
{
	chunk_t v;

	if (!asn1_expect(in, ASN1_INTEGER, &v) || !v.len || (v.ptr[0] & 0x80)) {
		return false;
	}
	while (v.len > 1 && v.ptr[0] == 0) {
		v = chunk_skip(v, 1);
	}
	if (value) {
		*value = v;
	}
	return true;
}

bool asn1_read_int(chunk_t *in, int *value)
{
	chunk_t v;
	long long n = 0;
	size_t i;

	if (!asn1_read_uint(in, &v) || v.len > 4) {
		return false;
	}
	for (i = 0; i < v.len; i++) {
		n = (n << 8) | v.ptr[i];
	}
	if (n > INT_MAX) {
		return false;
	}
	*value = (int)n;
	return true;
}

bool asn1_read_bits(chunk_t *in, chunk_t *bits)
{
	chunk_t v;

	if (!asn1_expect(in, ASN1_BIT_STRING, &v) || !v.len || v.ptr[0] != 0) {
		return false;
	}
	*bits = chunk_skip(v, 1);
	return true;
}

static bool digits(const uint8_t *p, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9') {
			return false;
		}
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

/* days since 1970-01-01 of a proleptic Gregorian date */
static long long days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

bool asn1_read_time(chunk_t *in, time_t *when)
{
	chunk_t v;
	uint8_t tag;
	int y, mo, d, h, mi, s, ylen;
	long long t;

	if (!asn1_read(in, &tag, &v)) {
		return false;
	}
	/* RFC 5280 §4.1.2.5: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ, always Zulu */
	if (tag == ASN1_UTCTIME) {
		ylen = 2;
	} else if (tag == ASN1_GENERALIZEDTIME) {
		ylen = 4;
	} else {
		return false;
	}
	if (v.len != (size_t)ylen + 11 || v.ptr[v.len - 1] != 'Z' ||
	    !digits(v.ptr, ylen, &y) || !digits(v.ptr + ylen, 2, &mo) ||
	    !digits(v.ptr + ylen + 2, 2, &d) || !digits(v.ptr + ylen + 4, 2, &h) ||
	    !digits(v.ptr + ylen + 6, 2, &mi) || !digits(v.ptr + ylen + 8, 2, &s)) {
		return false;
	}
	if (ylen == 2) {
		y += y < 50 ? 2000 : 1900;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
		return false;
	}
	t = days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + s;
	if (sizeof(time_t) < 8 && (t > INT_MAX || t < INT_MIN)) {
		t = t > 0 ? INT_MAX : INT_MIN;
	}
	*when = (time_t)t;
	return true;
}

bool asn1_read_algid(chunk_t *in, chunk_t *oid, chunk_t *params)
{
	chunk_t seq, o, p = chunk_empty;
	uint8_t tag;

	if (!asn1_expect(in, ASN1_SEQUENCE, &seq) || !asn1_expect(&seq, ASN1_OID, &o)) {
		return false;
	}
	if (seq.len && !asn1_read_tlv(&seq, &tag, &p)) {
		return false;
	}
	if (seq.len) {
		return false;
	}
	if (oid) {
		*oid = o;
	}
	if (params) {
		*params = p;
	}
	return true;
}

size_t asn1_tlv_len(size_t content_len)
{
	size_t n = 0, l = content_len;

	if (content_len < 0x80) {
		return 2 + content_len;
	}
	while (l) {
		n++;
		l >>= 8;
	}
	return 2 + n + content_len;
}

chunk_t asn1_wrap(uint8_t tag, int count, ...)
{
	va_list args;
	chunk_t out, part;
	size_t len = 0, hdr, n, i;
	uint8_t *pos;
	int c;

	va_start(args, count);
	for (c = 0; c < count; c++) {
		len += va_arg(args, chunk_t).len;
	}
	va_end(args);

	hdr = asn1_tlv_len(len) - len;
	out = chunk_alloc(hdr + len);
	out.ptr[0] = tag;
	if (len < 0x80) {
		out.ptr[1] = (uint8_t)len;
	} else {
		n = hdr - 2;
		out.ptr[1] = 0x80 | (uint8_t)n;
		for (i = 0; i < n; i++) {
			out.ptr[2 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
		}
	}
	pos = out.ptr + hdr;
	va_start(args, count);
	for (c = 0; c < count; c++) {
		part = va_arg(args, chunk_t);
		if (part.len) {
			memcpy(pos, part.ptr, part.len);
			pos += part.len;
		}
	}
	va_end(args);
	return out;
}

chunk_t asn1_uint(chunk_t magnitude)
{
	while (magnitude.len > 1 && magnitude.ptr[0] == 0) {
		magnitude = chunk_skip(magnitude, 1);
	}
	if (!magnitude.len) {
		return asn1_wrap(ASN1_INTEGER, 1, chunk_from_chars(0x00));
	}
	if (magnitude.ptr[0] & 0x80) {
		return asn1_wrap(ASN1_INTEGER, 2, chunk_from_chars(0x00), magnitude);
	}
	return asn1_wrap(ASN1_INTEGER, 1, magnitude);
}

chunk_t asn1_oid(chunk_t oid)
{
	return asn1_wrap(ASN1_OID, 1, oid);
}

const char *asn1_oid_to_string(chunk_t oid, char *buf, size_t len)
{
	unsigned long long arc = 0;
	size_t i, pos = 0;
	int n;
	bool first = true;

	if (!len) {
		return buf;
	}
	buf[0] = '\0';
	for (i = 0; i < oid.len; i++) {
		if (arc > (ULLONG_MAX >> 7)) {
			buf[0] = '\0';
			return buf;
		}
		arc = (arc << 7) | (oid.ptr[i] & 0x7f);
		if (oid.ptr[i] & 0x80) {
			continue;
		}
		if (first) {
			/* the first octets hold two arcs: 40 * x + y */
			unsigned long long x = arc < 80 ? arc / 40 : 2;
			n = snprintf(buf + pos, len - pos, "%llu.%llu", x, arc - 40 * x);
			first = false;
		} else {
			n = snprintf(buf + pos, len - pos, ".%llu", arc);
		}
		if (n < 0 || (size_t)n >= len - pos) {
			buf[0] = '\0';
			return buf;
		}
		pos += n;
		arc = 0;
	}
	if (oid.len && (oid.ptr[oid.len - 1] & 0x80)) {
		buf[0] = '\0';
	}
	return buf;
}

static const uint8_t oid_sha1[] = { 0x2b,0x0e,0x03,0x02,0x1a };
static const uint8_t oid_sha224[] = { 0x60,0x86,0x48,0x01,0x65,0x03,0x04,0x02,0x04 };
static const uint8_t oid_sha256[] = { 0x60,0x86,0x48,0x01,0x65,0x03,0x04,0x02,0x01 };
static const uint8_t oid_sha384[] = { 0x60,0x86,0x48,0x01,0x65,0x03,0x04,0x02,0x02 };
static const uint8_t oid_sha512[] = { 0x60,0x86,0x48,0x01,0x65,0x03,0x04,0x02,0x03 };

static const struct {
	hash_algorithm_t hash;
	const uint8_t *oid;
	size_t len;
} hash_oids[] = {
	{ HASH_SHA1, oid_sha1, sizeof(oid_sha1) },
	{ HASH_SHA224, oid_sha224, sizeof(oid_sha224) },
	{ HASH_SHA256, oid_sha256, sizeof(oid_sha256) },
	{ HASH_SHA384, oid_sha384, sizeof(oid_sha384) },
	{ HASH_SHA512, oid_sha512, sizeof(oid_sha512) },
};

chunk_t asn1_hash_oid(hash_algorithm_t hash)
{
	size_t i;

	for (i = 0; i < countof(hash_oids); i++) {
		if (hash_oids[i].hash == hash) {
			return chunk_create((void *)hash_oids[i].oid, hash_oids[i].len);
		}
	}
	return chunk_empty;
}

hash_algorithm_t asn1_hash_from_oid(chunk_t oid)
{
	size_t i;

	for (i = 0; i < countof(hash_oids); i++) {
		if (chunk_equals(oid, chunk_create((void *)hash_oids[i].oid,
						   hash_oids[i].len))) {
			return hash_oids[i].hash;
		}
	}
	return HASH_UNKNOWN;
}
