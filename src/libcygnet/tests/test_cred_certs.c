/*
 * X.509 certificates and CRLs (openssl plugin) and what the credential
 * manager builds on them: look-ups, trust chains (good, untrusted CA,
 * expired, wrong keyUsage, pathlen, revoked by a CRL file), revocation
 * policies and checkers, and loading ipsec.d/ from disk.
 */
#include <sys/stat.h>

#include "test_runner.h"
#include "cred_test_util.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"

static credential_manager_t *creds;

static void setup(void)
{
	plugins_load("random nonce openssl pem x509");
	creds = credential_manager_create();
}

static void teardown(void)
{
	creds->destroy(creds);
	library_deinit();
}

static void trust(const char *name)
{
	creds->add_cert(creds, "test", pki_cert(name), true);
}

static void store(const char *name)
{
	creds->add_cert(creds, "test", pki_cert(name), false);
}

static bool verify(const char *name, cert_policy_t policy)
{
	certificate_t *cert = pki_cert(name);
	bool ok;

	ok = creds->verify_chain(creds, cert, NULL, policy, NULL, NULL);
	cert->destroy(cert);
	return ok;
}

static id_match_t subject_match(certificate_t *cert, const char *id_str)
{
	identification_t *id = identification_create_from_string(id_str);
	id_match_t match = cert->has_subject(cert, id);

	id->destroy(id);
	return match;
}

START_TEST(test_parse_x509)
{
	certificate_t *cert = pki_cert("rsa.crt"), *der = pki_cert("rsa.crt.der");
	x509_t *x509 = (x509_t *)cert;
	enumerator_t *enumerator;
	identification_t *san;
	public_key_t *key;
	const char *uri;
	time_t nb, na, now = time(NULL);
	uint32_t usage;
	int n = 0;

	ck_assert(cert->equals(cert, der));
	ck_assert_int_eq(cert->get_type(cert), CERT_X509);
	ck_assert_str_eq(cert->get_subject(cert)->to_string(cert->get_subject(cert)),
			 "C=CH, O=Cygnet Test, CN=moon.example.com");
	ck_assert_str_eq(cert->get_issuer(cert)->to_string(cert->get_issuer(cert)),
			 "C=CH, O=Cygnet Test, CN=Cygnet Root CA");
	ck_assert(cert->get_validity(cert, NULL, &nb, &na));
	ck_assert(nb <= now && na > now + 300 * 86400);
	ck_assert(!cert->get_validity(cert, &(time_t){ na + 1 }, NULL, NULL));
	key = cert->get_public_key(cert);
	ck_assert_int_eq(key->get_type(key), KEY_RSA);
	key->destroy(key);

	ck_assert_int_eq(x509->get_flags(x509) & (X509_CA | X509_SELF_SIGNED), 0);
	ck_assert(x509->get_flags(x509) & X509_SERVER_AUTH);
	ck_assert(x509->get_flags(x509) & X509_CLIENT_AUTH);
	ck_assert(x509->get_key_usage(x509, &usage));
	ck_assert_int_eq(usage, X509_KU_DIGITAL_SIGNATURE);
	ck_assert_int_eq(x509->get_pathlen(x509), X509_NO_CONSTRAINT);
	ck_assert_int_eq(x509->get_subject_key_id(x509).len, 20);
	ck_assert_int_eq(x509->get_authority_key_id(x509).len, 20);
	ck_assert_int_gt(x509->get_serial(x509).len, 0);

	enumerator = x509->create_subject_alt_name_enumerator(x509);
	while (enumerator->enumerate(enumerator, &san)) {
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 3);
	enumerator = x509->create_crl_uri_enumerator(x509);
	ck_assert(enumerator->enumerate(enumerator, &uri));
	ck_assert_str_eq(uri, "http://crl.example.com/ca.crl");
	enumerator->destroy(enumerator);
	enumerator = x509->create_ocsp_uri_enumerator(x509);
	ck_assert(!enumerator->enumerate(enumerator, &uri));
	enumerator->destroy(enumerator);
	der->destroy(der);
	cert->destroy(cert);
}
END_TEST

