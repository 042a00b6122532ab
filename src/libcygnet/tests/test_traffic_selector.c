/*
 * traffic_selector_t: parsing and printing, narrowing (intersection),
 * dynamic selectors and rejected input.
 */
#include <netinet/in.h>

#include "test_runner.h"
#include "selectors/traffic_selector.h"

static void check_str(traffic_selector_t *ts, const char *expected)
{
	char buf[TS_STR_LEN];

	ck_assert_msg(ts != NULL, "no selector for '%s'", expected);
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, sizeof(buf)), expected);
	ts->destroy(ts);
}

static traffic_selector_t *cidr(const char *str)
{
	return traffic_selector_create_from_cidr(str, 0, 0, 65535);
}

static traffic_selector_t *range(const char *from, const char *to)
{
	return traffic_selector_create_from_string(0,
			strchr(from, ':') ? TS_IPV6_ADDR_RANGE : TS_IPV4_ADDR_RANGE,
			from, 0, to, 65535);
}

START_TEST(test_print_subnets)
{
	check_str(cidr("198.51.100.0/26"), "198.51.100.0/26");
	check_str(cidr("198.51.100.64/26"), "198.51.100.64/26");
	check_str(cidr("198.51.100.7/24"), "198.51.100.0/24");
	check_str(cidr("10.0.0.1"), "10.0.0.1/32");
	check_str(cidr("10.0.0.1/32"), "10.0.0.1/32");
	check_str(cidr("0.0.0.0/0"), "0.0.0.0/0");
	check_str(cidr("10.1.2.3/0"), "0.0.0.0/0");
	check_str(cidr("10.128.0.0/9"), "10.128.0.0/9");
	check_str(cidr("::/0"), "::/0");
	check_str(cidr("2001:db8::/32"), "2001:db8::/32");
	check_str(cidr("2001:db8:1:2:3:4:5:6/64"), "2001:db8:1:2::/64");
	check_str(cidr("2001:db8::1"), "2001:db8::1/128");
	check_str(cidr("2001:db8::/127"), "2001:db8::/127");
}
END_TEST

START_TEST(test_print_ranges)
{
	check_str(range("10.0.0.1", "10.0.0.5"), "10.0.0.1..10.0.0.5");
	check_str(range("10.0.0.0", "10.0.0.255"), "10.0.0.0/24");
	check_str(range("10.0.0.0", "10.0.1.255"), "10.0.0.0/23");
	check_str(range("10.0.0.0", "10.0.2.255"), "10.0.0.0..10.0.2.255");
	check_str(range("10.0.0.1", "10.0.1.0"), "10.0.0.1..10.0.1.0");
	check_str(range("10.0.0.7", "10.0.0.7"), "10.0.0.7/32");
	check_str(range("0.0.0.0", "255.255.255.255"), "0.0.0.0/0");
	check_str(range("2001:db8::1", "2001:db8::ff"), "2001:db8::1..2001:db8::ff");
	check_str(range("2001:db8::", "2001:db8::ffff"), "2001:db8::/112");
	check_str(range("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "::/0");
}
END_TEST

START_TEST(test_print_proto_ports)
{
	check_str(traffic_selector_create_from_cidr("198.51.100.0/24", IPPROTO_TCP,
						    443, 443),
		  "198.51.100.0/24[tcp/443]");
	check_str(traffic_selector_create_from_cidr("10.0.0.1", IPPROTO_UDP,
						    0, 65535),
		  "10.0.0.1/32[udp]");
	check_str(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						    1000, 2000),
		  "10.0.0.0/8[tcp/1000-2000]");
	check_str(traffic_selector_create_from_cidr("10.0.0.0/8", 0, 443, 443),
		  "10.0.0.0/8[0/443]");
	check_str(traffic_selector_create_from_cidr("10.0.0.0/8", 99, 0, 65535),
		  "10.0.0.0/8[99]");
	check_str(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_UDP,
						    65535, 0),
		  "10.0.0.0/8[udp/OPAQUE]");
	check_str(traffic_selector_create_from_cidr("0.0.0.0/0", IPPROTO_ICMP,
						    ts_icmp_port(8, 0),
						    ts_icmp_port(8, 255)),
		  "0.0.0.0/0[icmp/8]");
	check_str(traffic_selector_create_from_cidr("0.0.0.0/0", IPPROTO_ICMP,
						    ts_icmp_port(3, 1),
						    ts_icmp_port(3, 1)),
		  "0.0.0.0/0[icmp/3(1)]");
	check_str(traffic_selector_create_from_cidr("::/0", IPPROTO_ICMPV6,
						    ts_icmp_port(128, 0),
						    ts_icmp_port(129, 255)),
		  "::/0[ipv6-icmp/128(0)-129(255)]");
	check_str(traffic_selector_create_from_cidr("2001:db8::/64", IPPROTO_ICMPV6,
						    0, 65535),
		  "2001:db8::/64[ipv6-icmp]");
	check_str(traffic_selector_create_from_string(IPPROTO_SCTP,
			TS_IPV4_ADDR_RANGE, "10.0.0.1", 5000, "10.0.0.9", 5001),
		  "10.0.0.1..10.0.0.9[sctp/5000-5001]");
}
END_TEST

