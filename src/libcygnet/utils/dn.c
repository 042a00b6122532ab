/*
 * Distinguished names: just enough DER (X.690) to write and read the
 * RDNSequence of X.501 / RFC 5280 §4.1.2.4, and the "C=CH, O=Org, CN=x"
 * string form ipsec.conf and ipsec.secrets use.
 *
 * A DN is held as its DER encoding, which is what IDi/IDr carry. Reading
 * decodes into a flat list of attributes (multi-valued RDNs are flattened)
 * pointing into that encoding; nothing else is kept.
 */
#include <ctype.h>
#include <stdio.h>

#include "utils/dn.h"

#define TAG_OID		0x06
#define TAG_UTF8	0x0c
#define TAG_PRINTABLE	0x13
#define TAG_T61		0x14
#define TAG_IA5		0x16
#define TAG_VISIBLE	0x1a
#define TAG_UNIVERSAL	0x1c
#define TAG_BMP		0x1e
#define TAG_SEQUENCE	0x30
#define TAG_SET		0x31

/* bounds that keep decoding allocation-free and simple */
#define DN_MAX_ATVS	64
#define OID_MAX_ARCS	32
#define OID_STR_LEN	(OID_MAX_ARCS * 11)

typedef struct attr_t {
	const char *oid;
	const char *names[4];	/* the first is printed */
	uint8_t tag;		/* string type it prefers; 0: Printable or UTF-8 */
} attr_t;

static const attr_t attrs[] = {
	{ "2.5.4.3", { "CN", "commonName" } },
	{ "2.5.4.4", { "SN", "surname" } },
	{ "2.5.4.5", { "serialNumber" } },
	{ "2.5.4.6", { "C", "countryName" } },
	{ "2.5.4.7", { "L", "localityName" } },
	{ "2.5.4.8", { "ST", "S", "stateOrProvinceName" } },
	{ "2.5.4.9", { "street", "streetAddress" } },
	{ "2.5.4.10", { "O", "organizationName" } },
	{ "2.5.4.11", { "OU", "organizationalUnitName" } },
	{ "2.5.4.12", { "T", "title" } },
	{ "2.5.4.13", { "D", "description" } },
	{ "2.5.4.17", { "postalCode", "PC" } },
	{ "2.5.4.41", { "N", "name" } },
	{ "2.5.4.42", { "G", "givenName", "GN" } },
	{ "2.5.4.43", { "I", "initials" } },
	{ "2.5.4.44", { "generationQualifier" } },
	{ "2.5.4.46", { "dnQualifier" } },
	{ "2.5.4.65", { "pseudonym" } },
	{ "2.5.4.72", { "role" } },
	{ "1.2.840.113549.1.9.1", { "E", "email", "emailAddress" }, TAG_IA5 },
	{ "1.2.840.113549.1.9.2", { "UN", "unstructuredName" }, TAG_IA5 },
	{ "0.9.2342.19200300.100.1.25", { "DC", "domainComponent" }, TAG_IA5 },
	{ "0.9.2342.19200300.100.1.1", { "UID", "userid" } },
};

/* one AttributeTypeAndValue, pointing into the DER */
typedef struct atv_t {
	chunk_t oid;
	uint8_t tag;
	chunk_t value;
	chunk_t tlv;		/* the whole value TLV, for "#hex" printing */
} atv_t;

/* growable string */
typedef struct strbuf_t {
	char *str;
	size_t len;
	size_t alloc;
} strbuf_t;

static void sb_add(strbuf_t *sb, const char *s, size_t n)
{
	char *grown;

	if (sb->len + n + 1 > sb->alloc) {
		sb->alloc = (sb->len + n + 1) * 2;
		grown = mem_zalloc(sb->alloc);
		if (sb->str) {
			memcpy(grown, sb->str, sb->len);
			free(sb->str);
		}
		sb->str = grown;
	}
	memcpy(sb->str + sb->len, s, n);
	sb->len += n;
	sb->str[sb->len] = '\0';
}