START_TEST(test_parse_ca)
{
	certificate_t *ca = pki_cert("ca.crt"), *im = pki_cert("im.crt");
	x509_t *x509 = (x509_t *)ca;
	uint32_t usage;

	ck_assert(x509->get_flags(x509) & X509_CA);
	ck_assert(x509->get_flags(x509) & X509_SELF_SIGNED);
	ck_assert(x509->get_key_usage(x509, &usage));
	ck_assert_int_eq(usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
	x509 = (x509_t *)im;
	ck_assert(x509->get_flags(x509) & X509_CA);
	ck_assert(!(x509->get_flags(x509) & X509_SELF_SIGNED));
	ck_assert_int_eq(x509->get_pathlen(x509), 0);
	ck_assert(ca->issued_by(ca, ca, NULL));
	ck_assert(im->issued_by(im, ca, NULL));
	ck_assert(!ca->issued_by(ca, im, NULL));
	im->destroy(im);
	ca->destroy(ca);
}
END_TEST

START_TEST(test_has_subject)
{
	certificate_t *cert = pki_cert("rsa.crt");
	x509_t *x509 = (x509_t *)cert;
	identification_t *id;
	public_key_t *key;
	chunk_t fp;

	ck_assert_int_eq(subject_match(cert, "C=CH, O=Cygnet Test, CN=moon.example.com"),
			 ID_MATCH_PERFECT);
	ck_assert_int_eq(subject_match(cert, "moon.example.com"), ID_MATCH_PERFECT);
	ck_assert_int_eq(subject_match(cert, "@moon.example.com"), ID_MATCH_PERFECT);
	ck_assert_int_eq(subject_match(cert, "moon@example.com"), ID_MATCH_PERFECT);
	ck_assert_int_eq(subject_match(cert, "192.0.2.1"), ID_MATCH_PERFECT);
	ck_assert_int_gt(subject_match(cert, "*.example.com"), ID_MATCH_ANY);
	ck_assert_int_lt(subject_match(cert, "*.example.com"), ID_MATCH_PERFECT);
	ck_assert_int_eq(subject_match(cert, "%any"), ID_MATCH_ANY);
	ck_assert_int_eq(subject_match(cert, "sun.example.com"), ID_MATCH_NONE);
	ck_assert_int_eq(subject_match(cert, "192.0.2.2"), ID_MATCH_NONE);
	ck_assert_int_eq(subject_match(cert, "C=CH, O=Cygnet Test, CN=sun.example.com"),
			 ID_MATCH_NONE);
	/* key identifiers: both fingerprints and the subjectKeyIdentifier */
	key = cert->get_public_key(cert);
	ck_assert(key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp));
	id = identification_create_from_encoding(ID_KEY_ID, fp);
	ck_assert_int_eq(cert->has_subject(cert, id), ID_MATCH_PERFECT);
	id->destroy(id);
	id = identification_create_from_encoding(ID_KEY_ID, x509->get_subject_key_id(x509));
	ck_assert_int_eq(cert->has_subject(cert, id), ID_MATCH_PERFECT);
	id->destroy(id);
	id = identification_create_from_encoding(ID_KEY_ID, x509->get_authority_key_id(x509));
	ck_assert_int_eq(cert->has_subject(cert, id), ID_MATCH_NONE);
	ck_assert_int_eq(cert->has_issuer(cert, id), ID_MATCH_PERFECT);
	id->destroy(id);
	key->destroy(key);
	cert->destroy(cert);
}
END_TEST

