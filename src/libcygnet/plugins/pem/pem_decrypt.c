/*
 * Legacy OpenSSL PEM encryption ("Proc-Type: 4,ENCRYPTED", "DEK-Info:
 * AES-256-CBC,<iv>"): the key is EVP_BytesToKey(MD5, salt = first 8 IV
 * bytes, 1 iteration): D1 = MD5(pass | salt), Di = MD5(Di-1 | pass | salt),
 * key = D1 | D2 | … truncated; the plaintext has PKCS#7 padding.
 */
#include "pem_armor.h"
#include "crypto/crypto_factory.h"

static const struct {
	const char *name;
	encryption_algorithm_t alg;
	size_t key_len;
} ciphers[] = {
	{ "AES-128-CBC", ENCR_AES_CBC, 16 },
	{ "AES-192-CBC", ENCR_AES_CBC, 24 },
	{ "AES-256-CBC", ENCR_AES_CBC, 32 },
	{ "DES-EDE3-CBC", ENCR_3DES, 24 },
};

static bool derive_key(chunk_t passphrase, chunk_t salt, chunk_t key)
{
	hasher_t *md5 = lib->crypto->create_hasher(lib->crypto, HASH_MD5);
	uint8_t digest[16];
	size_t done = 0, n;
	bool ok = true, first = true;

	if (!md5) {
		DBG1(DBG_LIB, "  no MD5 hasher for an encrypted PEM key");
		return false;
	}
	while (ok && done < key.len) {
		ok = (first || md5->get_hash(md5, chunk_create(digest, sizeof(digest)), NULL)) &&
		     md5->get_hash(md5, passphrase, NULL) &&
		     md5->get_hash(md5, salt, digest);
		first = false;
		n = key.len - done < sizeof(digest) ? key.len - done : sizeof(digest);
		memcpy(key.ptr + done, digest, n);
		done += n;
	}
	memwipe(digest, sizeof(digest));
	md5->destroy(md5);
	return ok;
}

bool pem_decrypt_block(pem_block_t *block, chunk_t passphrase)
{
	crypter_t *crypter = NULL;
	uint8_t keybuf[32];
	chunk_t key, plain;
	size_t i, bs, pad;
	bool ok = false;

	for (i = 0; i < countof(ciphers); i++) {
		if (strcaseeq(block->cipher, ciphers[i].name)) {
			crypter = lib->crypto->create_crypter(lib->crypto, ciphers[i].alg,
							      ciphers[i].key_len);
			break;
		}
	}
	if (!crypter) {
		DBG1(DBG_LIB, "  PEM encryption '%s' not supported", block->cipher);
		return false;
	}
	bs = crypter->get_block_size(crypter);
	key = chunk_create(keybuf, ciphers[i].key_len);
	if (block->iv.len != crypter->get_iv_size(crypter) || block->iv.len < 8 ||
	    !block->der.len || block->der.len % bs ||
	    !derive_key(passphrase, chunk_head(block->iv, 8), key) ||
	    !crypter->set_key(crypter, key) ||
	    !crypter->decrypt(crypter, block->der, block->iv, &plain)) {
		goto out;
	}
	pad = plain.len ? plain.ptr[plain.len - 1] : 0;
	ok = pad >= 1 && pad <= bs && pad <= plain.len;
	for (i = 0; ok && i < pad; i++) {
		ok = plain.ptr[plain.len - 1 - i] == pad;
	}
	if (ok) {
		plain.len -= pad;
		chunk_clear(&block->der);
		block->der = plain;
	} else {
		chunk_clear(&plain);
	}
out:
	memwipe(keybuf, sizeof(keybuf));
	crypter->destroy(crypter);
	return ok;
}
