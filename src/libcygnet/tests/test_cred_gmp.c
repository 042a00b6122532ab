/*
 * The gmp backend against the openssl one: PKCS#1 v1.5 signatures must be
 * byte-identical, PSS signatures (randomised) must verify across backends
 * both ways, keys must encode and fingerprint identically, MODP exchanges
 * must agree on public values and secrets. Both plugins' constructors are
 * looked up in their modules so one process can drive both.
 */
#include <dlfcn.h>

#include "test_runner.h"
#include "cred_test_util.h"
#include "crypto/crypto_factory.h"

static private_key_constructor_t gmp_priv, ossl_priv;
static public_key_constructor_t gmp_pub, ossl_pub;
static key_exchange_constructor_t gmp_ke, ossl_ke;
static chunk_t data;

/* dlsym @p symbol from libcygnet-@p name.so in the build's plugin dirs */
static void *plugin_symbol(const char *name, const char *symbol)
{
	char dirs[] = BUILD_PLUGINDIRS, path[PATH_MAX], *dir, *save = NULL;
	void *handle, *sym = NULL;

	for (dir = strtok_r(dirs, ":", &save); dir && !sym;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/libcygnet-%s.so", dir, name);
		/* the loader opened it already: this only takes a reference */
		handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
		if (handle) {
			sym = dlsym(handle, symbol);
			dlclose(handle);
		}
	}
	ck_assert_msg(sym, "%s not found in %s", symbol, name);
	return sym;
}

static void setup(void)
{
	plugins_load("random nonce gmp openssl pem x509");
	gmp_priv = (private_key_constructor_t)plugin_symbol("gmp", "gmp_rsa_private_key_load");
	gmp_pub = (public_key_constructor_t)plugin_symbol("gmp", "gmp_rsa_public_key_load");
	gmp_ke = (key_exchange_constructor_t)plugin_symbol("gmp", "gmp_ke_modp_create");
	ossl_priv = (private_key_constructor_t)plugin_symbol("openssl", "openssl_private_key_load");
	ossl_pub = (public_key_constructor_t)plugin_symbol("openssl", "openssl_public_key_load");
	ossl_ke = (key_exchange_constructor_t)plugin_symbol("openssl", "openssl_ke_modp_create");
	data = chunk_from_str("signed by the openssl command line\n");
}

static void teardown(void)
{
	library_deinit();
}

static private_key_t *load_priv(private_key_constructor_t ctor, const char *file)
{
	chunk_t blob = pki_read(file);
	private_key_t *key = ctor(KEY_ANY, blob, NULL);

	chunk_clear(&blob);
	ck_assert_msg(key, "loading %s", file);
	return key;
}

static const char *rsa_files[] = { "rsa.der", "rsa.pkcs1.der", "rsa3072.der" };

static const signature_scheme_t pkcs1[] = {
	SIGN_RSA_EMSA_PKCS1_SHA1, SIGN_RSA_EMSA_PKCS1_SHA2_224,
	SIGN_RSA_EMSA_PKCS1_SHA2_256, SIGN_RSA_EMSA_PKCS1_SHA2_384,
	SIGN_RSA_EMSA_PKCS1_SHA2_512,
};

START_TEST(test_pkcs1_identical)
{
	private_key_t *g = load_priv(gmp_priv, rsa_files[_i]);
	private_key_t *o = load_priv(ossl_priv, rsa_files[_i]);
	public_key_t *gp = g->get_public_key(g), *op = o->get_public_key(o);
	chunk_t gs, os;
	size_t i;

	ck_assert_int_eq(g->get_keysize(g), o->get_keysize(o));
	ck_assert(g->belongs_to(g, op));
	ck_assert(o->belongs_to(o, gp));
	ck_assert(gp->equals(gp, op));
	for (i = 0; i < countof(pkcs1); i++) {
		ck_assert(g->sign(g, pkcs1[i], NULL, data, &gs));
		ck_assert(o->sign(o, pkcs1[i], NULL, data, &os));
		ck_assert_msg(chunk_equals(gs, os), "%s differs",
			      signature_scheme_name(pkcs1[i]));
		ck_assert(gp->verify(gp, pkcs1[i], NULL, data, os));
		ck_assert(op->verify(op, pkcs1[i], NULL, data, gs));
		gs.ptr[0] ^= 0x01;
		ck_assert(!gp->verify(gp, pkcs1[i], NULL, data, gs));
		ck_assert(!op->verify(op, pkcs1[i], NULL, data, gs));
		chunk_free(&gs);
		chunk_free(&os);
	}
	gp->destroy(gp);
	op->destroy(op);
	g->destroy(g);
	o->destroy(o);
}
END_TEST

