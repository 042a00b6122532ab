/*
 * PKCS#12 containers (RFC 7292) through PKCS12_parse(): the passphrases on
 * offer are tried in turn (then the empty one), the key is wrapped as is and
 * the certificates go through lib->creds like any other DER certificate.
 */
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "openssl_pkey.h"
#include "credentials/credential_manager.h"

static void add_cert(X509 *x509, linked_list_t *certs)
{
	certificate_t *cert;
	unsigned char *p;
	chunk_t der;
	int len;

	len = i2d_X509(x509, NULL);
	if (len <= 0) {
		return;
	}
	der = chunk_alloc(len);
	p = der.ptr;
	i2d_X509(x509, &p);
	cert = lib->creds->create_cert(lib->creds, CERT_X509, der);
	chunk_free(&der);
	if (cert) {
		certs->insert_last(certs, cert);
	}
}

/* PKCS12_parse with @p pass; NUL-terminated copy since OpenSSL wants one */
static bool try_parse(PKCS12 *p12, chunk_t pass, EVP_PKEY **pkey, X509 **cert,
		      STACK_OF(X509) **ca)
{
	char *str = mem_zalloc(pass.len + 1);
	bool ok;

	if (pass.len) {
		memcpy(str, pass.ptr, pass.len);
	}
	/* checks the MAC first (and an empty one as "" or none) */
	ok = PKCS12_parse(p12, str, pkey, cert, ca) == 1;
	memwipe(str, pass.len);
	free(str);
	ERR_clear_error();
	return ok;
}

bool openssl_pkcs12_load(chunk_t blob, credential_manager_t *secrets,
			 private_key_t **key, linked_list_t *certs)
{
	const unsigned char *p = blob.ptr;
	STACK_OF(X509) *ca = NULL;
	enumerator_t *enumerator;
	shared_key_t *pass;
	EVP_PKEY *pkey = NULL;
	X509 *cert = NULL;
	PKCS12 *p12;
	bool ok = false;
	int i;

	p12 = d2i_PKCS12(NULL, &p, blob.len);
	if (!p12) {
		ERR_clear_error();
		return false;
	}
	if (secrets) {
		enumerator = secrets->create_shared_enumerator(secrets,
						SHARED_PRIVATE_KEY_PASS, NULL, NULL);
		while (!ok && enumerator->enumerate(enumerator, &pass)) {
			ok = try_parse(p12, pass->get_key(pass), &pkey, &cert, &ca);
		}
		enumerator->destroy(enumerator);
	}
	if (!ok) {
		ok = try_parse(p12, chunk_empty, &pkey, &cert, &ca);
	}
	PKCS12_free(p12);
	if (!ok) {
		DBG1(DBG_LIB, "  opening PKCS#12 container failed: wrong passphrase?");
		return false;
	}
	if (certs) {
		if (cert) {
			add_cert(cert, certs);
		}
		for (i = 0; ca && i < sk_X509_num(ca); i++) {
			add_cert(sk_X509_value(ca, i), certs);
		}
	}
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
	if (key && pkey) {
		*key = openssl_private_key_wrap(pkey);
	} else {
		EVP_PKEY_free(pkey);
	}
	return true;
}
