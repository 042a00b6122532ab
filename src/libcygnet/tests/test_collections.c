/*
 * Tests for the linked list, the hash table and the generic enumerators.
 */
#include <stdint.h>
#include <stdio.h>

#include "collections/linked_list.h"
#include "collections/hashtable.h"
#include "test_runner.h"

#define P(i) ((void *)(intptr_t)(i))
#define I(p) ((int)(intptr_t)(p))

/* Items of @p list as a string "1,2,3" in @p buf. */
static const char *list_str(linked_list_t *list, char *buf, size_t len)
{
	enumerator_t *e = list->create_enumerator(list);
	size_t pos = 0;
	void *item;

	buf[0] = '\0';
	while (e->enumerate(e, &item) && pos < len) {
		pos += snprintf(buf + pos, len - pos, "%s%d", pos ? "," : "", I(item));
	}
	e->destroy(e);
	return buf;
}

#define ck_list(list, expect) do { \
	char _buf[256]; \
	ck_assert_str_eq(list_str(list, _buf, sizeof(_buf)), expect); \
} while (0)

START_TEST(test_list_ends)
{
	linked_list_t *list = linked_list_create();
	void *item = P(99);

	ck_assert_int_eq(list->get_count(list), 0);
	ck_assert_int_eq(list->get_first(list, &item), NOT_FOUND);
	ck_assert_int_eq(list->get_last(list, &item), NOT_FOUND);
	ck_assert_int_eq(list->remove_first(list, &item), NOT_FOUND);
	ck_assert_int_eq(list->remove_last(list, &item), NOT_FOUND);
	ck_assert_int_eq(I(item), 99);

	list->insert_last(list, P(2));
	list->insert_first(list, P(1));
	list->insert_last(list, P(3));
	ck_assert_int_eq(list->get_count(list), 3);
	ck_list(list, "1,2,3");

	ck_assert_int_eq(list->get_first(list, &item), SUCCESS);
	ck_assert_int_eq(I(item), 1);
	ck_assert_int_eq(list->get_last(list, &item), SUCCESS);
	ck_assert_int_eq(I(item), 3);
	ck_assert_int_eq(list->remove_first(list, &item), SUCCESS);
	ck_assert_int_eq(I(item), 1);
	ck_assert_int_eq(list->remove_last(list, &item), SUCCESS);
	ck_assert_int_eq(I(item), 3);
	ck_assert_int_eq(list->remove_last(list, NULL), SUCCESS);
	ck_assert_int_eq(list->get_count(list), 0);
	ck_assert_int_eq(list->remove_first(list, &item), NOT_FOUND);
	/* usable again after being emptied */
	list->insert_first(list, P(5));
	ck_list(list, "5");
	list->destroy(list);
}
END_TEST

static bool same_parity(void *a, void *b)
{
	return I(a) % 2 == I(b) % 2;
}

START_TEST(test_list_remove)
{
	linked_list_t *list = linked_list_create_with_items(P(1), P(2), P(1), P(3), P(1), NULL);

	ck_assert_int_eq(list->remove(list, P(1), NULL), 3);
	ck_list(list, "2,3");
	ck_assert_int_eq(list->remove(list, P(7), NULL), 0);
	list->insert_last(list, P(4));
	ck_assert_int_eq(list->remove(list, P(0), same_parity), 2);
	ck_list(list, "3");
	ck_assert_int_eq(list->remove(list, P(3), NULL), 1);
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);

	list = linked_list_create_with_items(NULL);
	ck_assert_int_eq(list->get_count(list), 0);
	list->destroy(list);
}
END_TEST

START_TEST(test_list_remove_at)
{
	linked_list_t *list = linked_list_create();
	enumerator_t *e;
	void *item;
	int i, seen = 0;

	for (i = 1; i <= 10; i++) {
		list->insert_last(list, P(i));
	}
	/* remove the odd ones while walking; every item is still visited */
	e = list->create_enumerator(list);
	while (e->enumerate(e, &item)) {
		seen++;
		if (I(item) % 2) {
			list->remove_at(list, e);
			/* a second remove_at on the same position does nothing */
			list->remove_at(list, e);
		}
	}
	ck_assert_int_eq(seen, 10);
	ck_assert(!e->enumerate(e, &item));
	e->destroy(e);
	ck_list(list, "2,4,6,8,10");
	ck_assert_int_eq(list->get_count(list), 5);

	/* remove everything, first and last included */
	e = list->create_enumerator(list);
	while (e->enumerate(e, &item)) {
		list->remove_at(list, e);
	}
	e->destroy(e);
	ck_assert_int_eq(list->get_count(list), 0);
	ck_assert_int_eq(list->get_first(list, &item), NOT_FOUND);
	ck_assert_int_eq(list->get_last(list, &item), NOT_FOUND);

	/* remove_at before the walk starts is a no-op */
	list->insert_last(list, P(1));
	e = list->create_enumerator(list);
	list->remove_at(list, e);
	ck_assert_int_eq(list->get_count(list), 1);
	e->destroy(e);
	list->destroy(list);
}
END_TEST

