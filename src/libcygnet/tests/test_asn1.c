/*
 * The DER reader/writer and the RFC 7427 AlgorithmIdentifiers. Expected
 * encodings are RFC 7427 appendix A's (and RFC 8420 §2 for Ed25519).
 */
#include "test_runner.h"
#include "library.h"
#include "asn1/asn1.h"
#include "asn1/asn1_oid.h"
#include "credentials/keys/public_key.h"
#include "credentials/keys/key_encoding.h"

#define assert_hex(got, hex) do { \
	chunk_t w_ = chunk_from_hex(hex); \
	char *g_ = chunk_to_hex(got, false); \
	ck_assert_msg(chunk_equals(got, w_), "got %s, want %s", g_, hex); \
	free(g_); chunk_free(&w_); \
} while (0)

START_TEST(test_read_tlv)
{
	chunk_t in = chunk_from_chars(0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa, 0xff);
	chunk_t seq, val;
	uint8_t tag;
	int n;

	ck_assert(asn1_read(&in, &tag, &seq));
	ck_assert_int_eq(tag, 0x30);
	ck_assert_int_eq(seq.len, 6);
	ck_assert_int_eq(in.len, 1);
	ck_assert(asn1_read_int(&seq, &n));
	ck_assert_int_eq(n, 5);
	ck_assert(!asn1_expect(&seq, ASN1_INTEGER, &val));
	ck_assert(asn1_expect(&seq, ASN1_OCTET_STRING, &val));
	ck_assert_int_eq(val.len, 1);
	ck_assert_int_eq(val.ptr[0], 0xaa);
	ck_assert_int_eq(seq.len, 0);
	ck_assert_int_eq(asn1_peek(seq), -1);
	/* a lone byte is no TLV */
	ck_assert(!asn1_read(&in, &tag, &val));
}
END_TEST

START_TEST(test_read_malformed)
{
	chunk_t c;
	uint8_t tag;

	/* length beyond the input */
	c = chunk_from_chars(0x04, 0x05, 0x00);
	ck_assert(!asn1_read(&c, &tag, NULL));
	/* indefinite length (BER) */
	c = chunk_from_chars(0x30, 0x80, 0x00, 0x00);
	ck_assert(!asn1_read(&c, &tag, NULL));
	/* long form with missing length bytes */
	c = chunk_from_chars(0x04, 0x82, 0x01);
	ck_assert(!asn1_read(&c, &tag, NULL));
	/* absurd length of length */
	c = chunk_from_chars(0x04, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1);
	ck_assert(!asn1_read(&c, &tag, NULL));
	/* multi-byte tag */
	c = chunk_from_chars(0x1f, 0x81, 0x00);
	ck_assert(!asn1_read(&c, &tag, NULL));
	/* negative integers are not unsigned */
	c = chunk_from_chars(0x02, 0x01, 0x80);
	ck_assert(!asn1_read_uint(&c, NULL));
	/* bit string with unused bits */
	c = chunk_from_chars(0x03, 0x02, 0x01, 0xfe);
	ck_assert(!asn1_read_bits(&c, &c));
	c = chunk_empty;
	ck_assert(!asn1_read(&c, &tag, NULL));
}
END_TEST

START_TEST(test_long_lengths)
{
	chunk_t big = chunk_alloc(300), tlv, in, content;
	uint8_t tag;

	memset(big.ptr, 0x5a, big.len);
	tlv = asn1_wrap(ASN1_OCTET_STRING, 1, big);
	ck_assert_int_eq(tlv.len, 304);
	ck_assert_int_eq(tlv.ptr[1], 0x82);
	ck_assert_int_eq(asn1_tlv_len(300), 304);
	ck_assert_int_eq(asn1_tlv_len(127), 129);
	ck_assert_int_eq(asn1_tlv_len(128), 131);
	in = tlv;
	ck_assert(asn1_read(&in, &tag, &content));
	ck_assert(chunk_equals(content, big));
	chunk_free(&tlv);
	chunk_free(&big);
}
END_TEST

START_TEST(test_uint)
{
	chunk_t der, in, v;

	der = asn1_uint(chunk_from_chars(0x00, 0x00, 0x80));
	assert_hex(der, "02020080");
	in = der;
	ck_assert(asn1_read_uint(&in, &v));
	ck_assert_int_eq(v.len, 1);
	ck_assert_int_eq(v.ptr[0], 0x80);
	chunk_free(&der);
	der = asn1_uint(chunk_empty);
	assert_hex(der, "020100");
	chunk_free(&der);
}
END_TEST

