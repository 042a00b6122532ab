/*
 * A short list guarded by a mutex: a gateway has a handful of CAs, each
 * with one or two URIs of each kind, so a linear search is the right size.
 */
#include <pthread.h>

#include "cdp_store.h"
#include "collections/linked_list.h"

typedef struct cdp_entry_t {
	char *source;
	identification_t *issuer;
	certificate_type_t type;
	char *uri;
} cdp_entry_t;

typedef struct private_cdp_store_t {
	cdp_store_t public;
	linked_list_t *entries;		/* cdp_entry_t * */
	pthread_mutex_t lock;
} private_cdp_store_t;

static void entry_destroy(void *item)
{
	cdp_entry_t *entry = item;

	free(entry->source);
	entry->issuer->destroy(entry->issuer);
	free(entry->uri);
	free(entry);
}

static bool entry_matches(cdp_entry_t *entry, certificate_type_t type,
			  identification_t *issuer)
{
	return entry->type == type && entry->issuer->equals(entry->issuer, issuer);
}

static void add(cdp_store_t *public, const char *source,
		identification_t *issuer, certificate_type_t type,
		const char *uri)
{
	private_cdp_store_t *this = (private_cdp_store_t *)public;
	enumerator_t *enumerator;
	cdp_entry_t *entry;
	bool found = false;

	pthread_mutex_lock(&this->lock);
	enumerator = this->entries->create_enumerator(this->entries);
	while (!found && enumerator->enumerate(enumerator, &entry)) {
		found = entry_matches(entry, type, issuer) && streq(entry->uri, uri);
	}
	enumerator->destroy(enumerator);
	if (!found) {
		entry = mem_zalloc(sizeof(*entry));
		*entry = (cdp_entry_t){
			.source = str_dup(source ? source : ""),
			.issuer = issuer->clone(issuer),
			.type = type,
			.uri = str_dup(uri),
		};
		this->entries->insert_last(this->entries, entry);
	}
	pthread_mutex_unlock(&this->lock);
}

static enumerator_t *create_enumerator(cdp_store_t *public,
				       certificate_type_t type,
				       identification_t *issuer)
{
	private_cdp_store_t *this = (private_cdp_store_t *)public;
	linked_list_t *uris = linked_list_create();
	enumerator_t *enumerator;
	cdp_entry_t *entry;

	pthread_mutex_lock(&this->lock);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry_matches(entry, type, issuer)) {
			uris->insert_last(uris, str_dup(entry->uri));
		}
	}
	enumerator->destroy(enumerator);
	pthread_mutex_unlock(&this->lock);
	return linked_list_create_owning_enumerator(uris, free);
}

static void flush(cdp_store_t *public, const char *source)
{
	private_cdp_store_t *this = (private_cdp_store_t *)public;
	enumerator_t *enumerator;
	cdp_entry_t *entry;

	pthread_mutex_lock(&this->lock);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (!source || streq(entry->source, source)) {
			this->entries->remove_at(this->entries, enumerator);
			entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_mutex_unlock(&this->lock);
}

static void destroy(cdp_store_t *public)
{
	private_cdp_store_t *this = (private_cdp_store_t *)public;

	this->entries->destroy_function(this->entries, entry_destroy);
	pthread_mutex_destroy(&this->lock);
	free(this);
}

cdp_store_t *cdp_store_create(void)
{
	private_cdp_store_t *this = mem_zalloc(sizeof(*this));

	*this = (private_cdp_store_t){
		.public = {
			.add = add,
			.create_enumerator = create_enumerator,
			.flush = flush,
			.destroy = destroy,
		},
		.entries = linked_list_create(),
	};
	pthread_mutex_init(&this->lock, NULL);
	return &this->public;
}
