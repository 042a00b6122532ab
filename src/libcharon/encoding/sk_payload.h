/**
 * @file sk_payload.h
 * The Encrypted payload (SK, RFC 7296 §3.14): sealing the inner payloads
 * of an outbound message, opening those of an inbound one.
 *
 * SK body: IV | encrypted (inner payloads, padding, pad length) | ICV.
 * The SK header's Next Payload field names the first inner payload.
 */
#ifndef CHARON_SK_PAYLOAD_H
#define CHARON_SK_PAYLOAD_H

#include "encoding/payload.h"
#include "encoding/sk_crypto.h"

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

#endif
