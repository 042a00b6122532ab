/**
 * @file message.h
 * An IKEv2 message (RFC 7296 §3.1): the IKE header and an ordered list of
 * payloads, generated into or parsed from a packet.
 *
 * Outbound: create, set the header, add payloads, generate(). Payloads of
 * exchanges after IKE_SA_INIT all go into one SK payload.
 *
 * Inbound: message_create_from_packet(), parse_header() (cheap: enough to
 * find the IKE SA by its SPIs), then parse_body() with the IKE SA's keys,
 * which validates every payload, verifies and decrypts SK and enforces
 * which payloads the exchange allows (message_rules.h) before any task
 * sees the message.
 */
#ifndef CHARON_MESSAGE_H
#define CHARON_MESSAGE_H

#include "library.h"
#include "encoding/payload.h"
#include "encoding/sk_crypto.h"
#include "encoding/notify_payload.h"
#include "collections/enumerator.h"

/** Exchange types (IANA "IKEv2 Exchange Types"). */
typedef enum exchange_type_t {
	IKE_SA_INIT = 34,
	IKE_AUTH = 35,
	CREATE_CHILD_SA = 36,
	INFORMATIONAL = 37,
} exchange_type_t;

/** "IKE_SA_INIT", …; NULL for others. */
const char *exchange_type_name(exchange_type_t type);

/** Size of the IKE header. */
#define IKE_HEADER_SIZE 28

/** IKE major version we speak. */
#define IKE_MAJOR_VERSION 2

typedef struct message_t message_t;

struct message_t {
	/** Initiator's SPI (the 8 header bytes as a big-endian number). */
	uint64_t (*get_spi_i)(message_t *this);
	void (*set_spi_i)(message_t *this, uint64_t spi);
	/** Responder's SPI, 0 in the first IKE_SA_INIT request. */
	uint64_t (*get_spi_r)(message_t *this);
	void (*set_spi_r)(message_t *this, uint64_t spi);

	/** Major version of a parsed header (2 for generated messages). */
	uint8_t (*get_major_version)(message_t *this);
	uint8_t (*get_minor_version)(message_t *this);

	exchange_type_t (*get_exchange_type)(message_t *this);
	void (*set_exchange_type)(message_t *this, exchange_type_t type);

	/** I flag: sent by the original initiator of the IKE SA. */
	bool (*get_initiator)(message_t *this);
	void (*set_initiator)(message_t *this, bool initiator);
	/** R flag cleared: a request. */
	bool (*get_request)(message_t *this);
	void (*set_request)(message_t *this, bool request);
	/** V flag of a parsed header (the sender speaks a higher version). */
	bool (*get_version_flag)(message_t *this);

	uint32_t (*get_message_id)(message_t *this);
	void (*set_message_id)(message_t *this, uint32_t id);

	/** Append a payload; the message owns it. */
	void (*add_payload)(message_t *this, payload_t *payload);

	/**
	 * Append a Notify without SPI (convenience).
	 * @return		false if it could not be created
	 */
	bool (*add_notify)(message_t *this, notify_type_t type, chunk_t data);

	/** Enumerate payloads in order: enumerate(e, payload_t **payload). */
	enumerator_t *(*create_payload_enumerator)(message_t *this);

	/** First payload of @p type, NULL if none. */
	payload_t *(*get_payload)(message_t *this, payload_type_t type);

	/** First Notify of @p type, NULL if none. */
	notify_payload_t *(*get_notify)(message_t *this, notify_type_t type);

	/**
	 * The packet as generated or received (owned by the message); for
	 * IKE_SA_INIT these are the bytes AUTH signs.
	 */
	chunk_t (*get_packet_data)(message_t *this);

	/**
	 * Encode the message.
	 * @param crypto	SK keys; required unless the exchange is IKE_SA_INIT
	 * @param packet	receives an allocated copy of the packet
	 * @return		SUCCESS; INVALID_STATE if the payloads break the
	 *			exchange's rules or no keys were given;
	 *			FAILED if a length overflows or encryption fails
	 */
	status_t (*generate)(message_t *this, sk_crypto_t *crypto, chunk_t *packet);

