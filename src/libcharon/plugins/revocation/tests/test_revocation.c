/*
 * OCSP request/response round trips: requests built by the plugin are
 * answered by responses the test signs with OpenSSL (fixtures made with the
 * openssl CLI), and the plugin's verdict is checked, including forged,
 * nonce-less, outdated and unauthorised answers.
 */
#include "test_runner.h"
#include "revocation_checker.h"
#include "credentials/fetcher.h"
#include "credentials/certificates/x509.h"

#include <stdio.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>

#define FIXTURE(name) REVOCATION_SRCDIR "/tests/fixtures/" name

/* an x509_t that only knows its type, DER encoding and one OCSP URI */
typedef struct fake_cert_t {
	x509_t public;
	chunk_t der;
} fake_cert_t;

typedef struct one_uri_t {
	enumerator_t public;
	bool done;
} one_uri_t;

static bool one_uri_enumerate(enumerator_t *public, ...)
{
	one_uri_t *this = (one_uri_t *)public;
	const char **uri;
	va_list args;

	if (this->done) {
		return false;
	}
	va_start(args, public);
	uri = va_arg(args, const char **);
	va_end(args);
	*uri = "http://ocsp.test/";
	this->done = true;
	return true;
}

static void one_uri_destroy(enumerator_t *public)
{
	free(public);
}

static enumerator_t *fake_ocsp_uris(x509_t *public)
{
	one_uri_t *this = mem_zalloc(sizeof(*this));

	this->public.enumerate = one_uri_enumerate;
	this->public.destroy = one_uri_destroy;
	return &this->public;
}

static certificate_type_t fake_get_type(certificate_t *this)
{
	return CERT_X509;
}

static bool fake_get_encoding(certificate_t *public, chunk_t *der)
{
	fake_cert_t *this = (fake_cert_t *)public;

	*der = chunk_clone(this->der);
	return true;
}

static void fake_destroy(certificate_t *public)
{
	fake_cert_t *this = (fake_cert_t *)public;

	chunk_free(&this->der);
	free(this);
}

static X509 *load_x509(const char *path)
{
	FILE *f = fopen(path, "r");
	X509 *x;

	ck_assert_ptr_nonnull(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(x);
	return x;
}

static EVP_PKEY *load_key(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	ck_assert_ptr_nonnull(f);
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(k);
	return k;
}

static certificate_t *fake_cert(const char *path)
{
	fake_cert_t *this = mem_zalloc(sizeof(*this));
	X509 *x = load_x509(path);
	unsigned char *p;
	int len = i2d_X509(x, NULL);

	this->public.certificate.get_type = fake_get_type;
	this->public.certificate.get_encoding = fake_get_encoding;
	this->public.certificate.destroy = fake_destroy;
	this->public.create_ocsp_uri_enumerator = fake_ocsp_uris;
	this->der = chunk_alloc(len);
	p = this->der.ptr;
	i2d_X509(x, &p);
	X509_free(x);
	return &this->public.certificate;
}

/* how the test responder answers */
typedef struct answer_t {
	int status;		/* V_OCSP_CERTSTATUS_* */
	int reason;
	const char *signer;	/* fixture base name */
	bool nonce;
	long next_update;	/* seconds from now */
	int resp_status;	/* OCSP_RESPONSE_STATUS_* */
	bool wrong_id;
} answer_t;

static chunk_t respond(chunk_t request, const answer_t *a)
{
	const unsigned char *in = request.ptr;
	OCSP_REQUEST *req = d2i_OCSP_REQUEST(NULL, &in, (long)request.len);
	OCSP_BASICRESP *bs = NULL;
	OCSP_RESPONSE *resp;
	OCSP_CERTID *id;
	ASN1_TIME *now, *next, *rev;
	char path[256];
	unsigned char *p;
	chunk_t out;
	X509 *signer, *leaf, *ca;
	EVP_PKEY *key;

	ck_assert_ptr_nonnull(req);
	ck_assert_int_eq(OCSP_request_onereq_count(req), 1);
	ck_assert_int_ge(OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce, -1), 0);
	if (a->resp_status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		resp = OCSP_response_create(a->resp_status, NULL);
		goto encode;
	}
	if (a->wrong_id) {
		leaf = load_x509(FIXTURE("responder.pem"));
		ca = load_x509(FIXTURE("ca.pem"));
		id = OCSP_cert_to_id(NULL, leaf, ca);
		X509_free(leaf);
		X509_free(ca);
	} else {
		id = OCSP_CERTID_dup(OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, 0)));
	}
	now = X509_gmtime_adj(NULL, -60);
	next = X509_gmtime_adj(NULL, a->next_update);
	rev = X509_gmtime_adj(NULL, -3600);
	bs = OCSP_BASICRESP_new();
	ck_assert_ptr_nonnull(OCSP_basic_add1_status(bs, id, a->status, a->reason,
						     rev, now, next));
	if (a->nonce) {
		ck_assert_int_eq(OCSP_copy_nonce(bs, req), 1);
	}
	snprintf(path, sizeof(path), FIXTURE("%s.pem"), a->signer);
	signer = load_x509(path);
	snprintf(path, sizeof(path), FIXTURE("%s.key"), a->signer);
	key = load_key(path);
	ck_assert_int_eq(OCSP_basic_sign(bs, signer, key, EVP_sha256(), NULL, 0), 1);
	resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
	X509_free(signer);
	EVP_PKEY_free(key);
	OCSP_CERTID_free(id);
	ASN1_TIME_free(now);
	ASN1_TIME_free(next);
	ASN1_TIME_free(rev);
