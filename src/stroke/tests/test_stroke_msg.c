/*
 * libstroke: message encoding and strict parsing, reply frames, and
 * stroke_send() against a server thread on a real unix socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "bus/log_bus.h"
#include "stroke_msg.h"
#include "stroke_io.h"

static chunk_t body_of(chunk_t frame)
{
	return chunk_skip(frame, 4);
}

static stroke_msg_t *parse_str(const char *text, const char **error)
{
	return stroke_msg_parse(chunk_create((void *)text, strlen(text)), error);
}

static void assert_rejected(const char *text, const char *why)
{
	const char *error = NULL;
	stroke_msg_t *msg = parse_str(text, &error);

	ck_assert_msg(msg == NULL, "accepted: %s", text);
	ck_assert_ptr_nonnull(error);
	if (why) {
		ck_assert_str_eq(error, why);
	}
}

START_TEST(test_round_trip)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn"), *back;
	const char *key, *value, *error = NULL;
	enumerator_t *e;
	chunk_t frame;
	int n = 0;

	msg->add(msg, "name", "site");
	msg->add(msg, "leftupdown", "/bin/x \\arg\nline2\\");
	msg->add(msg, "empty", "");
	msg->add(msg, "utf8", "gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80");
	frame = msg->encode(msg);
	ck_assert_int_gt(frame.len, 4);
	ck_assert_uint_eq(((size_t)frame.ptr[0] << 24 | frame.ptr[1] << 16 |
			   frame.ptr[2] << 8 | frame.ptr[3]), frame.len - 4);
	ck_assert(memmem(frame.ptr, frame.len, "command=add_conn\nname=site\n", 27) ==
		  frame.ptr + 4);
	ck_assert(memmem(frame.ptr, frame.len, "x \\\\arg\\nline2\\\\\n", 17) != NULL);

	back = stroke_msg_parse(body_of(frame), &error);
	ck_assert_ptr_nonnull(back);
	ck_assert_str_eq(back->get_command(back), "add_conn");
	ck_assert_str_eq(back->get(back, "leftupdown", NULL), "/bin/x \\arg\nline2\\");
	ck_assert_str_eq(back->get(back, "empty", "x"), "");
	ck_assert_str_eq(back->get(back, "missing", "def"), "def");
	ck_assert_str_eq(back->get(back, "utf8", NULL), msg->get(msg, "utf8", NULL));
	e = back->create_enumerator(back);
	while (e->enumerate(e, &key, &value)) {
		ck_assert_str_eq(value, msg->get(msg, key, NULL));
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 4);
	back->destroy(back);
	chunk_free(&frame);
	msg->destroy(msg);
}
END_TEST

START_TEST(test_command_only)
{
	stroke_msg_t *msg = parse_str("command=ping\n", NULL);
	enumerator_t *e;

	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(msg->get_command(msg), "ping");
	e = msg->create_enumerator(msg);
	ck_assert(!e->enumerate(e, NULL, NULL));
	e->destroy(e);
	msg->destroy(msg);
}
END_TEST

START_TEST(test_rejects)
{
	assert_rejected("", "empty message");
	assert_rejected("command=ping", "last line not terminated");
	assert_rejected("name=x\ncommand=ping\n", "first line must be command=NAME");
	assert_rejected("command=\n", "first line must be command=NAME");
	assert_rejected("command=Ping\n", "first line must be command=NAME");
	assert_rejected("command=a b\n", "first line must be command=NAME");
	assert_rejected("command=up\ncommand=down\n", "more than one command");
	assert_rejected("command=up\nname=a\nname=b\n", "duplicate key");
	assert_rejected("command=up\nnoequals\n", "line without '='");
	assert_rejected("command=up\n=value\n", "invalid key");
	assert_rejected("command=up\nName=x\n", "invalid key");
	assert_rejected("command=up\nna me=x\n", "invalid key");
	assert_rejected("command=up\nname=a\\tb\n", "invalid escape sequence");
	assert_rejected("command=up\nname=ab\\\n", "invalid escape sequence");
	assert_rejected("command=up\n\n", "line without '='");
	/* overlong '/', a surrogate, beyond U+10FFFF, a lone continuation, cut short */
	assert_rejected("command=up\nname=\xc0\xaf\n", "value is not UTF-8");
	assert_rejected("command=up\nname=\xed\xa0\x80\n", "value is not UTF-8");
	assert_rejected("command=up\nname=\xf4\x90\x80\x80\n", "value is not UTF-8");
	assert_rejected("command=up\nname=\x80\n", "value is not UTF-8");
	assert_rejected("command=up\nname=\xe2\x82\n", "value is not UTF-8");
}
END_TEST