static const rsa_pss_params_t pss[] = {
	{ HASH_SHA256, HASH_SHA256, RSA_PSS_SALT_LEN_DEFAULT },
	{ HASH_SHA384, HASH_SHA384, 48 },
	{ HASH_SHA512, HASH_SHA512, 64 },
	{ HASH_SHA256, HASH_SHA1, 0 },
	{ HASH_SHA1, HASH_SHA1, 20 },
	{ HASH_SHA256, HASH_SHA256, RSA_PSS_SALT_LEN_MAX },
};

START_TEST(test_pss_cross)
{
	const char *file = _i < (int)countof(pss) ? "rsa.der" : "rsa3072.der";
	const rsa_pss_params_t *p = &pss[_i % countof(pss)];
	rsa_pss_params_t any = { p->hash, p->mgf1_hash, RSA_PSS_SALT_LEN_MAX };
	private_key_t *g = load_priv(gmp_priv, file), *o = load_priv(ossl_priv, file);
	public_key_t *gp = g->get_public_key(g), *op = o->get_public_key(o);
	chunk_t gs, os;

	ck_assert(g->sign(g, SIGN_RSA_EMSA_PSS, p, data, &gs));
	ck_assert(o->sign(o, SIGN_RSA_EMSA_PSS, p, data, &os));
	ck_assert(op->verify(op, SIGN_RSA_EMSA_PSS, p, data, gs));
	ck_assert(gp->verify(gp, SIGN_RSA_EMSA_PSS, p, data, os));
	ck_assert(gp->verify(gp, SIGN_RSA_EMSA_PSS, p, data, gs));
	ck_assert(gp->verify(gp, SIGN_RSA_EMSA_PSS, &any, data, os));
	ck_assert(op->verify(op, SIGN_RSA_EMSA_PSS, &any, data, gs));
	ck_assert(!gp->verify(gp, SIGN_RSA_EMSA_PSS, p, chunk_from_str("x"), os));
	ck_assert(!op->verify(op, SIGN_RSA_EMSA_PSS, p, chunk_from_str("x"), gs));
	os.ptr[os.len - 1] ^= 0x01;
	gs.ptr[gs.len / 2] ^= 0x01;
	ck_assert(!gp->verify(gp, SIGN_RSA_EMSA_PSS, p, data, os));
	ck_assert(!op->verify(op, SIGN_RSA_EMSA_PSS, p, data, gs));
	chunk_free(&gs);
	chunk_free(&os);
	gp->destroy(gp);
	op->destroy(op);
	g->destroy(g);
	o->destroy(o);
}
END_TEST

START_TEST(test_cli_signatures)
{
	chunk_t der = pki_read("rsa.pub.der"), s1 = pki_read("rsa.sha256.sig");
	chunk_t s2 = pki_read("rsa.pss384.sig");
	rsa_pss_params_t p = { HASH_SHA384, HASH_SHA384, 48 };
	public_key_t *pub = gmp_pub(KEY_ANY, der);

	ck_assert(pub);
	ck_assert(pub->verify(pub, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, data, s1));
	ck_assert(pub->verify(pub, SIGN_RSA_EMSA_PSS, &p, data, s2));
	ck_assert(!pub->verify(pub, SIGN_RSA_EMSA_PKCS1_SHA2_384, NULL, data, s1));
	ck_assert(!pub->verify(pub, SIGN_RSA_EMSA_PSS, &p, data, s1));
	ck_assert(!pub->verify(pub, SIGN_ED25519, NULL, data, s1));
	pub->destroy(pub);
	chunk_free(&der);
	chunk_free(&s1);
	chunk_free(&s2);
}
END_TEST

