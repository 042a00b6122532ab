/**
 * @file public_key.h
 * Public keys, key types and signature schemes (RFC 7427).
 *
 * Key objects come from lib->creds (credentials/cred_factory.h), which
 * hands a blob to the constructors plugins registered (openssl, gmp, …).
 * Keys are reference counted: get_ref() adds one, destroy() drops one.
 */
#ifndef CYGNET_PUBLIC_KEY_H
#define CYGNET_PUBLIC_KEY_H

#include "library.h"
#include "crypto/transform.h"

typedef struct public_key_t public_key_t;

/** Kinds of asymmetric key. */
typedef enum key_type_t {
	KEY_ANY = 0,		/**< any type, or: detect it from the encoding */
	KEY_RSA = 1,
	KEY_ECDSA = 2,		/**< NIST P-256, P-384, P-521 */
	KEY_ED25519 = 4,
	KEY_ED448 = 5,
} key_type_t;

/**
 * Signature schemes.
 *
 * The *_DER ECDSA schemes produce an ASN.1 Ecdsa-Sig-Value (RFC 7427 and
 * X.509); SIGN_ECDSA_256/384/521 produce the fixed-length r|s IKEv2 auth
 * methods 9-11 use (RFC 4754), each with its curve's hash. Ed25519/Ed448
 * sign the data itself (PureEdDSA, RFC 8420).
 */
typedef enum signature_scheme_t {
	SIGN_UNKNOWN = 0,
	SIGN_RSA_EMSA_PKCS1_SHA1,	/**< IKEv2 auth method 1 (RFC 7296) */
	SIGN_RSA_EMSA_PKCS1_SHA2_224,
	SIGN_RSA_EMSA_PKCS1_SHA2_256,
	SIGN_RSA_EMSA_PKCS1_SHA2_384,
	SIGN_RSA_EMSA_PKCS1_SHA2_512,
	SIGN_RSA_EMSA_PSS,		/**< params: rsa_pss_params_t */
	SIGN_ECDSA_WITH_SHA1_DER,
	SIGN_ECDSA_WITH_SHA256_DER,
	SIGN_ECDSA_WITH_SHA384_DER,
	SIGN_ECDSA_WITH_SHA512_DER,
	SIGN_ECDSA_256,			/**< P-256 with SHA-256, r|s */
	SIGN_ECDSA_384,			/**< P-384 with SHA-384, r|s */
	SIGN_ECDSA_521,			/**< P-521 with SHA-512, r|s */
	SIGN_ED25519,
	SIGN_ED448,
	SIGN_SCHEME_MAX,
} signature_scheme_t;

/** RFC 7427 spelling: SHA-512 is the hash used with P-521 too. */
#define SIGN_ECDSA_WITH_SHA521_DER SIGN_ECDSA_WITH_SHA512_DER

/** Salt length: as long as the hash output (RFC 8017 default for IKE). */
#define RSA_PSS_SALT_LEN_DEFAULT	-1
/** Salt length: as long as the key allows (verifying: accept any). */
#define RSA_PSS_SALT_LEN_MAX		-2

/** Parameters of SIGN_RSA_EMSA_PSS (RFC 8017 RSASSA-PSS-params). */
typedef struct rsa_pss_params_t {
	hash_algorithm_t hash;		/**< message hash */
	hash_algorithm_t mgf1_hash;	/**< MGF1 hash, usually the same */
	ssize_t salt_len;		/**< bytes, or RSA_PSS_SALT_LEN_* */
} rsa_pss_params_t;

/** A scheme with its parameters, as RFC 7427 AUTH payloads carry them. */
typedef struct signature_params_t {
	signature_scheme_t scheme;
	rsa_pss_params_t pss;		/**< for SIGN_RSA_EMSA_PSS only */
} signature_params_t;

/** Kinds of key fingerprint (all SHA-1, cached by the key). */
typedef enum key_fingerprint_t {
	/** SHA-1 of the DER SubjectPublicKeyInfo: IKEv2 CERTREQ CA hashes
	 *  (RFC 7296 §3.7) and "Hash and URL" */
	KEYID_PUBKEY_INFO_SHA1 = 0,
	/** SHA-1 of the subjectPublicKey BIT STRING contents (the raw key, for
	 *  RSA the PKCS#1 RSAPublicKey): RFC 5280 §4.2.1.2 method (1) key
	 *  identifiers, as in subject/authority key identifiers */
	KEYID_PUBKEY_SHA1 = 1,
	KEYID_MAX,
} key_fingerprint_t;

