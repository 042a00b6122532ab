/*
 * EAP payload: one EAP message, whose own header must agree with the
 * payload length.
 */
#include "encoding/eap_payload.h"
#include "encoding/enc_counters.h"

#define EAP_HEADER_SIZE 4

typedef struct private_eap_payload_t {
	eap_payload_t public;
	chunk_t data;
} private_eap_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_EAP;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_eap_payload_t *this = (private_eap_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static chunk_t get_data(eap_payload_t *public)
{
	private_eap_payload_t *this = (private_eap_payload_t *)public;

	return this->data;
}

static eap_code_t get_code(eap_payload_t *public)
{
	private_eap_payload_t *this = (private_eap_payload_t *)public;

	return (eap_code_t)this->data.ptr[0];
}

static uint8_t get_identifier(eap_payload_t *public)
{
	private_eap_payload_t *this = (private_eap_payload_t *)public;

	return this->data.ptr[1];
}

static void destroy(eap_payload_t *public)
{
	private_eap_payload_t *this = (private_eap_payload_t *)public;

	chunk_clear(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((eap_payload_t *)public);
}

/* the EAP header's length covers the whole EAP message */
static bool eap_length_ok(chunk_t data)
{
	return data.len >= EAP_HEADER_SIZE &&
	       (size_t)(data.ptr[2] << 8 | data.ptr[3]) == data.len;
}

eap_payload_t *eap_payload_create(chunk_t data)
{
	private_eap_payload_t *this;

	if (!eap_length_ok(data)) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_eap_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_data = get_data,
			.get_code = get_code,
			.get_identifier = get_identifier,
			.destroy = destroy,
		},
		.data = chunk_clone(data),
	};
	return &this->public;
}

static bool eap_validate(chunk_t body)
{
	uint16_t eap_len;
	chunk_t header = chunk_skip(body, 2);

	if (body.len < EAP_HEADER_SIZE) {
		ENC_MALFORMED("body %zu bytes, EAP header 4", body.len);
		return false;
	}
	wire_read_u16(&header, &eap_len);
	if (eap_len != body.len) {
		ENC_MALFORMED("EAP length %u, payload body %zu", eap_len, body.len);
		return false;
	}
	return true;
}

status_t eap_payload_parse(chunk_t body, payload_t **out)
{
	eap_payload_t *eap;

	if (!eap_validate(body)) {
		return PARSE_ERROR;
	}
	eap = eap_payload_create(body);
	*out = &eap->payload;
	return SUCCESS;
}
