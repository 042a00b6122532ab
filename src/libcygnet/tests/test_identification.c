/*
 * identification_t: every string form and its wire encoding, distinguished
 * names (DER both ways), malformed encodings and wildcard match levels.
 */
#include <arpa/inet.h>

#include "test_runner.h"
#include "utils/identification.h"
#include "networking/host.h"

static identification_t *id(const char *str)
{
	return identification_create_from_string(str);
}

/* parse, check type/printed form/encoding, and check the printed form and
 * the encoding both lead back to the same identity */
static void check_form(const char *in, id_type_t type, const char *printed,
		       const char *hex)
{
	identification_t *a = id(in), *b, *c;
	chunk_t expected = chunk_from_hex(hex);

	ck_assert_msg(a->get_type(a) == type, "'%s': type %d, expected %d", in,
		      a->get_type(a), type);
	ck_assert_str_eq(a->to_string(a), printed);
	ck_assert_msg(chunk_equals(a->get_encoding(a), expected),
		      "'%s': encoding differs", in);

	b = id(a->to_string(a));
	ck_assert_msg(b->equals(b, a), "'%s' does not read back", printed);
	ck_assert(chunk_equals(b->get_encoding(b), a->get_encoding(a)));
	c = identification_create_from_encoding(type, a->get_encoding(a));
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->to_string(c), printed);
	ck_assert(c->equals(c, a));

	chunk_free(&expected);
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
}

START_TEST(test_string_forms)
{
	check_form("192.0.2.1", ID_IPV4_ADDR, "192.0.2.1", "c0000201");
	check_form("ipv4:198.51.100.7", ID_IPV4_ADDR, "198.51.100.7", "c6336407");
	check_form("2001:db8::1", ID_IPV6_ADDR, "2001:db8::1",
		   "20010db8000000000000000000000001");
	check_form("ipv6:2001:db8::2", ID_IPV6_ADDR, "2001:db8::2",
		   "20010db8000000000000000000000002");
	check_form("@moon.example.com", ID_FQDN, "moon.example.com",
		   "6d6f6f6e2e6578616d706c652e636f6d");
	check_form("moon.example.com", ID_FQDN, "moon.example.com",
		   "6d6f6f6e2e6578616d706c652e636f6d");
	check_form("moon", ID_FQDN, "moon", "6d6f6f6e");
	check_form("fqdn:sun", ID_FQDN, "sun", "73756e");
	/* an FQDN that would print like an address keeps its '@' */
	check_form("fqdn:192.0.2.1", ID_FQDN, "@192.0.2.1", "3139322e302e322e31");
	check_form("@a@b", ID_FQDN, "@a@b", "614062");
	check_form("carol@example.com", ID_RFC822_ADDR, "carol@example.com",
		   "6361726f6c406578616d706c652e636f6d");
	check_form("email:carol", ID_RFC822_ADDR, "@@carol", "6361726f6c");
	check_form("@@dave", ID_RFC822_ADDR, "@@dave", "64617665");
	check_form("@#0a0b0c", ID_KEY_ID, "@#0a0b0c", "0a0b0c");
	check_form("keyid:#ff01", ID_KEY_ID, "@#ff01", "ff01");
	check_form("keyid:abc", ID_KEY_ID, "@#616263", "616263");
	/* '=' but no DN: strongSwan's fallback to a key ID */
	check_form("foo=bar", ID_KEY_ID, "@#666f6f3d626172", "666f6f3d626172");
	check_form("%any", ID_ANY, "%any", "");
	check_form("%any6", ID_ANY, "%any", "");
	check_form("0.0.0.0", ID_ANY, "%any", "");
	check_form("::", ID_ANY, "%any", "");
	check_form("", ID_ANY, "%any", "");
	check_form("C=CH, O=Org, CN=host", ID_DER_ASN1_DN, "C=CH, O=Org, CN=host",
		   "302a"
		   "310b300906035504061302" "4348"
		   "310c300a060355040a1303" "4f7267"
		   "310d300b06035504031304" "686f7374");
	check_form("asn1dn:CN=x", ID_DER_ASN1_DN, "CN=x",
		   "300c310a3008060355040313017" "8");
}
END_TEST