	/**
	 * Parse the IKE header of a received packet.
	 * @return		SUCCESS; PARSE_ERROR if it is too short or its
	 *			length field disagrees with the packet;
	 *			NOT_SUPPORTED for another major version (the
	 *			header fields are filled in, to answer with
	 *			INVALID_MAJOR_VERSION)
	 */
	status_t (*parse_header)(message_t *this);

	/**
	 * Parse and check the payloads, verifying and decrypting SK.
	 * @param crypto	the IKE SA's keys, NULL before they exist
	 * @return		SUCCESS;
	 *			PARSE_ERROR for malformed payloads;
	 *			NOT_SUPPORTED for an unknown critical payload
	 *			(see get_unsupported_critical());
	 *			VERIFY_ERROR if the payloads break the
	 *			exchange's rules (reply INVALID_SYNTAX once
	 *			authenticated);
	 *			FAILED if SK does not verify or decrypt (drop
	 *			silently);
	 *			INVALID_STATE if SK arrived but @p crypto is NULL
	 */
	status_t (*parse_body)(message_t *this, sk_crypto_t *crypto);

	/**
	 * After parse_body() returned SUCCESS for a message carrying an
	 * Encrypted Fragment payload (RFC 7383): the verified, decrypted
	 * fragment. Such a message has no payloads of its own and the
	 * exchange's rules are not checked yet; reassemble the fragments and
	 * create the message with message_create_reassembled().
	 * @param first		receives the first inner payload type
	 *			(fragment 1) or PL_NONE
	 * @param data		receives the fragment's share of the inner
	 *			payloads (owned by the message)
	 * @return		false if the message is not a fragment
	 */
	bool (*get_fragment)(message_t *this, uint16_t *number, uint16_t *total,
			     payload_type_t *first, chunk_t *data);

	/**
	 * Encode the message like generate(), split into Encrypted Fragment
	 * payloads (RFC 7383 §2.5) if the packet would be longer than
	 * @p max_len; every fragment fits into @p max_len. Unencrypted
	 * exchanges (IKE_SA_INIT) are never split, nor messages whose
	 * fragments would be too many (FRAG_MAX_FRAGMENTS) or too small to
	 * carry anything: those go whole.
	 * @param packets	receives an allocated array of allocated packets,
	 *			in the order to send them
	 * @param count		receives their number (1 if not split)
	 * @return		as generate()
	 */
	status_t (*generate_fragments)(message_t *this, sk_crypto_t *crypto,
				       size_t max_len, chunk_t **packets,
				       unsigned int *count);

	/**
	 * After NOT_SUPPORTED from parse_body(): the unknown critical payload
	 * type, the data of the UNSUPPORTED_CRITICAL_PAYLOAD reply.
	 */
	uint8_t (*get_unsupported_critical)(message_t *this);

	/** True if the payloads arrived in, or will be sent in, SK. */
	bool (*is_encrypted)(message_t *this);

	/**
	 * One-line summary as strongSwan logs it:
	 * "IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) ]".
	 * @return		@p buf
	 */
	char *(*to_string)(message_t *this, char *buf, size_t len);

	void (*destroy)(message_t *this);
};

/** An empty outbound message (version 2.0, request, message ID 0). */
message_t *message_create(void);

/** An inbound message over a copy of @p packet; call parse_header() next. */
message_t *message_create_from_packet(chunk_t packet);

/**
 * The message reassembled from fragments: the header of @p fragment (any
 * of them) and the payloads parsed from @p inner, checked against the
 * exchange's rules as if they had arrived in one SK payload.
 * @param first		type of the first inner payload (from fragment 1)
 * @param inner		the concatenated inner payloads of all fragments
 * @param status	receives the outcome as parse_body() reports it
 * @return		the message, NULL on failure
 */
message_t *message_create_reassembled(message_t *fragment, payload_type_t first,
				      chunk_t inner, status_t *status);

#endif
