/*
 * Nonce payload: just the nonce, 16 to 256 bytes.
 */
#include "encoding/nonce_payload.h"
#include "encoding/enc_counters.h"

typedef struct private_nonce_payload_t {
	nonce_payload_t public;
	chunk_t nonce;
} private_nonce_payload_t;

static payload_type_t get_type(payload_t *public)
{
	return PL_NONCE;
}

static void encode(payload_t *public, payload_type_t next, wire_writer_t *w)
{
	private_nonce_payload_t *this = (private_nonce_payload_t *)public;
	size_t start = payload_header_begin(w, next);

	wire_write_data(w, this->nonce);
	payload_header_end(w, start);
}

static chunk_t get_nonce(nonce_payload_t *public)
{
	private_nonce_payload_t *this = (private_nonce_payload_t *)public;

	return this->nonce;
}

static void destroy(nonce_payload_t *public)
{
	private_nonce_payload_t *this = (private_nonce_payload_t *)public;

	chunk_free(&this->nonce);
	free(this);
}

static void destroy_payload(payload_t *public)
{
	destroy((nonce_payload_t *)public);
}

nonce_payload_t *nonce_payload_create(chunk_t nonce)
{
	private_nonce_payload_t *this = mem_zalloc(sizeof(*this));

	*this = (private_nonce_payload_t){
		.public = {
			.payload = {
				.get_type = get_type,
				.encode = encode,
				.destroy = destroy_payload,
			},
			.get_nonce = get_nonce,
			.destroy = destroy,
		},
		.nonce = chunk_clone(nonce),
	};
	return &this->public;
}

static bool nonce_validate(chunk_t body)
{
	if (body.len < NONCE_SIZE_MIN || body.len > NONCE_SIZE_MAX) {
		ENC_MALFORMED("nonce %zu bytes, allowed %d to %d", body.len,
			      NONCE_SIZE_MIN, NONCE_SIZE_MAX);
		return false;
	}
	return true;
}

status_t nonce_payload_parse(chunk_t body, payload_t **out)
{
	nonce_payload_t *nonce;

	if (!nonce_validate(body)) {
		return PARSE_ERROR;
	}
	nonce = nonce_payload_create(body);
	*out = &nonce->payload;
	return SUCCESS;
}
