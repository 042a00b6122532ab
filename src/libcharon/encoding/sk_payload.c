/*
 * Sealing and opening the Encrypted payload.
 */
#include "encoding/sk_payload.h"
#include "encoding/enc_counters.h"

/* where the IKE header keeps the message length */
#define IKE_LENGTH_OFFSET 24

bool sk_payload_seal(sk_crypto_t *crypto, wire_writer_t *w, payload_type_t first,
		     chunk_t inner)
{
	size_t iv_size = crypto->get_iv_size(crypto);
	size_t icv_size = crypto->get_icv_size(crypto);
	size_t body_size = crypto->get_body_size(crypto, inner.len);
	size_t start, body, data_len;
	uint8_t *data;
	chunk_t assoc, iv, enc, icv;

	if (body_size > 0xffff - PAYLOAD_HEADER_SIZE) {
		w->failed = true;
		return false;
	}
	start = payload_header_begin(w, first);
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

status_t sk_payload_open(sk_crypto_t *crypto, chunk_t packet, size_t sk_offset,
			 chunk_t *plain, chunk_t *inner)
{
	size_t iv_size = crypto->get_iv_size(crypto);
	size_t icv_size = crypto->get_icv_size(crypto);
	size_t block = crypto->get_block_size(crypto);
	size_t body_start = sk_offset + PAYLOAD_HEADER_SIZE;
	size_t body_len, data_len;
	chunk_t assoc, iv, data, icv;
	uint8_t pad_len;

	*plain = chunk_empty;
	if (body_start > packet.len) {
		ENC_MALFORMED("SK at %zu beyond packet of %zu", sk_offset, packet.len);
		return PARSE_ERROR;
	}
	body_len = packet.len - body_start;
	if (body_len < iv_size + icv_size + 1) {
		ENC_MALFORMED("SK body %zu bytes, IV %zu + ICV %zu + 1", body_len,
			      iv_size, icv_size);
		return PARSE_ERROR;
	}
	data_len = body_len - iv_size - icv_size;
	if (data_len % block) {
		ENC_MALFORMED("SK data %zu bytes, block size %zu", data_len, block);
		return PARSE_ERROR;
	}
	assoc = chunk_create(packet.ptr, body_start);
	iv = chunk_create(packet.ptr + body_start, iv_size);
	data = chunk_create(iv.ptr + iv_size, data_len);
	icv = chunk_create(data.ptr + data_len, icv_size);
	if (!crypto->decrypt(crypto, assoc, iv, data, icv, plain)) {
		enc_reject(ENC_CNT_INTEGRITY_FAILED, __func__,
			   "SK of %zu bytes did not verify", body_len);
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
