/*
 * Shared secrets, reference counted: the credential manager keeps one
 * reference while IKE_SAs borrow others during authentication, so a
 * `rereadsecrets` cannot free a key in use. The last reference wipes it.
 */
#include "credentials/shared_key.h"

typedef struct private_shared_key_t {
	shared_key_t public;
	shared_key_type_t type;
	chunk_t key;
	unsigned int refs;
} private_shared_key_t;

static shared_key_type_t get_type(shared_key_t *public)
{
	private_shared_key_t *this = (private_shared_key_t *)public;

	return this->type;
}

static chunk_t get_key(shared_key_t *public)
{
	private_shared_key_t *this = (private_shared_key_t *)public;

	return this->key;
}

static shared_key_t *get_ref(shared_key_t *public)
{
	private_shared_key_t *this = (private_shared_key_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(shared_key_t *public)
{
	private_shared_key_t *this = (private_shared_key_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		chunk_clear(&this->key);
		free(this);
	}
}

shared_key_t *shared_key_create(shared_key_type_t type, chunk_t key)
{
	private_shared_key_t *this = mem_zalloc(sizeof(*this));

	*this = (private_shared_key_t){
		.public = {
			.get_type = get_type,
			.get_key = get_key,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.type = type,
		.key = key,
		.refs = 1,
	};
	return &this->public;
}
