/**
 * @file sa_payload.h
 * Security Association payload (RFC 7296 §3.3): proposals, their
 * transforms and transform attributes.
 */
#ifndef CHARON_SA_PAYLOAD_H
#define CHARON_SA_PAYLOAD_H

#include "encoding/payload.h"
#include "config/proposal.h"
#include "collections/linked_list.h"

typedef struct sa_payload_t sa_payload_t;

struct sa_payload_t {
	payload_t payload;
	/**
	 * Append a proposal (the payload owns it). A Proposal Num of 0 is
	 * replaced by its position (1 for the first).
	 */
	void (*add_proposal)(sa_payload_t *this, proposal_t *proposal);
	/** Enumerate the proposals in order: enumerate(e, proposal_t **p). */
	enumerator_t *(*create_proposal_enumerator)(sa_payload_t *this);
	/** A new list of copies of the proposals (destroy with destroy_offset). */
	linked_list_t *(*get_proposals)(sa_payload_t *this);
	void (*destroy)(sa_payload_t *this);
};

/** An empty SA payload. */
sa_payload_t *sa_payload_create(void);

/** An SA payload with copies of the proposals in @p proposals. */
sa_payload_t *sa_payload_create_from_proposals(linked_list_t *proposals);

/**
 * Parse an SA payload body (see payload_parse()). Proposals of unknown
 * protocols and transforms with unknown attributes are well-formed but
 * left out (RFC 7296 §3.3.6: the responder ignores what it does not
 * understand).
 */
status_t sa_payload_parse(chunk_t body, payload_t **out);

#endif
