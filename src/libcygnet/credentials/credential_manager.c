/*
 * The credential store. For now it holds shared keys with the identities
 * they belong to (one line of ipsec.secrets each), behind a read-write lock:
 * IKE_SAs look keys up concurrently, only (re)loading secrets writes.
 */
#include <pthread.h>

#include "credentials/credential_manager.h"

typedef struct shared_entry_t {
	char *source;
	shared_key_t *key;
	linked_list_t *owners;		/* identification_t *, empty: any peer */
} shared_entry_t;

typedef struct private_credential_manager_t {
	credential_manager_t public;
	linked_list_t *shared;		/* shared_entry_t *, in the order added */
	pthread_rwlock_t lock;
} private_credential_manager_t;

static void entry_destroy(void *item)
{
	shared_entry_t *entry = item;

	entry->owners->destroy_offset(entry->owners, DESTROY_OFFSET(identification_t));
	entry->key->destroy(entry->key);
	free(entry->source);
	free(entry);
}

static void add_shared(credential_manager_t *public, const char *source,
		       shared_key_t *key, linked_list_t *owners)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	shared_entry_t *entry;

	if (!key) {
		if (owners) {
			owners->destroy_offset(owners, DESTROY_OFFSET(identification_t));
		}
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (shared_entry_t){
		.source = str_dup(source),
		.key = key,
		.owners = owners ?: linked_list_create(),
	};
	pthread_rwlock_wrlock(&this->lock);
	this->shared->insert_last(this->shared, entry);
	pthread_rwlock_unlock(&this->lock);
}

/* How well @p id fits a key's owners; a missing id or an owner-less key
 * fits as "any". */
static id_match_t owner_match(linked_list_t *owners, identification_t *id)
{
	enumerator_t *enumerator;
	identification_t *owner;
	id_match_t best = ID_MATCH_NONE, match;

	if (!id || !owners->get_count(owners)) {
		return ID_MATCH_ANY;
	}
	enumerator = owners->create_enumerator(owners);
	while (enumerator->enumerate(enumerator, &owner)) {
		match = id->matches(id, owner);
		if (match > best) {
			best = match;
		}
	}
	enumerator->destroy(enumerator);
	return best;
}

static shared_key_t *get_shared(credential_manager_t *public, shared_key_type_t type,
				identification_t *me, identification_t *other)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	shared_entry_t *entry;
	shared_key_t *found = NULL;
	id_match_t my_match, other_match;
	int sides, sum, best_sides = -1, best_sum = -1;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->shared->create_enumerator(this->shared);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (type != SHARED_ANY && entry->key->get_type(entry->key) != type) {
			continue;
		}
		my_match = owner_match(entry->owners, me);
		other_match = owner_match(entry->owners, other);
		/* sides that really match (not just "any") rank first */
		sides = (my_match > ID_MATCH_ANY) + (other_match > ID_MATCH_ANY);
		if (!sides && (my_match == ID_MATCH_NONE || other_match == ID_MATCH_NONE)) {
			continue;
		}
		sum = (int)my_match + (int)other_match;
		/* strictly better only: on ties the key added first wins */
		if (sides > best_sides || (sides == best_sides && sum > best_sum)) {
			best_sides = sides;
			best_sum = sum;
			found = entry->key;
		}
	}
	enumerator->destroy(enumerator);
	if (found) {
		found = found->get_ref(found);
	}
	pthread_rwlock_unlock(&this->lock);
	return found;
}

static void flush_shared(credential_manager_t *public, const char *source)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	shared_entry_t *entry;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->shared->create_enumerator(this->shared);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (streq(entry->source, source)) {
			this->shared->remove_at(this->shared, enumerator);
			entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
}

static int count_shared(credential_manager_t *public)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	int count;

	pthread_rwlock_rdlock(&this->lock);
	count = this->shared->get_count(this->shared);
	pthread_rwlock_unlock(&this->lock);
	return count;
}

static void destroy(credential_manager_t *public)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;

	this->shared->destroy_function(this->shared, entry_destroy);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

credential_manager_t *credential_manager_create(void)
{
	private_credential_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (private_credential_manager_t){
		.public = {
			.add_shared = add_shared,
			.get_shared = get_shared,
			.flush_shared = flush_shared,
			.count_shared = count_shared,
			.destroy = destroy,
		},
		.shared = linked_list_create(),
	};
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}
