/*
 * The control protocol (see stroke_msg.h for the format). Both directions
 * are validated strictly: charon parses requests from any local process
 * that can open the socket, and clients must not print garbage if charon
 * misbehaves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "stroke_msg.h"
#include "stroke_io.h"
#include "collections/hashtable.h"

typedef struct {
	char *key;
	char *value;
} pair_t;

typedef struct private_stroke_msg_t {
	stroke_msg_t public;
	char *command;
	pair_t *pairs;
	size_t count;
	size_t size;
} private_stroke_msg_t;

/* Keys (and command names) are [a-z0-9_.-]+. */
static bool valid_key(const char *key, size_t len)
{
	if (!len) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-')) {
			return false;
		}
	}
	return true;
}

/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates or values above
 * U+10FFFF, and no NUL bytes (values become C strings). */
static bool valid_utf8(const uint8_t *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		uint8_t c = s[i];

		if (c == 0) {
			return false;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= n) {
			return false;
		}
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80) {
				return false;
			}
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			return false;
		}
		i += n + 1;
	}
	return true;
}

static const char *get_command(stroke_msg_t *public)
{
	return ((private_stroke_msg_t *)public)->command;
}

static void add(stroke_msg_t *public, const char *key, const char *value)
{
	private_stroke_msg_t *this = (private_stroke_msg_t *)public;

	if (!key || !value) {
		return;
	}
	if (this->count == this->size) {
		this->size = this->size ? this->size * 2 : 8;
		this->pairs = realloc(this->pairs, this->size * sizeof(pair_t));
		if (!this->pairs) {
			abort();
		}
	}
	this->pairs[this->count++] = (pair_t){
		.key = str_dup(key),
		.value = str_dup(value),
	};
}

static const char *get(stroke_msg_t *public, const char *key, const char *def)
{
	private_stroke_msg_t *this = (private_stroke_msg_t *)public;

	for (size_t i = 0; i < this->count; i++) {
		if (streq(this->pairs[i].key, key)) {
			return this->pairs[i].value;
		}
	}
	return def;
}

typedef struct {
	enumerator_t public;
	private_stroke_msg_t *msg;
	size_t next;
} pair_enumerator_t;

static bool pair_enumerate(enumerator_t *public, ...)
{
	pair_enumerator_t *this = (pair_enumerator_t *)public;
	const char **key, **value;
	va_list args;

	if (this->next >= this->msg->count) {
		return false;
	}
	va_start(args, public);
	key = va_arg(args, const char **);
	value = va_arg(args, const char **);
	va_end(args);
	if (key) {
		*key = this->msg->pairs[this->next].key;
	}
	if (value) {
		*value = this->msg->pairs[this->next].value;
	}
	this->next++;
	return true;
}

static void pair_enumerator_destroy(enumerator_t *public)
{
	free(public);
}

/* The pairs after the command line; the command itself is get_command(). */
static enumerator_t *create_enumerator(stroke_msg_t *public)
{
	pair_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (pair_enumerator_t){
		.public = {
			.enumerate = pair_enumerate,
			.destroy = pair_enumerator_destroy,
		},
		.msg = (private_stroke_msg_t *)public,
	};
	return &e->public;
}

/* Bytes @p value takes once escaped. */
static size_t escaped_len(const char *value)
{
	size_t len = 0;

	for (; *value; value++) {
		len += (*value == '\n' || *value == '\\') ? 2 : 1;
	}
	return len;
}

static uint8_t *put_line(uint8_t *pos, const char *key, const char *value)
{
	size_t klen = strlen(key);

	memcpy(pos, key, klen);
	pos += klen;
	*pos++ = '=';
	for (; *value; value++) {
		if (*value == '\n') {
			*pos++ = '\\';
			*pos++ = 'n';
		} else if (*value == '\\') {
			*pos++ = '\\';
			*pos++ = '\\';
		} else {
			*pos++ = (uint8_t)*value;
		}
	}
	*pos++ = '\n';
	return pos;
}

