/*
 * leftsigkey=/rightsigkey= (and the rsasigkey synonyms) with the real key
 * decoders: keys in the auth configs, errors naming conn and keyword, the
 * peer's key trusted in the credential manager while the conn exists, and
 * the listpubkeys listing (text and JSON).
 */
#define _GNU_SOURCE
#include <stdio.h>

#include "test_runner.h"
#include "cred_test_util.h"
#include "stroke_config.h"
#include "stroke_list_creds.h"
#include "stroke_json.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "config/backend_manager.h"

static daemon_t fake_daemon;
static char *err_text, *out_text;
static size_t err_len, out_len;

static void setup(void)
{
	plugins_load("random nonce openssl pem x509");
	fake_daemon = (daemon_t){
		.backends = backend_manager_create(),
		.credentials = credential_manager_create(),
	};
	charon = &fake_daemon;
}

static void teardown(void)
{
	fake_daemon.backends->destroy(fake_daemon.backends);
	fake_daemon.credentials->destroy(fake_daemon.credentials);
	charon = NULL;
	library_deinit();
	free(err_text);
	free(out_text);
	err_text = out_text = NULL;
}

/* add_conn "site" with NULL-terminated key/value pairs. */
static int run_msg(int (*fn)(stroke_msg_t *, FILE *, FILE *), const char *cmd,
		   const char *first, va_list args)
{
	stroke_msg_t *msg = stroke_msg_create(cmd);
	FILE *out, *err;
	const char *key;
	int status;

	free(err_text);
	free(out_text);
	err_text = out_text = NULL;
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	msg->add(msg, "name", "site");
	for (key = first; key; key = va_arg(args, const char *)) {
		msg->add(msg, key, va_arg(args, const char *));
	}
	status = fn(msg, out, err);
	fclose(out);
	fclose(err);
	msg->destroy(msg);
	return status;
}

static int add(const char *first, ...)
{
	va_list args;
	int status;

	va_start(args, first);
	status = run_msg(stroke_config_add, "add_conn", first, args);
	va_end(args);
	return status;
}

static int del(void)
{
	va_list args = { 0 };

	return run_msg(stroke_config_del, "del_conn", NULL, args);
}

static peer_cfg_t *build(const char *first, ...)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	const char *key;
	peer_cfg_t *peer;
	va_list args;
	FILE *err;

	free(err_text);
	err_text = NULL;
	err = open_memstream(&err_text, &err_len);
	msg->add(msg, "name", "site");
	va_start(args, first);
	for (key = first; key; key = va_arg(args, const char *)) {
		msg->add(msg, key, va_arg(args, const char *));
	}
	va_end(args);
	peer = stroke_config_build(msg, err);
	fclose(err);
	msg->destroy(msg);
	return peer;
}

/* pki_path() with its own buffer per call, for several in one call. */
static const char *path(const char *name)
{
	static char buf[8][PATH_MAX];
	static int next;

	next = (next + 1) % 8;
	snprintf(buf[next], sizeof(buf[next]), "%s", pki_path(name));
	return buf[next];
}

static public_key_t *pub(const char *name)
{
	chunk_t der = pki_read(name);
	public_key_t *key = lib->creds->create_public_key(lib->creds, KEY_ANY, der);

	chunk_free(&der);
	ck_assert(key);
	return key;
}

/* Trusted raw key for @p id_str (NULL: none). */
static certificate_t *trusted(const char *id_str, bool only_trusted)
{
	identification_t *id = identification_create_from_string(id_str);
	certificate_t *cert;

	cert = charon->credentials->get_cert(charon->credentials, CERT_TRUSTED_PUBKEY, KEY_ANY,
					     id, only_trusted);
	id->destroy(id);
	return cert;
}

