/*
 * shared_key_t and the credential manager: references, which PSK a pair
 * of identities gets, type filtering, flushing by source, and concurrent
 * look-ups while keys are reloaded.
 */
#include <pthread.h>

#include "test_runner.h"
#include "credentials/credential_manager.h"

static shared_key_t *psk(const char *secret)
{
	return shared_key_create(SHARED_IKE, chunk_clone(chunk_from_str(secret)));
}

/* owners from a NULL-terminated list of identity strings */
static linked_list_t *owners(const char *first, ...)
{
	linked_list_t *list = linked_list_create();
	const char *str;
	va_list args;

	va_start(args, first);
	for (str = first; str; str = va_arg(args, const char *)) {
		list->insert_last(list, identification_create_from_string(str));
	}
	va_end(args);
	return list;
}

/* the secret get_shared() picks for me/other (NULL strings: no identity) */
static void check_pick(credential_manager_t *mgr, shared_key_type_t type,
		       const char *me, const char *other, const char *expected)
{
	identification_t *my_id = me ? identification_create_from_string(me) : NULL;
	identification_t *other_id = other ? identification_create_from_string(other) : NULL;
	shared_key_t *key;
	chunk_t secret;

	key = mgr->get_shared(mgr, type, my_id, other_id);
	if (!expected) {
		ck_assert_msg(key == NULL, "%s - %s: unexpected key", me, other);
	} else {
		ck_assert_msg(key != NULL, "%s - %s: no key", me, other);
		secret = key->get_key(key);
		ck_assert_msg(chunk_equals(secret, chunk_from_str(expected)),
			      "%s - %s: got '%.*s', expected '%s'", me, other,
			      (int)secret.len, secret.ptr, expected);
		key->destroy(key);
	}
	DESTROY_IF(my_id);
	DESTROY_IF(other_id);
}

START_TEST(test_shared_key_refs)
{
	shared_key_t *key = psk("secret"), *ref;

	ck_assert_int_eq(key->get_type(key), SHARED_IKE);
	ck_assert(chunk_equals(key->get_key(key), chunk_from_str("secret")));
	ref = key->get_ref(key);
	ck_assert_ptr_eq(ref, key);
	key->destroy(key);
	/* still valid through the second reference */
	ck_assert(chunk_equals(ref->get_key(ref), chunk_from_str("secret")));
	ref->destroy(ref);

	key = shared_key_create(SHARED_EAP, chunk_empty);
	ck_assert_int_eq(key->get_type(key), SHARED_EAP);
	ck_assert_int_eq(key->get_key(key).len, 0);
	key->destroy(key);
}
END_TEST

START_TEST(test_psk_preference)
{
	credential_manager_t *mgr = credential_manager_create();

	check_pick(mgr, SHARED_IKE, "moon", "sun", NULL);
	mgr->add_shared(mgr, "secrets", psk("any"), NULL);
	mgr->add_shared(mgr, "secrets", psk("moon-only"), owners("moon", NULL));
	mgr->add_shared(mgr, "secrets", psk("moon-sun"), owners("moon", "sun", NULL));
	mgr->add_shared(mgr, "secrets", psk("wild"), owners("*.example.com", NULL));
	mgr->add_shared(mgr, "secrets", psk("carol"), owners("carol@example.com", NULL));
	mgr->add_shared(mgr, "secrets", psk("any-explicit"), owners("%any", NULL));
	ck_assert_int_eq(mgr->count_shared(mgr), 6);

	/* both ends match beats one end, beats "any" */
	check_pick(mgr, SHARED_IKE, "moon", "sun", "moon-sun");
	check_pick(mgr, SHARED_IKE, "sun", "moon", "moon-sun");
	/* one end each: equal levels, so the key added first */
	check_pick(mgr, SHARED_IKE, "moon", "venus", "moon-only");
	check_pick(mgr, SHARED_IKE, "venus", "sun", "moon-sun");
	/* no owner matches: keys for any peer, the first added */
	check_pick(mgr, SHARED_IKE, "venus", "mars", "any");
	check_pick(mgr, SHARED_IKE, NULL, NULL, "any");
	/* a wildcard owner matches, worse than an exact one */
	check_pick(mgr, SHARED_IKE, "venus", "gw.example.com", "wild");
	check_pick(mgr, SHARED_IKE, "carol@example.com", "moon", "moon-only");
	check_pick(mgr, SHARED_IKE, "carol@example.com", "gw.example.com", "carol");
	/* only one identity known */
	check_pick(mgr, SHARED_IKE, NULL, "sun", "moon-sun");
	check_pick(mgr, SHARED_IKE, "moon", NULL, "moon-only");
	mgr->destroy(mgr);
}
END_TEST

