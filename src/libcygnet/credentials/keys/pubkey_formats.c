/*
 * DNSKEY (RFC 3110) and OpenSSH (RFC 4253 §6.6) public keys to DER.
 *
 * Both are length-prefixed binary formats from configuration files, so
 * every length is checked against what remains before it is used.
 */
#include <ctype.h>

#include "credentials/keys/pubkey_formats.h"
#include "credentials/keys/key_encoding.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"

/* SEQUENCE { INTEGER n, INTEGER e } from unsigned magnitudes. */
static chunk_t rsa_pkcs1(chunk_t n, chunk_t e)
{
	chunk_t in = asn1_uint(n), ie = asn1_uint(e), der;

	der = asn1_wrap(ASN1_SEQUENCE, 2, in, ie);
	chunk_free(&in);
	chunk_free(&ie);
	return der;
}

/* At least one non-zero byte. */
static bool nonzero(chunk_t c)
{
	for (size_t i = 0; i < c.len; i++) {
		if (c.ptr[i]) {
			return true;
		}
	}
	return false;
}

bool pubkey_dnskey_to_der(chunk_t dnskey, chunk_t *der)
{
	size_t elen, hdr = 1;
	chunk_t e, n;

	*der = chunk_empty;
	if (dnskey.len < 1) {
		return false;
	}
	elen = dnskey.ptr[0];
	if (elen == 0) {
		/* longer exponents: a zero octet, then two octets of length */
		if (dnskey.len < 3) {
			return false;
		}
		elen = (size_t)dnskey.ptr[1] << 8 | dnskey.ptr[2];
		hdr = 3;
	}
	if (elen == 0 || dnskey.len - hdr <= elen) {
		return false;
	}
	e = chunk_create(dnskey.ptr + hdr, elen);
	n = chunk_skip(dnskey, hdr + elen);

	while (n.len && !n.ptr[0]) {
		n = chunk_skip(n, 1);
	}
	/* RFC 3110 §2: moduli of 512 to 4096 bits (we allow larger ones) */
	if (!nonzero(e) || n.len < 64 || n.len > 2048) {
		return false;
	}
	*der = rsa_pkcs1(n, e);
	return der->len > 0;
}

/* An SSH "string" (uint32 length, bytes) off the front of @p in. */
static bool ssh_string(chunk_t *in, chunk_t *out)
{
	uint32_t len;

	if (in->len < 4) {
		return false;
	}
	len = (uint32_t)in->ptr[0] << 24 | (uint32_t)in->ptr[1] << 16 |
	      (uint32_t)in->ptr[2] << 8 | in->ptr[3];
	if (len > in->len - 4) {
		return false;
	}
	*out = chunk_create(in->ptr + 4, len);
	*in = chunk_skip(*in, 4 + len);
	return true;
}

/* An SSH mpint that must be positive. */
static bool ssh_mpint(chunk_t *in, chunk_t *out)
{
	return ssh_string(in, out) && out->len && !(out->ptr[0] & 0x80) && nonzero(*out);
}

static bool chunk_is(chunk_t c, const char *str)
{
	return c.len == strlen(str) && memcmp(c.ptr, str, c.len) == 0;
}

static const struct {
	const char *name;	/* the key type string */
	const char *curve;	/* its curve name (RFC 5656 §6.1) */
	size_t point_len;	/* uncompressed point, 0x04 | X | Y */
} ecdsa_curves[] = {
	{ "ecdsa-sha2-nistp256", "nistp256", 65 },
	{ "ecdsa-sha2-nistp384", "nistp384", 97 },
	{ "ecdsa-sha2-nistp521", "nistp521", 133 },
};

/* The namedCurve parameter TLV (allocated; the OID literals live only in
 * this scope). */
static chunk_t curve_params(size_t i)
{
	switch (i) {
	case 0:
		return asn1_oid(OID_PRIME256V1);
	case 1:
		return asn1_oid(OID_SECP384R1);
	default:
		return asn1_oid(OID_SECP521R1);
	}
}

bool pubkey_ssh_to_der(chunk_t blob, key_type_t *type, chunk_t *der)
{
	chunk_t name, a, b, params;
	key_type_t found = KEY_ANY;

	*der = chunk_empty;
	if (!ssh_string(&blob, &name)) {
		return false;
	}
	if (chunk_is(name, "ssh-rsa")) {
		/* e first, then n */
		if (!ssh_mpint(&blob, &a) || !ssh_mpint(&blob, &b) || blob.len) {
			return false;
		}
		*der = rsa_pkcs1(b, a);
		found = KEY_RSA;
	} else if (chunk_is(name, "ssh-ed25519")) {
		if (!ssh_string(&blob, &a) || a.len != 32 || blob.len) {
			return false;
		}
		*der = key_spki_build(OID_ED25519, chunk_empty, a);
		found = KEY_ED25519;
	} else {
		for (size_t i = 0; i < countof(ecdsa_curves); i++) {
			if (!chunk_is(name, ecdsa_curves[i].name)) {
				continue;
			}
			if (!ssh_string(&blob, &a) || !chunk_is(a, ecdsa_curves[i].curve) ||
			    !ssh_string(&blob, &b) || b.len != ecdsa_curves[i].point_len ||
			    b.ptr[0] != 0x04 || blob.len) {
				return false;
			}
			params = curve_params(i);
			*der = key_spki_build(OID_EC_PUBLIC_KEY, params, b);
			chunk_free(&params);
			found = KEY_ECDSA;
			break;
		}
	}
	if (found == KEY_ANY || !der->len) {
		chunk_free(der);
		return false;
	}
	if (type) {
		*type = found;
	}
	return true;
}

bool pubkey_ssh_line_to_der(const char *line, key_type_t *type, chunk_t *der)
{
	const char *p = line, *name, *b64;
	size_t name_len, b64_len;
	chunk_t blob, rest, inner;
	char *copy;
	bool ok;

	*der = chunk_empty;
	while (isspace((unsigned char)*p)) {
		p++;
	}
	name = p;
	while (*p && !isspace((unsigned char)*p)) {
		p++;
	}
	name_len = (size_t)(p - name);
	while (isspace((unsigned char)*p)) {
		p++;
	}
	b64 = p;
	while (*p && !isspace((unsigned char)*p)) {
		p++;
	}
	b64_len = (size_t)(p - b64);
	if (!name_len || !b64_len) {
		return false;
	}
	copy = strndup(b64, b64_len);
	if (!copy) {
		return false;
	}
	blob = chunk_from_base64(copy);
	free(copy);
	/* the name outside must be the one inside */
	rest = blob;
	ok = ssh_string(&rest, &inner) && inner.len == name_len &&
	     memcmp(inner.ptr, name, name_len) == 0 &&
	     pubkey_ssh_to_der(blob, type, der);
	chunk_free(&blob);
	return ok;
}
