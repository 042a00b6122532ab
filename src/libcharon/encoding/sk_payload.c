/*
 * Sealing and opening the Encrypted and Encrypted Fragment payloads.
 *
 * Both share one layout after a few leading bytes (none for SK, the two
 * fragment numbers for SKF): everything up to the IV is associated data
 * (AEAD) or signed along (cipher + integrity), so the fragment numbers are
 * authenticated like the IKE header.
 */
#include "encoding/sk_payload.h"
#include "encoding/enc_counters.h"

/* where the IKE header keeps the message length */
#define IKE_LENGTH_OFFSET 24

/* Append the payload: generic header, @p lead, then protected @p inner. */
static bool seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t next,
		 chunk_t lead, chunk_t inner)
{
	size_t iv_size = crypto->get_iv_size(crypto);
	size_t icv_size = crypto->get_icv_size(crypto);
	size_t body_size = crypto->get_body_size(crypto, inner.len);
	size_t start, body, data_len;
	uint8_t *data;
	chunk_t assoc, iv, enc, icv;

	if (body_size + lead.len > 0xffff - PAYLOAD_HEADER_SIZE) {
		w->failed = true;
		return false;
	}
	start = payload_header_begin(w, next);
	wire_write_data(w, lead);
	body = wire_write_skip(w, body_size);
	payload_header_end(w, start);
	if (w->failed || w->len > UINT32_MAX) {
		return false;
	}
	wire_set_u32(w, IKE_LENGTH_OFFSET, (uint32_t)w->len);

	data_len = body_size - iv_size - icv_size;
	data = w->buf + body + iv_size;
	if (inner.len) {
		memcpy(data, inner.ptr, inner.len);
	}
	/* padding stays zero; the last byte counts it */
	data[data_len - 1] = (uint8_t)(data_len - 1 - inner.len);

	assoc = chunk_create(w->buf, body);
	iv = chunk_create(w->buf + body, iv_size);
	enc = chunk_create(data, data_len);
	icv = chunk_create(data + data_len, icv_size);
	return crypto->encrypt(crypto, assoc, iv, enc, icv);
}

bool sk_payload_seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t first,
		     chunk_t inner)
{
	return seal(crypto, w, first, chunk_empty, inner);
}

bool skf_payload_seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t next,
		      uint16_t number, uint16_t total, chunk_t piece)
{
	uint8_t numbers[SKF_NUMBERS_SIZE] = {
		number >> 8, number & 0xff, total >> 8, total & 0xff,
	};

	if (!number || number > total) {
		w->failed = true;
		return false;
	}
	return seal(crypto, w, next, chunk_create(numbers, sizeof(numbers)), piece);
}

/* Open the payload at @p offset, whose body starts with @p lead_len bytes
 * that are authenticated but not encrypted. */
static status_t open_payload(sk_crypto_t *crypto, chunk_t packet, size_t offset,
			     size_t lead_len, chunk_t *plain, chunk_t *inner)
{
	size_t iv_size = crypto->get_iv_size(crypto);
	size_t icv_size = crypto->get_icv_size(crypto);
	size_t block = crypto->get_block_size(crypto);
	size_t body_start = offset + PAYLOAD_HEADER_SIZE + lead_len;
	size_t body_len, data_len;
	chunk_t assoc, iv, data, icv;
	uint8_t pad_len;

	*plain = chunk_empty;
	if (offset > packet.len || body_start > packet.len) {
		ENC_MALFORMED("encrypted payload at %zu (+%zu) beyond packet of %zu",
			      offset, PAYLOAD_HEADER_SIZE + lead_len, packet.len);
		return PARSE_ERROR;
	}
	body_len = packet.len - body_start;
	if (body_len < iv_size + icv_size + 1) {
		ENC_MALFORMED("encrypted body %zu bytes, IV %zu + ICV %zu + 1", body_len,
			      iv_size, icv_size);
		return PARSE_ERROR;
	}
	data_len = body_len - iv_size - icv_size;
	if (data_len % block) {
		ENC_MALFORMED("encrypted data %zu bytes, block size %zu", data_len, block);
		return PARSE_ERROR;
	}
	assoc = chunk_create(packet.ptr, body_start);
	iv = chunk_create(packet.ptr + body_start, iv_size);
	data = chunk_create(iv.ptr + iv_size, data_len);
	icv = chunk_create(data.ptr + data_len, icv_size);
	if (!crypto->decrypt(crypto, assoc, iv, data, icv, plain)) {
		enc_reject(ENC_CNT_INTEGRITY_FAILED, __func__,
			   "%s of %zu bytes did not verify", lead_len ? "SKF" : "SK",
			   body_len);
		*plain = chunk_empty;
		return FAILED;
	}
	if (plain->len != data_len) {
		ENC_MALFORMED("decrypted %zu bytes of %zu", plain->len, data_len);
		chunk_clear(plain);
		return PARSE_ERROR;
	}
	pad_len = plain->ptr[plain->len - 1];
	if ((size_t)pad_len + 1 > plain->len) {
		ENC_MALFORMED("pad length %u, decrypted %zu bytes", pad_len,
			      plain->len);
		chunk_clear(plain);
		return PARSE_ERROR;
	}
	*inner = chunk_create(plain->ptr, plain->len - pad_len - 1);
	return SUCCESS;
}

status_t sk_payload_open(sk_crypto_t *crypto, chunk_t packet, size_t sk_offset,
			 chunk_t *plain, chunk_t *inner)
{
	return open_payload(crypto, packet, sk_offset, 0, plain, inner);
}

status_t skf_payload_open(sk_crypto_t *crypto, chunk_t packet, size_t skf_offset,
			  uint16_t *number, uint16_t *total, chunk_t *plain,
			  chunk_t *inner)
{
	chunk_t numbers;
	status_t status;

	status = open_payload(crypto, packet, skf_offset, SKF_NUMBERS_SIZE, plain,
			      inner);
	if (status != SUCCESS) {
		return status;
	}
	/* open_payload() checked that the numbers lie within the packet */
	numbers = chunk_create(packet.ptr + skf_offset + PAYLOAD_HEADER_SIZE,
			       SKF_NUMBERS_SIZE);
	wire_read_u16(&numbers, number);
	wire_read_u16(&numbers, total);
	if (!*number || *number > *total) {
		ENC_MALFORMED("fragment number %u of %u", *number, *total);
		chunk_clear(plain);
		return PARSE_ERROR;
	}
	return SUCCESS;
}
