/*
 * Raw public keys: the CERT_TRUSTED_PUBKEY certificate object, the DNSKEY
 * and OpenSSH decoders, and leftsigkey= values (files, 0s, 0x, OpenSSH,
 * bad values), with the openssl backend and with gmp for RSA.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>

#include "test_runner.h"
#include "cred_test_util.h"
#include "credentials/certificates/pubkey_cert.h"
#include "credentials/keys/pubkey_formats.h"
#include "credentials/keys/pubkey_value.h"
#include "credentials/keys/key_encoding.h"
#include "asn1/asn1.h"

static void setup(void)
{
	plugins_load("random nonce openssl pem x509");
}


static void teardown(void)
{
	unsetenv("IPSEC_CONFDIR");
	library_deinit();
}

static public_key_t *pki_pub(const char *name)
{
	chunk_t der = pki_read(name);
	public_key_t *key = lib->creds->create_public_key(lib->creds, KEY_ANY, der);

	chunk_free(&der);
	ck_assert_msg(key, "decoding %s", name);
	return key;
}

static id_match_t match(certificate_t *cert, const char *id_str)
{
	identification_t *id = identification_create_from_string(id_str);
	id_match_t m = cert->has_subject(cert, id);

	id->destroy(id);
	return m;
}

static id_match_t match_fp(certificate_t *cert, public_key_t *key, key_fingerprint_t type)
{
	identification_t *id;
	id_match_t m;
	chunk_t fp;

	ck_assert(key->get_fingerprint(key, type, &fp));
	id = identification_create_from_encoding(ID_KEY_ID, fp);
	m = cert->has_subject(cert, id);
	id->destroy(id);
	return m;
}

START_TEST(test_cert_object)
{
	public_key_t *key = pki_pub("ec.pub.der"), *other = pki_pub("rsa.pub.der"), *got;
	identification_t *id = identification_create_from_string("sun.example.com");
	certificate_t *cert, *same, *diff, *x509;
	chunk_t enc, spki;
	time_t nb, na;

	cert = pubkey_cert_create(key, id);
	ck_assert_ptr_nonnull(cert);
	ck_assert_int_eq(cert->get_type(cert), CERT_TRUSTED_PUBKEY);
	ck_assert_str_eq(cert->get_subject(cert)->to_string(cert->get_subject(cert)),
			 "sun.example.com");
	ck_assert_int_eq(match(cert, "sun.example.com"), ID_MATCH_PERFECT);
	ck_assert_int_eq(match(cert, "*.example.com"), ID_MATCH_PERFECT - 1);
	ck_assert_int_eq(match(cert, "%any"), ID_MATCH_ANY);
	ck_assert_int_eq(match(cert, "moon.example.com"), ID_MATCH_NONE);
	ck_assert_int_eq(match_fp(cert, key, KEYID_PUBKEY_INFO_SHA1), ID_MATCH_PERFECT);
	ck_assert_int_eq(match_fp(cert, key, KEYID_PUBKEY_SHA1), ID_MATCH_PERFECT);
	ck_assert_int_eq(match_fp(cert, other, KEYID_PUBKEY_INFO_SHA1), ID_MATCH_NONE);
	ck_assert_int_eq(cert->has_issuer(cert, id), ID_MATCH_NONE);
	ck_assert_ptr_nonnull(cert->get_issuer(cert));

	got = cert->get_public_key(cert);
	ck_assert(got == key);
	got->destroy(got);
	ck_assert(cert->get_encoding(cert, &enc));
	ck_assert(key->get_encoding(key, &spki));
	ck_assert(chunk_equals(enc, spki));
	chunk_free(&enc);
	chunk_free(&spki);
	ck_assert(cert->get_validity(cert, NULL, &nb, &na));
	ck_assert(nb == 0 && na > time(NULL) + 100 * 365 * 86400L);
	ck_assert(cert->get_validity(cert, &(time_t){ 4000000000 }, NULL, NULL));

	same = pubkey_cert_create(key, id);
	diff = pubkey_cert_create(other, id);
	x509 = pki_cert("ec.crt");
	ck_assert(cert->equals(cert, same));
	ck_assert(!cert->equals(cert, diff));
	ck_assert(!cert->equals(cert, x509));
	ck_assert(!cert->issued_by(cert, cert, NULL));
	ck_assert(!cert->issued_by(cert, x509, NULL));
	same->destroy(same);
	diff->destroy(diff);
	x509->destroy(x509);

	/* references: the certificate holds its own on the key */
	same = cert->get_ref(cert);
	cert->destroy(cert);
	ck_assert_int_eq(match(same, "sun.example.com"), ID_MATCH_PERFECT);
	same->destroy(same);
	ck_assert_ptr_null(pubkey_cert_create(NULL, id));
	id->destroy(id);
	other->destroy(other);
	key->destroy(key);
}
END_TEST

