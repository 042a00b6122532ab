/*
 * Keys as EVP_PKEYs. One object type serves all families: what differs is
 * only how a signature is made, so sign/verify dispatch on the key type.
 * The SubjectPublicKeyInfo and its fingerprints are computed once, at
 * creation, since keys never change.
 */
#include <openssl/x509.h>

#include "openssl_pkey.h"
#include "credentials/keys/key_encoding.h"

/* what public and private keys hold alike */
typedef struct {
	EVP_PKEY *key;
	key_type_t type;
	chunk_t spki;
	key_fingerprints_t fps;
	unsigned int refs;
} pkey_state_t;

typedef struct {
	public_key_t public;
	pkey_state_t k;
} private_openssl_public_key_t;

typedef struct {
	private_key_t public;
	pkey_state_t k;
} private_openssl_private_key_t;

key_type_t openssl_key_type(EVP_PKEY *pkey)
{
	switch (EVP_PKEY_get_base_id(pkey)) {
	case EVP_PKEY_RSA:
		return KEY_RSA;
	case EVP_PKEY_EC:
		return KEY_ECDSA;
	case EVP_PKEY_ED25519:
		return KEY_ED25519;
	case EVP_PKEY_ED448:
		return KEY_ED448;
	default:
		return KEY_ANY;
	}
}

const EVP_MD *openssl_md(hash_algorithm_t hash)
{
	switch (hash) {
	case HASH_SHA1:
		return EVP_sha1();
	case HASH_SHA224:
		return EVP_sha224();
	case HASH_SHA256:
		return EVP_sha256();
	case HASH_SHA384:
		return EVP_sha384();
	case HASH_SHA512:
		return EVP_sha512();
	default:
		return NULL;
	}
}

bool openssl_digest_sign(EVP_PKEY *key, const EVP_MD *md,
			 bool (*setup)(EVP_PKEY_CTX *pctx, const void *arg),
			 const void *arg, chunk_t data, chunk_t *sig)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	size_t len = 0;
	bool ok = false;

	if (!ctx) {
		return false;
	}
	if (EVP_DigestSignInit(ctx, &pctx, md, NULL, key) == 1 &&
	    (!setup || setup(pctx, arg)) &&
	    EVP_DigestSign(ctx, NULL, &len, data.ptr, data.len) == 1) {
		*sig = chunk_alloc(len);
		if (EVP_DigestSign(ctx, sig->ptr, &len, data.ptr, data.len) == 1) {
			sig->len = len;
			ok = true;
		} else {
			chunk_free(sig);
		}
	}
	EVP_MD_CTX_free(ctx);
	return ok;
}

bool openssl_digest_verify(EVP_PKEY *key, const EVP_MD *md,
			   bool (*setup)(EVP_PKEY_CTX *pctx, const void *arg),
			   const void *arg, chunk_t data, chunk_t sig)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok;

	if (!ctx) {
		return false;
	}
	ok = EVP_DigestVerifyInit(ctx, &pctx, md, NULL, key) == 1 &&
	     (!setup || setup(pctx, arg)) &&
	     EVP_DigestVerify(ctx, sig.ptr, sig.len, data.ptr, data.len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static int keysize(EVP_PKEY *key, key_type_t type)
{
	/* EdDSA: the encoded key length, as IKE implementations report it */
	switch (type) {
	case KEY_ED25519:
		return 256;
	case KEY_ED448:
		return 456;
	default:
		return EVP_PKEY_get_bits(key);
	}
}

/* DER SubjectPublicKeyInfo of @p key, allocated. */
static bool spki_of(EVP_PKEY *key, chunk_t *spki)
{
	unsigned char *p;
	int len;

	len = i2d_PUBKEY(key, NULL);
	if (len <= 0) {
		return false;
	}
	*spki = chunk_alloc(len);
	p = spki->ptr;
	if (i2d_PUBKEY(key, &p) != len) {
		chunk_free(spki);
		return false;
	}
	return true;
}

/*
 * Take over @p pkey: its type, SPKI and fingerprints, one reference.
 * False, and @p pkey freed, for a type we do not handle.
 */
static bool state_init(pkey_state_t *k, EVP_PKEY *pkey)
{
	k->type = openssl_key_type(pkey);
	if (k->type == KEY_ANY || !spki_of(pkey, &k->spki)) {
		EVP_PKEY_free(pkey);
		return false;
	}
	k->key = pkey;
	k->refs = 1;
	key_fingerprints_init(&k->fps, k->spki);
	return true;
}

/* Drop a reference; true if it was the last, the state then freed. */
static bool state_unref(pkey_state_t *k)
{
	if (__atomic_sub_fetch(&k->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return false;
	}
	/* EVP_PKEY_free clears private key material */
	EVP_PKEY_free(k->key);
	key_fingerprints_free(&k->fps);
	chunk_free(&k->spki);
	return true;
}

static bool family_sign(EVP_PKEY *key, key_type_t type, signature_scheme_t scheme,
			const void *params, chunk_t data, chunk_t *sig)
{
	if (key_type_from_signature_scheme(scheme) != type) {
		DBG1(DBG_LIB, "signature scheme %s not supported by %s key",
		     signature_scheme_name(scheme), key_type_name(type));
		return false;
	}
	switch (type) {
	case KEY_RSA:
		return openssl_rsa_sign(key, scheme, params, data, sig);
	case KEY_ECDSA:
		return openssl_ec_sign(key, scheme, data, sig);
	case KEY_ED25519:
	case KEY_ED448:
		return openssl_ed_sign(key, scheme, data, sig);
	default:
		return false;
	}
}

static bool family_verify(EVP_PKEY *key, key_type_t type, signature_scheme_t scheme,
			  const void *params, chunk_t data, chunk_t sig)
{
	if (key_type_from_signature_scheme(scheme) != type) {
		DBG1(DBG_LIB, "signature scheme %s not supported by %s key",
		     signature_scheme_name(scheme), key_type_name(type));
		return false;
	}
	switch (type) {
	case KEY_RSA:
		return openssl_rsa_verify(key, scheme, params, data, sig);
	case KEY_ECDSA:
		return openssl_ec_verify(key, scheme, data, sig);
	case KEY_ED25519:
	case KEY_ED448:
		return openssl_ed_verify(key, scheme, data, sig);
	default:
		return false;
	}
}

/* public key */

static key_type_t pub_get_type(public_key_t *public)
{
	return ((private_openssl_public_key_t *)public)->k.type;
}

static bool pub_verify(public_key_t *public, signature_scheme_t scheme,
		       const void *params, chunk_t data, chunk_t signature)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	return family_verify(this->k.key, this->k.type, scheme, params, data, signature);
}

static int pub_get_keysize(public_key_t *public)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	return keysize(this->k.key, this->k.type);
}

