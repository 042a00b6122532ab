/*
 * Keys through the openssl and pem plugins, loaded as the daemon loads
 * them: every encoding (PKCS#8 PEM/DER, PKCS#1, SEC1, encrypted PKCS#8,
 * legacy encrypted PEM, PKCS#12), every signature scheme, and signatures
 * made by the openssl command line (an independent implementation).
 */
#include "test_runner.h"
#include "cred_test_util.h"
#include "credentials/certificates/x509.h"
#include "crypto/crypto_factory.h"

static chunk_t data;

static void setup(void)
{
	plugins_load("random nonce openssl pem x509");
	data = chunk_from_str("signed by the openssl command line\n");
}

static void teardown(void)
{
	library_deinit();
}

static const struct {
	const char *file;
	const char *pass;
	key_type_t type;
	int bits;
} key_files[] = {
	{ "rsa.key", NULL, KEY_RSA, 2048 },
	{ "rsa.der", NULL, KEY_RSA, 2048 },
	{ "rsa.pkcs1.pem", NULL, KEY_RSA, 2048 },
	{ "rsa.enc.pem", "test secret", KEY_RSA, 2048 },
	{ "rsa.legacy.pem", "test secret", KEY_RSA, 2048 },
	{ "rsa3072.key", NULL, KEY_RSA, 3072 },
	{ "ec.key", NULL, KEY_ECDSA, 256 },
	{ "ec.sec1.pem", NULL, KEY_ECDSA, 256 },
	{ "ec.enc.der", "test secret", KEY_ECDSA, 256 },
	{ "ec384.der", NULL, KEY_ECDSA, 384 },
	{ "ed25519.key", NULL, KEY_ED25519, 256 },
	{ "ed448.der", NULL, KEY_ED448, 456 },
};

START_TEST(test_load_formats)
{
	private_key_t *key = pki_key(key_files[_i].file, key_files[_i].pass);
	public_key_t *pub;
	chunk_t pkcs8, spki, expect;
	char pubfile[64];

	ck_assert_int_eq(key->get_type(key), key_files[_i].type);
	ck_assert_int_eq(key->get_keysize(key), key_files[_i].bits);
	pub = key->get_public_key(key);
	ck_assert(pub);
	ck_assert(key->belongs_to(key, pub));
	ck_assert_int_eq(pub->get_keysize(pub), key_files[_i].bits);

	/* the public half encodes as openssl's SubjectPublicKeyInfo */
	snprintf(pubfile, sizeof(pubfile), "%.*s.pub.der",
		 (int)strcspn(key_files[_i].file, "."), key_files[_i].file);
	if (access(pki_path(pubfile), R_OK) == 0) {
		expect = pki_read(pubfile);
		ck_assert(pub->get_encoding(pub, &spki));
		ck_assert(chunk_equals(spki, expect));
		chunk_free(&spki);
		chunk_free(&expect);
	}
	/* PKCS#8 round trip */
	ck_assert(key->get_encoding(key, &pkcs8));
	{
		private_key_t *again = lib->creds->create_private_key(lib->creds,
						KEY_ANY, pkcs8, NULL);
		ck_assert(again);
		ck_assert(again->belongs_to(again, pub));
		again->destroy(again);
	}
	chunk_clear(&pkcs8);
	pub->destroy(pub);
	key->destroy(key);
}
END_TEST

START_TEST(test_encrypted_wrong_pass)
{
	ck_assert(!cred_loader_load_private_key(pki_path("rsa.enc.pem"), KEY_ANY,
						chunk_from_str("wrong")));
	ck_assert(!cred_loader_load_private_key(pki_path("rsa.enc.pem"), KEY_ANY,
						chunk_empty));
	ck_assert(!cred_loader_load_private_key(pki_path("ec.enc.der"), KEY_ANY,
						chunk_from_str("wrong")));
	ck_assert(!cred_loader_load_private_key(pki_path("rsa.legacy.pem"), KEY_ANY,
						chunk_from_str("wrong")));
	ck_assert(!cred_loader_load_private_key(pki_path("rsa.legacy.pem"), KEY_ANY,
						chunk_empty));
}
END_TEST

