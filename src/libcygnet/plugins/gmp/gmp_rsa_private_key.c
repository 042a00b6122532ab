/*
 * RSA private keys on libgmp: RSASP1 with the CRT (RFC 8017 §5.2.1) in
 * constant-time exponentiation (mpz_powm_sec), and the result checked
 * against the public exponent before it leaves, so a fault in the CRT
 * cannot leak a factor of n.
 */
#include "gmp_rsa.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"
#include "credentials/keys/key_encoding.h"

typedef struct {
	private_key_t public;
	gmp_rsa_numbers_t num;
	chunk_t spki;
	key_fingerprints_t fps;
	unsigned int refs;
} private_gmp_rsa_private_key_t;

static key_type_t get_type(private_key_t *public)
{
	return KEY_RSA;
}

/* RSASP1 of the k-byte @p em, allocated */
static bool rsasp1(private_gmp_rsa_private_key_t *this, chunk_t em, chunk_t *sig)
{
	gmp_rsa_numbers_t *n = &this->num;
	mpz_t m, m1, m2, h, check;
	bool ok;

	mpz_inits(m, m1, m2, h, check, NULL);
	mpz_import(m, em.len, 1, 1, 1, 0, em.ptr);
	ok = mpz_cmp(m, n->n) < 0;
	if (ok) {
		mpz_powm_sec(m1, m, n->dp, n->p);
		mpz_powm_sec(m2, m, n->dq, n->q);
		/* h = qinv (m1 - m2) mod p; s = m2 + h q */
		mpz_sub(h, m1, m2);
		mpz_mul(h, h, n->qinv);
		mpz_mod(h, h, n->p);
		mpz_mul(h, h, n->q);
		mpz_add(m1, m2, h);
		mpz_powm(check, m1, n->e, n->n);
		ok = mpz_cmp(check, m) == 0;
		if (ok) {
			*sig = gmp_export(m1, n->k);
			ok = sig->len == n->k;
		} else {
			DBG1(DBG_LIB, "RSA: CRT signature check failed");
		}
	}
	gmp_wipe(m);
	gmp_wipe(m1);
	gmp_wipe(m2);
	gmp_wipe(h);
	mpz_clears(m, m1, m2, h, check, NULL);
	return ok;
}

static bool sign(private_key_t *public, signature_scheme_t scheme,
		 const void *params, chunk_t data, chunk_t *signature)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;
	chunk_t em;
	bool ok;

	if (key_type_from_signature_scheme(scheme) != KEY_RSA) {
		DBG1(DBG_LIB, "signature scheme %s not supported by RSA key",
		     signature_scheme_name(scheme));
		return false;
	}
	if (scheme == SIGN_RSA_EMSA_PSS) {
		ok = gmp_emsa_pss_encode(params, data, mpz_sizeinbase(this->num.n, 2), &em);
	} else {
		ok = gmp_emsa_pkcs1_encode(hash_from_signature_scheme(scheme, NULL),
					   data, this->num.k, &em);
	}
	if (!ok) {
		return false;
	}
	ok = rsasp1(this, em, signature);
	chunk_free(&em);
	return ok;
}

static int get_keysize(private_key_t *public)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	return mpz_sizeinbase(this->num.n, 2);
}

static public_key_t *get_public_key(private_key_t *public)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	return gmp_rsa_public_key_create(this->num.n, this->num.e);
}

static bool get_fingerprint(private_key_t *public, key_fingerprint_t type,
			    chunk_t *fp)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	return key_fingerprints_get(&this->fps, type, fp);
}

static bool has_fingerprint(private_key_t *public, chunk_t fp)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	return key_fingerprints_has(&this->fps, fp);
}

static bool belongs_to(private_key_t *public, public_key_t *key)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;
	chunk_t fp;

	return key && key->get_type(key) == KEY_RSA &&
	       key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp) &&
	       key_fingerprints_has(&this->fps, fp);
}

/* PKCS#8 PrivateKeyInfo around PKCS#1 RSAPrivateKey */
static bool get_encoding(private_key_t *public, chunk_t *der)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;
	gmp_rsa_numbers_t *n = &this->num;
	mpz_srcptr all[] = { n->n, n->e, n->d, n->p, n->q, n->dp, n->dq, n->qinv };
	chunk_t ints[8], mag, rsa, oid, alg, octets;
	size_t i, len;

	for (i = 0; i < countof(all); i++) {
		len = (mpz_sizeinbase(all[i], 2) + 7) / 8;
		mag = gmp_export(all[i], len ? len : 1);
		ints[i] = asn1_uint(mag);
		chunk_clear(&mag);
	}
	rsa = asn1_wrap(ASN1_SEQUENCE, 9, chunk_from_chars(ASN1_INTEGER, 1, 0),
			ints[0], ints[1], ints[2], ints[3], ints[4], ints[5],
			ints[6], ints[7]);
	for (i = 0; i < countof(ints); i++) {
		chunk_clear(&ints[i]);
	}
	oid = asn1_oid(OID_RSA_ENCRYPTION);
	alg = asn1_wrap(ASN1_SEQUENCE, 2, oid, chunk_from_chars(ASN1_NULL, 0x00));
	octets = asn1_wrap(ASN1_OCTET_STRING, 1, rsa);
	*der = asn1_wrap(ASN1_SEQUENCE, 3, chunk_from_chars(ASN1_INTEGER, 1, 0),
			 alg, octets);
	chunk_clear(&rsa);
	chunk_clear(&octets);
	chunk_free(&oid);
	chunk_free(&alg);
	return true;
}

static private_key_t *get_ref(private_key_t *public)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(private_key_t *public)
{
	private_gmp_rsa_private_key_t *this = (private_gmp_rsa_private_key_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		gmp_rsa_numbers_clear(&this->num);
		key_fingerprints_free(&this->fps);
		chunk_free(&this->spki);
		free(this);
	}
}

private_key_t *gmp_rsa_private_key_load(key_type_t type, chunk_t blob,
					credential_manager_t *secrets)
{
	private_gmp_rsa_private_key_t *this;

	if (type != KEY_ANY && type != KEY_RSA) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_gmp_rsa_private_key_t){
		.public = {
			.get_type = get_type,
			.sign = sign,
			.get_keysize = get_keysize,
			.get_public_key = get_public_key,
			.get_fingerprint = get_fingerprint,
			.has_fingerprint = has_fingerprint,
			.belongs_to = belongs_to,
			.get_encoding = get_encoding,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.refs = 1,
	};
	if (!gmp_rsa_parse(blob, true, &this->num)) {
		gmp_rsa_numbers_clear(&this->num);
		free(this);
		return NULL;
	}
	this->spki = gmp_rsa_spki(this->num.n, this->num.e);
	key_fingerprints_init(&this->fps, this->spki);
	return &this->public;
}
