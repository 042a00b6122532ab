/*
 * PEM text (RFC 7468, with the RFC 1421 headers legacy OpenSSL keys use):
 * "-----BEGIN LABEL-----", optional "Name: value" header lines and a blank
 * line, base64 lines, "-----END LABEL-----". A file may hold several
 * blocks (a chain, or EC PARAMETERS before EC PRIVATE KEY).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>

#include "pem_armor.h"

#define BEGIN "-----BEGIN "
#define END "-----END "
#define DASHES "-----"

static const char *find(chunk_t blob, size_t from, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = from; i + n <= blob.len; i++) {
		if (memcmp(blob.ptr + i, needle, n) == 0) {
			return (const char *)blob.ptr + i;
		}
	}
	return NULL;
}

bool pem_is_armored(chunk_t blob)
{
	return blob.ptr && find(blob, 0, BEGIN) != NULL;
}

/* Parse "Proc-Type" and "DEK-Info" headers in [start, end). */
static bool parse_headers(pem_block_t *block, const char *start, const char *end)
{
	const char *line = start, *eol, *comma;
	char *ivhex;
	size_t n;

	while (line < end) {
		eol = memchr(line, '\n', end - line);
		eol = eol ?: end;
		n = eol - line;
		if (n >= 10 && strncmp(line, "Proc-Type:", 10) == 0) {
			block->encrypted = memmem(line, n, "ENCRYPTED", 9) != NULL;
		} else if (n >= 9 && strncmp(line, "DEK-Info:", 9) == 0) {
			line += 9;
			while (line < eol && *line == ' ') {
				line++;
			}
			comma = memchr(line, ',', eol - line);
			if (!comma || (size_t)(comma - line) >= sizeof(block->cipher)) {
				return false;
			}
			memcpy(block->cipher, line, comma - line);
			block->cipher[comma - line] = '\0';
			ivhex = strndup(comma + 1, eol - comma - 1);
			chunk_free(&block->iv);
			block->iv = chunk_from_hex(ivhex);
			free(ivhex);
		}
		line = eol + 1;
	}
	return true;
}

bool pem_next_block(chunk_t blob, size_t *pos, pem_block_t *block)
{
	const char *begin, *label, *label_end, *body, *end, *hdr_end;
	char endline[PEM_LABEL_MAX + 16], *b64;
	size_t n;

	*block = (pem_block_t){};
	while ((begin = find(blob, *pos, BEGIN))) {
		label = begin + strlen(BEGIN);
		label_end = find(blob, label - (const char *)blob.ptr, DASHES);
		*pos = label - (const char *)blob.ptr;
		if (!label_end) {
			return false;
		}
		n = label_end - label;
		if (n == 0 || n >= PEM_LABEL_MAX || memchr(label, '\n', n)) {
			continue;
		}
		memcpy(block->label, label, n);
		block->label[n] = '\0';
		body = label_end + strlen(DASHES);
		snprintf(endline, sizeof(endline), END "%s" DASHES, block->label);
		end = find(blob, body - (const char *)blob.ptr, endline);
		if (!end) {
			return false;
		}
		*pos = end + strlen(endline) - (const char *)blob.ptr;
		/* RFC 1421 headers end with an empty line */
		hdr_end = NULL;
		if (memchr(body, ':', end - body)) {
			hdr_end = memmem(body, end - body, "\n\n", 2);
			if (!hdr_end) {
				hdr_end = memmem(body, end - body, "\r\n\r\n", 4);
			}
		}
		if (hdr_end) {
			if (!parse_headers(block, body, hdr_end)) {
				pem_block_clear(block);
				continue;
			}
			body = hdr_end;
		}
		/* a NUL would cut the text short: not PEM */
		if (memchr(body, '\0', end - body)) {
			pem_block_clear(block);
			continue;
		}
		b64 = strndup(body, end - body);
		block->der = chunk_from_base64(b64);
		memwipe(b64, strlen(b64));
		free(b64);
		if (block->der.len) {
			return true;
		}
		pem_block_clear(block);
	}
	return false;
}

void pem_block_clear(pem_block_t *block)
{
	chunk_clear(&block->der);
	chunk_free(&block->iv);
	*block = (pem_block_t){};
}
