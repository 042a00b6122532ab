/*
 * Tests of the plugin loader, feature resolution, the crypto factory and
 * the random, nonce and example plugins (loaded from the build tree).
 */
#include <stdio.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "bus/log_bus.h"
#include "settings/settings.h"
#include "plugins/plugin_loader.h"
#include "crypto/crypto_factory.h"

#define PLUGINS BUILD_PLUGINDIRS

/* --- a logger that keeps every message, to check what the loader says --- */

static char logbuf[16384];

static void capture_log(logger_t *this, debug_t group, level_t level,
			int thread, const char *message)
{
	size_t len = strlen(logbuf);

	snprintf(logbuf + len, sizeof(logbuf) - len, "%s\n", message);
}

static level_t capture_level(logger_t *this, debug_t group)
{
	return LEVEL_CTRL;
}

static void capture_destroy(logger_t *this)
{
}

static logger_t capture = {
	.log = capture_log,
	.get_level = capture_level,
	.destroy = capture_destroy,
};

static bool logged(const char *text)
{
	return strstr(logbuf, text) != NULL;
}

/* --- static test plugins: callbacks record the order they ran in --- */

static char up[256], down[256];

static void record(char *buf, const char *what)
{
	size_t len = strlen(buf);

	snprintf(buf + len, 256 - len, "%s%s", len ? " " : "", what);
}

static bool record_cb(plugin_t *plugin, const plugin_feature_t *feature,
		      bool loading, void *data)
{
	record(loading ? up : down, data);
	return true;
}

static bool refuse_cb(plugin_t *plugin, const plugin_feature_t *feature,
		      bool loading, void *data)
{
	record(loading ? up : down, "refused");
	return false;
}

typedef struct {
	plugin_t public;
	const char *name;
	const plugin_feature_t *features;
	int count;
} test_plugin_t;

static const char *tp_get_name(plugin_t *public)
{
	return ((test_plugin_t *)public)->name;
}

static int tp_get_features(plugin_t *public, const plugin_feature_t **out)
{
	test_plugin_t *this = (test_plugin_t *)public;

	*out = this->features;
	return this->count;
}

static void tp_destroy(plugin_t *public)
{
	record(down, "destroy");
	free(public);
}

static plugin_t *tp_create(const char *name, const plugin_feature_t *features,
			   int count)
{
	test_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (test_plugin_t){
		.public = {
			.get_name = tp_get_name,
			.get_features = tp_get_features,
			.destroy = tp_destroy,
		},
		.name = name,
		.features = features,
		.count = count,
	};
	return &this->public;
}

#define CUSTOM(n) FEATURE_ID_NAME(FEATURE_CUSTOM, n)

