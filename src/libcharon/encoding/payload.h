/**
 * @file payload.h
 * The generic IKEv2 payload (RFC 7296 §3.2) and the payload type registry.
 *
 * Every payload type is an object implementing payload_t as its first
 * member, with getters and setters of its own that tasks use; only the
 * payload's encode() and its parse function touch bytes. Parsing copies the
 * fixed fields out of the buffer and checks every length at the place it
 * is read (shared/DESIGN.md §5).
 */
#ifndef CHARON_PAYLOAD_H
#define CHARON_PAYLOAD_H

#include "library.h"
#include "encoding/wire.h"
#include "collections/enumerator.h"

/** Payload types (IANA "IKEv2 Payload Types"). */
typedef enum payload_type_t {
	PL_NONE = 0,
	PL_SA = 33,
	PL_KE = 34,
	PL_IDI = 35,
	PL_IDR = 36,
	PL_CERT = 37,
	PL_CERTREQ = 38,
	PL_AUTH = 39,
	PL_NONCE = 40,
	PL_NOTIFY = 41,
	PL_DELETE = 42,
	PL_VENDOR = 43,
	PL_TSI = 44,
	PL_TSR = 45,
	PL_SK = 46,
	PL_CP = 47,
	PL_EAP = 48,
} payload_type_t;

/** Size of the generic payload header. */
#define PAYLOAD_HEADER_SIZE 4

/** The critical bit in the generic header's second byte. */
#define PAYLOAD_CRITICAL 0x80

/**
 * Short name as strongSwan logs it ("SA", "KE", "IDi", "No", "N", "D",
 * "V", "TSi", "E", "CP", "EAP", …), NULL for unknown types.
 */
const char *payload_type_name(payload_type_t type);

typedef struct payload_t payload_t;

struct payload_t {
	payload_type_t (*get_type)(payload_t *this);

	/**
	 * Append the payload, generic header included, to @p w.
	 * Lengths that overflow their fields set w->failed.
	 * @param next		value of the Next Payload field
	 */
	void (*encode)(payload_t *this, payload_type_t next, wire_writer_t *w);

	void (*destroy)(payload_t *this);
};

/**
 * Parse the body of a payload (what follows the generic header).
 * Validates first, then builds the object.
 * @param type		payload type; PL_SK is not handled here
 * @param body		body, exactly as long as the header declared
 * @param out		receives the payload on SUCCESS
 * @return		SUCCESS, PARSE_ERROR (malformed, counted and
 *			logged), NOT_SUPPORTED (type not known here)
 */
status_t payload_parse(payload_type_t type, chunk_t body, payload_t **out);

/** True for the types payload_parse() knows (SK excluded). */
bool payload_type_known(payload_type_t type);

/**
 * Write a generic header with a length placeholder (for implementations).
 * @return		offset to pass to payload_header_end()
 */
size_t payload_header_begin(wire_writer_t *w, payload_type_t next);

/** Fill in the payload length for a header begun at @p start. */
void payload_header_end(wire_writer_t *w, size_t start);

#endif
