/*
 * Tests for crypto/transform.c: names must match strongSwan's output, since
 * scripts parse `ipsec statusall`.
 */
#include <stdio.h>
#include <pthread.h>

#include "library.h"
#include "crypto/transform.h"
#include "test_runner.h"

static const struct {
	transform_type_t type;
	int id;
	const char *name;
} names[] = {
	{ TRANSFORM_ENCR, ENCR_AES_CBC, "AES_CBC" },
	{ TRANSFORM_ENCR, ENCR_AES_CTR, "AES_CTR" },
	{ TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, "AES_GCM_16" },
	{ TRANSFORM_ENCR, ENCR_AES_GCM_ICV12, "AES_GCM_12" },
	{ TRANSFORM_ENCR, ENCR_AES_GCM_ICV8, "AES_GCM_8" },
	{ TRANSFORM_ENCR, ENCR_AES_CCM_ICV16, "AES_CCM_16" },
	{ TRANSFORM_ENCR, ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305" },
	{ TRANSFORM_ENCR, ENCR_3DES, "3DES_CBC" },
	{ TRANSFORM_ENCR, ENCR_DES, "DES_CBC" },
	{ TRANSFORM_ENCR, ENCR_NULL, "NULL" },
	{ TRANSFORM_ENCR, ENCR_NULL_AUTH_AES_GMAC, "NULL_AES_GMAC" },
	{ TRANSFORM_ENCR, ENCR_CAMELLIA_CBC, "CAMELLIA_CBC" },
	{ TRANSFORM_INTEG, AUTH_HMAC_SHA1_96, "HMAC_SHA1_96" },
	{ TRANSFORM_INTEG, AUTH_HMAC_MD5_96, "HMAC_MD5_96" },
	{ TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, "HMAC_SHA2_256_128" },
	{ TRANSFORM_INTEG, AUTH_HMAC_SHA2_384_192, "HMAC_SHA2_384_192" },
	{ TRANSFORM_INTEG, AUTH_HMAC_SHA2_512_256, "HMAC_SHA2_512_256" },
	{ TRANSFORM_INTEG, AUTH_AES_XCBC_96, "AES_XCBC_96" },
	{ TRANSFORM_INTEG, AUTH_AES_CMAC_96, "AES_CMAC_96" },
	{ TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_256, "HMAC_SHA2_256_256" },
	{ TRANSFORM_PRF, PRF_HMAC_SHA1, "PRF_HMAC_SHA1" },
	{ TRANSFORM_PRF, PRF_HMAC_MD5, "PRF_HMAC_MD5" },
	{ TRANSFORM_PRF, PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256" },
	{ TRANSFORM_PRF, PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384" },
	{ TRANSFORM_PRF, PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512" },
	{ TRANSFORM_PRF, PRF_AES128_XCBC, "PRF_AES128_XCBC" },
	{ TRANSFORM_PRF, PRF_AES128_CMAC, "PRF_AES128_CMAC" },
	{ TRANSFORM_KE, MODP_1024, "MODP_1024" },
	{ TRANSFORM_KE, MODP_2048, "MODP_2048" },
	{ TRANSFORM_KE, MODP_3072, "MODP_3072" },
	{ TRANSFORM_KE, MODP_4096, "MODP_4096" },
	{ TRANSFORM_KE, MODP_8192, "MODP_8192" },
	{ TRANSFORM_KE, ECP_256, "ECP_256" },
	{ TRANSFORM_KE, ECP_384, "ECP_384" },
	{ TRANSFORM_KE, ECP_521, "ECP_521" },
	{ TRANSFORM_KE, CURVE_25519, "CURVE_25519" },
	{ TRANSFORM_KE, CURVE_448, "CURVE_448" },
	{ TRANSFORM_KE, KE_NONE, "KE_NONE" },
	{ TRANSFORM_ESN, NO_EXT_SEQ, "NO_EXT_SEQ" },
	{ TRANSFORM_ESN, EXT_SEQ, "EXT_SEQ" },
};

START_TEST(test_names)
{
	ck_assert_str_eq(transform_name(names[_i].type, names[_i].id), names[_i].name);
}
END_TEST

START_TEST(test_typed_names)
{
	ck_assert_str_eq(encryption_algorithm_name(ENCR_AES_GCM_ICV16), "AES_GCM_16");
	ck_assert_str_eq(pseudo_random_function_name(PRF_HMAC_SHA2_256), "PRF_HMAC_SHA2_256");
	ck_assert_str_eq(integrity_algorithm_name(AUTH_HMAC_SHA2_256_128), "HMAC_SHA2_256_128");
	ck_assert_str_eq(key_exchange_method_name(CURVE_25519), "CURVE_25519");
	ck_assert_str_eq(hash_algorithm_name(HASH_SHA1), "HASH_SHA1");
	ck_assert_str_eq(hash_algorithm_name(HASH_SHA256), "HASH_SHA2_256");
	ck_assert_str_eq(hash_algorithm_name(HASH_SHA384), "HASH_SHA2_384");
	ck_assert_str_eq(hash_algorithm_name(HASH_SHA512), "HASH_SHA2_512");
	ck_assert_str_eq(hash_algorithm_name(HASH_MD5), "HASH_MD5");
	ck_assert_str_eq(hash_algorithm_name(HASH_SHA224), "HASH_SHA2_224");
	ck_assert_str_eq(hash_algorithm_name(HASH_IDENTITY), "HASH_IDENTITY");
	ck_assert_str_eq(transform_type_name(TRANSFORM_ENCR), "ENCRYPTION_ALGORITHM");
	ck_assert_str_eq(transform_type_name(TRANSFORM_KE), "KEY_EXCHANGE_METHOD");
	ck_assert_str_eq(transform_type_name(TRANSFORM_ESN), "EXTENDED_SEQUENCE_NUMBERS");
}
END_TEST

START_TEST(test_unknown)
{
	const char *a, *b;

	ck_assert_str_eq(encryption_algorithm_name((encryption_algorithm_t)4242), "(4242)");
	ck_assert_str_eq(key_exchange_method_name((key_exchange_method_t)999), "(999)");
	ck_assert_str_eq(hash_algorithm_name((hash_algorithm_t)77), "(77)");
	ck_assert_str_eq(transform_type_name((transform_type_t)9), "(9)");
	ck_assert_str_eq(transform_name((transform_type_t)9, 3), "(3)");
	ck_assert_str_eq(transform_name(TRANSFORM_ESN, 2), "(2)");
	ck_assert_str_eq(transform_name(TRANSFORM_PRF, -5), "(-5)");
	/* two unknown names in one log line must not overwrite each other */
	a = integrity_algorithm_name((integrity_algorithm_t)500);
	b = pseudo_random_function_name((pseudo_random_function_t)501);
	ck_assert_str_eq(a, "(500)");
	ck_assert_str_eq(b, "(501)");
}
END_TEST

static void *name_in_thread(void *arg)
{
	const char *name = encryption_algorithm_name((encryption_algorithm_t)(intptr_t)arg);
	char expect[16];

	snprintf(expect, sizeof(expect), "(%d)", (int)(intptr_t)arg);
	return (void *)(intptr_t)(strcmp(name, expect) == 0);
}

START_TEST(test_unknown_threads)
{
	pthread_t threads[4];
	void *ok;
	int i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_create(&threads[i], NULL, name_in_thread,
						(void *)(intptr_t)(1000 + i)), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(threads[i], &ok);
		ck_assert(ok);
	}
}
END_TEST

START_TEST(test_aead)
{
	ck_assert(encryption_algorithm_is_aead(ENCR_AES_GCM_ICV16));
	ck_assert(encryption_algorithm_is_aead(ENCR_AES_GCM_ICV8));
	ck_assert(encryption_algorithm_is_aead(ENCR_AES_CCM_ICV12));
	ck_assert(encryption_algorithm_is_aead(ENCR_CHACHA20_POLY1305));
	ck_assert(encryption_algorithm_is_aead(ENCR_NULL_AUTH_AES_GMAC));
	ck_assert(!encryption_algorithm_is_aead(ENCR_AES_CBC));
	ck_assert(!encryption_algorithm_is_aead(ENCR_AES_CTR));
	ck_assert(!encryption_algorithm_is_aead(ENCR_3DES));
	ck_assert(!encryption_algorithm_is_aead(ENCR_NULL));
	ck_assert(!encryption_algorithm_is_aead(ENCR_UNDEFINED));
}
END_TEST

START_TEST(test_sizes)
{
	ck_assert_uint_eq(hash_algorithm_size(HASH_SHA1), 20);
	ck_assert_uint_eq(hash_algorithm_size(HASH_SHA224), 28);
	ck_assert_uint_eq(hash_algorithm_size(HASH_SHA256), 32);
	ck_assert_uint_eq(hash_algorithm_size(HASH_SHA384), 48);
	ck_assert_uint_eq(hash_algorithm_size(HASH_SHA512), 64);
	ck_assert_uint_eq(hash_algorithm_size(HASH_MD5), 16);
	ck_assert_uint_eq(hash_algorithm_size(HASH_UNKNOWN), 0);
	ck_assert_uint_eq(hash_algorithm_size(HASH_IDENTITY), 0);

	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA1_96), 12);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_MD5_96), 12);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_AES_XCBC_96), 12);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_AES_CMAC_96), 12);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_MD5_128), 16);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA1_160), 20);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_256_128), 16);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_384_192), 24);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_512_256), 32);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_256_256), 32);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_384_384), 48);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_HMAC_SHA2_512_512), 64);
	ck_assert_uint_eq(integrity_algorithm_size(AUTH_UNDEFINED), 0);
	ck_assert_uint_eq(integrity_algorithm_size((integrity_algorithm_t)4000), 0);
}
END_TEST