encode:
	ck_assert_ptr_nonnull(resp);
	out = chunk_alloc(i2d_OCSP_RESPONSE(resp, NULL));
	p = out.ptr;
	i2d_OCSP_RESPONSE(resp, &p);
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	OCSP_REQUEST_free(req);
	return out;
}

static cert_validation_t round_trip(const answer_t *a)
{
	certificate_t *leaf = fake_cert(FIXTURE("leaf.pem"));
	certificate_t *ca = fake_cert(FIXTURE("ca.pem"));
	cert_validation_t result;
	chunk_t request, response;
	void *state;

	ck_assert(revocation_ocsp_request(leaf, ca, &request, &state));
	response = respond(request, a);
	result = revocation_ocsp_parse(state, response);
	chunk_free(&request);
	chunk_free(&response);
	revocation_ocsp_free(state);
	leaf->destroy(leaf);
	ca->destroy(ca);
	return result;
}

static answer_t defaults(void)
{
	return (answer_t){
		.status = V_OCSP_CERTSTATUS_GOOD, .reason = -1, .signer = "ca",
		.nonce = true, .next_update = 3600,
		.resp_status = OCSP_RESPONSE_STATUS_SUCCESSFUL,
	};
}

/* expect EXPECT from an answer with the defaults changed by the rest */
#define CHECK(expect, ...) do { \
	answer_t a = defaults(); \
	__VA_ARGS__; \
	ck_assert_int_eq(round_trip(&a), expect); \
} while (0)

START_TEST(test_good)
{
	CHECK(VALIDATION_GOOD);
}
END_TEST

START_TEST(test_revoked)
{
	CHECK(VALIDATION_REVOKED, a.status = V_OCSP_CERTSTATUS_REVOKED,
	      a.reason = OCSP_REVOKED_STATUS_KEYCOMPROMISE);
	CHECK(VALIDATION_ON_HOLD, a.status = V_OCSP_CERTSTATUS_REVOKED,
	      a.reason = OCSP_REVOKED_STATUS_CERTIFICATEHOLD);
}
END_TEST

START_TEST(test_unknown)
{
	CHECK(VALIDATION_SKIPPED, a.status = V_OCSP_CERTSTATUS_UNKNOWN);
}
END_TEST

START_TEST(test_delegated)
{
	CHECK(VALIDATION_REVOKED, a.signer = "responder",
	      a.status = V_OCSP_CERTSTATUS_REVOKED);
}
END_TEST

START_TEST(test_refused)
{
	/* signed by a responder without the OCSP signing EKU */
	CHECK(VALIDATION_FAILED, a.signer = "noeku");
	/* signed by a stranger */
	CHECK(VALIDATION_FAILED, a.signer = "other");
	/* no nonce echoed */
	CHECK(VALIDATION_FAILED, a.nonce = false);
	/* status for another certificate */
	CHECK(VALIDATION_FAILED, a.wrong_id = true);
	/* responder error */
	CHECK(VALIDATION_FAILED, a.resp_status = OCSP_RESPONSE_STATUS_TRYLATER);
}
END_TEST

START_TEST(test_outdated)
{
	CHECK(VALIDATION_STALE, a.next_update = -3600);
}
END_TEST

START_TEST(test_garbage)
{
	certificate_t *leaf = fake_cert(FIXTURE("leaf.pem"));
	certificate_t *ca = fake_cert(FIXTURE("ca.pem"));
	chunk_t request;
	void *state;

	ck_assert(revocation_ocsp_request(leaf, ca, &request, &state));
	ck_assert_int_eq(revocation_ocsp_parse(state, chunk_from_str("garbage")),
			 VALIDATION_FAILED);
	ck_assert_int_eq(revocation_ocsp_parse(state, chunk_empty), VALIDATION_FAILED);
	chunk_free(&request);
	revocation_ocsp_free(state);
	leaf->destroy(leaf);
	ca->destroy(ca);
}
END_TEST

static status_t fake_fetch(void *data, const char *url,
			   const fetcher_request_t *request, chunk_t *response)
{
	int *calls = data;

	(*calls)++;
	ck_assert_str_eq(request->content_type, "application/ocsp-request");
	*response = chunk_clone(chunk_from_str("not an OCSP response"));
	return SUCCESS;
}