START_TEST(test_parse_crl)
{
	certificate_t *cert = pki_cert("crl.pem"), *der = pki_cert("crl.der");
	certificate_t *revoked = pki_cert("revoked.crt"), *good = pki_cert("rsa.crt");
	certificate_t *ca = pki_cert("ca.crt"), *im = pki_cert("im.crt");
	crl_t *crl = (crl_t *)cert;
	enumerator_t *enumerator;
	crl_reason_t reason;
	chunk_t serial;
	time_t date, this_update, next_update;

	ck_assert(cert->equals(cert, der));
	ck_assert_int_eq(cert->get_type(cert), CERT_X509_CRL);
	ck_assert_str_eq(cert->get_issuer(cert)->to_string(cert->get_issuer(cert)),
			 "C=CH, O=Cygnet Test, CN=Cygnet Root CA");
	ck_assert(cert->get_validity(cert, NULL, &this_update, &next_update));
	ck_assert_int_eq(next_update - this_update, 30 * 86400);
	ck_assert(!cert->get_public_key(cert));
	ck_assert(cert->issued_by(cert, ca, NULL));
	ck_assert(!cert->issued_by(cert, im, NULL));
	ck_assert_int_eq(crl->get_authority_key_id(crl).len, 20);
	ck_assert(crl->get_number(crl).len > 0);

	ck_assert(crl->is_revoked(crl, ((x509_t *)revoked)->get_serial((x509_t *)revoked),
				  &date, &reason));
	ck_assert_int_eq(reason, CRL_REVOKE_KEY_COMPROMISE);
	ck_assert_str_eq(crl_reason_name(reason), "key compromise");
	ck_assert(!crl->is_revoked(crl, ((x509_t *)good)->get_serial((x509_t *)good),
				   NULL, NULL));
	enumerator = crl->create_enumerator(crl);
	ck_assert(enumerator->enumerate(enumerator, &serial, &date, &reason));
	ck_assert(chunk_equals(serial, ((x509_t *)revoked)->get_serial((x509_t *)revoked)));
	ck_assert(!enumerator->enumerate(enumerator, &serial, &date, &reason));
	enumerator->destroy(enumerator);
	/* a CRL is no certificate and vice versa */
	ck_assert(!cred_loader_load_cert(pki_path("crl.pem"), CERT_X509));
	ck_assert(!cred_loader_load_cert(pki_path("rsa.crt"), CERT_X509_CRL));
	im->destroy(im);
	ca->destroy(ca);
	good->destroy(good);
	revoked->destroy(revoked);
	der->destroy(der);
	cert->destroy(cert);
}
END_TEST

START_TEST(test_chain_good)
{
	certificate_t *cert = pki_cert("ec.crt"), *im = pki_cert("im.crt");
	linked_list_t *intermediates = linked_list_create(), *path = linked_list_create();
	certificate_t *anchor = NULL, *item;

	trust("ca.crt");
	ck_assert(verify("rsa.crt", CERT_POLICY_DEFAULT));
	ck_assert(verify("ed25519.crt", CERT_POLICY_DEFAULT));
	ck_assert(verify("ed448.crt", CERT_POLICY_DEFAULT));
	ck_assert(verify("ec384.crt", CERT_POLICY_DEFAULT));
	/* without the intermediate there is no path */
	ck_assert(!creds->verify_chain(creds, cert, NULL, CERT_POLICY_DEFAULT, NULL, NULL));
	/* with it from the peer, there is */
	intermediates->insert_last(intermediates, im);
	ck_assert(creds->verify_chain(creds, cert, intermediates, CERT_POLICY_DEFAULT,
				      &anchor, path));
	ck_assert(anchor);
	ck_assert_str_eq(anchor->get_subject(anchor)->to_string(anchor->get_subject(anchor)),
			 "C=CH, O=Cygnet Test, CN=Cygnet Root CA");
	anchor->destroy(anchor);
	ck_assert_int_eq(path->get_count(path), 3);
	path->get_first(path, (void **)&item);
	ck_assert(item->equals(item, cert));
	path->destroy_offset(path, DESTROY_OFFSET(certificate_t));
	intermediates->destroy_offset(intermediates, DESTROY_OFFSET(certificate_t));
	/* or from the store */
	store("im.crt");
	ck_assert(creds->verify_chain(creds, cert, NULL, CERT_POLICY_DEFAULT, NULL, NULL));
	cert->destroy(cert);
	/* a trust anchor verifies as itself */
	ck_assert(verify("ca.crt", CERT_POLICY_STRICT));
}
END_TEST

