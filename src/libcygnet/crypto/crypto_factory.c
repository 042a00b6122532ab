/*
 * The crypto factory: per-kind lists of constructors plugins registered.
 *
 * Look-ups vastly outnumber registrations (which only happen while plugins
 * load and unload), hence a rwlock. No constructor runs under the lock.
 */
#include <pthread.h>

#include "crypto/crypto_factory.h"
#include "collections/linked_list.h"

typedef struct private_crypto_factory_t private_crypto_factory_t;

struct private_crypto_factory_t {
	crypto_factory_t public;
	/** entry_t per kind, in registration order */
	linked_list_t *lists[CRYPTO_KIND_MAX];
	pthread_rwlock_t lock;
};

typedef struct entry_t {
	int alg;
	char *plugin_name;
	void *constructor;
} entry_t;

static const char *kind_names[CRYPTO_KIND_MAX] = {
	[CRYPTO_CRYPTER] = "CRYPTER",
	[CRYPTO_AEAD] = "AEAD",
	[CRYPTO_SIGNER] = "SIGNER",
	[CRYPTO_PRF] = "PRF",
	[CRYPTO_HASHER] = "HASHER",
	[CRYPTO_KE] = "KE",
	[CRYPTO_RNG] = "RNG",
	[CRYPTO_NONCE_GEN] = "NONCE_GEN",
};

const char *crypto_kind_name(crypto_kind_t kind)
{
	if ((int)kind < 0 || kind >= CRYPTO_KIND_MAX)
	{
		return "UNKNOWN";
	}
	return kind_names[kind];
}

const char *rng_quality_name(rng_quality_t quality)
{
	switch (quality)
	{
	case RNG_WEAK:
		return "RNG_WEAK";
	case RNG_STRONG:
		return "RNG_STRONG";
	case RNG_TRUE:
		return "RNG_TRUE";
	}
	return "RNG_UNKNOWN";
}

static bool valid_kind(crypto_kind_t kind)
{
	return (int)kind >= 0 && kind < CRYPTO_KIND_MAX;
}

static void entry_destroy(void *item)
{
	entry_t *entry = item;

	free(entry->plugin_name);
	free(entry);
}

static void add(crypto_factory_t *public, crypto_kind_t kind, int alg,
		const char *plugin_name, void *constructor)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	entry_t *entry;

	if (!valid_kind(kind) || !constructor)
	{
		DBG1(DBG_LIB, "crypto factory: invalid registration of %s:%d by '%s'",
		     crypto_kind_name(kind), alg, plugin_name ? plugin_name : "?");
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (entry_t){
		.alg = alg,
		.plugin_name = str_dup(plugin_name ? plugin_name : "?"),
		.constructor = constructor,
	};
	pthread_rwlock_wrlock(&this->lock);
	this->lists[kind]->insert_last(this->lists[kind], entry);
	pthread_rwlock_unlock(&this->lock);
}

static void remove_(crypto_factory_t *public, crypto_kind_t kind, void *constructor)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	enumerator_t *enumerator;
	entry_t *entry;

	if (!valid_kind(kind))
	{
		return;
	}
	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (entry->constructor == constructor)
		{
			this->lists[kind]->remove_at(this->lists[kind], enumerator);
			entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
}

/* Calls a constructor of one kind with the arguments of the look-up. */
typedef void *(*invoke_t)(void *constructor, int alg, size_t key_size);

static void *invoke_crypter(void *c, int alg, size_t key_size)
{
	return ((crypter_constructor_t)c)(alg, key_size);
}

static void *invoke_aead(void *c, int alg, size_t key_size)
{
	return ((aead_constructor_t)c)(alg, key_size);
}

static void *invoke_signer(void *c, int alg, size_t key_size)
{
	return ((signer_constructor_t)c)(alg);
}

static void *invoke_prf(void *c, int alg, size_t key_size)
{
	return ((prf_constructor_t)c)(alg);
}

static void *invoke_hasher(void *c, int alg, size_t key_size)
{
	return ((hasher_constructor_t)c)(alg);
}

static void *invoke_ke(void *c, int alg, size_t key_size)
{
	return ((key_exchange_constructor_t)c)(alg);
}

static void *invoke_rng(void *c, int alg, size_t key_size)
{
	return ((rng_constructor_t)c)(alg);
}

