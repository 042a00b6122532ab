/*
 * CERT and CERTREQ payloads: encoding (1), then certificate data or the
 * Certification Authority field.
 */
#include "encoding/cert_payload.h"
#include "encoding/enc_counters.h"
#include "collections/enumerator.h"

typedef struct private_cert_payload_t {
	cert_payload_t public;
	payload_type_t type;
	uint8_t encoding;
	chunk_t data;
} private_cert_payload_t;

static payload_type_t get_type(payload_t *public)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;

	return this->type;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_u8(w, this->encoding);
	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static cert_encoding_t get_encoding(cert_payload_t *public)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;

	return (cert_encoding_t)this->encoding;
}

static chunk_t get_data(cert_payload_t *public)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;

	return this->data;
}

static void add_keyid(cert_payload_t *public, chunk_t keyid)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;
	chunk_t grown = chunk_cat(2, this->data, keyid);

	chunk_free(&this->data);
	this->data = grown;
}

typedef struct keyid_enumerator_t {
	enumerator_t public;
	chunk_t rest;
} keyid_enumerator_t;

static bool enumerate_keyids(enumerator_t *public, ...)
{
	keyid_enumerator_t *this = (keyid_enumerator_t *)public;
	chunk_t *keyid;
	va_list args;

	va_start(args, public);
	keyid = va_arg(args, chunk_t *);
	va_end(args);
	/* a trailing partial identifier is ignored */
	return wire_read_data(&this->rest, CERTREQ_KEYID_SIZE, keyid);
}

static void destroy_keyid_enumerator(enumerator_t *public)
{
	free(public);
}

static enumerator_t *create_keyid_enumerator(cert_payload_t *public)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;
	keyid_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (keyid_enumerator_t){
		.public = {
			.enumerate = enumerate_keyids,
			.destroy = destroy_keyid_enumerator,
		},
		.rest = this->data,
	};
	return &e->public;
}

static void destroy(cert_payload_t *public)
{
	private_cert_payload_t *this = (private_cert_payload_t *)public;

	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((cert_payload_t *)public);
}

cert_payload_t *cert_payload_create(payload_type_t type, cert_encoding_t encoding,
				    chunk_t data)
{
	private_cert_payload_t *this;

	if ((type != PL_CERT && type != PL_CERTREQ) || encoding > 255) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_cert_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_encoding = get_encoding,
			.get_data = get_data,
			.add_keyid = add_keyid,
			.create_keyid_enumerator = create_keyid_enumerator,
			.destroy = destroy,
		},
		.type = type,
		.encoding = (uint8_t)encoding,
		.data = chunk_clone(data),
	};
	return &this->public;
}

/* an empty CERTREQ body after the encoding is allowed (any CA will do),
 * an empty CERT is not */
static bool cert_validate(payload_type_t type, chunk_t body)
{
	if (body.len < 1) {
		ENC_MALFORMED("no certificate encoding");
		return false;
	}
	if (type == PL_CERT && body.len == 1) {
		ENC_MALFORMED("no certificate data");
		return false;
	}
	return true;
}

status_t cert_payload_parse(payload_type_t type, chunk_t body, payload_t **out)
{
	cert_payload_t *cert;
	uint8_t encoding;

	if (!cert_validate(type, body)) {
		return PARSE_ERROR;
	}
	wire_read_u8(&body, &encoding);
	cert = cert_payload_create(type, (cert_encoding_t)encoding, body);
	*out = &cert->payload;
	return SUCCESS;
}