START_TEST(test_encodings)
{
	chunk_t spki = pki_read("rsa.pub.der"), pkcs1 = pki_read("rsa.pkcs1pub.der");
	chunk_t pkcs8 = pki_read("rsa.der"), enc;
	public_key_t *a = gmp_pub(KEY_RSA, spki), *b = gmp_pub(KEY_RSA, pkcs1);
	public_key_t *o = ossl_pub(KEY_RSA, spki);
	private_key_t *g = load_priv(gmp_priv, "rsa.pkcs1.der");
	chunk_t fa, fo;
	int i;

	ck_assert(a && b && o);
	ck_assert(a->equals(a, b));
	ck_assert(b->get_encoding(b, &enc));
	ck_assert(chunk_equals(enc, spki));
	chunk_free(&enc);
	for (i = 0; i < KEYID_MAX; i++) {
		ck_assert(a->get_fingerprint(a, i, &fa));
		ck_assert(o->get_fingerprint(o, i, &fo));
		ck_assert(chunk_equals(fa, fo));
		ck_assert(g->has_fingerprint(g, fo));
	}
	/* our PKCS#8 is openssl's, byte for byte */
	ck_assert(g->get_encoding(g, &enc));
	ck_assert(chunk_equals(enc, pkcs8));
	chunk_clear(&enc);
	ck_assert_int_eq(a->get_keysize(a), 2048);
	g->destroy(g);
	a->destroy(a);
	b->destroy(b);
	o->destroy(o);
	chunk_free(&spki);
	chunk_free(&pkcs1);
	chunk_free(&pkcs8);
}
END_TEST

START_TEST(test_malformed)
{
	chunk_t ec = pki_read("ec.der"), rsa = pki_read("rsa.der"), ecpub = pki_read("ec.pub.der");
	chunk_t cut;

	ck_assert(!gmp_priv(KEY_ANY, ec, NULL));
	ck_assert(!gmp_pub(KEY_ANY, ecpub));
	ck_assert(!gmp_priv(KEY_ECDSA, rsa, NULL));
	cut = chunk_create(rsa.ptr, rsa.len - 1);
	ck_assert(!gmp_priv(KEY_ANY, cut, NULL));
	cut = chunk_create(rsa.ptr, 40);
	ck_assert(!gmp_priv(KEY_ANY, cut, NULL));
	/* a corrupted prime no longer multiplies to n */
	rsa.ptr[rsa.len - 5] ^= 0xff;
	ck_assert(!gmp_priv(KEY_ANY, rsa, NULL));
	ck_assert(!gmp_pub(KEY_ANY, chunk_from_chars(0x30, 0x06, 0x02, 0x01, 0x03,
						     0x02, 0x01, 0x03)));
	ck_assert(!gmp_pub(KEY_ANY, chunk_empty));
	chunk_clear(&rsa);
	chunk_free(&ec);
	chunk_free(&ecpub);
}
END_TEST

START_TEST(test_backend_order)
{
	enumerator_t *enumerator;
	const char *name, *first = NULL;
	certificate_t *cert;
	int subtype;

	/* `load = gmp openssl`: gmp is asked first for RSA */
	enumerator = lib->creds->create_enumerator(lib->creds, CRED_PUBLIC_KEY);
	while (enumerator->enumerate(enumerator, &subtype, &name)) {
		if (!first && (subtype == KEY_RSA || subtype == KEY_ANY)) {
			first = name;
			ck_assert_str_eq(first, "gmp");
		}
	}
	enumerator->destroy(enumerator);
	ck_assert(first);
	/* chains with gmp checking RSA signatures; openssl still does EC */
	{
		credential_manager_t *creds = credential_manager_create();

		creds->add_cert(creds, "t", pki_cert("ca.crt"), true);
		creds->add_cert(creds, "t", pki_cert("im.crt"), false);
		cert = pki_cert("rsa.crt");
		ck_assert(creds->verify_chain(creds, cert, NULL, CERT_POLICY_NO, NULL, NULL));
		cert->destroy(cert);
		cert = pki_cert("ec.crt");
		ck_assert(creds->verify_chain(creds, cert, NULL, CERT_POLICY_NO, NULL, NULL));
		cert->destroy(cert);
		creds->destroy(creds);
	}
}
END_TEST

