/**
 * @file pem_builder.h
 * The pem plugin's credential constructors.
 */
#ifndef CYGNET_PEM_BUILDER_H
#define CYGNET_PEM_BUILDER_H

#include "credentials/cred_factory.h"

/** A private key from PEM: "PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
 *  "RSA PRIVATE KEY", "EC PRIVATE KEY" (legacy encryption included). */
private_key_t *pem_private_key_load(key_type_t type, chunk_t blob,
				    credential_manager_t *secrets);

/** A public key from PEM: "PUBLIC KEY", "RSA PUBLIC KEY". */
public_key_t *pem_public_key_load(key_type_t type, chunk_t blob);

/** A certificate or CRL from PEM: the first "CERTIFICATE" or "X509 CRL"
 *  block of the requested type. */
certificate_t *pem_cert_load(certificate_type_t type, chunk_t blob);

#endif
