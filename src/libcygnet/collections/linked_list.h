/**
 * @file linked_list.h
 * Doubly linked list of pointers.
 */
#ifndef CYGNET_LINKED_LIST_H
#define CYGNET_LINKED_LIST_H

#include "library.h"
#include "collections/enumerator.h"

typedef struct linked_list_t linked_list_t;

struct linked_list_t {
	int (*get_count)(linked_list_t *this);
	void (*insert_first)(linked_list_t *this, void *item);
	void (*insert_last)(linked_list_t *this, void *item);
	/** Remove and return via @p item; NOT_FOUND if empty. */
	status_t (*remove_first)(linked_list_t *this, void **item);
	status_t (*remove_last)(linked_list_t *this, void **item);
	status_t (*get_first)(linked_list_t *this, void **item);
	status_t (*get_last)(linked_list_t *this, void **item);
	/** Remove every occurrence of @p item (compared by pointer, or with @p cmp
	 *  returning true for a match); returns how many were removed. */
	int (*remove)(linked_list_t *this, void *item, bool (*cmp)(void *a, void *b));
	/** Remove the item an enumerator of this list currently points to. */
	void (*remove_at)(linked_list_t *this, enumerator_t *enumerator);
	/** Insert before the item an enumerator of this list currently points to
	 *  (at the end if the enumeration is finished). */
	void (*insert_before)(linked_list_t *this, enumerator_t *enumerator, void *item);
	/** Find the first item for which @p match(item, data) is true. */
	bool (*find_first)(linked_list_t *this, bool (*match)(void *item, void *data),
			   void *data, void **found);
	/** Call @p fn(item, data) on each item. */
	void (*invoke)(linked_list_t *this, void (*fn)(void *item, void *data), void *data);
	/** enumerate(e, void **item), in insertion order. While it is active,
	 *  remove_at(), insert_before() and insert_last() are safe; removing the
	 *  current item by other means is not. */
	enumerator_t *(*create_enumerator)(linked_list_t *this);
	/** Shallow copy, or deep copy with @p clone applied to each item. */
	linked_list_t *(*clone)(linked_list_t *this, void *(*clone)(void *item));
	void (*destroy)(linked_list_t *this);
	/** Destroy the list, calling @p fn on each item. */
	void (*destroy_function)(linked_list_t *this, void (*fn)(void *item));
	/** Destroy the list, calling each item's destroy method, found at
	 *  @p destroy_offset in the item (use DESTROY_OFFSET(type)). */
	void (*destroy_offset)(linked_list_t *this, size_t destroy_offset);
};

linked_list_t *linked_list_create(void);

/**
 * True if both lists hold the same number of items and @p equal(a_i, b_i)
 * holds for each pair in order.
 */
bool linked_list_equals(linked_list_t *a, linked_list_t *b,
			bool (*equal)(void *a, void *b));

/**
 * An enumerator over @p list that destroys the list and, with
 * @p item_destroy, its items when it is destroyed: how a locked container
 * hands out a snapshot of copies.
 */
enumerator_t *linked_list_create_owning_enumerator(linked_list_t *list,
						  void (*item_destroy)(void *item));

/** A list holding the given NULL-terminated items. */
linked_list_t *linked_list_create_with_items(void *item, ...);

/** destroy_offset() helper: offset of the destroy method in @p type. */
#define DESTROY_OFFSET(type) offsetof(type, destroy)

#endif
