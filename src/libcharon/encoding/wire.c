/*
 * Bounds-checked reader and growable writer for wire formats.
 */
#include "encoding/wire.h"

bool wire_read_u8(chunk_t *in, uint8_t *value)
{
	if (in->len < 1) {
		return false;
	}
	*value = in->ptr[0];
	*in = chunk_skip(*in, 1);
	return true;
}

bool wire_read_u16(chunk_t *in, uint16_t *value)
{
	if (in->len < 2) {
		return false;
	}
	*value = (uint16_t)(in->ptr[0] << 8 | in->ptr[1]);
	*in = chunk_skip(*in, 2);
	return true;
}

bool wire_read_u32(chunk_t *in, uint32_t *value)
{
	if (in->len < 4) {
		return false;
	}
	*value = (uint32_t)in->ptr[0] << 24 | (uint32_t)in->ptr[1] << 16 |
		 (uint32_t)in->ptr[2] << 8 | (uint32_t)in->ptr[3];
	*in = chunk_skip(*in, 4);
	return true;
}

bool wire_read_u64(chunk_t *in, uint64_t *value)
{
	uint32_t hi, lo;
	chunk_t copy = *in;

	if (!wire_read_u32(&copy, &hi) || !wire_read_u32(&copy, &lo)) {
		return false;
	}
	*value = (uint64_t)hi << 32 | lo;
	*in = copy;
	return true;
}

bool wire_read_data(chunk_t *in, size_t len, chunk_t *out)
{
	if (in->len < len) {
		return false;
	}
	*out = chunk_create(len ? in->ptr : NULL, len);
	*in = chunk_skip(*in, len);
	return true;
}

void wire_writer_init(wire_writer_t *w, size_t hint)
{
	*w = (wire_writer_t){
		.size = hint,
		.buf = hint ? mem_zalloc(hint) : NULL,
	};
}

/* grow by doubling; the old buffer is wiped since it may hold plaintext */
static uint8_t *reserve(wire_writer_t *w, size_t len)
{
	size_t size = w->size ? w->size : 64;
	uint8_t *grown;

	if (len > SIZE_MAX / 2 - w->len) {
		w->failed = true;
		return NULL;
	}
	if (w->len + len > w->size) {
		while (size < w->len + len) {
			size *= 2;
		}
		grown = mem_zalloc(size);
		if (w->buf) {
			memcpy(grown, w->buf, w->len);
			memwipe(w->buf, w->size);
			free(w->buf);
		}
		w->buf = grown;
		w->size = size;
	}
	w->len += len;
	return w->buf + w->len - len;
}

void wire_write_u8(wire_writer_t *w, uint8_t value)
{
	uint8_t *p = reserve(w, 1);

	if (p) {
		p[0] = value;
	}
}

void wire_write_u16(wire_writer_t *w, uint16_t value)
{
	size_t at = wire_write_skip(w, 2);

	wire_set_u16(w, at, value);
}

void wire_write_u32(wire_writer_t *w, uint32_t value)
{
	size_t at = wire_write_skip(w, 4);

	wire_set_u32(w, at, value);
}

void wire_write_u64(wire_writer_t *w, uint64_t value)
{
	wire_write_u32(w, (uint32_t)(value >> 32));
	wire_write_u32(w, (uint32_t)value);
}

void wire_write_data(wire_writer_t *w, chunk_t data)
{
	uint8_t *p;

	if (chunk_is_empty(data)) {
		return;
	}
	p = reserve(w, data.len);
	if (p) {
		memcpy(p, data.ptr, data.len);
	}
}

size_t wire_write_skip(wire_writer_t *w, size_t len)
{
	uint8_t *p = reserve(w, len);

	if (!p) {
		return w->len;
	}
	memset(p, 0, len);
	return (size_t)(p - w->buf);
}

void wire_set_u16(wire_writer_t *w, size_t offset, uint16_t value)
{
	if (offset + 2 > w->len) {
		w->failed = true;
		return;
	}
	w->buf[offset] = (uint8_t)(value >> 8);
	w->buf[offset + 1] = (uint8_t)value;
}

void wire_set_u32(wire_writer_t *w, size_t offset, uint32_t value)
{
	if (offset + 4 > w->len) {
		w->failed = true;
		return;
	}
	w->buf[offset] = (uint8_t)(value >> 24);
	w->buf[offset + 1] = (uint8_t)(value >> 16);
	w->buf[offset + 2] = (uint8_t)(value >> 8);
	w->buf[offset + 3] = (uint8_t)value;
}

chunk_t wire_writer_data(wire_writer_t *w)
{
	return chunk_create(w->buf, w->len);
}

chunk_t wire_writer_extract(wire_writer_t *w)
{
	chunk_t out = chunk_clone(chunk_create(w->buf, w->len));

	wire_writer_clear(w);
	return out;
}

void wire_writer_clear(wire_writer_t *w)
{
	if (w->buf) {
		memwipe(w->buf, w->size);
		free(w->buf);
	}
	*w = (wire_writer_t){ 0 };
}
