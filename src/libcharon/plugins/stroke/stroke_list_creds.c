/*
 * Certificate listings as strongSwan's stroke prints them: a header per
 * kind, then one block per certificate with 11-column labels, times in
 * local time ("Nov 25 21:53:43 2026"), hex in colon-separated pairs.
 * Certificates are sorted into kinds by their flags, not by how they were
 * loaded, as strongSwan does.
 */
#include <inttypes.h>

#include "stroke_list_creds.h"
#include "stroke_ca.h"

#include "daemon.h"
#include "credentials/cred_loader.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"

typedef enum {
	KIND_CERTS,
	KIND_CACERTS,
	KIND_OCSPCERTS,
	KIND_CRLS,
	KIND_PUBKEYS,
	KIND_MAX,
} list_kind_t;

static const struct {
	const char *what;
	const char *header;
} kinds[KIND_MAX] = {
	[KIND_CERTS] = { "certs", "List of X.509 End Entity Certificates" },
	[KIND_CACERTS] = { "cacerts", "List of X.509 CA Certificates" },
	[KIND_OCSPCERTS] = { "ocspcerts", "List of X.509 OCSP Signer Certificates" },
	[KIND_CRLS] = { "crls", "List of X.509 CRLs" },
	[KIND_PUBKEYS] = { "pubkeys", "List of Raw Public Keys" },
};

/* kinds that exist but hold nothing cygnet keeps */
static const char *empty_kinds[] = {
	"aacerts", "acerts", "groups",
};

/* kinds listed by their own functions below ("checkpubkeys" is not part
 * of "all", as in libreswan) */
static const char *other_kinds[] = {
	"cainfos", "ocsp", "checkpubkeys",
};

/* certificates expiring within this many days are listed by checkpubkeys */
#define CHECKPUBKEYS_WARN_DAYS 30

bool stroke_list_creds_kind(const char *what)
{
	size_t i;

	for (i = 0; i < KIND_MAX; i++) {
		if (streq(what, kinds[i].what)) {
			return true;
		}
	}
	for (i = 0; i < countof(empty_kinds); i++) {
		if (streq(what, empty_kinds[i])) {
			return true;
		}
	}
	for (i = 0; i < countof(other_kinds); i++) {
		if (streq(what, other_kinds[i])) {
			return true;
		}
	}
	return false;
}

static bool wanted(const char *what, list_kind_t kind)
{
	return streq(what, "all") || streq(what, kinds[kind].what);
}

static list_kind_t cert_kind(certificate_t *cert)
{
	x509_t *x509;

	if (cert->get_type(cert) == CERT_X509_CRL) {
		return KIND_CRLS;
	}
	if (cert->get_type(cert) == CERT_TRUSTED_PUBKEY) {
		return KIND_PUBKEYS;
	}
	if (cert->get_type(cert) != CERT_X509) {
		return KIND_MAX;
	}
	x509 = (x509_t *)cert;
	if (x509->get_flags(x509) & X509_CA) {
		return KIND_CACERTS;
	}
	if (x509->get_flags(x509) & X509_OCSP_SIGNER) {
		return KIND_OCSPCERTS;
	}
	return KIND_CERTS;
}

const char *stroke_list_hex(chunk_t data, char *buf, size_t len)
{
	size_t i, pos = 0;

	buf[0] = '\0';
	for (i = 0; i < data.len && pos + 4 <= len; i++) {
		pos += snprintf(buf + pos, len - pos, "%s%02x", i ? ":" : "", data.ptr[i]);
	}
	return buf;
}

static const char *timestr(time_t t, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%b %e %H:%M:%S %Y", &tm);
	return buf;
}

/* "364 days", "5 hours", "1 minute" */
static const char *delta(time_t from, time_t to, char *buf, size_t len)
{
	uint64_t d = (uint64_t)(to > from ? to - from : from - to);
	const char *unit = "second";

	if (d > 86400) {
		d /= 86400;
		unit = "day";
	} else if (d > 3600) {
		d /= 3600;
		unit = "hour";
	} else if (d > 60) {
		d /= 60;
		unit = "minute";
	}
	snprintf(buf, len, "%" PRIu64 " %s%s", d, unit, d == 1 ? "" : "s");
	return buf;
}

