/*
 * RSA public keys on libgmp: RSAVP1 (s^e mod n) followed by the EMSA
 * check of the scheme.
 */
#include "gmp_rsa.h"
#include "credentials/keys/key_encoding.h"

typedef struct {
	public_key_t public;
	mpz_t n;
	mpz_t e;
	size_t k;
	chunk_t spki;
	key_fingerprints_t fps;
	unsigned int refs;
} private_gmp_rsa_public_key_t;

static key_type_t get_type(public_key_t *public)
{
	return KEY_RSA;
}

/* RSAVP1: the k-byte encoded message inside @p sig, allocated */
static bool rsavp1(private_gmp_rsa_public_key_t *this, chunk_t sig, chunk_t *em)
{
	mpz_t s, m;

	/* RFC 8017 §8.2.2: exactly k bytes, and s < n */
	if (sig.len != this->k) {
		return false;
	}
	mpz_inits(s, m, NULL);
	mpz_import(s, sig.len, 1, 1, 1, 0, sig.ptr);
	if (mpz_cmp(s, this->n) >= 0) {
		mpz_clears(s, m, NULL);
		return false;
	}
	mpz_powm(m, s, this->e, this->n);
	*em = gmp_export(m, this->k);
	mpz_clears(s, m, NULL);
	return em->len == this->k;
}

static bool verify(public_key_t *public, signature_scheme_t scheme,
		   const void *params, chunk_t data, chunk_t signature)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;
	chunk_t em, expected;
	bool ok = false;

	if (key_type_from_signature_scheme(scheme) != KEY_RSA) {
		DBG1(DBG_LIB, "signature scheme %s not supported by RSA key",
		     signature_scheme_name(scheme));
		return false;
	}
	if (!rsavp1(this, signature, &em)) {
		return false;
	}
	if (scheme == SIGN_RSA_EMSA_PSS) {
		ok = gmp_emsa_pss_verify(params, data, mpz_sizeinbase(this->n, 2), em);
	} else if (gmp_emsa_pkcs1_encode(hash_from_signature_scheme(scheme, NULL),
					 data, this->k, &expected)) {
		ok = chunk_equals_const(em, expected);
		chunk_free(&expected);
	}
	chunk_free(&em);
	return ok;
}

static int get_keysize(public_key_t *public)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	return mpz_sizeinbase(this->n, 2);
}

static bool get_fingerprint(public_key_t *public, key_fingerprint_t type, chunk_t *fp)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	return key_fingerprints_get(&this->fps, type, fp);
}

static bool has_fingerprint(public_key_t *public, chunk_t fp)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	return key_fingerprints_has(&this->fps, fp);
}

static bool get_encoding(public_key_t *public, chunk_t *der)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	*der = chunk_clone(this->spki);
	return true;
}

static public_key_t *get_ref(public_key_t *public)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(public_key_t *public)
{
	private_gmp_rsa_public_key_t *this = (private_gmp_rsa_public_key_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		mpz_clears(this->n, this->e, NULL);
		key_fingerprints_free(&this->fps);
		chunk_free(&this->spki);
		free(this);
	}
}

public_key_t *gmp_rsa_public_key_create(const mpz_t n, const mpz_t e)
{
	private_gmp_rsa_public_key_t *this = mem_zalloc(sizeof(*this));

	*this = (private_gmp_rsa_public_key_t){
		.public = {
			.get_type = get_type,
			.verify = verify,
			.get_keysize = get_keysize,
			.get_fingerprint = get_fingerprint,
			.has_fingerprint = has_fingerprint,
			.get_encoding = get_encoding,
			.equals = public_key_equals_generic,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.k = (mpz_sizeinbase(n, 2) + 7) / 8,
		.refs = 1,
	};
	mpz_init_set(this->n, n);
	mpz_init_set(this->e, e);
	this->spki = gmp_rsa_spki(n, e);
	key_fingerprints_init(&this->fps, this->spki);
	return &this->public;
}
