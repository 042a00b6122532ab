/**
 * @file chunk.h
 * A pointer and a length: the unit in which bytes travel through cygnet.
 */
#ifndef CYGNET_CHUNK_H
#define CYGNET_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>

typedef struct chunk_t {
	uint8_t *ptr;
	size_t len;
} chunk_t;

/** The empty chunk. */
static const chunk_t chunk_empty = { NULL, 0 };

/** Build a chunk from a pointer and a length. */
static inline chunk_t chunk_create(void *ptr, size_t len)
{
	return (chunk_t){ (uint8_t *)ptr, len };
}

/** Chunk over a C string, without its terminating NUL. */
chunk_t chunk_from_str(const char *str);

/** Chunk literal over a byte list: chunk_from_chars(0x01, 0x02). */
#define chunk_from_chars(...) \
	((chunk_t){ (uint8_t[]){ __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }) })

/** Chunk over a static object or array. */
#define chunk_from_thing(thing) chunk_create((void *)&(thing), sizeof(thing))

/** Allocate an uninitialised chunk of @p len bytes. */
chunk_t chunk_alloc(size_t len);

/** Heap copy of @p chunk (empty stays empty). */
chunk_t chunk_clone(chunk_t chunk);

/** Concatenate @p count chunks into a new heap chunk. */
chunk_t chunk_cat(int count, ...);

/** Free a heap chunk and reset it. */
void chunk_free(chunk_t *chunk);

/** Wipe, then free a heap chunk holding a secret. */
void chunk_clear(chunk_t *chunk);

/** True if the chunk has no bytes. */
static inline bool chunk_is_empty(chunk_t chunk)
{
	return chunk.len == 0 || chunk.ptr == NULL;
}

/** Byte-wise equality (two empty chunks are equal). */
bool chunk_equals(chunk_t a, chunk_t b);

/** Equality in constant time for same-length chunks (MACs, secrets). */
bool chunk_equals_const(chunk_t a, chunk_t b);

/** memcmp-style ordering; a shorter prefix sorts first. */
int chunk_compare(chunk_t a, chunk_t b);

/** Skip @p bytes from the front; returns the empty chunk if too short. */
chunk_t chunk_skip(chunk_t chunk, size_t bytes);

/** First @p len bytes (or all, if shorter). */
chunk_t chunk_head(chunk_t chunk, size_t len);

/** Hex encoding as a NUL-terminated heap string (free() it); lower case
 *  unless @p uppercase. */
char *chunk_to_hex(chunk_t chunk, bool uppercase);

/** Decode hex into a heap chunk (whitespace, ':' and a leading "0x" are
 *  ignored); returns empty on bad input or an odd number of digits. */
chunk_t chunk_from_hex(const char *hex);

/** Base64 encoding (RFC 4648) as a NUL-terminated heap string. */
char *chunk_to_base64(chunk_t chunk);

/** Base64 decoding into a heap chunk; whitespace (PEM line breaks) is
 *  skipped and padding is optional. Returns empty on bad input. */
chunk_t chunk_from_base64(const char *b64);

/** A 32-bit hash of the chunk's bytes, for hash tables: SipHash-2-4 with a
 *  random per-process key, so values differ between runs. */
uint32_t chunk_hash(chunk_t chunk);

/** Combine a chunk into a running hash. */
uint32_t chunk_hash_inc(chunk_t chunk, uint32_t hash);

#endif