#define TEST_PLUGIN(id, ...) \
	static const plugin_feature_t id##_features[] = { __VA_ARGS__ }; \
	static plugin_t *id##_create(void) \
	{ \
		return tp_create(#id, id##_features, countof(id##_features)); \
	}

/* a needs b needs c */
TEST_PLUGIN(sa, { .provides = CUSTOM("a"), .callback = record_cb, .data = "a",
		  .depends = { CUSTOM("b") } })
TEST_PLUGIN(sb, { .provides = CUSTOM("b"), .callback = record_cb, .data = "b",
		  .depends = { CUSTOM("c") } })
TEST_PLUGIN(sc, { .provides = CUSTOM("c"), .callback = record_cb, .data = "c" })
/* x comes after y if y can come up at all */
TEST_PLUGIN(sx, { .provides = CUSTOM("x"), .callback = record_cb, .data = "x",
		  .sdepends = { CUSTOM("y") } })
TEST_PLUGIN(sy, { .provides = CUSTOM("y"), .callback = record_cb, .data = "y" })
TEST_PLUGIN(sybroken, { .provides = CUSTOM("y"), .callback = record_cb, .data = "y",
			.depends = { CUSTOM("nowhere") } })
/* a soft cycle, and a hard one */
TEST_PLUGIN(sp, { .provides = CUSTOM("p"), .callback = record_cb, .data = "p",
		  .sdepends = { CUSTOM("q") } })
TEST_PLUGIN(sq, { .provides = CUSTOM("q"), .callback = record_cb, .data = "q",
		  .sdepends = { CUSTOM("p") } })
TEST_PLUGIN(sh, { .provides = CUSTOM("h1"), .callback = record_cb, .data = "h1",
		  .depends = { CUSTOM("h2") } },
		{ .provides = CUSTOM("h2"), .callback = record_cb, .data = "h2",
		  .depends = { CUSTOM("h1") } },
		{ .provides = CUSTOM("h3"), .callback = record_cb, .data = "h3",
		  .sdepends = { CUSTOM("h1") } })
/* a refusing callback disables its feature and what depends on it */
TEST_PLUGIN(sr, { .provides = CUSTOM("r"), .callback = refuse_cb },
		{ .provides = CUSTOM("r2"), .callback = record_cb, .data = "r2",
		  .depends = { CUSTOM("r") } },
		{ .provides = CUSTOM("r3"), .callback = record_cb, .data = "r3" })

/* crypto features: constructors are registered, not called */
static int fake_hasher_calls;

static hasher_t *fake_hasher(hash_algorithm_t alg)
{
	fake_hasher_calls++;
	return NULL;
}

static crypter_t *fake_crypter(encryption_algorithm_t alg, size_t key_size)
{
	return NULL;
}

TEST_PLUGIN(shash, { .provides = FEATURE_ID(FEATURE_HASHER, HASH_SHA256),
		     .constructor = (void *)fake_hasher })
TEST_PLUGIN(scrypt, { .provides = FEATURE_ID_KEY(FEATURE_CRYPTER, ENCR_AES_CBC, 16),
		      .constructor = (void *)fake_crypter,
		      .depends = { FEATURE_ID(FEATURE_HASHER, HASH_SHA256) } })
TEST_PLUGIN(sbadcrypto, { .provides = FEATURE_ID(FEATURE_HASHER, HASH_SHA1) })

static void add_statics(void)
{
	plugin_loader_t *p = lib->plugins;

	p->add_static(p, "sa", sa_create);
	p->add_static(p, "sb", sb_create);
	p->add_static(p, "sc", sc_create);
	p->add_static(p, "sx", sx_create);
	p->add_static(p, "sy", sy_create);
	p->add_static(p, "sybroken", sybroken_create);
	p->add_static(p, "sp", sp_create);
	p->add_static(p, "sq", sq_create);
	p->add_static(p, "sh", sh_create);
	p->add_static(p, "sr", sr_create);
	p->add_static(p, "shash", shash_create);
	p->add_static(p, "scrypt", scrypt_create);
	p->add_static(p, "sbadcrypto", sbadcrypto_create);
}

static void setup(void)
{
	logbuf[0] = up[0] = down[0] = '\0';
	fake_hasher_calls = 0;
	unsetenv("CYGNET_PLUGINDIR");
	log_bus_add_logger(&capture);
	ck_assert(library_init("/nonexistent/cygnet.conf", "test"));
	add_statics();
}

static void teardown(void)
{
	library_deinit();
	log_bus_remove_logger(&capture);
}

static bool has_custom(const char *name)
{
	return lib->plugins->has_feature(lib->plugins, CUSTOM(name));
}

/* --- loading from files --- */

START_TEST(test_load_files)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random nonce example"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins),
			 "random nonce example");
	ck_assert(logged("loaded plugins: random nonce example"));
	ck_assert(lib->plugins->has_feature(lib->plugins,
					    FEATURE_ID(FEATURE_RNG, RNG_TRUE)));
	ck_assert(lib->plugins->has_feature(lib->plugins,
					    FEATURE_ID(FEATURE_NONCE_GEN, 0)));
	ck_assert(has_custom("example"));
	ck_assert(!has_custom("example-extra"));
}
END_TEST

