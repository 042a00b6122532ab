/*
 * SA payload. Wire layout (RFC 7296 §3.3):
 *   proposal:  last (1) reserved (1) length (2) num (1) protocol (1)
 *              SPI size (1) #transforms (1) SPI transforms...
 *   transform: last (1) reserved (1) length (2) type (1) reserved (1)
 *              ID (2) attributes...
 *   attribute: AF bit + type (2), then a 2-byte value (AF=1, TV) or a
 *              2-byte length and value (AF=0, TLV)
 * Each substructure length must fit its parent exactly.
 */
#include "encoding/sa_payload.h"
#include "encoding/enc_counters.h"

#define PROPOSAL_HEADER_SIZE 8
#define TRANSFORM_HEADER_SIZE 8
#define ATTR_HEADER_SIZE 4
#define ATTR_FORMAT_TV 0x8000
#define LAST_PROPOSAL 0
#define MORE_PROPOSALS 2
#define LAST_TRANSFORM 0
#define MORE_TRANSFORMS 3

typedef struct private_sa_payload_t {
	sa_payload_t public;
	linked_list_t *proposals;
} private_sa_payload_t;

/* fixed part of a proposal, copied out of the buffer */
typedef struct proposal_header_t {
	uint8_t last;
	uint16_t length;
	uint8_t number;
	uint8_t protocol;
	uint8_t spi_size;
	uint8_t transforms;
} proposal_header_t;

typedef struct transform_header_t {
	uint8_t last;
	uint16_t length;
	uint8_t type;
	uint16_t id;
} transform_header_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_SA;
}

static void encode_transforms(proposal_t *proposal, wire_writer_t *w)
{
	enumerator_t *e;
	uint16_t type, alg, key_length;
	int count = 0, total = 0;
	size_t start;

	e = proposal->create_enumerator(proposal);
	while (e->enumerate(e, &type, &alg, &key_length)) {
		total++;
	}
	e->destroy(e);

	e = proposal->create_enumerator(proposal);
	while (e->enumerate(e, &type, &alg, &key_length)) {
		if (type > 255) {
			w->failed = true;
		}
		start = w->len;
		wire_write_u8(w, ++count == total ? LAST_TRANSFORM : MORE_TRANSFORMS);
		wire_write_u8(w, 0);
		wire_write_u16(w, 0);
		wire_write_u8(w, (uint8_t)type);
		wire_write_u8(w, 0);
		wire_write_u16(w, alg);
		if (key_length) {
			wire_write_u16(w, ATTR_FORMAT_TV | TRANSFORM_ATTR_KEY_LENGTH);
			wire_write_u16(w, key_length);
		}
		wire_set_u16(w, start + 2, (uint16_t)(w->len - start));
	}
	e->destroy(e);
	if (total > 255) {
		w->failed = true;
	}
}

static void encode_proposal(proposal_t *proposal, bool last, wire_writer_t *w)
{
	enumerator_t *e;
	chunk_t spi = proposal->get_spi(proposal);
	size_t start = w->len;
	int count = 0;

	e = proposal->create_enumerator(proposal);
	while (e->enumerate(e, NULL, NULL, NULL)) {
		count++;
	}
	e->destroy(e);

	wire_write_u8(w, last ? LAST_PROPOSAL : MORE_PROPOSALS);
	wire_write_u8(w, 0);
	wire_write_u16(w, 0);
	wire_write_u8(w, proposal->get_number(proposal));
	wire_write_u8(w, (uint8_t)proposal->get_protocol(proposal));
	wire_write_u8(w, (uint8_t)spi.len);
	wire_write_u8(w, (uint8_t)count);
	wire_write_data(w, spi);
	encode_transforms(proposal, w);
	if (w->len - start > 0xffff) {
		w->failed = true;
	}
	wire_set_u16(w, start + 2, (uint16_t)(w->len - start));
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_sa_payload_t *this = (private_sa_payload_t *)public;
	size_t start = payload_header_begin(w, next);
	int count = this->proposals->get_count(this->proposals), i = 0;
	enumerator_t *e;
	proposal_t *proposal;

	e = this->proposals->create_enumerator(this->proposals);
	while (e->enumerate(e, &proposal)) {
		encode_proposal(proposal, ++i == count, w);
	}
	e->destroy(e);
	payload_header_end(w, start);
}

static void add_proposal(sa_payload_t *public, proposal_t *proposal)
{
	private_sa_payload_t *this = (private_sa_payload_t *)public;
	int count = this->proposals->get_count(this->proposals);

	if (!proposal->get_number(proposal) && count < 255) {
		proposal->set_number(proposal, (uint8_t)(count + 1));
	}
	this->proposals->insert_last(this->proposals, proposal);
}