START_TEST(test_passphrase_candidates)
{
	credential_manager_t *secrets = credential_manager_create();
	private_key_t *key;
	chunk_t blob = pki_read("rsa.enc.pem");

	/* every SHARED_PRIVATE_KEY_PASS on offer is tried in turn */
	secrets->add_shared(secrets, "t", shared_key_create(SHARED_PRIVATE_KEY_PASS,
				chunk_clone(chunk_from_str("first"))), NULL);
	secrets->add_shared(secrets, "t", shared_key_create(SHARED_IKE,
				chunk_clone(chunk_from_str("test secret"))), NULL);
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, blob, secrets));
	secrets->add_shared(secrets, "t", shared_key_create(SHARED_PRIVATE_KEY_PASS,
				chunk_clone(chunk_from_str("test secret"))), NULL);
	key = lib->creds->create_private_key(lib->creds, KEY_RSA, blob, secrets);
	ck_assert(key);
	key->destroy(key);
	/* a type that does not fit is refused */
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ECDSA, blob, secrets));
	secrets->destroy(secrets);
	chunk_free(&blob);
}
END_TEST

START_TEST(test_type_mismatch)
{
	chunk_t blob = pki_read("ec.sec1.pem");

	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_RSA, blob, NULL));
	chunk_free(&blob);
	blob = pki_read("ed25519.der");
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ED448, blob, NULL));
	chunk_free(&blob);
}
END_TEST

START_TEST(test_garbage)
{
	chunk_t blob;

	blob = chunk_from_str("-----BEGIN PRIVATE KEY-----\nnot base64!\n"
			      "-----END PRIVATE KEY-----\n");
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, blob, NULL));
	blob = chunk_from_str("-----BEGIN PRIVATE KEY-----\nAAAA\n");
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, blob, NULL));
	blob = chunk_from_chars(0x30, 0x03, 0x02, 0x01, 0x00);
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, blob, NULL));
	ck_assert(!lib->creds->create_public_key(lib->creds, KEY_ANY, blob));
	ck_assert(!lib->creds->create_cert(lib->creds, CERT_ANY, blob));
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, chunk_empty, NULL));
	/* a certificate is not a key, a key not a certificate */
	blob = pki_read("rsa.crt.der");
	ck_assert(!lib->creds->create_private_key(lib->creds, KEY_ANY, blob, NULL));
	ck_assert(!lib->creds->create_public_key(lib->creds, KEY_ANY, blob));
	chunk_free(&blob);
	blob = pki_read("rsa.der");
	ck_assert(!lib->creds->create_cert(lib->creds, CERT_ANY, blob));
	chunk_free(&blob);
	/* nonexistent file */
	ck_assert(!cred_loader_load_private_key(pki_path("nope.key"), KEY_ANY, chunk_empty));
}
END_TEST

START_TEST(test_public_key_pem)
{
	chunk_t blob = pki_read("ec.pub.pem"), der = pki_read("ec.pub.der"), enc;
	public_key_t *pub = lib->creds->create_public_key(lib->creds, KEY_ANY, blob);
	public_key_t *pub2 = lib->creds->create_public_key(lib->creds, KEY_ECDSA, der);

	ck_assert(pub && pub2);
	ck_assert(pub->equals(pub, pub2));
	ck_assert(pub->get_encoding(pub, &enc));
	ck_assert(chunk_equals(enc, der));
	chunk_free(&enc);
	ck_assert(!lib->creds->create_public_key(lib->creds, KEY_RSA, der));
	pub->destroy(pub);
	pub2->destroy(pub2);
	chunk_free(&blob);
	chunk_free(&der);
}
END_TEST