START_TEST(test_example_plugin)
{
	enumerator_t *plugins, *features;
	const plugin_feature_t *feature;
	plugin_t *plugin;
	bool loaded;
	int n = 0;

	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "example random nonce"));
	/* the unmet feature is disabled and says why, the other one is up */
	ck_assert(logged("feature CUSTOM:example-extra in plugin 'example' has "
			 "unmet dependency: CUSTOM:example-missing"));
	ck_assert_str_eq(lib->settings->get_str(lib->settings,
			 "test.plugins.example.loaded", "unset"), "yes");
	ck_assert_str_eq(lib->settings->get_str(lib->settings,
			 "test.plugins.example.extra", "unset"), "unset");
	/* listed first, but its soft dependency on the nonce generator made
	 * it wait for the nonce plugin */
	ck_assert_int_eq(strlen(lib->settings->get_str(lib->settings,
			 "test.plugins.example.instance", "")), 16);

	plugins = lib->plugins->create_plugin_enumerator(lib->plugins);
	while (plugins->enumerate(plugins, &plugin, &features))
	{
		if (!streq(plugin->get_name(plugin), "example"))
		{
			continue;
		}
		ck_assert(features->enumerate(features, &feature, &loaded));
		ck_assert_str_eq(feature->provides.name, "example");
		ck_assert(loaded);
		ck_assert(features->enumerate(features, &feature, &loaded));
		ck_assert_str_eq(feature->provides.name, "example-extra");
		ck_assert(!loaded);
		ck_assert(!features->enumerate(features, &feature, &loaded));
		n++;
	}
	plugins->destroy(plugins);
	ck_assert_int_eq(n, 1);

	lib->plugins->unload(lib->plugins);
	ck_assert_str_eq(lib->settings->get_str(lib->settings,
			 "test.plugins.example.loaded", "unset"), "no");
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "");
}
END_TEST

START_TEST(test_missing_plugin)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random doesnotexist nonce"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random nonce");
	ck_assert(logged("plugin 'doesnotexist' not found in "));
}
END_TEST

START_TEST(test_critical_missing)
{
	ck_assert(!lib->plugins->load(lib->plugins, PLUGINS, "random doesnotexist! nonce"));
	ck_assert(logged("critical plugin 'doesnotexist' failed to load"));
	/* the others still load: the caller decides whether to go on */
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random nonce");
}
END_TEST

START_TEST(test_critical_ok)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random! nonce!"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random nonce");
}
END_TEST

START_TEST(test_critical_disabled_feature)
{
	ck_assert(!lib->plugins->load(lib->plugins, PLUGINS, "example!"));
	ck_assert(logged("critical plugin 'example' has disabled features"));
	ck_assert(has_custom("example"));
}
END_TEST

START_TEST(test_invalid_names)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "../random ran/dom random"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random");
	ck_assert(logged("plugin '../random' failed to load: invalid name"));
}
END_TEST

START_TEST(test_duplicate_name)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random random\tnonce"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random nonce");
	/* a second load() adds to the first */
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random example"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins),
			 "random nonce example");
}
END_TEST

START_TEST(test_not_a_plugin)
{
	char dir[] = "/tmp/cygnet-test-XXXXXX", file[64], path[128];
	FILE *f;

	ck_assert(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/libcygnet-broken.so", dir);
	f = fopen(file, "w");
	ck_assert(f);
	fputs("not an ELF file\n", f);
	fclose(f);
	/* an empty and a bogus element in the path are skipped */
	snprintf(path, sizeof(path), "::/nonexistent:%s", dir);
	ck_assert(!lib->plugins->load(lib->plugins, path, "broken!"));
	ck_assert(logged("plugin 'broken' failed to load: "));
	unlink(file);
	rmdir(dir);
}
END_TEST

START_TEST(test_env_plugindir)
{
	setenv("CYGNET_PLUGINDIR", PLUGINS, 1);
	ck_assert(lib->plugins->load(lib->plugins, NULL, "random"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "random");
}
END_TEST

/* --- dependency resolution with static plugins --- */

START_TEST(test_static_chain)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sa sb sc"));
	ck_assert_str_eq(up, "c b a");
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "sa sb sc");
	lib->plugins->unload(lib->plugins);
	/* features in reverse, then the plugins in reverse load order */
	ck_assert_str_eq(down, "a b c destroy destroy destroy");
	ck_assert(!has_custom("c"));
}
END_TEST

START_TEST(test_static_chain_reversed)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sc sb sa"));
	ck_assert_str_eq(up, "c b a");
}
END_TEST

START_TEST(test_static_chain_broken)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sa sb"));
	ck_assert_str_eq(up, "");
	ck_assert(logged("feature CUSTOM:b in plugin 'sb' has unmet dependency: CUSTOM:c"));
	ck_assert(logged("feature CUSTOM:a in plugin 'sa' has unmet dependency: CUSTOM:b"));
	/* both are listed even though nothing of them came up */
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "sa sb");
	/* a later load() supplies the missing piece */
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sc"));
	ck_assert_str_eq(up, "c b a");
}
END_TEST

