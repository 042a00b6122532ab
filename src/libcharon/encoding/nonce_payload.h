/**
 * @file nonce_payload.h
 * Nonce payload (RFC 7296 §3.9), Ni and Nr.
 */
#ifndef CHARON_NONCE_PAYLOAD_H
#define CHARON_NONCE_PAYLOAD_H

#include "encoding/payload.h"

/** Nonce size limits in bytes (RFC 7296 §3.9). */
#define NONCE_SIZE_MIN 16
#define NONCE_SIZE_MAX 256

typedef struct nonce_payload_t nonce_payload_t;

struct nonce_payload_t {
	payload_t payload;
	/** The nonce, owned by the payload. */
	chunk_t (*get_nonce)(nonce_payload_t *this);
	void (*destroy)(nonce_payload_t *this);
};

/** A Nonce payload carrying a copy of @p nonce. */
nonce_payload_t *nonce_payload_create(chunk_t nonce);

/** Parse a Nonce payload body; 16 to 256 bytes (see payload_parse()). */
status_t nonce_payload_parse(chunk_t body, payload_t **out);

#endif
