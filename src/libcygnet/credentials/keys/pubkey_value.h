/**
 * @file pubkey_value.h
 * The value of ipsec.conf's leftsigkey=/rightsigkey= (and the RSA-only
 * leftrsasigkey=/rightrsasigkey=) turned into a public key:
 *
 * - `%cert` (or empty): no raw key, the certificate is used
 * - `0s<base64>` or `0x<hex>`: a DER SubjectPublicKeyInfo or PKCS#1
 *   RSAPublicKey, or an RFC 3110 DNSKEY RSA key; with strongSwan's `dns:`
 *   prefix (`dns:0s…`) only the DNSKEY form, with `ssh:` an RFC 4253
 *   public key blob
 * - `ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256… AAAA… [comment]`: OpenSSH
 * - anything else: a file (relative: under ipsec.d/certs) holding a PEM or
 *   DER public key (SubjectPublicKeyInfo or PKCS#1) or an OpenSSH line
 *
 * Keys are decoded by lib->creds, so any key backend does.
 */
#ifndef CYGNET_PUBKEY_VALUE_H
#define CYGNET_PUBKEY_VALUE_H

#include "credentials/keys/public_key.h"

/**
 * Parse @p value.
 *
 * @param type	KEY_RSA for the rsasigkey keywords (other keys are refused),
 *		KEY_ANY for sigkey
 * @param key	receives the key (a new reference), NULL for %cert
 * @param err	receives why parsing failed (NUL-terminated, may be NULL)
 * @return	false (and @p err) if the value holds no usable key
 */
bool pubkey_value_parse(const char *value, key_type_t type, public_key_t **key,
			char *err, size_t err_len);

#endif