static void print_validity(FILE *out, const char *first, const char *second,
			   const char *label_before, const char *label_after,
			   time_t before, time_t after)
{
	time_t now = time(NULL);
	char t[64], d[32];

	fprintf(out, "%s%s %s, ", first, label_before, timestr(before, t, sizeof(t)));
	if (now < before) {
		fprintf(out, "not valid yet (valid in %s)\n", delta(now, before, d, sizeof(d)));
	} else {
		fprintf(out, "ok\n");
	}
	if (!after) {
		return;
	}
	fprintf(out, "%s%s %s, ", second, label_after, timestr(after, t, sizeof(t)));
	if (now > after) {
		fprintf(out, "expired (%s ago)\n", delta(after, now, d, sizeof(d)));
	} else {
		fprintf(out, "ok (expires in %s)\n", delta(now, after, d, sizeof(d)));
	}
}

static void print_uris(FILE *out, const char *label, enumerator_t *enumerator)
{
	const char *uri;
	bool first = true;

	while (enumerator->enumerate(enumerator, &uri)) {
		fprintf(out, "  %s %s\n", first ? label : "          ", uri);
		first = false;
	}
	enumerator->destroy(enumerator);
}

static void print_flags(FILE *out, x509_t *x509)
{
	x509_flag_t flags = x509->get_flags(x509);
	uint32_t usage = 0;
	bool crl_sign;

	crl_sign = (flags & X509_CA) && x509->get_key_usage(x509, &usage) &&
		   (usage & X509_KU_CRL_SIGN);
	if (!(flags & (X509_CA | X509_OCSP_SIGNER | X509_SERVER_AUTH | X509_CLIENT_AUTH |
		       X509_IKE_INTERMEDIATE | X509_SELF_SIGNED))) {
		return;
	}
	fprintf(out, "  flags:     %s%s%s%s%s%s%s\n",
		flags & X509_CA ? "CA " : "",
		crl_sign ? "CRLSign " : "",
		flags & X509_OCSP_SIGNER ? "ocspSigning " : "",
		flags & X509_SERVER_AUTH ? "serverAuth " : "",
		flags & X509_CLIENT_AUTH ? "clientAuth " : "",
		flags & X509_IKE_INTERMEDIATE ? "ikeIntermediate " : "",
		flags & X509_SELF_SIGNED ? "self-signed " : "");
}

static bool has_private_key(public_key_t *key)
{
	identification_t *id;
	private_key_t *priv;
	chunk_t fp;

	if (!key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
		return false;
	}
	id = identification_create_from_encoding(ID_KEY_ID, fp);
	priv = charon->credentials->get_private_key(charon->credentials, KEY_ANY, id);
	id->destroy(id);
	DESTROY_IF(priv);
	return priv != NULL;
}

static void print_pubkey(FILE *out, public_key_t *key)
{
	char buf[128];
	chunk_t fp;

	fprintf(out, "  pubkey:    %s %d bits%s\n", key_type_name(key->get_type(key)),
		key->get_keysize(key), has_private_key(key) ? ", has private key" : "");
	if (key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
		fprintf(out, "  keyid:     %s\n", stroke_list_hex(fp, buf, sizeof(buf)));
	}
	if (key->get_fingerprint(key, KEYID_PUBKEY_SHA1, &fp)) {
		fprintf(out, "  subjkey:   %s\n", stroke_list_hex(fp, buf, sizeof(buf)));
	}
}