START_TEST(test_fingerprints)
{
	certificate_t *cert = pki_cert("rsa.crt");
	private_key_t *key = pki_key("rsa.key", NULL);
	public_key_t *pub = cert->get_public_key(cert);
	x509_t *x509 = (x509_t *)cert;
	chunk_t fp, fp2, spki;
	hasher_t *sha1;
	uint8_t digest[20];

	/* openssl's subjectKeyIdentifier=hash is SHA-1 of the raw public key */
	ck_assert(pub->get_fingerprint(pub, KEYID_PUBKEY_SHA1, &fp));
	ck_assert(chunk_equals(fp, x509->get_subject_key_id(x509)));
	ck_assert(key->get_fingerprint(key, KEYID_PUBKEY_SHA1, &fp2));
	ck_assert(chunk_equals(fp, fp2));
	/* the other one hashes the whole SubjectPublicKeyInfo */
	ck_assert(pub->get_fingerprint(pub, KEYID_PUBKEY_INFO_SHA1, &fp));
	ck_assert(pub->get_encoding(pub, &spki));
	sha1 = lib->crypto->create_hasher(lib->crypto, HASH_SHA1);
	ck_assert(sha1->get_hash(sha1, spki, digest));
	ck_assert(chunk_equals(fp, chunk_from_thing(digest)));
	ck_assert(key->has_fingerprint(key, fp));
	ck_assert(!key->has_fingerprint(key, chunk_from_thing(digest[1])));
	ck_assert(!pub->get_fingerprint(pub, KEYID_MAX, &fp));
	sha1->destroy(sha1);
	chunk_free(&spki);
	pub->destroy(pub);
	key->destroy(key);
	cert->destroy(cert);
}
END_TEST

static const struct {
	const char *key;
	signature_scheme_t scheme;
	rsa_pss_params_t pss;
} schemes[] = {
	{ "rsa.key", SIGN_RSA_EMSA_PKCS1_SHA1 },
	{ "rsa.key", SIGN_RSA_EMSA_PKCS1_SHA2_224 },
	{ "rsa.key", SIGN_RSA_EMSA_PKCS1_SHA2_256 },
	{ "rsa.key", SIGN_RSA_EMSA_PKCS1_SHA2_384 },
	{ "rsa.key", SIGN_RSA_EMSA_PKCS1_SHA2_512 },
	{ "rsa.key", SIGN_RSA_EMSA_PSS, { HASH_SHA256, HASH_SHA256, RSA_PSS_SALT_LEN_DEFAULT } },
	{ "rsa3072.key", SIGN_RSA_EMSA_PSS, { HASH_SHA384, HASH_SHA384, 48 } },
	{ "rsa.key", SIGN_RSA_EMSA_PSS, { HASH_SHA512, HASH_SHA256, 0 } },
	{ "ec.key", SIGN_ECDSA_WITH_SHA1_DER },
	{ "ec.key", SIGN_ECDSA_WITH_SHA256_DER },
	{ "ec.key", SIGN_ECDSA_WITH_SHA384_DER },
	{ "ec.key", SIGN_ECDSA_WITH_SHA512_DER },
	{ "ec.key", SIGN_ECDSA_256 },
	{ "ec384.key", SIGN_ECDSA_384 },
	{ "ec384.key", SIGN_ECDSA_WITH_SHA384_DER },
	{ "ed25519.key", SIGN_ED25519 },
	{ "ed448.key", SIGN_ED448 },
};

START_TEST(test_sign_verify)
{
	private_key_t *key = pki_key(schemes[_i].key, NULL);
	public_key_t *pub = key->get_public_key(key);
	const void *params = schemes[_i].scheme == SIGN_RSA_EMSA_PSS ?
			     &schemes[_i].pss : NULL;
	chunk_t sig, tampered;

	ck_assert(key->sign(key, schemes[_i].scheme, params, data, &sig));
	ck_assert(pub->verify(pub, schemes[_i].scheme, params, data, sig));
	if (schemes[_i].scheme == SIGN_ECDSA_256) {
		ck_assert_int_eq(sig.len, 64);
	}
	if (schemes[_i].scheme == SIGN_ECDSA_384) {
		ck_assert_int_eq(sig.len, 96);
	}
	/* another message, a flipped bit, a truncation: all refused */
	ck_assert(!pub->verify(pub, schemes[_i].scheme, params,
			       chunk_from_str("other data"), sig));
	tampered = chunk_clone(sig);
	tampered.ptr[tampered.len / 2] ^= 0x01;
	ck_assert(!pub->verify(pub, schemes[_i].scheme, params, data, tampered));
	tampered.len--;
	ck_assert(!pub->verify(pub, schemes[_i].scheme, params, data, tampered));
	chunk_free(&tampered);
	ck_assert(!pub->verify(pub, schemes[_i].scheme, params, data, chunk_empty));
	chunk_free(&sig);
	pub->destroy(pub);
	key->destroy(key);
}
END_TEST

