/*
 * OCSP (RFC 6960) through OpenSSL's OCSP API: a request for one
 * certificate with a nonce, POSTed to each responder in the certificate's
 * authorityInfoAccess until one gives a verifiable answer. The response
 * must be signed by the issuer or by a responder the issuer certified with
 * the OCSP signing EKU (OCSP_basic_verify() checks that against a store
 * holding only the issuer), echo our nonce, and be current.
 */
#include "revocation_checker.h"
#include "credentials/fetcher.h"
#include "credentials/certificates/x509.h"

#include <openssl/ocsp.h>
#include <openssl/x509.h>

/* allowed clock skew for thisUpdate/nextUpdate, seconds */
#define OCSP_SKEW 300

typedef struct ocsp_state_t {
	OCSP_REQUEST *req;
	OCSP_CERTID *id;
	X509 *issuer;
	/* of the last response parsed: its dates (0 if absent) and signer */
	time_t this_update;
	time_t next_update;
	identification_t *responder;
} ocsp_state_t;

static X509 *to_x509(certificate_t *cert)
{
	const unsigned char *p;
	chunk_t der;
	X509 *x;

	if (!cert->get_encoding(cert, &der)) {
		return NULL;
	}
	p = der.ptr;
	x = d2i_X509(NULL, &p, (long)der.len);
	chunk_free(&der);
	return x;
}

void revocation_ocsp_free(void *data)
{
	ocsp_state_t *state = data;

	if (state) {
		OCSP_REQUEST_free(state->req);
		OCSP_CERTID_free(state->id);
		X509_free(state->issuer);
		DESTROY_IF(state->responder);
		free(state);
	}
}

bool revocation_ocsp_request(certificate_t *subject, certificate_t *issuer,
			     chunk_t *request, void **out)
{
	ocsp_state_t *state = mem_zalloc(sizeof(*state));
	OCSP_CERTID *id = NULL;
	X509 *subj;
	unsigned char *p;
	int len;

	subj = to_x509(subject);
	state->issuer = to_x509(issuer);
	state->req = OCSP_REQUEST_new();
	if (subj && state->issuer && state->req) {
		state->id = OCSP_cert_to_id(NULL, subj, state->issuer);
		id = state->id ? OCSP_CERTID_dup(state->id) : NULL;
	}
	X509_free(subj);
	/* the request takes over its copy of the ID */
	if (!id || !OCSP_request_add0_id(state->req, id)) {
		OCSP_CERTID_free(id);
		goto failed;
	}
	if (!OCSP_request_add1_nonce(state->req, NULL, -1)) {
		goto failed;
	}
	len = i2d_OCSP_REQUEST(state->req, NULL);
	if (len <= 0) {
		goto failed;
	}
	*request = chunk_alloc(len);
	p = request->ptr;
	i2d_OCSP_REQUEST(state->req, &p);
	*out = state;
	return true;

failed:
	DBG1(DBG_CFG, "building OCSP request failed");
	revocation_ocsp_free(state);
	return false;
}

static bool verify_signature(ocsp_state_t *state, OCSP_BASICRESP *basic)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	X509_STORE *store = X509_STORE_new();
	bool ok = false;

	if (certs && store && sk_X509_push(certs, state->issuer) &&
	    X509_STORE_add_cert(store, state->issuer)) {
		/* the issuer itself is the anchor even if it is not a root */
		X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
		ok = OCSP_basic_verify(basic, certs, store, 0) == 1;
	}
	sk_X509_free(certs);
	X509_STORE_free(store);
	return ok;
}

static time_t to_time(const ASN1_GENERALIZEDTIME *t)
{
	struct tm tm;

	return t && ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : 0;
}

static identification_t *dn_of(const X509_NAME *name)
{
	unsigned char *der = NULL;
	identification_t *id = NULL;
	int len;

	len = i2d_X509_NAME(name, &der);
	if (len > 0) {
		id = identification_create_from_encoding(ID_DER_ASN1_DN,
							 chunk_create(der, len));
	}
	OPENSSL_free(der);
	return id;
}

/* The responder as the response names it (by name or by key hash). */
static identification_t *responder_of(OCSP_BASICRESP *basic)
{
	const ASN1_OCTET_STRING *key = NULL;
	const X509_NAME *name = NULL;

	if (!OCSP_resp_get0_id(basic, &key, &name)) {
		return NULL;
	}
	if (name) {
		return dn_of(name);
	}
	return identification_create_from_encoding(ID_KEY_ID,
			chunk_create((u_char *)ASN1_STRING_get0_data(key),
				     ASN1_STRING_length(key)));
}