START_TEST(test_psk_no_any_key)
{
	credential_manager_t *mgr = credential_manager_create();

	mgr->add_shared(mgr, "s", psk("moon"), owners("moon", NULL));
	/* neither end is an owner and no key is for any peer */
	check_pick(mgr, SHARED_IKE, "venus", "mars", NULL);
	/* a known end without a match on the other is enough */
	check_pick(mgr, SHARED_IKE, "venus", "moon", "moon");
	/* an unknown end fits as "any" only when the other end fits too */
	check_pick(mgr, SHARED_IKE, NULL, "mars", NULL);
	mgr->destroy(mgr);
}
END_TEST

START_TEST(test_psk_ties_and_types)
{
	credential_manager_t *mgr = credential_manager_create();

	mgr->add_shared(mgr, "a", psk("first"), owners("moon", "sun", NULL));
	mgr->add_shared(mgr, "a", psk("second"), owners("sun", "moon", NULL));
	mgr->add_shared(mgr, "a", shared_key_create(SHARED_EAP,
			chunk_clone(chunk_from_str("eap"))), owners("carol", NULL));
	check_pick(mgr, SHARED_IKE, "moon", "sun", "first");
	check_pick(mgr, SHARED_IKE, "carol", NULL, NULL);
	check_pick(mgr, SHARED_EAP, "carol", NULL, "eap");
	check_pick(mgr, SHARED_EAP, "moon", "sun", NULL);
	check_pick(mgr, SHARED_ANY, "carol", NULL, "eap");
	check_pick(mgr, SHARED_PIN, NULL, NULL, NULL);
	/* NULL key: owners are released, nothing is added */
	mgr->add_shared(mgr, "a", NULL, owners("x", NULL));
	ck_assert_int_eq(mgr->count_shared(mgr), 3);
	mgr->destroy(mgr);
}
END_TEST

START_TEST(test_flush_keeps_borrowed)
{
	credential_manager_t *mgr = credential_manager_create();
	identification_t *moon = identification_create_from_string("moon");
	shared_key_t *key;

	mgr->add_shared(mgr, "file1", psk("one"), owners("moon", NULL));
	mgr->add_shared(mgr, "file2", psk("two"), owners("moon", NULL));
	mgr->add_shared(mgr, NULL, psk("three"), NULL);
	key = mgr->get_shared(mgr, SHARED_IKE, moon, NULL);
	ck_assert(chunk_equals(key->get_key(key), chunk_from_str("one")));

	mgr->flush_shared(mgr, "file1");
	ck_assert_int_eq(mgr->count_shared(mgr), 2);
	/* the borrowed reference outlives the flush */
	ck_assert(chunk_equals(key->get_key(key), chunk_from_str("one")));
	key->destroy(key);
	check_pick(mgr, SHARED_IKE, "moon", NULL, "two");

	mgr->flush_shared(mgr, "nothing");
	ck_assert_int_eq(mgr->count_shared(mgr), 2);
	mgr->flush_shared(mgr, NULL);
	ck_assert_int_eq(mgr->count_shared(mgr), 1);
	mgr->flush_shared(mgr, "file2");
	ck_assert_int_eq(mgr->count_shared(mgr), 0);
	check_pick(mgr, SHARED_IKE, "moon", NULL, NULL);
	moon->destroy(moon);
	mgr->destroy(mgr);
}
END_TEST

typedef struct {
	credential_manager_t *mgr;
	int found;
} reader_t;

static void *reader(void *data)
{
	reader_t *r = data;
	identification_t *moon = identification_create_from_string("moon");
	shared_key_t *key;
	int i;

	for (i = 0; i < 2000; i++) {
		key = r->mgr->get_shared(r->mgr, SHARED_IKE, moon, NULL);
		if (key) {
			/* the key stays readable while we hold it */
			ck_assert_int_eq(key->get_key(key).len, 6);
			r->found++;
			key->destroy(key);
		}
	}
	moon->destroy(moon);
	return NULL;
}

START_TEST(test_concurrent_reload)
{
	credential_manager_t *mgr = credential_manager_create();
	reader_t readers[4];
	pthread_t threads[4];
	int i;

	mgr->add_shared(mgr, "base", psk("stable"), owners("moon", NULL));
	for (i = 0; i < 4; i++) {
		readers[i] = (reader_t){ .mgr = mgr };
		pthread_create(&threads[i], NULL, reader, &readers[i]);
	}
	for (i = 0; i < 500; i++) {
		mgr->add_shared(mgr, "reload", psk("reload"), owners("moon", NULL));
		mgr->flush_shared(mgr, "reload");
	}
	for (i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		ck_assert_int_eq(readers[i].found, 2000);
	}
	ck_assert_int_eq(mgr->count_shared(mgr), 1);
	mgr->destroy(mgr);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("credentials");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_shared_key_refs);
	tcase_add_test(tc, test_psk_preference);
	tcase_add_test(tc, test_psk_no_any_key);
	tcase_add_test(tc, test_psk_ties_and_types);
	tcase_add_test(tc, test_flush_keeps_borrowed);
	tcase_add_test(tc, test_concurrent_reload);
	suite_add_tcase(s, tc);
	return s;
}