START_TEST(test_print_null_and_truncation)
{
	char buf[TS_STR_LEN];
	traffic_selector_t *ts = cidr("198.51.100.0/24");

	ck_assert_str_eq(traffic_selector_to_str(NULL, buf, sizeof(buf)), "(null)");
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, 8), "198.51.");
	ts->destroy(ts);
}
END_TEST

START_TEST(test_list_to_str)
{
	char buf[TS_STR_LEN];
	linked_list_t *list = linked_list_create();

	ck_assert_str_eq(traffic_selector_list_to_str(list, buf, sizeof(buf)), "");
	list->insert_last(list, cidr("198.51.100.0/26"));
	ck_assert_str_eq(traffic_selector_list_to_str(list, buf, sizeof(buf)),
			 "198.51.100.0/26");
	list->insert_last(list, traffic_selector_create_from_cidr("2001:db8::/64",
						IPPROTO_TCP, 22, 22));
	list->insert_last(list, range("10.0.0.1", "10.0.0.5"));
	ck_assert_str_eq(traffic_selector_list_to_str(list, buf, sizeof(buf)),
		"198.51.100.0/26 2001:db8::/64[tcp/22] 10.0.0.1..10.0.0.5");
	ck_assert_str_eq(traffic_selector_list_to_str(list, buf, 20),
			 "198.51.100.0/26 200");
	ck_assert_str_eq(traffic_selector_list_to_str(NULL, buf, sizeof(buf)), "");
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
}
END_TEST