START_TEST(test_list_remove_at_foreign)
{
	linked_list_t *a = linked_list_create_with_items(P(1), NULL);
	linked_list_t *b = linked_list_create_with_items(P(2), NULL);
	enumerator_t *e = a->create_enumerator(a);
	void *item;

	ck_assert(e->enumerate(e, &item));
	b->remove_at(b, e);
	b->insert_before(b, e, P(3));
	ck_assert_int_eq(a->get_count(a), 1);
	ck_assert_int_eq(b->get_count(b), 1);
	e->destroy(e);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_list_insert_before)
{
	linked_list_t *list = linked_list_create_with_items(P(1), P(2), P(3), NULL);
	enumerator_t *e;
	void *item;

	/* before the walk begins: in front of the first item */
	e = list->create_enumerator(list);
	list->insert_before(list, e, P(0));
	while (e->enumerate(e, &item)) {
		if (I(item) == 2) {
			list->insert_before(list, e, P(9));
		}
		if (I(item) == 3) {
			/* after removing, insert at the removed item's place */
			list->remove_at(list, e);
			list->insert_before(list, e, P(8));
		}
	}
	/* after the end: appended */
	list->insert_before(list, e, P(7));
	e->destroy(e);
	ck_list(list, "0,1,9,2,8,7");
	ck_assert_int_eq(list->get_count(list), 6);
	list->destroy(list);

	list = linked_list_create();
	e = list->create_enumerator(list);
	ck_assert(!e->enumerate(e, &item));
	list->insert_before(list, e, P(1));
	e->destroy(e);
	ck_list(list, "1");
	list->destroy(list);
}
END_TEST

START_TEST(test_list_append_while_walking)
{
	linked_list_t *list = linked_list_create_with_items(P(1), NULL);
	enumerator_t *e = list->create_enumerator(list);
	void *item;
	int seen = 0;

	while (e->enumerate(e, &item)) {
		seen++;
		if (I(item) < 5) {
			list->insert_last(list, P(I(item) + 1));
		}
	}
	e->destroy(e);
	ck_assert_int_eq(seen, 5);
	ck_list(list, "1,2,3,4,5");
	list->destroy(list);
}
END_TEST

static bool match_gt(void *item, void *data)
{
	return I(item) > I(data);
}

static void sum(void *item, void *data)
{
	*(int *)data += I(item);
}

static void *double_it(void *item)
{
	return P(I(item) * 2);
}

START_TEST(test_list_find_invoke_clone)
{
	linked_list_t *list = linked_list_create_with_items(P(1), P(5), P(7), NULL), *copy;
	void *found = NULL;
	int total = 0;

	ck_assert(list->find_first(list, match_gt, P(4), &found));
	ck_assert_int_eq(I(found), 5);
	ck_assert(!list->find_first(list, match_gt, P(10), &found));
	ck_assert(list->find_first(list, NULL, P(7), &found));
	ck_assert_int_eq(I(found), 7);
	ck_assert(!list->find_first(list, NULL, P(6), NULL));
	ck_assert(list->find_first(list, match_gt, P(0), NULL));

	list->invoke(list, sum, &total);
	ck_assert_int_eq(total, 13);

	copy = list->clone(list, NULL);
	ck_list(copy, "1,5,7");
	copy->remove_first(copy, NULL);
	ck_assert_int_eq(list->get_count(list), 3);
	copy->destroy(copy);

	copy = list->clone(list, double_it);
	ck_list(copy, "2,10,14");
	copy->destroy(copy);
	list->destroy(list);
}
END_TEST

typedef struct object_t object_t;

struct object_t {
	int value;
	void (*destroy)(object_t *this);
};

static int destroyed;

static void object_destroy(object_t *this)
{
	destroyed += this->value;
	free(this);
}

static object_t *object_create(int value)
{
	object_t *this = mem_zalloc(sizeof(*this));

	*this = (object_t){ .value = value, .destroy = object_destroy };
	return this;
}

static void free_counted(void *item)
{
	destroyed++;
	free(item);
}

START_TEST(test_list_destroy_variants)
{
	linked_list_t *list = linked_list_create();

	destroyed = 0;
	list->insert_last(list, object_create(3));
	list->insert_last(list, object_create(4));
	list->destroy_offset(list, DESTROY_OFFSET(object_t));
	ck_assert_int_eq(destroyed, 7);

	destroyed = 0;
	list = linked_list_create_with_items(str_dup("a"), str_dup("b"), NULL);
	list->destroy_function(list, free_counted);
	ck_assert_int_eq(destroyed, 2);

	list = linked_list_create();
	list->destroy_function(list, free_counted);
	ck_assert_int_eq(destroyed, 2);
}
END_TEST

