/**
 * @file xfrm_algs.h
 * IKEv2 transform IDs as the Linux crypto API names them for XFRM.
 */
#ifndef XFRM_ALGS_H
#define XFRM_ALGS_H

#include "library.h"
#include "crypto/transform.h"

/** How XFRM spells an encryption algorithm. */
typedef struct xfrm_enc_alg_t {
	/** crypto API name, e.g. "rfc4106(gcm(aes))" */
	const char *name;
	/** true: XFRMA_ALG_AEAD, false: XFRMA_ALG_CRYPT */
	bool aead;
	/** ICV length in bits (AEADs only) */
	uint16_t icv_bits;
	/** bytes of salt or nonce at the end of the key (GCM, CCM, CTR, ChaCha20) */
	uint8_t salt;
} xfrm_enc_alg_t;

/** How XFRM spells an integrity algorithm. */
typedef struct xfrm_int_alg_t {
	/** crypto API name, e.g. "hmac(sha256)" */
	const char *name;
	/** truncated ICV length in bits (XFRMA_ALG_AUTH_TRUNC) */
	uint16_t trunc_bits;
} xfrm_int_alg_t;

/** The XFRM form of @p alg (encryption_algorithm_t), NULL if unsupported. */
const xfrm_enc_alg_t *xfrm_enc_alg(uint16_t alg);

/** The XFRM form of @p alg (integrity_algorithm_t), NULL if unsupported. */
const xfrm_int_alg_t *xfrm_int_alg(uint16_t alg);

#endif
