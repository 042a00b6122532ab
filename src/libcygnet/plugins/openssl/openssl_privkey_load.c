/*
 * Decoding DER keys with OpenSSL: private keys as PKCS#8 PrivateKeyInfo,
 * encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo, PBES2 and friends),
 * PKCS#1 RSAPrivateKey and SEC1 ECPrivateKey; public keys as
 * SubjectPublicKeyInfo or PKCS#1 RSAPublicKey. A decoder must consume the
 * whole blob, so a certificate is never mistaken for a key.
 */
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "openssl_pkey.h"
#include "credentials/credential_manager.h"

static bool type_fits(key_type_t want, EVP_PKEY *pkey)
{
	return want == KEY_ANY || openssl_key_type(pkey) == want;
}

public_key_t *openssl_public_key_load(key_type_t type, chunk_t blob)
{
	const unsigned char *p = blob.ptr;
	EVP_PKEY *pkey;

	pkey = d2i_PUBKEY(NULL, &p, blob.len);
	if (pkey && p != blob.ptr + blob.len) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	if (!pkey && type == KEY_RSA) {
		p = blob.ptr;
		pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, blob.len);
		if (pkey && p != blob.ptr + blob.len) {
			EVP_PKEY_free(pkey);
			pkey = NULL;
		}
	}
	ERR_clear_error();
	if (!pkey || !type_fits(type, pkey)) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return openssl_public_key_wrap(pkey);
}

/* Try each passphrase @p secrets offers on an EncryptedPrivateKeyInfo. */
static EVP_PKEY *decrypt_pkcs8(X509_SIG *p8, credential_manager_t *secrets)
{
	PKCS8_PRIV_KEY_INFO *info = NULL;
	enumerator_t *enumerator;
	shared_key_t *pass;
	EVP_PKEY *pkey = NULL;
	chunk_t secret;

	if (!secrets) {
		DBG1(DBG_LIB, "  private key is encrypted, but no passphrase is given");
		return NULL;
	}
	enumerator = secrets->create_shared_enumerator(secrets,
					SHARED_PRIVATE_KEY_PASS, NULL, NULL);
	while (!info && enumerator->enumerate(enumerator, &pass)) {
		secret = pass->get_key(pass);
		if (secret.len > 0x7fffffff) {
			continue;
		}
		info = PKCS8_decrypt(p8, (const char *)secret.ptr, (int)secret.len);
	}
	enumerator->destroy(enumerator);
	ERR_clear_error();
	if (!info) {
		DBG1(DBG_LIB, "  decrypting private key failed: wrong passphrase?");
		return NULL;
	}
	pkey = EVP_PKCS82PKEY(info);
	PKCS8_PRIV_KEY_INFO_free(info);
	return pkey;
}

private_key_t *openssl_private_key_load(key_type_t type, chunk_t blob,
					credential_manager_t *secrets)
{
	const unsigned char *p = blob.ptr;
	EVP_PKEY *pkey = NULL;
	X509_SIG *p8;

	p8 = d2i_X509_SIG(NULL, &p, blob.len);
	if (p8 && p == blob.ptr + blob.len) {
		pkey = decrypt_pkcs8(p8, secrets);
	} else {
		p = blob.ptr;
		pkey = d2i_AutoPrivateKey(NULL, &p, blob.len);
		if (pkey && p != blob.ptr + blob.len) {
			EVP_PKEY_free(pkey);
			pkey = NULL;
		}
	}
	X509_SIG_free(p8);
	ERR_clear_error();
	if (!pkey || !type_fits(type, pkey)) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return openssl_private_key_wrap(pkey);
}