START_TEST(test_soft_order)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sx sy"));
	ck_assert_str_eq(up, "y x");
}
END_TEST

START_TEST(test_soft_missing)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sx"));
	ck_assert_str_eq(up, "x");
}
END_TEST

START_TEST(test_soft_unviable)
{
	/* the only provider of y can never come up: x must not wait for it */
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sx sybroken"));
	ck_assert_str_eq(up, "x");
	ck_assert(!has_custom("y"));
}
END_TEST

START_TEST(test_soft_cycle)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sp sq"));
	ck_assert_str_eq(up, "p q");
}
END_TEST

START_TEST(test_hard_cycle)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sh"));
	ck_assert_str_eq(up, "h3");
	ck_assert(logged("feature CUSTOM:h1 in plugin 'sh' has unmet dependency: CUSTOM:h2"));
	ck_assert(logged("feature CUSTOM:h2 in plugin 'sh' has unmet dependency: CUSTOM:h1"));
}
END_TEST

START_TEST(test_refusing_callback)
{
	ck_assert(lib->plugins->load(lib->plugins, NULL, "sr"));
	ck_assert_str_eq(up, "refused r3");
	ck_assert(logged("feature CUSTOM:r in plugin 'sr' failed to load"));
	ck_assert(logged("feature CUSTOM:r2 in plugin 'sr' has unmet dependency: CUSTOM:r"));
	lib->plugins->unload(lib->plugins);
	/* only features that came up are brought down */
	ck_assert_str_eq(down, "r3 destroy");
}
END_TEST

START_TEST(test_crypto_features)
{
	crypto_factory_t *crypto = lib->crypto;

	ck_assert(lib->plugins->load(lib->plugins, NULL, "scrypt sbadcrypto"));
	ck_assert(logged("in plugin 'scrypt' has unmet dependency: HASHER:"));
	ck_assert(logged("feature HASHER:"));
	ck_assert(logged("in plugin 'sbadcrypto' failed to load: no constructor"));
	ck_assert(!crypto->supports(crypto, CRYPTO_CRYPTER, ENCR_AES_CBC));
	ck_assert(!crypto->supports(crypto, CRYPTO_HASHER, HASH_SHA1));

	ck_assert(lib->plugins->load(lib->plugins, NULL, "shash"));
	ck_assert(crypto->supports(crypto, CRYPTO_HASHER, HASH_SHA256));
	ck_assert(crypto->supports(crypto, CRYPTO_CRYPTER, ENCR_AES_CBC));
	/* the constructor runs on demand only */
	ck_assert_int_eq(fake_hasher_calls, 0);
	ck_assert(!crypto->create_hasher(crypto, HASH_SHA256));
	ck_assert_int_eq(fake_hasher_calls, 1);

	lib->plugins->unload(lib->plugins);
	ck_assert(!crypto->supports(crypto, CRYPTO_HASHER, HASH_SHA256));
	ck_assert(!crypto->supports(crypto, CRYPTO_CRYPTER, ENCR_AES_CBC));
}
END_TEST

START_TEST(test_mixed_static_and_files)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "sx random sy"));
	ck_assert_str_eq(lib->plugins->loaded_plugins(lib->plugins), "sx random sy");
	ck_assert_str_eq(up, "y x");
}
END_TEST

/* --- the random and nonce plugins --- */

START_TEST(test_rng)
{
	uint8_t a[48], b[48], zero[48] = { 0 };
	chunk_t chunk;
	rng_t *rng;

	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random"));
	rng = lib->crypto->create_rng(lib->crypto, _i);
	ck_assert(rng);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ck_assert(rng->get_bytes(rng, sizeof(a), a));
	ck_assert(rng->get_bytes(rng, sizeof(b), b));
	ck_assert(memcmp(a, b, sizeof(a)) != 0);
	ck_assert(memcmp(a, zero, sizeof(a)) != 0);
	ck_assert(rng->get_bytes(rng, 0, a));
	ck_assert(rng->allocate_bytes(rng, 17, &chunk));
	ck_assert_int_eq(chunk.len, 17);
	chunk_clear(&chunk);
	rng->destroy(rng);
}
END_TEST

