/**
 * @file openssl_hmac.h
 * HMAC (RFC 2104) through EVP_MAC, as truncated integrity signers
 * (RFC 2404, RFC 4868) and as PRFs (RFC 7296 §2.13).
 */
#ifndef CYGNET_OPENSSL_HMAC_H
#define CYGNET_OPENSSL_HMAC_H

#include "crypto/signer.h"
#include "crypto/prf.h"

/**
 * Create an HMAC signer.
 *
 * @param alg	AUTH_HMAC_* algorithm
 * @return	signer, NULL if unsupported
 */
signer_t *openssl_hmac_signer_create(integrity_algorithm_t alg);

/**
 * Create an HMAC PRF.
 *
 * @param alg	PRF_HMAC_* algorithm
 * @return	prf, NULL if unsupported
 */
prf_t *openssl_hmac_prf_create(pseudo_random_function_t alg);

#endif