static void sb_str(strbuf_t *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/* ---- DER reading and writing ---- */

/* Read one TLV off the front of *in (definite lengths, low tag numbers). */
static bool der_read(chunk_t *in, uint8_t *tag, chunk_t *value, chunk_t *tlv)
{
	size_t len, hdr = 2, octets, i;

	if (in->len < 2) {
		return false;
	}
	*tag = in->ptr[0];
	if ((*tag & 0x1f) == 0x1f) {
		return false;
	}
	len = in->ptr[1];
	if (len & 0x80) {
		octets = len & 0x7f;
		if (octets == 0 || octets > 4 || in->len < 2 + octets) {
			return false;
		}
		len = 0;
		for (i = 0; i < octets; i++) {
			len = len << 8 | in->ptr[2 + i];
		}
		hdr += octets;
	}
	if (len > in->len - hdr) {
		return false;
	}
	*value = chunk_create(in->ptr + hdr, len);
	if (tlv) {
		*tlv = chunk_create(in->ptr, hdr + len);
	}
	in->ptr += hdr + len;
	in->len -= hdr + len;
	return true;
}

/* A new chunk holding tag, length and @p value; frees @p value if asked. */
static chunk_t der_wrap(uint8_t tag, chunk_t value, bool free_value)
{
	uint8_t hdr[6];
	size_t hlen = 2, n = 0, l;
	chunk_t out;

	hdr[0] = tag;
	if (value.len < 0x80) {
		hdr[1] = (uint8_t)value.len;
	} else {
		for (l = value.len; l; l >>= 8) {
			n++;
		}
		hdr[1] = (uint8_t)(0x80 | n);
		for (l = 0; l < n; l++) {
			hdr[2 + l] = (uint8_t)(value.len >> (8 * (n - 1 - l)));
		}
		hlen += n;
	}
	out = chunk_alloc(hlen + value.len);
	memcpy(out.ptr, hdr, hlen);
	if (value.len) {
		memcpy(out.ptr + hlen, value.ptr, value.len);
	}
	if (free_value) {
		chunk_free(&value);
	}
	return out;
}

/* Append @p more to *to, freeing @p more. */
static void chunk_append(chunk_t *to, chunk_t more)
{
	chunk_t both = chunk_cat(2, *to, more);

	chunk_free(to);
	chunk_free(&more);
	*to = both;
}

/* ---- object identifiers ---- */

static bool oid_from_dotted(const char *s, chunk_t *oid)
{
	unsigned long arcs[OID_MAX_ARCS], first;
	uint8_t buf[OID_MAX_ARCS * 5];
	size_t len = 0;
	int n = 0, i, shift;
	char *end;

	while (*s) {
		if (n == OID_MAX_ARCS || !isdigit((unsigned char)*s)) {
			return false;
		}
		arcs[n] = strtoul(s, &end, 10);
		if (arcs[n] > 0xffffffffUL) {
			return false;
		}
		n++;
		s = end;
		if (*s == '.') {
			s++;
			if (!*s) {
				return false;
			}
		} else if (*s) {
			return false;
		}
	}
	if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
		return false;
	}
	first = arcs[0] * 40 + arcs[1];
	arcs[1] = first;
	for (i = 1; i < n; i++) {
		for (shift = 28; shift > 0 && !(arcs[i] >> shift); shift -= 7) {
		}
		for (; shift > 0; shift -= 7) {
			buf[len++] = (uint8_t)(0x80 | ((arcs[i] >> shift) & 0x7f));
		}
		buf[len++] = (uint8_t)(arcs[i] & 0x7f);
	}
	*oid = chunk_clone(chunk_create(buf, len));
	return true;
}

