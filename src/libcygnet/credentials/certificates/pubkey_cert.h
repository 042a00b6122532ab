/**
 * @file pubkey_cert.h
 * A bare public key dressed as a certificate (CERT_TRUSTED_PUBKEY), so that
 * raw keys configured with leftsigkey=/rightsigkey= live in the credential
 * manager next to X.509 certificates and are found by the same look-ups.
 *
 * It has no issuer and no validity period: added as trusted, it is its own
 * trust anchor. Its subject is the identity the key speaks for; it also
 * stands for the key's own fingerprints (ID_KEY_ID).
 */
#ifndef CYGNET_PUBKEY_CERT_H
#define CYGNET_PUBKEY_CERT_H

#include "credentials/certificates/certificate.h"

/**
 * Wrap @p key (a new reference is taken; the caller keeps its own).
 *
 * @param subject	identity the key stands for (cloned); NULL or %any:
 *			the key's ID_KEY_ID (SHA-1 of its SubjectPublicKeyInfo)
 * @return		the certificate, NULL if @p key is NULL or has no
 *			fingerprint
 */
certificate_t *pubkey_cert_create(public_key_t *key, identification_t *subject);

#endif
