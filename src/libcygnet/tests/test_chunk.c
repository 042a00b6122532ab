/*
 * Tests for utils/chunk.c, utils/memory.c and utils/status.c.
 */
#include "library.h"
#include "test_runner.h"

/* defined in chunk.c for these vectors, deliberately not in chunk.h */
uint64_t chunk_siphash24(const uint8_t key[16], chunk_t chunk);

START_TEST(test_create_clone_free)
{
	chunk_t c = chunk_from_str("hello"), copy;

	ck_assert_uint_eq(c.len, 5);
	copy = chunk_clone(c);
	ck_assert_ptr_ne(copy.ptr, c.ptr);
	ck_assert(chunk_equals(c, copy));
	chunk_free(&copy);
	ck_assert_ptr_null(copy.ptr);
	ck_assert_uint_eq(copy.len, 0);

	copy = chunk_clone(chunk_empty);
	ck_assert(chunk_is_empty(copy));
	ck_assert_ptr_null(copy.ptr);
	chunk_free(&copy);

	c = chunk_from_str(NULL);
	ck_assert(chunk_is_empty(c));

	c = chunk_alloc(0);
	ck_assert(chunk_is_empty(c));
	c = chunk_alloc(16);
	ck_assert_uint_eq(c.len, 16);
	chunk_clear(&c);
	ck_assert_ptr_null(c.ptr);
	ck_assert_uint_eq(c.len, 0);
	/* clearing an empty chunk is harmless */
	chunk_clear(&c);
}
END_TEST

START_TEST(test_from_chars_thing)
{
	chunk_t c = chunk_from_chars(0x01, 0x02, 0x03);
	uint32_t v = 0x11223344;
	chunk_t t = chunk_from_thing(v);

	ck_assert_uint_eq(c.len, 3);
	ck_assert_uint_eq(c.ptr[2], 0x03);
	ck_assert_uint_eq(t.len, 4);
	ck_assert_ptr_eq(t.ptr, (uint8_t *)&v);
}
END_TEST

START_TEST(test_cat)
{
	chunk_t c = chunk_cat(3, chunk_from_str("ab"), chunk_empty, chunk_from_str("cde"));

	ck_assert(chunk_equals(c, chunk_from_str("abcde")));
	chunk_free(&c);

	c = chunk_cat(0);
	ck_assert(chunk_is_empty(c));
	c = chunk_cat(2, chunk_empty, chunk_empty);
	ck_assert(chunk_is_empty(c));
}
END_TEST

START_TEST(test_equals_compare)
{
	chunk_t a = chunk_from_str("abc"), b = chunk_from_str("abd");
	chunk_t ab = chunk_from_str("ab");
	char buf[] = "abc";

	ck_assert(chunk_equals(a, chunk_create(buf, 3)));
	ck_assert(!chunk_equals(a, b));
	ck_assert(!chunk_equals(a, ab));
	ck_assert(chunk_equals(chunk_empty, chunk_create(buf, 0)));

	ck_assert(chunk_equals_const(a, chunk_create(buf, 3)));
	ck_assert(!chunk_equals_const(a, b));
	ck_assert(!chunk_equals_const(a, ab));
	ck_assert(chunk_equals_const(chunk_empty, chunk_empty));
	/* a difference in the first byte is found too */
	ck_assert(!chunk_equals_const(chunk_from_str("xbc"), a));

	ck_assert_int_lt(chunk_compare(a, b), 0);
	ck_assert_int_gt(chunk_compare(b, a), 0);
	ck_assert_int_eq(chunk_compare(a, chunk_create(buf, 3)), 0);
	ck_assert_int_lt(chunk_compare(ab, a), 0);
	ck_assert_int_gt(chunk_compare(a, ab), 0);
	ck_assert_int_lt(chunk_compare(chunk_empty, a), 0);
	ck_assert_int_eq(chunk_compare(chunk_empty, chunk_empty), 0);
}
END_TEST

START_TEST(test_skip_head)
{
	chunk_t c = chunk_from_str("abcdef");

	ck_assert(chunk_equals(chunk_skip(c, 2), chunk_from_str("cdef")));
	ck_assert(chunk_equals(chunk_skip(c, 0), c));
	ck_assert(chunk_is_empty(chunk_skip(c, 6)));
	ck_assert(chunk_is_empty(chunk_skip(c, 100)));
	ck_assert(chunk_equals(chunk_head(c, 3), chunk_from_str("abc")));
	ck_assert(chunk_equals(chunk_head(c, 100), c));
	ck_assert(chunk_is_empty(chunk_head(c, 0)));
}
END_TEST

