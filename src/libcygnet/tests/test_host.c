/*
 * host_t: parsing, printing, comparison and the constructors' error paths.
 */
#include <arpa/inet.h>
#include <sys/un.h>

#include "test_runner.h"
#include "networking/host.h"

/* Parse @p in and check it prints as @p out (NULL: parsing must fail). */
static void check_roundtrip(const char *in, const char *out, int family)
{
	char buf[HOST_STR_LEN];
	host_t *host = host_create_from_string(in, 0);

	if (!out) {
		ck_assert_msg(host == NULL, "'%s' should not parse", in);
		return;
	}
	ck_assert_msg(host != NULL, "'%s' should parse", in);
	ck_assert_int_eq(host->get_family(host), family);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), out);
	host->destroy(host);
}

START_TEST(test_parse_print)
{
	check_roundtrip("192.0.2.1", "192.0.2.1", AF_INET);
	check_roundtrip("255.255.255.255", "255.255.255.255", AF_INET);
	check_roundtrip("2001:db8::1", "2001:db8::1", AF_INET6);
	check_roundtrip("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1",
			AF_INET6);
	check_roundtrip("::ffff:192.0.2.1", "::ffff:192.0.2.1", AF_INET6);
	check_roundtrip("%any", "%any", AF_INET);
	check_roundtrip("%any4", "%any", AF_INET);
	check_roundtrip("%any6", "%any6", AF_INET6);
	check_roundtrip("0.0.0.0", "%any", AF_INET);
	check_roundtrip("::", "%any6", AF_INET6);
}
END_TEST

START_TEST(test_parse_garbage)
{
	const char *bad[] = {
		"", "abc", "300.1.1.1", "1.2.3", "1.2.3.4.5", "192.0.2.1 ",
		" 192.0.2.1", "2001:db8::1::2", "2001:db8::g", "%anything",
		"192.0.2.1/24", "[2001:db8::1]", "1:2:3:4:5:6:7:8:9",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check_roundtrip(bad[i], NULL, 0);
	}
	ck_assert_ptr_null(host_create_from_string(NULL, 0));
}
END_TEST

START_TEST(test_string_and_family)
{
	host_t *host;

	host = host_create_from_string_and_family("%any", AF_INET6, 500);
	ck_assert_ptr_nonnull(host);
	ck_assert_int_eq(host->get_family(host), AF_INET6);
	ck_assert(host->is_anyaddr(host));
	ck_assert_int_eq(host->get_port(host), 500);
	host->destroy(host);

	ck_assert_ptr_null(host_create_from_string_and_family("192.0.2.1",
							      AF_INET6, 0));
	ck_assert_ptr_null(host_create_from_string_and_family("2001:db8::1",
							      AF_INET, 0));
	ck_assert_ptr_null(host_create_from_string_and_family("%any6",
							      AF_INET, 0));
}
END_TEST

START_TEST(test_print_port)
{
	char buf[HOST_STR_LEN];
	host_t *host;

	host = host_create_from_string("192.0.2.1", 500);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "192.0.2.1[500]");
	host->set_port(host, 4500);
	ck_assert_int_eq(host->get_port(host), 4500);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "192.0.2.1[4500]");
	/* truncation keeps the buffer terminated */
	ck_assert_str_eq(host_to_str_port(host, buf, 6), "192.0");
	host->destroy(host);

	host = host_create_from_string("2001:db8::1", 65535);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "2001:db8::1[65535]");
	host->destroy(host);

	host = host_create_from_string(
		"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 65535);
	ck_assert_ptr_nonnull(host);
	host_to_str_port(host, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[65535]");
	host->destroy(host);

	ck_assert_str_eq(host_to_str(NULL, buf, sizeof(buf)), "(null)");
	ck_assert_str_eq(host_to_str_port(NULL, buf, sizeof(buf)), "(null)");
}
END_TEST

START_TEST(test_from_chunk)
{
	char buf[HOST_STR_LEN];
	host_t *host;

	host = host_create_from_chunk(AF_UNSPEC,
				      chunk_from_chars(192, 0, 2, 9), 500);
	ck_assert_ptr_nonnull(host);
	ck_assert_int_eq(host->get_family(host), AF_INET);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "192.0.2.9[500]");
	host->destroy(host);

	host = host_create_from_chunk(AF_UNSPEC, chunk_from_chars(
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02), 0);
	ck_assert_ptr_nonnull(host);
	ck_assert_int_eq(host->get_family(host), AF_INET6);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), "2001:db8::2");
	host->destroy(host);

	host = host_create_from_chunk(AF_INET6, chunk_empty, 0);
	ck_assert_ptr_nonnull(host);
	ck_assert(host->is_anyaddr(host));
	ck_assert_int_eq(host->get_family(host), AF_INET6);
	host->destroy(host);

	ck_assert_ptr_null(host_create_from_chunk(AF_UNSPEC,
				chunk_from_chars(1, 2, 3, 4, 5), 0));
	ck_assert_ptr_null(host_create_from_chunk(AF_UNSPEC, chunk_empty, 0));
	ck_assert_ptr_null(host_create_from_chunk(AF_INET6,
				chunk_from_chars(1, 2, 3, 4), 0));
	ck_assert_ptr_null(host_create_from_chunk(AF_UNIX,
				chunk_from_chars(1, 2, 3, 4), 0));
}
END_TEST

