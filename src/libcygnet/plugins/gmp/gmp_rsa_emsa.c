/*
 * The EMSA encodings of RFC 8017 §9: PKCS#1 v1.5 (a DigestInfo behind
 * 0x00 0x01 FF… 0x00) and PSS (a salted hash with MGF1 masking). Hashes
 * and randomness come from lib->crypto.
 */
#include "gmp_rsa.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"
#include "crypto/crypto_factory.h"

static bool hash_data(hash_algorithm_t alg, chunk_t data, chunk_t *digest)
{
	hasher_t *hasher = lib->crypto->create_hasher(lib->crypto, alg);
	bool ok;

	if (!hasher) {
		DBG1(DBG_LIB, "RSA: no %s hasher", hash_algorithm_name(alg));
		return false;
	}
	ok = hasher->allocate_hash(hasher, data, digest);
	hasher->destroy(hasher);
	return ok;
}

bool gmp_emsa_pkcs1_encode(hash_algorithm_t hash, chunk_t data, size_t em_len,
			   chunk_t *em)
{
	chunk_t digest, oid, alg, hashed, info;
	size_t ps;

	if (!asn1_hash_oid(hash).len || !hash_data(hash, data, &digest)) {
		return false;
	}
	oid = asn1_oid(asn1_hash_oid(hash));
	alg = asn1_wrap(ASN1_SEQUENCE, 2, oid, chunk_from_chars(ASN1_NULL, 0x00));
	hashed = asn1_wrap(ASN1_OCTET_STRING, 1, digest);
	info = asn1_wrap(ASN1_SEQUENCE, 2, alg, hashed);
	chunk_free(&oid);
	chunk_free(&alg);
	chunk_free(&hashed);
	chunk_free(&digest);
	/* at least eight 0xff bytes of padding */
	if (em_len < info.len + 11) {
		chunk_free(&info);
		return false;
	}
	ps = em_len - info.len - 3;
	*em = chunk_alloc(em_len);
	em->ptr[0] = 0x00;
	em->ptr[1] = 0x01;
	memset(em->ptr + 2, 0xff, ps);
	em->ptr[2 + ps] = 0x00;
	memcpy(em->ptr + 3 + ps, info.ptr, info.len);
	chunk_free(&info);
	return true;
}

/* MGF1 (RFC 8017 B.2.1): XOR the mask of @p seed into @p out. */
static bool mgf1_xor(hash_algorithm_t alg, chunk_t seed, chunk_t out)
{
	hasher_t *hasher = lib->crypto->create_hasher(lib->crypto, alg);
	uint8_t counter[4], block[64];
	size_t hlen, done = 0, n, i;
	uint32_t c = 0;
	bool ok = true;

	if (!hasher) {
		return false;
	}
	hlen = hasher->get_hash_size(hasher);
	while (ok && done < out.len && hlen <= sizeof(block)) {
		counter[0] = c >> 24;
		counter[1] = c >> 16;
		counter[2] = c >> 8;
		counter[3] = c;
		ok = hasher->get_hash(hasher, seed, NULL) &&
		     hasher->get_hash(hasher, chunk_from_thing(counter), block);
		n = out.len - done < hlen ? out.len - done : hlen;
		for (i = 0; i < n; i++) {
			out.ptr[done + i] ^= block[i];
		}
		done += n;
		c++;
	}
	hasher->destroy(hasher);
	return ok && done == out.len;
}

/* H = Hash(0x00 x 8 | mHash | salt) */
static bool pss_hash(hash_algorithm_t alg, chunk_t mhash, chunk_t salt, chunk_t *h)
{
	chunk_t m = chunk_cat(3, chunk_from_chars(0, 0, 0, 0, 0, 0, 0, 0), mhash, salt);
	bool ok = hash_data(alg, m, h);

	chunk_free(&m);
	return ok;
}

static bool pss_params(const rsa_pss_params_t *params, rsa_pss_params_t *out,
		       bool signing)
{
	*out = params ? *params : (rsa_pss_params_t){
		.hash = HASH_SHA256,
		.salt_len = signing ? RSA_PSS_SALT_LEN_DEFAULT : RSA_PSS_SALT_LEN_MAX,
	};
	if (!out->mgf1_hash) {
		out->mgf1_hash = out->hash;
	}
	return hash_algorithm_size(out->hash) > 0 && hash_algorithm_size(out->mgf1_hash) > 0;
}