START_TEST(test_cert_keyid_subject)
{
	public_key_t *key = pki_pub("ed25519.pub.der");
	identification_t *any = identification_create_from_string("%any");
	certificate_t *a = pubkey_cert_create(key, NULL), *b = pubkey_cert_create(key, any);
	identification_t *subject;
	chunk_t fp;

	ck_assert_ptr_nonnull(a);
	subject = a->get_subject(a);
	ck_assert_int_eq(subject->get_type(subject), ID_KEY_ID);
	ck_assert(key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp));
	ck_assert(chunk_equals(subject->get_encoding(subject), fp));
	ck_assert(a->equals(a, b));
	ck_assert_int_eq(match_fp(a, key, KEYID_PUBKEY_SHA1), ID_MATCH_PERFECT);
	ck_assert_int_eq(match(a, "sun.example.com"), ID_MATCH_NONE);
	a->destroy(a);
	b->destroy(b);
	any->destroy(any);
	key->destroy(key);
}
END_TEST

/* The credential manager keeps raw keys and finds them by identity. */
START_TEST(test_cert_in_manager)
{
	credential_manager_t *creds = credential_manager_create();
	public_key_t *key = pki_pub("ec.pub.der");
	identification_t *id = identification_create_from_string("sun.example.com");
	certificate_t *found;
	enumerator_t *e;
	int n = 0;

	creds->add_cert(creds, "conn:a", pubkey_cert_create(key, id), true);
	creds->add_cert(creds, "conn:a", pubkey_cert_create(key, id), true);
	creds->add_cert(creds, "conn:b", pki_cert("rsa.crt"), false);
	e = creds->create_cert_enumerator(creds, CERT_TRUSTED_PUBKEY, KEY_ECDSA, id, true);
	while (e->enumerate(e, &found)) {
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_null(creds->get_cert(creds, CERT_TRUSTED_PUBKEY, KEY_RSA, id, true));
	ck_assert_ptr_null(creds->get_cert(creds, CERT_X509, KEY_ANY, id, false));
	creds->flush(creds, "conn:a");
	ck_assert_ptr_null(creds->get_cert(creds, CERT_TRUSTED_PUBKEY, KEY_ANY, id, false));
	id->destroy(id);
	key->destroy(key);
	creds->destroy(creds);
}
END_TEST

/* RFC 3110: exponent length, exponent, modulus. */
static chunk_t make_dnskey(public_key_t *rsa)
{
	chunk_t spki, bits, seq, n, e, out;

	ck_assert(rsa->get_encoding(rsa, &spki));
	ck_assert(key_spki_parse(spki, NULL, NULL, &bits));
	ck_assert(asn1_expect(&bits, ASN1_SEQUENCE, &seq));
	ck_assert(asn1_read_uint(&seq, &n));
	ck_assert(asn1_read_uint(&seq, &e));
	ck_assert(e.len < 256);
	out = chunk_cat(3, chunk_from_chars((uint8_t)e.len), e, n);
	chunk_free(&spki);
	return out;
}

static void ssh_put(chunk_t *buf, chunk_t data)
{
	uint8_t len[4] = { (uint8_t)(data.len >> 24), (uint8_t)(data.len >> 16),
			   (uint8_t)(data.len >> 8), (uint8_t)data.len };
	chunk_t old = *buf;

	*buf = chunk_cat(3, old, chunk_from_thing(len), data);
	chunk_free(&old);
}

/* "ssh-ed25519 AAAA… comment" for an Ed25519 SubjectPublicKeyInfo. */
static char *make_ssh_ed25519(public_key_t *key)
{
	chunk_t spki, raw, blob = chunk_empty;
	char *b64, *line;

	ck_assert(key->get_encoding(key, &spki));
	ck_assert(key_spki_parse(spki, NULL, NULL, &raw));
	ssh_put(&blob, chunk_from_str("ssh-ed25519"));
	ssh_put(&blob, raw);
	b64 = chunk_to_base64(blob);
	ck_assert(asprintf(&line, "ssh-ed25519 %s user@host", b64) > 0);
	free(b64);
	chunk_free(&blob);
	chunk_free(&spki);
	return line;
}

START_TEST(test_formats)
{
	public_key_t *rsa = pki_pub("rsa.pub.der"), *key;
	chunk_t dnskey = make_dnskey(rsa), der, blob = chunk_empty, longer;
	uint8_t small[1 + 1 + 63] = { 0x01, 0x03, 0xc5 };
	key_type_t type;

	ck_assert(pubkey_dnskey_to_der(dnskey, &der));
	key = lib->creds->create_public_key(lib->creds, KEY_RSA, der);
	ck_assert(key && key->equals(key, rsa));
	key->destroy(key);
	chunk_free(&der);
	/* three-octet exponent length form */
	longer = chunk_cat(2, chunk_from_chars(0x00, 0x00), dnskey);
	ck_assert(pubkey_dnskey_to_der(longer, &der));
	key = lib->creds->create_public_key(lib->creds, KEY_RSA, der);
	ck_assert(key && key->equals(key, rsa));
	key->destroy(key);
	chunk_free(&der);
	chunk_free(&longer);
	/* a 504 bit modulus is below RFC 3110's minimum */
	ck_assert(!pubkey_dnskey_to_der(chunk_from_thing(small), &der));
	/* truncated or empty parts */
	ck_assert(!pubkey_dnskey_to_der(chunk_empty, &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x03, 0x01, 0x00, 0x01), &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x00, 0x00), &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x00, 0x00, 0x00, 0x01), &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x01, 0x00, 0x05), &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x05, 0x01, 0x02), &der));
	ck_assert(!pubkey_dnskey_to_der(chunk_from_chars(0x01, 0x03, 0x00, 0x00), &der));
	ck_assert(!der.len);

	/* OpenSSH blobs: unknown type, trailing data, wrong lengths */
	ssh_put(&blob, chunk_from_str("ssh-dss"));
	ssh_put(&blob, chunk_from_chars(0x01));
	ck_assert(!pubkey_ssh_to_der(blob, &type, &der));
	chunk_free(&blob);
	ssh_put(&blob, chunk_from_str("ssh-ed25519"));
	ssh_put(&blob, chunk_from_chars(0x01, 0x02));
	ck_assert(!pubkey_ssh_to_der(blob, &type, &der));
	chunk_free(&blob);
	ssh_put(&blob, chunk_from_str("ssh-rsa"));
	ssh_put(&blob, chunk_from_chars(0x01, 0x00, 0x01));
	ck_assert(!pubkey_ssh_to_der(blob, &type, &der));
	ssh_put(&blob, chunk_from_chars(0x80, 0x01));	/* negative modulus */
	ck_assert(!pubkey_ssh_to_der(blob, &type, &der));
	chunk_free(&blob);
	ssh_put(&blob, chunk_from_str("ecdsa-sha2-nistp256"));
	ssh_put(&blob, chunk_from_str("nistp384"));
	ck_assert(!pubkey_ssh_to_der(blob, &type, &der));
	chunk_free(&blob);
	ck_assert(!pubkey_ssh_to_der(chunk_from_chars(0x00, 0x00, 0x01), &type, &der));
	ck_assert(!pubkey_ssh_line_to_der("ssh-ed25519", &type, &der));
	ck_assert(!pubkey_ssh_line_to_der("ssh-ed25519 !!!", &type, &der));
	ck_assert(!der.len);
	chunk_free(&dnskey);
	rsa->destroy(rsa);
}
END_TEST