START_TEST(test_time)
{
	chunk_t c;
	time_t t;

	c = chunk_from_str("\x17\x0d" "200101000000Z");
	ck_assert(asn1_read_time(&c, &t));
	ck_assert_int_eq(t, 1577836800);
	c = chunk_from_str("\x18\x0f" "20491231235959Z");
	ck_assert(asn1_read_time(&c, &t));
	ck_assert_int_eq(t, 2524607999);
	/* UTCTime 50..99 is the 20th century */
	c = chunk_from_str("\x17\x0d" "700101000000Z");
	ck_assert(asn1_read_time(&c, &t));
	ck_assert_int_eq(t, 0);
	/* no Zulu, bad month */
	c = chunk_from_str("\x17\x0d" "2001010000000");
	ck_assert(!asn1_read_time(&c, &t));
	c = chunk_from_str("\x17\x0d" "201301000000Z");
	ck_assert(!asn1_read_time(&c, &t));
}
END_TEST

START_TEST(test_oid_string)
{
	char buf[64];

	ck_assert_str_eq(asn1_oid_to_string(OID_RSA_ENCRYPTION, buf, sizeof(buf)),
			 "1.2.840.113549.1.1.1");
	ck_assert_str_eq(asn1_oid_to_string(OID_SECP384R1, buf, sizeof(buf)),
			 "1.3.132.0.34");
	ck_assert_str_eq(asn1_oid_to_string(chunk_from_chars(0x2b, 0x81), buf,
					    sizeof(buf)), "");
	ck_assert_int_eq(asn1_hash_from_oid(OID_SHA384), HASH_SHA384);
	ck_assert_int_eq(asn1_hash_from_oid(OID_RSA_ENCRYPTION), HASH_UNKNOWN);
}
END_TEST

static const struct {
	signature_params_t params;
	const char *hex;
} aids[] = {
	{ { .scheme = SIGN_RSA_EMSA_PKCS1_SHA1 }, "300d06092a864886f70d0101050500" },
	{ { .scheme = SIGN_RSA_EMSA_PKCS1_SHA2_256 }, "300d06092a864886f70d01010b0500" },
	{ { .scheme = SIGN_RSA_EMSA_PKCS1_SHA2_384 }, "300d06092a864886f70d01010c0500" },
	{ { .scheme = SIGN_RSA_EMSA_PKCS1_SHA2_512 }, "300d06092a864886f70d01010d0500" },
	{ { .scheme = SIGN_ECDSA_WITH_SHA256_DER }, "300a06082a8648ce3d040302" },
	{ { .scheme = SIGN_ECDSA_WITH_SHA384_DER }, "300a06082a8648ce3d040303" },
	{ { .scheme = SIGN_ECDSA_WITH_SHA512_DER }, "300a06082a8648ce3d040304" },
	{ { .scheme = SIGN_ED25519 }, "300506032b6570" },
	{ { .scheme = SIGN_ED448 }, "300506032b6571" },
	{ { .scheme = SIGN_RSA_EMSA_PSS,
	    .pss = { HASH_SHA256, HASH_SHA256, 32 } },
	  "304106092a864886f70d01010a3034a00f300d0609608648016503040201"
	  "0500a11c301a06092a864886f70d010108300d06096086480165030402010500"
	  "a203020120" },
};

START_TEST(test_signature_params)
{
	signature_params_t parsed;
	chunk_t aid, with_tail;
	size_t len;

	ck_assert(signature_params_build(&aids[_i].params, &aid));
	assert_hex(aid, aids[_i].hex);
	/* RFC 7427 AUTH data: the identifier is followed by the signature */
	with_tail = chunk_cat(2, aid, chunk_from_chars(0xde, 0xad));
	ck_assert(signature_params_parse(with_tail, &parsed, &len));
	ck_assert_int_eq(len, aid.len);
	ck_assert(signature_params_equal(&parsed, &aids[_i].params));
	chunk_free(&with_tail);
	chunk_free(&aid);
}
END_TEST

START_TEST(test_signature_params_pss_default_salt)
{
	signature_params_t p = {
		.scheme = SIGN_RSA_EMSA_PSS,
		.pss = { HASH_SHA384, 0, RSA_PSS_SALT_LEN_DEFAULT },
	}, parsed;
	chunk_t aid;

	ck_assert(signature_params_build(&p, &aid));
	ck_assert(signature_params_parse(aid, &parsed, NULL));
	ck_assert_int_eq(parsed.pss.hash, HASH_SHA384);
	ck_assert_int_eq(parsed.pss.mgf1_hash, HASH_SHA384);
	ck_assert_int_eq(parsed.pss.salt_len, 48);
	chunk_free(&aid);
	/* "any length" cannot go on the wire */
	p.pss.salt_len = RSA_PSS_SALT_LEN_MAX;
	ck_assert(!signature_params_build(&p, &aid));
	/* no AlgorithmIdentifier for the RFC 4754 raw ECDSA schemes */
	p.scheme = SIGN_ECDSA_256;
	ck_assert(!signature_params_build(&p, &aid));
}
END_TEST