START_TEST(test_wrong_scheme)
{
	private_key_t *rsa = pki_key("rsa.key", NULL), *ec = pki_key("ec.key", NULL);
	public_key_t *pub = rsa->get_public_key(rsa);
	chunk_t sig;

	ck_assert(!rsa->sign(rsa, SIGN_ED25519, NULL, data, &sig));
	ck_assert(!rsa->sign(rsa, SIGN_ECDSA_WITH_SHA256_DER, NULL, data, &sig));
	ck_assert(!ec->sign(ec, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, data, &sig));
	/* raw ECDSA schemes are tied to their curve */
	ck_assert(!ec->sign(ec, SIGN_ECDSA_384, NULL, data, &sig));
	ck_assert(!rsa->sign(rsa, SIGN_UNKNOWN, NULL, data, &sig));
	/* a PKCS#1 signature does not pass as PSS, nor SHA-256 as SHA-384 */
	ck_assert(rsa->sign(rsa, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, data, &sig));
	ck_assert(!pub->verify(pub, SIGN_RSA_EMSA_PSS, NULL, data, sig));
	ck_assert(!pub->verify(pub, SIGN_RSA_EMSA_PKCS1_SHA2_384, NULL, data, sig));
	ck_assert(!pub->verify(pub, SIGN_ECDSA_WITH_SHA256_DER, NULL, data, sig));
	chunk_free(&sig);
	pub->destroy(pub);
	rsa->destroy(rsa);
	ec->destroy(ec);
}
END_TEST

START_TEST(test_pss_salt)
{
	private_key_t *key = pki_key("rsa.key", NULL);
	public_key_t *pub = key->get_public_key(key);
	rsa_pss_params_t p20 = { HASH_SHA256, HASH_SHA256, 20 };
	rsa_pss_params_t p32 = { HASH_SHA256, HASH_SHA256, 32 };
	rsa_pss_params_t any = { HASH_SHA256, HASH_SHA256, RSA_PSS_SALT_LEN_MAX };
	chunk_t sig;

	ck_assert(key->sign(key, SIGN_RSA_EMSA_PSS, &p20, data, &sig));
	ck_assert(pub->verify(pub, SIGN_RSA_EMSA_PSS, &p20, data, sig));
	ck_assert(pub->verify(pub, SIGN_RSA_EMSA_PSS, &any, data, sig));
	ck_assert(pub->verify(pub, SIGN_RSA_EMSA_PSS, NULL, data, sig));
	ck_assert(!pub->verify(pub, SIGN_RSA_EMSA_PSS, &p32, data, sig));
	chunk_free(&sig);
	pub->destroy(pub);
	key->destroy(key);
}
END_TEST

static const struct {
	const char *pub;
	const char *sig;
	signature_scheme_t scheme;
	rsa_pss_params_t pss;
} cli_sigs[] = {
	{ "rsa.pub.der", "rsa.sha256.sig", SIGN_RSA_EMSA_PKCS1_SHA2_256 },
	{ "rsa.pub.der", "rsa.pss384.sig", SIGN_RSA_EMSA_PSS, { HASH_SHA384, HASH_SHA384, 48 } },
	{ "ec.pub.der", "ec.sha256.sig", SIGN_ECDSA_WITH_SHA256_DER },
	{ "ed25519.pub.der", "ed25519.sig", SIGN_ED25519 },
	{ "ed448.pub.der", "ed448.sig", SIGN_ED448 },
};

