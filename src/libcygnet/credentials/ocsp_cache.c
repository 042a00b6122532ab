/*
 * A list under a mutex. Lookups happen once per certificate check, so the
 * linear search over at most OCSP_CACHE_MAX entries costs nothing next to
 * the signature checks around it.
 */
#include <pthread.h>

#include "ocsp_cache.h"
#include "collections/linked_list.h"

typedef struct private_ocsp_cache_t {
	ocsp_cache_t public;
	linked_list_t *entries;		/* ocsp_status_t *, oldest first */
	pthread_mutex_t lock;
} private_ocsp_cache_t;

static ocsp_status_t *status_clone(const ocsp_status_t *status)
{
	ocsp_status_t *copy = mem_zalloc(sizeof(*copy));

	*copy = (ocsp_status_t){
		.serial = chunk_clone(status->serial),
		.subject = status->subject ? status->subject->clone(status->subject) : NULL,
		.issuer = status->issuer->clone(status->issuer),
		.responder = status->responder ?
			status->responder->clone(status->responder) : NULL,
		.uri = status->uri ? str_dup(status->uri) : NULL,
		.status = status->status,
		.this_update = status->this_update,
		.next_update = status->next_update,
	};
	return copy;
}

static void status_destroy(void *item)
{
	ocsp_status_t *status = item;

	chunk_free(&status->serial);
	DESTROY_IF(status->subject);
	status->issuer->destroy(status->issuer);
	DESTROY_IF(status->responder);
	free(status->uri);
	free(status);
}

static bool same_cert(ocsp_status_t *entry, chunk_t serial,
		      identification_t *issuer)
{
	return chunk_equals(entry->serial, serial) &&
	       entry->issuer->equals(entry->issuer, issuer);
}

/* Remove the entry for @p serial/@p issuer, if any. Locked. */
static void remove_cert(private_ocsp_cache_t *this, chunk_t serial,
			identification_t *issuer)
{
	enumerator_t *enumerator;
	ocsp_status_t *entry;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (same_cert(entry, serial, issuer)) {
			this->entries->remove_at(this->entries, enumerator);
			status_destroy(entry);
			break;
		}
	}
	enumerator->destroy(enumerator);
}

/* Drop the entry expiring first. Locked. */
static void evict(private_ocsp_cache_t *this)
{
	enumerator_t *enumerator;
	ocsp_status_t *entry, *first = NULL;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (!first || entry->next_update < first->next_update) {
			first = entry;
		}
	}
	enumerator->destroy(enumerator);
	if (first) {
		this->entries->remove(this->entries, first, NULL);
		status_destroy(first);
	}
}

static void add(ocsp_cache_t *public, const ocsp_status_t *status)
{
	private_ocsp_cache_t *this = (private_ocsp_cache_t *)public;

	pthread_mutex_lock(&this->lock);
	remove_cert(this, status->serial, status->issuer);
	if (this->entries->get_count(this->entries) >= OCSP_CACHE_MAX) {
		evict(this);
	}
	this->entries->insert_last(this->entries, status_clone(status));
	pthread_mutex_unlock(&this->lock);
}

static bool lookup(ocsp_cache_t *public, chunk_t serial,
		   identification_t *issuer, cert_validation_t *status)
{
	private_ocsp_cache_t *this = (private_ocsp_cache_t *)public;
	enumerator_t *enumerator;
	ocsp_status_t *entry;
	bool found = false, stale = false;

	pthread_mutex_lock(&this->lock);
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (same_cert(entry, serial, issuer)) {
			found = entry->next_update > time(NULL);
			stale = !found;
			*status = entry->status;
			break;
		}
	}
	enumerator->destroy(enumerator);
	if (stale) {
		remove_cert(this, serial, issuer);
	}
	pthread_mutex_unlock(&this->lock);
	return found;
}

static void *clone_item(void *item)
{
	return status_clone(item);
}

static enumerator_t *create_enumerator(ocsp_cache_t *public)
{
	private_ocsp_cache_t *this = (private_ocsp_cache_t *)public;
	linked_list_t *copy;

	pthread_mutex_lock(&this->lock);
	copy = this->entries->clone(this->entries, clone_item);
	pthread_mutex_unlock(&this->lock);
	return linked_list_create_owning_enumerator(copy, status_destroy);
}

static int flush(ocsp_cache_t *public)
{
	private_ocsp_cache_t *this = (private_ocsp_cache_t *)public;
	int count;

	pthread_mutex_lock(&this->lock);
	count = this->entries->get_count(this->entries);
	this->entries->destroy_function(this->entries, status_destroy);
	this->entries = linked_list_create();
	pthread_mutex_unlock(&this->lock);
	return count;
}

static void destroy(ocsp_cache_t *public)
{
	private_ocsp_cache_t *this = (private_ocsp_cache_t *)public;

	this->entries->destroy_function(this->entries, status_destroy);
	pthread_mutex_destroy(&this->lock);
	free(this);
}

ocsp_cache_t *ocsp_cache_create(void)
{
	private_ocsp_cache_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ocsp_cache_t){
		.public = {
			.add = add,
			.lookup = lookup,
			.create_enumerator = create_enumerator,
			.flush = flush,
			.destroy = destroy,
		},
		.entries = linked_list_create(),
	};
	pthread_mutex_init(&this->lock, NULL);
	return &this->public;
}
