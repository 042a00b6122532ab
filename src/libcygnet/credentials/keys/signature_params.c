/*
 * Names of key types and signature schemes, and the RFC 7427
 * AlgorithmIdentifiers that name schemes in AUTH payloads. The encodings
 * follow RFC 7427 appendix A (hash parameters NULL inside PSS parameters,
 * NULL parameters for PKCS#1 v1.5, none for ECDSA and EdDSA).
 */
#include "credentials/keys/public_key.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"

static const char *scheme_names[SIGN_SCHEME_MAX] = {
	[SIGN_UNKNOWN] = "UNKNOWN",
	[SIGN_RSA_EMSA_PKCS1_SHA1] = "RSA_EMSA_PKCS1_SHA1",
	[SIGN_RSA_EMSA_PKCS1_SHA2_224] = "RSA_EMSA_PKCS1_SHA2_224",
	[SIGN_RSA_EMSA_PKCS1_SHA2_256] = "RSA_EMSA_PKCS1_SHA2_256",
	[SIGN_RSA_EMSA_PKCS1_SHA2_384] = "RSA_EMSA_PKCS1_SHA2_384",
	[SIGN_RSA_EMSA_PKCS1_SHA2_512] = "RSA_EMSA_PKCS1_SHA2_512",
	[SIGN_RSA_EMSA_PSS] = "RSA_EMSA_PSS",
	[SIGN_ECDSA_WITH_SHA1_DER] = "ECDSA_WITH_SHA1_DER",
	[SIGN_ECDSA_WITH_SHA256_DER] = "ECDSA_WITH_SHA256_DER",
	[SIGN_ECDSA_WITH_SHA384_DER] = "ECDSA_WITH_SHA384_DER",
	[SIGN_ECDSA_WITH_SHA512_DER] = "ECDSA_WITH_SHA512_DER",
	[SIGN_ECDSA_256] = "ECDSA-256",
	[SIGN_ECDSA_384] = "ECDSA-384",
	[SIGN_ECDSA_521] = "ECDSA-521",
	[SIGN_ED25519] = "ED25519",
	[SIGN_ED448] = "ED448",
};

const char *signature_scheme_name(signature_scheme_t scheme)
{
	if ((int)scheme < 0 || scheme >= SIGN_SCHEME_MAX) {
		return "UNKNOWN";
	}
	return scheme_names[scheme];
}

const char *key_type_name(key_type_t type)
{
	switch (type) {
	case KEY_ANY:
		return "ANY";
	case KEY_RSA:
		return "RSA";
	case KEY_ECDSA:
		return "ECDSA";
	case KEY_ED25519:
		return "ED25519";
	case KEY_ED448:
		return "ED448";
	}
	return "UNKNOWN";
}

key_type_t key_type_from_signature_scheme(signature_scheme_t scheme)
{
	switch (scheme) {
	case SIGN_RSA_EMSA_PKCS1_SHA1:
	case SIGN_RSA_EMSA_PKCS1_SHA2_224:
	case SIGN_RSA_EMSA_PKCS1_SHA2_256:
	case SIGN_RSA_EMSA_PKCS1_SHA2_384:
	case SIGN_RSA_EMSA_PKCS1_SHA2_512:
	case SIGN_RSA_EMSA_PSS:
		return KEY_RSA;
	case SIGN_ECDSA_WITH_SHA1_DER:
	case SIGN_ECDSA_WITH_SHA256_DER:
	case SIGN_ECDSA_WITH_SHA384_DER:
	case SIGN_ECDSA_WITH_SHA512_DER:
	case SIGN_ECDSA_256:
	case SIGN_ECDSA_384:
	case SIGN_ECDSA_521:
		return KEY_ECDSA;
	case SIGN_ED25519:
		return KEY_ED25519;
	case SIGN_ED448:
		return KEY_ED448;
	default:
		return KEY_ANY;
	}
}

