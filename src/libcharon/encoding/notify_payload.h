/**
 * @file notify_payload.h
 * Notify payload (RFC 7296 §3.10) and the notify message types.
 */
#ifndef CHARON_NOTIFY_PAYLOAD_H
#define CHARON_NOTIFY_PAYLOAD_H

#include "encoding/payload.h"
#include "config/proposal.h"

/**
 * Notify message types (IANA "IKEv2 Notify Message Types"). Values below
 * 16384 are errors, the others status types.
 */
typedef enum notify_type_t {
	/* errors, RFC 7296 §3.10.1 and extensions */
	UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	INVALID_IKE_SPI = 4,
	INVALID_MAJOR_VERSION = 5,
	INVALID_SYNTAX = 7,
	INVALID_MESSAGE_ID = 9,
	INVALID_SPI = 11,
	NO_PROPOSAL_CHOSEN = 14,
	INVALID_KE_PAYLOAD = 17,
	AUTHENTICATION_FAILED = 24,
	SINGLE_PAIR_REQUIRED = 34,
	NO_ADDITIONAL_SAS = 35,
	INTERNAL_ADDRESS_FAILURE = 36,
	FAILED_CP_REQUIRED = 37,
	TS_UNACCEPTABLE = 38,
	INVALID_SELECTORS = 39,
	UNACCEPTABLE_ADDRESSES = 40,
	UNEXPECTED_NAT_DETECTED = 41,
	TEMPORARY_FAILURE = 43,
	CHILD_SA_NOT_FOUND = 44,
	/* status types */
	INITIAL_CONTACT = 16384,
	SET_WINDOW_SIZE = 16385,
	ADDITIONAL_TS_POSSIBLE = 16386,
	IPCOMP_SUPPORTED = 16387,
	NAT_DETECTION_SOURCE_IP = 16388,
	NAT_DETECTION_DESTINATION_IP = 16389,
	COOKIE = 16390,
	USE_TRANSPORT_MODE = 16391,
	HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	REKEY_SA = 16393,
	ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	NON_FIRST_FRAGMENTS_ALSO = 16395,
	MOBIKE_SUPPORTED = 16396,
	ADDITIONAL_IP4_ADDRESS = 16397,
	ADDITIONAL_IP6_ADDRESS = 16398,
	NO_ADDITIONAL_ADDRESSES = 16399,
	UPDATE_SA_ADDRESSES = 16400,
	COOKIE2 = 16401,
	NO_NATS_ALLOWED = 16402,
	AUTH_LIFETIME = 16403,
	MULTIPLE_AUTH_SUPPORTED = 16404,
	ANOTHER_AUTH_FOLLOWS = 16405,
	REDIRECT_SUPPORTED = 16406,
	REDIRECT = 16407,
	REDIRECTED_FROM = 16408,
	EAP_ONLY_AUTHENTICATION = 16417,
	CHILDLESS_IKEV2_SUPPORTED = 16418,
	IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	SIGNATURE_HASH_ALGORITHMS = 16431,
	USE_PPK = 16435,
	INTERMEDIATE_EXCHANGE_SUPPORTED = 16438,
} notify_type_t;

/** First status (non-error) notify type. */
#define NOTIFY_STATUS_MIN 16384

/** "NO_PROPOSAL_CHOSEN", …; NULL for unknown types. */
const char *notify_type_name(notify_type_t type);

/** True for error types (below 16384). */
static inline bool notify_type_is_error(notify_type_t type)
{
	return type < NOTIFY_STATUS_MIN;
}

typedef struct notify_payload_t notify_payload_t;

struct notify_payload_t {
	payload_t payload;
	notify_type_t (*get_notify_type)(notify_payload_t *this);
	/** Protocol of the SA concerned, PROTO_NONE if none. */
	protocol_id_t (*get_protocol)(notify_payload_t *this);
	/** SPI of the SA concerned (empty, 4 or 8 bytes), owned by the payload. */
	chunk_t (*get_spi)(notify_payload_t *this);
	/** Notification data, owned by the payload. */
	chunk_t (*get_data)(notify_payload_t *this);
	void (*destroy)(notify_payload_t *this);
};

/**
 * A Notify payload.
 * @param spi		empty, 4 or 8 bytes (NULL is returned otherwise)
 */
notify_payload_t *notify_payload_create(notify_type_t type, protocol_id_t protocol,
					chunk_t spi, chunk_t data);

/** Parse a Notify payload body (see payload_parse()). */
status_t notify_payload_parse(chunk_t body, payload_t **out);

#endif