START_TEST(test_build_keys)
{
	peer_cfg_t *peer, *same, *other;
	public_key_t *ec = pub("ec.pub.der"), *rsa = pub("rsa.pub.der");
	auth_cfg_t *local, *remote;

	peer = build("leftsigkey", path("rsa.pub.der"), "rightsigkey", path("ec.pub.pem"),
		     "rightid", "@sun", NULL);
	ck_assert_msg(peer, "%s", err_text);
	local = peer->get_auth(peer, true);
	remote = peer->get_auth(peer, false);
	ck_assert(local->pubkey && local->pubkey->equals(local->pubkey, rsa));
	ck_assert(remote->pubkey && remote->pubkey->equals(remote->pubkey, ec));
	ck_assert_int_eq(remote->auth, AUTH_CLASS_PUBKEY);

	same = build("leftsigkey", path("rsa.pub.der"), "rightsigkey", path("ec.pub.der"),
		     "rightid", "@sun", NULL);
	ck_assert(peer->equals(peer, same));
	other = build("leftsigkey", path("rsa.pub.der"), "rightsigkey", "%cert",
		      "rightid", "@sun", NULL);
	ck_assert_ptr_null(other->get_auth(other, false)->pubkey);
	ck_assert(!peer->equals(peer, other));
	ck_assert(!other->equals(other, peer));
	other->destroy(other);
	other = build("leftsigkey", path("rsa.pub.der"), "rightsigkey",
		      path("ed25519.pub.der"), "rightid", "@sun", NULL);
	ck_assert(!peer->equals(peer, other));
	other->destroy(other);
	other = build("rightrsasigkey", path("rsa.pkcs1pub.der"), NULL);
	ck_assert(other->get_auth(other, false)->pubkey->equals(
			other->get_auth(other, false)->pubkey, rsa));
	ck_assert_ptr_null(other->get_auth(other, true)->pubkey);
	other->destroy(other);
	same->destroy(same);
	peer->destroy(peer);
	ec->destroy(ec);
	rsa->destroy(rsa);
}
END_TEST

START_TEST(test_build_errors)
{
	ck_assert_ptr_null(build("rightsigkey", "/nonexistent/key.pem", NULL));
	ck_assert_msg(strstr(err_text, "conn 'site': rightsigkey=/nonexistent/key.pem: "
			     "cannot read"), "%s", err_text);
	ck_assert_ptr_null(build("leftsigkey", "0sAAAA", NULL));
	ck_assert_msg(strstr(err_text, "conn 'site': leftsigkey=0sAAAA: "), "%s", err_text);
	ck_assert_ptr_null(build("rightrsasigkey", path("ec.pub.pem"), NULL));
	ck_assert_msg(strstr(err_text, "rightrsasigkey=") &&
		      strstr(err_text, "an RSA key is required"), "%s", err_text);
	ck_assert_ptr_null(build("leftsigkey", "%dnsondemand", NULL));
	ck_assert_msg(strstr(err_text, "not supported"), "%s", err_text);
	ck_assert_ptr_null(build("rightsigkey", path("rsa.crt"), NULL));
	ck_assert_msg(strstr(err_text, "no public key found"), "%s", err_text);
}
END_TEST

START_TEST(test_add_replace_del)
{
	certificate_t *cert;

	ck_assert_int_eq(add("leftid", "@moon", "rightid", "@sun",
			     "leftsigkey", path("rsa.pub.der"),
			     "rightsigkey", path("ec.pub.pem"), NULL), 0);
	cert = trusted("@sun", true);
	ck_assert_ptr_nonnull(cert);
	ck_assert_int_eq(cert->get_type(cert), CERT_TRUSTED_PUBKEY);
	cert->destroy(cert);
	/* our own key is listed, not trusted */
	ck_assert_ptr_null(trusted("@moon", true));
	cert = trusted("@moon", false);
	ck_assert_ptr_nonnull(cert);
	cert->destroy(cert);

	/* a bad value changes nothing */
	ck_assert_int_eq(add("rightid", "@sun", "rightsigkey", "/nonexistent", NULL), 1);
	ck_assert(strstr(err_text, "rightsigkey=/nonexistent"));
	cert = trusted("@sun", true);
	ck_assert_ptr_nonnull(cert);
	cert->destroy(cert);

	/* replaced: the old keys go, the new one is there */
	ck_assert_int_eq(add("rightid", "@venus", "rightsigkey",
			     path("ed25519.pub.der"), NULL), 0);
	ck_assert_str_eq(out_text, "replaced configuration 'site'\n");
	ck_assert_ptr_null(trusted("@sun", false));
	ck_assert_ptr_null(trusted("@moon", false));
	cert = trusted("@venus", true);
	ck_assert_ptr_nonnull(cert);
	cert->destroy(cert);

	ck_assert_int_eq(del(), 0);
	ck_assert_ptr_null(trusted("@venus", false));
}
END_TEST