START_TEST(test_nonce)
{
	nonce_gen_t *nonceg;
	chunk_t a, b;
	uint8_t buf[32];

	/* listed before the RNG it needs */
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "nonce random"));
	nonceg = lib->crypto->create_nonce_gen(lib->crypto);
	ck_assert(nonceg);
	ck_assert(nonceg->allocate_nonce(nonceg, 32, &a));
	ck_assert(nonceg->allocate_nonce(nonceg, 32, &b));
	ck_assert_int_eq(a.len, 32);
	ck_assert_int_eq(b.len, 32);
	ck_assert(!chunk_equals(a, b));
	ck_assert(nonceg->get_nonce(nonceg, sizeof(buf), buf));
	ck_assert(memcmp(buf, a.ptr, sizeof(buf)) != 0);
	chunk_free(&a);
	chunk_free(&b);
	nonceg->destroy(nonceg);
}
END_TEST

START_TEST(test_nonce_without_rng)
{
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "nonce"));
	ck_assert(logged("feature NONCE_GEN in plugin 'nonce' has unmet "
			 "dependency: RNG:RNG_WEAK"));
	ck_assert(!lib->crypto->create_nonce_gen(lib->crypto));
	ck_assert(lib->plugins->load(lib->plugins, PLUGINS, "random"));
	ck_assert(lib->plugins->has_feature(lib->plugins,
					    FEATURE_ID(FEATURE_NONCE_GEN, 0)));
}
END_TEST

/* --- feature identifiers --- */

START_TEST(test_feature_matches)
{
	feature_id_t weak = FEATURE_ID(FEATURE_RNG, RNG_WEAK);
	feature_id_t strong = FEATURE_ID(FEATURE_RNG, RNG_STRONG);
	feature_id_t cbc16 = FEATURE_ID_KEY(FEATURE_CRYPTER, ENCR_AES_CBC, 16);
	feature_id_t cbc32 = FEATURE_ID_KEY(FEATURE_CRYPTER, ENCR_AES_CBC, 32);
	feature_id_t cbc = FEATURE_ID(FEATURE_CRYPTER, ENCR_AES_CBC);
	feature_id_t anycrypter = FEATURE_ID(FEATURE_CRYPTER, 0);
	feature_id_t ctr = FEATURE_ID(FEATURE_CRYPTER, ENCR_AES_CTR);
	feature_id_t aead = FEATURE_ID(FEATURE_AEAD, ENCR_AES_CBC);
	feature_id_t x = CUSTOM("x"), y = CUSTOM("y");
	feature_id_t http = FEATURE_ID_NAME(FEATURE_FETCHER, "http://");

	ck_assert(feature_id_matches(&strong, &weak));
	ck_assert(!feature_id_matches(&weak, &strong));
	ck_assert(feature_id_matches(&cbc16, &cbc));
	ck_assert(feature_id_matches(&cbc16, &anycrypter));
	ck_assert(feature_id_matches(&cbc, &cbc16));
	ck_assert(!feature_id_matches(&cbc16, &cbc32));
	ck_assert(!feature_id_matches(&ctr, &cbc));
	ck_assert(!feature_id_matches(&aead, &cbc));
	ck_assert(feature_id_matches(&x, &x));
	ck_assert(!feature_id_matches(&x, &y));
	ck_assert(!feature_id_matches(&http, &x));
	ck_assert(feature_id_matches(&http, &http));
}
END_TEST

START_TEST(test_feature_print)
{
	feature_id_t id;
	char buf[64];

	id = CUSTOM("kernel-ipsec");
	feature_id_print(&id, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CUSTOM:kernel-ipsec");
	id = FEATURE_ID(FEATURE_RNG, RNG_STRONG);
	feature_id_print(&id, buf, sizeof(buf));
	ck_assert_str_eq(buf, "RNG:RNG_STRONG");
	id = FEATURE_ID(FEATURE_NONCE_GEN, 0);
	feature_id_print(&id, buf, sizeof(buf));
	ck_assert_str_eq(buf, "NONCE_GEN");
	id = FEATURE_ID_KEY(FEATURE_CRYPTER, ENCR_AES_CBC, 16);
	feature_id_print(&id, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "CRYPTER:", 8) == 0 && strstr(buf, "-16"), "%s", buf);
	id = FEATURE_ID(FEATURE_PRIVKEY, 0);
	feature_id_print(&id, buf, sizeof(buf));
	ck_assert_str_eq(buf, "PRIVKEY:any");
	/* truncation stays terminated */
	id = CUSTOM("a-rather-long-name");
	feature_id_print(&id, buf, 8);
	ck_assert_str_eq(buf, "CUSTOM:");
	ck_assert_int_eq(feature_type_crypto_kind(FEATURE_RNG), CRYPTO_RNG);
	ck_assert_int_eq(feature_type_crypto_kind(FEATURE_CUSTOM), CRYPTO_KIND_MAX);
}
END_TEST