START_TEST(test_null_string)
{
	identification_t *any = identification_create_from_string(NULL);

	ck_assert_int_eq(any->get_type(any), ID_ANY);
	ck_assert(any->contains_wildcards(any));
	any->destroy(any);
}
END_TEST

static void check_dn(const char *in, const char *printed, const char *hex)
{
	identification_t *a = id(in);
	chunk_t expected;

	ck_assert_msg(a->get_type(a) == ID_DER_ASN1_DN, "'%s' is no DN", in);
	ck_assert_str_eq(a->to_string(a), printed);
	if (hex) {
		expected = chunk_from_hex(hex);
		ck_assert_msg(chunk_equals(a->get_encoding(a), expected),
			      "'%s': DER differs", in);
		chunk_free(&expected);
	}
	a->destroy(a);
}

START_TEST(test_dn_parse_print)
{
	const char *full = "C=CH, ST=Zug, L=Zug, O=Org, OU=x, CN=host, E=a@b";

	check_dn(full, full, NULL);
	check_dn("/C=CH/O=Org/CN=host", "C=CH, O=Org, CN=host", NULL);
	check_dn("c=CH,o=Org,  cn = host ", "C=CH, O=Org, CN=host", NULL);
	check_dn("countryName=CH, commonName=host", "C=CH, CN=host", NULL);
	check_dn("S=BE, emailAddress=x@y", "ST=BE, E=x@y", NULL);
	/* e-mail and DC are IA5String, the OID of emailAddress is PKCS#9's */
	check_dn("E=a@b", "E=a@b",
		 "3014311230100609" "2a864886f70d010901" "1603" "614062");
	check_dn("DC=org, DC=example, UID=jdoe",
		 "DC=org, DC=example, UID=jdoe", NULL);
	check_dn("DC=org", "DC=org",
		 "3015311330110" "60a0992268993f22c640119" "1603" "6f7267");
	check_dn("serialNumber=1234, SN=Doe, G=John, T=Dr, postalCode=6300",
		 "serialNumber=1234, SN=Doe, G=John, T=Dr, postalCode=6300", NULL);
	/* dotted OIDs: known ones print by name, others stay dotted */
	check_dn("2.5.4.3=host", "CN=host", NULL);
	check_dn("1.3.6.1.4.1.99999.1=v", "1.3.6.1.4.1.99999.1=v", NULL);
	/* non-PrintableString characters make a UTF8String */
	check_dn("CN=Jos\xc3\xa9", "CN=Jos\xc3\xa9",
		 "3010310e300c0603550403" "0c05" "4a6f73c3a9");
	check_dn("CN=*", "CN=*", "300c310a30080603550403" "0c012a");
	/* escapes survive printing and re-reading */
	check_dn("CN=a\\, b, O=x\\\\y", "CN=a\\, b, O=x\\\\y", NULL);
	check_dn("CN=\\ padded\\ ", "CN=\\ padded\\ ", NULL);
	check_dn("CN=a/b, O=c", "CN=a/b, O=c", NULL);
}
END_TEST

START_TEST(test_dn_long)
{
	char in[400], out[400];
	identification_t *a;
	chunk_t enc;

	memset(in, 0, sizeof(in));
	strcpy(in, "CN=");
	memset(in + 3, 'x', 300);
	strcpy(out, in);
	a = id(in);
	ck_assert_int_eq(a->get_type(a), ID_DER_ASN1_DN);
	ck_assert_str_eq(a->to_string(a), out);
	enc = a->get_encoding(a);
	/* long-form lengths: 0x82 then two bytes */
	ck_assert_int_eq(enc.ptr[0], 0x30);
	ck_assert_int_eq(enc.ptr[1], 0x82);
	ck_assert_int_eq(enc.len, (size_t)(4 + ((enc.ptr[2] << 8 | enc.ptr[3]))));
	a->destroy(a);
}
END_TEST

