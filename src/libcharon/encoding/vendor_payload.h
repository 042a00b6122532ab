/**
 * @file vendor_payload.h
 * Vendor ID payload (RFC 7296 §3.12).
 */
#ifndef CHARON_VENDOR_PAYLOAD_H
#define CHARON_VENDOR_PAYLOAD_H

#include "encoding/payload.h"

typedef struct vendor_payload_t vendor_payload_t;

struct vendor_payload_t {
	payload_t payload;
	/** The Vendor ID, owned by the payload. */
	chunk_t (*get_data)(vendor_payload_t *this);
	void (*destroy)(vendor_payload_t *this);
};

/** A Vendor ID payload carrying a copy of @p data. */
vendor_payload_t *vendor_payload_create(chunk_t data);

/** Parse a Vendor ID payload body (see payload_parse()). */
status_t vendor_payload_parse(chunk_t body, payload_t **out);

#endif
