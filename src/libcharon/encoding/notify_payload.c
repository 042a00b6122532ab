/*
 * Notify payload: protocol (1), SPI size (1), type (2), SPI, data.
 */
#include "encoding/notify_payload.h"
#include "encoding/enc_counters.h"

#define NOTIFY_FIXED_SIZE 4

typedef struct private_notify_payload_t {
	notify_payload_t public;
	uint16_t type;
	uint8_t protocol;
	chunk_t spi;
	chunk_t data;
} private_notify_payload_t;

static const struct {
	notify_type_t type;
	const char *name;
} names[] = {
	{ UNSUPPORTED_CRITICAL_PAYLOAD, "UNSUPPORTED_CRITICAL_PAYLOAD" },
	{ INVALID_IKE_SPI, "INVALID_IKE_SPI" },
	{ INVALID_MAJOR_VERSION, "INVALID_MAJOR_VERSION" },
	{ INVALID_SYNTAX, "INVALID_SYNTAX" },
	{ INVALID_MESSAGE_ID, "INVALID_MESSAGE_ID" },
	{ INVALID_SPI, "INVALID_SPI" },
	{ NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN" },
	{ INVALID_KE_PAYLOAD, "INVALID_KE_PAYLOAD" },
	{ AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED" },
	{ SINGLE_PAIR_REQUIRED, "SINGLE_PAIR_REQUIRED" },
	{ NO_ADDITIONAL_SAS, "NO_ADDITIONAL_SAS" },
	{ INTERNAL_ADDRESS_FAILURE, "INTERNAL_ADDRESS_FAILURE" },
	{ FAILED_CP_REQUIRED, "FAILED_CP_REQUIRED" },
	{ TS_UNACCEPTABLE, "TS_UNACCEPTABLE" },
	{ INVALID_SELECTORS, "INVALID_SELECTORS" },
	{ UNACCEPTABLE_ADDRESSES, "UNACCEPTABLE_ADDRESSES" },
	{ UNEXPECTED_NAT_DETECTED, "UNEXPECTED_NAT_DETECTED" },
	{ TEMPORARY_FAILURE, "TEMPORARY_FAILURE" },
	{ CHILD_SA_NOT_FOUND, "CHILD_SA_NOT_FOUND" },
	{ INITIAL_CONTACT, "INITIAL_CONTACT" },
	{ SET_WINDOW_SIZE, "SET_WINDOW_SIZE" },
	{ ADDITIONAL_TS_POSSIBLE, "ADDITIONAL_TS_POSSIBLE" },
	{ IPCOMP_SUPPORTED, "IPCOMP_SUPPORTED" },
	{ NAT_DETECTION_SOURCE_IP, "NAT_DETECTION_SOURCE_IP" },
	{ NAT_DETECTION_DESTINATION_IP, "NAT_DETECTION_DESTINATION_IP" },
	{ COOKIE, "COOKIE" },
	{ USE_TRANSPORT_MODE, "USE_TRANSPORT_MODE" },
	{ HTTP_CERT_LOOKUP_SUPPORTED, "HTTP_CERT_LOOKUP_SUPPORTED" },
	{ REKEY_SA, "REKEY_SA" },
	{ ESP_TFC_PADDING_NOT_SUPPORTED, "ESP_TFC_PADDING_NOT_SUPPORTED" },
	{ NON_FIRST_FRAGMENTS_ALSO, "NON_FIRST_FRAGMENTS_ALSO" },
	{ MOBIKE_SUPPORTED, "MOBIKE_SUPPORTED" },
	{ ADDITIONAL_IP4_ADDRESS, "ADDITIONAL_IP4_ADDRESS" },
	{ ADDITIONAL_IP6_ADDRESS, "ADDITIONAL_IP6_ADDRESS" },
	{ NO_ADDITIONAL_ADDRESSES, "NO_ADDITIONAL_ADDRESSES" },
	{ UPDATE_SA_ADDRESSES, "UPDATE_SA_ADDRESSES" },
	{ COOKIE2, "COOKIE2" },
	{ NO_NATS_ALLOWED, "NO_NATS_ALLOWED" },
	{ AUTH_LIFETIME, "AUTH_LIFETIME" },
	{ MULTIPLE_AUTH_SUPPORTED, "MULTIPLE_AUTH_SUPPORTED" },
	{ ANOTHER_AUTH_FOLLOWS, "ANOTHER_AUTH_FOLLOWS" },
	{ REDIRECT_SUPPORTED, "REDIRECT_SUPPORTED" },
	{ REDIRECT, "REDIRECT" },
	{ REDIRECTED_FROM, "REDIRECTED_FROM" },
	{ EAP_ONLY_AUTHENTICATION, "EAP_ONLY_AUTHENTICATION" },
	{ CHILDLESS_IKEV2_SUPPORTED, "CHILDLESS_IKEV2_SUPPORTED" },
	{ IKEV2_FRAGMENTATION_SUPPORTED, "IKEV2_FRAGMENTATION_SUPPORTED" },
	{ SIGNATURE_HASH_ALGORITHMS, "SIGNATURE_HASH_ALGORITHMS" },
	{ USE_PPK, "USE_PPK" },
	{ INTERMEDIATE_EXCHANGE_SUPPORTED, "INTERMEDIATE_EXCHANGE_SUPPORTED" },
};

const char *notify_type_name(notify_type_t type)
{
	size_t i;

	for (i = 0; i < countof(names); i++) {
		if (names[i].type == type) {
			return names[i].name;
		}
	}
	return NULL;
}

static payload_type_t get_type(payload_t *public)
{
	return PL_NOTIFY;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_u8(w, this->protocol);
	wire_write_u8(w, (uint8_t)this->spi.len);
	wire_write_u16(w, this->type);
	wire_write_data(w, this->spi);
	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static notify_type_t get_notify_type(notify_payload_t *public)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;

	return (notify_type_t)this->type;
}

static protocol_id_t get_protocol(notify_payload_t *public)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;

	return (protocol_id_t)this->protocol;
}

static chunk_t get_spi(notify_payload_t *public)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;

	return this->spi;
}

