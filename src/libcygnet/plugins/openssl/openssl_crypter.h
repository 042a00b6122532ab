/**
 * @file openssl_crypter.h
 * AES-CBC, AES-CTR (RFC 3686) and 3DES-CBC through EVP_CIPHER.
 */
#ifndef CYGNET_OPENSSL_CRYPTER_H
#define CYGNET_OPENSSL_CRYPTER_H

#include "crypto/crypter.h"

/**
 * Create a crypter.
 *
 * @param alg		ENCR_AES_CBC, ENCR_AES_CTR or ENCR_3DES
 * @param key_size	cipher key size in bytes without the AES-CTR nonce
 *			(16, 24, 32 for AES; 24 for 3DES), 0 for the default
 * @return		crypter, NULL if unsupported
 */
crypter_t *openssl_crypter_create(encryption_algorithm_t alg, size_t key_size);

#endif