START_TEST(test_fetcher_registry)
{
	chunk_t response;
	int calls = 0;
	fetcher_request_t req = { .content_type = "application/ocsp-request",
				  .body = chunk_from_str("x") };

	ck_assert_int_eq(fetcher_fetch("http://192.0.2.2/", &req, &response),
			 NOT_SUPPORTED);
	fetcher_register("http://", fake_fetch, &calls);
	ck_assert_int_eq(fetcher_fetch("ldap://192.0.2.2/", &req, &response),
			 NOT_SUPPORTED);
	ck_assert_int_eq(fetcher_fetch("HTTP://192.0.2.2/", &req, &response), SUCCESS);
	ck_assert_int_eq(calls, 1);
	chunk_free(&response);
	fetcher_unregister(fake_fetch);
	ck_assert_int_eq(fetcher_fetch("http://192.0.2.2/", &req, &response),
			 NOT_SUPPORTED);
}
END_TEST

/* a responder behind the fetcher interface, answering "good" */
static status_t responder_fetch(void *data, const char *url,
				const fetcher_request_t *request, chunk_t *response)
{
	answer_t a = defaults();
	int *calls = data;

	(*calls)++;
	ck_assert_str_eq(url, "http://ocsp.test/");
	ck_assert_str_eq(request->content_type, "application/ocsp-request");
	*response = respond(request->body, &a);
	return SUCCESS;
}

static status_t failing_fetch(void *data, const char *url,
			      const fetcher_request_t *request, chunk_t *response)
{
	return FAILED;
}

/* the certificate's own responder is down, the ca section's one answers */
static status_t second_fetch(void *data, const char *url,
			     const fetcher_request_t *request, chunk_t *response)
{
	answer_t a = defaults();

	if (!streq(url, "http://ocsp2.test/")) {
		return FAILED;
	}
	*response = respond(request->body, &a);
	return SUCCESS;
}

START_TEST(test_check_configured_uri)
{
	certificate_t *leaf = fake_cert(FIXTURE("leaf.pem"));
	certificate_t *ca = fake_cert(FIXTURE("ca.pem"));
	credential_manager_t *creds = credential_manager_create();
	cdp_store_t *cdps = creds->get_cdps(creds);
	identification_t *issuer, *other;

	issuer = identification_create_from_string(
				"C=CH, O=cygnet test, CN=Revocation Test CA");
	other = identification_create_from_string("C=CH, O=other, CN=Other CA");
	cdps->add(cdps, "ca:other", other, CERT_X509_OCSP_RESPONSE, "http://ocsp3.test/");
	cdps->add(cdps, "ca:test", issuer, CERT_X509_OCSP_RESPONSE, "http://ocsp2.test/");
	cdps->add(cdps, "ca:test", issuer, CERT_X509_OCSP_RESPONSE, "http://ocsp2.test/");
	fetcher_register("http://", second_fetch, NULL);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_GOOD);
	creds->get_ocsp_cache(creds)->flush(creds->get_ocsp_cache(creds));
	/* without the ca section only the certificate's own URI is left */
	creds->flush(creds, "ca:test");
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_FAILED);
	fetcher_unregister(second_fetch);
	issuer->destroy(issuer);
	other->destroy(other);
	leaf->destroy(leaf);
	ca->destroy(ca);
	creds->destroy(creds);
}
END_TEST

START_TEST(test_check_cached)
{
	certificate_t *leaf = fake_cert(FIXTURE("leaf.pem"));
	certificate_t *ca = fake_cert(FIXTURE("ca.pem"));
	credential_manager_t *creds = credential_manager_create();
	ocsp_cache_t *cache = creds->get_ocsp_cache(creds);
	const ocsp_status_t *cached;
	enumerator_t *e;
	int calls = 0;

	fetcher_register("http://", responder_fetch, &calls);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_GOOD);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_GOOD);
	ck_assert_int_eq(calls, 1);
	/* the answer is listed with its responder and dates */
	e = cache->create_enumerator(cache);
	ck_assert(e->enumerate(e, &cached));
	ck_assert_int_eq(cached->status, VALIDATION_GOOD);
	ck_assert_str_eq(cached->uri, "http://ocsp.test/");
	ck_assert_ptr_nonnull(cached->responder);
	ck_assert_ptr_nonnull(cached->subject);
	ck_assert(cached->next_update > cached->this_update);
	ck_assert(!e->enumerate(e, &cached));
	e->destroy(e);
	ck_assert_int_eq(cache->flush(cache), 1);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_GOOD);
	ck_assert_int_eq(calls, 2);
	fetcher_unregister(responder_fetch);
	cache->flush(cache);

	/* responder unreachable: failed, and nothing cached */
	fetcher_register("http://", failing_fetch, NULL);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_FAILED);
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_FAILED);
	fetcher_unregister(failing_fetch);
	/* no fetcher at all */
	ck_assert_int_eq(revocation_check_ocsp(creds, leaf, ca), VALIDATION_FAILED);
	e = cache->create_enumerator(cache);
	ck_assert(!e->enumerate(e, &cached));
	e->destroy(e);
	leaf->destroy(leaf);
	ca->destroy(ca);
	creds->destroy(creds);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("revocation");
	TCase *tc = tcase_create("ocsp");

	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_revoked);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_delegated);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_outdated);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_fetcher_registry);
	tcase_add_test(tc, test_check_cached);
	tcase_add_test(tc, test_check_configured_uri);
	suite_add_tcase(s, tc);
	return s;
}