static enumerator_t *create_proposal_enumerator(sa_payload_t *public)
{
	private_sa_payload_t *this = (private_sa_payload_t *)public;

	return this->proposals->create_enumerator(this->proposals);
}

static void *clone_proposal(void *item)
{
	proposal_t *proposal = item;

	return proposal->clone(proposal);
}

static linked_list_t *get_proposals(sa_payload_t *public)
{
	private_sa_payload_t *this = (private_sa_payload_t *)public;

	return this->proposals->clone(this->proposals, clone_proposal);
}

static void destroy(sa_payload_t *public)
{
	private_sa_payload_t *this = (private_sa_payload_t *)public;

	this->proposals->destroy_offset(this->proposals, DESTROY_OFFSET(proposal_t));
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((sa_payload_t *)public);
}

sa_payload_t *sa_payload_create(void)
{
	private_sa_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_sa_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.add_proposal = add_proposal,
			.create_proposal_enumerator = create_proposal_enumerator,
			.get_proposals = get_proposals,
			.destroy = destroy,
		},
		.proposals = linked_list_create(),
	};
	return &this->public;
}

sa_payload_t *sa_payload_create_from_proposals(linked_list_t *proposals)
{
	sa_payload_t *this = sa_payload_create();
	enumerator_t *e;
	proposal_t *proposal;

	e = proposals->create_enumerator(proposals);
	while (e->enumerate(e, &proposal)) {
		add_proposal(this, proposal->clone(proposal));
	}
	e->destroy(e);
	return this;
}

/*
 * Reading: each substructure's fixed header is copied out, its length
 * checked against what is left, and its body split off.
 */

static bool read_proposal_header(chunk_t *in, proposal_header_t *h, chunk_t *body)
{
	uint8_t reserved;

	if (in->len < PROPOSAL_HEADER_SIZE) {
		ENC_MALFORMED("%zu bytes left, proposal header %d", in->len,
			      PROPOSAL_HEADER_SIZE);
		return false;
	}
	wire_read_u8(in, &h->last);
	wire_read_u8(in, &reserved);
	wire_read_u16(in, &h->length);
	wire_read_u8(in, &h->number);
	wire_read_u8(in, &h->protocol);
	wire_read_u8(in, &h->spi_size);
	wire_read_u8(in, &h->transforms);
	if (h->length < PROPOSAL_HEADER_SIZE ||
	    (size_t)(h->length - PROPOSAL_HEADER_SIZE) > in->len) {
		ENC_MALFORMED("proposal length %u, header %d, %zu bytes left",
			      h->length, PROPOSAL_HEADER_SIZE,
			      in->len + PROPOSAL_HEADER_SIZE);
		return false;
	}
	wire_read_data(in, h->length - PROPOSAL_HEADER_SIZE, body);
	return true;
}

static bool read_transform_header(chunk_t *in, transform_header_t *h, chunk_t *attrs)
{
	uint8_t reserved;

	if (in->len < TRANSFORM_HEADER_SIZE) {
		ENC_MALFORMED("%zu bytes left, transform header %d", in->len,
			      TRANSFORM_HEADER_SIZE);
		return false;
	}
	wire_read_u8(in, &h->last);
	wire_read_u8(in, &reserved);
	wire_read_u16(in, &h->length);
	wire_read_u8(in, &h->type);
	wire_read_u8(in, &reserved);
	wire_read_u16(in, &h->id);
	if (h->length < TRANSFORM_HEADER_SIZE ||
	    (size_t)(h->length - TRANSFORM_HEADER_SIZE) > in->len) {
		ENC_MALFORMED("transform length %u, header %d, %zu bytes left",
			      h->length, TRANSFORM_HEADER_SIZE,
			      in->len + TRANSFORM_HEADER_SIZE);
		return false;
	}
	wire_read_data(in, h->length - TRANSFORM_HEADER_SIZE, attrs);
	return true;
}

/* one attribute; TV values come back as a 2-byte chunk */
static bool read_attribute(chunk_t *in, uint16_t *type, chunk_t *value)
{
	uint16_t len;

	if (!wire_read_u16(in, type)) {
		ENC_MALFORMED("%zu bytes left, attribute header %d", in->len,
			      ATTR_HEADER_SIZE);
		return false;
	}
	if (*type & ATTR_FORMAT_TV) {
		len = 2;
	} else if (!wire_read_u16(in, &len)) {
		ENC_MALFORMED("attribute length truncated");
		return false;
	}
	if (!wire_read_data(in, len, value)) {
		ENC_MALFORMED("attribute %u length %u, %zu bytes left",
			      *type & ~ATTR_FORMAT_TV, len, in->len);
		return false;
	}
	return true;
}

