/**
 * @file esp_cipher.h
 * Per-packet ESP protection with OpenSSL EVP contexts that are keyed once
 * and only re-armed with a new IV per packet.
 *
 * An instance is not thread-safe: an SA holds one per worker slot.
 * Buffers follow the ESP layout (RFC 4303 §2):
 *
 *     esp -> | SPI | seq | IV | payload+trailer (len bytes) | ICV |
 *
 * The caller has written SPI and the low 32 sequence bits; the cipher
 * writes the IV and the ICV and encrypts in place.
 */
#ifndef ESP_CIPHER_H
#define ESP_CIPHER_H

#include <library.h>
#include <crypto/transform.h>

/** SPI and sequence number: the fixed part of the ESP header. */
#define ESP_HEADER_LEN 8

typedef struct esp_cipher_t esp_cipher_t;

struct esp_cipher_t {

	/**
	 * Encrypt payload and trailer in place, write IV and ICV.
	 *
	 * @param esp		start of the ESP header
	 * @param len		plaintext length (payload, padding, pad length,
	 *			next header), a multiple of the block size
	 * @param seq		full 64-bit sequence number of the packet
	 * @return		false if OpenSSL failed
	 */
	bool (*encrypt)(esp_cipher_t *this, uint8_t *esp, size_t len, uint64_t seq);

	/**
	 * Verify the ICV and decrypt.
	 *
	 * @param esp		start of the ESP header
	 * @param len		ciphertext length, without IV and ICV
	 * @param seq		full sequence number (ESN high bits are
	 *			covered by the ICV but not sent)
	 * @param out		receives @p len bytes of plaintext; either the
	 *			ciphertext position itself or a disjoint buffer
	 * @return		false if the ICV does not match
	 */
	bool (*decrypt)(esp_cipher_t *this, uint8_t *esp, size_t len,
			uint64_t seq, uint8_t *out);

	/**
	 * IV length on the wire.
	 */
	size_t (*get_iv_len)(esp_cipher_t *this);

	/**
	 * ICV length on the wire.
	 */
	size_t (*get_icv_len)(esp_cipher_t *this);

	/**
	 * Alignment the plaintext must be padded to (at least 4).
	 */
	size_t (*get_block_len)(esp_cipher_t *this);

	/**
	 * Free the contexts; OpenSSL wipes the key schedules.
	 */
	void (*destroy)(esp_cipher_t *this);
};

/**
 * AES-GCM (RFC 4106) or ChaCha20-Poly1305 (RFC 7634).
 *
 * @param alg		ENCR_AES_GCM_ICV8/12/16 or ENCR_CHACHA20_POLY1305
 * @param key		key followed by the 4-byte salt
 * @param esn		the AAD carries the high sequence bits (RFC 4106 §5)
 * @param encrypt	outbound (true) or inbound (false)
 * @return		cipher, NULL if the algorithm or key length is wrong
 */
esp_cipher_t *esp_aead_create(encryption_algorithm_t alg, chunk_t key,
			      bool esn, bool encrypt);

/**
 * AES-CBC (RFC 3602) with an HMAC (RFC 2404, RFC 4868), encrypt-then-MAC.
 *
 * The IV is AES-ECB, under a random per-instance key, of the sequence
 * number: unpredictable to others and free of per-packet RNG calls.
 *
 * @param encr_key	AES key, 16, 24 or 32 bytes
 * @param integ		AUTH_HMAC_SHA1_96 or AUTH_HMAC_SHA2_256_128/384_192/512_256
 * @param integ_key	HMAC key, as long as the hash output
 * @param esn		the ICV covers the high sequence bits (RFC 4303 §2.2.1)
 * @param encrypt	outbound (true) or inbound (false)
 * @return		cipher, NULL on a bad algorithm or key length
 */
esp_cipher_t *esp_cbc_create(chunk_t encr_key, integrity_algorithm_t integ,
			     chunk_t integ_key, bool esn, bool encrypt);

#endif