cert_validation_t revocation_ocsp_parse(void *data, chunk_t response)
{
	ocsp_state_t *state = data;
	ASN1_GENERALIZEDTIME *rev = NULL, *this_update = NULL, *next_update = NULL;
	cert_validation_t result = VALIDATION_FAILED;
	const unsigned char *p = response.ptr;
	OCSP_BASICRESP *basic = NULL;
	OCSP_RESPONSE *resp;
	int status, reason = -1;

	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)response.len);
	if (!resp) {
		DBG1(DBG_CFG, "OCSP response could not be parsed");
		return VALIDATION_FAILED;
	}
	status = OCSP_response_status(resp);
	if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		DBG1(DBG_CFG, "OCSP responder says: %s",
		     OCSP_response_status_str(status));
		goto out;
	}
	basic = OCSP_response_get1_basic(resp);
	if (!basic) {
		DBG1(DBG_CFG, "OCSP response is not a basic response");
		goto out;
	}
	if (!verify_signature(state, basic)) {
		DBG1(DBG_CFG, "OCSP response signature is invalid or not by the "
		     "issuer or an authorised responder");
		goto out;
	}
	if (OCSP_check_nonce(state->req, basic) != 1) {
		DBG1(DBG_CFG, "OCSP response nonce missing or does not match");
		goto out;
	}
	if (!OCSP_resp_find_status(basic, state->id, &status, &reason, &rev,
				   &this_update, &next_update)) {
		DBG1(DBG_CFG, "OCSP response has no status for the certificate");
		goto out;
	}
	if (!OCSP_check_validity(this_update, next_update, OCSP_SKEW, -1)) {
		DBG1(DBG_CFG, "OCSP response is outdated");
		result = VALIDATION_STALE;
		goto out;
	}
	state->this_update = to_time(this_update);
	state->next_update = to_time(next_update);
	DESTROY_IF(state->responder);
	state->responder = responder_of(basic);
	switch (status) {
	case V_OCSP_CERTSTATUS_GOOD:
		DBG1(DBG_CFG, "  ocsp response: certificate is good");
		result = VALIDATION_GOOD;
		break;
	case V_OCSP_CERTSTATUS_REVOKED:
		DBG1(DBG_CFG, "  ocsp response: certificate was revoked (%s)",
		     reason >= 0 ? OCSP_crl_reason_str(reason) : "no reason");
		result = reason == OCSP_REVOKED_STATUS_CERTIFICATEHOLD ?
			VALIDATION_ON_HOLD : VALIDATION_REVOKED;
		break;
	default:
		DBG1(DBG_CFG, "  ocsp response: certificate status unknown");
		result = VALIDATION_SKIPPED;
		break;
	}
out:
	OCSP_BASICRESP_free(basic);
	OCSP_RESPONSE_free(resp);
	return result;
}

/* What the cache is keyed by, from the DER: serial, subject and issuer. */
static bool cache_key(certificate_t *subject, ocsp_status_t *key)
{
	X509 *x = to_x509(subject);
	const ASN1_INTEGER *serial;

	if (!x) {
		return false;
	}
	serial = X509_get0_serialNumber(x);
	*key = (ocsp_status_t){
		.serial = chunk_clone(chunk_create((u_char *)ASN1_STRING_get0_data(serial),
						   ASN1_STRING_length(serial))),
		.subject = dn_of(X509_get_subject_name(x)),
		.issuer = dn_of(X509_get_issuer_name(x)),
	};
	X509_free(x);
	if (!key->issuer) {
		chunk_free(&key->serial);
		DESTROY_IF(key->subject);
		return false;
	}
	return true;
}

static void cache_key_free(ocsp_status_t *key)
{
	chunk_free(&key->serial);
	DESTROY_IF(key->subject);
	DESTROY_IF(key->issuer);
}

static bool definitive(cert_validation_t status)
{
	return status == VALIDATION_GOOD || status == VALIDATION_REVOKED ||
	       status == VALIDATION_ON_HOLD;
}

/* Keep a definitive answer from @p state until its nextUpdate. */
static void cache_answer(ocsp_cache_t *cache, ocsp_status_t *key,
			 ocsp_state_t *state, const char *uri,
			 cert_validation_t answer)
{
	if (!definitive(answer) || !state->next_update) {
		return;
	}
	key->responder = state->responder;
	key->uri = (char *)uri;
	key->status = answer;
	key->this_update = state->this_update;
	key->next_update = state->next_update;
	cache->add(cache, key);
	key->responder = NULL;
	key->uri = NULL;
}

cert_validation_t revocation_check_ocsp(credential_manager_t *creds,
					certificate_t *subject,
					certificate_t *issuer)
{
	cert_validation_t status = VALIDATION_SKIPPED, answer;
	fetcher_request_t req = { .content_type = "application/ocsp-request" };
	ocsp_cache_t *cache = creds->get_ocsp_cache(creds);
	enumerator_t *enumerator;
	ocsp_status_t key;
	chunk_t response;
	const char *uri;
	ocsp_state_t *state;
	void *data;

	if (subject->get_type(subject) != CERT_X509 || !cache_key(subject, &key)) {
		return VALIDATION_SKIPPED;
	}
	if (cache->lookup(cache, key.serial, key.issuer, &status)) {
		DBG1(DBG_CFG, "  using cached ocsp response: %s",
		     cert_validation_name(status));
		cache_key_free(&key);
		return status;
	}
	enumerator = revocation_uris(creds, subject, key.issuer,
				     CERT_X509_OCSP_RESPONSE);
	while (enumerator->enumerate(enumerator, &uri)) {
		DBG1(DBG_CFG, "  requesting ocsp status from '%s' ...", uri);
		if (!revocation_ocsp_request(subject, issuer, &req.body, &data)) {
			status = VALIDATION_FAILED;
			break;
		}
		state = data;
		if (fetcher_fetch(uri, &req, &response) != SUCCESS) {
			DBG1(DBG_CFG, "ocsp request to '%s' failed", uri);
			status = VALIDATION_FAILED;
		} else {
			answer = revocation_ocsp_parse(state, response);
			chunk_free(&response);
			if (definitive(answer) || status == VALIDATION_SKIPPED ||
			    answer > status) {
				status = answer;
			}
			cache_answer(cache, &key, state, uri, answer);
		}
		chunk_free(&req.body);
		revocation_ocsp_free(state);
		if (definitive(status)) {
			break;
		}
	}
	enumerator->destroy(enumerator);
	cache_key_free(&key);
	return status;
}