bool gmp_emsa_pss_encode(const rsa_pss_params_t *params, chunk_t data,
			 size_t mod_bits, chunk_t *em)
{
	size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8;
	size_t k = (mod_bits + 7) / 8, hlen, slen, db_len;
	chunk_t mhash = chunk_empty, salt = chunk_empty, h = chunk_empty, db;
	rsa_pss_params_t p;
	rng_t *rng;
	bool ok = false;

	if (!pss_params(params, &p, true)) {
		return false;
	}
	hlen = hash_algorithm_size(p.hash);
	if (p.salt_len == RSA_PSS_SALT_LEN_DEFAULT) {
		slen = hlen;
	} else if (p.salt_len == RSA_PSS_SALT_LEN_MAX) {
		slen = em_len >= hlen + 2 ? em_len - hlen - 2 : 0;
	} else if (p.salt_len >= 0) {
		slen = p.salt_len;
	} else {
		return false;
	}
	if (em_len < hlen + slen + 2) {
		return false;
	}
	rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
	if (!rng) {
		return false;
	}
	salt = chunk_alloc(slen);
	if ((slen && !rng->get_bytes(rng, slen, salt.ptr)) ||
	    !hash_data(p.hash, data, &mhash) ||
	    !pss_hash(p.hash, mhash, salt, &h)) {
		goto out;
	}
	/* EM (k bytes) = [0x00 if emLen < k] | maskedDB | H | 0xbc */
	*em = chunk_alloc(k);
	memset(em->ptr, 0, k);
	db_len = em_len - hlen - 1;
	db = chunk_create(em->ptr + (k - em_len), db_len);
	db.ptr[db_len - slen - 1] = 0x01;
	if (slen) {
		memcpy(db.ptr + db_len - slen, salt.ptr, slen);
	}
	if (!mgf1_xor(p.mgf1_hash, h, db)) {
		chunk_free(em);
		goto out;
	}
	db.ptr[0] &= 0xff >> (8 * em_len - em_bits);
	memcpy(db.ptr + db_len, h.ptr, hlen);
	em->ptr[k - 1] = 0xbc;
	ok = true;
out:
	rng->destroy(rng);
	chunk_free(&salt);
	chunk_free(&mhash);
	chunk_free(&h);
	return ok;
}

bool gmp_emsa_pss_verify(const rsa_pss_params_t *params, chunk_t data,
			 size_t mod_bits, chunk_t em)
{
	size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8;
	size_t k = (mod_bits + 7) / 8, hlen, db_len, i, slen;
	chunk_t mhash = chunk_empty, h2 = chunk_empty, db, h;
	rsa_pss_params_t p;
	bool ok = false;

	if (!pss_params(params, &p, false) || em.len != k) {
		return false;
	}
	hlen = hash_algorithm_size(p.hash);
	if (k > em_len && em.ptr[0] != 0) {
		return false;
	}
	em = chunk_skip(em, k - em_len);
	if (em_len < hlen + 2 || em.ptr[em_len - 1] != 0xbc) {
		return false;
	}
	db_len = em_len - hlen - 1;
	h = chunk_create(em.ptr + db_len, hlen);
	if (em.ptr[0] & ~(0xff >> (8 * em_len - em_bits))) {
		return false;
	}
	db = chunk_clone(chunk_create(em.ptr, db_len));
	if (!mgf1_xor(p.mgf1_hash, h, db)) {
		goto out;
	}
	db.ptr[0] &= 0xff >> (8 * em_len - em_bits);
	/* DB = 0x00… | 0x01 | salt */
	for (i = 0; i < db_len && db.ptr[i] == 0; i++) {
	}
	if (i >= db_len || db.ptr[i] != 0x01) {
		goto out;
	}
	slen = db_len - i - 1;
	if (p.salt_len == RSA_PSS_SALT_LEN_DEFAULT ? slen != hlen :
	    p.salt_len >= 0 && slen != (size_t)p.salt_len) {
		goto out;
	}
	ok = hash_data(p.hash, data, &mhash) &&
	     pss_hash(p.hash, mhash, chunk_create(db.ptr + i + 1, slen), &h2) &&
	     chunk_equals_const(h, h2);
out:
	chunk_free(&db);
	chunk_free(&mhash);
	chunk_free(&h2);
	return ok;
}
