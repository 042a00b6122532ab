/**
 * @file stroke_json.h
 * A minimal streaming JSON writer for the --json variants of status and
 * list commands. Output is indented, one value per line, so no reply line
 * grows with the number of SAs.
 */
#ifndef STROKE_JSON_H
#define STROKE_JSON_H

#include <stdio.h>

#include "library.h"

typedef struct stroke_json_t stroke_json_t;

/**
 * Every method takes the member name @p key inside an object and ignores
 * it inside an array (pass NULL there and for the top-level value).
 */
struct stroke_json_t {
	void (*begin_object)(stroke_json_t *this, const char *key);
	void (*end_object)(stroke_json_t *this);
	void (*begin_array)(stroke_json_t *this, const char *key);
	void (*end_array)(stroke_json_t *this);
	/** A string (invalid UTF-8 becomes U+FFFD); NULL writes null. */
	void (*string)(stroke_json_t *this, const char *key, const char *value);
	void (*stringf)(stroke_json_t *this, const char *key, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	void (*integer)(stroke_json_t *this, const char *key, int64_t value);
	void (*boolean)(stroke_json_t *this, const char *key, bool value);
	/** Close what is still open, end with a newline and free the writer. */
	void (*destroy)(stroke_json_t *this);
};

/** A writer printing to @p out (not closed by destroy()). */
stroke_json_t *stroke_json_create(FILE *out);

#endif
