/**
 * @file cp_payload.h
 * Configuration payload (RFC 7296 §3.15).
 */
#ifndef CHARON_CP_PAYLOAD_H
#define CHARON_CP_PAYLOAD_H

#include "encoding/payload.h"

typedef enum cp_type_t {
	CFG_REQUEST = 1,
	CFG_REPLY = 2,
	CFG_SET = 3,
	CFG_ACK = 4,
} cp_type_t;

/** Configuration attribute types (IANA "IKEv2 Configuration Payload Attribute Types"). */
typedef enum cp_attribute_type_t {
	INTERNAL_IP4_ADDRESS = 1,
	INTERNAL_IP4_NETMASK = 2,
	INTERNAL_IP4_DNS = 3,
	INTERNAL_IP4_NBNS = 4,
	INTERNAL_IP4_DHCP = 6,
	APPLICATION_VERSION = 7,
	INTERNAL_IP6_ADDRESS = 8,
	INTERNAL_IP6_DNS = 10,
	INTERNAL_IP6_DHCP = 12,
	INTERNAL_IP4_SUBNET = 13,
	SUPPORTED_ATTRIBUTES = 14,
	INTERNAL_IP6_SUBNET = 15,
} cp_attribute_type_t;

typedef struct cp_payload_t cp_payload_t;

struct cp_payload_t {
	payload_t payload;
	cp_type_t (*get_cp_type)(cp_payload_t *this);
	/** Append an attribute (type has 15 bits; values over 65535 bytes fail encoding). */
	void (*add_attribute)(cp_payload_t *this, uint16_t type, chunk_t value);
	/**
	 * Enumerate attributes in order:
	 * enumerate(e, uint16_t *type, chunk_t *value).
	 */
	enumerator_t *(*create_attribute_enumerator)(cp_payload_t *this);
	void (*destroy)(cp_payload_t *this);
};

/** An empty Configuration payload of @p type. */
cp_payload_t *cp_payload_create(cp_type_t type);

/** Parse a CP payload body (see payload_parse()). */
status_t cp_payload_parse(chunk_t body, payload_t **out);

#endif