static identification_t *dn_der(const char *hex)
{
	chunk_t der = chunk_from_hex(hex);
	identification_t *a;

	a = identification_create_from_encoding(ID_DER_ASN1_DN, der);
	chunk_free(&der);
	return a;
}

START_TEST(test_dn_from_wire)
{
	identification_t *a, *b;

	/* CN as BMPString "h\u00e9" and an unknown OID with an INTEGER */
	a = dn_der("3020"
		   "310d300b0603550403" "1e04" "006800e9"
		   "310f300d0603" "2a0304" "020101" "0000000000");
	ck_assert_ptr_null(a);	/* trailing bytes inside the ATV */
	a = dn_der("301b"
		   "310d300b0603550403" "1e04" "006800e9"
		   "310a30080603" "2a0304" "020101");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->to_string(a), "CN=h\xc3\xa9, 1.2.3.4=#020101");
	a->destroy(a);

	/* a multi-valued RDN is flattened */
	a = dn_der("3018311630090603550406130243483009060355040a13024f72");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->to_string(a), "C=CH, O=Or");
	a->destroy(a);

	/* UTF8String and PrintableString of the same text are equal */
	a = dn_der("300f310d300b06035504030c04686f7374");
	b = id("CN=HOST");
	ck_assert_ptr_nonnull(a);
	ck_assert(a->equals(a, b));
	ck_assert(b->equals(b, a));
	ck_assert_int_eq(a->matches(a, b), ID_MATCH_PERFECT);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_malformed_encodings)
{
	static const char *bad_dns[] = {
		"",				/* nothing */
		"3100",				/* not a SEQUENCE */
		"300c310a300806035504031301",	/* truncated */
		"3000" "00",			/* trailing garbage */
		"30023100",			/* empty RDN SET */
		"3004310230" "00",		/* cut inside */
		"300a3108300606035504031301",	/* value longer than ATV */
		"3085000000000c",		/* 5-byte length */
		"3080",				/* indefinite length */
		"300b3109300706035504030c",	/* ATV without value */
		"300b310930070602558413" "0178",	/* OID with a dangling arc */
		"300c310a30080603550403" "1f01" "78", /* high tag number */
	};
	chunk_t enc;
	size_t i;

	for (i = 0; i < countof(bad_dns); i++) {
		ck_assert_msg(dn_der(bad_dns[i]) == NULL, "DN %zu accepted", i);
	}
	enc = chunk_from_chars(192, 0, 2);
	ck_assert_ptr_null(identification_create_from_encoding(ID_IPV4_ADDR, enc));
	ck_assert_ptr_null(identification_create_from_encoding(ID_IPV6_ADDR,
			chunk_from_chars(1, 2, 3, 4)));
	ck_assert_ptr_null(identification_create_from_encoding((id_type_t)4, enc));
	ck_assert_ptr_null(identification_create_from_encoding((id_type_t)13, enc));
}
END_TEST