START_TEST(test_bad_input)
{
	host_t *net = host_create_from_string("10.0.0.0", 0);
	host_t *net6 = host_create_from_string("2001:db8::", 0);

	/* prefix too long */
	ck_assert_ptr_null(traffic_selector_create_from_subnet(net, 33, 0, 0, 65535));
	ck_assert_ptr_null(traffic_selector_create_from_subnet(net6, 129, 0, 0, 65535));
	ck_assert_ptr_null(traffic_selector_create_from_subnet(NULL, 8, 0, 0, 65535));
	ck_assert_ptr_null(cidr("10.0.0.0/33"));
	ck_assert_ptr_null(cidr("::/200"));
	/* garbage */
	ck_assert_ptr_null(cidr("garbage"));
	ck_assert_ptr_null(cidr("10.0.0/8"));
	ck_assert_ptr_null(cidr("10.0.0.0/x"));
	ck_assert_ptr_null(cidr(""));
	ck_assert_ptr_null(cidr(NULL));
	ck_assert_ptr_null(range("10.0.0.1", "nonsense"));
	ck_assert_ptr_null(range("10.0.0.1", "2001:db8::1"));
	ck_assert_ptr_null(traffic_selector_create_from_string(0,
		TS_IPV4_ADDR_RANGE, NULL, 0, "10.0.0.1", 65535));
	ck_assert_ptr_null(traffic_selector_create_from_string(0,
		TS_IPV6_ADDR_RANGE, "10.0.0.1", 0, "10.0.0.2", 65535));
	/* from > to */
	ck_assert_ptr_null(range("10.0.0.5", "10.0.0.1"));
	ck_assert_ptr_null(range("2001:db8::2", "2001:db8::1"));
	ck_assert_ptr_null(traffic_selector_create_from_string(IPPROTO_TCP,
		TS_IPV4_ADDR_RANGE, "10.0.0.1", 2000, "10.0.0.2", 1000));
	ck_assert_ptr_null(traffic_selector_create_from_subnet(net, 8,
		IPPROTO_TCP, 443, 80));
	ck_assert_ptr_null(traffic_selector_create_dynamic(IPPROTO_TCP, 2, 1));
	/* unknown type */
	ck_assert_ptr_null(traffic_selector_create_from_bytes(0, 9,
		chunk_from_chars(10, 0, 0, 1), 0, chunk_from_chars(10, 0, 0, 2), 65535));
	ck_assert_ptr_null(traffic_selector_create_from_string(0, 9,
		"10.0.0.1", 0, "10.0.0.2", 65535));
	net->destroy(net);
	net6->destroy(net6);
}
END_TEST

