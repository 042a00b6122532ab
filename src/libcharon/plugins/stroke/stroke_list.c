/*
 * Listing and maintenance commands. The algorithm list wraps like
 * strongSwan's: entries " NAME[plugin]" after a 13 column label, a new
 * line (indented to the label) once a line would exceed 120 columns.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>

#include "stroke_list.h"
#include "stroke_json.h"
#include "stroke_secrets.h"

#include "daemon.h"
#include "control/controller.h"
#include "crypto/crypto_factory.h"
#include "encoding/enc_counters.h"
#include "network/net_counters.h"
#include "plugins/plugin_list.h"
#include "plugins/plugin_loader.h"

#define ALG_LINE_MAX 120
#define ALG_LABEL_WIDTH 13

/* Which listing kinds exist; certificate ones are empty for now. */
static const char *cert_kinds[] = {
	"pubkeys", "certs", "cacerts", "aacerts", "ocspcerts", "acerts", "groups",
	"cainfos", "crls", "ocsp",
};

static bool json_wanted(stroke_msg_t *msg)
{
	return streq(msg->get(msg, "json", "no"), "yes");
}

static const struct {
	crypto_kind_t kind;
	const char *label;
	const char *json;
} alg_kinds[] = {
	{ CRYPTO_CRYPTER, "encryption:", "encryption" },
	{ CRYPTO_SIGNER, "integrity:", "integrity" },
	{ CRYPTO_AEAD, "aead:", "aead" },
	{ CRYPTO_HASHER, "hasher:", "hasher" },
	{ CRYPTO_PRF, "prf:", "prf" },
	{ CRYPTO_KE, "dh-group:", "dh_group" },
	{ CRYPTO_RNG, "random-gen:", "random_gen" },
	{ CRYPTO_NONCE_GEN, "nonce-gen:", "nonce_gen" },
};

static const char *alg_name(crypto_kind_t kind, int alg)
{
	switch (kind) {
	case CRYPTO_CRYPTER:
	case CRYPTO_AEAD:
		return encryption_algorithm_name(alg);
	case CRYPTO_SIGNER:
		return integrity_algorithm_name(alg);
	case CRYPTO_HASHER:
		return hash_algorithm_name(alg);
	case CRYPTO_PRF:
		return pseudo_random_function_name(alg);
	case CRYPTO_KE:
		return key_exchange_method_name(alg);
	case CRYPTO_RNG:
		return rng_quality_name(alg);
	default:
		return "";
	}
}

static void algs_text(FILE *out)
{
	const char *plugin;
	enumerator_t *e;
	char entry[128];
	int alg, used, n;

	fprintf(out, "\nList of registered IKE algorithms:\n\n");
	for (size_t i = 0; i < countof(alg_kinds); i++) {
		used = fprintf(out, "  %-11s", alg_kinds[i].label);
		e = lib->crypto->create_enumerator(lib->crypto, alg_kinds[i].kind);
		while (e->enumerate(e, &alg, &plugin)) {
			n = snprintf(entry, sizeof(entry), " %s[%s]",
				     alg_name(alg_kinds[i].kind, alg), plugin);
			if (used + n > ALG_LINE_MAX) {
				fprintf(out, "\n%*s", ALG_LABEL_WIDTH, "");
				used = ALG_LABEL_WIDTH;
			}
			fputs(entry, out);
			used += n;
		}
		e->destroy(e);
		fputc('\n', out);
	}
}

static void algs_json(stroke_json_t *json)
{
	const char *plugin;
	enumerator_t *e;
	int alg;

	json->begin_object(json, "algorithms");
	for (size_t i = 0; i < countof(alg_kinds); i++) {
		json->begin_array(json, alg_kinds[i].json);
		e = lib->crypto->create_enumerator(lib->crypto, alg_kinds[i].kind);
		while (e->enumerate(e, &alg, &plugin)) {
			json->begin_object(json, NULL);
			json->string(json, "name", alg_name(alg_kinds[i].kind, alg));
			json->string(json, "plugin", plugin);
			json->end_object(json);
		}
		e->destroy(e);
		json->end_array(json);
	}
	json->end_object(json);
}