/* --- the crypto factory on its own --- */

static int made[4];

static rng_t *rng_a(rng_quality_t q)
{
	made[0] = q;
	return NULL;
}

static rng_t *rng_b(rng_quality_t q)
{
	made[1] = q;
	return (rng_t *)&made[1];
}

static hasher_t *hasher_a(hash_algorithm_t alg)
{
	made[2]++;
	return NULL;
}

static hasher_t *hasher_b(hash_algorithm_t alg)
{
	made[3]++;
	return (hasher_t *)&made[3];
}

START_TEST(test_factory)
{
	crypto_factory_t *f = crypto_factory_create();
	enumerator_t *e;
	const char *name;
	int alg, n = 0;

	memset(made, 0, sizeof(made));
	logbuf[0] = '\0';
	log_bus_add_logger(&capture);
	ck_assert(!f->create_rng(f, RNG_WEAK));
	ck_assert(logged("no RNG of quality RNG_WEAK available"));
	ck_assert(!f->supports(f, CRYPTO_RNG, RNG_WEAK));

	f->add(f, CRYPTO_RNG, RNG_TRUE, "b", (void *)rng_b);
	ck_assert(f->supports(f, CRYPTO_RNG, RNG_WEAK));
	/* no exact match: the stronger one serves */
	ck_assert(f->create_rng(f, RNG_WEAK) == (rng_t *)&made[1]);
	ck_assert_int_eq(made[1], RNG_TRUE);
	/* an exact match is tried first, and may decline */
	f->add(f, CRYPTO_RNG, RNG_WEAK, "a", (void *)rng_a);
	ck_assert(f->create_rng(f, RNG_WEAK) == (rng_t *)&made[1]);
	ck_assert_int_eq(made[0], RNG_WEAK);

	/* first registered wins, a declining one passes on */
	f->add(f, CRYPTO_HASHER, HASH_SHA256, "a", (void *)hasher_a);
	f->add(f, CRYPTO_HASHER, HASH_SHA256, "a", (void *)hasher_a);
	f->add(f, CRYPTO_HASHER, HASH_SHA256, "b", (void *)hasher_b);
	ck_assert(f->create_hasher(f, HASH_SHA256) == (hasher_t *)&made[3]);
	ck_assert_int_eq(made[2], 2);
	ck_assert(!f->create_hasher(f, HASH_SHA1));
	ck_assert(!f->create_crypter(f, ENCR_AES_CBC, 16));

	/* duplicates are listed once */
	e = f->create_enumerator(f, CRYPTO_HASHER);
	while (e->enumerate(e, &alg, &name))
	{
		ck_assert_int_eq(alg, HASH_SHA256);
		ck_assert_str_eq(name, n ? "b" : "a");
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 2);

	f->remove(f, CRYPTO_HASHER, (void *)hasher_a);
	made[2] = made[3] = 0;
	ck_assert(f->create_hasher(f, HASH_SHA256));
	ck_assert_int_eq(made[2], 0);
	f->remove(f, CRYPTO_HASHER, (void *)hasher_b);
	ck_assert(!f->supports(f, CRYPTO_HASHER, HASH_SHA256));
	ck_assert_str_eq(crypto_kind_name(CRYPTO_NONCE_GEN), "NONCE_GEN");
	f->destroy(f);
	log_bus_remove_logger(&capture);
}
END_TEST

/* --- the library object --- */

