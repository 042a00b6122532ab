/*
 * Hash table with separate chaining. The bucket array doubles once the
 * table is three quarters full, so lookups stay O(1) as it grows.
 */
#include "collections/hashtable.h"

#define MIN_CAPACITY 8
#define MAX_CAPACITY (1u << 30)

typedef struct pair_t pair_t;

struct pair_t {
	const void *key;
	void *value;
	uint32_t hash;
	pair_t *next;
};

typedef struct {
	hashtable_t public;
	hashtable_hash_t hash;
	hashtable_equals_t equals;
	pair_t **buckets;
	unsigned int capacity;	/* always a power of two */
	unsigned int count;
} private_hashtable_t;

/*
 * Walks buckets in order; like the list enumerator it keeps the successor
 * of a pair removed by remove_at(), so the walk continues.
 */
typedef struct {
	enumerator_t public;
	private_hashtable_t *table;
	unsigned int bucket;
	pair_t *current;
	pair_t *next;
	bool started;
} table_enumerator_t;

uint32_t hashtable_hash_str(const void *key)
{
	return chunk_hash(chunk_from_str(key));
}

bool hashtable_equals_str(const void *a, const void *b)
{
	return streq(a, b);
}

uint32_t hashtable_hash_ptr(const void *key)
{
	return chunk_hash(chunk_from_thing(key));
}

bool hashtable_equals_ptr(const void *a, const void *b)
{
	return a == b;
}

static unsigned int round_capacity(unsigned int size)
{
	unsigned int capacity = MIN_CAPACITY;

	while (capacity < size && capacity < MAX_CAPACITY) {
		capacity <<= 1;
	}
	return capacity;
}

static void grow(private_hashtable_t *this)
{
	unsigned int capacity = this->capacity << 1, i, mask = capacity - 1;
	pair_t **buckets, *pair, *next;

	if (this->capacity >= MAX_CAPACITY) {
		return;
	}
	buckets = mem_zalloc(capacity * sizeof(*buckets));
	for (i = 0; i < this->capacity; i++) {
		for (pair = this->buckets[i]; pair; pair = next) {
			next = pair->next;
			pair->next = buckets[pair->hash & mask];
			buckets[pair->hash & mask] = pair;
		}
	}
	free(this->buckets);
	this->buckets = buckets;
	this->capacity = capacity;
}

/* Pointer to the link that points at the pair for @p key (or at NULL). */
static pair_t **find_link(private_hashtable_t *this, const void *key, uint32_t hash)
{
	pair_t **link = &this->buckets[hash & (this->capacity - 1)];

	while (*link) {
		if ((*link)->hash == hash && this->equals((*link)->key, key)) {
			break;
		}
		link = &(*link)->next;
	}
	return link;
}

static void *put(hashtable_t *public, const void *key, void *value)
{
	private_hashtable_t *this = (private_hashtable_t *)public;
	uint32_t hash = this->hash(key);
	pair_t **link = find_link(this, key, hash), *pair;
	void *old;

	if (*link) {
		/* take the new key too: it often lives inside the new value */
		old = (*link)->value;
		(*link)->key = key;
		(*link)->value = value;
		return old;
	}
	pair = mem_zalloc(sizeof(*pair));
	*pair = (pair_t){
		.key = key,
		.value = value,
		.hash = hash,
		.next = *link,
	};
	*link = pair;
	this->count++;
	if (this->count > this->capacity / 4 * 3) {
		grow(this);
	}
	return NULL;
}

static void *get(hashtable_t *public, const void *key)
{
	private_hashtable_t *this = (private_hashtable_t *)public;
	pair_t *pair = *find_link(this, key, this->hash(key));

	return pair ? pair->value : NULL;
}

static void *remove_(hashtable_t *public, const void *key)
{
	private_hashtable_t *this = (private_hashtable_t *)public;
	pair_t **link = find_link(this, key, this->hash(key)), *pair = *link;
	void *value;

	if (!pair) {
		return NULL;
	}
	value = pair->value;
	*link = pair->next;
	free(pair);
	this->count--;
	return value;
}

static void remove_at(hashtable_t *public, enumerator_t *enumerator)
{
	private_hashtable_t *this = (private_hashtable_t *)public;
	table_enumerator_t *e = (table_enumerator_t *)enumerator;
	pair_t **link;

	if (!e || e->table != this) {
		DBG1(DBG_LIB, "hashtable: enumerator does not belong to this table");
		return;
	}
	if (!e->current) {
		return;
	}
	link = &this->buckets[e->bucket];
	while (*link && *link != e->current) {
		link = &(*link)->next;
	}
	if (*link) {
		*link = e->current->next;
		e->next = e->current->next;
		free(e->current);
		this->count--;
	}
	e->current = NULL;
}

static unsigned int get_count(hashtable_t *public)
{
	return ((private_hashtable_t *)public)->count;
}

static bool enumerate(enumerator_t *public, ...)
{
	table_enumerator_t *this = (table_enumerator_t *)public;
	private_hashtable_t *table = this->table;
	pair_t *pair;
	va_list args;
	const void **key;
	void **value;

	if (!this->started) {
		this->started = true;
		this->bucket = 0;
		pair = table->buckets[0];
	} else if (this->current) {
		pair = this->current->next;
	} else {
		pair = this->next;
	}
	while (!pair && this->bucket + 1 < table->capacity) {
		pair = table->buckets[++this->bucket];
	}
	this->current = pair;
	this->next = NULL;
	if (!pair) {
		/* stay at the end even if the table grows later */
		this->bucket = table->capacity;
		return false;
	}

	va_start(args, public);
	key = va_arg(args, const void **);
	value = va_arg(args, void **);
	va_end(args);
	if (key) {
		*key = pair->key;
	}
	if (value) {
		*value = pair->value;
	}
	return true;
}

static void enumerator_destroy(enumerator_t *public)
{
	free(public);
}

static enumerator_t *create_enumerator(hashtable_t *public)
{
	table_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (table_enumerator_t){
		.public = {
			.enumerate = enumerate,
			.destroy = enumerator_destroy,
		},
		.table = (private_hashtable_t *)public,
	};
	return &e->public;
}

static void destroy_function(hashtable_t *public, void (*fn)(void *value, const void *key))
{
	private_hashtable_t *this = (private_hashtable_t *)public;
	pair_t *pair, *next;
	unsigned int i;

	for (i = 0; i < this->capacity; i++) {
		for (pair = this->buckets[i]; pair; pair = next) {
			next = pair->next;
			if (fn) {
				fn(pair->value, pair->key);
			}
			free(pair);
		}
	}
	free(this->buckets);
	free(this);
}

static void destroy(hashtable_t *public)
{
	destroy_function(public, NULL);
}

hashtable_t *hashtable_create(hashtable_hash_t hash, hashtable_equals_t equals,
			      unsigned int size)
{
	private_hashtable_t *this;

	if (!hash || !equals) {
		DBG1(DBG_LIB, "hashtable: hash and equals functions are required");
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	/* size the buckets so @p size entries fit without growing */
	size = size > MAX_CAPACITY / 2 ? MAX_CAPACITY : size + size / 3;
	*this = (private_hashtable_t){
		.public = {
			.put = put,
			.get = get,
			.remove = remove_,
			.remove_at = remove_at,
			.get_count = get_count,
			.create_enumerator = create_enumerator,
			.destroy = destroy,
			.destroy_function = destroy_function,
		},
		.hash = hash,
		.equals = equals,
		.capacity = round_capacity(size),
	};
	this->buckets = mem_zalloc(this->capacity * sizeof(*this->buckets));
	return &this->public;
}