/* fixed private values, so both backends compute the same exchange */
START_TEST(test_modp_cross)
{
	key_exchange_method_t groups[] = { MODP_2048, MODP_3072, MODP_4096 };
	key_exchange_method_t method = groups[_i];
	chunk_t x1 = chunk_alloc(32), x2 = chunk_alloc(40);
	chunk_t gpub1, opub1, gpub2, opub2, s1, s2, s3;
	key_exchange_t *g1 = gmp_ke(method), *g2 = gmp_ke(method);
	key_exchange_t *o1 = ossl_ke(method), *o2 = ossl_ke(method);

	memset(x1.ptr, 0x5a, x1.len);
	memset(x2.ptr, 0xc3, x2.len);
	ck_assert(g1 && g2 && o1 && o2);
	ck_assert(g1->set_private_key(g1, x1) && o1->set_private_key(o1, x1));
	ck_assert(g2->set_private_key(g2, x2) && o2->set_private_key(o2, x2));
	ck_assert(g1->get_public_key(g1, &gpub1) && o1->get_public_key(o1, &opub1));
	ck_assert(g2->get_public_key(g2, &gpub2) && o2->get_public_key(o2, &opub2));
	ck_assert(chunk_equals(gpub1, opub1));
	ck_assert(chunk_equals(gpub2, opub2));
	/* gmp (x1) with openssl (x2), and both gmp */
	ck_assert(g1->set_public_key(g1, opub2) && o2->set_public_key(o2, gpub1));
	ck_assert(g2->set_public_key(g2, gpub1));
	ck_assert(g1->get_shared_secret(g1, &s1));
	ck_assert(o2->get_shared_secret(o2, &s2));
	ck_assert(g2->get_shared_secret(g2, &s3));
	ck_assert(chunk_equals(s1, s2));
	ck_assert(chunk_equals(s1, s3));
	ck_assert_int_eq(s1.len, gpub1.len);
	ck_assert_int_eq(g1->get_method(g1), method);
	chunk_clear(&s1);
	chunk_clear(&s2);
	chunk_clear(&s3);
	chunk_free(&gpub1);
	chunk_free(&opub1);
	chunk_free(&gpub2);
	chunk_free(&opub2);
	chunk_free(&x1);
	chunk_free(&x2);
	g1->destroy(g1);
	g2->destroy(g2);
	o1->destroy(o1);
	o2->destroy(o2);
}
END_TEST

START_TEST(test_modp_invalid)
{
	key_exchange_t *ke = gmp_ke(MODP_2048), *fresh = gmp_ke(MODP_2048);
	chunk_t bad = chunk_alloc(256), pub, secret;

	ck_assert(ke && fresh);
	ck_assert(!gmp_ke(MODP_1024));
	ck_assert(!ke->get_shared_secret(ke, &secret));
	memset(bad.ptr, 0, bad.len);
	ck_assert(!ke->set_public_key(ke, bad));		/* 0 */
	bad.ptr[255] = 1;
	ck_assert(!ke->set_public_key(ke, bad));		/* 1 */
	ck_assert(ke->get_public_key(ke, &pub));
	ck_assert(!ke->set_public_key(ke, chunk_create(pub.ptr, pub.len - 1)));
	memset(bad.ptr, 0xff, bad.len);
	ck_assert(!ke->set_public_key(ke, bad));		/* > p */
	/* a fresh exchange's random key works both ways */
	ck_assert(fresh->set_public_key(fresh, pub));
	ck_assert(fresh->get_shared_secret(fresh, &secret));
	chunk_clear(&secret);
	chunk_free(&pub);
	chunk_free(&bad);
	ke->destroy(ke);
	fresh->destroy(fresh);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("cred_gmp");
	TCase *tc = tcase_create("gmp_vs_openssl");

	tcase_add_unchecked_fixture(tc, pki_create, pki_destroy);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_pkcs1_identical, 0, countof(rsa_files));
	tcase_add_loop_test(tc, test_pss_cross, 0, 2 * countof(pss));
	tcase_add_test(tc, test_cli_signatures);
	tcase_add_test(tc, test_encodings);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_backend_order);
	tcase_add_loop_test(tc, test_modp_cross, 0, 3);
	tcase_add_test(tc, test_modp_invalid);
	suite_add_tcase(s, tc);
	return s;
}