struct public_key_t {
	key_type_t (*get_type)(public_key_t *this);
	/**
	 * Verify @p signature over @p data.
	 *
	 * @param params	rsa_pss_params_t * for SIGN_RSA_EMSA_PSS (NULL:
	 *			SHA-256, MGF1-SHA-256, any salt length); ignored
	 *			by other schemes
	 * @return		true if the signature is valid; false if it is
	 *			not, or the scheme does not fit the key
	 */
	bool (*verify)(public_key_t *this, signature_scheme_t scheme,
		       const void *params, chunk_t data, chunk_t signature);
	/** Key size in bits (RSA modulus, EC curve order; 256 for Ed25519,
	 *  456 for Ed448). */
	int (*get_keysize)(public_key_t *this);
	/**
	 * A fingerprint, computed once and cached; @p fp points into the key
	 * and stays valid while the reference is held. False if no SHA-1
	 * hasher is available.
	 */
	bool (*get_fingerprint)(public_key_t *this, key_fingerprint_t type,
				chunk_t *fp);
	/** True if @p fp equals one of the key's fingerprints. */
	bool (*has_fingerprint)(public_key_t *this, chunk_t fp);
	/** DER SubjectPublicKeyInfo, allocated (the caller frees it). */
	bool (*get_encoding)(public_key_t *this, chunk_t *der);
	/** Same key (compares the SubjectPublicKeyInfo encodings). */
	bool (*equals)(public_key_t *this, public_key_t *other);
	public_key_t *(*get_ref)(public_key_t *this);
	void (*destroy)(public_key_t *this);
};

/** Name of a key type ("RSA", "ECDSA", "ED25519", "ED448", "ANY"). */
const char *key_type_name(key_type_t type);

/** Name of a scheme, e.g. "RSA_EMSA_PSS", "ECDSA_WITH_SHA256_DER". */
const char *signature_scheme_name(signature_scheme_t scheme);

/** The key type a scheme needs (KEY_ANY for SIGN_UNKNOWN). */
key_type_t key_type_from_signature_scheme(signature_scheme_t scheme);

/**
 * The hash a scheme uses: HASH_SHA1…HASH_SHA512 (their RFC 7427 numbers),
 * HASH_IDENTITY for EdDSA, the params' hash for PSS (@p params may be NULL),
 * HASH_UNKNOWN for SIGN_UNKNOWN.
 */
hash_algorithm_t hash_from_signature_scheme(signature_scheme_t scheme,
					    const void *params);

/**
 * Schemes for signing with a key, best first, for RFC 7427 AUTH: RSA gives
 * PSS with SHA-256/384/512 (salt = hash length), then PKCS#1 v1.5 SHA-256/
 * 384/512; ECDSA gives the DER scheme matching the curve, then the others;
 * EdDSA its only scheme.
 *
 * @param key_size	bits (picks the ECDSA hash), 0 if unknown
 * @param out		receives up to @p max schemes
 * @return		number of schemes written
 */
int signature_schemes_for_key(key_type_t type, int key_size,
			      signature_params_t *out, int max);

/**
 * The DER AlgorithmIdentifier of a scheme (RFC 7427 §3 AUTH data; for PSS
 * with explicit RSASSA-PSS-params). Allocated. False for schemes without
 * one (SIGN_ECDSA_256/384/521, SIGN_UNKNOWN).
 */
bool signature_params_build(const signature_params_t *params, chunk_t *aid);

/**
 * Parse a DER AlgorithmIdentifier into a scheme (and PSS parameters;
 * absent PSS fields take RFC 8017's defaults). @p aid may be followed by
 * more data: @p len (optional) receives the AlgorithmIdentifier's length,
 * so an RFC 7427 AUTH payload splits into identifier and signature.
 *
 * @return	false if malformed or unknown
 */
bool signature_params_parse(chunk_t aid, signature_params_t *params, size_t *len);

/** Equal schemes (and equal PSS parameters). */
bool signature_params_equal(const signature_params_t *a, const signature_params_t *b);

#endif