hash_algorithm_t hash_from_signature_scheme(signature_scheme_t scheme,
					    const void *params)
{
	const rsa_pss_params_t *pss = params;

	switch (scheme) {
	case SIGN_RSA_EMSA_PKCS1_SHA1:
	case SIGN_ECDSA_WITH_SHA1_DER:
		return HASH_SHA1;
	case SIGN_RSA_EMSA_PKCS1_SHA2_224:
		return HASH_SHA224;
	case SIGN_RSA_EMSA_PKCS1_SHA2_256:
	case SIGN_ECDSA_WITH_SHA256_DER:
	case SIGN_ECDSA_256:
		return HASH_SHA256;
	case SIGN_RSA_EMSA_PKCS1_SHA2_384:
	case SIGN_ECDSA_WITH_SHA384_DER:
	case SIGN_ECDSA_384:
		return HASH_SHA384;
	case SIGN_RSA_EMSA_PKCS1_SHA2_512:
	case SIGN_ECDSA_WITH_SHA512_DER:
	case SIGN_ECDSA_521:
		return HASH_SHA512;
	case SIGN_RSA_EMSA_PSS:
		return pss ? pss->hash : HASH_SHA256;
	case SIGN_ED25519:
	case SIGN_ED448:
		return HASH_IDENTITY;
	default:
		return HASH_UNKNOWN;
	}
}

static void add_scheme(signature_params_t *out, int max, int *n,
		       signature_scheme_t scheme, hash_algorithm_t pss_hash)
{
	if (*n >= max) {
		return;
	}
	out[*n] = (signature_params_t){ .scheme = scheme };
	if (scheme == SIGN_RSA_EMSA_PSS) {
		out[*n].pss = (rsa_pss_params_t){
			.hash = pss_hash,
			.mgf1_hash = pss_hash,
			.salt_len = RSA_PSS_SALT_LEN_DEFAULT,
		};
	}
	(*n)++;
}

int signature_schemes_for_key(key_type_t type, int key_size,
			      signature_params_t *out, int max)
{
	signature_scheme_t ecdsa[] = { SIGN_ECDSA_WITH_SHA256_DER,
				       SIGN_ECDSA_WITH_SHA384_DER,
				       SIGN_ECDSA_WITH_SHA512_DER };
	int n = 0, i, first = 0;

	switch (type) {
	case KEY_RSA:
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PSS, HASH_SHA256);
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PSS, HASH_SHA384);
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PSS, HASH_SHA512);
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PKCS1_SHA2_256, 0);
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PKCS1_SHA2_384, 0);
		add_scheme(out, max, &n, SIGN_RSA_EMSA_PKCS1_SHA2_512, 0);
		break;
	case KEY_ECDSA:
		/* the hash matching the curve's strength first */
		if (key_size > 384) {
			first = 2;
		} else if (key_size > 256) {
			first = 1;
		}
		add_scheme(out, max, &n, ecdsa[first], 0);
		for (i = 0; i < 3; i++) {
			if (i != first) {
				add_scheme(out, max, &n, ecdsa[i], 0);
			}
		}
		break;
	case KEY_ED25519:
		add_scheme(out, max, &n, SIGN_ED25519, 0);
		break;
	case KEY_ED448:
		add_scheme(out, max, &n, SIGN_ED448, 0);
		break;
	default:
		break;
	}
	return n;
}

/* schemes named by an OID with NULL (RSA) or absent parameters */
static const struct {
	signature_scheme_t scheme;
	const uint8_t *oid;
	size_t len;
	bool null_params;
} simple[] = {
#define S(s, n, ...) { s, (const uint8_t[]){ __VA_ARGS__ }, \
		       sizeof((const uint8_t[]){ __VA_ARGS__ }), n }
	S(SIGN_RSA_EMSA_PKCS1_SHA1, true, 0x2a,0x86,0x48,0x86,0xf7,0x0d,0x01,0x01,0x05),
	S(SIGN_RSA_EMSA_PKCS1_SHA2_224, true, 0x2a,0x86,0x48,0x86,0xf7,0x0d,0x01,0x01,0x0e),
	S(SIGN_RSA_EMSA_PKCS1_SHA2_256, true, 0x2a,0x86,0x48,0x86,0xf7,0x0d,0x01,0x01,0x0b),
	S(SIGN_RSA_EMSA_PKCS1_SHA2_384, true, 0x2a,0x86,0x48,0x86,0xf7,0x0d,0x01,0x01,0x0c),
	S(SIGN_RSA_EMSA_PKCS1_SHA2_512, true, 0x2a,0x86,0x48,0x86,0xf7,0x0d,0x01,0x01,0x0d),
	S(SIGN_ECDSA_WITH_SHA1_DER, false, 0x2a,0x86,0x48,0xce,0x3d,0x04,0x01),
	S(SIGN_ECDSA_WITH_SHA256_DER, false, 0x2a,0x86,0x48,0xce,0x3d,0x04,0x03,0x02),
	S(SIGN_ECDSA_WITH_SHA384_DER, false, 0x2a,0x86,0x48,0xce,0x3d,0x04,0x03,0x03),
	S(SIGN_ECDSA_WITH_SHA512_DER, false, 0x2a,0x86,0x48,0xce,0x3d,0x04,0x03,0x04),
	S(SIGN_ED25519, false, 0x2b,0x65,0x70),
	S(SIGN_ED448, false, 0x2b,0x65,0x71),