START_TEST(test_chain_untrusted)
{
	certificate_t *evil = pki_cert("evil.crt"), *evilca = pki_cert("evilca.crt");
	linked_list_t *intermediates = linked_list_create();

	trust("ca.crt");
	/* same CA name, different key: the signature does not verify */
	ck_assert(!verify("evil.crt", CERT_POLICY_DEFAULT));
	/* the peer sending its own root does not make it trusted */
	intermediates->insert_last(intermediates, evilca);
	ck_assert(!creds->verify_chain(creds, evil, intermediates, CERT_POLICY_DEFAULT,
				       NULL, NULL));
	intermediates->destroy_offset(intermediates, DESTROY_OFFSET(certificate_t));
	evil->destroy(evil);
	/* nothing trusted at all */
	creds->flush(creds, NULL);
	ck_assert(!verify("rsa.crt", CERT_POLICY_DEFAULT));
	/* an untrusted copy of the CA is no anchor */
	store("ca.crt");
	ck_assert(!verify("rsa.crt", CERT_POLICY_DEFAULT));
}
END_TEST

START_TEST(test_chain_constraints)
{
	trust("ca.crt");
	store("im.crt");
	store("im2.crt");
	ck_assert(!verify("expired.crt", CERT_POLICY_DEFAULT));
	ck_assert(!verify("badku.crt", CERT_POLICY_DEFAULT));
	/* im has pathlen 0, so nothing below im2 is valid */
	ck_assert(!verify("deep.crt", CERT_POLICY_DEFAULT));
	/* an end entity is no issuer */
	ck_assert(verify("ec.crt", CERT_POLICY_DEFAULT));
}
END_TEST

START_TEST(test_chain_revoked_crl)
{
	trust("ca.crt");
	ck_assert(verify("revoked.crt", CERT_POLICY_DEFAULT));
	creds->add_cert(creds, "crls", pki_cert("crl.pem"), false);
	ck_assert(!verify("revoked.crt", CERT_POLICY_NO));
	ck_assert(verify("rsa.crt", CERT_POLICY_STRICT));
	/* flushing the CRL's source forgets the revocation */
	creds->flush(creds, "crls");
	ck_assert(verify("revoked.crt", CERT_POLICY_DEFAULT));
}
END_TEST

START_TEST(test_chain_policy)
{
	trust("ca.crt");
	store("im.crt");
	/* rsa.crt names a CRL URI, ec.crt none; no CRLs are loaded */
	ck_assert(verify("rsa.crt", CERT_POLICY_NO));
	ck_assert(!verify("rsa.crt", CERT_POLICY_IFURI));
	ck_assert(!verify("rsa.crt", CERT_POLICY_STRICT));
	creds->set_policy(creds, CERT_POLICY_STRICT);
	ck_assert(!verify("rsa.crt", CERT_POLICY_DEFAULT));
	creds->set_policy(creds, CERT_POLICY_DEFAULT);
	ck_assert(verify("rsa.crt", CERT_POLICY_DEFAULT));
	/* a CRL from ca answers for rsa.crt (and for im); none answers for
	 * ec.crt, whose issuer im published no CRL at its URI */
	creds->add_cert(creds, "crls", pki_cert("crl.der"), false);
	ck_assert(verify("rsa.crt", CERT_POLICY_STRICT));
	ck_assert(verify("ec.crt", CERT_POLICY_NO));
	ck_assert(!verify("ec.crt", CERT_POLICY_IFURI));
	ck_assert(!verify("ec.crt", CERT_POLICY_STRICT));
}
END_TEST

typedef struct {
	cert_validation_t answer;
	int calls;
} checker_t;

static cert_validation_t check(void *data, certificate_t *subject,
			       certificate_t *issuer)
{
	checker_t *checker = data;

	ck_assert(subject && issuer);
	checker->calls++;
	return checker->answer;
}