START_TEST(test_hex)
{
	chunk_t c = chunk_from_chars(0x00, 0x1f, 0xab, 0xff), d;
	char *s;

	s = chunk_to_hex(c, false);
	ck_assert_str_eq(s, "001fabff");
	free(s);
	s = chunk_to_hex(c, true);
	ck_assert_str_eq(s, "001FABFF");
	free(s);
	s = chunk_to_hex(chunk_empty, false);
	ck_assert_str_eq(s, "");
	free(s);

	/* RFC 4648 §10 base16 vector */
	d = chunk_from_hex("666F6F626172");
	ck_assert(chunk_equals(d, chunk_from_str("foobar")));
	chunk_free(&d);

	d = chunk_from_hex("00:1f:AB:ff");
	ck_assert(chunk_equals(d, c));
	chunk_free(&d);
	d = chunk_from_hex("0x001f abff\n");
	ck_assert(chunk_equals(d, c));
	chunk_free(&d);

	ck_assert(chunk_is_empty(chunk_from_hex("")));
	ck_assert(chunk_is_empty(chunk_from_hex(NULL)));
	ck_assert(chunk_is_empty(chunk_from_hex("abc")));
	ck_assert(chunk_is_empty(chunk_from_hex("zz")));
	ck_assert(chunk_is_empty(chunk_from_hex("12-34")));
}
END_TEST