START_TEST(test_from_bytes)
{
	traffic_selector_t *ts;
	chunk_t from = chunk_from_chars(192, 0, 2, 0);
	chunk_t to = chunk_from_chars(192, 0, 2, 127);

	ts = traffic_selector_create_from_bytes(IPPROTO_UDP, TS_IPV4_ADDR_RANGE,
						from, 500, to, 500);
	ck_assert_ptr_nonnull(ts);
	ck_assert_int_eq(ts->get_type(ts), TS_IPV4_ADDR_RANGE);
	ck_assert_int_eq(ts->get_protocol(ts), IPPROTO_UDP);
	ck_assert_int_eq(ts->get_from_port(ts), 500);
	ck_assert_int_eq(ts->get_to_port(ts), 500);
	ck_assert(chunk_equals(ts->get_from_address(ts), from));
	ck_assert(chunk_equals(ts->get_to_address(ts), to));
	ck_assert(!ts->is_dynamic(ts));
	check_str(ts, "192.0.2.0/25[udp/500]");

	/* wrong lengths, reversed addresses, reversed ports */
	ck_assert_ptr_null(traffic_selector_create_from_bytes(0,
		TS_IPV6_ADDR_RANGE, from, 0, to, 65535));
	ck_assert_ptr_null(traffic_selector_create_from_bytes(0,
		TS_IPV4_ADDR_RANGE, from, 0, chunk_from_chars(1, 2, 3), 65535));
	ck_assert_ptr_null(traffic_selector_create_from_bytes(0,
		TS_IPV4_ADDR_RANGE, chunk_empty, 0, to, 65535));
	ck_assert_ptr_null(traffic_selector_create_from_bytes(0,
		TS_IPV4_ADDR_RANGE, to, 0, from, 65535));
	ck_assert_ptr_null(traffic_selector_create_from_bytes(IPPROTO_TCP,
		TS_IPV4_ADDR_RANGE, from, 80, to, 79));

	ts = traffic_selector_create_from_bytes(IPPROTO_TCP, TS_IPV6_ADDR_RANGE,
		chunk_from_chars(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
				 0, 0, 0, 0),
		65535,
		chunk_from_chars(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0xff, 0xff,
				 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
		0);
	check_str(ts, "2001:db8::/64[tcp/OPAQUE]");
}
END_TEST

/* get_subset(a, b) must give @p expected (NULL: no intersection), both ways. */
static void check_subset(traffic_selector_t *a, traffic_selector_t *b,
			 const char *expected)
{
	char buf[TS_STR_LEN];
	traffic_selector_t *ab = a->get_subset(a, b), *ba = b->get_subset(b, a);

	if (!expected) {
		ck_assert_msg(ab == NULL && ba == NULL, "unexpected subset %s",
			      traffic_selector_to_str(ab ? ab : ba, buf, sizeof(buf)));
	} else {
		ck_assert_ptr_nonnull(ab);
		ck_assert_ptr_nonnull(ba);
		ck_assert_str_eq(traffic_selector_to_str(ab, buf, sizeof(buf)),
				 expected);
		ck_assert(ab->equals(ab, ba));
		ck_assert(ab->is_contained_in(ab, a));
		ck_assert(ab->is_contained_in(ab, b));
	}
	DESTROY_IF(ab);
	DESTROY_IF(ba);
	a->destroy(a);
	b->destroy(b);
}

START_TEST(test_subset_addresses)
{
	/* disjoint */
	check_subset(cidr("10.0.0.0/24"), cidr("10.0.1.0/24"), NULL);
	check_subset(range("10.0.0.1", "10.0.0.5"), range("10.0.0.6", "10.0.0.9"),
		     NULL);
	/* nested */
	check_subset(cidr("10.0.0.0/16"), cidr("10.0.1.0/24"), "10.0.1.0/24");
	check_subset(cidr("0.0.0.0/0"), cidr("192.0.2.1"), "192.0.2.1/32");
	check_subset(cidr("::/0"), cidr("2001:db8::/48"), "2001:db8::/48");
	/* identical */
	check_subset(cidr("198.51.100.0/26"), cidr("198.51.100.0/26"),
		     "198.51.100.0/26");
	/* overlapping ranges */
	check_subset(range("10.0.0.1", "10.0.0.10"), range("10.0.0.5", "10.0.0.20"),
		     "10.0.0.5..10.0.0.10");
	check_subset(range("10.0.0.0", "10.0.0.127"), range("10.0.0.64", "10.0.0.200"),
		     "10.0.0.64/26");
	check_subset(range("10.0.0.1", "10.0.0.5"), range("10.0.0.5", "10.0.0.9"),
		     "10.0.0.5/32");
	check_subset(range("2001:db8::1", "2001:db8::ff"),
		     range("2001:db8::80", "2001:db8::1:0"), "2001:db8::80/121");
	/* v4 vs v6 */
	check_subset(cidr("0.0.0.0/0"), cidr("::/0"), NULL);
	check_subset(cidr("::ffff:10.0.0.0/104"), cidr("10.0.0.0/8"), NULL);
}
END_TEST

START_TEST(test_subset_proto_ports)
{
	/* protocol 0 yields to the other side */
	check_subset(cidr("10.0.0.0/8"),
		     traffic_selector_create_from_cidr("10.1.0.0/16", IPPROTO_TCP,
						       0, 65535),
		     "10.1.0.0/16[tcp]");
	/* different protocols */
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						       0, 65535),
		     traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_UDP,
						       0, 65535),
		     NULL);
	/* port narrowing */
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						       1000, 2000),
		     traffic_selector_create_from_cidr("10.0.0.0/24", 0, 1500, 3000),
		     "10.0.0.0/24[tcp/1500-2000]");
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						       0, 65535),
		     traffic_selector_create_from_cidr("10.0.0.1", IPPROTO_TCP,
						       443, 443),
		     "10.0.0.1/32[tcp/443]");
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						       80, 80),
		     traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_TCP,
						       443, 443),
		     NULL);
	/* OPAQUE only meets OPAQUE or any port */
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_UDP,
						       65535, 0),
		     traffic_selector_create_from_cidr("10.0.0.0/8", 0, 0, 65535),
		     "10.0.0.0/8[udp/OPAQUE]");
	check_subset(traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_UDP,
						       65535, 0),
		     traffic_selector_create_from_cidr("10.0.0.0/8", IPPROTO_UDP,
						       500, 500),
		     NULL);
	/* ICMP type narrowing */
	check_subset(traffic_selector_create_from_cidr("0.0.0.0/0", IPPROTO_ICMP,
						       0, 65535),
		     traffic_selector_create_from_cidr("0.0.0.0/0", IPPROTO_ICMP,
				ts_icmp_port(8, 0), ts_icmp_port(8, 255)),
		     "0.0.0.0/0[icmp/8]");
}
END_TEST

