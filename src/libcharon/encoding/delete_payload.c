/*
 * Delete payload: protocol (1), SPI size (1), number of SPIs (2), SPIs.
 * IKE SAs are deleted without SPI (the header names them), AH and ESP SAs
 * by their 4-byte inbound SPIs.
 */
#include "encoding/delete_payload.h"
#include "encoding/enc_counters.h"
#include "collections/enumerator.h"

#define DELETE_FIXED_SIZE 4
#define CHILD_SPI_SIZE 4

typedef struct private_delete_payload_t {
	delete_payload_t public;
	uint8_t protocol;
	/* SPIs as on the wire, 4 bytes each */
	chunk_t spis;
} private_delete_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_DELETE;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;
	size_t start = payload_header_begin(w, next);
	size_t count = this->spis.len / CHILD_SPI_SIZE;

	if (count > 0xffff) {
		w->failed = true;
	}
	wire_write_u8(w, this->protocol);
	wire_write_u8(w, this->protocol == PROTO_IKE ? 0 : CHILD_SPI_SIZE);
	wire_write_u16(w, (uint16_t)count);
	wire_write_data(w, this->spis);
	payload_header_end(w, start);
}

static protocol_id_t get_protocol(delete_payload_t *public)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;

	return (protocol_id_t)this->protocol;
}

static void add_spi(delete_payload_t *public, uint32_t spi)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;
	uint8_t bytes[CHILD_SPI_SIZE] = {
		(uint8_t)(spi >> 24), (uint8_t)(spi >> 16), (uint8_t)(spi >> 8),
		(uint8_t)spi,
	};
	chunk_t grown;

	if (this->protocol == PROTO_IKE) {
		return;
	}
	grown = chunk_cat(2, this->spis, chunk_from_thing(bytes));
	chunk_free(&this->spis);
	this->spis = grown;
}

static int get_spi_count(delete_payload_t *public)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;

	return (int)(this->spis.len / CHILD_SPI_SIZE);
}

typedef struct spi_enumerator_t {
	enumerator_t public;
	chunk_t rest;
} spi_enumerator_t;

static bool enumerate_spis(enumerator_t *public, ...)
{
	spi_enumerator_t *this = (spi_enumerator_t *)public;
	uint32_t *spi;
	va_list args;

	va_start(args, public);
	spi = va_arg(args, uint32_t *);
	va_end(args);
	return wire_read_u32(&this->rest, spi);
}

static void destroy_spi_enumerator(enumerator_t *public)
{
	free(public);
}

static enumerator_t *create_spi_enumerator(delete_payload_t *public)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;
	spi_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (spi_enumerator_t){
		.public = {
			.enumerate = enumerate_spis,
			.destroy = destroy_spi_enumerator,
		},
		.rest = this->spis,
	};
	return &e->public;
}

static void destroy(delete_payload_t *public)
{
	private_delete_payload_t *this = (private_delete_payload_t *)public;

	chunk_free(&this->spis);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((delete_payload_t *)public);
}

delete_payload_t *delete_payload_create(protocol_id_t protocol)
{
	private_delete_payload_t *this;

	if (protocol != PROTO_IKE && protocol != PROTO_AH && protocol != PROTO_ESP) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_delete_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_protocol = get_protocol,
			.add_spi = add_spi,
			.get_spi_count = get_spi_count,
			.create_spi_enumerator = create_spi_enumerator,
			.destroy = destroy,
		},
		.protocol = (uint8_t)protocol,
	};
	return &this->public;
}

static bool delete_validate(chunk_t body)
{
	uint8_t protocol, spi_size;
	uint16_t count;
	chunk_t fixed = body;

	if (body.len < DELETE_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, fixed part %d", body.len,
			      DELETE_FIXED_SIZE);
		return false;
	}
	wire_read_u8(&fixed, &protocol);
	wire_read_u8(&fixed, &spi_size);
	wire_read_u16(&fixed, &count);
	if (protocol != PROTO_IKE && protocol != PROTO_AH && protocol != PROTO_ESP) {
		ENC_MALFORMED("protocol %u", protocol);
		return false;
	}
	if (spi_size != (protocol == PROTO_IKE ? 0 : CHILD_SPI_SIZE)) {
		ENC_MALFORMED("SPI size %u for protocol %u", spi_size, protocol);
		return false;
	}
	if (protocol == PROTO_IKE && count) {
		ENC_MALFORMED("%u SPIs for IKE", count);
		return false;
	}
	if ((size_t)spi_size * count != fixed.len) {
		ENC_MALFORMED("%u SPIs of %u bytes in %zu bytes", count, spi_size,
			      fixed.len);
		return false;
	}
	return true;
}

status_t delete_payload_parse(chunk_t body, payload_t **out)
{
	private_delete_payload_t *this;
	delete_payload_t *del;

	if (!delete_validate(body)) {
		return PARSE_ERROR;
	}
	del = delete_payload_create((protocol_id_t)body.ptr[0]);
	this = (private_delete_payload_t *)del;
	this->spis = chunk_clone(chunk_skip(body, DELETE_FIXED_SIZE));
	*out = &del->payload;
	return SUCCESS;
}