static bool oid_to_dotted(chunk_t oid, char *buf, size_t buflen)
{
	unsigned long arc = 0;
	size_t i, pos = 0;
	bool first = true;
	int w;

	if (!oid.len || oid.ptr[oid.len - 1] & 0x80) {
		return false;
	}
	for (i = 0; i < oid.len; i++) {
		if (arc == 0 && oid.ptr[i] == 0x80) {
			return false;	/* non-minimal encoding */
		}
		if (arc > 0x1ffffff) {
			return false;
		}
		arc = arc << 7 | (oid.ptr[i] & 0x7f);
		if (oid.ptr[i] & 0x80) {
			continue;
		}
		if (first) {
			w = snprintf(buf + pos, buflen - pos, "%lu.%lu",
				     arc < 80 ? arc / 40 : 2, arc < 80 ? arc % 40 : arc - 80);
			first = false;
		} else {
			w = snprintf(buf + pos, buflen - pos, ".%lu", arc);
		}
		if (w < 0 || (size_t)w >= buflen - pos) {
			return false;
		}
		pos += (size_t)w;
		arc = 0;
	}
	return true;
}

static const attr_t *attr_by_oid(chunk_t oid)
{
	char dotted[OID_STR_LEN];
	size_t i;

	if (!oid_to_dotted(oid, dotted, sizeof(dotted))) {
		return NULL;
	}
	for (i = 0; i < countof(attrs); i++) {
		if (streq(attrs[i].oid, dotted)) {
			return &attrs[i];
		}
	}
	return NULL;
}

static const attr_t *attr_by_name(const char *name)
{
	size_t i, n;

	for (i = 0; i < countof(attrs); i++) {
		for (n = 0; n < countof(attrs[i].names) && attrs[i].names[n]; n++) {
			if (strcaseeq(attrs[i].names[n], name)) {
				return &attrs[i];
			}
		}
	}
	return NULL;
}

/* ---- decoding ---- */

/* Flatten an RDNSequence into @p atvs; false if malformed. */
static bool dn_decode(chunk_t der, atv_t *atvs, int *count)
{
	char dotted[OID_STR_LEN];
	chunk_t seq, rdns, set, atv;
	uint8_t tag;
	int n = 0;

	if (!der_read(&der, &tag, &rdns, NULL) || tag != TAG_SEQUENCE || der.len) {
		return false;
	}
	while (rdns.len) {
		if (!der_read(&rdns, &tag, &set, NULL) || tag != TAG_SET || !set.len) {
			return false;
		}
		while (set.len) {
			if (n == DN_MAX_ATVS ||
			    !der_read(&set, &tag, &seq, NULL) || tag != TAG_SEQUENCE) {
				return false;
			}
			atv = seq;
			if (!der_read(&atv, &tag, &atvs[n].oid, NULL) || tag != TAG_OID ||
			    !oid_to_dotted(atvs[n].oid, dotted, sizeof(dotted)) ||
			    !der_read(&atv, &atvs[n].tag, &atvs[n].value, &atvs[n].tlv) ||
			    atv.len) {
				return false;
			}
			n++;
		}
	}
	*count = n;
	return true;
}

static bool is_string_tag(uint8_t tag)
{
	switch (tag) {
	case TAG_UTF8:
	case TAG_PRINTABLE:
	case TAG_T61:
	case TAG_IA5:
	case TAG_VISIBLE:
	case TAG_UNIVERSAL:
	case TAG_BMP:
		return true;
	default:
		return false;
	}
}

static void utf8_put(strbuf_t *sb, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)(cp ? cp : '?');
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else if (cp < 0x110000) {
		out[0] = (char)(0xf0 | cp >> 18);
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	} else {
		out[0] = '?';
		n = 1;
	}
	sb_add(sb, out, n);
}

/* A string value as UTF-8 text (control characters as '?'), NULL if the
 * value is not a string. */
