/**
 * @file key_encoding.h
 * Helpers key backends share: SubjectPublicKeyInfo and fingerprints.
 */
#ifndef CYGNET_KEY_ENCODING_H
#define CYGNET_KEY_ENCODING_H

#include "credentials/keys/public_key.h"

/** The fingerprints of one key, computed once at creation. */
typedef struct key_fingerprints_t {
	chunk_t fp[KEYID_MAX];
} key_fingerprints_t;

/**
 * Split a DER SubjectPublicKeyInfo. Outputs are optional and point into
 * @p spki: the algorithm OID content, its parameters TLV (empty if absent)
 * and the subjectPublicKey BIT STRING's octets.
 */
bool key_spki_parse(chunk_t spki, chunk_t *oid, chunk_t *params, chunk_t *key);

/** Key type of a SubjectPublicKeyInfo's algorithm OID (KEY_ANY if unknown). */
key_type_t key_type_from_oid(chunk_t oid);

/** Build a SubjectPublicKeyInfo: AlgorithmIdentifier (OID content @p oid,
 *  parameters TLV @p params, may be empty) and key octets. Allocated. */
chunk_t key_spki_build(chunk_t oid, chunk_t params, chunk_t key);

/**
 * Compute both SHA-1 fingerprints of @p spki with lib->crypto's hasher.
 * False (fingerprints empty) if no SHA-1 hasher is there or @p spki is
 * malformed.
 */
bool key_fingerprints_init(key_fingerprints_t *fps, chunk_t spki);

/** get_fingerprint() on the cached values. */
bool key_fingerprints_get(key_fingerprints_t *fps, key_fingerprint_t type,
			  chunk_t *fp);

/** has_fingerprint() on the cached values. */
bool key_fingerprints_has(key_fingerprints_t *fps, chunk_t fp);

/** Free the cached values. */
void key_fingerprints_free(key_fingerprints_t *fps);

/**
 * Compare two public keys by their SubjectPublicKeyInfo encodings (any
 * backend, so keys from different plugins compare equal).
 */
bool public_key_equals_generic(public_key_t *a, public_key_t *b);

#endif