static void print_x509(FILE *out, certificate_t *cert)
{
	x509_t *x509 = (x509_t *)cert;
	enumerator_t *enumerator;
	identification_t *san;
	public_key_t *key;
	time_t before, after;
	char buf[256];
	bool first = true;
	int pathlen;

	fprintf(out, "\n  subject:  \"%s\"\n", cert->get_subject(cert)->to_string(cert->get_subject(cert)));
	fprintf(out, "  issuer:   \"%s\"\n", cert->get_issuer(cert)->to_string(cert->get_issuer(cert)));
	cert->get_validity(cert, NULL, &before, &after);
	print_validity(out, "  validity:  ", "             ", "not before", "not after ",
		       before, after);
	fprintf(out, "  serial:    %s\n", stroke_list_hex(x509->get_serial(x509), buf, sizeof(buf)));
	enumerator = x509->create_subject_alt_name_enumerator(x509);
	while (enumerator->enumerate(enumerator, &san)) {
		fprintf(out, "%s%s", first ? "  altNames:  " : ", ", san->to_string(san));
		first = false;
	}
	enumerator->destroy(enumerator);
	if (!first) {
		fputc('\n', out);
	}
	print_flags(out, x509);
	print_uris(out, "CRL URIs: ", x509->create_crl_uri_enumerator(x509));
	print_uris(out, "OCSP URIs:", x509->create_ocsp_uri_enumerator(x509));
	pathlen = x509->get_pathlen(x509);
	if (pathlen != X509_NO_CONSTRAINT) {
		fprintf(out, "  pathlen:   %d\n", pathlen);
	}
	if (x509->get_authority_key_id(x509).len) {
		fprintf(out, "  authkeyId: %s\n", stroke_list_hex(x509->get_authority_key_id(x509), buf, sizeof(buf)));
	}
	if (x509->get_subject_key_id(x509).len) {
		fprintf(out, "  subjkeyId: %s\n", stroke_list_hex(x509->get_subject_key_id(x509), buf, sizeof(buf)));
	}
	key = cert->get_public_key(cert);
	if (key) {
		print_pubkey(out, key);
		key->destroy(key);
	}
}

static void print_crl(FILE *out, certificate_t *cert)
{
	crl_t *crl = (crl_t *)cert;
	enumerator_t *enumerator;
	crl_reason_t reason;
	time_t this_update, next_update, date;
	chunk_t serial;
	char buf[256], t[64];
	int count = 0;

	fprintf(out, "\n  issuer:   \"%s\"\n", cert->get_issuer(cert)->to_string(cert->get_issuer(cert)));
	cert->get_validity(cert, NULL, &this_update, &next_update);
	print_validity(out, "  update:    ", "             ", "this on", "next on",
		       this_update, next_update);
	if (crl->get_number(crl).len) {
		fprintf(out, "  serial:    %s\n", stroke_list_hex(crl->get_number(crl), buf, sizeof(buf)));
	}
	if (crl->get_authority_key_id(crl).len) {
		fprintf(out, "  authKeyId: %s\n", stroke_list_hex(crl->get_authority_key_id(crl), buf, sizeof(buf)));
	}
	enumerator = crl->create_enumerator(crl);
	while (enumerator->enumerate(enumerator, &serial, &date, &reason)) {
		count++;
	}
	enumerator->destroy(enumerator);
	if (!count) {
		return;
	}
	fprintf(out, "  %d revoked certificate%s:\n", count, count == 1 ? "" : "s");
	enumerator = crl->create_enumerator(crl);
	while (enumerator->enumerate(enumerator, &serial, &date, &reason)) {
		fprintf(out, "    %s: %s, %s\n", stroke_list_hex(serial, buf, sizeof(buf)),
			timestr(date, t, sizeof(t)), crl_reason_name(reason));
	}
	enumerator->destroy(enumerator);
}

/* A raw key (leftsigkey=/rightsigkey=), as strongSwan lists it. */
static void print_raw(FILE *out, certificate_t *cert)
{
	public_key_t *key = cert->get_public_key(cert);

	fputc('\n', out);
	if (key) {
		print_pubkey(out, key);
		key->destroy(key);
	}
	fprintf(out, "  subject:   \"%s\"\n",
		cert->get_subject(cert)->to_string(cert->get_subject(cert)));
}

/* The type of credential a kind lists. */
static certificate_type_t kind_type(list_kind_t kind)
{
	switch (kind) {
	case KIND_CRLS:
		return CERT_X509_CRL;
	case KIND_PUBKEYS:
		return CERT_TRUSTED_PUBKEY;
	default:
		return CERT_X509;
	}
}