static char *value_text(atv_t *atv)
{
	strbuf_t sb = { 0 };
	size_t i, width = 1;
	uint32_t cp;
	char c;

	if (!is_string_tag(atv->tag)) {
		return NULL;
	}
	if (atv->tag == TAG_BMP) {
		width = 2;
	} else if (atv->tag == TAG_UNIVERSAL) {
		width = 4;
	}
	if (atv->value.len % width) {
		return NULL;
	}
	sb_add(&sb, "", 0);
	for (i = 0; i < atv->value.len; i += width) {
		if (width == 1) {
			cp = atv->value.ptr[i];
			c = cp < 0x20 || cp == 0x7f ? '?' : (char)cp;
			sb_add(&sb, &c, 1);
			continue;
		}
		cp = width == 2 ? (uint32_t)(atv->value.ptr[i] << 8 | atv->value.ptr[i + 1])
				: (uint32_t)atv->value.ptr[i] << 24 |
				  (uint32_t)atv->value.ptr[i + 1] << 16 |
				  (uint32_t)atv->value.ptr[i + 2] << 8 | atv->value.ptr[i + 3];
		utf8_put(&sb, cp < 0x20 || cp == 0x7f ? '?' : cp);
	}
	return sb.str;
}

bool dn_is_valid(chunk_t der)
{
	atv_t atvs[DN_MAX_ATVS];
	int count;

	return dn_decode(der, atvs, &count);
}

/* ---- printing ---- */

static void print_value(strbuf_t *sb, const char *text)
{
	size_t i, len = strlen(text);

	for (i = 0; i < len; i++) {
		/* escape what the parser would otherwise split or trim on */
		if (text[i] == ',' || text[i] == '\\' ||
		    (text[i] == ' ' && (i == 0 || i == len - 1))) {
			sb_add(sb, "\\", 1);
		}
		sb_add(sb, &text[i], 1);
	}
}

char *dn_to_string(chunk_t der)
{
	atv_t atvs[DN_MAX_ATVS];
	char dotted[OID_STR_LEN], *text, *hex;
	const attr_t *attr;
	strbuf_t sb = { 0 };
	int count, i;

	if (!dn_decode(der, atvs, &count)) {
		return NULL;
	}
	sb_add(&sb, "", 0);
	for (i = 0; i < count; i++) {
		if (i) {
			sb_str(&sb, ", ");
		}
		attr = attr_by_oid(atvs[i].oid);
		if (attr) {
			sb_str(&sb, attr->names[0]);
		} else {
			oid_to_dotted(atvs[i].oid, dotted, sizeof(dotted));
			sb_str(&sb, dotted);
		}
		sb_add(&sb, "=", 1);
		text = value_text(&atvs[i]);
		if (text) {
			print_value(&sb, text);
			free(text);
		} else {
			/* RFC 4514 §2.4: non-string values as '#' and hex DER */
			hex = chunk_to_hex(atvs[i].tlv, false);
			sb_str(&sb, "#");
			sb_str(&sb, hex);
			free(hex);
		}
	}
	return sb.str;
}

/* ---- parsing ---- */

static bool is_printable_string(const char *s, size_t len)
{
	static const char extra[] = " '()+,-./:=?";
	size_t i;

	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && !strchr(extra, s[i])) {
			return false;
		}
	}
	return true;
}

static bool is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			return false;
		}
	}
	return true;
}

/* SET { SEQUENCE { OID, string } } for one "key=value" */
static bool encode_rdn(const char *key, const char *value, size_t len, chunk_t *rdn)
{
	const attr_t *attr = attr_by_name(key);
	chunk_t oid, type, val, atv;
	uint8_t tag;

	if (!oid_from_dotted(attr ? attr->oid : key, &oid)) {
		return false;
	}
	if (attr && attr->tag == TAG_IA5 && is_ascii(value, len)) {
		tag = TAG_IA5;
	} else if (is_printable_string(value, len)) {
		tag = TAG_PRINTABLE;
	} else {
		tag = TAG_UTF8;
	}
	type = der_wrap(TAG_OID, oid, true);
	val = der_wrap(tag, chunk_create((void *)value, len), false);
	atv = chunk_cat(2, type, val);
	chunk_free(&type);
	chunk_free(&val);
	*rdn = der_wrap(TAG_SET, der_wrap(TAG_SEQUENCE, atv, true), true);
	return true;
}

