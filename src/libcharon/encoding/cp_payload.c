/*
 * Configuration payload: CFG type (1), reserved (3), attributes of
 * R bit + 15-bit type (2), length (2), value.
 */
#include "encoding/cp_payload.h"
#include "encoding/enc_counters.h"
#include "collections/linked_list.h"

#define CP_FIXED_SIZE 4
#define ATTR_HEADER_SIZE 4
#define ATTR_TYPE_MASK 0x7fff

typedef struct attribute_t {
	uint16_t type;
	chunk_t value;
} attribute_t;

typedef struct private_cp_payload_t {
	cp_payload_t public;
	uint8_t type;
	linked_list_t *attributes;
} private_cp_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_CP;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_cp_payload_t *this = (private_cp_payload_t *)public;
	size_t start = payload_header_begin(w, next);
	enumerator_t *e;
	attribute_t *attr;

	wire_write_u8(w, this->type);
	wire_write_skip(w, 3);
	e = this->attributes->create_enumerator(this->attributes);
	while (e->enumerate(e, &attr)) {
		if (attr->value.len > 0xffff) {
			w->failed = true;
		}
		wire_write_u16(w, attr->type & ATTR_TYPE_MASK);
		wire_write_u16(w, (uint16_t)attr->value.len);
		wire_write_data(w, attr->value);
	}
	e->destroy(e);
	payload_header_end(w, start);
}

static cp_type_t get_cp_type(cp_payload_t *public)
{
	private_cp_payload_t *this = (private_cp_payload_t *)public;

	return (cp_type_t)this->type;
}

static void add_attribute(cp_payload_t *public, uint16_t type, chunk_t value)
{
	private_cp_payload_t *this = (private_cp_payload_t *)public;
	attribute_t *attr = mem_zalloc(sizeof(*attr));

	attr->type = type & ATTR_TYPE_MASK;
	attr->value = chunk_clone(value);
	this->attributes->insert_last(this->attributes, attr);
}

static bool filter_attribute(void *data, void *item, va_list out)
{
	attribute_t *attr = item;
	uint16_t *type = va_arg(out, uint16_t *);
	chunk_t *value = va_arg(out, chunk_t *);

	if (type) {
		*type = attr->type;
	}
	if (value) {
		*value = attr->value;
	}
	return true;
}

static enumerator_t *create_attribute_enumerator(cp_payload_t *public)
{
	private_cp_payload_t *this = (private_cp_payload_t *)public;

	return enumerator_create_filter(
			this->attributes->create_enumerator(this->attributes),
			filter_attribute, NULL, NULL);
}

static void free_attribute(void *item)
{
	attribute_t *attr = item;

	chunk_free(&attr->value);
	free(attr);
}

static void destroy(cp_payload_t *public)
{
	private_cp_payload_t *this = (private_cp_payload_t *)public;

	this->attributes->destroy_function(this->attributes, free_attribute);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((cp_payload_t *)public);
}

cp_payload_t *cp_payload_create(cp_type_t type)
{
	private_cp_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_cp_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_cp_type = get_cp_type,
			.add_attribute = add_attribute,
			.create_attribute_enumerator = create_attribute_enumerator,
			.destroy = destroy,
		},
		.type = (uint8_t)type,
		.attributes = linked_list_create(),
	};
	return &this->public;
}

/* attributes must fill the body exactly */
static bool cp_validate(chunk_t body)
{
	uint16_t type, len;
	chunk_t value;

	if (body.len < CP_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, fixed part %d", body.len, CP_FIXED_SIZE);
		return false;
	}
	body = chunk_skip(body, CP_FIXED_SIZE);
	while (body.len) {
		if (!wire_read_u16(&body, &type) || !wire_read_u16(&body, &len)) {
			ENC_MALFORMED("attribute header truncated");
			return false;
		}
		if (!wire_read_data(&body, len, &value)) {
			ENC_MALFORMED("attribute %u length %u, %zu bytes left",
				      type & ATTR_TYPE_MASK, len, body.len);
			return false;
		}
	}
	return true;
}

status_t cp_payload_parse(chunk_t body, payload_t **out)
{
	cp_payload_t *cp;
	uint16_t type, len;
	chunk_t value;
	uint8_t cp_type;

	if (!cp_validate(body)) {
		return PARSE_ERROR;
	}
	wire_read_u8(&body, &cp_type);
	body = chunk_skip(body, 3);
	cp = cp_payload_create((cp_type_t)cp_type);
	while (wire_read_u16(&body, &type) && wire_read_u16(&body, &len) &&
	       wire_read_data(&body, len, &value)) {
		cp->add_attribute(cp, type, value);
	}
	*out = &cp->payload;
	return SUCCESS;
}
