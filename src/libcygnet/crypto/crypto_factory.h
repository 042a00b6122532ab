/**
 * @file crypto_factory.h
 * Where plugins register crypto constructors and everyone else creates
 * crypto objects. The core knows no algorithm: it only looks up what a
 * plugin registered.
 */
#ifndef CYGNET_CRYPTO_FACTORY_H
#define CYGNET_CRYPTO_FACTORY_H

#include "library.h"
#include "collections/enumerator.h"
#include "crypto/crypter.h"
#include "crypto/aead.h"
#include "crypto/signer.h"
#include "crypto/prf.h"
#include "crypto/hasher.h"
#include "crypto/key_exchange.h"
#include "crypto/rng.h"
#include "crypto/nonce_gen.h"

/** Kinds of crypto object the factory knows. */
typedef enum crypto_kind_t {
	CRYPTO_CRYPTER,
	CRYPTO_AEAD,
	CRYPTO_SIGNER,
	CRYPTO_PRF,
	CRYPTO_HASHER,
	CRYPTO_KE,
	CRYPTO_RNG,
	CRYPTO_NONCE_GEN,
	CRYPTO_KIND_MAX,
} crypto_kind_t;

/** Name of a kind ("CRYPTER", …), as listalgs prints it. */
const char *crypto_kind_name(crypto_kind_t kind);

struct crypto_factory_t {
	/**
	 * Register a constructor for algorithm @p alg of @p kind (for RNGs,
	 * @p alg is the rng_quality_t). Several plugins may register the same
	 * algorithm; the one registered first wins.
	 */
	void (*add)(crypto_factory_t *this, crypto_kind_t kind, int alg,
		    const char *plugin_name, void *constructor);
	/** Remove every registration of @p constructor. */
	void (*remove)(crypto_factory_t *this, crypto_kind_t kind, void *constructor);

	/*
	 * The create functions try the constructors registered for the
	 * algorithm in order and return the first object one of them made,
	 * NULL if none did (unsupported algorithm or key size).
	 */
	crypter_t *(*create_crypter)(crypto_factory_t *this,
				     encryption_algorithm_t alg, size_t key_size);
	aead_t *(*create_aead)(crypto_factory_t *this,
			       encryption_algorithm_t alg, size_t key_size);
	signer_t *(*create_signer)(crypto_factory_t *this, integrity_algorithm_t alg);
	prf_t *(*create_prf)(crypto_factory_t *this, pseudo_random_function_t alg);
	hasher_t *(*create_hasher)(crypto_factory_t *this, hash_algorithm_t alg);
	key_exchange_t *(*create_ke)(crypto_factory_t *this, key_exchange_method_t method);
	/**
	 * An RNG of at least @p quality: one registered for exactly that
	 * quality if there is one, else the weakest better one.
	 */
	rng_t *(*create_rng)(crypto_factory_t *this, rng_quality_t quality);
	nonce_gen_t *(*create_nonce_gen)(crypto_factory_t *this);

	/** True if something is registered for (kind, alg); for RNGs, for a
	 *  quality of at least @p alg. */
	bool (*supports)(crypto_factory_t *this, crypto_kind_t kind, int alg);

	/**
	 * Enumerate registrations of @p kind:
	 * enumerate(e, int *alg, const char **plugin_name), in registration
	 * order, each (alg, plugin) once. Works on a snapshot.
	 */
	enumerator_t *(*create_enumerator)(crypto_factory_t *this, crypto_kind_t kind);

	void (*destroy)(crypto_factory_t *this);
};

crypto_factory_t *crypto_factory_create(void);

#endif