static void list_kind_text(FILE *out, list_kind_t kind)
{
	enumerator_t *enumerator;
	certificate_t *cert;
	bool header = false;

	enumerator = charon->credentials->create_cert_enumerator(charon->credentials,
					kind_type(kind), KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		if (cert_kind(cert) != kind) {
			continue;
		}
		if (!header) {
			/* an empty store prints nothing, not even its header */
			fprintf(out, "\n%s\n", kinds[kind].header);
			header = true;
		}
		if (kind == KIND_CRLS) {
			print_crl(out, cert);
		} else if (kind == KIND_PUBKEYS) {
			print_raw(out, cert);
		} else {
			print_x509(out, cert);
		}
	}
	enumerator->destroy(enumerator);
}

static void print_ocsp(FILE *out, const ocsp_status_t *status)
{
	char buf[256];

	fprintf(out, "\n  subject:   \"%s\"\n", status->subject ?
		status->subject->to_string(status->subject) : "");
	fprintf(out, "  issuer:    \"%s\"\n", status->issuer->to_string(status->issuer));
	fprintf(out, "  serial:    %s\n", stroke_list_hex(status->serial, buf, sizeof(buf)));
	fprintf(out, "  status:    %s\n", status->status == VALIDATION_GOOD ? "good" :
		status->status == VALIDATION_ON_HOLD ? "on hold" : "revoked");
	if (status->responder) {
		fprintf(out, "  responder: \"%s\"\n",
			status->responder->to_string(status->responder));
	}
	if (status->uri) {
		fprintf(out, "  uri:       '%s'\n", status->uri);
	}
	print_validity(out, "  update:    ", "             ", "this on", "next on",
		       status->this_update, status->next_update);
}

static void list_ocsp_text(FILE *out)
{
	ocsp_cache_t *cache = charon->credentials->get_ocsp_cache(charon->credentials);
	enumerator_t *enumerator = cache->create_enumerator(cache);
	const ocsp_status_t *status;
	bool header = false;

	while (enumerator->enumerate(enumerator, &status)) {
		if (!header) {
			fprintf(out, "\nList of OCSP Responses\n");
			header = true;
		}
		print_ocsp(out, status);
	}
	enumerator->destroy(enumerator);
}

/* checkpubkeys: loaded certificates expired or expiring soon */
static void list_expiring_text(FILE *out)
{
	time_t limit = time(NULL) + CHECKPUBKEYS_WARN_DAYS * 86400;
	enumerator_t *enumerator;
	certificate_t *cert;
	time_t after;
	bool header = false;

	enumerator = charon->credentials->create_cert_enumerator(charon->credentials,
					CERT_X509, KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		cert->get_validity(cert, NULL, NULL, &after);
		if (after > limit) {
			continue;
		}
		if (!header) {
			fprintf(out, "\nList of X.509 Certificates expired or expiring "
				"within %d days\n", CHECKPUBKEYS_WARN_DAYS);
			header = true;
		}
		print_x509(out, cert);
	}
	enumerator->destroy(enumerator);
}

void stroke_list_creds_text(FILE *out, const char *what)
{
	list_kind_t kind;
	bool all = streq(what, "all");

	if (!charon || !charon->credentials) {
		return;
	}
	for (kind = KIND_CERTS; kind < KIND_MAX; kind++) {
		if (wanted(what, kind)) {
			list_kind_text(out, kind);
		}
	}
	if (all || streq(what, "cainfos")) {
		stroke_ca_list_text(out);
	}
	if (all || streq(what, "ocsp")) {
		list_ocsp_text(out);
	}
	if (streq(what, "checkpubkeys")) {
		list_expiring_text(out);
	}
}

static void json_hex(stroke_json_t *json, const char *key, chunk_t data)
{
	char buf[256];

	if (data.len) {
		json->string(json, key, stroke_list_hex(data, buf, sizeof(buf)));
	}
}