START_TEST(test_revocation_checker)
{
	checker_t checker = { .answer = VALIDATION_REVOKED };

	trust("ca.crt");
	creds->add_revocation_checker(creds, check, &checker);
	ck_assert(!verify("rsa.crt", CERT_POLICY_NO));
	ck_assert_int_eq(checker.calls, 1);
	checker.answer = VALIDATION_GOOD;
	ck_assert(verify("rsa.crt", CERT_POLICY_STRICT));
	checker.answer = VALIDATION_FAILED;
	ck_assert(!verify("rsa.crt", CERT_POLICY_STRICT));
	ck_assert(verify("rsa.crt", CERT_POLICY_NO));
	/* a GOOD CRL answers first: the checker is not asked */
	checker.calls = 0;
	creds->add_cert(creds, "crls", pki_cert("crl.pem"), false);
	ck_assert(verify("rsa.crt", CERT_POLICY_STRICT));
	ck_assert_int_eq(checker.calls, 0);
	creds->remove_revocation_checker(creds, check, &checker);
	creds->flush(creds, "crls");
	checker.answer = VALIDATION_REVOKED;
	ck_assert(verify("rsa.crt", CERT_POLICY_NO));
}
END_TEST

START_TEST(test_store_lookup)
{
	identification_t *id;
	enumerator_t *enumerator;
	certificate_t *cert;
	private_key_t *key;
	int n = 0;

	trust("ca.crt");
	store("rsa.crt");
	store("rsa.crt");	/* duplicates are dropped */
	store("ec.crt");
	store("ed25519.crt");
	creds->add_cert(creds, "crls", pki_cert("crl.pem"), false);
	creds->add_cert(creds, "crls", pki_cert("crl.der"), false);
	creds->add_private_key(creds, "keys", pki_key("rsa.key", NULL));
	creds->add_private_key(creds, "keys", pki_key("ed25519.key", NULL));

	enumerator = creds->create_cert_enumerator(creds, CERT_ANY, KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 5);
	n = 0;
	enumerator = creds->create_cert_enumerator(creds, CERT_X509, KEY_ANY, NULL, true);
	while (enumerator->enumerate(enumerator, &cert)) {
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 1);

	id = identification_create_from_string("*.example.com");
	cert = creds->get_cert(creds, CERT_X509, KEY_ECDSA, id, false);
	ck_assert(cert);
	ck_assert_int_eq(subject_match(cert, "sun.example.com"), ID_MATCH_PERFECT);
	cert->destroy(cert);
	id->destroy(id);

	id = identification_create_from_string("moon@example.com");
	key = creds->get_private_key(creds, KEY_ANY, id);
	ck_assert(key);
	ck_assert_int_eq(key->get_type(key), KEY_RSA);
	key->destroy(key);
	ck_assert(!creds->get_private_key(creds, KEY_ECDSA, id));
	id->destroy(id);
	/* ec.crt has no private key loaded */
	id = identification_create_from_string("sun.example.com");
	ck_assert(!creds->get_private_key(creds, KEY_ANY, id));
	id->destroy(id);

	creds->flush(creds, "keys");
	id = identification_create_from_string("moon.example.com");
	ck_assert(!creds->get_private_key(creds, KEY_ANY, id));
	id->destroy(id);
}
END_TEST

START_TEST(test_crl_replacement)
{
	enumerator_t *enumerator;
	certificate_t *cert;
	char cmd[2048];
	int n = 0;

	/* a newer CRL (higher cRLNumber) replaces the older one */
	snprintf(cmd, sizeof(cmd), "cd '%s/ca.db' && SAN=DNS:x openssl ca -config ../ca.cnf "
		 "-keyfile ../ca.key -cert ../ca.crt -gencrl -crlexts crl_ext "
		 "-out ../crl2.pem 2>/dev/null", pki_dir);
	ck_assert(system(cmd) == 0);
	creds->add_cert(creds, "crls", pki_cert("crl2.pem"), false);
	creds->add_cert(creds, "crls", pki_cert("crl.pem"), false);
	enumerator = creds->create_cert_enumerator(creds, CERT_X509_CRL, KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		crl_t *crl = (crl_t *)cert;

		ck_assert(chunk_equals(crl->get_number(crl), chunk_from_chars(0x02)));
		n++;
	}
	enumerator->destroy(enumerator);
	ck_assert_int_eq(n, 1);
}
END_TEST

