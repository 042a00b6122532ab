/*
 * The ca sections charon was given, by name. A section's credentials are
 * tagged "ca:NAME" in the credential manager, so deleting or replacing a
 * section removes exactly what it added; a CA certificate that is also in
 * ipsec.d/cacerts stays trusted through that directory.
 */
#include <pthread.h>

#include "stroke_ca.h"
#include "stroke_list_creds.h"

#include "daemon.h"
#include "collections/linked_list.h"
#include "credentials/cred_loader.h"
#include "credentials/certificates/x509.h"

typedef struct ca_section_t {
	char *name;
	/** the keywords as received, to tell an unchanged section */
	stroke_msg_t *msg;
	certificate_t *cert;
	linked_list_t *crluris;		/* char * */
	linked_list_t *ocspuris;	/* char * */
	char *certuribase;
} ca_section_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static linked_list_t *sections;		/* ca_section_t * */

/* keywords of a ca section; also= and %default are resolved by starter */
static const char *known_keys[] = {
	"name", "cacert", "crluri", "crluri2", "ocspuri", "ocspuri2",
	"certuribase", "auto",
};

static void section_destroy(ca_section_t *section)
{
	free(section->name);
	section->msg->destroy(section->msg);
	DESTROY_IF(section->cert);
	section->crluris->destroy_function(section->crluris, free);
	section->ocspuris->destroy_function(section->ocspuris, free);
	free(section->certuribase);
	free(section);
}

static void source_of(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "ca:%s", name);
}