bool dn_from_string(const char *str, chunk_t *der)
{
	char sep = ',', key[64], *value;
	const char *p = str, *start;
	size_t klen, vlen, keep;
	chunk_t rdns = chunk_empty, rdn;
	bool ok = false;

	if (!str) {
		return false;
	}
	value = mem_zalloc(strlen(str) + 1);
	while (*p == ' ') {
		p++;
	}
	if (*p == '/') {
		sep = '/';
		p++;
	}
	if (!*p) {
		goto out;
	}
	while (*p) {
		while (*p == ' ') {
			p++;
		}
		start = p;
		while (*p && *p != '=' && *p != sep) {
			p++;
		}
		if (*p != '=') {
			goto out;
		}
		for (klen = (size_t)(p - start); klen && start[klen - 1] == ' '; klen--) {
		}
		if (!klen || klen >= sizeof(key)) {
			goto out;
		}
		memcpy(key, start, klen);
		key[klen] = '\0';
		p++;
		while (*p == ' ') {
			p++;
		}
		vlen = keep = 0;
		while (*p && *p != sep) {
			if (*p == '\\' && p[1]) {
				p++;
				value[vlen++] = *p++;
				keep = vlen;
				continue;
			}
			value[vlen++] = *p;
			if (*p++ != ' ') {
				keep = vlen;
			}
		}
		if (!encode_rdn(key, value, keep, &rdn)) {
			goto out;
		}
		chunk_append(&rdns, rdn);
		if (*p == sep) {
			p++;
		}
	}
	*der = der_wrap(TAG_SEQUENCE, rdns, false);
	ok = true;
out:
	chunk_free(&rdns);
	free(value);
	return ok;
}

/* ---- matching ---- */

static bool suffix_matches(const char *text, const char *suffix)
{
	size_t tlen = strlen(text), slen = strlen(suffix);

	return tlen >= slen && strcasecmp(text + tlen - slen, suffix) == 0;
}

/* control bytes in a one-byte string type */
static bool has_controls(atv_t *atv)
{
	size_t i;

	if (atv->tag == TAG_BMP || atv->tag == TAG_UNIVERSAL || !is_string_tag(atv->tag)) {
		return false;
	}
	for (i = 0; i < atv->value.len; i++) {
		if (atv->value.ptr[i] < 0x20 || atv->value.ptr[i] == 0x7f) {
			return true;
		}
	}
	return false;
}

int dn_match(chunk_t dn, chunk_t pattern)
{
	atv_t a[DN_MAX_ATVS], b[DN_MAX_ATVS];
	int na, nb, i, wildcards = 0;
	char *ta, *tb;
	bool same;

	if (!dn_decode(dn, a, &na) || !dn_decode(pattern, b, &nb) || na != nb) {
		return -1;
	}
	for (i = 0; i < na; i++) {
		if (!chunk_equals(a[i].oid, b[i].oid)) {
			return -1;
		}
		if (has_controls(&a[i]) || has_controls(&b[i])) {
			/* text would hide them behind '?': only the same bytes match */
			if (!chunk_equals(a[i].tlv, b[i].tlv)) {
				return -1;
			}
			continue;
		}
		ta = value_text(&a[i]);
		tb = value_text(&b[i]);
		if (tb && tb[0] == '*') {
			same = ta && suffix_matches(ta, tb + 1);
			wildcards++;
		} else if (ta && tb) {
			same = strcasecmp(ta, tb) == 0;
		} else {
			same = chunk_equals(a[i].tlv, b[i].tlv);
		}
		free(ta);
		free(tb);
		if (!same) {
			return -1;
		}
	}
	return wildcards;
}

bool dn_has_wildcards(chunk_t der)
{
	atv_t atvs[DN_MAX_ATVS];
	int count, i;
	bool found = false;
	char *text;

	if (!dn_decode(der, atvs, &count)) {
		return false;
	}
	for (i = 0; i < count && !found; i++) {
		text = value_text(&atvs[i]);
		found = text && text[0] == '*';
		free(text);
	}
	return found;
}