/* Without rightid= (and right=%any) the key stands for its key ID. */
START_TEST(test_add_keyid)
{
	public_key_t *ec = pub("ec.pub.der");
	certificate_t *cert;
	identification_t *subject;
	chunk_t fp;

	ck_assert_int_eq(add("rightsigkey", path("ec.pub.pem"), NULL), 0);
	cert = charon->credentials->get_cert(charon->credentials, CERT_TRUSTED_PUBKEY, KEY_ANY,
					     NULL, true);
	ck_assert_ptr_nonnull(cert);
	subject = cert->get_subject(cert);
	ck_assert_int_eq(subject->get_type(subject), ID_KEY_ID);
	ck_assert(ec->get_fingerprint(ec, KEYID_PUBKEY_INFO_SHA1, &fp));
	ck_assert(chunk_equals(subject->get_encoding(subject), fp));
	cert->destroy(cert);
	ec->destroy(ec);
}
END_TEST

START_TEST(test_listpubkeys)
{
	stroke_json_t *json;
	FILE *out;

	ck_assert_int_eq(add("rightid", "@sun", "rightsigkey", path("ec.pub.pem"),
			     "leftid", "@moon", "leftsigkey", path("rsa.pub.der"), NULL), 0);
	free(out_text);
	out_text = NULL;
	out = open_memstream(&out_text, &out_len);
	stroke_list_creds_text(out, "pubkeys");
	fclose(out);
	ck_assert_msg(strstr(out_text, "List of Raw Public Keys\n"), "%s", out_text);
	ck_assert_msg(strstr(out_text, "  pubkey:    ECDSA 256 bits\n"), "%s", out_text);
	ck_assert_msg(strstr(out_text, "  pubkey:    RSA 2048 bits\n"), "%s", out_text);
	ck_assert_msg(strstr(out_text, "  subject:   \"sun\"\n"), "%s", out_text);
	ck_assert_msg(strstr(out_text, "  subject:   \"moon\"\n"), "%s", out_text);
	ck_assert(strstr(out_text, "  keyid:     "));
	ck_assert(strstr(out_text, "  subjkey:   "));
	/* certificates are not raw keys */
	ck_assert(!strstr(out_text, "issuer"));

	free(out_text);
	out_text = NULL;
	out = open_memstream(&out_text, &out_len);
	json = stroke_json_create(out);
	json->begin_object(json, NULL);
	stroke_list_creds_json(json, "pubkeys");
	json->destroy(json);
	fclose(out);
	ck_assert_msg(strstr(out_text, "\"pubkeys\"") && strstr(out_text, "\"sun\"") &&
		      strstr(out_text, "\"ECDSA\"") && strstr(out_text, "\"keyid\"") &&
		      strstr(out_text, "\"pubkey_bits\": 256"), "%s", out_text);

	ck_assert_int_eq(del(), 0);
	free(out_text);
	out_text = NULL;
	out = open_memstream(&out_text, &out_len);
	stroke_list_creds_text(out, "pubkeys");
	fclose(out);
	ck_assert_str_eq(out_text, "");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_sigkey");
	TCase *tc = tcase_create("sigkey");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_build_keys);
	tcase_add_test(tc, test_build_errors);
	tcase_add_test(tc, test_add_replace_del);
	tcase_add_test(tc, test_add_keyid);
	tcase_add_test(tc, test_listpubkeys);
	suite_add_tcase(s, tc);
	return s;
}