START_TEST(test_reject_nul)
{
	const char text[] = "command=up\nname=a\0b\n";
	const char *error = NULL;

	ck_assert_ptr_null(stroke_msg_parse(chunk_create((void *)text, sizeof(text) - 1),
					    &error));
	ck_assert_str_eq(error, "value is not UTF-8");
}
END_TEST

/* A body with @p lines lines (command included). */
static chunk_t many_lines(int lines)
{
	size_t size = 16 + (size_t)lines * 16, len;
	char *buf = malloc(size);

	len = (size_t)snprintf(buf, size, "command=x\n");
	for (int i = 1; i < lines; i++) {
		len += (size_t)snprintf(buf + len, size - len, "k%d=v\n", i);
	}
	return chunk_create(buf, len);
}

START_TEST(test_limits)
{
	chunk_t body = many_lines(STROKE_MAX_LINES);
	const char *error = NULL;
	stroke_msg_t *msg;
	char *big;

	msg = stroke_msg_parse(body, &error);
	ck_assert_ptr_nonnull(msg);
	msg->destroy(msg);
	free(body.ptr);

	body = many_lines(STROKE_MAX_LINES + 1);
	ck_assert_ptr_null(stroke_msg_parse(body, &error));
	ck_assert_str_eq(error, "too many lines");
	free(body.ptr);

	big = malloc(STROKE_MAX_MSG + 2);
	memset(big, 'a', STROKE_MAX_MSG + 1);
	memcpy(big, "command=x\nv=", 12);
	big[STROKE_MAX_MSG] = '\n';
	ck_assert_ptr_null(stroke_msg_parse(chunk_create(big, STROKE_MAX_MSG + 1), &error));
	ck_assert_str_eq(error, "message too large");
	big[STROKE_MAX_MSG - 1] = '\n';
	msg = stroke_msg_parse(chunk_create(big, STROKE_MAX_MSG), &error);
	ck_assert_ptr_nonnull(msg);
	msg->destroy(msg);
	free(big);
}
END_TEST

START_TEST(test_encode_rejects)
{
	stroke_msg_t *msg;
	chunk_t frame;
	char *big;

	ck_assert_ptr_null(stroke_msg_create(NULL));
	ck_assert_ptr_null(stroke_msg_create("Up"));
	ck_assert_ptr_null(stroke_msg_create(""));

	msg = stroke_msg_create("up");
	msg->add(msg, "Bad Key", "x");
	frame = msg->encode(msg);
	ck_assert(chunk_is_empty(frame));
	msg->destroy(msg);

	msg = stroke_msg_create("up");
	msg->add(msg, "name", "a");
	msg->add(msg, "name", "b");
	ck_assert(chunk_is_empty(msg->encode(msg)));
	msg->destroy(msg);

	msg = stroke_msg_create("up");
	msg->add(msg, "command", "down");
	ck_assert(chunk_is_empty(msg->encode(msg)));
	msg->destroy(msg);

	msg = stroke_msg_create("up");
	msg->add(msg, "name", "\xff");
	ck_assert(chunk_is_empty(msg->encode(msg)));
	msg->destroy(msg);

	big = malloc(STROKE_MAX_MSG);
	memset(big, 'x', STROKE_MAX_MSG - 1);
	big[STROKE_MAX_MSG - 1] = '\0';
	msg = stroke_msg_create("up");
	msg->add(msg, "name", big);
	ck_assert(chunk_is_empty(msg->encode(msg)));
	msg->destroy(msg);
	free(big);
}
END_TEST