START_TEST(test_library_dirs)
{
	setenv("IPSEC_CONFDIR", "/tmp/cygnet-conf", 1);
	setenv("IPSEC_PIDDIR", "/tmp/cygnet-run", 1);
	ck_assert_str_eq(library_confdir(), "/tmp/cygnet-conf");
	ck_assert_str_eq(library_piddir(), "/tmp/cygnet-run");
	/* empty counts as unset: the compiled-in directories */
	setenv("IPSEC_CONFDIR", "", 1);
	unsetenv("IPSEC_PIDDIR");
	ck_assert(library_confdir()[0] == '/');
	ck_assert(library_piddir()[0] == '/');
	ck_assert_str_ne(library_confdir(), "/tmp/cygnet-conf");
	ck_assert_str_ne(library_piddir(), "/tmp/cygnet-run");
	unsetenv("IPSEC_CONFDIR");
}
END_TEST

START_TEST(test_library_settings)
{
	char dir[] = "/tmp/cygnet-test-XXXXXX", file[64];
	FILE *f;

	/* setup() initialised it; start from scratch */
	library_deinit();
	ck_assert(lib == NULL);

	ck_assert(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/cygnet.conf", dir);
	f = fopen(file, "w");
	ck_assert(f);
	fputs("test {\n  key = value\n}\n", f);
	fclose(f);
	setenv("IPSEC_CONFDIR", dir, 1);
	ck_assert(library_init(NULL, "test"));
	ck_assert_str_eq(lib->ns, "test");
	ck_assert_str_eq(lib->settings->get_str(lib->settings, "test.key", ""), "value");
	ck_assert(lib->processor && lib->scheduler && lib->crypto && lib->plugins);
	library_deinit();

	f = fopen(file, "w");
	ck_assert(f);
	fputs("test {\n  key = value\n", f);
	fclose(f);
	ck_assert(!library_init(NULL, "test"));
	/* still usable, with empty settings, and the error is kept */
	ck_assert(lib && lib->settings && lib->plugins);
	ck_assert(lib->settings->last_error(lib->settings));
	ck_assert(strstr(lib->settings->last_error(lib->settings), "cygnet.conf"));
	ck_assert_str_eq(lib->settings->get_str(lib->settings, "test.key", "def"), "def");
	unsetenv("IPSEC_CONFDIR");
	unlink(file);
	rmdir(dir);
	/* teardown() deinitialises this one */
}
END_TEST

START_TEST(test_library_nested)
{
	crypto_factory_t *crypto = lib->crypto;

	ck_assert(library_init(NULL, "other"));
	ck_assert(lib->crypto == crypto);
	ck_assert_str_eq(lib->ns, "test");
	library_deinit();
	ck_assert(lib && lib->crypto == crypto);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("plugin_loader");
	TCase *tc;

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_files);
	tcase_add_test(tc, test_example_plugin);
	tcase_add_test(tc, test_missing_plugin);
	tcase_add_test(tc, test_critical_missing);
	tcase_add_test(tc, test_critical_ok);
	tcase_add_test(tc, test_critical_disabled_feature);
	tcase_add_test(tc, test_invalid_names);
	tcase_add_test(tc, test_duplicate_name);
	tcase_add_test(tc, test_not_a_plugin);
	tcase_add_test(tc, test_env_plugindir);
	suite_add_tcase(s, tc);

	tc = tcase_create("resolution");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_static_chain);
	tcase_add_test(tc, test_static_chain_reversed);
	tcase_add_test(tc, test_static_chain_broken);
	tcase_add_test(tc, test_soft_order);
	tcase_add_test(tc, test_soft_missing);
	tcase_add_test(tc, test_soft_unviable);
	tcase_add_test(tc, test_soft_cycle);
	tcase_add_test(tc, test_hard_cycle);
	tcase_add_test(tc, test_refusing_callback);
	tcase_add_test(tc, test_crypto_features);
	tcase_add_test(tc, test_mixed_static_and_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("random and nonce");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_rng, RNG_WEAK, RNG_TRUE + 1);
	tcase_add_test(tc, test_nonce);
	tcase_add_test(tc, test_nonce_without_rng);
	suite_add_tcase(s, tc);

	tc = tcase_create("features and factory");
	tcase_add_test(tc, test_feature_matches);
	tcase_add_test(tc, test_feature_print);
	tcase_add_test(tc, test_factory);
	suite_add_tcase(s, tc);

	tc = tcase_create("library");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_library_dirs);
	tcase_add_test(tc, test_library_settings);
	tcase_add_test(tc, test_library_nested);
	suite_add_tcase(s, tc);
	return s;
}