/* Parse @p value expecting a key equal to @p expect (NULL: %cert). */
static void parse_ok(const char *value, key_type_t type, const char *expect)
{
	public_key_t *key = (public_key_t *)1, *want;
	char err[256] = "";

	ck_assert_msg(pubkey_value_parse(value, type, &key, err, sizeof(err)),
		      "'%s' refused: %s", value, err);
	if (!expect) {
		ck_assert_ptr_null(key);
		return;
	}
	want = pki_pub(expect);
	ck_assert_msg(key && key->equals(key, want), "'%s' is not %s", value, expect);
	key->destroy(key);
	want->destroy(want);
}

static void parse_bad(const char *value, key_type_t type, const char *why)
{
	public_key_t *key = (public_key_t *)1;
	char err[256] = "";

	ck_assert_msg(!pubkey_value_parse(value, type, &key, err, sizeof(err)),
		      "'%s' accepted", value);
	ck_assert_ptr_null(key);
	ck_assert_msg(strstr(err, why), "'%s': '%s' does not say '%s'", value, err, why);
}

static char *encoded(const char *prefix, chunk_t blob)
{
	bool b64 = prefix[strlen(prefix) - 1] == 's';
	char *enc = b64 ? chunk_to_base64(blob) : chunk_to_hex(blob, false);
	char *value;

	ck_assert(asprintf(&value, "%s%s", prefix, enc) > 0);
	free(enc);
	return value;
}