START_TEST(test_wire_text)
{
	identification_t *a, *b;

	/* control bytes from the wire print as '?', the encoding stays */
	a = identification_create_from_encoding(ID_FQDN, chunk_from_chars('a', 0, '\n', 'b'));
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->to_string(a), "a??b");
	ck_assert_int_eq(a->get_encoding(a).len, 4);
	a->destroy(a);

	/* hidden bytes still count when comparing */
	a = identification_create_from_encoding(ID_FQDN, chunk_from_chars('a', 0, 'b'));
	b = identification_create_from_encoding(ID_FQDN, chunk_from_chars('A', 0, 'c'));
	ck_assert(!a->equals(a, b));
	b->destroy(b);
	b = identification_create_from_encoding(ID_FQDN, chunk_from_chars('A', 0, 'B'));
	ck_assert(a->equals(a, b));
	a->destroy(a);
	b->destroy(b);
	a = id("CN=a\nb");
	b = id("CN=a?b");
	ck_assert_str_eq(a->to_string(a), b->to_string(b));
	ck_assert_int_eq(a->matches(a, b), ID_MATCH_NONE);
	ck_assert_int_eq(b->matches(b, a), ID_MATCH_NONE);
	ck_assert_int_eq(a->matches(a, a), ID_MATCH_PERFECT);
	a->destroy(a);
	b->destroy(b);

	a = identification_create_from_encoding(ID_DER_ASN1_GN, chunk_from_chars(0x82, 1, 'x'));
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->to_string(a), "@#820178");
	a->destroy(a);

	a = identification_create_from_encoding(ID_ANY, chunk_from_chars(1));
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->get_encoding(a).len, 0);
	a->destroy(a);
}
END_TEST

static void check_match(const char *this_str, const char *pattern_str, id_match_t level)
{
	identification_t *a = id(this_str), *p = id(pattern_str);

	ck_assert_msg(a->matches(a, p) == level, "'%s' vs '%s': %d, expected %d",
		      this_str, pattern_str, a->matches(a, p), level);
	a->destroy(a);
	p->destroy(p);
}

START_TEST(test_match_levels)
{
	check_match("192.0.2.1", "%any", ID_MATCH_ANY);
	check_match("C=CH, CN=x", "%any", ID_MATCH_ANY);
	check_match("192.0.2.1", "192.0.2.1", ID_MATCH_PERFECT);
	check_match("192.0.2.1", "192.0.2.2", ID_MATCH_NONE);
	check_match("2001:db8::1", "2001:db8::1", ID_MATCH_PERFECT);
	check_match("192.0.2.1", "@192.0.2.1", ID_MATCH_NONE);
	check_match("moon.example.com", "MOON.Example.COM", ID_MATCH_PERFECT);
	check_match("moon.example.com", "*.example.com", ID_MATCH_PERFECT - 1);
	check_match("moon.example.com", "*example.com", ID_MATCH_PERFECT - 1);
	check_match("moon.example.com", "*.example.org", ID_MATCH_NONE);
	check_match("example.com", "*.example.com", ID_MATCH_NONE);
	check_match("moon.example.com", "moon.*", ID_MATCH_NONE);
	check_match("carol@example.com", "*@example.com", ID_MATCH_PERFECT - 1);
	check_match("carol@example.com", "*@example.org", ID_MATCH_NONE);
	check_match("carol@example.com", "carol@example.com", ID_MATCH_PERFECT);
	check_match("carol@example.com", "@carol@example.com", ID_MATCH_NONE);
	check_match("@#0102", "@#0102", ID_MATCH_PERFECT);
	check_match("@#0102", "@#0103", ID_MATCH_NONE);
	check_match("%any", "%any", ID_MATCH_ANY);
	check_match("%any", "moon", ID_MATCH_NONE);

	check_match("C=CH, O=Org, CN=host", "C=CH, O=Org, CN=host", ID_MATCH_PERFECT);
	check_match("C=CH, O=Org, CN=host", "c=ch, o=ORG, cn=Host", ID_MATCH_PERFECT);
	check_match("C=CH, O=Org, CN=host", "C=CH, O=Org, CN=*", ID_MATCH_PERFECT - 1);
	check_match("C=CH, O=Org, CN=host", "C=CH, O=*, CN=*", ID_MATCH_PERFECT - 2);
	check_match("C=CH, O=Org, CN=host", "C=*, O=*, CN=*", ID_MATCH_PERFECT - 3);
	check_match("C=CH, O=Org, CN=h.example.com", "C=CH, O=Org, CN=*.example.com",
		    ID_MATCH_PERFECT - 1);
	check_match("C=CH, O=Org, CN=host", "C=DE, O=Org, CN=*", ID_MATCH_NONE);
	check_match("C=CH, O=Org, CN=host", "C=CH, O=Org", ID_MATCH_NONE);
	check_match("C=CH, O=Org", "C=CH, O=Org, CN=*", ID_MATCH_NONE);
	check_match("C=CH, O=Org, CN=host", "C=CH, OU=Org, CN=*", ID_MATCH_NONE);
	check_match("C=CH, O=Org, CN=host", "O=Org, C=CH, CN=host", ID_MATCH_NONE);
	/* the wildcard sits in the pattern, not in the identity */
	check_match("C=CH, O=Org, CN=*", "C=CH, O=Org, CN=host", ID_MATCH_NONE);
	check_match("*.example.com", "moon.example.com", ID_MATCH_NONE);
}
END_TEST

