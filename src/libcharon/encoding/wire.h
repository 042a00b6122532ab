/**
 * @file wire.h
 * Bounds-checked reading and growable writing of network byte order data.
 *
 * Readers consume a chunk_t from the front: every read checks the remaining
 * length first and leaves the chunk untouched when it is too short, so
 * parsers never index past the buffer they were given.
 */
#ifndef CHARON_WIRE_H
#define CHARON_WIRE_H

#include "library.h"

/** Read one byte; false if @p in is empty. */
bool wire_read_u8(chunk_t *in, uint8_t *value);

/** Read a big-endian 16-bit value; false if fewer than 2 bytes remain. */
bool wire_read_u16(chunk_t *in, uint16_t *value);

/** Read a big-endian 32-bit value; false if fewer than 4 bytes remain. */
bool wire_read_u32(chunk_t *in, uint32_t *value);

/** Read a big-endian 64-bit value; false if fewer than 8 bytes remain. */
bool wire_read_u64(chunk_t *in, uint64_t *value);

/**
 * Take the next @p len bytes as @p out (pointing into the input, not
 * copied); false if fewer remain.
 */
bool wire_read_data(chunk_t *in, size_t len, chunk_t *out);

/** A growable output buffer. */
typedef struct wire_writer_t {
	/** Buffer, NULL until the first write. */
	uint8_t *buf;
	/** Bytes written. */
	size_t len;
	/** Bytes allocated. */
	size_t size;
	/** Set when a value did not fit its length field; the output is void. */
	bool failed;
} wire_writer_t;

/** Start an empty writer with room for @p hint bytes. */
void wire_writer_init(wire_writer_t *w, size_t hint);

void wire_write_u8(wire_writer_t *w, uint8_t value);
void wire_write_u16(wire_writer_t *w, uint16_t value);
void wire_write_u32(wire_writer_t *w, uint32_t value);
void wire_write_u64(wire_writer_t *w, uint64_t value);
void wire_write_data(wire_writer_t *w, chunk_t data);

/**
 * Append @p len zero bytes and return the offset where they start, to be
 * filled in later (pointers into the buffer move when it grows).
 */
size_t wire_write_skip(wire_writer_t *w, size_t len);

/** Overwrite a 16-bit value at @p offset (already written). */
void wire_set_u16(wire_writer_t *w, size_t offset, uint16_t value);

/** Overwrite a 32-bit value at @p offset (already written). */
void wire_set_u32(wire_writer_t *w, size_t offset, uint32_t value);

/** Written bytes, owned by the writer. */
chunk_t wire_writer_data(wire_writer_t *w);

/** Hand the written bytes to the caller (who frees them) and reset. */
chunk_t wire_writer_extract(wire_writer_t *w);

/** Wipe and free the buffer. */
void wire_writer_clear(wire_writer_t *w);

#endif
