/**
 * @file eap_payload.h
 * EAP payload (RFC 7296 §3.16), kept as the raw EAP message.
 */
#ifndef CHARON_EAP_PAYLOAD_H
#define CHARON_EAP_PAYLOAD_H

#include "encoding/payload.h"

/** EAP codes (RFC 3748 §4). */
typedef enum eap_code_t {
	EAP_REQUEST = 1,
	EAP_RESPONSE = 2,
	EAP_SUCCESS = 3,
	EAP_FAILURE = 4,
} eap_code_t;

typedef struct eap_payload_t eap_payload_t;

struct eap_payload_t {
	payload_t payload;
	/** The whole EAP message (code, identifier, length, data). */
	chunk_t (*get_data)(eap_payload_t *this);
	eap_code_t (*get_code)(eap_payload_t *this);
	uint8_t (*get_identifier)(eap_payload_t *this);
	void (*destroy)(eap_payload_t *this);
};

/**
 * An EAP payload carrying a copy of the EAP message @p data; NULL if it is
 * shorter than the 4-byte EAP header or its length field disagrees.
 */
eap_payload_t *eap_payload_create(chunk_t data);

/** Parse an EAP payload body (see payload_parse()). */
status_t eap_payload_parse(chunk_t body, payload_t **out);

#endif