static chunk_t get_data(notify_payload_t *public)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;

	return this->data;
}

static void destroy(notify_payload_t *public)
{
	private_notify_payload_t *this = (private_notify_payload_t *)public;

	chunk_free(&this->spi);
	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((notify_payload_t *)public);
}

static bool spi_size_ok(size_t size)
{
	return size == 0 || size == 4 || size == 8;
}

notify_payload_t *notify_payload_create(notify_type_t type, protocol_id_t protocol,
					chunk_t spi, chunk_t data)
{
	private_notify_payload_t *this;

	if (!spi_size_ok(spi.len) || type > 0xffff || protocol > 255) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_notify_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_notify_type = get_notify_type,
			.get_protocol = get_protocol,
			.get_spi = get_spi,
			.get_data = get_data,
			.destroy = destroy,
		},
		.type = (uint16_t)type,
		.protocol = (uint8_t)protocol,
		.spi = chunk_clone(spi),
		.data = chunk_clone(data),
	};
	return &this->public;
}

static bool notify_validate(chunk_t body)
{
	uint8_t spi_size;

	if (body.len < NOTIFY_FIXED_SIZE) {
		ENC_MALFORMED("body %zu bytes, fixed part %d", body.len,
			      NOTIFY_FIXED_SIZE);
		return false;
	}
	spi_size = body.ptr[1];
	if (!spi_size_ok(spi_size)) {
		ENC_MALFORMED("SPI size %u", spi_size);
		return false;
	}
	if (spi_size > body.len - NOTIFY_FIXED_SIZE) {
		ENC_MALFORMED("SPI size %u, %zu bytes left", spi_size,
			      body.len - NOTIFY_FIXED_SIZE);
		return false;
	}
	return true;
}

status_t notify_payload_parse(chunk_t body, payload_t **out)
{
	notify_payload_t *notify;
	uint8_t protocol, spi_size;
	uint16_t type;
	chunk_t spi;

	if (!notify_validate(body)) {
		return PARSE_ERROR;
	}
	wire_read_u8(&body, &protocol);
	wire_read_u8(&body, &spi_size);
	wire_read_u16(&body, &type);
	wire_read_data(&body, spi_size, &spi);
	notify = notify_payload_create((notify_type_t)type, (protocol_id_t)protocol,
				       spi, body);
	*out = &notify->payload;
	return SUCCESS;
}