START_TEST(test_contained_includes)
{
	traffic_selector_t *big = cidr("10.0.0.0/8");
	traffic_selector_t *small = traffic_selector_create_from_cidr(
					"10.1.0.0/16", IPPROTO_TCP, 80, 80);
	traffic_selector_t *tcp = traffic_selector_create_from_cidr(
					"10.0.0.0/8", IPPROTO_TCP, 0, 65535);
	traffic_selector_t *v6 = cidr("::/0");
	host_t *in = host_create_from_string("10.200.0.1", 0);
	host_t *out = host_create_from_string("11.0.0.0", 0);
	host_t *in6 = host_create_from_string("::a00:1", 0);

	ck_assert(small->is_contained_in(small, big));
	ck_assert(small->is_contained_in(small, tcp));
	ck_assert(!big->is_contained_in(big, small));
	ck_assert(!big->is_contained_in(big, tcp));
	ck_assert(tcp->is_contained_in(tcp, big));
	ck_assert(big->is_contained_in(big, big));
	ck_assert(!big->is_contained_in(big, v6));
	ck_assert(!big->is_contained_in(big, NULL));

	ck_assert(big->includes(big, in));
	ck_assert(!big->includes(big, out));
	ck_assert(!big->includes(big, in6));
	ck_assert(v6->includes(v6, in6));
	ck_assert(!v6->includes(v6, in));
	ck_assert(!small->includes(small, in));
	ck_assert(!big->includes(big, NULL));

	ck_assert(!big->equals(big, tcp));
	ck_assert(!big->equals(big, NULL));

	big->destroy(big);
	small->destroy(small);
	tcp->destroy(tcp);
	v6->destroy(v6);
	in->destroy(in);
	out->destroy(out);
	in6->destroy(in6);
}
END_TEST

START_TEST(test_is_host)
{
	traffic_selector_t *one = cidr("192.0.2.1"), *net = cidr("192.0.2.0/24");
	host_t *h = host_create_from_string("192.0.2.1", 500);
	host_t *other = host_create_from_string("192.0.2.2", 0);
	host_t *h6 = host_create_from_string("::1", 0);

	ck_assert(one->is_host(one, h));
	ck_assert(one->is_host(one, NULL));
	ck_assert(!one->is_host(one, other));
	ck_assert(!one->is_host(one, h6));
	ck_assert(!net->is_host(net, h));
	ck_assert(!net->is_host(net, NULL));

	one->destroy(one);
	net->destroy(net);
	h->destroy(h);
	other->destroy(other);
	h6->destroy(h6);
}
END_TEST