/* Read reply frames from @p fd into "t:text|" items. */
static char *read_frames(int fd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	uint8_t head[4], buf[1024];
	uint32_t flen;

	while (stroke_io_read(fd, head, 4, stroke_io_deadline(1000))) {
		flen = (uint32_t)head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];
		ck_assert_uint_le(flen, sizeof(buf));
		ck_assert(stroke_io_read(fd, buf, flen, stroke_io_deadline(1000)));
		fprintf(out, "%c:%.*s|", buf[0], (int)flen - 1, (char *)buf + 1);
	}
	fclose(out);
	return text;
}

START_TEST(test_reply_frames)
{
	int fds[2];
	char *text;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert(stroke_reply_write(fds[1], STROKE_REPLY_OUT, "one\ntwo\n"));
	ck_assert(stroke_reply_write(fds[1], STROKE_REPLY_OUT, "\nlast"));
	ck_assert(stroke_reply_write(fds[1], STROKE_REPLY_ERR, ""));
	ck_assert(stroke_reply_printf(fds[1], STROKE_REPLY_ERR, "%s=%d", "x", 5));
	ck_assert(stroke_reply_write(fds[1], STROKE_REPLY_RESULT, "0"));
	ck_assert(!stroke_reply_write(fds[1], 'x', "bad"));
	close(fds[1]);
	text = read_frames(fds[0]);
	close(fds[0]);
	ck_assert_str_eq(text, "o:one|o:two|o:|o:last|e:|e:x=5|r:0|");
	free(text);
}
END_TEST

/* A one-shot server: reads a request, then sends a scripted reply. */
typedef struct {
	int listen_fd;
	const char *reply;	/* raw bytes after the request: see send_script() */
	size_t reply_len;
	char command[64];
	char name[64];
	bool stall;
} server_t;

static char sock_dir[] = "/tmp/test_stroke.XXXXXX";
static char sock_path[128];

static void *server_run(void *data)
{
	server_t *server = data;
	const char *error = NULL;
	stroke_msg_t *msg;
	int fd;

	fd = accept(server->listen_fd, NULL, NULL);
	ck_assert_int_ge(fd, 0);
	msg = stroke_msg_read(fd, 2000, &error);
	if (msg) {
		snprintf(server->command, sizeof(server->command), "%s", msg->get_command(msg));
		snprintf(server->name, sizeof(server->name), "%s", msg->get(msg, "name", ""));
		msg->destroy(msg);
	}
	if (server->stall) {
		sleep(1);
	} else if (server->reply_len) {
		stroke_io_write(fd, server->reply, server->reply_len, STROKE_IO_FOREVER);
	}
	close(fd);
	return NULL;
}

static pthread_t server_start(server_t *server)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	pthread_t thread;

	if (!sock_path[0]) {
		ck_assert_ptr_nonnull(mkdtemp(sock_dir));
		snprintf(sock_path, sizeof(sock_path), "%s/charon.ctl", sock_dir);
	}
	unlink(sock_path);
	strcpy(addr.sun_path, sock_path);
	server->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(server->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(server->listen_fd, 1), 0);
	pthread_create(&thread, NULL, server_run, server);
	return thread;
}

static void server_stop(server_t *server, pthread_t thread)
{
	pthread_join(thread, NULL);
	close(server->listen_fd);
	unlink(sock_path);
}

/* Send "up name=site" to a server replying @p reply; returns the status. */
static int exchange(const char *reply, size_t len, bool stall, char **out_text,
		    char **err_text)
{
	server_t server = { .reply = reply, .reply_len = len, .stall = stall };
	size_t out_len, err_len;
	FILE *out = open_memstream(out_text, &out_len);
	FILE *err = open_memstream(err_text, &err_len);
	stroke_msg_t *msg = stroke_msg_create("up");
	pthread_t thread = server_start(&server);
	int status;

	msg->add(msg, "name", "site");
	status = stroke_send(sock_path, msg, out, err);
	msg->destroy(msg);
	server_stop(&server, thread);
	fclose(out);
	fclose(err);
	ck_assert_str_eq(server.command, "up");
	ck_assert_str_eq(server.name, "site");
	return status;
}

