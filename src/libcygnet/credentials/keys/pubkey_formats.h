/**
 * @file pubkey_formats.h
 * Public key formats outside X.509 that ipsec.conf accepts in
 * leftsigkey=/leftrsasigkey=: DNSKEY RSA keys (RFC 3110) and OpenSSH keys
 * (RFC 4253 §6.6, RFC 5656, RFC 8709). They are turned into the DER forms
 * every key backend decodes (PKCS#1 RSAPublicKey, SubjectPublicKeyInfo),
 * so lib->creds builds the key object.
 */
#ifndef CYGNET_PUBKEY_FORMATS_H
#define CYGNET_PUBKEY_FORMATS_H

#include "credentials/keys/public_key.h"

/**
 * An RFC 3110 RSA key (exponent length, exponent, modulus) as a DER PKCS#1
 * RSAPublicKey.
 *
 * @param der	receives the allocated DER
 * @return	false if @p dnskey is malformed
 */
bool pubkey_dnskey_to_der(chunk_t dnskey, chunk_t *der);

/**
 * An OpenSSH public key blob (the base64-decoded middle of an
 * authorized_keys line) as DER: PKCS#1 RSAPublicKey for ssh-rsa, a
 * SubjectPublicKeyInfo for ssh-ed25519 and ecdsa-sha2-nistp256/384/521.
 *
 * @param type	receives the key type (optional)
 * @param der	receives the allocated DER
 * @return	false if @p blob is malformed or of another kind
 */
bool pubkey_ssh_to_der(chunk_t blob, key_type_t *type, chunk_t *der);

/**
 * An OpenSSH authorized_keys style line ("ssh-ed25519 AAAA… comment") as
 * DER, like pubkey_ssh_to_der(); the algorithm name must match the blob's.
 */
bool pubkey_ssh_line_to_der(const char *line, key_type_t *type, chunk_t *der);

#endif