START_TEST(test_enumerator_empty)
{
	enumerator_t *e = enumerator_create_empty();
	void *item = NULL;

	ck_assert(!e->enumerate(e, &item));
	ck_assert(!e->enumerate(e, &item));
	ck_assert_ptr_null(item);
	e->destroy(e);
}
END_TEST

/* Accepts even items and yields them halved into an int. */
static bool halve_even(void *data, void *item, va_list out)
{
	int *result;

	(*(int *)data)++;
	if (I(item) % 2) {
		return false;
	}
	result = va_arg(out, int *);
	*result = I(item) / 2;
	return true;
}

static int data_destroyed;

static void destroy_data(void *data)
{
	data_destroyed++;
}

START_TEST(test_enumerator_filter)
{
	linked_list_t *list = linked_list_create_with_items(P(1), P(2), P(3), P(4), P(6), P(7), NULL);
	enumerator_t *e;
	int calls = 0, value, total = 0, count = 0;

	data_destroyed = 0;
	e = enumerator_create_filter(list->create_enumerator(list), halve_even, &calls,
				     destroy_data);
	while (e->enumerate(e, &value)) {
		total += value;
		count++;
	}
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(total, 1 + 2 + 3);
	ck_assert_int_eq(calls, 6);
	e->destroy(e);
	ck_assert_int_eq(data_destroyed, 1);

	/* bad arguments give an empty enumerator and still release everything */
	e = enumerator_create_filter(list->create_enumerator(list), NULL, NULL, destroy_data);
	ck_assert(!e->enumerate(e, &value));
	e->destroy(e);
	ck_assert_int_eq(data_destroyed, 2);
	e = enumerator_create_filter(NULL, halve_even, &calls, NULL);
	ck_assert(!e->enumerate(e, &value));
	e->destroy(e);

	list->destroy(list);
}
END_TEST

START_TEST(test_hashtable_basic)
{
	hashtable_t *ht = hashtable_create(hashtable_hash_str, hashtable_equals_str, 0);
	char key[] = "alpha";

	ck_assert_int_eq(ht->get_count(ht), 0);
	ck_assert_ptr_null(ht->get(ht, "alpha"));
	ck_assert_ptr_null(ht->put(ht, "alpha", P(1)));
	ck_assert_ptr_null(ht->put(ht, "beta", P(2)));
	ck_assert_int_eq(ht->get_count(ht), 2);
	/* lookups compare contents, not the key pointer */
	ck_assert_int_eq(I(ht->get(ht, key)), 1);
	ck_assert_int_eq(I(ht->put(ht, key, P(3))), 1);
	ck_assert_int_eq(ht->get_count(ht), 2);
	ck_assert_int_eq(I(ht->get(ht, "alpha")), 3);
	ck_assert_int_eq(I(ht->remove(ht, "alpha")), 3);
	ck_assert_ptr_null(ht->remove(ht, "alpha"));
	ck_assert_ptr_null(ht->get(ht, "alpha"));
	ck_assert_int_eq(ht->get_count(ht), 1);
	ck_assert_ptr_null(ht->remove(ht, "gamma"));
	ht->destroy(ht);

	ck_assert_ptr_null(hashtable_create(NULL, hashtable_equals_str, 0));
	ck_assert_ptr_null(hashtable_create(hashtable_hash_str, NULL, 0));
}
END_TEST

START_TEST(test_hashtable_ptr_keys)
{
	hashtable_t *ht = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 4);
	int a, b;

	ht->put(ht, &a, P(1));
	ht->put(ht, &b, P(2));
	ck_assert_int_eq(I(ht->get(ht, &a)), 1);
	ck_assert_int_eq(I(ht->get(ht, &b)), 2);
	ck_assert_ptr_null(ht->get(ht, NULL));
	ht->put(ht, NULL, P(3));
	ck_assert_int_eq(I(ht->get(ht, NULL)), 3);
	ht->destroy(ht);
}
END_TEST

static void free_value(void *value, const void *key)
{
	destroyed++;
	free(value);
}