#undef S
};

static chunk_t hash_algid(hash_algorithm_t hash)
{
	chunk_t oid = asn1_hash_oid(hash), o, aid;

	if (!oid.len) {
		return chunk_empty;
	}
	o = asn1_oid(oid);
	aid = asn1_wrap(ASN1_SEQUENCE, 2, o, chunk_from_chars(ASN1_NULL, 0x00));
	chunk_free(&o);
	return aid;
}

static bool build_pss(const rsa_pss_params_t *pss, chunk_t *aid)
{
	chunk_t h, mh, m, mo, h0, m1, s, s2, seq, o;
	size_t salt;

	if (pss->salt_len < 0 && pss->salt_len != RSA_PSS_SALT_LEN_DEFAULT) {
		/* an AUTH payload must state the length it used */
		return false;
	}
	salt = pss->salt_len < 0 ? hash_algorithm_size(pss->hash) : (size_t)pss->salt_len;
	h = hash_algid(pss->hash);
	mh = hash_algid(pss->mgf1_hash ?: pss->hash);
	if (!h.len || !mh.len || salt > 0xffff) {
		chunk_free(&h);
		chunk_free(&mh);
		return false;
	}
	mo = asn1_oid(OID_MGF1);
	m = asn1_wrap(ASN1_SEQUENCE, 2, mo, mh);
	h0 = asn1_wrap(ASN1_CONTEXT_C(0), 1, h);
	m1 = asn1_wrap(ASN1_CONTEXT_C(1), 1, m);
	s = asn1_uint(chunk_from_chars((uint8_t)(salt >> 8), (uint8_t)salt));
	s2 = asn1_wrap(ASN1_CONTEXT_C(2), 1, s);
	seq = asn1_wrap(ASN1_SEQUENCE, 3, h0, m1, s2);
	o = asn1_oid(OID_RSASSA_PSS);
	*aid = asn1_wrap(ASN1_SEQUENCE, 2, o, seq);
	chunk_free(&h);
	chunk_free(&mh);
	chunk_free(&mo);
	chunk_free(&m);
	chunk_free(&h0);
	chunk_free(&m1);
	chunk_free(&s);
	chunk_free(&s2);
	chunk_free(&seq);
	chunk_free(&o);
	return true;
}

bool signature_params_build(const signature_params_t *params, chunk_t *aid)
{
	chunk_t oid;
	size_t i;

	if (params->scheme == SIGN_RSA_EMSA_PSS) {
		return build_pss(&params->pss, aid);
	}
	for (i = 0; i < countof(simple); i++) {
		if (simple[i].scheme != params->scheme) {
			continue;
		}
		oid = asn1_oid(chunk_create((void *)simple[i].oid, simple[i].len));
		if (simple[i].null_params) {
			*aid = asn1_wrap(ASN1_SEQUENCE, 2, oid,
					 chunk_from_chars(ASN1_NULL, 0x00));
		} else {
			*aid = asn1_wrap(ASN1_SEQUENCE, 1, oid);
		}
		chunk_free(&oid);
		return true;
	}
	return false;
}

