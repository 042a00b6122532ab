/*
 * RSA keys from DER with our own ASN.1 reader: PKCS#1 RSAPrivateKey and
 * RSAPublicKey (RFC 8017 A.1), wrapped or not in PKCS#8 PrivateKeyInfo
 * (RFC 5958) or SubjectPublicKeyInfo (RFC 5280).
 */
#include "gmp_rsa.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"
#include "credentials/keys/key_encoding.h"

chunk_t gmp_export(const mpz_t value, size_t len)
{
	chunk_t out = chunk_alloc(len);
	size_t count = 0, bytes = (mpz_sizeinbase(value, 2) + 7) / 8;

	memset(out.ptr, 0, len);
	if (mpz_sgn(value) == 0) {
		return out;
	}
	if (bytes > len) {
		chunk_free(&out);
		return chunk_empty;
	}
	mpz_export(out.ptr + len - bytes, &count, 1, 1, 1, 0, value);
	return out;
}

static void import(mpz_t value, chunk_t magnitude)
{
	mpz_import(value, magnitude.len, 1, 1, 1, 0, magnitude.ptr);
}

static chunk_t export_uint(const mpz_t value)
{
	size_t len = (mpz_sizeinbase(value, 2) + 7) / 8;
	chunk_t mag = gmp_export(value, len ? len : 1), der;

	der = asn1_uint(mag);
	chunk_clear(&mag);
	return der;
}

chunk_t gmp_rsa_spki(const mpz_t n, const mpz_t e)
{
	chunk_t dn = export_uint(n), de = export_uint(e), key, spki;

	key = asn1_wrap(ASN1_SEQUENCE, 2, dn, de);
	spki = key_spki_build(OID_RSA_ENCRYPTION, chunk_from_chars(ASN1_NULL, 0x00), key);
	chunk_free(&dn);
	chunk_free(&de);
	chunk_free(&key);
	return spki;
}

void gmp_wipe(mpz_ptr z)
{
	if (z->_mp_alloc) {
		memwipe(z->_mp_d, z->_mp_alloc * sizeof(mp_limb_t));
	}
}

void gmp_rsa_numbers_clear(gmp_rsa_numbers_t *num)
{
	mpz_t *all[] = { &num->n, &num->e, &num->d, &num->p, &num->q,
			 &num->dp, &num->dq, &num->qinv };
	size_t i;

	for (i = 0; i < countof(all); i++) {
		gmp_wipe(*all[i]);
		mpz_clear(*all[i]);
	}
}

static bool read_numbers(chunk_t *seq, mpz_t *out[], int count)
{
	chunk_t value;
	int i;

	for (i = 0; i < count; i++) {
		if (!asn1_read_uint(seq, &value)) {
			return false;
		}
		import(*out[i], value);
	}
	return true;
}

/* RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv, … } */
static bool parse_pkcs1_private(chunk_t blob, gmp_rsa_numbers_t *num)
{
	mpz_t *all[] = { &num->n, &num->e, &num->d, &num->p, &num->q,
			 &num->dp, &num->dq, &num->qinv };
	chunk_t seq;
	int version;

	if (!asn1_expect(&blob, ASN1_SEQUENCE, &seq) || blob.len ||
	    !asn1_read_int(&seq, &version) || version > 1 ||
	    !read_numbers(&seq, all, countof(all))) {
		return false;
	}
	/* version 1 (multi-prime) adds otherPrimeInfos we cannot use */
	return version == 0 && !seq.len;
}

/* RSAPublicKey ::= SEQUENCE { n, e } */
static bool parse_pkcs1_public(chunk_t blob, gmp_rsa_numbers_t *num)
{
	mpz_t *all[] = { &num->n, &num->e };
	chunk_t seq;

	return asn1_expect(&blob, ASN1_SEQUENCE, &seq) && !blob.len &&
	       read_numbers(&seq, all, countof(all)) && !seq.len;
}

static bool rsa_algid(chunk_t *in)
{
	chunk_t oid, params;

	/* parameters NULL, or absent from lenient encoders */
	return asn1_read_algid(in, &oid, &params) &&
	       chunk_equals(oid, OID_RSA_ENCRYPTION) &&
	       (!params.len || chunk_equals(params, chunk_from_chars(ASN1_NULL, 0x00)));
}

/* PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, … } */
static bool parse_pkcs8(chunk_t blob, gmp_rsa_numbers_t *num)
{
	chunk_t seq, key;
	int version;

	return asn1_expect(&blob, ASN1_SEQUENCE, &seq) && !blob.len &&
	       asn1_read_int(&seq, &version) && version <= 1 &&
	       rsa_algid(&seq) && asn1_expect(&seq, ASN1_OCTET_STRING, &key) &&
	       parse_pkcs1_private(key, num);
}

static bool parse_spki(chunk_t blob, gmp_rsa_numbers_t *num)
{
	chunk_t oid, params, key;

	return key_spki_parse(blob, &oid, &params, &key) &&
	       chunk_equals(oid, OID_RSA_ENCRYPTION) &&
	       (!params.len || chunk_equals(params, chunk_from_chars(ASN1_NULL, 0x00))) &&
	       parse_pkcs1_public(key, num);
}

/* Plausibility: a big odd modulus, an odd e > 1, and for private keys
 * n = p * q with consistent CRT values (e dp ≡ 1 mod p-1, e dq ≡ 1 mod
 * q-1, q qinv ≡ 1 mod p), since those are what signing uses. */
static bool sane(gmp_rsa_numbers_t *num, bool private)
{
	mpz_t t, pm1;
	bool ok;

	if (mpz_sizeinbase(num->n, 2) < GMP_RSA_MIN_BITS || mpz_even_p(num->n) ||
	    mpz_cmp_ui(num->e, 3) < 0 || mpz_even_p(num->e) ||
	    mpz_cmp(num->e, num->n) >= 0) {
		return false;
	}
	if (!private) {
		return true;
	}
	if (mpz_sgn(num->p) <= 0 || mpz_sgn(num->q) <= 0) {
		return false;
	}
	mpz_inits(t, pm1, NULL);
	mpz_mul(t, num->p, num->q);
	ok = mpz_cmp(t, num->n) == 0;
	if (ok) {
		mpz_sub_ui(pm1, num->p, 1);
		mpz_mul(t, num->e, num->dp);
		mpz_mod(t, t, pm1);
		ok = mpz_cmp_ui(t, 1) == 0;
	}
	if (ok) {
		mpz_sub_ui(pm1, num->q, 1);
		mpz_mul(t, num->e, num->dq);
		mpz_mod(t, t, pm1);
		ok = mpz_cmp_ui(t, 1) == 0;
	}
	if (ok) {
		mpz_mul(t, num->q, num->qinv);
		mpz_mod(t, t, num->p);
		ok = mpz_cmp_ui(t, 1) == 0;
	}
	gmp_wipe(t);
	mpz_clears(t, pm1, NULL);
	return ok;
}

bool gmp_rsa_parse(chunk_t blob, bool private, gmp_rsa_numbers_t *num)
{
	chunk_t seq, copy = blob;
	int second;

	mpz_inits(num->n, num->e, num->d, num->p, num->q, num->dp, num->dq,
		  num->qinv, NULL);
	if (!asn1_expect(&copy, ASN1_SEQUENCE, &seq) || copy.len) {
		return false;
	}
	if (private) {
		/* PKCS#8 has an AlgorithmIdentifier after the version */
		asn1_read(&seq, NULL, NULL);
		second = asn1_peek(seq);
		if (!(second == ASN1_SEQUENCE ? parse_pkcs8(blob, num) :
		      parse_pkcs1_private(blob, num))) {
			return false;
		}
	} else if (!(asn1_peek(seq) == ASN1_SEQUENCE ? parse_spki(blob, num) :
		     parse_pkcs1_public(blob, num))) {
		return false;
	}
	num->k = (mpz_sizeinbase(num->n, 2) + 7) / 8;
	return sane(num, private);
}

public_key_t *gmp_rsa_public_key_load(key_type_t type, chunk_t blob)
{
	gmp_rsa_numbers_t num;
	public_key_t *key = NULL;

	if (type != KEY_ANY && type != KEY_RSA) {
		return NULL;
	}
	if (gmp_rsa_parse(blob, false, &num)) {
		key = gmp_rsa_public_key_create(num.n, num.e);
	}
	gmp_rsa_numbers_clear(&num);
	return key;
}
