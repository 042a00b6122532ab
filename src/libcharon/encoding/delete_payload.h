/**
 * @file delete_payload.h
 * Delete payload (RFC 7296 §3.11).
 */
#ifndef CHARON_DELETE_PAYLOAD_H
#define CHARON_DELETE_PAYLOAD_H

#include "encoding/payload.h"
#include "config/proposal.h"

typedef struct delete_payload_t delete_payload_t;

struct delete_payload_t {
	payload_t payload;
	/** PROTO_IKE (deletes the IKE SA, no SPIs), PROTO_ESP or PROTO_AH. */
	protocol_id_t (*get_protocol)(delete_payload_t *this);
	/** Add a 4-byte ESP/AH SPI, in host byte order (ignored for IKE). */
	void (*add_spi)(delete_payload_t *this, uint32_t spi);
	/** Number of SPIs. */
	int (*get_spi_count)(delete_payload_t *this);
	/** Enumerate the SPIs: enumerate(e, uint32_t *spi), host byte order. */
	enumerator_t *(*create_spi_enumerator)(delete_payload_t *this);
	void (*destroy)(delete_payload_t *this);
};

/** An empty Delete payload; NULL for protocols other than IKE, AH, ESP. */
delete_payload_t *delete_payload_create(protocol_id_t protocol);

/** Parse a Delete payload body (see payload_parse()). */
status_t delete_payload_parse(chunk_t body, payload_t **out);

#endif
