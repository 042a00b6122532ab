/*
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) handling shared by the key
 * backends, so that every backend computes identical fingerprints.
 */
#include "credentials/keys/key_encoding.h"
#include "crypto/crypto_factory.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"

bool key_spki_parse(chunk_t spki, chunk_t *oid, chunk_t *params, chunk_t *key)
{
	chunk_t seq, bits;

	if (!asn1_expect(&spki, ASN1_SEQUENCE, &seq) || spki.len ||
	    !asn1_read_algid(&seq, oid, params) || !asn1_read_bits(&seq, &bits) ||
	    seq.len) {
		return false;
	}
	if (key) {
		*key = bits;
	}
	return true;
}

key_type_t key_type_from_oid(chunk_t oid)
{
	if (chunk_equals(oid, OID_RSA_ENCRYPTION)) {
		return KEY_RSA;
	}
	if (chunk_equals(oid, OID_EC_PUBLIC_KEY)) {
		return KEY_ECDSA;
	}
	if (chunk_equals(oid, OID_ED25519)) {
		return KEY_ED25519;
	}
	if (chunk_equals(oid, OID_ED448)) {
		return KEY_ED448;
	}
	return KEY_ANY;
}

chunk_t key_spki_build(chunk_t oid, chunk_t params, chunk_t key)
{
	chunk_t o, alg, bits, spki;

	o = asn1_oid(oid);
	alg = asn1_wrap(ASN1_SEQUENCE, 2, o, params);
	bits = asn1_wrap(ASN1_BIT_STRING, 2, chunk_from_chars(0x00), key);
	spki = asn1_wrap(ASN1_SEQUENCE, 2, alg, bits);
	chunk_free(&o);
	chunk_free(&alg);
	chunk_free(&bits);
	return spki;
}

bool key_fingerprints_init(key_fingerprints_t *fps, chunk_t spki)
{
	hasher_t *hasher;
	chunk_t key;
	bool ok;

	*fps = (key_fingerprints_t){};
	if (!key_spki_parse(spki, NULL, NULL, &key)) {
		return false;
	}
	hasher = lib && lib->crypto ?
		 lib->crypto->create_hasher(lib->crypto, HASH_SHA1) : NULL;
	if (!hasher) {
		DBG1(DBG_LIB, "no SHA-1 hasher: key fingerprints unavailable");
		return false;
	}
	ok = hasher->allocate_hash(hasher, spki, &fps->fp[KEYID_PUBKEY_INFO_SHA1]) &&
	     hasher->allocate_hash(hasher, key, &fps->fp[KEYID_PUBKEY_SHA1]);
	hasher->destroy(hasher);
	if (!ok) {
		key_fingerprints_free(fps);
	}
	return ok;
}

bool key_fingerprints_get(key_fingerprints_t *fps, key_fingerprint_t type,
			  chunk_t *fp)
{
	if ((int)type < 0 || type >= KEYID_MAX || !fps->fp[type].len) {
		return false;
	}
	*fp = fps->fp[type];
	return true;
}

bool key_fingerprints_has(key_fingerprints_t *fps, chunk_t fp)
{
	int i;

	for (i = 0; i < KEYID_MAX; i++) {
		if (fps->fp[i].len && chunk_equals(fps->fp[i], fp)) {
			return true;
		}
	}
	return false;
}

void key_fingerprints_free(key_fingerprints_t *fps)
{
	int i;

	for (i = 0; i < KEYID_MAX; i++) {
		chunk_free(&fps->fp[i]);
	}
}

bool public_key_equals_generic(public_key_t *a, public_key_t *b)
{
	chunk_t ea, eb;
	bool equal;

	if (a == b) {
		return true;
	}
	if (!a || !b || a->get_type(a) != b->get_type(b)) {
		return false;
	}
	/* fingerprints are cheaper than encodings when both have them */
	if (a->get_fingerprint(a, KEYID_PUBKEY_INFO_SHA1, &ea) &&
	    b->get_fingerprint(b, KEYID_PUBKEY_INFO_SHA1, &eb)) {
		return chunk_equals(ea, eb);
	}
	if (!a->get_encoding(a, &ea)) {
		return false;
	}
	if (!b->get_encoding(b, &eb)) {
		chunk_free(&ea);
		return false;
	}
	equal = chunk_equals(ea, eb);
	chunk_free(&ea);
	chunk_free(&eb);
	return equal;
}