START_TEST(test_hashtable_grow)
{
	hashtable_t *ht = hashtable_create(hashtable_hash_str, hashtable_equals_str, 1);
	enumerator_t *e;
	const void *key;
	void *value;
	char *name;
	int i, count = 0;

	for (i = 0; i < 10000; i++) {
		name = mem_zalloc(16);
		snprintf(name, 16, "key-%d", i);
		ck_assert_ptr_null(ht->put(ht, name, name));
	}
	ck_assert_uint_eq(ht->get_count(ht), 10000);
	for (i = 0; i < 10000; i++) {
		char probe[16];

		snprintf(probe, sizeof(probe), "key-%d", i);
		name = ht->get(ht, probe);
		ck_assert_ptr_nonnull(name);
		ck_assert_str_eq(name, probe);
	}
	ck_assert_ptr_null(ht->get(ht, "key-10000"));

	e = ht->create_enumerator(ht);
	while (e->enumerate(e, &key, &value)) {
		ck_assert_ptr_eq(key, value);
		count++;
	}
	ck_assert(!e->enumerate(e, &key, &value));
	e->destroy(e);
	ck_assert_int_eq(count, 10000);

	destroyed = 0;
	ht->destroy_function(ht, free_value);
	ck_assert_int_eq(destroyed, 10000);
}
END_TEST

START_TEST(test_hashtable_remove_at)
{
	hashtable_t *ht = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 0);
	enumerator_t *e;
	const void *key;
	void *value;
	int i, seen = 0;

	for (i = 1; i <= 1000; i++) {
		ht->put(ht, P(i), P(i));
	}
	e = ht->create_enumerator(ht);
	while (e->enumerate(e, &key, &value)) {
		seen++;
		if (I(value) % 2) {
			ht->remove_at(ht, e);
			ht->remove_at(ht, e);
		}
	}
	e->destroy(e);
	ck_assert_int_eq(seen, 1000);
	ck_assert_uint_eq(ht->get_count(ht), 500);
	for (i = 1; i <= 1000; i++) {
		if (i % 2) {
			ck_assert_ptr_null(ht->get(ht, P(i)));
		} else {
			ck_assert_int_eq(I(ht->get(ht, P(i))), i);
		}
	}

	/* a value-only walk, then remove everything */
	e = ht->create_enumerator(ht);
	while (e->enumerate(e, NULL, &value)) {
		ht->remove_at(ht, e);
	}
	e->destroy(e);
	ck_assert_uint_eq(ht->get_count(ht), 0);

	/* empty table */
	e = ht->create_enumerator(ht);
	ck_assert(!e->enumerate(e, &key, &value));
	ht->remove_at(ht, e);
	e->destroy(e);
	ht->destroy(ht);
}
END_TEST

START_TEST(test_hashtable_remove_at_foreign)
{
	hashtable_t *a = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 0);
	hashtable_t *b = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 0);
	enumerator_t *e;
	const void *key;
	void *value;

	a->put(a, P(1), P(1));
	b->put(b, P(1), P(1));
	e = a->create_enumerator(a);
	ck_assert(e->enumerate(e, &key, &value));
	b->remove_at(b, e);
	ck_assert_uint_eq(a->get_count(a), 1);
	ck_assert_uint_eq(b->get_count(b), 1);
	e->destroy(e);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

static bool str_item_equals(void *a, void *b)
{
	return streq(a, b);
}

START_TEST(test_list_equals)
{
	linked_list_t *a = linked_list_create_with_items("x", "y", NULL);
	linked_list_t *b = linked_list_create_with_items("x", "y", NULL);
	linked_list_t *c = linked_list_create_with_items("y", "x", NULL);
	linked_list_t *d = linked_list_create_with_items("x", NULL);

	ck_assert(linked_list_equals(a, b, str_item_equals));
	ck_assert(!linked_list_equals(a, c, str_item_equals));
	ck_assert(!linked_list_equals(a, d, str_item_equals));
	ck_assert(!linked_list_equals(d, a, str_item_equals));
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	d->destroy(d);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("collections");
	TCase *tc;

	tc = tcase_create("linked_list");
	tcase_add_test(tc, test_list_ends);
	tcase_add_test(tc, test_list_equals);
	tcase_add_test(tc, test_list_remove);
	tcase_add_test(tc, test_list_remove_at);
	tcase_add_test(tc, test_list_remove_at_foreign);
	tcase_add_test(tc, test_list_insert_before);
	tcase_add_test(tc, test_list_append_while_walking);
	tcase_add_test(tc, test_list_find_invoke_clone);
	tcase_add_test(tc, test_list_destroy_variants);
	suite_add_tcase(s, tc);

	tc = tcase_create("enumerator");
	tcase_add_test(tc, test_enumerator_empty);
	tcase_add_test(tc, test_enumerator_filter);
	suite_add_tcase(s, tc);

	tc = tcase_create("hashtable");
	tcase_add_test(tc, test_hashtable_basic);
	tcase_add_test(tc, test_hashtable_ptr_keys);
	tcase_add_test(tc, test_hashtable_grow);
	tcase_add_test(tc, test_hashtable_remove_at);
	tcase_add_test(tc, test_hashtable_remove_at_foreign);
	suite_add_tcase(s, tc);

	return s;
}
