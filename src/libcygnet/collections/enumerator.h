/**
 * @file enumerator.h
 * A generic iterator over any collection.
 *
 * enumerate() takes pointers to the items it yields, whose number and types
 * the creator of the enumerator documents:
 *
 *     enumerator_t *e = list->create_enumerator(list);
 *     char *item;
 *     while (e->enumerate(e, &item)) { … }
 *     e->destroy(e);
 */
#ifndef CYGNET_ENUMERATOR_H
#define CYGNET_ENUMERATOR_H

#include <stdbool.h>
#include <stdarg.h>

typedef struct enumerator_t enumerator_t;

struct enumerator_t {
	/** Fetch the next item(s) into the given pointers; false at the end. */
	bool (*enumerate)(enumerator_t *this, ...);
	/** Free the enumerator (not the items). */
	void (*destroy)(enumerator_t *this);
};

/** An enumerator that yields nothing. */
enumerator_t *enumerator_create_empty(void);

/**
 * An enumerator that yields each item of an inner enumerator accepted by a
 * filter. The filter receives the inner item and the caller's va_list of out
 * pointers and returns whether it filled them.
 */
typedef bool (*enumerator_filter_t)(void *data, void *item, va_list out);
enumerator_t *enumerator_create_filter(enumerator_t *inner,
				       enumerator_filter_t filter, void *data,
				       void (*destroy_data)(void *data));

#endif