/* hash of an AlgorithmIdentifier naming a hash (parameters NULL or absent) */
static hash_algorithm_t parse_hash_algid(chunk_t in)
{
	chunk_t oid, params;

	if (!asn1_read_algid(&in, &oid, &params) || in.len ||
	    (params.len && !chunk_equals(params, chunk_from_chars(ASN1_NULL, 0x00)))) {
		return HASH_UNKNOWN;
	}
	return asn1_hash_from_oid(oid);
}

/* RFC 8017 A.2.3: every field has a default (SHA-1, MGF1-SHA-1, 20) */
static bool parse_pss(chunk_t params, rsa_pss_params_t *pss)
{
	chunk_t seq, field, inner, oid, mparams;
	int salt = 20;

	*pss = (rsa_pss_params_t){
		.hash = HASH_SHA1,
		.mgf1_hash = HASH_SHA1,
	};
	if (!asn1_expect(&params, ASN1_SEQUENCE, &seq) || params.len) {
		return false;
	}
	if (asn1_peek(seq) == ASN1_CONTEXT_C(0)) {
		if (!asn1_expect(&seq, ASN1_CONTEXT_C(0), &field)) {
			return false;
		}
		pss->hash = parse_hash_algid(field);
		if (pss->hash == HASH_UNKNOWN) {
			return false;
		}
	}
	if (asn1_peek(seq) == ASN1_CONTEXT_C(1)) {
		if (!asn1_expect(&seq, ASN1_CONTEXT_C(1), &field) ||
		    !asn1_read_algid(&field, &oid, &mparams) || field.len ||
		    !chunk_equals(oid, OID_MGF1)) {
			return false;
		}
		pss->mgf1_hash = parse_hash_algid(mparams);
		if (pss->mgf1_hash == HASH_UNKNOWN) {
			return false;
		}
	}
	if (asn1_peek(seq) == ASN1_CONTEXT_C(2)) {
		if (!asn1_expect(&seq, ASN1_CONTEXT_C(2), &inner) ||
		    !asn1_read_int(&inner, &salt) || inner.len) {
			return false;
		}
	}
	if (asn1_peek(seq) == ASN1_CONTEXT_C(3)) {
		int trailer;

		/* trailerField must be 1 (0xbc) */
		if (!asn1_expect(&seq, ASN1_CONTEXT_C(3), &inner) ||
		    !asn1_read_int(&inner, &trailer) || inner.len || trailer != 1) {
			return false;
		}
	}
	if (seq.len) {
		return false;
	}
	pss->salt_len = salt;
	return true;
}

bool signature_params_parse(chunk_t aid, signature_params_t *params, size_t *len)
{
	chunk_t rest = aid, tlv, oid, p;
	size_t i;

	if (!asn1_read_tlv(&rest, NULL, &tlv)) {
		return false;
	}
	if (!asn1_read_algid(&tlv, &oid, &p)) {
		return false;
	}
	if (len) {
		*len = aid.len - rest.len;
	}
	*params = (signature_params_t){ .scheme = SIGN_UNKNOWN };
	if (chunk_equals(oid, OID_RSASSA_PSS)) {
		if (!parse_pss(p, &params->pss)) {
			return false;
		}
		params->scheme = SIGN_RSA_EMSA_PSS;
		return true;
	}
	for (i = 0; i < countof(simple); i++) {
		if (!chunk_equals(oid, chunk_create((void *)simple[i].oid, simple[i].len))) {
			continue;
		}
		/* RSA: NULL or (leniently) absent; ECDSA/EdDSA: absent */
		if (p.len && !(simple[i].null_params &&
			       chunk_equals(p, chunk_from_chars(ASN1_NULL, 0x00)))) {
			return false;
		}
		params->scheme = simple[i].scheme;
		return true;
	}
	return false;
}

bool signature_params_equal(const signature_params_t *a, const signature_params_t *b)
{
	if (a->scheme != b->scheme) {
		return false;
	}
	if (a->scheme != SIGN_RSA_EMSA_PSS) {
		return true;
	}
	return a->pss.hash == b->pss.hash &&
	       (a->pss.mgf1_hash ?: a->pss.hash) == (b->pss.mgf1_hash ?: b->pss.hash) &&
	       a->pss.salt_len == b->pss.salt_len;
}
