/**
 * @file ts_payload.h
 * Traffic Selector payloads TSi and TSr (RFC 7296 §3.13).
 */
#ifndef CHARON_TS_PAYLOAD_H
#define CHARON_TS_PAYLOAD_H

#include "encoding/payload.h"
#include "selectors/traffic_selector.h"
#include "collections/linked_list.h"

typedef struct ts_payload_t ts_payload_t;

struct ts_payload_t {
	payload_t payload;
	/** Append a copy of @p ts. */
	void (*add_traffic_selector)(ts_payload_t *this, traffic_selector_t *ts);
	/** Enumerate the selectors: enumerate(e, traffic_selector_t **ts). */
	enumerator_t *(*create_enumerator)(ts_payload_t *this);
	/** A new list of copies of the selectors (destroy with destroy_offset). */
	linked_list_t *(*get_traffic_selectors)(ts_payload_t *this);
	void (*destroy)(ts_payload_t *this);
};

/**
 * A TSi (@p initiator) or TSr payload with copies of the traffic_selector_t
 * in @p selectors (NULL for an empty payload to fill with
 * add_traffic_selector()).
 */
ts_payload_t *ts_payload_create(bool initiator, linked_list_t *selectors);

/**
 * Parse a TSi/TSr payload body (see payload_parse()). Selectors of unknown
 * types are well-formed but left out.
 */
status_t ts_payload_parse(payload_type_t type, chunk_t body, payload_t **out);

#endif