START_TEST(test_hash_mapping)
{
	ck_assert_int_eq(hash_from_prf(PRF_HMAC_MD5), HASH_MD5);
	ck_assert_int_eq(hash_from_prf(PRF_HMAC_SHA1), HASH_SHA1);
	ck_assert_int_eq(hash_from_prf(PRF_HMAC_SHA2_256), HASH_SHA256);
	ck_assert_int_eq(hash_from_prf(PRF_HMAC_SHA2_384), HASH_SHA384);
	ck_assert_int_eq(hash_from_prf(PRF_HMAC_SHA2_512), HASH_SHA512);
	ck_assert_int_eq(hash_from_prf(PRF_AES128_XCBC), HASH_UNKNOWN);
	ck_assert_int_eq(hash_from_prf(PRF_AES128_CMAC), HASH_UNKNOWN);
	ck_assert_int_eq(hash_from_prf((pseudo_random_function_t)99), HASH_UNKNOWN);

	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_MD5_96), HASH_MD5);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA1_96), HASH_SHA1);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA1_160), HASH_SHA1);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA2_256_128), HASH_SHA256);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA2_384_192), HASH_SHA384);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA2_512_256), HASH_SHA512);
	ck_assert_int_eq(hash_from_integrity(AUTH_HMAC_SHA2_512_512), HASH_SHA512);
	ck_assert_int_eq(hash_from_integrity(AUTH_AES_XCBC_96), HASH_UNKNOWN);
	ck_assert_int_eq(hash_from_integrity(AUTH_UNDEFINED), HASH_UNKNOWN);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("transform");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_names, 0, countof(names));
	tcase_add_test(tc, test_typed_names);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_unknown_threads);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_add_test(tc, test_aead);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_hash_mapping);
	suite_add_tcase(s, tc);

	return s;
}
