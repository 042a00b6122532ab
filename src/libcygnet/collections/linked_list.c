/*
 * Doubly linked list of pointers, with enumerators that survive removal of
 * the item they point to.
 */
#include "collections/linked_list.h"

typedef struct element_t element_t;

struct element_t {
	void *value;
	element_t *prev;
	element_t *next;
};

typedef struct {
	linked_list_t public;
	int count;
	element_t *first;
	element_t *last;
} private_linked_list_t;

/*
 * The enumerator follows current->next when it advances, so items appended
 * during a walk are still seen; remove_at() saves the successor in @next
 * before freeing the current element, so the walk continues from there.
 */
typedef struct {
	enumerator_t public;
	private_linked_list_t *list;
	element_t *current;
	element_t *next;
	bool started;
	/* set by linked_list_create_owning_enumerator(): destroys the list */
	void (*item_destroy)(void *item);
} list_enumerator_t;

static int get_count(linked_list_t *public)
{
	private_linked_list_t *this = (private_linked_list_t *)public;

	return this->count;
}

/* Link @p e in front of @p before, or at the end if @p before is NULL. */
static void link_before(private_linked_list_t *this, element_t *e, element_t *before)
{
	if (before) {
		e->next = before;
		e->prev = before->prev;
		before->prev = e;
	} else {
		e->next = NULL;
		e->prev = this->last;
		this->last = e;
	}
	if (e->prev) {
		e->prev->next = e;
	} else {
		this->first = e;
	}
	this->count++;
}

static void unlink_element(private_linked_list_t *this, element_t *e)
{
	if (e->prev) {
		e->prev->next = e->next;
	} else {
		this->first = e->next;
	}
	if (e->next) {
		e->next->prev = e->prev;
	} else {
		this->last = e->prev;
	}
	this->count--;
	free(e);
}

static element_t *new_element(void *item)
{
	element_t *e = mem_zalloc(sizeof(*e));

	e->value = item;
	return e;
}

static void insert_first(linked_list_t *public, void *item)
{
	private_linked_list_t *this = (private_linked_list_t *)public;

	link_before(this, new_element(item), this->first);
}

static void insert_last(linked_list_t *public, void *item)
{
	private_linked_list_t *this = (private_linked_list_t *)public;

	link_before(this, new_element(item), NULL);
}

static status_t get_end(element_t *e, void **item)
{
	if (!e) {
		return NOT_FOUND;
	}
	if (item) {
		*item = e->value;
	}
	return SUCCESS;
}

static status_t get_first(linked_list_t *public, void **item)
{
	return get_end(((private_linked_list_t *)public)->first, item);
}

static status_t get_last(linked_list_t *public, void **item)
{
	return get_end(((private_linked_list_t *)public)->last, item);
}

static status_t remove_first(linked_list_t *public, void **item)
{
	private_linked_list_t *this = (private_linked_list_t *)public;

	if (get_end(this->first, item) != SUCCESS) {
		return NOT_FOUND;
	}
	unlink_element(this, this->first);
	return SUCCESS;
}

static status_t remove_last(linked_list_t *public, void **item)
{
	private_linked_list_t *this = (private_linked_list_t *)public;

	if (get_end(this->last, item) != SUCCESS) {
		return NOT_FOUND;
	}
	unlink_element(this, this->last);
	return SUCCESS;
}

static int remove_(linked_list_t *public, void *item, bool (*cmp)(void *a, void *b))
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	element_t *e = this->first, *next;
	int removed = 0;

	while (e) {
		next = e->next;
		if (cmp ? cmp(e->value, item) : e->value == item) {
			unlink_element(this, e);
			removed++;
		}
		e = next;
	}
	return removed;
}

static list_enumerator_t *own_enumerator(private_linked_list_t *this,
					 enumerator_t *enumerator)
{
	list_enumerator_t *e = (list_enumerator_t *)enumerator;

	if (!e || e->list != this) {
		DBG1(DBG_LIB, "linked list: enumerator does not belong to this list");
		return NULL;
	}
	return e;
}

static void remove_at(linked_list_t *public, enumerator_t *enumerator)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	list_enumerator_t *e = own_enumerator(this, enumerator);

	if (e && e->current) {
		e->next = e->current->next;
		unlink_element(this, e->current);
		e->current = NULL;
	}
}

static void insert_before(linked_list_t *public, enumerator_t *enumerator, void *item)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	list_enumerator_t *e = own_enumerator(this, enumerator);
	element_t *before;

	if (!e) {
		return;
	}
	if (e->current) {
		before = e->current;
	} else {
		/* current was removed or the walk has not begun/has ended */
		before = e->started ? e->next : this->first;
	}
	link_before(this, new_element(item), before);
}

