/*
 * Key Exchange payload: group (2), reserved (2), public value.
 */
#include "encoding/ke_payload.h"
#include "encoding/enc_counters.h"

typedef struct private_ke_payload_t {
	ke_payload_t public;
	uint16_t method;
	chunk_t data;
} private_ke_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_KE;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_ke_payload_t *this = (private_ke_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_u16(w, this->method);
	wire_write_u16(w, 0);
	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static key_exchange_method_t get_method(ke_payload_t *public)
{
	private_ke_payload_t *this = (private_ke_payload_t *)public;

	return (key_exchange_method_t)this->method;
}

static chunk_t get_data(ke_payload_t *public)
{
	private_ke_payload_t *this = (private_ke_payload_t *)public;

	return this->data;
}

static void destroy(ke_payload_t *public)
{
	private_ke_payload_t *this = (private_ke_payload_t *)public;

	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((ke_payload_t *)public);
}

ke_payload_t *ke_payload_create(key_exchange_method_t method, chunk_t data)
{
	private_ke_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ke_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_method = get_method,
			.get_data = get_data,
			.destroy = destroy,
		},
		.method = (uint16_t)method,
		.data = chunk_clone(data),
	};
	return &this->public;
}

static bool ke_validate(chunk_t body)
{
	if (body.len < 4) {
		ENC_MALFORMED("body %zu bytes, fixed part 4", body.len);
		return false;
	}
	if (body.len == 4) {
		ENC_MALFORMED("no key exchange data");
		return false;
	}
	return true;
}

status_t ke_payload_parse(chunk_t body, payload_t **out)
{
	uint16_t method, reserved;
	ke_payload_t *ke;

	if (!ke_validate(body)) {
		return PARSE_ERROR;
	}
	wire_read_u16(&body, &method);
	wire_read_u16(&body, &reserved);
	ke = ke_payload_create((key_exchange_method_t)method, body);
	*out = &ke->payload;
	return SUCCESS;
}
