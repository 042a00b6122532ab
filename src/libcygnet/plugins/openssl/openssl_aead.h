/**
 * @file openssl_aead.h
 * AES-GCM (RFC 4106/5282) and ChaCha20-Poly1305 (RFC 7634) through EVP_CIPHER.
 */
#ifndef CYGNET_OPENSSL_AEAD_H
#define CYGNET_OPENSSL_AEAD_H

#include "crypto/aead.h"

/**
 * Create an AEAD. The key given to set_key() is the cipher key followed by
 * a 4-byte salt; the 12-byte nonce is salt | 8-byte explicit IV.
 *
 * @param alg		ENCR_AES_GCM_ICV8/12/16 or ENCR_CHACHA20_POLY1305
 * @param key_size	cipher key size in bytes without salt, 0 for the default
 * @return		aead, NULL if unsupported
 */
aead_t *openssl_aead_create(encryption_algorithm_t alg, size_t key_size);

#endif
