/*
 * AUTH payload: method (1), reserved (3), authentication data.
 */
#include "encoding/auth_payload.h"
#include "encoding/enc_counters.h"

#define AUTH_FIXED_SIZE 4

typedef struct private_auth_payload_t {
	auth_payload_t public;
	uint8_t method;
	chunk_t data;
} private_auth_payload_t;

const char *auth_method_name(auth_method_t method)
{
	switch (method) {
	case AUTH_METHOD_RSA:
		return "RSA";
	case AUTH_METHOD_PSK:
		return "PSK";
	case AUTH_METHOD_DSS:
		return "DSS";
	case AUTH_METHOD_ECDSA_256:
		return "ECDSA-256";
	case AUTH_METHOD_ECDSA_384:
		return "ECDSA-384";
	case AUTH_METHOD_ECDSA_521:
		return "ECDSA-521";
	case AUTH_METHOD_GSPAM:
		return "GSPAM";
	case AUTH_METHOD_NULL:
		return "NULL";
	case AUTH_METHOD_DIGITAL_SIGNATURE:
		return "DIGITAL_SIGNATURE";
	}
	return NULL;
}

static payload_type_t get_type(payload_t *public)
{
	return PL_AUTH;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_auth_payload_t *this = (private_auth_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_u8(w, this->method);
	wire_write_skip(w, 3);
	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static auth_method_t get_method(auth_payload_t *public)
{
	private_auth_payload_t *this = (private_auth_payload_t *)public;

	return (auth_method_t)this->method;
}

static chunk_t get_data(auth_payload_t *public)
{
	private_auth_payload_t *this = (private_auth_payload_t *)public;

	return this->data;
}

static void destroy(auth_payload_t *public)
{
	private_auth_payload_t *this = (private_auth_payload_t *)public;

	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((auth_payload_t *)public);
}

auth_payload_t *auth_payload_create(auth_method_t method, chunk_t data)
{
	private_auth_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_auth_payload_t){
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
		.method = (uint8_t)method,
		.data = chunk_clone(data),
	};
	return &this->public;
}

static bool auth_validate(chunk_t body)
{
	if (body.len <= AUTH_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, need more than %d", body.len,
			      AUTH_FIXED_SIZE);
		return false;
	}
	return true;
}

status_t auth_payload_parse(chunk_t body, payload_t **out)
{
	auth_payload_t *auth;
	uint8_t method;
	chunk_t reserved;

	if (!auth_validate(body)) {
		return PARSE_ERROR;
	}
	wire_read_u8(&body, &method);
	wire_read_data(&body, 3, &reserved);
	auth = auth_payload_create((auth_method_t)method, body);
	*out = &auth->payload;
	return SUCCESS;
}