static void *invoke_nonce_gen(void *c, int alg, size_t key_size)
{
	return ((nonce_gen_constructor_t)c)();
}

static const invoke_t invokers[CRYPTO_KIND_MAX] = {
	[CRYPTO_CRYPTER] = invoke_crypter,
	[CRYPTO_AEAD] = invoke_aead,
	[CRYPTO_SIGNER] = invoke_signer,
	[CRYPTO_PRF] = invoke_prf,
	[CRYPTO_HASHER] = invoke_hasher,
	[CRYPTO_KE] = invoke_ke,
	[CRYPTO_RNG] = invoke_rng,
	[CRYPTO_NONCE_GEN] = invoke_nonce_gen,
};

/*
 * Constructors registered for (kind, alg), in registration order, copied so
 * that none runs under the lock: a nonce generator's constructor asks the
 * factory for an RNG itself. Kinds without an algorithm (nonce generators)
 * match any entry. Returns the number found; *out is freed by the caller.
 */
static int candidates(private_crypto_factory_t *this, crypto_kind_t kind,
		      int alg, void ***out)
{
	linked_list_t *list = this->lists[kind];
	enumerator_t *enumerator;
	entry_t *entry;
	void **found;
	int count = 0;

	pthread_rwlock_rdlock(&this->lock);
	found = mem_zalloc(sizeof(void *) * (list->get_count(list) + 1));
	enumerator = list->create_enumerator(list);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (kind == CRYPTO_NONCE_GEN || entry->alg == alg)
		{
			found[count++] = entry->constructor;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	*out = found;
	return count;
}

/*
 * The first registration wins, but a constructor may decline (e.g. a key
 * size it does not support), then the next one gets a chance.
 */
static void *create(private_crypto_factory_t *this, crypto_kind_t kind,
		    int alg, size_t key_size)
{
	void **found, *obj = NULL;
	int i, count;

	count = candidates(this, kind, alg, &found);
	for (i = 0; !obj && i < count; i++)
	{
		obj = invokers[kind](found[i], alg, key_size);
	}
	free(found);
	return obj;
}

static crypter_t *create_crypter(crypto_factory_t *public,
				 encryption_algorithm_t alg, size_t key_size)
{
	return create((private_crypto_factory_t *)public, CRYPTO_CRYPTER, alg, key_size);
}

static aead_t *create_aead(crypto_factory_t *public,
			   encryption_algorithm_t alg, size_t key_size)
{
	return create((private_crypto_factory_t *)public, CRYPTO_AEAD, alg, key_size);
}

static signer_t *create_signer(crypto_factory_t *public, integrity_algorithm_t alg)
{
	return create((private_crypto_factory_t *)public, CRYPTO_SIGNER, alg, 0);
}

static prf_t *create_prf(crypto_factory_t *public, pseudo_random_function_t alg)
{
	return create((private_crypto_factory_t *)public, CRYPTO_PRF, alg, 0);
}

static hasher_t *create_hasher(crypto_factory_t *public, hash_algorithm_t alg)
{
	return create((private_crypto_factory_t *)public, CRYPTO_HASHER, alg, 0);
}

static key_exchange_t *create_ke(crypto_factory_t *public, key_exchange_method_t method)
{
	return create((private_crypto_factory_t *)public, CRYPTO_KE, method, 0);
}

static nonce_gen_t *create_nonce_gen(crypto_factory_t *public)
{
	return create((private_crypto_factory_t *)public, CRYPTO_NONCE_GEN, 0, 0);
}

/*
 * An RNG of exactly the quality asked for is preferred, so that a request
 * for RNG_WEAK does not drain a blocking RNG_TRUE source; otherwise the
 * weakest one that still suffices. Each constructor is asked for the quality
 * it registered, which it is known to deliver.
 */
static rng_t *create_rng(crypto_factory_t *public, rng_quality_t quality)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	rng_t *rng = NULL;
	int q;

	for (q = quality < RNG_WEAK ? RNG_WEAK : quality; !rng && q <= RNG_TRUE; q++)
	{
		rng = create(this, CRYPTO_RNG, q, 0);
	}
	if (!rng)
	{
		DBG1(DBG_LIB, "no RNG of quality %s available",
		     rng_quality_name(quality));
	}
	return rng;
}

