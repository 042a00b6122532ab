/*
 * PEM → DER → lib->creds. Which block a request takes is decided by its
 * label: the label also hints the key type for the bare PKCS#1 and SEC1
 * structures, whose DER does not say what they are.
 */
#include "pem_builder.h"
#include "pem_armor.h"
#include "credentials/credential_manager.h"

/* Key type a private key label implies; false if not a private key label. */
static bool private_label(const char *label, key_type_t *hint)
{
	if (streq(label, "PRIVATE KEY") || streq(label, "ENCRYPTED PRIVATE KEY")) {
		*hint = KEY_ANY;
		return true;
	}
	if (streq(label, "RSA PRIVATE KEY")) {
		*hint = KEY_RSA;
		return true;
	}
	if (streq(label, "EC PRIVATE KEY")) {
		*hint = KEY_ECDSA;
		return true;
	}
	return false;
}

/* Legacy-encrypted block: try each passphrase on a copy. */
static private_key_t *load_legacy(pem_block_t *block, key_type_t type,
				  credential_manager_t *secrets)
{
	enumerator_t *enumerator;
	private_key_t *key = NULL;
	shared_key_t *pass;
	pem_block_t copy;

	if (!secrets) {
		DBG1(DBG_LIB, "  PEM private key is encrypted, but no passphrase is given");
		return NULL;
	}
	enumerator = secrets->create_shared_enumerator(secrets,
					SHARED_PRIVATE_KEY_PASS, NULL, NULL);
	while (!key && enumerator->enumerate(enumerator, &pass)) {
		/* the IV stays borrowed from @p block */
		copy = *block;
		copy.der = chunk_clone(block->der);
		if (pem_decrypt_block(&copy, pass->get_key(pass))) {
			key = lib->creds->create_private_key(lib->creds, type, copy.der, NULL);
		}
		chunk_clear(&copy.der);
	}
	enumerator->destroy(enumerator);
	if (!key) {
		DBG1(DBG_LIB, "  decrypting PEM private key failed: wrong passphrase?");
	}
	return key;
}

private_key_t *pem_private_key_load(key_type_t type, chunk_t blob,
				    credential_manager_t *secrets)
{
	private_key_t *key = NULL;
	pem_block_t block;
	key_type_t hint;
	size_t pos = 0;

	if (!pem_is_armored(blob)) {
		return NULL;
	}
	while (!key && pem_next_block(blob, &pos, &block)) {
		if (private_label(block.label, &hint) &&
		    (hint == KEY_ANY || type == KEY_ANY || hint == type)) {
			if (hint == KEY_ANY) {
				hint = type;
			}
			if (block.encrypted) {
				key = load_legacy(&block, hint, secrets);
			} else {
				key = lib->creds->create_private_key(lib->creds, hint,
								     block.der, secrets);
			}
		}
		pem_block_clear(&block);
	}
	return key;
}

public_key_t *pem_public_key_load(key_type_t type, chunk_t blob)
{
	public_key_t *key = NULL;
	pem_block_t block;
	size_t pos = 0;

	if (!pem_is_armored(blob)) {
		return NULL;
	}
	while (!key && pem_next_block(blob, &pos, &block)) {
		if (streq(block.label, "PUBLIC KEY")) {
			key = lib->creds->create_public_key(lib->creds, type, block.der);
		} else if (streq(block.label, "RSA PUBLIC KEY") &&
			   (type == KEY_ANY || type == KEY_RSA)) {
			key = lib->creds->create_public_key(lib->creds, KEY_RSA, block.der);
		}
		pem_block_clear(&block);
	}
	return key;
}

certificate_t *pem_cert_load(certificate_type_t type, chunk_t blob)
{
	certificate_t *cert = NULL;
	certificate_type_t found;
	pem_block_t block;
	size_t pos = 0;

	if (!pem_is_armored(blob)) {
		return NULL;
	}
	while (!cert && pem_next_block(blob, &pos, &block)) {
		if (streq(block.label, "CERTIFICATE") ||
		    streq(block.label, "X509 CERTIFICATE")) {
			found = CERT_X509;
		} else if (streq(block.label, "X509 CRL")) {
			found = CERT_X509_CRL;
		} else {
			found = CERT_ANY;
		}
		if (found != CERT_ANY && (type == CERT_ANY || type == found)) {
			cert = lib->creds->create_cert(lib->creds, found, block.der);
		}
		pem_block_clear(&block);
	}
	return cert;
}