START_TEST(test_sockaddr)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(4500),
	};
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[HOST_STR_LEN];
	host_t *host, *copy;

	inet_pton(AF_INET6, "2001:db8::5", &sin6.sin6_addr);
	host = host_create_from_sockaddr((struct sockaddr *)&sin6);
	ck_assert_ptr_nonnull(host);
	ck_assert_int_eq(host->get_sockaddr_len(host), sizeof(sin6));
	ck_assert_int_eq(host->get_port(host), 4500);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "2001:db8::5[4500]");
	ck_assert_mem_eq(host->get_sockaddr(host), &sin6, sizeof(sin6));

	copy = host_create_from_sockaddr(host->get_sockaddr(host));
	ck_assert(copy->equals(copy, host));
	copy->destroy(copy);
	host->destroy(host);

	host = host_create_from_string("192.0.2.1", 500);
	ck_assert_int_eq(host->get_sockaddr_len(host), sizeof(struct sockaddr_in));
	ck_assert_int_eq(host->get_sockaddr(host)->sa_family, AF_INET);
	ck_assert_int_eq(((struct sockaddr_in *)host->get_sockaddr(host))->sin_port,
			 htons(500));
	host->destroy(host);

	ck_assert_ptr_null(host_create_from_sockaddr((struct sockaddr *)&sun));
	ck_assert_ptr_null(host_create_from_sockaddr(NULL));
}
END_TEST

START_TEST(test_any)
{
	host_t *v4 = host_create_any(AF_INET), *v6 = host_create_any(AF_INET6);
	host_t *addr = host_create_from_string("192.0.2.1", 0);

	ck_assert(v4->is_anyaddr(v4));
	ck_assert(v6->is_anyaddr(v6));
	ck_assert(!addr->is_anyaddr(addr));
	ck_assert_int_eq(v4->get_port(v4), 0);
	ck_assert_int_eq(v6->get_address(v6).len, 16);
	/* %any matches %any6, but not a real address */
	ck_assert(v4->ip_equals(v4, v6));
	ck_assert(!v4->equals(v4, v6));
	ck_assert(!v4->ip_equals(v4, addr));
	ck_assert_ptr_null(host_create_any(AF_UNIX));
	ck_assert_ptr_null(host_create_any(AF_UNSPEC));
	v4->destroy(v4);
	v6->destroy(v6);
	addr->destroy(addr);
}
END_TEST

START_TEST(test_dns)
{
	char buf[HOST_STR_LEN];
	host_t *host;

	host = host_create_from_dns("192.0.2.7", AF_UNSPEC, 500);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "192.0.2.7[500]");
	host->destroy(host);

	host = host_create_from_dns("::1", AF_INET6, 0);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), "::1");
	host->destroy(host);

	host = host_create_from_dns("%any", AF_INET6, 0);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), "%any6");
	host->destroy(host);

	/* a numeric address of the wrong family fails without a lookup */
	ck_assert_ptr_null(host_create_from_dns("192.0.2.7", AF_INET6, 0));
	ck_assert_ptr_null(host_create_from_dns("2001:db8::1", AF_INET, 0));
	ck_assert_ptr_null(host_create_from_dns("192.0.2.7", AF_UNIX, 0));
	ck_assert_ptr_null(host_create_from_dns(NULL, AF_UNSPEC, 0));

	/* /etc/hosts, no DNS server needed */
	host = host_create_from_dns("localhost", AF_INET, 4500);
	ck_assert_ptr_nonnull(host);
	ck_assert_str_eq(host_to_str_port(host, buf, sizeof(buf)),
			 "127.0.0.1[4500]");
	host->destroy(host);
}
END_TEST

static void check_netmask(int family, int prefix, const char *expected)
{
	char buf[HOST_STR_LEN];
	host_t *host = host_create_netmask(family, prefix);

	if (!expected) {
		ck_assert_msg(host == NULL, "/%d should be rejected", prefix);
		return;
	}
	ck_assert_ptr_nonnull(host);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), expected);
	host->destroy(host);
}

