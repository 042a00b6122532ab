/*
 * The fake control socket: one thread accepts connections, reads one
 * request each (the real protocol, via libstroke) and answers from the
 * rules the test set.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fake_charon.h"
#include "stroke_io.h"
#include "stroke_msg.h"

#define MAX_RULES 16

typedef struct {
	char *command;
	int status;
	char *out;
	char *err;
} rule_t;

typedef struct private_fake_charon_t {
	fake_charon_t public;
	int listen_fd;
	/* written to stop the thread */
	int stop[2];
	pthread_t thread;
	pthread_mutex_t lock;
	rule_t rules[MAX_RULES];
	int rule_count;
	/* the requests, and a copy handed to the test */
	char *log;
	size_t log_len;
	char *snapshot;
	int count;
	char path[108];
} private_fake_charon_t;

static void append(private_fake_charon_t *this, const char *text)
{
	size_t len = strlen(text);

	this->log = realloc(this->log, this->log_len + len + 1);
	memcpy(this->log + this->log_len, text, len + 1);
	this->log_len += len;
}

static void record(private_fake_charon_t *this, stroke_msg_t *msg)
{
	const char *key, *value;
	enumerator_t *e;

	append(this, msg->get_command(msg));
	e = msg->create_enumerator(msg);
	while (e->enumerate(e, &key, &value)) {
		append(this, " ");
		append(this, key);
		append(this, "=");
		append(this, value);
	}
	e->destroy(e);
	append(this, "\n");
	this->count++;
}

static void answer(private_fake_charon_t *this, int fd)
{
	const char *error = NULL;
	rule_t rule = { .status = 0 };
	stroke_msg_t *msg;
	char status[8];

	msg = stroke_msg_read(fd, 2000, &error);
	if (!msg) {
		stroke_reply_write(fd, STROKE_REPLY_ERR, error);
		stroke_reply_write(fd, STROKE_REPLY_RESULT, "2");
		return;
	}
	pthread_mutex_lock(&this->lock);
	record(this, msg);
	for (int i = 0; i < this->rule_count; i++) {
		if (streq(this->rules[i].command, msg->get_command(msg))) {
			rule = this->rules[i];
		}
	}
	/* the reply is written under the lock: rules stay valid meanwhile */
	if (rule.out) {
		stroke_reply_write(fd, STROKE_REPLY_OUT, rule.out);
	}
	if (rule.err) {
		stroke_reply_write(fd, STROKE_REPLY_ERR, rule.err);
	}
	snprintf(status, sizeof(status), "%d", rule.status);
	stroke_reply_write(fd, STROKE_REPLY_RESULT, status);
	pthread_mutex_unlock(&this->lock);
	msg->destroy(msg);
}

static void *serve(void *arg)
{
	private_fake_charon_t *this = arg;
	struct pollfd pfd[2] = {
		{ .fd = this->listen_fd, .events = POLLIN },
		{ .fd = this->stop[0], .events = POLLIN },
	};
	int fd;

	while (poll(pfd, 2, -1) >= 0 || errno == EINTR) {
		if (pfd[1].revents) {
			break;
		}
		if (!pfd[0].revents) {
			continue;
		}
		fd = accept(this->listen_fd, NULL, NULL);
		if (fd >= 0) {
			answer(this, fd);
			close(fd);
		}
	}
	return NULL;
}

static void expect(fake_charon_t *public, const char *command, int status,
		   const char *out, const char *err)
{
	private_fake_charon_t *this = (private_fake_charon_t *)public;

	pthread_mutex_lock(&this->lock);
	if (this->rule_count < MAX_RULES) {
		this->rules[this->rule_count++] = (rule_t){
			.command = str_dup(command),
			.status = status,
			.out = out ? str_dup(out) : NULL,
			.err = err ? str_dup(err) : NULL,
		};
	}
	pthread_mutex_unlock(&this->lock);
}

static const char *get_log(fake_charon_t *public)
{
	private_fake_charon_t *this = (private_fake_charon_t *)public;

	pthread_mutex_lock(&this->lock);
	free(this->snapshot);
	this->snapshot = str_dup(this->log ? this->log : "");
	pthread_mutex_unlock(&this->lock);
	return this->snapshot;
}

static int get_count(fake_charon_t *public)
{
	private_fake_charon_t *this = (private_fake_charon_t *)public;
	int count;

	pthread_mutex_lock(&this->lock);
	count = this->count;
	pthread_mutex_unlock(&this->lock);
	return count;
}

static void destroy(fake_charon_t *public)
{
	private_fake_charon_t *this = (private_fake_charon_t *)public;

	if (write(this->stop[1], "x", 1) != 1) {
		/* the thread also ends when the pipe closes */
	}
	pthread_join(this->thread, NULL);
	close(this->stop[0]);
	close(this->stop[1]);
	close(this->listen_fd);
	unlink(this->path);
	for (int i = 0; i < this->rule_count; i++) {
		free(this->rules[i].command);
		free(this->rules[i].out);
		free(this->rules[i].err);
	}
	pthread_mutex_destroy(&this->lock);
	free(this->log);
	free(this->snapshot);
	free(this);
}

fake_charon_t *fake_charon_create(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	private_fake_charon_t *this;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_fake_charon_t){
		.public = {
			.expect = expect,
			.get_log = get_log,
			.get_count = get_count,
			.destroy = destroy,
		},
		.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0),
	};
	strcpy(addr.sun_path, path);
	strcpy(this->path, path);
	unlink(path);
	if (this->listen_fd < 0 || bind(this->listen_fd, (struct sockaddr *)&addr,
					sizeof(addr)) != 0 ||
	    listen(this->listen_fd, 8) != 0 || pipe(this->stop) != 0) {
		if (this->listen_fd >= 0) {
			close(this->listen_fd);
		}
		free(this);
		return NULL;
	}
	pthread_mutex_init(&this->lock, NULL);
	if (pthread_create(&this->thread, NULL, serve, this) != 0) {
		close(this->listen_fd);
		close(this->stop[0]);
		close(this->stop[1]);
		free(this);
		return NULL;
	}
	return &this->public;
}
