/*
 * ipsec.secrets private key entries with the real decoders (openssl and
 * pem plugins): RSA, ECDSA, PKCS8, encrypted keys with a passphrase,
 * PKCS#12, and what happens to keys that cannot be loaded.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_runner.h"
#include "cred_test_util.h"
#include "stroke_secrets.h"
#include "credentials/certificates/x509.h"

static credential_manager_t *creds;
static char conf[300], secrets[400];

static void setup(void)
{
	char cmd[2048];

	plugins_load("random nonce openssl pem x509");
	creds = credential_manager_create();
	snprintf(conf, sizeof(conf), "%s/conf", pki_dir);
	snprintf(secrets, sizeof(secrets), "%s/ipsec.secrets", conf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/ipsec.d/private' && "
		 "cd '%s' && cp rsa.key ec.sec1.pem ed25519.key rsa.enc.pem ec.enc.der "
		 "rsa.p12 rsa.legacy.pem '%s/ipsec.d/private/'", conf, conf, pki_dir, conf);
	ck_assert(system(cmd) == 0);
	setenv("IPSEC_CONFDIR", conf, 1);
}

static void teardown(void)
{
	unsetenv("IPSEC_CONFDIR");
	creds->destroy(creds);
	library_deinit();
}

static int load(const char *content, char **error)
{
	FILE *f = fopen(secrets, "w");

	ck_assert(f);
	fputs(content, f);
	fclose(f);
	chmod(secrets, 0600);
	return stroke_secrets_load(creds, secrets, error);
}

static bool has_key(const char *id_str, key_type_t type)
{
	identification_t *id = identification_create_from_string(id_str);
	certificate_t *cert;
	private_key_t *key;
	public_key_t *pub;
	bool found = false;
	chunk_t fp;

	/* look the key up by the fingerprint of its certificate */
	cert = cred_loader_load_cert(pki_path(id_str), CERT_X509);
	id->destroy(id);
	ck_assert(cert);
	pub = cert->get_public_key(cert);
	ck_assert(pub->get_fingerprint(pub, KEYID_PUBKEY_SHA1, &fp));
	id = identification_create_from_encoding(ID_KEY_ID, fp);
	key = creds->get_private_key(creds, type, id);
	if (key) {
		found = key->belongs_to(key, pub);
		key->destroy(key);
	}
	id->destroy(id);
	pub->destroy(pub);
	cert->destroy(cert);
	return found;
}

START_TEST(test_key_entries)
{
	char *error = NULL;

	ck_assert_int_eq(load(
		": RSA rsa.key\n"
		": ECDSA ec.sec1.pem\n"
		": PKCS8 ed25519.key\n"
		"10.0.0.1 : PSK \"psk\"\n", &error), 4);
	ck_assert_ptr_null(error);
	ck_assert(has_key("rsa.crt", KEY_RSA));
	ck_assert(has_key("ec.crt", KEY_ECDSA));
	ck_assert(has_key("ed25519.crt", KEY_ED25519));
	ck_assert_int_eq(creds->count_shared(creds), 1);
	/* a reload replaces the keys */
	ck_assert_int_eq(load(": RSA rsa.key\n", &error), 1);
	ck_assert(has_key("rsa.crt", KEY_ANY));
	ck_assert(!has_key("ec.crt", KEY_ANY));
	ck_assert_int_eq(creds->count_shared(creds), 0);
}
END_TEST

START_TEST(test_passphrases)
{
	char *error = NULL;

	ck_assert_int_eq(load(
		": RSA rsa.enc.pem \"test secret\"\n"
		": ECDSA ec.enc.der 0x74657374207365637265740a\n"
		": ECDSA ec.enc.der 0x7465737420736563726574\n", &error), 2);
	ck_assert(has_key("rsa.crt", KEY_RSA));
	ck_assert(has_key("ec.crt", KEY_ECDSA));
	ck_assert_int_eq(load(": RSA rsa.legacy.pem 'test secret'\n", &error), 1);
	ck_assert(has_key("rsa.crt", KEY_RSA));
}
END_TEST

START_TEST(test_unloadable)
{
	char *error = NULL;

	/* logged and skipped: the PSKs still load */
	ck_assert_int_eq(load(
		": RSA missing.key\n"
		": RSA rsa.enc.pem\n"
		": RSA rsa.enc.pem \"wrong\"\n"
		": RSA rsa.enc.pem %prompt\n"
		": BLISS whatever.der\n"
		": PIN %smartcard:1 1234\n"
		": PSK \"still here\"\n", &error), 1);
	ck_assert_ptr_null(error);
	ck_assert(!has_key("rsa.crt", KEY_ANY));
	/* but syntax is still checked */
	ck_assert_int_eq(load(": RSA\n", &error), -1);
	ck_assert(strstr(error, "missing file after RSA"));
	free(error);
	error = NULL;
	ck_assert_int_eq(load(": RSA rsa.key pass extra\n", &error), -1);
	free(error);
	error = NULL;
	ck_assert_int_eq(load(": PSK one two\n", &error), -1);
	free(error);
	/* the last good load stays */
	ck_assert_int_eq(creds->count_shared(creds), 1);
}
END_TEST

START_TEST(test_lenient_type)
{
	/* an Ed25519 key given as ECDSA loads (with a log line) */
	ck_assert_int_eq(load(": ECDSA ed25519.key\n", NULL), 1);
	ck_assert(has_key("ed25519.crt", KEY_ED25519));
}
END_TEST

START_TEST(test_pkcs12)
{
	certificate_t *cert;
	identification_t *id;

	ck_assert_int_eq(load(": P12 rsa.p12 \"p12 secret\"\n", NULL), 1);
	ck_assert(has_key("rsa.crt", KEY_RSA));
	cert = pki_cert("rsa.crt");
	ck_assert(creds->verify_chain(creds, cert, NULL, CERT_POLICY_NO, NULL, NULL));
	cert->destroy(cert);
	id = identification_create_from_string("moon.example.com");
	cert = creds->get_cert(creds, CERT_X509, KEY_RSA, id, false);
	ck_assert(cert);
	cert->destroy(cert);
	id->destroy(id);
	/* rereading without it forgets key and certificates */
	ck_assert_int_eq(load(": PKCS12 rsa.p12 wrong\n", NULL), 0);
	ck_assert(!has_key("rsa.crt", KEY_ANY));
	cert = pki_cert("rsa.crt");
	ck_assert(!creds->verify_chain(creds, cert, NULL, CERT_POLICY_NO, NULL, NULL));
	cert->destroy(cert);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_secrets_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_key_entries);
	tcase_add_test(tc, test_passphrases);
	tcase_add_test(tc, test_unloadable);
	tcase_add_test(tc, test_lenient_type);
	tcase_add_test(tc, test_pkcs12);
	suite_add_tcase(s, tc);
	return s;
}