static bool supports(crypto_factory_t *public, crypto_kind_t kind, int alg)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	enumerator_t *enumerator;
	entry_t *entry;
	bool found = false;

	if (!valid_kind(kind))
	{
		return false;
	}
	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (!found && enumerator->enumerate(enumerator, &entry))
	{
		switch (kind)
		{
		case CRYPTO_RNG:
			found = entry->alg >= alg;
			break;
		case CRYPTO_NONCE_GEN:
			found = true;
			break;
		default:
			found = entry->alg == alg;
			break;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return found;
}

/*
 * The registration enumerator works on a snapshot, so callers may take
 * their time (listalgs writes to a socket) without holding the lock, and
 * registrations may change meanwhile. An algorithm a plugin registered
 * several times (one per key size) is listed once.
 */
typedef struct {
	enumerator_t public;
	entry_t *entries;
	int count;
	int pos;
} snapshot_enumerator_t;

static bool snapshot_enumerate(enumerator_t *public, ...)
{
	snapshot_enumerator_t *this = (snapshot_enumerator_t *)public;
	const char **plugin_name;
	int *alg;
	va_list args;

	if (this->pos >= this->count)
	{
		return false;
	}
	va_start(args, public);
	alg = va_arg(args, int *);
	plugin_name = va_arg(args, const char **);
	va_end(args);
	if (alg)
	{
		*alg = this->entries[this->pos].alg;
	}
	if (plugin_name)
	{
		*plugin_name = this->entries[this->pos].plugin_name;
	}
	this->pos++;
	return true;
}

static void snapshot_destroy(enumerator_t *public)
{
	snapshot_enumerator_t *this = (snapshot_enumerator_t *)public;
	int i;

	for (i = 0; i < this->count; i++)
	{
		free(this->entries[i].plugin_name);
	}
	free(this->entries);
	free(this);
}

static bool in_snapshot(snapshot_enumerator_t *snap, entry_t *entry)
{
	int i;

	for (i = 0; i < snap->count; i++)
	{
		if (snap->entries[i].alg == entry->alg &&
		    streq(snap->entries[i].plugin_name, entry->plugin_name))
		{
			return true;
		}
	}
	return false;
}

static enumerator_t *create_enumerator(crypto_factory_t *public, crypto_kind_t kind)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	snapshot_enumerator_t *snap;
	enumerator_t *enumerator;
	entry_t *entry;
	int max;

	if (!valid_kind(kind))
	{
		return enumerator_create_empty();
	}
	snap = mem_zalloc(sizeof(*snap));
	snap->public = (enumerator_t){
		.enumerate = snapshot_enumerate,
		.destroy = snapshot_destroy,
	};
	pthread_rwlock_rdlock(&this->lock);
	max = this->lists[kind]->get_count(this->lists[kind]);
	snap->entries = mem_zalloc(sizeof(entry_t) * (max ? max : 1));
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (!in_snapshot(snap, entry))
		{
			snap->entries[snap->count++] = (entry_t){
				.alg = entry->alg,
				.plugin_name = str_dup(entry->plugin_name),
			};
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return &snap->public;
}

static void destroy(crypto_factory_t *public)
{
	private_crypto_factory_t *this = (private_crypto_factory_t *)public;
	int i;

	for (i = 0; i < CRYPTO_KIND_MAX; i++)
	{
		this->lists[i]->destroy_function(this->lists[i], entry_destroy);
	}
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

crypto_factory_t *crypto_factory_create(void)
{
	private_crypto_factory_t *this = mem_zalloc(sizeof(*this));
	int i;

	this->public = (crypto_factory_t){
		.add = add,
		.remove = remove_,
		.create_crypter = create_crypter,
		.create_aead = create_aead,
		.create_signer = create_signer,
		.create_prf = create_prf,
		.create_hasher = create_hasher,
		.create_ke = create_ke,
		.create_rng = create_rng,
		.create_nonce_gen = create_nonce_gen,
		.supports = supports,
		.create_enumerator = create_enumerator,
		.destroy = destroy,
	};
	for (i = 0; i < CRYPTO_KIND_MAX; i++)
	{
		this->lists[i] = linked_list_create();
	}
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}
