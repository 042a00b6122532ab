/*
 * TSi/TSr payloads: number of TSs (1), reserved (3), then selectors of
 * type (1), IP protocol (1), length (2), start port (2), end port (2),
 * start address, end address. The count and the lengths must describe
 * the body exactly.
 */
#include "encoding/ts_payload.h"
#include "encoding/enc_counters.h"

#define TS_FIXED_SIZE 4
#define SELECTOR_HEADER_SIZE 4
#define SELECTOR_PORTS_SIZE 4

typedef struct private_ts_payload_t {
	ts_payload_t public;
	bool initiator;
	linked_list_t *selectors;
} private_ts_payload_t;

/* selector fields copied out of the buffer */
typedef struct selector_t {
	uint8_t type;
	uint8_t protocol;
	uint16_t length;
	chunk_t body;
} selector_t;

static payload_type_t get_type(payload_t *public)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;

	return this->initiator ? PL_TSI : PL_TSR;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;
	size_t start = payload_header_begin(w, next), ts_start;
	int count = this->selectors->get_count(this->selectors);
	traffic_selector_t *ts;
	enumerator_t *e;

	if (count > 255) {
		w->failed = true;
	}
	wire_write_u8(w, (uint8_t)count);
	wire_write_skip(w, 3);
	e = this->selectors->create_enumerator(this->selectors);
	while (e->enumerate(e, &ts)) {
		ts_start = w->len;
		wire_write_u8(w, (uint8_t)ts->get_type(ts));
		wire_write_u8(w, ts->get_protocol(ts));
		wire_write_u16(w, 0);
		wire_write_u16(w, ts->get_from_port(ts));
		wire_write_u16(w, ts->get_to_port(ts));
		wire_write_data(w, ts->get_from_address(ts));
		wire_write_data(w, ts->get_to_address(ts));
		wire_set_u16(w, ts_start + 2, (uint16_t)(w->len - ts_start));
	}
	e->destroy(e);
	payload_header_end(w, start);
}

static void add_traffic_selector(ts_payload_t *public, traffic_selector_t *ts)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;

	this->selectors->insert_last(this->selectors, ts->clone(ts));
}

static enumerator_t *create_enumerator(ts_payload_t *public)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;

	return this->selectors->create_enumerator(this->selectors);
}

static void *clone_ts(void *item)
{
	traffic_selector_t *ts = item;

	return ts->clone(ts);
}

static linked_list_t *get_traffic_selectors(ts_payload_t *public)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;

	return this->selectors->clone(this->selectors, clone_ts);
}

static void destroy(ts_payload_t *public)
{
	private_ts_payload_t *this = (private_ts_payload_t *)public;

	this->selectors->destroy_offset(this->selectors,
					DESTROY_OFFSET(traffic_selector_t));
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((ts_payload_t *)public);
}

ts_payload_t *ts_payload_create(bool initiator, linked_list_t *selectors)
{
	private_ts_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ts_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.add_traffic_selector = add_traffic_selector,
			.create_enumerator = create_enumerator,
			.get_traffic_selectors = get_traffic_selectors,
			.destroy = destroy,
		},
		.initiator = initiator,
		.selectors = selectors ? selectors->clone(selectors, clone_ts)
				       : linked_list_create(),
	};
	return &this->public;
}

/* address length of a known type, 0 for unknown types */
static size_t address_size(uint8_t type)
{
	switch (type) {
	case TS_IPV4_ADDR_RANGE:
		return 4;
	case TS_IPV6_ADDR_RANGE:
		return 16;
	default:
		return 0;
	}
}

static bool read_selector(chunk_t *in, selector_t *s)
{
	if (in->len < SELECTOR_HEADER_SIZE) {
		ENC_MALFORMED("%zu bytes left, selector header %d", in->len,
			      SELECTOR_HEADER_SIZE);
		return false;
	}
	wire_read_u8(in, &s->type);
	wire_read_u8(in, &s->protocol);
	wire_read_u16(in, &s->length);
	if (s->length < SELECTOR_HEADER_SIZE ||
	    (size_t)(s->length - SELECTOR_HEADER_SIZE) > in->len) {
		ENC_MALFORMED("selector length %u, header %d, %zu bytes left",
			      s->length, SELECTOR_HEADER_SIZE,
			      in->len + SELECTOR_HEADER_SIZE);
		return false;
	}
	wire_read_data(in, s->length - SELECTOR_HEADER_SIZE, &s->body);
	return true;
}

static bool ts_validate(chunk_t body)
{
	selector_t s;
	uint8_t expected;
	size_t addr;
	int count = 0;

	if (body.len < TS_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, fixed part %d", body.len, TS_FIXED_SIZE);
		return false;
	}
	wire_read_u8(&body, &expected);
	body = chunk_skip(body, 3);
	while (body.len) {
		if (!read_selector(&body, &s)) {
			return false;
		}
		addr = address_size(s.type);
		if (addr && s.body.len != SELECTOR_PORTS_SIZE + 2 * addr) {
			ENC_MALFORMED("selector type %u length %u, expected %zu",
				      s.type, s.length,
				      SELECTOR_HEADER_SIZE + SELECTOR_PORTS_SIZE + 2 * addr);
			return false;
		}
		count++;
	}
	if (!count || count != expected) {
		ENC_MALFORMED("%d selectors, header says %u", count, expected);
		return false;
	}
	return true;
}

/* a known selector, or NULL (and a log) if its values are invalid */
static traffic_selector_t *parse_selector(selector_t *s, bool *invalid)
{
	uint16_t from_port, to_port;
	chunk_t from, to, body = s->body;
	size_t addr = address_size(s->type);
	traffic_selector_t *ts;

	*invalid = false;
	if (!addr) {
		DBG2(DBG_ENC, "ignoring traffic selector of type %u", s->type);
		return NULL;
	}
	wire_read_u16(&body, &from_port);
	wire_read_u16(&body, &to_port);
	wire_read_data(&body, addr, &from);
	wire_read_data(&body, addr, &to);
	ts = traffic_selector_create_from_bytes(s->protocol, (ts_type_t)s->type,
						from, from_port, to, to_port);
	if (!ts) {
		ENC_MALFORMED("invalid selector ranges (ports %u-%u)", from_port,
			      to_port);
		*invalid = true;
	}
	return ts;
}

status_t ts_payload_parse(payload_type_t type, chunk_t body, payload_t **out)
{
	private_ts_payload_t *this;
	traffic_selector_t *ts;
	selector_t s;
	bool invalid;

	if (!ts_validate(body)) {
		return PARSE_ERROR;
	}
	this = (private_ts_payload_t *)ts_payload_create(type == PL_TSI, NULL);
	body = chunk_skip(body, TS_FIXED_SIZE);
	while (body.len && read_selector(&body, &s)) {
		ts = parse_selector(&s, &invalid);
		if (invalid) {
			destroy(&this->public);
			return PARSE_ERROR;
		}
		if (ts) {
			this->selectors->insert_last(this->selectors, ts);
		}
	}
	*out = &this->public.payload;
	return SUCCESS;
}
