/*
 * The credential factory: per-kind lists of decoders plugins registered.
 *
 * Constructors are copied out under the lock and called without it: a PEM
 * decoder calls back into the factory with the DER it unwrapped, and a
 * plugin may unload while another thread decodes.
 */
#include <pthread.h>

#include "credentials/cred_factory.h"
#include "plugins/plugin.h"

typedef struct entry_t {
	int subtype;
	char *plugin_name;
	void *constructor;
} entry_t;

typedef struct private_cred_factory_t {
	cred_factory_t public;
	/** entry_t per kind, in registration order */
	linked_list_t *lists[CRED_KIND_MAX];
	pthread_rwlock_t lock;
} private_cred_factory_t;

static bool valid_kind(cred_kind_t kind)
{
	return (int)kind >= 0 && kind < CRED_KIND_MAX;
}

static void entry_destroy(void *item)
{
	entry_t *entry = item;

	free(entry->plugin_name);
	free(entry);
}

static void add(cred_factory_t *public, cred_kind_t kind, int subtype,
		const char *plugin_name, void *constructor)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	entry_t *entry;

	if (!valid_kind(kind) || !constructor) {
		DBG1(DBG_LIB, "credential factory: invalid registration %d:%d by '%s'",
		     (int)kind, subtype, plugin_name ? plugin_name : "?");
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (entry_t){
		.subtype = subtype,
		.plugin_name = str_dup(plugin_name ? plugin_name : "?"),
		.constructor = constructor,
	};
	pthread_rwlock_wrlock(&this->lock);
	this->lists[kind]->insert_last(this->lists[kind], entry);
	pthread_rwlock_unlock(&this->lock);
}

static void remove_(cred_factory_t *public, cred_kind_t kind, void *constructor)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	enumerator_t *enumerator;
	entry_t *entry;

	if (!valid_kind(kind)) {
		return;
	}
	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->constructor == constructor) {
			this->lists[kind]->remove_at(this->lists[kind], enumerator);
			entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
}

/*
 * Constructors to try for @p subtype, deduplicated (a plugin registering one
 * function for several subtypes is asked once). Returns a heap array of
 * *count entries.
 */
static void **snapshot(private_cred_factory_t *this, cred_kind_t kind,
		       int subtype, int *count)
{
	enumerator_t *enumerator;
	entry_t *entry;
	void **ctors;
	int n = 0, i;
	bool seen;

	pthread_rwlock_rdlock(&this->lock);
	ctors = mem_zalloc(sizeof(void *) *
			   (this->lists[kind]->get_count(this->lists[kind]) + 1));
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (subtype && entry->subtype && entry->subtype != subtype) {
			continue;
		}
		seen = false;
		for (i = 0; i < n; i++) {
			seen = seen || ctors[i] == entry->constructor;
		}
		if (!seen) {
			ctors[n++] = entry->constructor;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	*count = n;
	return ctors;
}

static private_key_t *create_private_key(cred_factory_t *public, key_type_t type,
					 chunk_t blob, credential_manager_t *secrets)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	private_key_t *key = NULL;
	void **ctors;
	int n, i;

	if (!blob.len) {
		return NULL;
	}
	ctors = snapshot(this, CRED_PRIVATE_KEY, type, &n);
	for (i = 0; i < n && !key; i++) {
		key = ((private_key_constructor_t)ctors[i])(type, blob, secrets);
		if (key && type != KEY_ANY && key->get_type(key) != type) {
			key->destroy(key);
			key = NULL;
		}
	}
	free(ctors);
	return key;
}

static public_key_t *create_public_key(cred_factory_t *public, key_type_t type,
				       chunk_t blob)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	public_key_t *key = NULL;
	void **ctors;
	int n, i;

	if (!blob.len) {
		return NULL;
	}
	ctors = snapshot(this, CRED_PUBLIC_KEY, type, &n);
	for (i = 0; i < n && !key; i++) {
		key = ((public_key_constructor_t)ctors[i])(type, blob);
		if (key && type != KEY_ANY && key->get_type(key) != type) {
			key->destroy(key);
			key = NULL;
		}
	}
	free(ctors);
	return key;
}

static certificate_t *create_cert(cred_factory_t *public, certificate_type_t type,
				  chunk_t blob)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	certificate_t *cert = NULL;
	void **ctors;
	int n, i;

	if (!blob.len) {
		return NULL;
	}
	ctors = snapshot(this, CRED_CERTIFICATE, type, &n);
	for (i = 0; i < n && !cert; i++) {
		cert = ((certificate_constructor_t)ctors[i])(type, blob);
		if (cert && type != CERT_ANY && cert->get_type(cert) != type) {
			cert->destroy(cert);
			cert = NULL;
		}
	}
	free(ctors);
	return cert;
}

