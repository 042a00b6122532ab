/**
 * @file hashtable.h
 * Hash table from keys to values, with caller-supplied hash and equality.
 */
#ifndef CYGNET_HASHTABLE_H
#define CYGNET_HASHTABLE_H

#include "library.h"
#include "collections/enumerator.h"

typedef struct hashtable_t hashtable_t;

typedef uint32_t (*hashtable_hash_t)(const void *key);
typedef bool (*hashtable_equals_t)(const void *a, const void *b);

/** Hash and equality for NUL-terminated string keys. */
uint32_t hashtable_hash_str(const void *key);
bool hashtable_equals_str(const void *a, const void *b);
/** Hash and equality for keys compared by pointer value. */
uint32_t hashtable_hash_ptr(const void *key);
bool hashtable_equals_ptr(const void *a, const void *b);

struct hashtable_t {
	/** Insert or replace; returns the previous value for the key, or NULL.
	 *  On replace the stored key becomes @p key as well. */
	void *(*put)(hashtable_t *this, const void *key, void *value);
	/** Value for @p key, or NULL. */
	void *(*get)(hashtable_t *this, const void *key);
	/** Remove @p key and return its value, or NULL. */
	void *(*remove)(hashtable_t *this, const void *key);
	/** Remove the entry an enumerator of this table points to. */
	void (*remove_at)(hashtable_t *this, enumerator_t *enumerator);
	unsigned int (*get_count)(hashtable_t *this);
	/** enumerate(e, const void **key, void **value), either may be NULL;
	 *  order unspecified. While it is active only remove_at() may change the
	 *  table (put() may grow it and remove() may free the current entry). */
	enumerator_t *(*create_enumerator)(hashtable_t *this);
	/** Free the table (not keys or values). */
	void (*destroy)(hashtable_t *this);
	/** Free the table, calling @p fn(value, key) on each entry. */
	void (*destroy_function)(hashtable_t *this, void (*fn)(void *value, const void *key));
};

/** A table that grows as needed; @p size is the initial capacity hint. */
hashtable_t *hashtable_create(hashtable_hash_t hash, hashtable_equals_t equals,
			      unsigned int size);

#endif
