/**
 * @file auth_payload.h
 * Authentication payload (RFC 7296 §3.8).
 */
#ifndef CHARON_AUTH_PAYLOAD_H
#define CHARON_AUTH_PAYLOAD_H

#include "encoding/payload.h"

/** Authentication methods (IANA "IKEv2 Authentication Method"). */
typedef enum auth_method_t {
	AUTH_METHOD_RSA = 1,
	AUTH_METHOD_PSK = 2,
	AUTH_METHOD_DSS = 3,
	AUTH_METHOD_ECDSA_256 = 9,
	AUTH_METHOD_ECDSA_384 = 10,
	AUTH_METHOD_ECDSA_521 = 11,
	AUTH_METHOD_GSPAM = 12,
	AUTH_METHOD_NULL = 13,
	AUTH_METHOD_DIGITAL_SIGNATURE = 14,
} auth_method_t;

/** "RSA", "PSK", "ECDSA-256", "DIGITAL_SIGNATURE", …; NULL for others. */
const char *auth_method_name(auth_method_t method);

typedef struct auth_payload_t auth_payload_t;

struct auth_payload_t {
	payload_t payload;
	auth_method_t (*get_method)(auth_payload_t *this);
	/** Authentication data, owned by the payload. */
	chunk_t (*get_data)(auth_payload_t *this);
	void (*destroy)(auth_payload_t *this);
};

/** An AUTH payload carrying a copy of @p data. */
auth_payload_t *auth_payload_create(auth_method_t method, chunk_t data);

/** Parse an AUTH payload body (see payload_parse()). */
status_t auth_payload_parse(chunk_t body, payload_t **out);

#endif
