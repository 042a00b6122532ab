/*
 * JSON writer. Strings come from peers (identities) and configs, so they
 * are escaped fully and invalid UTF-8 is replaced rather than passed on.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>

#include "stroke_json.h"

/* Nesting beyond this is a programming error; output stays valid JSON. */
#define JSON_MAX_DEPTH 32

typedef struct private_stroke_json_t {
	stroke_json_t public;
	FILE *out;
	int depth;
	/** Per level: is it an array, has it a member yet. */
	bool array[JSON_MAX_DEPTH];
	bool has_member[JSON_MAX_DEPTH];
} private_stroke_json_t;

/* Length of the valid UTF-8 sequence at @p s, 0 if invalid. */
static size_t utf8_len(const uint8_t *s)
{
	size_t n;
	uint32_t cp, min;

	if (s[0] < 0x80) {
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 1, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 2, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 3, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;	/* also stops at the terminating NUL */
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		return 0;
	}
	return n + 1;
}

static void put_string(FILE *out, const char *str)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t n;

	fputc('"', out);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s);
		} else if (*s == '\n') {
			fputs("\\n", out);
		} else if (*s == '\t') {
			fputs("\\t", out);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s);
		} else if (*s >= 0x80) {
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", out);
				s++;
				continue;
			}
			fwrite(s, 1, n, out);
			s += n;
			continue;
		} else {
			fputc(*s, out);
		}
		s++;
	}
	fputc('"', out);
}

/* Separator, indentation and member name before a value. */
static void prefix(private_stroke_json_t *this, const char *key)
{
	int level = this->depth - 1;

	if (level >= 0) {
		fputs(this->has_member[level] ? ",\n" : "\n", this->out);
		this->has_member[level] = true;
		fprintf(this->out, "%*s", 2 * this->depth, "");
		if (!this->array[level]) {
			put_string(this->out, key ? key : "");
			fputs(": ", this->out);
		}
	}
}

static void begin(private_stroke_json_t *this, const char *key, bool array)
{
	prefix(this, key);
	fputc(array ? '[' : '{', this->out);
	if (this->depth < JSON_MAX_DEPTH) {
		this->array[this->depth] = array;
		this->has_member[this->depth] = false;
	}
	this->depth++;
}

static void end(private_stroke_json_t *this)
{
	bool array;

	if (this->depth <= 0) {
		return;
	}
	this->depth--;
	array = this->depth < JSON_MAX_DEPTH ? this->array[this->depth] : false;
	if (this->depth < JSON_MAX_DEPTH && this->has_member[this->depth]) {
		fprintf(this->out, "\n%*s", 2 * this->depth, "");
	}
	fputc(array ? ']' : '}', this->out);
}

static void begin_object(stroke_json_t *public, const char *key)
{
	begin((private_stroke_json_t *)public, key, false);
}

static void begin_array(stroke_json_t *public, const char *key)
{
	begin((private_stroke_json_t *)public, key, true);
}

static void end_any(stroke_json_t *public)
{
	end((private_stroke_json_t *)public);
}

static void string(stroke_json_t *public, const char *key, const char *value)
{
	private_stroke_json_t *this = (private_stroke_json_t *)public;

	prefix(this, key);
	if (value) {
		put_string(this->out, value);
	} else {
		fputs("null", this->out);
	}
}

static void stringf(stroke_json_t *public, const char *key, const char *fmt, ...)
{
	char *value = NULL;
	va_list args;

	va_start(args, fmt);
	if (vasprintf(&value, fmt, args) < 0) {
		value = NULL;
	}
	va_end(args);
	string(public, key, value);
	free(value);
}

static void integer(stroke_json_t *public, const char *key, int64_t value)
{
	private_stroke_json_t *this = (private_stroke_json_t *)public;

	prefix(this, key);
	fprintf(this->out, "%" PRId64, value);
}

static void boolean(stroke_json_t *public, const char *key, bool value)
{
	private_stroke_json_t *this = (private_stroke_json_t *)public;

	prefix(this, key);
	fputs(value ? "true" : "false", this->out);
}

static void destroy(stroke_json_t *public)
{
	private_stroke_json_t *this = (private_stroke_json_t *)public;

	while (this->depth > 0) {
		end(this);
	}
	fputc('\n', this->out);
	free(this);
}

stroke_json_t *stroke_json_create(FILE *out)
{
	private_stroke_json_t *this = mem_zalloc(sizeof(*this));

	*this = (private_stroke_json_t){
		.public = {
			.begin_object = begin_object,
			.end_object = end_any,
			.begin_array = begin_array,
			.end_array = end_any,
			.string = string,
			.stringf = stringf,
			.integer = integer,
			.boolean = boolean,
			.destroy = destroy,
		},
		.out = out,
	};
	return &this->public;
}