void stroke_list_algs(FILE *out, bool json)
{
	stroke_json_t *writer;

	if (!json) {
		algs_text(out);
		return;
	}
	writer = stroke_json_create(out);
	writer->begin_object(writer, NULL);
	algs_json(writer);
	writer->destroy(writer);
}

static void json_deps(stroke_json_t *json, const char *key, const feature_id_t *deps)
{
	char buf[128];

	json->begin_array(json, key);
	for (int i = 0; i < FEATURE_MAX_DEPS && deps[i].type != FEATURE_NONE; i++) {
		feature_id_print(&deps[i], buf, sizeof(buf));
		json->string(json, NULL, buf);
	}
	json->end_array(json);
}

static void plugins_json(stroke_json_t *json)
{
	enumerator_t *plugins, *features;
	const plugin_feature_t *feature;
	plugin_t *plugin;
	char buf[128];
	bool loaded;

	json->begin_array(json, "plugins");
	plugins = lib->plugins->create_plugin_enumerator(lib->plugins);
	while (plugins->enumerate(plugins, &plugin, &features)) {
		json->begin_object(json, NULL);
		json->string(json, "name", plugin->get_name(plugin));
		json->begin_array(json, "features");
		while (features->enumerate(features, &feature, &loaded)) {
			feature_id_print(&feature->provides, buf, sizeof(buf));
			json->begin_object(json, NULL);
			json->string(json, "provides", buf);
			json->boolean(json, "loaded", loaded);
			json_deps(json, "depends", feature->depends);
			json_deps(json, "soft_depends", feature->sdepends);
			json->end_object(json);
		}
		json->end_array(json);
		json->end_object(json);
	}
	plugins->destroy(plugins);
	json->end_array(json);
}

/* The counters cygnet keeps: IKE packets and messages, process-wide. */
static void counters_text(FILE *out)
{
	char name[64];

	fprintf(out, "\nList of IKE counters:\n\n");
	for (int i = 0; i < NET_CNT_MAX; i++) {
		snprintf(name, sizeof(name), "net_%s", net_counter_name(i));
		fprintf(out, "%-26s %12" PRIu64 "\n", name, net_counter_get(i));
	}
	for (int i = 0; i < ENC_CNT_MAX; i++) {
		snprintf(name, sizeof(name), "msg_%s", enc_counter_name(i));
		fprintf(out, "%-26s %12" PRIu64 "\n", name, enc_counter_get(i));
	}
}

static void counters_json(stroke_json_t *json)
{
	char name[64];

	json->begin_object(json, "counters");
	for (int i = 0; i < NET_CNT_MAX; i++) {
		snprintf(name, sizeof(name), "net_%s", net_counter_name(i));
		json->integer(json, name, (int64_t)net_counter_get(i));
	}
	for (int i = 0; i < ENC_CNT_MAX; i++) {
		snprintf(name, sizeof(name), "msg_%s", enc_counter_name(i));
		json->integer(json, name, (int64_t)enc_counter_get(i));
	}
	json->end_object(json);
}

static bool is_cert_kind(const char *what)
{
	for (size_t i = 0; i < countof(cert_kinds); i++) {
		if (streq(what, cert_kinds[i])) {
			return true;
		}
	}
	return false;
}

static int list_json(FILE *out, const char *what)
{
	stroke_json_t *json = stroke_json_create(out);

	json->begin_object(json, NULL);
	if (streq(what, "all")) {
		for (size_t i = 0; i < countof(cert_kinds); i++) {
			json->begin_array(json, cert_kinds[i]);
			json->end_array(json);
		}
	} else if (is_cert_kind(what)) {
		json->begin_array(json, what);
		json->end_array(json);
	}
	if (streq(what, "algs") || streq(what, "all")) {
		algs_json(json);
	}
	if (streq(what, "plugins") || streq(what, "all")) {
		plugins_json(json);
	}
	if (streq(what, "counters")) {
		counters_json(json);
	}
	json->destroy(json);
	return 0;
}