START_TEST(test_openssl_cli_signatures)
{
	chunk_t der = pki_read(cli_sigs[_i].pub), sig = pki_read(cli_sigs[_i].sig);
	public_key_t *pub = lib->creds->create_public_key(lib->creds, KEY_ANY, der);
	const void *params = cli_sigs[_i].scheme == SIGN_RSA_EMSA_PSS ?
			     &cli_sigs[_i].pss : NULL;

	ck_assert(pub);
	ck_assert(pub->verify(pub, cli_sigs[_i].scheme, params, data, sig));
	sig.ptr[sig.len - 1] ^= 0x80;
	ck_assert(!pub->verify(pub, cli_sigs[_i].scheme, params, data, sig));
	pub->destroy(pub);
	chunk_free(&der);
	chunk_free(&sig);
}
END_TEST

START_TEST(test_pkcs12)
{
	credential_manager_t *creds = credential_manager_create();
	identification_t *id = identification_create_from_string("moon.example.com");
	certificate_t *cert;
	private_key_t *key;

	ck_assert(!cred_loader_load_pkcs12(creds, "p12", pki_path("rsa.p12"),
					   chunk_from_str("wrong")));
	ck_assert(cred_loader_load_pkcs12(creds, "p12", pki_path("rsa.p12"),
					  chunk_from_str("p12 secret")));
	cert = creds->get_cert(creds, CERT_X509, KEY_RSA, id, false);
	ck_assert(cert);
	key = creds->get_private_key(creds, KEY_ANY, id);
	ck_assert(key);
	ck_assert_int_eq(key->get_keysize(key), 2048);
	/* the CA in the container became a trust anchor */
	ck_assert(creds->verify_chain(creds, cert, NULL, CERT_POLICY_DEFAULT, NULL, NULL));
	key->destroy(key);
	cert->destroy(cert);
	creds->flush(creds, "p12");
	ck_assert(!creds->get_private_key(creds, KEY_ANY, id));
	id->destroy(id);
	creds->destroy(creds);
}
END_TEST

START_TEST(test_factory_registry)
{
	enumerator_t *enumerator;
	const char *name;
	int subtype, n = 0;

	ck_assert(lib->creds->supports(lib->creds, CRED_PRIVATE_KEY, KEY_ED448));
	ck_assert(lib->creds->supports(lib->creds, CRED_CERTIFICATE, CERT_X509_CRL));
	ck_assert(lib->creds->supports(lib->creds, CRED_CONTAINER, 0));
	enumerator = lib->creds->create_enumerator(lib->creds, CRED_CERTIFICATE);
	while (enumerator->enumerate(enumerator, &subtype, &name)) {
		ck_assert(streq(name, "openssl") || streq(name, "pem"));
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 3);
	ck_assert(lib->plugins->has_feature(lib->plugins,
				FEATURE_ID_NAME(FEATURE_CUSTOM, "x509")));
	/* unloading takes the decoders away */
	lib->plugins->unload(lib->plugins);
	ck_assert(!lib->creds->supports(lib->creds, CRED_PRIVATE_KEY, KEY_RSA));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("cred_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_load_formats, 0, countof(key_files));
	tcase_add_test(tc, test_encrypted_wrong_pass);
	tcase_add_test(tc, test_passphrase_candidates);
	tcase_add_test(tc, test_type_mismatch);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_public_key_pem);
	tcase_add_test(tc, test_fingerprints);
	tcase_add_loop_test(tc, test_sign_verify, 0, countof(schemes));
	tcase_add_test(tc, test_wrong_scheme);
	tcase_add_test(tc, test_pss_salt);
	tcase_add_loop_test(tc, test_openssl_cli_signatures, 0, countof(cli_sigs));
	tcase_add_test(tc, test_pkcs12);
	tcase_add_test(tc, test_factory_registry);
	suite_add_tcase(s, tc);
	return s;
}