static bool load_pkcs12(cred_factory_t *public, chunk_t blob,
			credential_manager_t *secrets, private_key_t **key,
			linked_list_t *certs)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	void **ctors;
	int n, i;
	bool ok = false;

	ctors = snapshot(this, CRED_CONTAINER, 0, &n);
	for (i = 0; i < n && !ok; i++) {
		ok = ((pkcs12_constructor_t)ctors[i])(blob, secrets, key, certs);
	}
	free(ctors);
	return ok;
}

static bool supports(cred_factory_t *public, cred_kind_t kind, int subtype)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	enumerator_t *enumerator;
	entry_t *entry;
	bool found = false;

	if (!valid_kind(kind)) {
		return false;
	}
	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (!found && enumerator->enumerate(enumerator, &entry)) {
		found = !subtype || !entry->subtype || entry->subtype == subtype;
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return found;
}

/* snapshot for create_enumerator() */
typedef struct {
	enumerator_t public;
	entry_t *entries;
	int count;
	int pos;
} snap_enumerator_t;

static bool snap_enumerate(enumerator_t *public, ...)
{
	snap_enumerator_t *this = (snap_enumerator_t *)public;
	const char **name;
	int *subtype;
	va_list args;

	if (this->pos >= this->count) {
		return false;
	}
	va_start(args, public);
	subtype = va_arg(args, int *);
	name = va_arg(args, const char **);
	va_end(args);
	if (subtype) {
		*subtype = this->entries[this->pos].subtype;
	}
	if (name) {
		*name = this->entries[this->pos].plugin_name;
	}
	this->pos++;
	return true;
}

static void snap_destroy(enumerator_t *public)
{
	snap_enumerator_t *this = (snap_enumerator_t *)public;
	int i;

	for (i = 0; i < this->count; i++) {
		free(this->entries[i].plugin_name);
	}
	free(this->entries);
	free(this);
}

static enumerator_t *create_enumerator(cred_factory_t *public, cred_kind_t kind)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	snap_enumerator_t *snap;
	enumerator_t *enumerator;
	entry_t *entry;

	if (!valid_kind(kind)) {
		return enumerator_create_empty();
	}
	snap = mem_zalloc(sizeof(*snap));
	snap->public = (enumerator_t){
		.enumerate = snap_enumerate,
		.destroy = snap_destroy,
	};
	pthread_rwlock_rdlock(&this->lock);
	snap->entries = mem_zalloc(sizeof(entry_t) *
				   (this->lists[kind]->get_count(this->lists[kind]) + 1));
	enumerator = this->lists[kind]->create_enumerator(this->lists[kind]);
	while (enumerator->enumerate(enumerator, &entry)) {
		snap->entries[snap->count++] = (entry_t){
			.subtype = entry->subtype,
			.plugin_name = str_dup(entry->plugin_name),
		};
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return &snap->public;
}

static void destroy(cred_factory_t *public)
{
	private_cred_factory_t *this = (private_cred_factory_t *)public;
	int i;

	for (i = 0; i < CRED_KIND_MAX; i++) {
		this->lists[i]->destroy_function(this->lists[i], entry_destroy);
	}
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

cred_factory_t *cred_factory_create(void)
{
	private_cred_factory_t *this = mem_zalloc(sizeof(*this));
	int i;

	*this = (private_cred_factory_t){
		.public = {
			.add = add,
			.remove = remove_,
			.create_private_key = create_private_key,
			.create_public_key = create_public_key,
			.create_cert = create_cert,
			.load_pkcs12 = load_pkcs12,
			.supports = supports,
			.create_enumerator = create_enumerator,
			.destroy = destroy,
		},
	};
	for (i = 0; i < CRED_KIND_MAX; i++) {
		this->lists[i] = linked_list_create();
	}
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}

static bool feature_kind(const plugin_feature_t *feature, cred_kind_t *kind)
{
	switch (feature->provides.type) {
	case FEATURE_PRIVKEY:
		*kind = CRED_PRIVATE_KEY;
		return true;
	case FEATURE_PUBKEY:
		*kind = CRED_PUBLIC_KEY;
		return true;
	case FEATURE_CERT_DECODE:
		*kind = CRED_CERTIFICATE;
		return true;
	case FEATURE_CUSTOM:
		if (streq(feature->provides.name, "pkcs12")) {
			*kind = CRED_CONTAINER;
			return true;
		}
		return false;
	default:
		return false;
	}
}

bool cred_factory_feature_cb(plugin_t *plugin, const plugin_feature_t *feature,
			     bool loading, void *data)
{
	cred_kind_t kind;

	if (!lib || !lib->creds || !feature->constructor ||
	    !feature_kind(feature, &kind)) {
		return !loading;
	}
	if (loading) {
		lib->creds->add(lib->creds, kind, feature->provides.alg,
				plugin ? plugin->get_name(plugin) : "?",
				feature->constructor);
	} else {
		lib->creds->remove(lib->creds, kind, feature->constructor);
	}
	return true;
}
