/**
 * @file ke_payload.h
 * Key Exchange payload (RFC 7296 §3.4).
 */
#ifndef CHARON_KE_PAYLOAD_H
#define CHARON_KE_PAYLOAD_H

#include "encoding/payload.h"
#include "crypto/transform.h"

typedef struct ke_payload_t ke_payload_t;

struct ke_payload_t {
	payload_t payload;
	/** Diffie-Hellman group / key exchange method. */
	key_exchange_method_t (*get_method)(ke_payload_t *this);
	/** Public value, owned by the payload. */
	chunk_t (*get_data)(ke_payload_t *this);
	void (*destroy)(ke_payload_t *this);
};

/** A KE payload carrying a copy of @p data. */
ke_payload_t *ke_payload_create(key_exchange_method_t method, chunk_t data);

/** Parse a KE payload body (see payload_parse()). */
status_t ke_payload_parse(chunk_t body, payload_t **out);

#endif