static bool same_msg(stroke_msg_t *a, stroke_msg_t *b)
{
	enumerator_t *ea = a->create_enumerator(a), *eb = b->create_enumerator(b);
	const char *ka, *va, *kb, *vb;
	bool same = true, more_a, more_b;

	while (same) {
		more_a = ea->enumerate(ea, &ka, &va);
		more_b = eb->enumerate(eb, &kb, &vb);
		if (!more_a || !more_b) {
			same = more_a == more_b;
			break;
		}
		same = streq(ka, kb) && streq(va, vb);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return same;
}

/* The section named @p name, removed from the list. Locked. */
static ca_section_t *take(const char *name)
{
	enumerator_t *enumerator;
	ca_section_t *section, *found = NULL;

	if (!sections) {
		return NULL;
	}
	enumerator = sections->create_enumerator(sections);
	while (!found && enumerator->enumerate(enumerator, &section)) {
		if (streq(section->name, name)) {
			sections->remove_at(sections, enumerator);
			found = section;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static bool check_keys(stroke_msg_t *msg, FILE *err)
{
	enumerator_t *enumerator = msg->create_enumerator(msg);
	const char *key;
	bool ok = true;
	size_t i;

	while (enumerator->enumerate(enumerator, &key, NULL)) {
		for (i = 0; i < countof(known_keys) && !streq(key, known_keys[i]); i++) {
		}
		if (i == countof(known_keys)) {
			fprintf(err, "ca '%s': unknown keyword '%s'\n",
				msg->get(msg, "name", ""), key);
			ok = false;
		}
	}
	enumerator->destroy(enumerator);
	return ok;
}

/* The CA certificate of cacert= (relative: under ipsec.d/cacerts). */
static certificate_t *load_cacert(const char *name, const char *file, FILE *err)
{
	certificate_t *cert;
	char path[512];

	if (!cred_loader_path("cacerts", file, path, sizeof(path))) {
		fprintf(err, "ca '%s': cacert path '%s' is too long\n", name, file);
		return NULL;
	}
	cert = cred_loader_load_cert(path, CERT_X509);
	if (!cert) {
		fprintf(err, "ca '%s': cannot load cacert '%s'\n", name, path);
		return NULL;
	}
	if (!(((x509_t *)cert)->get_flags((x509_t *)cert) & X509_CA)) {
		fprintf(err, "ca '%s': '%s' is not a CA certificate (no CA basic "
			"constraint)\n", name, path);
		cert->destroy(cert);
		return NULL;
	}
	return cert;
}

static void add_uris(ca_section_t *section, stroke_msg_t *msg, const char *source,
		     certificate_type_t type, const char *key1, const char *key2)
{
	cdp_store_t *cdps = charon->credentials->get_cdps(charon->credentials);
	linked_list_t *list = type == CERT_X509_CRL ? section->crluris : section->ocspuris;
	identification_t *issuer = section->cert->get_subject(section->cert);
	const char *keys[] = { key1, key2 }, *uri;
	size_t i;

	for (i = 0; i < countof(keys); i++) {
		uri = msg->get(msg, keys[i], NULL);
		if (uri && *uri) {
			list->insert_last(list, str_dup(uri));
			cdps->add(cdps, source, issuer, type, uri);
		}
	}
}

/* Install @p section's credentials. Locked. */
static void install(ca_section_t *section)
{
	char source[300];

	source_of(section->name, source, sizeof(source));
	add_uris(section, section->msg, source, CERT_X509_CRL, "crluri", "crluri2");
	add_uris(section, section->msg, source, CERT_X509_OCSP_RESPONSE,
		 "ocspuri", "ocspuri2");
	charon->credentials->add_cert(charon->credentials, source,
				      section->cert->get_ref(section->cert), true);
}

static void uninstall(const char *name)
{
	char source[300];

	source_of(name, source, sizeof(source));
	charon->credentials->flush(charon->credentials, source);
}

static stroke_msg_t *copy_msg(stroke_msg_t *msg)
{
	stroke_msg_t *copy = stroke_msg_create(msg->get_command(msg));
	enumerator_t *enumerator = msg->create_enumerator(msg);
	const char *key, *value;

	while (enumerator->enumerate(enumerator, &key, &value)) {
		copy->add(copy, key, value);
	}
	enumerator->destroy(enumerator);
	return copy;
}

int stroke_ca_add(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL);
	const char *file = msg->get(msg, "cacert", NULL);
	ca_section_t *section, *old;
	certificate_t *cert;

	if (!name || !*name) {
		fprintf(err, "add_ca: missing name\n");
		return 2;
	}
	if (!check_keys(msg, err)) {
		return 2;
	}
	if (!file || !*file) {
		fprintf(err, "ca '%s': missing cacert=\n", name);
		return 1;
	}
	cert = load_cacert(name, file, err);
	if (!cert) {
		return 1;
	}
	pthread_mutex_lock(&lock);
	old = take(name);
	if (old && same_msg(old->msg, msg) && old->cert->equals(old->cert, cert)) {
		sections->insert_last(sections, old);
		pthread_mutex_unlock(&lock);
		cert->destroy(cert);
		fprintf(out, "ca '%s' unchanged\n", name);
		return 0;
	}
	if (old) {
		uninstall(old->name);
		section_destroy(old);
	}
	section = mem_zalloc(sizeof(*section));
	*section = (ca_section_t){
		.name = str_dup(name),
		.msg = copy_msg(msg),
		.cert = cert,
		.crluris = linked_list_create(),
		.ocspuris = linked_list_create(),
		.certuribase = msg->get(msg, "certuribase", NULL) ?
			str_dup(msg->get(msg, "certuribase", NULL)) : NULL,
	};
	install(section);
	if (!sections) {
		sections = linked_list_create();
	}
	sections->insert_last(sections, section);
	pthread_mutex_unlock(&lock);
	DBG1(DBG_CFG, "added ca '%s' (\"%s\")", name,
	     cert->get_subject(cert)->to_string(cert->get_subject(cert)));
	fprintf(out, "added ca '%s'\n", name);
	return 0;
}

int stroke_ca_del(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", "");
	ca_section_t *section;

	pthread_mutex_lock(&lock);
	section = take(name);
	if (section) {
		uninstall(section->name);
		section_destroy(section);
	}
	pthread_mutex_unlock(&lock);
	if (!section) {
		fprintf(err, "no ca named '%s'\n", name);
		return 1;
	}
	DBG1(DBG_CFG, "deleted ca '%s'", name);
	fprintf(out, "deleted ca '%s'\n", name);
	return 0;
}

static void print_uris(FILE *out, const char *label, linked_list_t *uris)
{
	enumerator_t *enumerator = uris->create_enumerator(uris);
	const char *uri;
	bool first = true;

	while (enumerator->enumerate(enumerator, &uri)) {
		fprintf(out, "  %-12s '%s'\n", first ? label : "", uri);
		first = false;
	}
	enumerator->destroy(enumerator);
}

static void print_section(FILE *out, ca_section_t *section)
{
	certificate_t *cert = section->cert;
	x509_t *x509 = (x509_t *)cert;
	public_key_t *key;
	char buf[256];
	chunk_t fp;

	fprintf(out, "\n  name:        %s\n", section->name);
	fprintf(out, "  authname:    \"%s\"\n",
		cert->get_subject(cert)->to_string(cert->get_subject(cert)));
	if (x509->get_subject_key_id(x509).len) {
		fprintf(out, "  authkey:     %s\n",
			stroke_list_hex(x509->get_subject_key_id(x509), buf, sizeof(buf)));
	}
	key = cert->get_public_key(cert);
	if (key) {
		if (key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
			fprintf(out, "  keyid:       %s\n", stroke_list_hex(fp, buf, sizeof(buf)));
		}
		key->destroy(key);
	}
	print_uris(out, "crluris:", section->crluris);
	print_uris(out, "ocspuris:", section->ocspuris);
	if (section->certuribase) {
		fprintf(out, "  certuribase: '%s'\n", section->certuribase);
	}
}

void stroke_ca_list_text(FILE *out)
{
	enumerator_t *enumerator;
	ca_section_t *section;

	pthread_mutex_lock(&lock);
	if (sections && sections->get_count(sections)) {
		fprintf(out, "\nList of X.509 CA Information Records\n");
		enumerator = sections->create_enumerator(sections);
		while (enumerator->enumerate(enumerator, &section)) {
			print_section(out, section);
		}
		enumerator->destroy(enumerator);
	}
	pthread_mutex_unlock(&lock);
}

static void json_uris(stroke_json_t *json, const char *key, linked_list_t *uris)
{
	enumerator_t *enumerator = uris->create_enumerator(uris);
	const char *uri;

	json->begin_array(json, key);
	while (enumerator->enumerate(enumerator, &uri)) {
		json->string(json, NULL, uri);
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
}

void stroke_ca_list_json(stroke_json_t *json)
{
	enumerator_t *enumerator;
	ca_section_t *section;
	certificate_t *cert;

	json->begin_array(json, "cainfos");
	pthread_mutex_lock(&lock);
	enumerator = sections ? sections->create_enumerator(sections) :
		enumerator_create_empty();
	while (enumerator->enumerate(enumerator, &section)) {
		cert = section->cert;
		json->begin_object(json, NULL);
		json->string(json, "name", section->name);
		json->string(json, "authname",
			     cert->get_subject(cert)->to_string(cert->get_subject(cert)));
		json_uris(json, "crl_uris", section->crluris);
		json_uris(json, "ocsp_uris", section->ocspuris);
		if (section->certuribase) {
			json->string(json, "certuribase", section->certuribase);
		}
		json->end_object(json);
	}
	enumerator->destroy(enumerator);
	pthread_mutex_unlock(&lock);
	json->end_array(json);
}

void stroke_ca_flush(void)
{
	pthread_mutex_lock(&lock);
	if (sections) {
		while (sections->get_count(sections)) {
			ca_section_t *section;

			sections->remove_first(sections, (void **)&section);
			section_destroy(section);
		}
		sections->destroy(sections);
		sections = NULL;
	}
	pthread_mutex_unlock(&lock);
}