/*
 * Validation: the complete structure, before any object is built.
 */

static bool validate_attributes(chunk_t attrs)
{
	uint16_t type;
	chunk_t value;

	while (attrs.len) {
		if (!read_attribute(&attrs, &type, &value)) {
			return false;
		}
	}
	return true;
}

static bool validate_transforms(chunk_t in, uint8_t expected)
{
	transform_header_t h;
	chunk_t attrs;
	int count = 0;

	while (in.len) {
		if (!read_transform_header(&in, &h, &attrs)) {
			return false;
		}
		if (h.last != LAST_TRANSFORM && h.last != MORE_TRANSFORMS) {
			ENC_MALFORMED("transform marker %u", h.last);
			return false;
		}
		if (!validate_attributes(attrs)) {
			return false;
		}
		count++;
		if ((h.last == LAST_TRANSFORM) != (in.len == 0)) {
			ENC_MALFORMED("last-transform marker %u with %zu bytes left",
				      h.last, in.len);
			return false;
		}
	}
	if (count != expected) {
		ENC_MALFORMED("%d transforms, header says %u", count, expected);
		return false;
	}
	return true;
}

static bool sa_validate(chunk_t body)
{
	proposal_header_t h;
	chunk_t prop, spi;
	int count = 0;

	while (body.len) {
		if (!read_proposal_header(&body, &h, &prop)) {
			return false;
		}
		if (h.last != LAST_PROPOSAL && h.last != MORE_PROPOSALS) {
			ENC_MALFORMED("proposal marker %u", h.last);
			return false;
		}
		if ((h.last == LAST_PROPOSAL) != (body.len == 0)) {
			ENC_MALFORMED("last-proposal marker %u with %zu bytes left",
				      h.last, body.len);
			return false;
		}
		if (h.spi_size != 0 && h.spi_size != 4 && h.spi_size != 8) {
			ENC_MALFORMED("SPI size %u", h.spi_size);
			return false;
		}
		if (!wire_read_data(&prop, h.spi_size, &spi)) {
			ENC_MALFORMED("SPI size %u, proposal body %zu", h.spi_size,
				      prop.len);
			return false;
		}
		if (!validate_transforms(prop, h.transforms)) {
			return false;
		}
		count++;
	}
	if (!count) {
		ENC_MALFORMED("no proposals");
		return false;
	}
	return true;
}

/*
 * Parsing: build proposals from a validated body.
 */

/* key length, or false if any attribute is not understood */
static bool parse_attributes(chunk_t attrs, uint16_t *key_length)
{
	uint16_t type;
	chunk_t value;
	bool have_key_length = false;

	*key_length = 0;
	while (attrs.len && read_attribute(&attrs, &type, &value)) {
		if (type != (ATTR_FORMAT_TV | TRANSFORM_ATTR_KEY_LENGTH) ||
		    have_key_length) {
			return false;
		}
		*key_length = (uint16_t)(value.ptr[0] << 8 | value.ptr[1]);
		have_key_length = true;
	}
	return true;
}

static proposal_t *parse_proposal(proposal_header_t *h, chunk_t prop)
{
	proposal_t *proposal;
	transform_header_t th;
	chunk_t spi, attrs;
	uint16_t key_length;

	if (h->protocol != PROTO_IKE && h->protocol != PROTO_AH &&
	    h->protocol != PROTO_ESP) {
		DBG2(DBG_ENC, "ignoring proposal %u of protocol %u", h->number,
		     h->protocol);
		return NULL;
	}
	proposal = proposal_create((protocol_id_t)h->protocol, h->number);
	wire_read_data(&prop, h->spi_size, &spi);
	proposal->set_spi(proposal, spi);
	while (prop.len && read_transform_header(&prop, &th, &attrs)) {
		if (!parse_attributes(attrs, &key_length)) {
			DBG2(DBG_ENC, "ignoring transform %u/%u with unknown "
			     "attributes", th.type, th.id);
			continue;
		}
		proposal->add_algorithm(proposal, th.type, th.id, key_length);
	}
	return proposal;
}

status_t sa_payload_parse(chunk_t body, payload_t **out)
{
	private_sa_payload_t *this;
	proposal_header_t h;
	proposal_t *proposal;
	chunk_t prop;

	if (!sa_validate(body)) {
		return PARSE_ERROR;
	}
	this = (private_sa_payload_t *)sa_payload_create();
	while (body.len && read_proposal_header(&body, &h, &prop)) {
		proposal = parse_proposal(&h, prop);
		if (proposal) {
			this->proposals->insert_last(this->proposals, proposal);
		}
	}
	*out = &this->public.payload;
	return SUCCESS;
}
