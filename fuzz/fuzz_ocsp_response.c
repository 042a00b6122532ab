/*
 * libFuzzer target for the OCSP response checks of the revocation plugin:
 * revocation_ocsp_parse() decodes the response, verifies its signature
 * (by the issuer or a responder it delegated to), its nonce, the status of
 * the certificate asked about and the validity period.
 *
 * The requests are built once, by revocation_ocsp_request(), for two
 * certificates of a fixed CA embedded below (one good, one revoked); each
 * input is parsed as the response to both. OpenSSL's RNG is replaced by a
 * constant one so the requests' nonce is always the same and the seed
 * responses, signed for it, stay valid.
 *
 * Seeds: FUZZ_OCSP_REQUEST=file writes the request for the good
 * certificate (the revoked one's differs only in the serial) and exits;
 * answer it with the CA's key from the PKI these certificates came from:
 *   openssl ocsp -index index.txt -CA ca.pem -rsigner ca.pem -rkey ca.key
 *     -reqin req.der -respout good.der -ndays 36500
 * (likewise signed by the delegated responder, an unauthorised one, for
 * the revoked and an unknown certificate, and with a foreign nonce).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "library.h"
#include "bus/log_bus.h"
#include "revocation_checker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* what the linked credential code refers to; nothing here uses it */
static library_t fuzz_lib;
library_t *lib = &fuzz_lib;

/* O=Cygnet Fuzz, CN=Fuzz OCSP CA (ECDSA P-256, valid for 100 years) */
static const char ca_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBrjCCAVSgAwIBAgIBATAKBggqhkjOPQQDAjAtMRQwEgYDVQQKDAtDeWduZXQg\n"
	"RnV6ejEVMBMGA1UEAwwMRnV6eiBPQ1NQIENBMCAXDTI2MTEyNTIzNDI0N1oYDzIx\n"
	"MjYxMTAxMjM0MjQ3WjAtMRQwEgYDVQQKDAtDeWduZXQgRnV6ejEVMBMGA1UEAwwM\n"
	"RnV6eiBPQ1NQIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKwuN7OEM9fVv\n"
	"DmNH4ZGN4MYbvP5UKNm8umeFom/hiYQ18RZw+xhQAq5ymq75ndrSchlocpSKEk8B\n"
	"2fe78V2QqKNjMGEwHQYDVR0OBBYEFOcXo9zLC6VrfZIJRqfjCr6Yy3nzMB8GA1Ud\n"
	"IwQYMBaAFOcXo9zLC6VrfZIJRqfjCr6Yy3nzMA8GA1UdEwEB/wQFMAMBAf8wDgYD\n"
	"VR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0gAMEUCIA47Vqfn9qGVWkLfgRVg/v5X\n"
	"aPlAZFoS8hWCB54E7uYSAiEA5mEubpET2E54/eAj5tIqYWqMqVbTViOXqKbndlTl\n"
	"uFo=\n"
	"-----END CERTIFICATE-----\n";

/* CN=good, serial 2, authorityInfoAccess OCSP;URI:http://ocsp.test/ */
static const char good_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIB0DCCAXegAwIBAgIBAjAKBggqhkjOPQQDAjAtMRQwEgYDVQQKDAtDeWduZXQg\n"
	"RnV6ejEVMBMGA1UEAwwMRnV6eiBPQ1NQIENBMCAXDTI2MTEyNTIzNDI0N1oYDzIx\n"
	"MjYxMTAxMjM0MjQ3WjAlMRQwEgYDVQQKDAtDeWduZXQgRnV6ejENMAsGA1UEAwwE\n"
	"Z29vZDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABHjWMN0W0FdVMnCEGslSHceO\n"
	"nMc+FfyyKcqiuUlmoW4akeBGA1dq7U/DvAbqigyzXlG0FucgeZ5MjF5FJh7V/Mmj\n"
	"gY0wgYowCQYDVR0TBAIwADAOBgNVHQ8BAf8EBAMCB4AwLQYIKwYBBQUHAQEEITAf\n"
	"MB0GCCsGAQUFBzABhhFodHRwOi8vb2NzcC50ZXN0LzAdBgNVHQ4EFgQUmIPgljcH\n"
	"Xkb6esnVqernqW7qzXMwHwYDVR0jBBgwFoAU5xej3MsLpWt9kglGp+MKvpjLefMw\n"
	"CgYIKoZIzj0EAwIDRwAwRAIgSQZkAIf+ua2JzMn0sy/97Bo4Jw/cuQ5SFRfjVzoU\n"
	"w2ICIEbwYEpxHJhfMlTCyWb/QSdISaYvwPrVsuOxshfw4ctc\n"
	"-----END CERTIFICATE-----\n";

