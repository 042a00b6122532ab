/*
 * libFuzzer target for the credential decoders: PEM armor (pem plugin),
 * DER keys, certificates and CRLs (openssl plugin), RSA keys parsed by our
 * own ASN.1 reader (gmp plugin), and RFC 7427 AlgorithmIdentifiers.
 *
 * The first input byte picks what the rest is fed to. Whatever decodes is
 * then exercised through its interface (encodings, names, enumerators,
 * self-verification), so a half-initialised object shows up here rather
 * than in the daemon. The decoders are registered with a credential
 * factory by hand; no plugin loader, no library_init().
 */
#include <stdio.h>
#include <string.h>

#include "library.h"
#include "bus/log_bus.h"
#include "crypto/crypto_factory.h"
#include "credentials/cred_factory.h"
#include "credentials/credential_manager.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"
#include "openssl_pkey.h"
#include "openssl_cert.h"
#include "openssl_hasher.h"
#include "openssl_crypter.h"
#include "pem_builder.h"
#include "gmp_rsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static library_t fuzz_lib;
library_t *lib;
static credential_manager_t *secrets;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	lib = &fuzz_lib;
	lib->crypto = crypto_factory_create();
	lib->crypto->add(lib->crypto, CRYPTO_HASHER, HASH_SHA1, "openssl",
			 (void *)openssl_hasher_create);
	lib->crypto->add(lib->crypto, CRYPTO_HASHER, HASH_MD5, "openssl",
			 (void *)openssl_hasher_create);
	/* legacy encrypted PEM keys */
	lib->crypto->add(lib->crypto, CRYPTO_CRYPTER, ENCR_AES_CBC, "openssl",
			 (void *)openssl_crypter_create);
	lib->crypto->add(lib->crypto, CRYPTO_CRYPTER, ENCR_3DES, "openssl",
			 (void *)openssl_crypter_create);
	lib->creds = cred_factory_create();
	lib->creds->add(lib->creds, CRED_PRIVATE_KEY, 0, "pem", (void *)pem_private_key_load);
	lib->creds->add(lib->creds, CRED_PUBLIC_KEY, 0, "pem", (void *)pem_public_key_load);
	lib->creds->add(lib->creds, CRED_CERTIFICATE, 0, "pem", (void *)pem_cert_load);
	lib->creds->add(lib->creds, CRED_PRIVATE_KEY, 0, "openssl",
			(void *)openssl_private_key_load);
	lib->creds->add(lib->creds, CRED_PUBLIC_KEY, 0, "openssl",
			(void *)openssl_public_key_load);
	lib->creds->add(lib->creds, CRED_CERTIFICATE, CERT_X509, "openssl",
			(void *)openssl_x509_load);
	lib->creds->add(lib->creds, CRED_CERTIFICATE, CERT_X509_CRL, "openssl",
			(void *)openssl_crl_load);
	secrets = credential_manager_create();
	/* the passphrase the seed corpus' encrypted keys use */
	secrets->add_shared(secrets, "fuzz", shared_key_create(SHARED_PRIVATE_KEY_PASS,
				chunk_clone(chunk_from_str("test secret"))), NULL);
	return 0;
}

static void use_public(public_key_t *key)
{
	chunk_t enc, fp;

	key->get_keysize(key);
	if (key->get_encoding(key, &enc)) {
		chunk_free(&enc);
	}
	key->get_fingerprint(key, KEYID_PUBKEY_SHA1, &fp);
	key->verify(key, SIGN_RSA_EMSA_PKCS1_SHA2_256, NULL, chunk_from_str("x"),
		    chunk_from_str("y"));
}

static void use_cert(certificate_t *cert)
{
	identification_t *id;
	enumerator_t *e;
	chunk_t enc, serial;
	const char *uri;
	time_t t;
	crl_reason_t reason;
	public_key_t *key;

	cert->get_subject(cert)->to_string(cert->get_subject(cert));
	cert->get_issuer(cert)->to_string(cert->get_issuer(cert));
	cert->get_validity(cert, NULL, &t, &t);
	cert->issued_by(cert, cert, NULL);
	if (cert->get_encoding(cert, &enc)) {
		chunk_free(&enc);
	}
	id = identification_create_from_string("*.example.com");
	cert->has_subject(cert, id);
	id->destroy(id);
	key = cert->get_public_key(cert);
	if (key) {
		use_public(key);
		key->destroy(key);
	}
	if (cert->get_type(cert) == CERT_X509) {
		x509_t *x509 = (x509_t *)cert;

		x509->get_serial(x509);
		e = x509->create_subject_alt_name_enumerator(x509);
		while (e->enumerate(e, &id)) {
			id->to_string(id);
		}
		e->destroy(e);
		e = x509->create_crl_uri_enumerator(x509);
		while (e->enumerate(e, &uri)) {
			(void)strlen(uri);
		}
		e->destroy(e);
	} else if (cert->get_type(cert) == CERT_X509_CRL) {
		crl_t *crl = (crl_t *)cert;

		e = crl->create_enumerator(crl);
		while (e->enumerate(e, &serial, &t, &reason)) {
			crl->is_revoked(crl, serial, NULL, NULL);
		}
		e->destroy(e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	chunk_t blob, enc;
	private_key_t *priv;
	public_key_t *pub;
	certificate_t *cert;
	signature_params_t params;
	size_t len;

	if (size < 1) {
		return 0;
	}
	/* a heap copy, so reads past the end are caught */
	blob = chunk_clone(chunk_create((void *)(data + 1), size - 1));
	switch (data[0] % 5) {
	case 0:
		priv = lib->creds->create_private_key(lib->creds, KEY_ANY, blob, secrets);
		if (priv) {
			pub = priv->get_public_key(priv);
			if (pub) {
				use_public(pub);
				pub->destroy(pub);
			}
			if (priv->get_encoding(priv, &enc)) {
				chunk_clear(&enc);
			}
			priv->destroy(priv);
		}
		break;
	case 1:
		pub = lib->creds->create_public_key(lib->creds, KEY_ANY, blob);
		if (pub) {
			use_public(pub);
			pub->destroy(pub);
		}
		break;
	case 2:
		cert = lib->creds->create_cert(lib->creds, CERT_ANY, blob);
		if (cert) {
			use_cert(cert);
			cert->destroy(cert);
		}
		break;
	case 3:
		if (signature_params_parse(blob, &params, &len) &&
		    signature_params_build(&params, &enc)) {
			chunk_free(&enc);
		}
		break;
	case 4:
		priv = gmp_rsa_private_key_load(KEY_ANY, blob, NULL);
		if (priv) {
			if (priv->get_encoding(priv, &enc)) {
				chunk_clear(&enc);
			}
			priv->destroy(priv);
		}
		pub = gmp_rsa_public_key_load(KEY_ANY, blob);
		if (pub) {
			use_public(pub);
			pub->destroy(pub);
		}
		break;
	}
	chunk_free(&blob);
	return 0;
}