START_TEST(test_value_files)
{
	char conf[300], cmd[2048];
	FILE *f;

	parse_ok(NULL, KEY_ANY, NULL);
	parse_ok("", KEY_ANY, NULL);
	parse_ok("%cert", KEY_RSA, NULL);
	parse_ok(pki_path("ec.pub.pem"), KEY_ANY, "ec.pub.der");
	parse_ok(pki_path("rsa.pub.der"), KEY_RSA, "rsa.pub.der");
	parse_ok(pki_path("rsa.pkcs1pub.der"), KEY_ANY, "rsa.pub.der");
	parse_ok(pki_path("ed25519.pub.der"), KEY_ANY, "ed25519.pub.der");

	/* relative: under ipsec.d/certs */
	snprintf(conf, sizeof(conf), "%s/conf", pki_dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/ipsec.d/certs' && "
		 "cp '%s/ec.pub.pem' '%s/ipsec.d/certs/sun.pub'", conf, conf, pki_dir, conf);
	ck_assert(system(cmd) == 0);
	snprintf(cmd, sizeof(cmd), "openssl rsa -pubin -in '%s/rsa.pkcs1pub.der' -inform DER "
		 "-RSAPublicKey_out -out '%s/ipsec.d/certs/rsa1.pem' 2>/dev/null",
		 pki_dir, conf);
	ck_assert(system(cmd) == 0);
	setenv("IPSEC_CONFDIR", conf, 1);
	parse_ok("sun.pub", KEY_ANY, "ec.pub.der");
	parse_ok("rsa1.pem", KEY_RSA, "rsa.pub.der");
	parse_bad("missing.pub", KEY_ANY, "cannot read");

	/* an OpenSSH line in a file */
	snprintf(cmd, sizeof(cmd), "%s/ipsec.d/certs/ed.ssh", conf);
	f = fopen(cmd, "w");
	ck_assert(f);
	{
		public_key_t *ed = pki_pub("ed25519.pub.der");
		char *line = make_ssh_ed25519(ed);

		fprintf(f, "\n%s\n", line);
		free(line);
		ed->destroy(ed);
	}
	fclose(f);
	parse_ok("ed.ssh", KEY_ANY, "ed25519.pub.der");

	/* not a public key */
	parse_bad(pki_path("rsa.crt"), KEY_ANY, "no public key found");
	parse_bad(pki_path("data.txt"), KEY_ANY, "no public key found");
	parse_bad(pki_path("ec.key"), KEY_ANY, "no public key found");
	/* rsasigkey= wants RSA */
	parse_bad(pki_path("ec.pub.pem"), KEY_RSA, "an RSA key is required");
}
END_TEST

START_TEST(test_value_encoded)
{
	public_key_t *rsa = pki_pub("rsa.pub.der"), *ed = pki_pub("ed25519.pub.der");
	chunk_t spki, dnskey = make_dnskey(rsa), pkcs1 = pki_read("rsa.pkcs1pub.der");
	char *value, *line;

	ck_assert(ed->get_encoding(ed, &spki));
	value = encoded("0s", spki);
	parse_ok(value, KEY_ANY, "ed25519.pub.der");
	parse_bad(value, KEY_RSA, "an RSA key is required");
	free(value);
	value = encoded("0x", spki);
	parse_ok(value, KEY_ANY, "ed25519.pub.der");
	free(value);
	value = encoded("0s", dnskey);
	parse_ok(value, KEY_RSA, "rsa.pub.der");
	parse_ok(value, KEY_ANY, "rsa.pub.der");
	free(value);
	value = encoded("dns:0x", dnskey);
	parse_ok(value, KEY_RSA, "rsa.pub.der");
	free(value);
	parse_bad("dns:AQID", KEY_ANY, "0s or 0x expected after dns:");
	value = encoded("0x", pkcs1);
	parse_ok(value, KEY_RSA, "rsa.pub.der");
	free(value);

	line = make_ssh_ed25519(ed);
	parse_ok(line, KEY_ANY, "ed25519.pub.der");
	value = strchr(line, ' ') + 1;
	*strchr(value, ' ') = '\0';
	ck_assert(asprintf(&value, "ssh:0s%s", value) > 0);
	parse_ok(value, KEY_ANY, "ed25519.pub.der");
	value[6] = value[6] == 'A' ? 'B' : 'A';
	parse_bad(value, KEY_ANY, "no valid public key");
	free(value);
	free(line);
	line = make_ssh_ed25519(ed);
	line[4] = 'x';	/* "ssh-xd25519": name does not match the blob */
	parse_bad(line, KEY_ANY, "invalid OpenSSH");
	free(line);

	parse_bad("0s", KEY_ANY, "invalid base64");
	parse_bad("0s!!notbase64!!", KEY_ANY, "invalid base64");
	parse_bad("0x0g", KEY_ANY, "invalid hex");
	parse_bad("0x123", KEY_ANY, "invalid hex");
	parse_bad("0sAQID", KEY_ANY, "no valid public key");
	parse_bad("0x3003020100", KEY_ANY, "no valid public key");
	parse_bad("%dns", KEY_ANY, "not supported");
	parse_bad("ssh-rsa AAAA", KEY_ANY, "invalid OpenSSH");
	chunk_free(&spki);
	chunk_free(&dnskey);
	chunk_free(&pkcs1);
	ed->destroy(ed);
	rsa->destroy(rsa);
}
END_TEST

