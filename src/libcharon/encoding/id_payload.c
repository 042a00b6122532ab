/*
 * IDi/IDr payloads: ID type (1), reserved (3), identification data.
 */
#include "encoding/id_payload.h"
#include "encoding/enc_counters.h"

#define ID_FIXED_SIZE 4

typedef struct private_id_payload_t {
	id_payload_t public;
	payload_type_t type;
	uint8_t id_type;
	chunk_t data;
} private_id_payload_t;

const char *id_payload_type_name(id_type_t type)
{
	switch (type) {
	case ID_IPV4_ADDR:
		return "ID_IPV4_ADDR";
	case ID_FQDN:
		return "ID_FQDN";
	case ID_RFC822_ADDR:
		return "ID_RFC822_ADDR";
	case ID_IPV6_ADDR:
		return "ID_IPV6_ADDR";
	case ID_DER_ASN1_DN:
		return "ID_DER_ASN1_DN";
	case ID_DER_ASN1_GN:
		return "ID_DER_ASN1_GN";
	case ID_KEY_ID:
		return "ID_KEY_ID";
	default:
		return NULL;
	}
}

static payload_type_t get_type(payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;

	return this->type;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_id_payload_t *this = (private_id_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_u8(w, this->id_type);
	wire_write_skip(w, 3);
	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static id_type_t get_id_type(id_payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;

	return (id_type_t)this->id_type;
}

static identification_t *get_identification(id_payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;

	return identification_create_from_encoding((id_type_t)this->id_type,
						   this->data);
}

static chunk_t get_data(id_payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;

	return this->data;
}

static chunk_t get_encoded(id_payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;
	chunk_t encoded = chunk_alloc(ID_FIXED_SIZE + this->data.len);

	memset(encoded.ptr, 0, ID_FIXED_SIZE);
	encoded.ptr[0] = this->id_type;
	if (this->data.len) {
		memcpy(encoded.ptr + ID_FIXED_SIZE, this->data.ptr, this->data.len);
	}
	return encoded;
}

static void destroy(id_payload_t *public)
{
	private_id_payload_t *this = (private_id_payload_t *)public;

	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((id_payload_t *)public);
}

/* address IDs have a fixed size; other types need some data */
static bool data_size_ok(uint8_t id_type, size_t len)
{
	switch (id_type) {
	case ID_IPV4_ADDR:
		return len == 4;
	case ID_IPV6_ADDR:
		return len == 16;
	default:
		return len > 0;
	}
}

id_payload_t *id_payload_create(payload_type_t type, id_type_t id_type,
				chunk_t data)
{
	private_id_payload_t *this;

	if ((type != PL_IDI && type != PL_IDR) || id_type == ID_ANY || id_type > 255 ||
	    !data_size_ok((uint8_t)id_type, data.len)) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_id_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_id_type = get_id_type,
			.get_data = get_data,
			.get_identification = get_identification,
			.get_encoded = get_encoded,
			.destroy = destroy,
		},
		.type = type,
		.id_type = (uint8_t)id_type,
		.data = chunk_clone(data),
	};
	return &this->public;
}

id_payload_t *id_payload_create_from_identification(payload_type_t type,
						    identification_t *id)
{
	return id_payload_create(type, id->get_type(id), id->get_encoding(id));
}

static bool id_validate(chunk_t body)
{
	if (body.len < ID_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, fixed part %d", body.len, ID_FIXED_SIZE);
		return false;
	}
	if (body.ptr[0] == ID_ANY) {
		ENC_MALFORMED("reserved ID type 0");
		return false;
	}
	if (!data_size_ok(body.ptr[0], body.len - ID_FIXED_SIZE)) {
		ENC_MALFORMED("ID type %u with %zu bytes of data", body.ptr[0],
			      body.len - ID_FIXED_SIZE);
		return false;
	}
	return true;
}

status_t id_payload_parse(payload_type_t type, chunk_t body, payload_t **out)
{
	id_payload_t *id;
	uint8_t id_type;
	chunk_t reserved;

	if (!id_validate(body)) {
		return PARSE_ERROR;
	}
	wire_read_u8(&body, &id_type);
	wire_read_data(&body, 3, &reserved);
	id = id_payload_create(type, (id_type_t)id_type, body);
	*out = &id->payload;
	return SUCCESS;
}