/* Refuse to produce what stroke_msg_parse() would reject. */
static const char *check_encodable(private_stroke_msg_t *this, size_t *body_len)
{
	size_t len = strlen("command=") + strlen(this->command) + 1;
	const char *error = NULL;
	hashtable_t *seen;

	if (this->count + 1 > STROKE_MAX_LINES) {
		return "too many lines";
	}
	seen = hashtable_create(hashtable_hash_str, hashtable_equals_str, this->count);
	for (size_t i = 0; i < this->count && !error; i++) {
		pair_t *p = &this->pairs[i];

		if (!valid_key(p->key, strlen(p->key)) || streq(p->key, "command")) {
			error = "invalid key";
		} else if (seen->put(seen, p->key, p)) {
			error = "duplicate key";
		} else if (!valid_utf8((const uint8_t *)p->value, strlen(p->value))) {
			error = "value is not UTF-8";
		} else {
			len += strlen(p->key) + 1 + escaped_len(p->value) + 1;
			if (len > STROKE_MAX_MSG) {
				error = "message too large";
			}
		}
	}
	seen->destroy(seen);
	*body_len = len;
	return error;
}

static chunk_t encode(stroke_msg_t *public)
{
	private_stroke_msg_t *this = (private_stroke_msg_t *)public;
	const char *error;
	size_t len = 0;
	chunk_t frame;
	uint8_t *pos;

	error = check_encodable(this, &len);
	if (error) {
		DBG1(DBG_APP, "cannot encode stroke message '%s': %s", this->command, error);
		return chunk_empty;
	}
	frame = chunk_alloc(4 + len);
	frame.ptr[0] = (uint8_t)(len >> 24);
	frame.ptr[1] = (uint8_t)(len >> 16);
	frame.ptr[2] = (uint8_t)(len >> 8);
	frame.ptr[3] = (uint8_t)len;
	pos = put_line(frame.ptr + 4, "command", this->command);
	for (size_t i = 0; i < this->count; i++) {
		pos = put_line(pos, this->pairs[i].key, this->pairs[i].value);
	}
	return frame;
}

static void destroy(stroke_msg_t *public)
{
	private_stroke_msg_t *this = (private_stroke_msg_t *)public;

	for (size_t i = 0; i < this->count; i++) {
		free(this->pairs[i].key);
		/* values may be PSK-bearing one day; wipe like any request data */
		memwipe(this->pairs[i].value, strlen(this->pairs[i].value));
		free(this->pairs[i].value);
	}
	free(this->pairs);
	free(this->command);
	free(this);
}

static private_stroke_msg_t *msg_alloc(const char *command)
{
	private_stroke_msg_t *this = mem_zalloc(sizeof(*this));

	*this = (private_stroke_msg_t){
		.public = {
			.get_command = get_command,
			.add = add,
			.get = get,
			.create_enumerator = create_enumerator,
			.encode = encode,
			.destroy = destroy,
		},
		.command = str_dup(command),
	};
	return this;
}

stroke_msg_t *stroke_msg_create(const char *command)
{
	if (!command || !valid_key(command, strlen(command))) {
		DBG1(DBG_APP, "invalid stroke command name");
		return NULL;
	}
	return &msg_alloc(command)->public;
}

/* Undo the escaping of @p len bytes at @p in; NULL on a bad sequence. */
static char *unescape(const uint8_t *in, size_t len)
{
	char *out = malloc(len + 1), *pos = out;

	if (!out) {
		abort();
	}
	for (size_t i = 0; i < len; i++) {
		if (in[i] != '\\') {
			*pos++ = (char)in[i];
			continue;
		}
		if (i + 1 == len) {
			free(out);
			return NULL;
		}
		i++;
		if (in[i] == 'n') {
			*pos++ = '\n';
		} else if (in[i] == '\\') {
			*pos++ = '\\';
		} else {
			free(out);
			return NULL;
		}
	}
	*pos = '\0';
	return out;
}

/* Parse one line "key=value" into @p key / @p value (allocated). */
static const char *parse_line(const uint8_t *line, size_t len, char **key, char **value)
{
	const uint8_t *eq = memchr(line, '=', len);
	size_t klen;

	if (!eq) {
		return "line without '='";
	}
	klen = (size_t)(eq - line);
	if (!valid_key((const char *)line, klen)) {
		return "invalid key";
	}
	if (!valid_utf8(eq + 1, len - klen - 1)) {
		return "value is not UTF-8";
	}
	*value = unescape(eq + 1, len - klen - 1);
	if (!*value) {
		return "invalid escape sequence";
	}
	*key = strndup((const char *)line, klen);
	if (!*key) {
		abort();
	}
	return NULL;
}

