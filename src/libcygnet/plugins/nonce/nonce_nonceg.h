/**
 * @file nonce_nonceg.h
 * A nonce generator drawing from an RNG of lib->crypto.
 */
#ifndef CYGNET_NONCE_NONCEG_H
#define CYGNET_NONCE_NONCEG_H

#include "crypto/nonce_gen.h"

/**
 * Create a nonce generator over the best of an RNG_STRONG or RNG_WEAK RNG
 * the crypto factory offers.
 *
 * @return		the generator, NULL if no RNG is available
 */
nonce_gen_t *nonce_nonceg_create(void);

#endif