START_TEST(test_match_floor)
{
	char this_str[512] = "", pattern[512] = "";
	int i;

	/* more wildcards than levels: the level stops at MAX_WILDCARDS */
	for (i = 0; i < 25; i++) {
		strcat(this_str, i ? ", OU=x" : "OU=x");
		strcat(pattern, i ? ", OU=*" : "OU=*");
	}
	check_match(this_str, pattern, ID_MATCH_MAX_WILDCARDS);
}
END_TEST

START_TEST(test_wildcards)
{
	static const struct {
		const char *str;
		bool wild;
	} cases[] = {
		{ "%any", true },
		{ "*.example.com", true },
		{ "*@example.com", true },
		{ "C=CH, CN=*", true },
		{ "C=CH, CN=*.example.com", true },
		{ "C=CH, CN=host", false },
		{ "moon.example.com", false },
		{ "192.0.2.1", false },
		{ "@#2a", false },
	};
	identification_t *a;
	size_t i;

	for (i = 0; i < countof(cases); i++) {
		a = id(cases[i].str);
		ck_assert_msg(a->contains_wildcards(a) == cases[i].wild, "'%s'",
			      cases[i].str);
		a->destroy(a);
	}
}
END_TEST

START_TEST(test_from_host_clone)
{
	host_t *host = host_create_from_string("192.0.2.9", 500);
	identification_t *a, *b;

	a = identification_create_from_host(host);
	ck_assert_int_eq(a->get_type(a), ID_IPV4_ADDR);
	ck_assert_str_eq(a->to_string(a), "192.0.2.9");
	b = a->clone(a);
	a->destroy(a);
	ck_assert_str_eq(b->to_string(b), "192.0.2.9");
	ck_assert_int_eq(b->matches(b, b), ID_MATCH_PERFECT);
	b->destroy(b);
	host->destroy(host);

	host = host_create_from_string("2001:db8::9", 0);
	a = identification_create_from_host(host);
	ck_assert_int_eq(a->get_type(a), ID_IPV6_ADDR);
	a->destroy(a);
	host->destroy(host);

	host = host_create_any(AF_INET6);
	a = identification_create_from_host(host);
	ck_assert_int_eq(a->get_type(a), ID_ANY);
	a->destroy(a);
	host->destroy(host);

	a = id("C=CH, CN=x");
	b = a->clone(a);
	ck_assert(a->equals(a, b));
	ck_assert(!a->equals(a, NULL));
	a->destroy(a);
	b->destroy(b);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("identification");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_string_forms);
	tcase_add_test(tc, test_null_string);
	tcase_add_test(tc, test_dn_parse_print);
	tcase_add_test(tc, test_dn_long);
	tcase_add_test(tc, test_dn_from_wire);
	tcase_add_test(tc, test_malformed_encodings);
	tcase_add_test(tc, test_wire_text);
	tcase_add_test(tc, test_match_levels);
	tcase_add_test(tc, test_match_floor);
	tcase_add_test(tc, test_wildcards);
	tcase_add_test(tc, test_from_host_clone);
	suite_add_tcase(s, tc);
	return s;
}