/* Add a parsed pair unless it repeats a key. */
static const char *take_pair(private_stroke_msg_t *this, hashtable_t *seen,
			     char *key, char *value)
{
	const char *error = NULL;

	if (streq(key, "command")) {
		error = "more than one command";
	} else if (seen->get(seen, key)) {
		error = "duplicate key";
	} else {
		this->public.add(&this->public, key, value);
		seen->put(seen, this->pairs[this->count - 1].key, this);
	}
	free(key);
	memwipe(value, strlen(value));
	free(value);
	return error;
}

static const char *parse_lines(private_stroke_msg_t **out, chunk_t body,
			       hashtable_t *seen)
{
	private_stroke_msg_t *this = NULL;
	const uint8_t *pos = body.ptr, *end = body.ptr + body.len, *nl;
	const char *error = NULL;
	char *key, *value;
	size_t lines = 0;

	while (pos < end && !error) {
		nl = memchr(pos, '\n', (size_t)(end - pos));
		if (++lines > STROKE_MAX_LINES) {
			error = "too many lines";
			break;
		}
		error = parse_line(pos, (size_t)(nl - pos), &key, &value);
		if (error) {
			break;
		}
		pos = nl + 1;
		if (this) {
			error = take_pair(this, seen, key, value);
			continue;
		}
		if (streq(key, "command") && valid_key(value, strlen(value))) {
			this = msg_alloc(value);
		} else {
			error = "first line must be command=NAME";
		}
		free(key);
		free(value);
	}
	if (error && this) {
		destroy(&this->public);
		this = NULL;
	}
	*out = this;
	return error;
}

static const char *parse_body(private_stroke_msg_t **out, chunk_t body)
{
	const char *error;
	hashtable_t *seen;

	if (chunk_is_empty(body)) {
		return "empty message";
	}
	if (body.len > STROKE_MAX_MSG) {
		return "message too large";
	}
	if (body.ptr[body.len - 1] != '\n') {
		return "last line not terminated";
	}
	seen = hashtable_create(hashtable_hash_str, hashtable_equals_str, 16);
	error = parse_lines(out, body, seen);
	seen->destroy(seen);
	return error;
}

stroke_msg_t *stroke_msg_parse(chunk_t body, const char **error)
{
	private_stroke_msg_t *this = NULL;
	const char *why = parse_body(&this, body);

	if (why) {
		if (error) {
			*error = why;
		}
		return NULL;
	}
	return &this->public;
}

static bool write_frame(int fd, stroke_reply_type_t type, const char *text, size_t len)
{
	uint8_t head[5];
	size_t flen = len + 1;

	if (len > STROKE_MAX_MSG) {
		errno = EMSGSIZE;
		return false;
	}
	head[0] = (uint8_t)(flen >> 24);
	head[1] = (uint8_t)(flen >> 16);
	head[2] = (uint8_t)(flen >> 8);
	head[3] = (uint8_t)flen;
	head[4] = (uint8_t)type;
	/* one write for short lines keeps frames whole on the wire */
	if (len <= 256) {
		uint8_t buf[sizeof(head) + 256];

		memcpy(buf, head, sizeof(head));
		memcpy(buf + sizeof(head), text, len);
		return stroke_io_write(fd, buf, sizeof(head) + len, STROKE_IO_FOREVER);
	}
	return stroke_io_write(fd, head, sizeof(head), STROKE_IO_FOREVER) &&
	       stroke_io_write(fd, text, len, STROKE_IO_FOREVER);
}

/* Text is sent one frame per line: "a\nb\n" is two lines, "" one empty line. */
bool stroke_reply_write(int fd, stroke_reply_type_t type, const char *text)
{
	const char *nl;

	if (type != STROKE_REPLY_OUT && type != STROKE_REPLY_ERR &&
	    type != STROKE_REPLY_RESULT) {
		errno = EINVAL;
		return false;
	}
	if (!text) {
		text = "";
	}
	if (type == STROKE_REPLY_RESULT) {
		return write_frame(fd, type, text, strlen(text));
	}
	do {
		nl = strchr(text, '\n');
		if (!write_frame(fd, type, text, nl ? (size_t)(nl - text) : strlen(text))) {
			return false;
		}
		text = nl ? nl + 1 : NULL;
	} while (text && *text);
	return true;
}