START_TEST(test_send_ok)
{
	static const char reply[] =
		"\0\0\0\x06" "ohello" "\0\0\0\x01" "o" "\0\0\0\x05" "eoops"
		"\0\0\0\x02" "r3";
	char *out, *err;

	ck_assert_int_eq(exchange(reply, sizeof(reply) - 1, false, &out, &err), 3);
	ck_assert_str_eq(out, "hello\n\n");
	ck_assert_str_eq(err, "oops\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_send_malformed)
{
	static const struct {
		const char *reply;
		size_t len;
	} cases[] = {
		{ "\0\0\0\x02" "x1", 6 },		/* unknown type */
		{ "\0\0\0\x06" "ohello", 10 },		/* no result */
		{ "\0\0\0\x04" "r256", 8 },		/* status out of range */
		{ "\0\0\0\x03" "r-1", 7 },		/* not decimal */
		{ "\0\0\0\x01" "r", 5 },		/* empty status */
		{ "\0\0\0\x00", 4 },			/* empty frame */
		{ "\0\x10\0\x00", 4 },			/* too long */
		{ "\0\0\0\x09" "oabc", 8 },		/* cut short */
	};
	char *out, *err;

	for (size_t i = 0; i < countof(cases); i++) {
		ck_assert_int_eq(exchange(cases[i].reply, cases[i].len, false, &out, &err), -2);
		free(out);
		free(err);
	}
}
END_TEST

START_TEST(test_send_timeout)
{
	char *out, *err;

	setenv("CYGNET_STROKE_TIMEOUT", "0.2", 1);
	errno = 0;
	ck_assert_int_eq(exchange(NULL, 0, true, &out, &err), -2);
	ck_assert_int_eq(errno, ETIMEDOUT);
	unsetenv("CYGNET_STROKE_TIMEOUT");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_send_unreachable)
{
	stroke_msg_t *msg = stroke_msg_create("ping");
	char path[200];

	snprintf(path, sizeof(path), "/tmp/test_stroke_none.%d/charon.ctl", getpid());
	errno = 0;
	ck_assert_int_eq(stroke_send(path, msg, NULL, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	ck_assert_int_eq(stroke_send(path, msg, NULL, NULL), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	msg->destroy(msg);
}
END_TEST

/* stroke_msg_read(): what the charon side sees of broken requests. */
static const char *read_error(const void *data, size_t len, bool keep_open)
{
	const char *error = NULL;
	stroke_msg_t *msg;
	int fds[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	ck_assert(stroke_io_write(fds[1], data, len, STROKE_IO_FOREVER));
	if (!keep_open) {
		close(fds[1]);
	}
	msg = stroke_msg_read(fds[0], 200, &error);
	if (msg) {
		msg->destroy(msg);
		error = "ok";
	}
	close(fds[0]);
	if (keep_open) {
		close(fds[1]);
	}
	return error;
}

START_TEST(test_msg_read)
{
	ck_assert_str_eq(read_error("\0\0\0\x0d" "command=ping\n", 17, false), "ok");
	ck_assert_str_eq(read_error("\0\0\0\x00", 4, false), "request length out of range");
	ck_assert_str_eq(read_error("\0\x04\0\x01", 4, false), "request length out of range");
	ck_assert_str_eq(read_error("\0\0\0\x0d" "comm", 8, false), "request cut short");
	ck_assert_str_eq(read_error("\0\0", 2, false), "request cut short");
	ck_assert_str_eq(read_error("\0\0\0\x0d" "comm", 8, true),
			 "timed out reading the request");
	ck_assert_str_eq(read_error("\0\0\0\x05" "x=y\nz", 9, false),
			 "last line not terminated");
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_msg");
	TCase *tc = tcase_create("msg");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_command_only);
	tcase_add_test(tc, test_rejects);
	tcase_add_test(tc, test_reject_nul);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_encode_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_reply_frames);
	tcase_add_test(tc, test_send_ok);
	tcase_add_test(tc, test_send_malformed);
	tcase_add_test(tc, test_send_timeout);
	tcase_add_test(tc, test_send_unreachable);
	tcase_add_test(tc, test_msg_read);
	suite_add_tcase(s, tc);
	return s;
}