START_TEST(test_dynamic)
{
	traffic_selector_t *ts, *copy, *subset, *remote;
	char buf[TS_STR_LEN];
	host_t *vip, *vip6, *any;

	ts = traffic_selector_create_dynamic(0, 0, 65535);
	ck_assert_ptr_nonnull(ts);
	ck_assert(ts->is_dynamic(ts));
	ck_assert(ts->is_host(ts, NULL));
	ck_assert_int_eq(ts->get_type(ts), TS_IPV4_ADDR_RANGE);
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, sizeof(buf)), "dynamic");

	/* a dynamic selector differs from an explicit 0.0.0.0/0 */
	remote = cidr("0.0.0.0/0");
	ck_assert(!ts->equals(ts, remote));
	remote->destroy(remote);

	copy = ts->clone(ts);
	ck_assert(copy->equals(copy, ts));
	ck_assert(copy->is_dynamic(copy));

	vip = host_create_from_string("192.0.2.10", 0);
	ts->set_address(ts, vip);
	ck_assert(!ts->is_dynamic(ts));
	ck_assert(ts->is_host(ts, vip));
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, sizeof(buf)),
			 "192.0.2.10/32");

	/* narrowing the peer's 0.0.0.0/0 proposal against our host */
	remote = cidr("0.0.0.0/0");
	subset = remote->get_subset(remote, ts);
	ck_assert_str_eq(traffic_selector_to_str(subset, buf, sizeof(buf)),
			 "192.0.2.10/32");
	subset->destroy(subset);
	remote->destroy(remote);

	/* the family follows the address */
	vip6 = host_create_from_string("2001:db8::10", 0);
	copy->set_address(copy, vip6);
	ck_assert_int_eq(copy->get_type(copy), TS_IPV6_ADDR_RANGE);
	ck_assert_str_eq(traffic_selector_to_str(copy, buf, sizeof(buf)),
			 "2001:db8::10/128");
	ck_assert_int_eq(copy->get_from_address(copy).len, 16);

	any = host_create_any(AF_INET6);
	copy->set_address(copy, any);
	ck_assert_str_eq(traffic_selector_to_str(copy, buf, sizeof(buf)), "::/0");
	copy->destroy(copy);
	ts->destroy(ts);

	ts = traffic_selector_create_dynamic(IPPROTO_TCP, 22, 22);
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, sizeof(buf)),
			 "dynamic[tcp/22]");
	ts->set_address(ts, vip);
	ck_assert_str_eq(traffic_selector_to_str(ts, buf, sizeof(buf)),
			 "192.0.2.10/32[tcp/22]");
	ts->destroy(ts);

	vip->destroy(vip);
	vip6->destroy(vip6);
	any->destroy(any);
}
END_TEST

START_TEST(test_to_subnet)
{
	traffic_selector_t *ts;
	char buf[HOST_STR_LEN];
	host_t *net;
	uint8_t prefix;

	ts = traffic_selector_create_from_cidr("198.51.100.0/26", IPPROTO_TCP,
					       443, 443);
	ck_assert(ts->to_subnet(ts, &net, &prefix));
	ck_assert_int_eq(prefix, 26);
	ck_assert_str_eq(host_to_str_port(net, buf, sizeof(buf)),
			 "198.51.100.0[443]");
	net->destroy(net);
	ck_assert(ts->to_subnet(ts, NULL, NULL));
	ts->destroy(ts);

	/* not a subnet: still gives the smallest enclosing one */
	ts = range("10.0.0.1", "10.0.0.5");
	ck_assert(!ts->to_subnet(ts, &net, &prefix));
	ck_assert_int_eq(prefix, 29);
	ck_assert_str_eq(host_to_str_port(net, buf, sizeof(buf)), "10.0.0.0[0]");
	net->destroy(net);
	ts->destroy(ts);

	ts = cidr("0.0.0.0/0");
	ck_assert(ts->to_subnet(ts, &net, &prefix));
	ck_assert_int_eq(prefix, 0);
	ck_assert(net->is_anyaddr(net));
	net->destroy(net);
	ts->destroy(ts);

	ts = cidr("2001:db8::1");
	ck_assert(ts->to_subnet(ts, &net, &prefix));
	ck_assert_int_eq(prefix, 128);
	ck_assert_str_eq(host_to_str(net, buf, sizeof(buf)), "2001:db8::1");
	net->destroy(net);
	ts->destroy(ts);

	ts = range("2001:db8::", "2001:db8::1:ffff");
	ck_assert(ts->to_subnet(ts, &net, &prefix));
	ck_assert_int_eq(prefix, 111);
	net->destroy(net);
	ts->destroy(ts);
}
END_TEST

