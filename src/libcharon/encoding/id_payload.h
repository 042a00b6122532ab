/**
 * @file id_payload.h
 * Identification payloads IDi and IDr (RFC 7296 §3.5).
 */
#ifndef CHARON_ID_PAYLOAD_H
#define CHARON_ID_PAYLOAD_H

#include "encoding/payload.h"
#include "utils/identification.h"

/** "ID_IPV4_ADDR", "ID_FQDN", …; NULL for others. */
const char *id_payload_type_name(id_type_t type);

typedef struct id_payload_t id_payload_t;

struct id_payload_t {
	payload_t payload;
	id_type_t (*get_id_type)(id_payload_t *this);
	/** Identification data, owned by the payload. */
	chunk_t (*get_data)(id_payload_t *this);
	/**
	 * The identity as a new object; NULL if the data does not decode
	 * (e.g. a malformed DN).
	 */
	identification_t *(*get_identification)(id_payload_t *this);
	/**
	 * The payload body as AUTH signs it (RFC 7296 §2.15 "RestOfInitIDPayload":
	 * ID type, three reserved bytes, data); allocated.
	 */
	chunk_t (*get_encoded)(id_payload_t *this);
	void (*destroy)(id_payload_t *this);
};

/**
 * An IDi or IDr payload.
 * @param type		PL_IDI or PL_IDR
 * @return		NULL for another type, or an address ID whose data
 *			is not 4 (IPv4) or 16 (IPv6) bytes long
 */
id_payload_t *id_payload_create(payload_type_t type, id_type_t id_type,
				chunk_t data);

/** An IDi or IDr payload for @p id (NULL for ID_ANY or another type). */
id_payload_t *id_payload_create_from_identification(payload_type_t type,
						    identification_t *id);

/** Parse an IDi/IDr payload body (see payload_parse()). */
status_t id_payload_parse(payload_type_t type, chunk_t body, payload_t **out);

#endif
