/**
 * @file sk_payload.h
 * The Encrypted payload (SK, RFC 7296 §3.14) and the Encrypted Fragment
 * payload (SKF, RFC 7383 §2.5): sealing the inner payloads of an outbound
 * message, opening those of an inbound one.
 *
 * SK body:  IV | encrypted (inner payloads, padding, pad length) | ICV.
 * SKF body: Fragment Number (2) | Total Fragments (2) | the same as SK,
 *           over one piece of the inner payloads. Both numbers are part
 *           of the authenticated data.
 * The Next Payload field names the first inner payload (in SKF only in
 * fragment 1; 0 in the others).
 */
#ifndef CHARON_SK_PAYLOAD_H
#define CHARON_SK_PAYLOAD_H

#include "encoding/payload.h"
#include "encoding/sk_crypto.h"

/** Payload type of the Encrypted Fragment payload (RFC 7383). */
#define PL_SKF ((payload_type_t)53)

/** Bytes of an SKF body before its IV (Fragment Number, Total Fragments). */
#define SKF_NUMBERS_SIZE 4

/**
 * Append an SK payload carrying @p inner to a message being generated.
 * @p w holds the message so far, starting with the IKE header, and SK is
 * its last payload: the IKE header's Length field is set to the final
 * size here, before protection, as integrity covers it.
 * @param first		type of the first inner payload (PL_NONE if none)
 * @param inner		encoded inner payloads
 * @return		false if encryption failed or lengths overflow
 */
bool sk_payload_seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t first,
		     chunk_t inner);

/**
 * Append an SKF payload carrying fragment @p number of @p total, like
 * sk_payload_seal().
 * @param next		first inner payload type for fragment 1, else PL_NONE
 * @param piece		this fragment's share of the encoded inner payloads
 * @return		false if encryption failed, lengths overflow or the
 *			numbers are out of range
 */
bool skf_payload_seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t next,
		      uint16_t number, uint16_t total, chunk_t piece);

/**
 * Verify and decrypt the SK payload at the end of @p packet.
 * @param sk_offset	offset of the SK generic header; SK runs to the end
 * @param plain		receives the allocated plaintext (clear it when done)
 * @param inner		receives the inner payloads within @p plain
 * @return		SUCCESS, PARSE_ERROR if the body is too short for
 *			the IV, ICV and pad length or padding is bad,
 *			FAILED if integrity or decryption fails (counted)
 */
status_t sk_payload_open(sk_crypto_t *crypto, chunk_t packet, size_t sk_offset,
			 chunk_t *plain, chunk_t *inner);

/**
 * Verify and decrypt the SKF payload at the end of @p packet, like
 * sk_payload_open(). The numbers are only returned after the ICV verified.
 * @param number	receives the Fragment Number
 * @param total		receives Total Fragments
 * @return		as sk_payload_open(); PARSE_ERROR also for numbers
 *			out of range (0, number > total)
 */
status_t skf_payload_open(sk_crypto_t *crypto, chunk_t packet, size_t skf_offset,
			  uint16_t *number, uint16_t *total, chunk_t *plain,
			  chunk_t *inner);

#endif
