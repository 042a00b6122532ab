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
#include "stroke_list_creds.h"
#include "stroke_json.h"
#include "stroke_secrets.h"

#include "daemon.h"
#include "bus/ike_counters.h"
#include "control/controller.h"
#include "crypto/crypto_factory.h"
#include "encoding/enc_counters.h"
#include "network/net_counters.h"
#include "plugins/plugin_list.h"
#include "plugins/plugin_loader.h"

#define ALG_LINE_MAX 120
#define ALG_LABEL_WIDTH 13

/* Which listing kinds exist (stroke_list_creds.c fills them). */
static const char *cert_kinds[] = {
	"pubkeys", "certs", "cacerts", "aacerts", "ocspcerts", "acerts", "groups",
	"cainfos", "crls", "ocsp", "checkpubkeys",
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

/* The IKE counters (strongSwan's names) of conn @p name, or the
 * process-wide ones with cygnet's packet and parser counters (NULL). */
static void counters_text(FILE *out, const char *name)
{
	uint64_t values[IKE_CNT_MAX];
	char label[64];

	ike_counters_get(name, values);
	if (name) {
		fprintf(out, "\nList of IKE counters for '%s':\n\n", name);
	} else {
		fprintf(out, "\nList of IKE counters:\n\n");
	}
	for (int i = 0; i < IKE_CNT_MAX; i++) {
		fprintf(out, "%-26s %12" PRIu64 "\n", ike_counter_name(i), values[i]);
	}
	if (name) {
		return;
	}
	for (int i = 0; i < NET_CNT_MAX; i++) {
		snprintf(label, sizeof(label), "net_%s", net_counter_name(i));
		fprintf(out, "%-26s %12" PRIu64 "\n", label, net_counter_get(i));
	}
	for (int i = 0; i < ENC_CNT_MAX; i++) {
		snprintf(label, sizeof(label), "msg_%s", enc_counter_name(i));
		fprintf(out, "%-26s %12" PRIu64 "\n", label, enc_counter_get(i));
	}
}

static void counters_json(stroke_json_t *json, const char *name)
{
	uint64_t values[IKE_CNT_MAX];
	char label[64];

	ike_counters_get(name, values);
	json->begin_object(json, "counters");
	if (name) {
		json->string(json, "name", name);
	}
	for (int i = 0; i < IKE_CNT_MAX; i++) {
		json->integer(json, ike_counter_name(i), (int64_t)values[i]);
	}
	for (int i = 0; !name && i < NET_CNT_MAX; i++) {
		snprintf(label, sizeof(label), "net_%s", net_counter_name(i));
		json->integer(json, label, (int64_t)net_counter_get(i));
	}
	for (int i = 0; !name && i < ENC_CNT_MAX; i++) {
		snprintf(label, sizeof(label), "msg_%s", enc_counter_name(i));
		json->integer(json, label, (int64_t)enc_counter_get(i));
	}
	json->end_object(json);
}

/* A conn counters are asked for: known now, or counted for before. */
static bool counters_known(const char *name)
{
	uint64_t values[IKE_CNT_MAX];
	peer_cfg_t *peer;

	if (ike_counters_get(name, values)) {
		return true;
	}
	peer = charon->backends->get_peer_cfg_by_name(charon->backends, name);
	DESTROY_IF(peer);
	return peer != NULL;
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

static int list_json(FILE *out, const char *what, const char *name)
{
	stroke_json_t *json = stroke_json_create(out);

	json->begin_object(json, NULL);
	if (streq(what, "all") || is_cert_kind(what)) {
		stroke_list_creds_json(json, what);
	}
	if (streq(what, "algs") || streq(what, "all")) {
		algs_json(json);
	}
	if (streq(what, "plugins") || streq(what, "all")) {
		plugins_json(json);
	}
	if (streq(what, "counters")) {
		counters_json(json, name);
	}
	json->destroy(json);
	return 0;
}

int stroke_list(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *what = msg->get(msg, "what", NULL), *name = msg->get(msg, "name", NULL);

	if (!what || !(is_cert_kind(what) || streq(what, "algs") || streq(what, "plugins") ||
		       streq(what, "counters") || streq(what, "all"))) {
		fprintf(err, "list: unknown or missing what=%s\n", what ? what : "");
		return 2;
	}
	if (streq(what, "counters") && name && !counters_known(name)) {
		fprintf(err, "no counters found for '%s'\n", name);
		return 1;
	}
	if (json_wanted(msg)) {
		return list_json(out, what, name);
	}
	if (streq(what, "all") || is_cert_kind(what)) {
		stroke_list_creds_text(out, what);
	}
	if (streq(what, "algs") || streq(what, "all")) {
		algs_text(out);
	}
	if (streq(what, "plugins") || streq(what, "all")) {
		fputc('\n', out);
		plugin_list_print(out);
	}
	if (streq(what, "counters")) {
		counters_text(out, name);
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
		if (streq(what, "all")) {
			stroke_list_creds_reread(what);
		}
		return stroke_list_load_secrets(err) < 0 ? 1 : 0;
	}
	if (what && stroke_list_creds_reread(what)) {
		return 0;
	}
	if (streq(what, "acerts")) {
		/* attribute certificates are not supported: nothing to reread */
		return 0;
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
	if (what && stroke_list_creds_purge(what)) {
		return 0;
	}
	fprintf(err, "purge: unknown or missing what=%s\n", what ? what : "");
	return 2;
}

int stroke_list_resetcounters(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL);

	if (name) {
		if (!counters_known(name)) {
			fprintf(err, "no counters found for '%s'\n", name);
			return 1;
		}
		ike_counters_reset(name);
		return 0;
	}
	ike_counters_reset(NULL);
	net_counters_reset();
	enc_counters_reset();
	return 0;
}