static bool find_first(linked_list_t *public, bool (*match)(void *item, void *data),
		       void *data, void **found)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	element_t *e;

	for (e = this->first; e; e = e->next) {
		if (match ? match(e->value, data) : e->value == data) {
			if (found) {
				*found = e->value;
			}
			return true;
		}
	}
	return false;
}

static void invoke(linked_list_t *public, void (*fn)(void *item, void *data), void *data)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	element_t *e;

	for (e = this->first; e; e = e->next) {
		fn(e->value, data);
	}
}

static bool enumerate(enumerator_t *public, ...)
{
	list_enumerator_t *this = (list_enumerator_t *)public;
	va_list args;
	void **item;

	if (!this->started) {
		this->started = true;
		this->current = this->list->first;
	} else if (this->current) {
		this->current = this->current->next;
	} else {
		this->current = this->next;
	}
	this->next = NULL;
	if (!this->current) {
		return false;
	}

	va_start(args, public);
	item = va_arg(args, void **);
	va_end(args);
	if (item) {
		*item = this->current->value;
	}
	return true;
}

static void enumerator_destroy(enumerator_t *public)
{
	list_enumerator_t *this = (list_enumerator_t *)public;

	if (this->item_destroy) {
		this->list->public.destroy_function(&this->list->public,
						    this->item_destroy);
	}
	free(this);
}

static enumerator_t *create_enumerator(linked_list_t *public)
{
	list_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (list_enumerator_t){
		.public = {
			.enumerate = enumerate,
			.destroy = enumerator_destroy,
		},
		.list = (private_linked_list_t *)public,
	};
	return &e->public;
}

static linked_list_t *clone_(linked_list_t *public, void *(*clone)(void *item))
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	linked_list_t *copy = linked_list_create();
	element_t *e;

	for (e = this->first; e; e = e->next) {
		copy->insert_last(copy, clone ? clone(e->value) : e->value);
	}
	return copy;
}

static void destroy(linked_list_t *public)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	element_t *e = this->first, *next;

	while (e) {
		next = e->next;
		free(e);
		e = next;
	}
	free(this);
}

static void destroy_function(linked_list_t *public, void (*fn)(void *item))
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	element_t *e;

	/* unlink before calling fn, which may look at other lists */
	while (this->first) {
		e = this->first;
		this->first = e->next;
		if (fn) {
			fn(e->value);
		}
		free(e);
	}
	free(this);
}

static void destroy_offset(linked_list_t *public, size_t offset)
{
	private_linked_list_t *this = (private_linked_list_t *)public;
	void (*method)(void *item);
	element_t *e;

	while (this->first) {
		e = this->first;
		this->first = e->next;
		if (e->value) {
			memcpy(&method, (char *)e->value + offset, sizeof(method));
			method(e->value);
		}
		free(e);
	}
	free(this);
}

linked_list_t *linked_list_create(void)
{
	private_linked_list_t *this = mem_zalloc(sizeof(*this));

	*this = (private_linked_list_t){
		.public = {
			.get_count = get_count,
			.insert_first = insert_first,
			.insert_last = insert_last,
			.remove_first = remove_first,
			.remove_last = remove_last,
			.get_first = get_first,
			.get_last = get_last,
			.remove = remove_,
			.remove_at = remove_at,
			.insert_before = insert_before,
			.find_first = find_first,
			.invoke = invoke,
			.create_enumerator = create_enumerator,
			.clone = clone_,
			.destroy = destroy,
			.destroy_function = destroy_function,
			.destroy_offset = destroy_offset,
		},
	};
	return &this->public;
}

linked_list_t *linked_list_create_with_items(void *item, ...)
{
	linked_list_t *list = linked_list_create();
	va_list args;

	va_start(args, item);
	while (item) {
		list->insert_last(list, item);
		item = va_arg(args, void *);
	}
	va_end(args);
	return list;
}

bool linked_list_equals(linked_list_t *a, linked_list_t *b, bool (*equal)(void *a, void *b))
{
	enumerator_t *ea, *eb;
	void *ia, *ib;
	bool same = a->get_count(a) == b->get_count(b);

	ea = a->create_enumerator(a);
	eb = b->create_enumerator(b);
	while (same && ea->enumerate(ea, &ia) && eb->enumerate(eb, &ib)) {
		same = equal(ia, ib);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return same;
}

enumerator_t *linked_list_create_owning_enumerator(linked_list_t *list,
						  void (*item_destroy)(void *item))
{
	list_enumerator_t *e = (list_enumerator_t *)list->create_enumerator(list);

	e->item_destroy = item_destroy;
	return &e->public;
}
