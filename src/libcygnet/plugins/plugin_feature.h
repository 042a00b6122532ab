/**
 * @file plugin_feature.h
 * Features: the unit in which plugins offer and need capabilities.
 *
 * A plugin's table lists features. Each one names what it provides, the
 * features it depends on (hard: it stays disabled without them) and soft
 * dependencies (load after them if they exist). Crypto features carry the
 * constructor the loader registers with the crypto factory; other features
 * carry a callback the loader calls once the dependencies are up.
 */
#ifndef CYGNET_PLUGIN_FEATURE_H
#define CYGNET_PLUGIN_FEATURE_H

#include "library.h"
#include "crypto/crypto_factory.h"

/** What a feature is about. */
typedef enum feature_type_t {
	FEATURE_NONE = 0,
	FEATURE_CRYPTER,	/**< arg: encryption_algorithm_t, key size */
	FEATURE_AEAD,		/**< arg: encryption_algorithm_t, key size */
	FEATURE_SIGNER,		/**< arg: integrity_algorithm_t */
	FEATURE_PRF,		/**< arg: pseudo_random_function_t */
	FEATURE_HASHER,		/**< arg: hash_algorithm_t */
	FEATURE_KE,		/**< arg: key_exchange_method_t */
	FEATURE_RNG,		/**< arg: rng_quality_t (a dependency is met by any quality ≥) */
	FEATURE_NONCE_GEN,	/**< no arg */
	FEATURE_PRIVKEY,	/**< arg: key type; load a private key */
	FEATURE_PUBKEY,		/**< arg: key type */
	FEATURE_PRIVKEY_SIGN,	/**< arg: signature scheme */
	FEATURE_PUBKEY_VERIFY,	/**< arg: signature scheme */
	FEATURE_CERT_DECODE,	/**< arg: certificate type */
	FEATURE_CERT_ENCODE,	/**< arg: certificate type */
	FEATURE_FETCHER,	/**< name: URL scheme, e.g. "http://" */
	FEATURE_CUSTOM,		/**< name: anything, e.g. "kernel-ipsec", "socket" */
	FEATURE_TYPE_MAX,
} feature_type_t;

/** Identifies a capability: type plus algorithm (or name). */
typedef struct feature_id_t {
	feature_type_t type;
	int alg;		/**< algorithm / quality / key type, 0 = any */
	size_t key_size;	/**< for crypters and AEADs, bytes; 0 = any */
	const char *name;	/**< for FEATURE_FETCHER and FEATURE_CUSTOM */
} feature_id_t;

/** Most dependencies one feature may list, of each kind. */
#define FEATURE_MAX_DEPS 4

typedef struct plugin_feature_t plugin_feature_t;
typedef struct plugin_t plugin_t;

/**
 * Called when the feature comes up (@p loading true) and goes down (false).
 * Returning false while loading disables the feature.
 */
typedef bool (*feature_callback_t)(plugin_t *plugin,
				   const plugin_feature_t *feature,
				   bool loading, void *data);

struct plugin_feature_t {
	/** The capability provided. */
	feature_id_t provides;
	/** Crypto constructor, registered with lib->crypto for crypto types. */
	void *constructor;
	/** Called on load and unload (optional). */
	feature_callback_t callback;
	/** Opaque data passed to the callback. */
	void *data;
	/** Hard dependencies (type FEATURE_NONE ends the list early). */
	feature_id_t depends[FEATURE_MAX_DEPS];
	/** Soft dependencies: ordering only. */
	feature_id_t sdepends[FEATURE_MAX_DEPS];
};

/** Shorthands for building feature tables. */
#define FEATURE_ID(t, a)	((feature_id_t){ .type = (t), .alg = (a) })
#define FEATURE_ID_KEY(t, a, k)	((feature_id_t){ .type = (t), .alg = (a), .key_size = (k) })
#define FEATURE_ID_NAME(t, n)	((feature_id_t){ .type = (t), .name = (n) })

/** True if a provided @p have satisfies a need for @p want. */
bool feature_id_matches(const feature_id_t *have, const feature_id_t *want);

/** Human-readable form, e.g. "CRYPTER:AES_CBC-16", "CUSTOM:kernel-ipsec". */
void feature_id_print(const feature_id_t *id, char *buf, size_t len);

/** The crypto kind of a crypto feature type, CRYPTO_KIND_MAX for others. */
crypto_kind_t feature_type_crypto_kind(feature_type_t type);

#endif