/* an IPSEC_CONFDIR with the usual ipsec.d layout */
static char confdir[300];

static void copy(const char *name, const char *subdir)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "cp '%s/%s' '%s/ipsec.d/%s/'", pki_dir, name,
		 confdir, subdir);
	ck_assert(system(cmd) == 0);
}

START_TEST(test_loader)
{
	char cmd[2048];
	certificate_t *cert;

	snprintf(confdir, sizeof(confdir), "%s/conf", pki_dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/ipsec.d/cacerts' "
		 "'%s/ipsec.d/certs' '%s/ipsec.d/crls' '%s/ipsec.d/private'",
		 confdir, confdir, confdir, confdir, confdir);
	ck_assert(system(cmd) == 0);
	setenv("IPSEC_CONFDIR", confdir, 1);
	copy("ca.crt", "cacerts");
	copy("im.crt.der", "cacerts");
	copy("rsa.crt", "cacerts");		/* no CA: discarded */
	copy("rsa.crt", "certs");
	copy("crl.pem", "crls");
	copy("ec.sec1.pem", "private");

	/* ipsec.d/certs is not read as a whole, only named files */
	ck_assert_int_eq(cred_loader_load_certs(creds), 2);
	ck_assert_int_eq(cred_loader_load_crls(creds), 1);
	ck_assert(verify("ec.crt", CERT_POLICY_NO));
	ck_assert(!verify("revoked.crt", CERT_POLICY_NO));
	/* relative names resolve under ipsec.d */
	cert = cred_loader_load_cert("rsa.crt", CERT_X509);
	ck_assert(cert);
	cert->destroy(cert);
	{
		private_key_t *key = cred_loader_load_private_key("ec.sec1.pem",
							KEY_ECDSA, chunk_empty);
		ck_assert(key);
		key->destroy(key);
	}
	/* rereading after removing a file forgets it */
	snprintf(cmd, sizeof(cmd), "rm '%s/ipsec.d/crls/crl.pem' '%s/ipsec.d/cacerts/im.crt.der'",
		 confdir, confdir);
	ck_assert(system(cmd) == 0);
	ck_assert_int_eq(cred_loader_load_crls(creds), 0);
	ck_assert(verify("revoked.crt", CERT_POLICY_NO));
	ck_assert_int_eq(cred_loader_load_cacerts(creds), 1);
	ck_assert(!verify("ec.crt", CERT_POLICY_NO));
	/* a missing directory is no error */
	setenv("IPSEC_CONFDIR", "/nonexistent", 1);
	ck_assert_int_eq(cred_loader_load_certs(creds), 0);
	ck_assert(!verify("rsa.crt", CERT_POLICY_NO));
	unsetenv("IPSEC_CONFDIR");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("cred_certs");
	TCase *tc = tcase_create("certs");

	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_parse_x509);
	tcase_add_test(tc, test_parse_ca);
	tcase_add_test(tc, test_has_subject);
	tcase_add_test(tc, test_parse_crl);
	tcase_add_test(tc, test_chain_good);
	tcase_add_test(tc, test_chain_untrusted);
	tcase_add_test(tc, test_chain_constraints);
	tcase_add_test(tc, test_chain_revoked_crl);
	tcase_add_test(tc, test_chain_policy);
	tcase_add_test(tc, test_revocation_checker);
	tcase_add_test(tc, test_store_lookup);
	tcase_add_test(tc, test_crl_replacement);
	tcase_add_test(tc, test_loader);
	suite_add_tcase(s, tc);
	return s;
}