/* Lines made by ssh-keygen from the PKI's RSA and P-256 keys. */
START_TEST(test_value_ssh_keygen)
{
	static const char *keys[][2] = {
		{ "rsa.key", "rsa.pub.der" }, { "ec.key", "ec.pub.der" },
	};
	char cmd[1024], path[300];
	chunk_t data, line;

	if (system("command -v ssh-keygen >/dev/null 2>&1") != 0) {
		return;
	}
	for (size_t i = 0; i < countof(keys); i++) {
		snprintf(path, sizeof(path), "%s/%s.ssh", pki_dir, keys[i][0]);
		snprintf(cmd, sizeof(cmd), "cd '%s' && cp %s k.tmp && chmod 600 k.tmp && "
			 "ssh-keygen -y -f k.tmp > '%s' && rm -f k.tmp", pki_dir, keys[i][0], path);
		ck_assert(system(cmd) == 0);
		parse_ok(path, KEY_ANY, keys[i][1]);
		ck_assert(cred_loader_read_file(path, &data));
		line = chunk_cat(2, data, chunk_from_chars(0));
		parse_ok((char *)line.ptr, KEY_ANY, keys[i][1]);
		chunk_free(&data);
		chunk_free(&line);
	}
}
END_TEST

#ifdef TEST_GMP
/* With gmp asked first for RSA keys: DNSKEY and PKCS#1 values verify an
 * openssl-made signature. */
START_TEST(test_value_gmp)
{
	public_key_t *want, *key;
	chunk_t dnskey, data = pki_read("data.txt"), sig = pki_read("rsa.sha256.sig");
	char err[256] = "", *value;

	/* gmp first: its RSA decoder is asked before openssl's */
	library_deinit();
	plugins_load("random nonce gmp openssl pem");
	want = pki_pub("rsa.pub.der");
	dnskey = make_dnskey(want);
	value = encoded("0s", dnskey);

	ck_assert(pubkey_value_parse(value, KEY_RSA, &key, err, sizeof(err)));
	ck_assert(key->verify(key, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, data, sig));
	ck_assert(key->equals(key, want));
	key->destroy(key);
	ck_assert(pubkey_value_parse(pki_path("rsa.pkcs1pub.der"), KEY_RSA, &key, err,
				     sizeof(err)));
	ck_assert(key->verify(key, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, data, sig));
	key->destroy(key);
	free(value);
	chunk_free(&dnskey);
	chunk_free(&data);
	chunk_free(&sig);
	want->destroy(want);
}
END_TEST
#endif

Suite *make_suite(void)
{
	Suite *s = suite_create("pubkey_cert");
	TCase *tc = tcase_create("openssl");

	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cert_object);
	tcase_add_test(tc, test_cert_keyid_subject);
	tcase_add_test(tc, test_cert_in_manager);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_value_files);
	tcase_add_test(tc, test_value_encoded);
	tcase_add_test(tc, test_value_ssh_keygen);
#ifdef TEST_GMP
	tcase_add_test(tc, test_value_gmp);
#endif
	suite_add_tcase(s, tc);
	return s;
}
