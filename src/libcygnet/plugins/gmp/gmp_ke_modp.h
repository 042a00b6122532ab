/**
 * @file gmp_ke_modp.h
 * MODP Diffie-Hellman on libgmp (RFC 3526 groups 14, 15, 16).
 */
#ifndef CYGNET_GMP_KE_MODP_H
#define CYGNET_GMP_KE_MODP_H

#include "crypto/key_exchange.h"

/** A MODP_2048/3072/4096 exchange with a fresh key pair; NULL otherwise. */
key_exchange_t *gmp_ke_modp_create(key_exchange_method_t method);

#endif