static void json_uris(stroke_json_t *json, const char *key, enumerator_t *enumerator)
{
	const char *uri;

	json->begin_array(json, key);
	while (enumerator->enumerate(enumerator, &uri)) {
		json->string(json, NULL, uri);
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
}

/* The public key of @p cert: type, size, fingerprints. */
static void json_pubkey(stroke_json_t *json, certificate_t *cert)
{
	public_key_t *key = cert->get_public_key(cert);
	chunk_t fp;

	if (!key) {
		return;
	}
	json->string(json, "pubkey", key_type_name(key->get_type(key)));
	json->integer(json, "pubkey_bits", key->get_keysize(key));
	json->boolean(json, "has_private_key", has_private_key(key));
	if (key->get_fingerprint(key, KEYID_PUBKEY_INFO_SHA1, &fp)) {
		json_hex(json, "keyid", fp);
	}
	if (key->get_fingerprint(key, KEYID_PUBKEY_SHA1, &fp)) {
		json_hex(json, "subjkey", fp);
	}
	key->destroy(key);
}

static void json_x509(stroke_json_t *json, certificate_t *cert)
{
	x509_t *x509 = (x509_t *)cert;
	x509_flag_t flags = x509->get_flags(x509);
	enumerator_t *enumerator;
	identification_t *san;
	time_t before, after;

	json->begin_object(json, NULL);
	json->string(json, "subject", cert->get_subject(cert)->to_string(cert->get_subject(cert)));
	json->string(json, "issuer", cert->get_issuer(cert)->to_string(cert->get_issuer(cert)));
	json->boolean(json, "valid", cert->get_validity(cert, NULL, &before, &after));
	json->integer(json, "not_before", before);
	json->integer(json, "not_after", after);
	json_hex(json, "serial", x509->get_serial(x509));
	json->begin_array(json, "alt_names");
	enumerator = x509->create_subject_alt_name_enumerator(x509);
	while (enumerator->enumerate(enumerator, &san)) {
		json->string(json, NULL, san->to_string(san));
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
	json->begin_array(json, "flags");
	if (flags & X509_CA) {
		json->string(json, NULL, "CA");
	}
	if (flags & X509_OCSP_SIGNER) {
		json->string(json, NULL, "ocspSigning");
	}
	if (flags & X509_SERVER_AUTH) {
		json->string(json, NULL, "serverAuth");
	}
	if (flags & X509_CLIENT_AUTH) {
		json->string(json, NULL, "clientAuth");
	}
	if (flags & X509_SELF_SIGNED) {
		json->string(json, NULL, "self-signed");
	}
	json->end_array(json);
	json_uris(json, "crl_uris", x509->create_crl_uri_enumerator(x509));
	json_uris(json, "ocsp_uris", x509->create_ocsp_uri_enumerator(x509));
	if (x509->get_pathlen(x509) != X509_NO_CONSTRAINT) {
		json->integer(json, "pathlen", x509->get_pathlen(x509));
	}
	json_hex(json, "authkey_id", x509->get_authority_key_id(x509));
	json_hex(json, "subjkey_id", x509->get_subject_key_id(x509));
	json_pubkey(json, cert);
	json->end_object(json);
}

static void json_crl(stroke_json_t *json, certificate_t *cert)
{
	crl_t *crl = (crl_t *)cert;
	enumerator_t *enumerator;
	crl_reason_t reason;
	time_t this_update, next_update, date;
	chunk_t serial;

	json->begin_object(json, NULL);
	json->string(json, "issuer", cert->get_issuer(cert)->to_string(cert->get_issuer(cert)));
	json->boolean(json, "valid", cert->get_validity(cert, NULL, &this_update, &next_update));
	json->integer(json, "this_update", this_update);
	json->integer(json, "next_update", next_update);
	json_hex(json, "serial", crl->get_number(crl));
	json_hex(json, "authkey_id", crl->get_authority_key_id(crl));
	json->begin_array(json, "revoked");
	enumerator = crl->create_enumerator(crl);
	while (enumerator->enumerate(enumerator, &serial, &date, &reason)) {
		json->begin_object(json, NULL);
		json_hex(json, "serial", serial);
		json->integer(json, "date", date);
		json->string(json, "reason", crl_reason_name(reason));
		json->end_object(json);
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
	json->end_object(json);
}

static void json_ocsp(stroke_json_t *json)
{
	ocsp_cache_t *cache = charon->credentials->get_ocsp_cache(charon->credentials);
	enumerator_t *enumerator = cache->create_enumerator(cache);
	const ocsp_status_t *status;

	json->begin_array(json, "ocsp");
	while (enumerator->enumerate(enumerator, &status)) {
		json->begin_object(json, NULL);
		if (status->subject) {
			json->string(json, "subject", status->subject->to_string(status->subject));
		}
		json->string(json, "issuer", status->issuer->to_string(status->issuer));
		json_hex(json, "serial", status->serial);
		json->string(json, "status", cert_validation_name(status->status));
		if (status->responder) {
			json->string(json, "responder",
				     status->responder->to_string(status->responder));
		}
		if (status->uri) {
			json->string(json, "uri", status->uri);
		}
		json->integer(json, "this_update", status->this_update);
		json->integer(json, "next_update", status->next_update);
		json->end_object(json);
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
}

static void json_expiring(stroke_json_t *json)
{
	time_t limit = time(NULL) + CHECKPUBKEYS_WARN_DAYS * 86400;
	enumerator_t *enumerator;
	certificate_t *cert;
	time_t after;

	json->begin_array(json, "checkpubkeys");
	enumerator = charon->credentials->create_cert_enumerator(charon->credentials,
					CERT_X509, KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		cert->get_validity(cert, NULL, NULL, &after);
		if (after <= limit) {
			json_x509(json, cert);
		}
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
}

static void json_raw(stroke_json_t *json, certificate_t *cert)
{
	json->begin_object(json, NULL);
	json->string(json, "subject", cert->get_subject(cert)->to_string(cert->get_subject(cert)));
	json_pubkey(json, cert);
	json->end_object(json);
}

static void list_kind_json(stroke_json_t *json, list_kind_t kind)
{
	enumerator_t *enumerator;
	certificate_t *cert;

	json->begin_array(json, kinds[kind].what);
	enumerator = charon->credentials->create_cert_enumerator(charon->credentials,
					kind_type(kind), KEY_ANY, NULL, false);
	while (enumerator->enumerate(enumerator, &cert)) {
		if (cert_kind(cert) != kind) {
			continue;
		}
		if (kind == KIND_CRLS) {
			json_crl(json, cert);
		} else if (kind == KIND_PUBKEYS) {
			json_raw(json, cert);
		} else {
			json_x509(json, cert);
		}
	}
	enumerator->destroy(enumerator);
	json->end_array(json);
}

void stroke_list_creds_json(stroke_json_t *json, const char *what)
{
	list_kind_t kind;
	size_t i;

	if (!charon || !charon->credentials) {
		return;
	}
	for (kind = 0; kind < KIND_MAX; kind++) {
		if (wanted(what, kind)) {
			list_kind_json(json, kind);
		}
	}
	for (i = 0; i < countof(empty_kinds); i++) {
		if (streq(what, "all") || streq(what, empty_kinds[i])) {
			json->begin_array(json, empty_kinds[i]);
			json->end_array(json);
		}
	}
	if (streq(what, "all") || streq(what, "cainfos")) {
		stroke_ca_list_json(json);
	}
	if (streq(what, "all") || streq(what, "ocsp")) {
		json_ocsp(json);
	}
	if (streq(what, "checkpubkeys")) {
		json_expiring(json);
	}
}

bool stroke_list_creds_reread(const char *what)
{
	bool all = streq(what, "all");

	if (!all && !streq(what, "cacerts") && !streq(what, "ocspcerts") &&
	    !streq(what, "aacerts") && !streq(what, "crls")) {
		return false;
	}
	if (all || !streq(what, "crls")) {
		cred_loader_load_certs(charon->credentials);
	}
	if (all || streq(what, "crls")) {
		cred_loader_load_crls(charon->credentials);
	}
	return true;
}

bool stroke_list_creds_purge(const char *what)
{
	if (streq(what, "certs")) {
		charon->credentials->flush(charon->credentials, CRED_SOURCE_PEER);
		return true;
	}
	if (streq(what, "crls")) {
		charon->credentials->flush(charon->credentials, CRED_SOURCE_FETCHED);
		return true;
	}
	if (streq(what, "ocsp")) {
		ocsp_cache_t *cache = charon->credentials->get_ocsp_cache(charon->credentials);

		cache->flush(cache);
		return true;
	}
	return false;
}

void stroke_list_creds_load(void)
{
	if (!charon || !charon->credentials || !lib->creds) {
		return;
	}
	cred_loader_load_certs(charon->credentials);
	cred_loader_load_crls(charon->credentials);
}