START_TEST(test_from_subnet_keeps_host)
{
	host_t *net = host_create_from_string("192.0.2.77", 0);
	traffic_selector_t *ts;

	ts = traffic_selector_create_from_subnet(net, 28, 0, 0, 65535);
	check_str(ts, "192.0.2.64/28");
	/* net was not consumed */
	ck_assert_int_eq(net->get_family(net), AF_INET);
	net->destroy(net);
}
END_TEST

START_TEST(test_cmp_clone)
{
	traffic_selector_t *a = cidr("10.0.0.0/8"), *b = cidr("10.0.0.0/16");
	traffic_selector_t *c = cidr("192.0.2.0/24"), *d = cidr("::/0");
	traffic_selector_t *e = traffic_selector_create_from_cidr("10.0.0.0/8",
						IPPROTO_TCP, 0, 65535);
	traffic_selector_t *f;

	ck_assert_int_lt(traffic_selector_cmp(a, c), 0);
	ck_assert_int_gt(traffic_selector_cmp(c, a), 0);
	ck_assert_int_lt(traffic_selector_cmp(b, a), 0);
	ck_assert_int_lt(traffic_selector_cmp(c, d), 0);
	ck_assert_int_lt(traffic_selector_cmp(a, e), 0);
	ck_assert_int_eq(traffic_selector_cmp(a, a), 0);

	f = e->clone(e);
	ck_assert(f->equals(f, e));
	ck_assert_int_eq(traffic_selector_cmp(f, e), 0);
	f->destroy(f);

	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	d->destroy(d);
	e->destroy(e);
}
END_TEST

START_TEST(test_protocol_names)
{
	uint8_t proto = 0;

	ck_assert(traffic_selector_protocol_from_str("tcp", &proto));
	ck_assert_int_eq(proto, IPPROTO_TCP);
	ck_assert(traffic_selector_protocol_from_str("UDP", &proto));
	ck_assert_int_eq(proto, IPPROTO_UDP);
	ck_assert(traffic_selector_protocol_from_str("ipv6-icmp", &proto));
	ck_assert_int_eq(proto, IPPROTO_ICMPV6);
	ck_assert(traffic_selector_protocol_from_str("icmpv6", &proto));
	ck_assert_int_eq(proto, IPPROTO_ICMPV6);
	ck_assert(traffic_selector_protocol_from_str("47", &proto));
	ck_assert_int_eq(proto, 47);
	ck_assert(traffic_selector_protocol_from_str("0", &proto));
	ck_assert_int_eq(proto, 0);
	ck_assert(!traffic_selector_protocol_from_str("256", &proto));
	ck_assert(!traffic_selector_protocol_from_str("tcpx", &proto));
	ck_assert(!traffic_selector_protocol_from_str("-1", &proto));
	ck_assert(!traffic_selector_protocol_from_str("", &proto));
	ck_assert(!traffic_selector_protocol_from_str(NULL, &proto));
	ck_assert_str_eq(ts_type_name(TS_IPV6_ADDR_RANGE), "TS_IPV6_ADDR_RANGE");
	ck_assert_ptr_null(ts_type_name(0));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("traffic_selector");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_print_subnets);
	tcase_add_test(tc, test_print_ranges);
	tcase_add_test(tc, test_print_proto_ports);
	tcase_add_test(tc, test_print_null_and_truncation);
	tcase_add_test(tc, test_list_to_str);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_from_bytes);
	tcase_add_test(tc, test_subset_addresses);
	tcase_add_test(tc, test_subset_proto_ports);
	tcase_add_test(tc, test_contained_includes);
	tcase_add_test(tc, test_is_host);
	tcase_add_test(tc, test_dynamic);
	tcase_add_test(tc, test_to_subnet);
	tcase_add_test(tc, test_from_subnet_keeps_host);
	tcase_add_test(tc, test_cmp_clone);
	tcase_add_test(tc, test_protocol_names);
	suite_add_tcase(s, tc);
	return s;
}