/* CN=revoked, serial 3, revoked (keyCompromise) in the responder's index */
static const char revoked_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIB1TCCAXqgAwIBAgIBAzAKBggqhkjOPQQDAjAtMRQwEgYDVQQKDAtDeWduZXQg\n"
	"RnV6ejEVMBMGA1UEAwwMRnV6eiBPQ1NQIENBMCAXDTI2MTEyNTIzNDI0N1oYDzIx\n"
	"MjYxMTAxMjM0MjQ3WjAoMRQwEgYDVQQKDAtDeWduZXQgRnV6ejEQMA4GA1UEAwwH\n"
	"cmV2b2tlZDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPoNviOwaHE3RNOk5yh4\n"
	"GhgdzqAq7x68plUCo2gPBxCrcM+p21j044ynY4IcJjkwhSt452+xt0YbDS1W88WV\n"
	"rNyjgY0wgYowCQYDVR0TBAIwADAOBgNVHQ8BAf8EBAMCB4AwLQYIKwYBBQUHAQEE\n"
	"ITAfMB0GCCsGAQUFBzABhhFodHRwOi8vb2NzcC50ZXN0LzAdBgNVHQ4EFgQU38Kb\n"
	"MiW9MkH9wLVkM4K6yetQyuIwHwYDVR0jBBgwFoAU5xej3MsLpWt9kglGp+MKvpjL\n"
	"efMwCgYIKoZIzj0EAwIDSQAwRgIhAKxQbDeDGzp4QFn+Dtw6450kPNl+qoSrgeUR\n"
	"FGfcSfaHAiEAyHRTnQMtJySdLNZ+nwy5LaQuJuGBI0du8mpZiWXaa9g=\n"
	"-----END CERTIFICATE-----\n";

/* a certificate_t that only knows its type and DER encoding, which is all
 * revocation_ocsp_request() asks of it */
typedef struct {
	certificate_t public;
	chunk_t der;
} der_cert_t;

static certificate_type_t der_get_type(certificate_t *this)
{
	return CERT_X509;
}

static bool der_get_encoding(certificate_t *public, chunk_t *der)
{
	*der = chunk_clone(((der_cert_t *)public)->der);
	return true;
}

static void der_destroy(certificate_t *public)
{
	der_cert_t *this = (der_cert_t *)public;

	chunk_free(&this->der);
	free(this);
}

static certificate_t *cert_from_pem(const char *pem)
{
	der_cert_t *this;
	unsigned char *p;
	BIO *bio;
	X509 *x;
	int len;

	bio = BIO_new_mem_buf(pem, -1);
	x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	len = x ? i2d_X509(x, NULL) : -1;
	if (len <= 0) {
		fprintf(stderr, "embedded certificate does not parse\n");
		abort();
	}
	this = mem_zalloc(sizeof(*this));
	this->public = (certificate_t){
		.get_type = der_get_type,
		.get_encoding = der_get_encoding,
		.destroy = der_destroy,
	};
	this->der = chunk_alloc(len);
	p = this->der.ptr;
	i2d_X509(x, &p);
	X509_free(x);
	return &this->public;
}

/* a constant "RNG": the same nonce in every request */
static int fixed_bytes(unsigned char *buf, int num)
{
	memset(buf, 0x5a, num);
	return 1;
}

static int fixed_status(void)
{
	return 1;
}

static RAND_METHOD fixed_rand = {
	.bytes = fixed_bytes,
	.pseudorand = fixed_bytes,
	.status = fixed_status,
};

static void *good_state, *revoked_state;

static void *make_request(certificate_t *subject, certificate_t *issuer,
			  const char *dump)
{
	chunk_t request;
	void *state;
	FILE *f;

	if (!revocation_ocsp_request(subject, issuer, &request, &state)) {
		fprintf(stderr, "building the OCSP request failed\n");
		abort();
	}
	if (dump) {
		f = fopen(dump, "wb");
		if (!f || fwrite(request.ptr, 1, request.len, f) != request.len ||
		    fclose(f) != 0) {
			fprintf(stderr, "writing %s failed\n", dump);
			exit(1);
		}
		exit(0);
	}
	chunk_free(&request);
	return state;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	certificate_t *ca, *good, *revoked;

	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	if (!RAND_set_rand_method(&fixed_rand)) {
		abort();
	}
	ca = cert_from_pem(ca_pem);
	good = cert_from_pem(good_pem);
	revoked = cert_from_pem(revoked_pem);
	good_state = make_request(good, ca, getenv("FUZZ_OCSP_REQUEST"));
	revoked_state = make_request(revoked, ca, NULL);
	ca->destroy(ca);
	good->destroy(good);
	revoked->destroy(revoked);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cert_validation_t a, b;
	chunk_t response;

	/* a heap copy of exactly the input, so overreads are caught */
	response = chunk_clone(chunk_create((void *)data, size));
	a = revocation_ocsp_parse(good_state, response);
	b = revocation_ocsp_parse(revoked_state, response);
	chunk_free(&response);
	/* the CA never signed "revoked" for the good certificate nor "good"
	 * for the revoked one (keep it so in the seeds): such a verdict would
	 * mean a forged or misattributed answer was accepted */
	if (a == VALIDATION_REVOKED || a == VALIDATION_ON_HOLD || b == VALIDATION_GOOD) {
		fprintf(stderr, "forged OCSP verdict accepted: good %s, revoked %s\n",
			cert_validation_name(a), cert_validation_name(b));
		abort();
	}
	return 0;
}
