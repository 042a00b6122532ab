/*
 * The generic enumerators: one that yields nothing, and one that filters
 * and converts the items of another.
 */
#include "library.h"
#include "collections/enumerator.h"

static bool empty_enumerate(enumerator_t *this, ...)
{
	return false;
}

static void empty_destroy(enumerator_t *this)
{
	free(this);
}

enumerator_t *enumerator_create_empty(void)
{
	enumerator_t *this = mem_zalloc(sizeof(*this));

	*this = (enumerator_t){
		.enumerate = empty_enumerate,
		.destroy = empty_destroy,
	};
	return this;
}

typedef struct {
	enumerator_t public;
	enumerator_t *inner;
	enumerator_filter_t filter;
	void *data;
	void (*destroy_data)(void *data);
} filter_enumerator_t;

static bool filter_enumerate(enumerator_t *public, ...)
{
	filter_enumerator_t *this = (filter_enumerator_t *)public;
	va_list args, out;
	void *item;
	bool accepted;

	va_start(args, public);
	while (this->inner->enumerate(this->inner, &item)) {
		/* a rejecting filter may already have consumed out pointers */
		va_copy(out, args);
		accepted = this->filter(this->data, item, out);
		va_end(out);
		if (accepted) {
			va_end(args);
			return true;
		}
	}
	va_end(args);
	return false;
}

static void filter_destroy(enumerator_t *public)
{
	filter_enumerator_t *this = (filter_enumerator_t *)public;

	this->inner->destroy(this->inner);
	if (this->destroy_data) {
		this->destroy_data(this->data);
	}
	free(this);
}

enumerator_t *enumerator_create_filter(enumerator_t *inner,
				       enumerator_filter_t filter, void *data,
				       void (*destroy_data)(void *data))
{
	filter_enumerator_t *this;

	if (!inner || !filter) {
		DBG1(DBG_LIB, "filter enumerator needs an inner enumerator and a filter");
		DESTROY_IF(inner);
		if (destroy_data) {
			destroy_data(data);
		}
		return enumerator_create_empty();
	}
	this = mem_zalloc(sizeof(*this));
	*this = (filter_enumerator_t){
		.public = {
			.enumerate = filter_enumerate,
			.destroy = filter_destroy,
		},
		.inner = inner,
		.filter = filter,
		.data = data,
		.destroy_data = destroy_data,
	};
	return &this->public;
}
