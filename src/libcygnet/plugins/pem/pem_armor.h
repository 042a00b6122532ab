/**
 * @file pem_armor.h
 * Splitting PEM text into blocks.
 */
#ifndef CYGNET_PEM_ARMOR_H
#define CYGNET_PEM_ARMOR_H

#include "library.h"

/** Longest label we keep ("ENCRYPTED PRIVATE KEY" fits easily). */
#define PEM_LABEL_MAX 64

typedef struct pem_block_t {
	/** text between "-----BEGIN " and "-----" */
	char label[PEM_LABEL_MAX];
	/** the decoded DER (heap, chunk_clear() it) */
	chunk_t der;
	/** legacy OpenSSL encryption: "Proc-Type: 4,ENCRYPTED" was present */
	bool encrypted;
	/** DEK-Info cipher name ("AES-256-CBC") and IV (heap) */
	char cipher[32];
	chunk_t iv;
} pem_block_t;

/** True if @p blob looks like PEM (a "-----BEGIN " line somewhere). */
bool pem_is_armored(chunk_t blob);

/**
 * Decode the next PEM block at or after *@p pos in @p blob, advancing
 * *@p pos past it. Text outside blocks is skipped.
 *
 * @return	false when no further well-formed block exists
 */
bool pem_next_block(chunk_t blob, size_t *pos, pem_block_t *block);

/** Free what a block holds. */
void pem_block_clear(pem_block_t *block);

/**
 * Decrypt a legacy-encrypted block (RFC 1421 style headers, key from
 * OpenSSL's EVP_BytesToKey with MD5) in place with @p passphrase, through
 * lib->crypto's MD5 and AES-CBC/3DES. False if the cipher is unknown, or
 * the padding is wrong (the usual sign of a wrong passphrase).
 */
bool pem_decrypt_block(pem_block_t *block, chunk_t passphrase);

#endif
