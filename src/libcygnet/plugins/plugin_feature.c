/*
 * Matching and printing of feature identifiers.
 */
#include <stdio.h>

#include "plugins/plugin_feature.h"
#include "crypto/transform.h"
#include "crypto/rng.h"
#include "credentials/certificates/certificate.h"

static const char *type_names[FEATURE_TYPE_MAX] = {
	[FEATURE_NONE] = "NONE",
	[FEATURE_CRYPTER] = "CRYPTER",
	[FEATURE_AEAD] = "AEAD",
	[FEATURE_SIGNER] = "SIGNER",
	[FEATURE_PRF] = "PRF",
	[FEATURE_HASHER] = "HASHER",
	[FEATURE_KE] = "KE",
	[FEATURE_RNG] = "RNG",
	[FEATURE_NONCE_GEN] = "NONCE_GEN",
	[FEATURE_PRIVKEY] = "PRIVKEY",
	[FEATURE_PUBKEY] = "PUBKEY",
	[FEATURE_PRIVKEY_SIGN] = "PRIVKEY_SIGN",
	[FEATURE_PUBKEY_VERIFY] = "PUBKEY_VERIFY",
	[FEATURE_CERT_DECODE] = "CERT_DECODE",
	[FEATURE_CERT_ENCODE] = "CERT_ENCODE",
	[FEATURE_FETCHER] = "FETCHER",
	[FEATURE_CUSTOM] = "CUSTOM",
};

static bool is_named(feature_type_t type)
{
	return type == FEATURE_FETCHER || type == FEATURE_CUSTOM;
}

bool feature_id_matches(const feature_id_t *have, const feature_id_t *want)
{
	if (have->type != want->type)
	{
		return false;
	}
	if (is_named(want->type))
	{
		/* a NULL name in a dependency accepts any provider of the type */
		return !want->name || streq(have->name, want->name);
	}
	if (want->type == FEATURE_RNG)
	{
		/* a better RNG serves every weaker need */
		return have->alg >= want->alg;
	}
	if (want->alg && have->alg != want->alg)
	{
		return false;
	}
	/* a provider without key size offers all of them */
	return !want->key_size || !have->key_size ||
	       have->key_size == want->key_size;
}

/* Name of the algorithm argument, NULL where the type has no name table. */
static const char *alg_name(feature_type_t type, int alg)
{
	switch (type)
	{
	case FEATURE_CRYPTER:
	case FEATURE_AEAD:
		return encryption_algorithm_name(alg);
	case FEATURE_SIGNER:
		return integrity_algorithm_name(alg);
	case FEATURE_PRF:
		return pseudo_random_function_name(alg);
	case FEATURE_HASHER:
		return hash_algorithm_name(alg);
	case FEATURE_KE:
		return key_exchange_method_name(alg);
	case FEATURE_RNG:
		return rng_quality_name(alg);
	case FEATURE_PRIVKEY:
	case FEATURE_PUBKEY:
		return key_type_name(alg);
	case FEATURE_PRIVKEY_SIGN:
	case FEATURE_PUBKEY_VERIFY:
		return signature_scheme_name(alg);
	case FEATURE_CERT_DECODE:
	case FEATURE_CERT_ENCODE:
		return certificate_type_name(alg);
	default:
		return NULL;
	}
}

void feature_id_print(const feature_id_t *id, char *buf, size_t len)
{
	const char *type = NULL, *name;
	int n;

	if (!buf || !len)
	{
		return;
	}
	if ((int)id->type >= 0 && id->type < FEATURE_TYPE_MAX)
	{
		type = type_names[id->type];
	}
	if (!type)
	{
		snprintf(buf, len, "FEATURE_%d", (int)id->type);
		return;
	}
	if (is_named(id->type))
	{
		snprintf(buf, len, "%s:%s", type, id->name ? id->name : "any");
		return;
	}
	if (id->type == FEATURE_NONCE_GEN || id->type == FEATURE_NONE)
	{
		snprintf(buf, len, "%s", type);
		return;
	}
	if (!id->alg)
	{
		n = snprintf(buf, len, "%s:any", type);
	}
	else
	{
		name = alg_name(id->type, id->alg);
		if (name)
		{
			n = snprintf(buf, len, "%s:%s", type, name);
		}
		else
		{
			n = snprintf(buf, len, "%s:%d", type, id->alg);
		}
	}
	if (id->key_size && n > 0 && (size_t)n < len)
	{
		snprintf(buf + n, len - n, "-%zu", id->key_size);
	}
}

crypto_kind_t feature_type_crypto_kind(feature_type_t type)
{
	switch (type)
	{
	case FEATURE_CRYPTER:
		return CRYPTO_CRYPTER;
	case FEATURE_AEAD:
		return CRYPTO_AEAD;
	case FEATURE_SIGNER:
		return CRYPTO_SIGNER;
	case FEATURE_PRF:
		return CRYPTO_PRF;
	case FEATURE_HASHER:
		return CRYPTO_HASHER;
	case FEATURE_KE:
		return CRYPTO_KE;
	case FEATURE_RNG:
		return CRYPTO_RNG;
	case FEATURE_NONCE_GEN:
		return CRYPTO_NONCE_GEN;
	default:
		return CRYPTO_KIND_MAX;
	}
}