START_TEST(test_netmask)
{
	check_netmask(AF_INET, 24, "255.255.255.0");
	check_netmask(AF_INET, 32, "255.255.255.255");
	check_netmask(AF_INET, 1, "128.0.0.0");
	check_netmask(AF_INET, 19, "255.255.224.0");
	check_netmask(AF_INET, 0, "%any");
	check_netmask(AF_INET6, 64, "ffff:ffff:ffff:ffff::");
	check_netmask(AF_INET6, 127, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	check_netmask(AF_INET, 33, NULL);
	check_netmask(AF_INET, -1, NULL);
	check_netmask(AF_INET6, 129, NULL);
	check_netmask(AF_UNSPEC, 8, NULL);
}
END_TEST

static void check_subnet(const char *in, const char *addr, int prefix)
{
	char buf[HOST_STR_LEN];
	int len = -1;
	host_t *host = host_create_from_subnet(in, &len);

	if (!addr) {
		ck_assert_msg(host == NULL, "'%s' should be rejected", in);
		return;
	}
	ck_assert_msg(host != NULL, "'%s' should parse", in);
	ck_assert_str_eq(host_to_str(host, buf, sizeof(buf)), addr);
	ck_assert_int_eq(len, prefix);
	host->destroy(host);
}

START_TEST(test_subnet)
{
	check_subnet("198.51.100.0/24", "198.51.100.0", 24);
	check_subnet("198.51.100.7/24", "198.51.100.7", 24);
	check_subnet("10.1.2.3", "10.1.2.3", 32);
	check_subnet("0.0.0.0/0", "%any", 0);
	check_subnet("2001:db8::/32", "2001:db8::", 32);
	check_subnet("2001:db8::1", "2001:db8::1", 128);
	check_subnet("10.0.0.0/33", NULL, 0);
	check_subnet("::/129", NULL, 0);
	check_subnet("10.0.0.0/", NULL, 0);
	check_subnet("10.0.0.0/2x", NULL, 0);
	check_subnet("10.0.0.0/-1", NULL, 0);
	check_subnet("10.0.0.0/ 8", NULL, 0);
	check_subnet("10.0.0.0/0008", NULL, 0);
	check_subnet("foo/24", NULL, 0);
	check_subnet("/24", NULL, 0);
	check_subnet("10.0.0.0/8/8", NULL, 0);
	ck_assert_ptr_null(host_create_from_subnet(NULL, NULL));
}
END_TEST

START_TEST(test_compare)
{
	host_t *a = host_create_from_string("192.0.2.1", 500);
	host_t *b = host_create_from_string("192.0.2.1", 4500);
	host_t *c = host_create_from_string("192.0.2.2", 500);
	host_t *d = host_create_from_string("::1", 500);
	host_t *e;

	ck_assert(a->ip_equals(a, b));
	ck_assert(!a->equals(a, b));
	ck_assert(!a->ip_equals(a, c));
	ck_assert(!a->ip_equals(a, d));
	ck_assert(!a->ip_equals(a, NULL));
	ck_assert(!a->equals(a, NULL));
	ck_assert_int_eq(a->ip_compare(a, b), 0);
	ck_assert_int_lt(a->ip_compare(a, c), 0);
	ck_assert_int_gt(c->ip_compare(c, a), 0);
	ck_assert_int_lt(c->ip_compare(c, d), 0);
	ck_assert_int_gt(d->ip_compare(d, a), 0);
	ck_assert_uint_eq(a->get_hash(a), b->get_hash(b));

	e = a->clone(a);
	ck_assert(e->equals(e, a));
	ck_assert_uint_eq(e->get_hash(e), a->get_hash(a));
	e->set_port(e, 1);
	ck_assert(!e->equals(e, a));
	ck_assert_int_eq(a->get_port(a), 500);
	ck_assert_mem_eq(e->get_address(e).ptr, "\xc0\x00\x02\x01", 4);
	e->destroy(e);

	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	d->destroy(d);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_print);
	tcase_add_test(tc, test_parse_garbage);
	tcase_add_test(tc, test_string_and_family);
	tcase_add_test(tc, test_print_port);
	tcase_add_test(tc, test_from_chunk);
	tcase_add_test(tc, test_sockaddr);
	tcase_add_test(tc, test_any);
	tcase_add_test(tc, test_dns);
	tcase_add_test(tc, test_netmask);
	tcase_add_test(tc, test_subnet);
	tcase_add_test(tc, test_compare);
	suite_add_tcase(s, tc);
	return s;
}