static bool pub_get_fingerprint(public_key_t *public, key_fingerprint_t type,
				chunk_t *fp)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	return key_fingerprints_get(&this->k.fps, type, fp);
}

static bool pub_has_fingerprint(public_key_t *public, chunk_t fp)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	return key_fingerprints_has(&this->k.fps, fp);
}

static bool pub_get_encoding(public_key_t *public, chunk_t *der)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	*der = chunk_clone(this->k.spki);
	return true;
}

static public_key_t *pub_get_ref(public_key_t *public)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	__atomic_add_fetch(&this->k.refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void pub_destroy(public_key_t *public)
{
	private_openssl_public_key_t *this = (private_openssl_public_key_t *)public;

	if (state_unref(&this->k)) {
		free(this);
	}
}

public_key_t *openssl_public_key_wrap(EVP_PKEY *pkey)
{
	private_openssl_public_key_t *this = mem_zalloc(sizeof(*this));

	*this = (private_openssl_public_key_t){
		.public = {
			.get_type = pub_get_type,
			.verify = pub_verify,
			.get_keysize = pub_get_keysize,
			.get_fingerprint = pub_get_fingerprint,
			.has_fingerprint = pub_has_fingerprint,
			.get_encoding = pub_get_encoding,
			.equals = public_key_equals_generic,
			.get_ref = pub_get_ref,
			.destroy = pub_destroy,
		},
	};
	if (!state_init(&this->k, pkey)) {
		free(this);
		return NULL;
	}
	return &this->public;
}

/* private key */

static key_type_t priv_get_type(private_key_t *public)
{
	return ((private_openssl_private_key_t *)public)->k.type;
}

static bool priv_sign(private_key_t *public, signature_scheme_t scheme,
		      const void *params, chunk_t data, chunk_t *signature)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	return family_sign(this->k.key, this->k.type, scheme, params, data, signature);
}

static int priv_get_keysize(private_key_t *public)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	return keysize(this->k.key, this->k.type);
}

static public_key_t *priv_get_public_key(private_key_t *public)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	/* through the factory, so the configured backend verifies */
	return lib->creds->create_public_key(lib->creds, this->k.type, this->k.spki) ?:
	       openssl_public_key_load(this->k.type, this->k.spki);
}

static bool priv_get_fingerprint(private_key_t *public, key_fingerprint_t type,
				 chunk_t *fp)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	return key_fingerprints_get(&this->k.fps, type, fp);
}

static bool priv_has_fingerprint(private_key_t *public, chunk_t fp)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	return key_fingerprints_has(&this->k.fps, fp);
}

static bool priv_belongs_to(private_key_t *public, public_key_t *key)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;
	chunk_t fp;

	if (!key || key->get_type(key) != this->k.type) {
		return false;
	}
	if (key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
		return key_fingerprints_has(&this->k.fps, fp);
	}
	return false;
}

static bool priv_get_encoding(private_key_t *public, chunk_t *der)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;
	PKCS8_PRIV_KEY_INFO *p8;
	unsigned char *p;
	int len;

	p8 = EVP_PKEY2PKCS8(this->k.key);
	if (!p8) {
		return false;
	}
	len = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
	if (len <= 0) {
		PKCS8_PRIV_KEY_INFO_free(p8);
		return false;
	}
	*der = chunk_alloc(len);
	p = der->ptr;
	i2d_PKCS8_PRIV_KEY_INFO(p8, &p);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return true;
}

static private_key_t *priv_get_ref(private_key_t *public)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	__atomic_add_fetch(&this->k.refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void priv_destroy(private_key_t *public)
{
	private_openssl_private_key_t *this = (private_openssl_private_key_t *)public;

	if (state_unref(&this->k)) {
		free(this);
	}
}

private_key_t *openssl_private_key_wrap(EVP_PKEY *pkey)
{
	private_openssl_private_key_t *this = mem_zalloc(sizeof(*this));

	*this = (private_openssl_private_key_t){
		.public = {
			.get_type = priv_get_type,
			.sign = priv_sign,
			.get_keysize = priv_get_keysize,
			.get_public_key = priv_get_public_key,
			.get_fingerprint = priv_get_fingerprint,
			.has_fingerprint = priv_has_fingerprint,
			.belongs_to = priv_belongs_to,
			.get_encoding = priv_get_encoding,
			.get_ref = priv_get_ref,
			.destroy = priv_destroy,
		},
	};
	if (!state_init(&this->k, pkey)) {
		free(this);
		return NULL;
	}
	return &this->public;
}
