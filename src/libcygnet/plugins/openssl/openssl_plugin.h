/**
 * @file openssl_plugin.h
 * Crypto primitives from OpenSSL 3 (EVP API): ciphers, AEADs, hashes,
 * HMAC signers and PRFs, MODP/ECP/Curve25519/Curve448 key exchange, RNG,
 * RSA/ECDSA/EdDSA keys, X.509 certificates and CRLs, PKCS#12.
 */
#ifndef CYGNET_OPENSSL_PLUGIN_H
#define CYGNET_OPENSSL_PLUGIN_H

#include "plugins/plugin.h"

/** The plugin's exported constructor. */
plugin_t *openssl_plugin_create(void);

#endif
