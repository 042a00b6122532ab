/**
 * @file proposal.h
 * An SA proposal (RFC 7296 §3.3): a protocol, an SPI and transforms, in the
 * form negotiation works on.
 *
 * A proposal holds any number of transforms of each type, in preference
 * order. A type the proposal does not mention behaves like a single
 * transform with ID 0 of that type: "NONE" for integrity and key exchange,
 * NO_EXT_SEQ for ESN. That is what RFC 7296 §3.3.3 means by an optional
 * Diffie-Hellman group and what AEAD proposals without integrity need.
 */
#ifndef CHARON_PROPOSAL_H
#define CHARON_PROPOSAL_H

#include "library.h"
#include "collections/linked_list.h"
#include "crypto/transform.h"

/** Security protocol IDs (IANA "IKEv2 Security Protocol Identifiers"). */
typedef enum protocol_id_t {
	PROTO_NONE = 0,
	PROTO_IKE = 1,
	PROTO_AH = 2,
	PROTO_ESP = 3,
} protocol_id_t;

/** "IKE", "AH", "ESP"; NULL for others. */
const char *protocol_id_name(protocol_id_t protocol);

/** Transform attribute type of the key length (RFC 7296 §3.3.5). */
#define TRANSFORM_ATTR_KEY_LENGTH 14

typedef struct proposal_t proposal_t;

struct proposal_t {
	protocol_id_t (*get_protocol)(proposal_t *this);

	/** Proposal Num as on the wire (1 for the first). */
	uint8_t (*get_number)(proposal_t *this);
	void (*set_number)(proposal_t *this, uint8_t number);

	/**
	 * SPI (0 bytes in IKE_SA_INIT, 8 for IKE rekeying, 4 for ESP/AH),
	 * pointing into the proposal.
	 */
	chunk_t (*get_spi)(proposal_t *this);

	/** Set the SPI; false unless it is 0, 4 or 8 bytes long. */
	bool (*set_spi)(proposal_t *this, chunk_t spi);

	/**
	 * Append a transform.
	 * @param type		transform type (any value, unknown ones included)
	 * @param alg		transform ID
	 * @param key_length	key length in bits, 0 for none
	 */
	void (*add_algorithm)(proposal_t *this, uint16_t type, uint16_t alg,
			      uint16_t key_length);

	/**
	 * The @p index-th transform of @p type (0 = most preferred).
	 * @param alg		receives the transform ID (may be NULL)
	 * @param key_length	receives the key length in bits (may be NULL)
	 * @return		false if there are not that many
	 */
	bool (*get_algorithm)(proposal_t *this, uint16_t type, int index,
			      uint16_t *alg, uint16_t *key_length);

	/** Number of transforms of @p type. */
	int (*count_algorithms)(proposal_t *this, uint16_t type);

	/**
	 * Enumerate all transforms in the order added:
	 * enumerate(e, uint16_t *type, uint16_t *alg, uint16_t *key_length).
	 */
	enumerator_t *(*create_enumerator)(proposal_t *this);

	/**
	 * True if @p method is among the key exchange transforms (KE_NONE
	 * matches a proposal without any, or with an explicit NONE).
	 */
	bool (*has_ke_method)(proposal_t *this, key_exchange_method_t method);

	/**
	 * Select a proposal acceptable to both (RFC 7296 §2.7, §3.3.6).
	 * For every transform type either side mentions, the first transform
	 * of this proposal that @p other also contains (same ID, same key
	 * length) is chosen, so this proposal's order is the preference.
	 * @param other		the peer's proposal
	 * @return		new proposal with one transform per type, the
	 *			protocol, number and SPI of @p other; NULL if
	 *			the protocols differ or a type has no match
	 */
	proposal_t *(*select)(proposal_t *this, proposal_t *other);

	/** Same protocol and the same transforms per type in the same order
	 *  (number and SPI are not compared). */
	bool (*equals)(proposal_t *this, proposal_t *other);

	proposal_t *(*clone)(proposal_t *this);

	/**
	 * Print as strongSwan does, ENCR/INTEG/PRF/KE/ESN, e.g.
	 * "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519";
	 * without @p with_protocol the "IKE:" prefix is left out.
	 * @return		@p buf
	 */
	char *(*to_string)(proposal_t *this, char *buf, size_t len,
			   bool with_protocol);

	void (*destroy)(proposal_t *this);
};

/** An empty proposal for @p protocol with Proposal Num @p number. */
proposal_t *proposal_create(protocol_id_t protocol, uint8_t number);

/**
 * Select from two lists (RFC 7296 §2.7): the first proposal of @p ours,
 * in order, that selects against any proposal of @p theirs, trying theirs
 * in their order.
 * @return		the selected proposal, or NULL for NO_PROPOSAL_CHOSEN
 */
proposal_t *proposal_select_list(linked_list_t *ours, linked_list_t *theirs);

/**
 * Select from two lists by the peer's preference: the first proposal of
 * @p theirs that any of @p ours accepts. The result keeps the peer's
 * Proposal Num and SPI.
 * @return		the selected proposal, or NULL for NO_PROPOSAL_CHOSEN
 */
proposal_t *proposal_select_list_peer(linked_list_t *ours, linked_list_t *theirs);

/** Same proposals in the same order (proposal_t items). */
bool proposal_list_equals(linked_list_t *a, linked_list_t *b);

#endif
