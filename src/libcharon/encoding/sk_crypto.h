/**
 * @file sk_crypto.h
 * The protection of the Encrypted payload (SK, RFC 7296 §3.14) for one
 * IKE SA: inbound keys to verify and decrypt, outbound keys to encrypt
 * and sign.
 *
 * Two kinds exist. An AEAD (AES-GCM, ChaCha20-Poly1305; RFC 5282) with an
 * 8-byte IV from a counter, unique per key, authenticating the IKE header
 * and the SK payload header as associated data. Or a cipher (AES-CBC,
 * AES-CTR) plus an integrity algorithm, where the ICV covers the message
 * from the IKE header through the ciphertext; CBC gets random IVs from
 * lib->crypto, stream modes (block size 1) a counter.
 *
 * The message regions passed in are adjacent in one buffer:
 *   assoc (IKE header .. SK payload header) | IV | data | ICV
 */
#ifndef CHARON_SK_CRYPTO_H
#define CHARON_SK_CRYPTO_H

#include "library.h"
#include "crypto/aead.h"
#include "crypto/crypter.h"
#include "crypto/signer.h"

typedef struct sk_crypto_t sk_crypto_t;

struct sk_crypto_t {
	/** IV size in bytes. */
	size_t (*get_iv_size)(sk_crypto_t *this);
	/** ICV size in bytes. */
	size_t (*get_icv_size)(sk_crypto_t *this);
	/** Padding granularity of the data (1 for AEADs and stream modes). */
	size_t (*get_block_size)(sk_crypto_t *this);

	/**
	 * Length of the SK payload body (IV, padded data, pad length byte,
	 * ICV) for @p plain_len bytes of inner payloads.
	 */
	size_t (*get_body_size)(sk_crypto_t *this, size_t plain_len);

	/**
	 * Most inner payload bytes an SK body of @p body_size bytes can carry
	 * (0 if none), e.g. to fit a message into a fragment.
	 */
	size_t (*get_max_plain)(sk_crypto_t *this, size_t body_size);

	/**
	 * Protect an outbound message in place: fill @p iv, encrypt @p data
	 * (inner payloads, padding and pad length byte, already a multiple of
	 * the block size) and write the ICV to @p icv.
	 */
	bool (*encrypt)(sk_crypto_t *this, chunk_t assoc, chunk_t iv, chunk_t data,
			chunk_t icv);

	/**
	 * Verify and decrypt an inbound message. The ICV is checked first;
	 * nothing is decrypted if it fails.
	 * @param plain		receives the allocated plaintext (inner
	 *			payloads, padding, pad length byte)
	 * @return		false if the ICV does not verify or the data
	 *			does not decrypt
	 */
	bool (*decrypt)(sk_crypto_t *this, chunk_t assoc, chunk_t iv, chunk_t data,
			chunk_t icv, chunk_t *plain);

	void (*destroy)(sk_crypto_t *this);
};

/**
 * SK protection with AEADs whose keys are set.
 * @param in		decrypts what the peer sends (owned by the result)
 * @param out		encrypts what we send (owned by the result)
 * @return		NULL if either is NULL or their sizes differ from
 *			what IKE allows (IV not 8 bytes)
 */
sk_crypto_t *sk_crypto_create_aead(aead_t *in, aead_t *out);

/**
 * SK protection with a cipher and an integrity algorithm per direction,
 * keys set (all owned by the result).
 * @return		NULL if any is NULL or the two directions disagree in
 *			sizes
 */
sk_crypto_t *sk_crypto_create_traditional(crypter_t *crypter_in, signer_t *signer_in,
					  crypter_t *crypter_out, signer_t *signer_out);

#endif