bool stroke_reply_printf(int fd, stroke_reply_type_t type, const char *fmt, ...)
{
	char *text = NULL;
	va_list args;
	bool ok;
	int len;

	va_start(args, fmt);
	len = vasprintf(&text, fmt, args);
	va_end(args);
	if (len < 0) {
		return false;
	}
	ok = stroke_reply_write(fd, type, text);
	free(text);
	return ok;
}

/* CYGNET_STROKE_TIMEOUT in seconds (fractions allowed), -1 if unset/invalid. */
static int64_t env_timeout_ms(void)
{
	const char *value = getenv("CYGNET_STROKE_TIMEOUT");
	double secs;
	char *end;

	if (!value || !*value) {
		return -1;
	}
	errno = 0;
	secs = strtod(value, &end);
	if (*end || errno || !(secs > 0) || secs > 86400.0 * 365) {
		DBG1(DBG_APP, "ignoring invalid CYGNET_STROKE_TIMEOUT '%s'", value);
		return -1;
	}
	return (int64_t)(secs * 1000);
}

static int connect_socket(const char *path, int64_t deadline)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			return -1;
		}
		if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
			return fd;
		}
		err = errno;
		close(fd);
		/* a signal interrupted a wait for a full backlog: try again */
		if (err != EINTR || (deadline != STROKE_IO_FOREVER &&
				     stroke_io_deadline(0) >= deadline)) {
			errno = err == EINTR ? ETIMEDOUT : err;
			return -1;
		}
	}
}

/* Strict decimal 0..255. */
static int parse_status(const uint8_t *text, size_t len)
{
	int status = 0;

	if (len == 0 || len > 3) {
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return -1;
		}
		status = status * 10 + (text[i] - '0');
	}
	return status <= 255 ? status : -1;
}

static void print_line(FILE *file, const uint8_t *text, size_t len)
{
	if (file) {
		fwrite(text, 1, len, file);
		fputc('\n', file);
		fflush(file);
	}
}

/* Read reply frames until 'r'; the status, or -2. */
static int read_reply(int fd, int64_t deadline, FILE *out, FILE *err)
{
	uint8_t head[4], *body;
	uint32_t len;
	int status;

	for (;;) {
		if (!stroke_io_read(fd, head, sizeof(head), deadline)) {
			return -2;
		}
		len = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
		      (uint32_t)head[2] << 8 | head[3];
		if (len == 0 || len > STROKE_MAX_MSG + 1) {
			return -2;
		}
		body = malloc(len);
		if (!body) {
			return -2;
		}
		if (!stroke_io_read(fd, body, len, deadline)) {
			free(body);
			return -2;
		}
		switch (body[0]) {
		case STROKE_REPLY_OUT:
			print_line(out, body + 1, len - 1);
			break;
		case STROKE_REPLY_ERR:
			print_line(err, body + 1, len - 1);
			break;
		case STROKE_REPLY_RESULT:
			status = parse_status(body + 1, len - 1);
			free(body);
			return status < 0 ? -2 : status;
		default:
			free(body);
			return -2;
		}
		free(body);
	}
}

int stroke_send(const char *path, stroke_msg_t *msg, FILE *out, FILE *err)
{
	int64_t deadline = stroke_io_deadline(env_timeout_ms());
	chunk_t frame;
	int fd, status;

	if (!path || !msg) {
		errno = EINVAL;
		return -1;
	}
	frame = msg->encode(msg);
	if (chunk_is_empty(frame)) {
		errno = EINVAL;
		return -1;
	}
	fd = connect_socket(path, deadline);
	if (fd < 0) {
		chunk_clear(&frame);
		return -1;
	}
	/* charon may refuse early and close; its reply still explains why */
	if (stroke_io_write(fd, frame.ptr, frame.len, deadline)) {
		shutdown(fd, SHUT_WR);
	}
	chunk_clear(&frame);
	status = read_reply(fd, deadline, out, err);
	close(fd);
	return status;
}
