/**
 * @file cred_factory.h
 * Where plugins register credential constructors (key and certificate
 * decoders) and everyone else turns blobs into credentials: lib->creds does
 * for credentials what lib->crypto does for algorithms.
 *
 * A blob may be PEM or DER; each constructor takes what it understands and
 * returns NULL otherwise, so the factory tries them in registration order
 * (`load =` order) until one succeeds. A PEM decoder unwraps the armor and
 * asks the factory again with the DER inside.
 *
 * Plugins register by giving a feature the constructor and
 * cred_factory_feature_cb as callback (see CRED_FEATURE() below).
 */
#ifndef CYGNET_CRED_FACTORY_H
#define CYGNET_CRED_FACTORY_H

#include "library.h"
#include "collections/linked_list.h"
#include "credentials/keys/private_key.h"
#include "credentials/certificates/certificate.h"
#include "plugins/plugin_feature.h"

typedef struct cred_factory_t cred_factory_t;
typedef struct credential_manager_t credential_manager_t;

/** Kinds of constructor the factory knows. */
typedef enum cred_kind_t {
	CRED_PRIVATE_KEY,	/**< private_key_constructor_t, subtype key_type_t */
	CRED_PUBLIC_KEY,	/**< public_key_constructor_t, subtype key_type_t */
	CRED_CERTIFICATE,	/**< certificate_constructor_t, subtype certificate_type_t */
	CRED_CONTAINER,		/**< pkcs12_constructor_t, subtype 0 */
	CRED_KIND_MAX,
} cred_kind_t;

/**
 * Decode a private key. @p type KEY_ANY: detect the type (PKCS#8 says it;
 * a bare PKCS#1/SEC1 structure by its shape). @p secrets (may be NULL)
 * offers SHARED_PRIVATE_KEY_PASS keys for encrypted keys.
 */
typedef private_key_t *(*private_key_constructor_t)(key_type_t type, chunk_t blob,
						    credential_manager_t *secrets);

/**
 * Decode a public key from a SubjectPublicKeyInfo (any type), or for
 * KEY_RSA also a PKCS#1 RSAPublicKey.
 */
typedef public_key_t *(*public_key_constructor_t)(key_type_t type, chunk_t blob);

/** Decode a certificate or CRL (@p type CERT_ANY: whatever it is). */
typedef certificate_t *(*certificate_constructor_t)(certificate_type_t type,
						    chunk_t blob);

/**
 * Open a PKCS#12 file: its private key (optional output) and its
 * certificates (appended to @p certs as certificate_t *, optional).
 */
typedef bool (*pkcs12_constructor_t)(chunk_t blob, credential_manager_t *secrets,
				     private_key_t **key, linked_list_t *certs);

struct cred_factory_t {
	/** Register @p constructor for (@p kind, @p subtype). */
	void (*add)(cred_factory_t *this, cred_kind_t kind, int subtype,
		    const char *plugin_name, void *constructor);
	/** Remove every registration of @p constructor. */
	void (*remove)(cred_factory_t *this, cred_kind_t kind, void *constructor);

	/*
	 * The create functions try the constructors registered for the subtype
	 * (and those registered for subtype 0 = any) in order; with subtype 0
	 * they try all. They return the first credential made, NULL if none.
	 */
	private_key_t *(*create_private_key)(cred_factory_t *this, key_type_t type,
					     chunk_t blob, credential_manager_t *secrets);
	public_key_t *(*create_public_key)(cred_factory_t *this, key_type_t type,
					   chunk_t blob);
	certificate_t *(*create_cert)(cred_factory_t *this, certificate_type_t type,
				      chunk_t blob);
	bool (*load_pkcs12)(cred_factory_t *this, chunk_t blob,
			    credential_manager_t *secrets, private_key_t **key,
			    linked_list_t *certs);

	/** True if something is registered for (kind, subtype). */
	bool (*supports)(cred_factory_t *this, cred_kind_t kind, int subtype);

	/**
	 * Registrations of @p kind: enumerate(e, int *subtype,
	 * const char **plugin_name), on a snapshot.
	 */
	enumerator_t *(*create_enumerator)(cred_factory_t *this, cred_kind_t kind);

	void (*destroy)(cred_factory_t *this);
};

cred_factory_t *cred_factory_create(void);

/**
 * Feature callback that (un)registers feature->constructor with lib->creds:
 * FEATURE_PRIVKEY → CRED_PRIVATE_KEY, FEATURE_PUBKEY → CRED_PUBLIC_KEY,
 * FEATURE_CERT_DECODE → CRED_CERTIFICATE (subtype = provides.alg), and
 * FEATURE_CUSTOM "pkcs12" → CRED_CONTAINER.
 */
bool cred_factory_feature_cb(plugin_t *plugin, const plugin_feature_t *feature,
			     bool loading, void *data);

/** A plugin feature registering a credential constructor. */
#define CRED_FEATURE(ftype, subtype, ctor) \
	{ .provides = FEATURE_ID(ftype, subtype), \
	  .constructor = (void *)(ctor), \
	  .callback = cred_factory_feature_cb }

#endif