/* RFC 4648 §10 */
static const struct {
	const char *plain;
	const char *b64;
} b64_vectors[] = {
	{ "", "" },
	{ "f", "Zg==" },
	{ "fo", "Zm8=" },
	{ "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

START_TEST(test_base64_vectors)
{
	chunk_t plain = chunk_from_str(b64_vectors[_i].plain), d;
	char *s = chunk_to_base64(plain);

	ck_assert_str_eq(s, b64_vectors[_i].b64);
	free(s);
	d = chunk_from_base64(b64_vectors[_i].b64);
	ck_assert(chunk_equals(d, plain));
	chunk_free(&d);
}
END_TEST

START_TEST(test_base64_binary)
{
	uint8_t buf[256];
	chunk_t c = chunk_from_thing(buf), d;
	char *s;
	int i;

	for (i = 0; i < 256; i++) {
		buf[i] = (uint8_t)(255 - i);
	}
	for (i = 0; i <= 256; i++) {
		s = chunk_to_base64(chunk_head(c, i));
		d = chunk_from_base64(s);
		ck_assert(chunk_equals(d, chunk_head(c, i)));
		chunk_free(&d);
		free(s);
	}
	s = chunk_to_base64(chunk_from_chars(0xfb, 0xff, 0xbf));
	ck_assert_str_eq(s, "+/+/");
	free(s);
}
END_TEST

START_TEST(test_base64_lenient)
{
	chunk_t d;

	/* PEM line breaks, and padding left off */
	d = chunk_from_base64("Zm9v\nYmFy\r\n");
	ck_assert(chunk_equals(d, chunk_from_str("foobar")));
	chunk_free(&d);
	d = chunk_from_base64("Zm9vYg");
	ck_assert(chunk_equals(d, chunk_from_str("foob")));
	chunk_free(&d);
	d = chunk_from_base64("Zm9vYmE");
	ck_assert(chunk_equals(d, chunk_from_str("fooba")));
	chunk_free(&d);
	d = chunk_from_base64("Zg==\n");
	ck_assert(chunk_equals(d, chunk_from_str("f")));
	chunk_free(&d);
}
END_TEST

START_TEST(test_base64_invalid)
{
	ck_assert(chunk_is_empty(chunk_from_base64(NULL)));
	ck_assert(chunk_is_empty(chunk_from_base64("Zm9v!")));
	ck_assert(chunk_is_empty(chunk_from_base64("Zm9-")));
	/* data after padding */
	ck_assert(chunk_is_empty(chunk_from_base64("Zg==Zg==")));
	/* wrong amount of padding */
	ck_assert(chunk_is_empty(chunk_from_base64("Zg=")));
	ck_assert(chunk_is_empty(chunk_from_base64("Zm8==")));
	ck_assert(chunk_is_empty(chunk_from_base64("Z===")));
	ck_assert(chunk_is_empty(chunk_from_base64("====")));
	/* a lone trailing symbol carries less than a byte */
	ck_assert(chunk_is_empty(chunk_from_base64("Zm9vY")));
}
END_TEST

START_TEST(test_siphash_vectors)
{
	uint8_t key[16], msg[64];
	int i;

	for (i = 0; i < 16; i++) {
		key[i] = (uint8_t)i;
	}
	for (i = 0; i < 64; i++) {
		msg[i] = (uint8_t)i;
	}
	/* from the SipHash paper (Aumasson, Bernstein), appendix A,
	 * and the reference implementation's vectors */
	ck_assert_uint_eq(chunk_siphash24(key, chunk_create(msg, 15)),
			  0xa129ca6149be45e5ULL);
	ck_assert_uint_eq(chunk_siphash24(key, chunk_empty), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(chunk_siphash24(key, chunk_create(msg, 8)),
			  0x93f5f5799a932462ULL);
}
END_TEST

START_TEST(test_hash)
{
	char a[] = "some key", b[] = "some key";
	uint32_t h;
	int i, same = 0;

	ck_assert_uint_eq(chunk_hash(chunk_from_str(a)), chunk_hash(chunk_from_str(b)));
	ck_assert_uint_ne(chunk_hash(chunk_from_str("a")), chunk_hash(chunk_from_str("b")));
	h = chunk_hash(chunk_from_str("part1"));
	ck_assert_uint_eq(chunk_hash_inc(chunk_from_str("part2"), h),
			  chunk_hash_inc(chunk_from_str("part2"), h));
	ck_assert_uint_ne(chunk_hash_inc(chunk_from_str("part2"), h),
			  chunk_hash(chunk_from_str("part2")));
	/* small integers spread out instead of colliding */
	for (i = 0; i < 1000; i++) {
		if ((chunk_hash(chunk_from_thing(i)) & 0xff) ==
		    (chunk_hash(chunk_from_str("x")) & 0xff)) {
			same++;
		}
	}
	ck_assert_int_lt(same, 20);
}
END_TEST

START_TEST(test_memory)
{
	char buf[8] = "secret!";
	char *dup;
	uint8_t *z;
	size_t i;

	memwipe(buf, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++) {
		ck_assert_int_eq(buf[i], 0);
	}
	memwipe(NULL, 0);

	z = mem_zalloc(32);
	for (i = 0; i < 32; i++) {
		ck_assert_uint_eq(z[i], 0);
	}
	free(z);

	dup = str_dup("text");
	ck_assert_str_eq(dup, "text");
	free(dup);
	ck_assert_ptr_null(str_dup(NULL));

	ck_assert(strcaseeq("AbC", "aBc"));
	ck_assert(!strcaseeq("abc", "abd"));
	ck_assert(strcaseeq(NULL, NULL));
	ck_assert(!strcaseeq("a", NULL));
	ck_assert(!strcaseeq(NULL, "a"));
	ck_assert(streq("a", "a"));
	ck_assert(!streq("a", "A"));
}
END_TEST

START_TEST(test_status_name)
{
	ck_assert_str_eq(status_name(SUCCESS), "SUCCESS");
	ck_assert_str_eq(status_name(NOT_FOUND), "NOT_FOUND");
	ck_assert_str_eq(status_name(NEED_MORE), "NEED_MORE");
	ck_assert_str_eq(status_name((status_t)99), "(99)");
	ck_assert_str_eq(status_name((status_t)-1), "(-1)");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("chunk");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_test(tc, test_create_clone_free);
	tcase_add_test(tc, test_from_chars_thing);
	tcase_add_test(tc, test_cat);
	tcase_add_test(tc, test_equals_compare);
	tcase_add_test(tc, test_skip_head);
	suite_add_tcase(s, tc);

	tc = tcase_create("encodings");
	tcase_add_test(tc, test_hex);
	tcase_add_loop_test(tc, test_base64_vectors, 0, countof(b64_vectors));
	tcase_add_test(tc, test_base64_binary);
	tcase_add_test(tc, test_base64_lenient);
	tcase_add_test(tc, test_base64_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("hash");
	tcase_add_test(tc, test_siphash_vectors);
	tcase_add_test(tc, test_hash);
	suite_add_tcase(s, tc);

	tc = tcase_create("memory");
	tcase_add_test(tc, test_memory);
	tcase_add_test(tc, test_status_name);
	suite_add_tcase(s, tc);

	return s;
}
