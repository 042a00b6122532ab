/**
 * @file id_payload.h
 * Identification payloads IDi and IDr (RFC 7296 §3.5).
 */
#ifndef CHARON_ID_PAYLOAD_H
#define CHARON_ID_PAYLOAD_H

#include "encoding/payload.h"

/** ID types (IANA "IKEv2 Identification Payload ID Types"). */
typedef enum ike_id_type_t {
	IKE_ID_IPV4_ADDR = 1,
	IKE_ID_FQDN = 2,
	IKE_ID_RFC822_ADDR = 3,
	IKE_ID_IPV6_ADDR = 5,
	IKE_ID_DER_ASN1_DN = 9,
	IKE_ID_DER_ASN1_GN = 10,
	IKE_ID_KEY_ID = 11,
} ike_id_type_t;

/** "ID_IPV4_ADDR", "ID_FQDN", …; NULL for others. */
const char *ike_id_type_name(ike_id_type_t type);

typedef struct id_payload_t id_payload_t;

struct id_payload_t {
	payload_t payload;
	ike_id_type_t (*get_id_type)(id_payload_t *this);
	/** Identification data, owned by the payload. */
	chunk_t (*get_data)(id_payload_t *this);
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
id_payload_t *id_payload_create(payload_type_t type, ike_id_type_t id_type,
				chunk_t data);

/** Parse an IDi/IDr payload body (see payload_parse()). */
status_t id_payload_parse(payload_type_t type, chunk_t body, payload_t **out);

#endif
