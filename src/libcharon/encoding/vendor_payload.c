/*
 * Vendor ID payload: an opaque identifier of any length.
 */
#include "encoding/vendor_payload.h"

typedef struct private_vendor_payload_t {
	vendor_payload_t public;
	chunk_t data;
} private_vendor_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_VENDOR;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_vendor_payload_t *this = (private_vendor_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_data(w, this->data);
	payload_header_end(w, start);
}

static chunk_t get_data(vendor_payload_t *public)
{
	private_vendor_payload_t *this = (private_vendor_payload_t *)public;

	return this->data;
}

static void destroy(vendor_payload_t *public)
{
	private_vendor_payload_t *this = (private_vendor_payload_t *)public;

	chunk_free(&this->data);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((vendor_payload_t *)public);
}

vendor_payload_t *vendor_payload_create(chunk_t data)
{
	private_vendor_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_vendor_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_data = get_data,
			.destroy = destroy,
		},
		.data = chunk_clone(data),
	};
	return &this->public;
}

status_t vendor_payload_parse(chunk_t body, payload_t **out)
{
	vendor_payload_t *vendor;

	/* any length is valid, so there is nothing to validate */
	vendor = vendor_payload_create(body);
	*out = &vendor->payload;
	return SUCCESS;
}
