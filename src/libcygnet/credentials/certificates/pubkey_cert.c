/*
 * CERT_TRUSTED_PUBKEY: a raw public key with the identity it speaks for.
 * Its encoding is the key's SubjectPublicKeyInfo, so two wrappers of the
 * same key are equal whatever backend decoded them.
 */
#include <stdint.h>

#include "credentials/certificates/pubkey_cert.h"

typedef struct private_pubkey_cert_t {
	certificate_t public;
	public_key_t *key;
	identification_t *subject;
	int refs;
} private_pubkey_cert_t;

static certificate_type_t get_type(certificate_t *public)
{
	return CERT_TRUSTED_PUBKEY;
}

static identification_t *get_subject(certificate_t *public)
{
	return ((private_pubkey_cert_t *)public)->subject;
}

static id_match_t has_subject(certificate_t *public, identification_t *id)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;

	if (id->get_type(id) == ID_KEY_ID &&
	    this->key->has_fingerprint(this->key, id->get_encoding(id))) {
		return ID_MATCH_PERFECT;
	}
	return this->subject->matches(this->subject, id);
}

/* No issuer: the subject stands in, so callers printing it need no check. */
static identification_t *get_issuer(certificate_t *public)
{
	return ((private_pubkey_cert_t *)public)->subject;
}

static id_match_t has_issuer(certificate_t *public, identification_t *issuer)
{
	return ID_MATCH_NONE;
}

static bool issued_by(certificate_t *public, certificate_t *issuer,
		      signature_params_t *scheme)
{
	return false;
}

static public_key_t *get_public_key(certificate_t *public)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;

	return this->key->get_ref(this->key);
}

/* A raw key does not expire. */
static bool get_validity(certificate_t *public, const time_t *when,
			 time_t *not_before, time_t *not_after)
{
	if (not_before) {
		*not_before = 0;
	}
	if (not_after) {
		*not_after = (time_t)INT64_MAX;
	}
	return true;
}

static bool get_encoding(certificate_t *public, chunk_t *der)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;

	return this->key->get_encoding(this->key, der);
}

static bool equals(certificate_t *public, certificate_t *other)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;
	public_key_t *key;
	bool same;

	if (public == other) {
		return true;
	}
	if (other->get_type(other) != CERT_TRUSTED_PUBKEY) {
		return false;
	}
	key = other->get_public_key(other);
	same = key && this->key->equals(this->key, key) &&
	       this->subject->equals(this->subject, other->get_subject(other));
	DESTROY_IF(key);
	return same;
}

static certificate_t *get_ref(certificate_t *public)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(certificate_t *public)
{
	private_pubkey_cert_t *this = (private_pubkey_cert_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	this->key->destroy(this->key);
	this->subject->destroy(this->subject);
	free(this);
}

certificate_t *pubkey_cert_create(public_key_t *key, identification_t *subject)
{
	private_pubkey_cert_t *this;
	identification_t *id;
	chunk_t fp;

	if (!key) {
		return NULL;
	}
	if (subject && subject->get_type(subject) != ID_ANY) {
		id = subject->clone(subject);
	} else {
		if (!key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
			return NULL;
		}
		id = identification_create_from_encoding(ID_KEY_ID, fp);
		if (!id) {
			return NULL;
		}
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_pubkey_cert_t){
		.public = {
			.get_type = get_type,
			.get_subject = get_subject,
			.has_subject = has_subject,
			.get_issuer = get_issuer,
			.has_issuer = has_issuer,
			.issued_by = issued_by,
			.get_public_key = get_public_key,
			.get_validity = get_validity,
			.get_encoding = get_encoding,
			.equals = equals,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.key = key->get_ref(key),
		.subject = id,
		.refs = 1,
	};
	return &this->public;
}