int stroke_list(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *what = msg->get(msg, "what", NULL);

	if (!what || !(is_cert_kind(what) || streq(what, "algs") || streq(what, "plugins") ||
		       streq(what, "counters") || streq(what, "all"))) {
		fprintf(err, "list: unknown or missing what=%s\n", what ? what : "");
		return 2;
	}
	if (streq(what, "counters") && msg->get(msg, "name", NULL)) {
		fprintf(err, "per-connection counters are not supported\n");
		return 1;
	}
	if (json_wanted(msg)) {
		return list_json(out, what);
	}
	/* certificate stores are empty: strongSwan prints nothing for those */
	if (streq(what, "algs") || streq(what, "all")) {
		algs_text(out);
	}
	if (streq(what, "plugins") || streq(what, "all")) {
		fputc('\n', out);
		plugin_list_print(out);
	}
	if (streq(what, "counters")) {
		counters_text(out);
	}
	return 0;
}

int stroke_list_load_secrets(FILE *err)
{
	/* two rereads at once would interleave their flush and add */
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char path[PATH_MAX], *error = NULL;
	int count;

	pthread_mutex_lock(&lock);
	count = stroke_secrets_load(charon->credentials, stroke_secrets_path(path, sizeof(path)),
				    &error);
	pthread_mutex_unlock(&lock);
	if (count < 0 && err) {
		fprintf(err, "loading secrets failed, the previous ones stay loaded: %s\n",
			error ? error : "error");
	}
	free(error);
	return count;
}

int stroke_list_reread(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *what = msg->get(msg, "what", NULL);

	if (streq(what, "secrets") || streq(what, "all")) {
		/* what=all: there are no certificate stores to reread yet */
		return stroke_list_load_secrets(err) < 0 ? 1 : 0;
	}
	if (what && (streq(what, "cacerts") || streq(what, "aacerts") ||
		     streq(what, "ocspcerts") || streq(what, "acerts") || streq(what, "crls"))) {
		fprintf(err, "rereading %s is not supported yet\n", what);
		return 1;
	}
	fprintf(err, "reread: unknown or missing what=%s\n", what ? what : "");
	return 2;
}

/* purgeike: IKE_SAs without CHILD_SAs are deleted. */
static int purge_ike(FILE *out, FILE *err)
{
	linked_list_t *ids = linked_list_create();
	enumerator_t *e;
	ike_sa_t *ike_sa;
	void *id;
	int failed = 0;

	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		if (!ike_sa->get_child_count(ike_sa)) {
			ids->insert_last(ids, (void *)(uintptr_t)ike_sa->get_unique_id(ike_sa));
		}
	}
	e->destroy(e);
	while (ids->remove_first(ids, &id) == SUCCESS) {
		if (charon->controller->terminate_ike(charon->controller, (uint32_t)(uintptr_t)id,
						      false, NULL, NULL, LEVEL_SILENT, 0) != SUCCESS) {
			fprintf(err, "deleting IKE_SA [%" PRIu32 "] failed\n", (uint32_t)(uintptr_t)id);
			failed++;
		}
	}
	ids->destroy(ids);
	return failed ? 1 : 0;
}

int stroke_list_purge(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *what = msg->get(msg, "what", NULL);

	if (streq(what, "ike")) {
		return purge_ike(out, err);
	}
	if (streq(what, "certs") || streq(what, "crls") || streq(what, "ocsp")) {
		/* nothing is cached yet */
		return 0;
	}
	fprintf(err, "purge: unknown or missing what=%s\n", what ? what : "");
	return 2;
}

int stroke_list_resetcounters(stroke_msg_t *msg, FILE *out, FILE *err)
{
	if (msg->get(msg, "name", NULL)) {
		fprintf(err, "per-connection counters are not supported\n");
		return 1;
	}
	net_counters_reset();
	enc_counters_reset();
	return 0;
}