START_TEST(test_signature_params_pss_defaults)
{
	signature_params_t parsed;
	/* RSASSA-PSS with empty parameters: SHA-1, MGF1-SHA-1, salt 20 */
	chunk_t aid = chunk_from_chars(0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48,
		0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x00);

	ck_assert(signature_params_parse(aid, &parsed, NULL));
	ck_assert_int_eq(parsed.scheme, SIGN_RSA_EMSA_PSS);
	ck_assert_int_eq(parsed.pss.hash, HASH_SHA1);
	ck_assert_int_eq(parsed.pss.mgf1_hash, HASH_SHA1);
	ck_assert_int_eq(parsed.pss.salt_len, 20);
}
END_TEST

START_TEST(test_signature_params_bad)
{
	signature_params_t parsed;
	chunk_t c;

	/* unknown OID */
	c = chunk_from_chars(0x30, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04);
	ck_assert(!signature_params_parse(c, &parsed, NULL));
	/* ECDSA must not carry parameters */
	c = chunk_from_chars(0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
			     0x04, 0x03, 0x02, 0x05, 0x00);
	ck_assert(!signature_params_parse(c, &parsed, NULL));
	/* truncated */
	c = chunk_from_chars(0x30, 0x0d, 0x06, 0x09, 0x2a);
	ck_assert(!signature_params_parse(c, &parsed, NULL));
	/* PSS with a bad trailer field */
	c = chunk_from_chars(0x30, 0x12, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
			     0x0d, 0x01, 0x01, 0x0a, 0x30, 0x05, 0xa3, 0x03, 0x02,
			     0x01, 0x02);
	ck_assert(!signature_params_parse(c, &parsed, NULL));
}
END_TEST

START_TEST(test_scheme_helpers)
{
	signature_params_t schemes[8];
	int n;

	ck_assert_int_eq(key_type_from_signature_scheme(SIGN_RSA_EMSA_PSS), KEY_RSA);
	ck_assert_int_eq(key_type_from_signature_scheme(SIGN_ECDSA_384), KEY_ECDSA);
	ck_assert_int_eq(key_type_from_signature_scheme(SIGN_ED448), KEY_ED448);
	ck_assert_int_eq(hash_from_signature_scheme(SIGN_ECDSA_521, NULL), HASH_SHA512);
	ck_assert_int_eq(hash_from_signature_scheme(SIGN_ED25519, NULL), HASH_IDENTITY);
	ck_assert_str_eq(signature_scheme_name(SIGN_ECDSA_WITH_SHA256_DER),
			 "ECDSA_WITH_SHA256_DER");
	ck_assert_str_eq(key_type_name(KEY_ED25519), "ED25519");

	n = signature_schemes_for_key(KEY_RSA, 2048, schemes, countof(schemes));
	ck_assert_int_eq(n, 6);
	ck_assert_int_eq(schemes[0].scheme, SIGN_RSA_EMSA_PSS);
	ck_assert_int_eq(schemes[0].pss.hash, HASH_SHA256);
	ck_assert_int_eq(schemes[3].scheme, SIGN_RSA_EMSA_PKCS1_SHA2_256);
	n = signature_schemes_for_key(KEY_ECDSA, 384, schemes, countof(schemes));
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(schemes[0].scheme, SIGN_ECDSA_WITH_SHA384_DER);
	n = signature_schemes_for_key(KEY_ED25519, 256, schemes, 1);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(schemes[0].scheme, SIGN_ED25519);
	ck_assert_int_eq(signature_schemes_for_key(KEY_RSA, 2048, schemes, 2), 2);
}
END_TEST

START_TEST(test_spki)
{
	chunk_t spki, oid, params, key;

	spki = key_spki_build(OID_ED25519, chunk_empty, chunk_from_chars(1, 2, 3));
	assert_hex(spki, "300d300506032b6570030400010203");
	ck_assert(key_spki_parse(spki, &oid, &params, &key));
	ck_assert_int_eq(key_type_from_oid(oid), KEY_ED25519);
	ck_assert_int_eq(params.len, 0);
	ck_assert_int_eq(key.len, 3);
	spki.len--;
	ck_assert(!key_spki_parse(spki, &oid, &params, &key));
	spki.len++;
	chunk_free(&spki);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("asn1");
	TCase *tc = tcase_create("der");

	tcase_add_test(tc, test_read_tlv);
	tcase_add_test(tc, test_read_malformed);
	tcase_add_test(tc, test_long_lengths);
	tcase_add_test(tc, test_uint);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_oid_string);
	tcase_add_test(tc, test_spki);
	suite_add_tcase(s, tc);

	tc = tcase_create("signature_params");
	tcase_add_loop_test(tc, test_signature_params, 0, countof(aids));
	tcase_add_test(tc, test_signature_params_pss_default_salt);
	tcase_add_test(tc, test_signature_params_pss_defaults);
	tcase_add_test(tc, test_signature_params_bad);
	tcase_add_test(tc, test_scheme_helpers);
	suite_add_tcase(s, tc);
	return s;
}
