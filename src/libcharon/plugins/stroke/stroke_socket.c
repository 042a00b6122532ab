/*
 * The control socket. One accept thread; each connection gets its own
 * (joinable) thread that reads one framed request with a size cap and a
 * deadline, runs it, and streams the reply frames: stdout and stderr of
 * the command go through FILE streams that turn each line into a frame as
 * soon as it is complete, so `up` can relay log lines while it waits.
 *
 * Threads are joined (by the accept loop once they finish, by destroy()
 * at the end), never detached: the plugin may be unloaded right after.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "stroke_socket.h"
#include "stroke_dispatch.h"
#include "stroke_io.h"
#include "stroke_msg.h"

#include "collections/linked_list.h"

typedef struct private_stroke_socket_t private_stroke_socket_t;

typedef struct {
	private_stroke_socket_t *socket;
	int fd;
	pthread_t thread;
	bool done;
} client_t;

struct private_stroke_socket_t {
	stroke_socket_t public;
	char *path;
	int fd;
	/** written to stop the accept thread */
	int wake[2];
	pthread_t thread;
	int max_concurrent;
	int64_t read_timeout_ms;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/** client_t *, running or finished but not joined */
	linked_list_t *clients;
	bool stopping;
};

/* A FILE whose complete lines become reply frames of one type. */
typedef struct {
	int fd;
	stroke_reply_type_t type;
	char *line;
	size_t len;
	size_t size;
} line_stream_t;

static bool emit(line_stream_t *ls)
{
	bool ok;

	if (!ls->line) {
		return stroke_reply_write(ls->fd, ls->type, "");
	}
	ls->line[ls->len] = '\0';
	ok = stroke_reply_write(ls->fd, ls->type, ls->line);
	ls->len = 0;
	return ok;
}

static ssize_t line_write(void *cookie, const char *buf, size_t size)
{
	line_stream_t *ls = cookie;

	for (size_t i = 0; i < size; i++) {
		if (buf[i] == '\n') {
			if (!emit(ls)) {
				return -1;
			}
			continue;
		}
		if (ls->len + 1 >= ls->size) {
			if (ls->size >= STROKE_MAX_MSG) {
				/* an overlong line goes out in pieces */
				if (!emit(ls)) {
					return -1;
				}
			} else {
				ls->size = ls->size ? ls->size * 2 : 256;
				ls->line = realloc(ls->line, ls->size);
				if (!ls->line) {
					abort();
				}
			}
		}
		ls->line[ls->len++] = buf[i];
	}
	return (ssize_t)size;
}

static int line_close(void *cookie)
{
	line_stream_t *ls = cookie;
	bool ok = true;

	if (ls->len) {
		ok = emit(ls);
	}
	free(ls->line);
	free(ls);
	return ok ? 0 : EOF;
}

static FILE *line_stream(int fd, stroke_reply_type_t type)
{
	line_stream_t *ls = mem_zalloc(sizeof(*ls));
	FILE *file;

	ls->fd = fd;
	ls->type = type;
	file = fopencookie(ls, "w", (cookie_io_functions_t){
		.write = line_write,
		.close = line_close,
	});
	if (!file) {
		free(ls);
	}
	return file;
}

/* Only root and our own user may talk to us, whatever the file mode. */
static bool peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		return false;
	}
	return cred.uid == 0 || cred.uid == geteuid();
}

static void handle(private_stroke_socket_t *this, int fd)
{
	const char *error = NULL;
	stroke_msg_t *msg;
	char result[8];
	FILE *out, *err;
	int status;

	if (!peer_allowed(fd)) {
		DBG1(DBG_CFG, "stroke: refusing a client of another user");
		stroke_reply_write(fd, STROKE_REPLY_ERR, "permission denied");
		stroke_reply_write(fd, STROKE_REPLY_RESULT, "2");
		return;
	}
	msg = stroke_msg_read(fd, this->read_timeout_ms, &error);
	if (!msg) {
		DBG1(DBG_CFG, "stroke: rejected request: %s", error);
		stroke_reply_printf(fd, STROKE_REPLY_ERR, "malformed request: %s", error);
		stroke_reply_write(fd, STROKE_REPLY_RESULT, "2");
		return;
	}
	out = line_stream(fd, STROKE_REPLY_OUT);
	err = line_stream(fd, STROKE_REPLY_ERR);
	if (out && err) {
		status = stroke_dispatch(msg, out, err);
	} else {
		status = 1;
	}
	if (out) {
		fclose(out);
	}
	if (err) {
		fclose(err);
	}
	msg->destroy(msg);
	snprintf(result, sizeof(result), "%d", status & 0xff);
	stroke_reply_write(fd, STROKE_REPLY_RESULT, result);
}

static void *client_run(void *data)
{
	client_t *client = data;
	private_stroke_socket_t *this = client->socket;

	handle(this, client->fd);
	pthread_mutex_lock(&this->lock);
	close(client->fd);
	client->fd = -1;
	client->done = true;
	pthread_cond_broadcast(&this->cond);
	pthread_mutex_unlock(&this->lock);
	return NULL;
}

/* Join finished clients; returns how many still run. Called with the lock. */
static int reap(private_stroke_socket_t *this)
{
	enumerator_t *e = this->clients->create_enumerator(this->clients);
	client_t *client;
	int running = 0;

	while (e->enumerate(e, &client)) {
		if (client->done) {
			this->clients->remove_at(this->clients, e);
			pthread_join(client->thread, NULL);
			free(client);
		} else {
			running++;
		}
	}
	e->destroy(e);
	return running;
}

static void start_client(private_stroke_socket_t *this, int fd)
{
	client_t *client = mem_zalloc(sizeof(*client));

	*client = (client_t){ .socket = this, .fd = fd };
	pthread_mutex_lock(&this->lock);
	if (pthread_create(&client->thread, NULL, client_run, client) != 0) {
		pthread_mutex_unlock(&this->lock);
		DBG1(DBG_CFG, "stroke: cannot start a thread for a request");
		close(fd);
		free(client);
		return;
	}
	this->clients->insert_last(this->clients, client);
	pthread_mutex_unlock(&this->lock);
}

static void *accept_run(void *data)
{
	private_stroke_socket_t *this = data;
	struct pollfd pfd[2] = {
		{ .fd = this->fd, .events = POLLIN },
		{ .fd = this->wake[0], .events = POLLIN },
	};
	int fd;

	for (;;) {
		pthread_mutex_lock(&this->lock);
		while (!this->stopping && reap(this) >= this->max_concurrent) {
			pthread_cond_wait(&this->cond, &this->lock);
		}
		pthread_mutex_unlock(&this->lock);
		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			DBG1(DBG_CFG, "stroke: poll failed: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents) {
			break;
		}
		if (!(pfd[0].revents & POLLIN)) {
			continue;
		}
		fd = accept4(this->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
				DBG1(DBG_CFG, "stroke: accept failed: %s", strerror(errno));
				usleep(100 * 1000);
			}
			continue;
		}
		start_client(this, fd);
	}
	return NULL;
}

static void destroy(stroke_socket_t *public)
{
	private_stroke_socket_t *this = (private_stroke_socket_t *)public;
	enumerator_t *e;
	client_t *client;
	int running;

	pthread_mutex_lock(&this->lock);
	this->stopping = true;
	pthread_cond_broadcast(&this->cond);
	pthread_mutex_unlock(&this->lock);
	if (write(this->wake[1], "x", 1) < 0) {
		DBG1(DBG_CFG, "stroke: cannot wake the accept thread");
	}
	pthread_join(this->thread, NULL);
	close(this->fd);
	unlink(this->path);

	/* clients still running: make their reads and writes fail */
	pthread_mutex_lock(&this->lock);
	e = this->clients->create_enumerator(this->clients);
	while (e->enumerate(e, &client)) {
		if (!client->done) {
			shutdown(client->fd, SHUT_RDWR);
		}
	}
	e->destroy(e);
	while ((running = reap(this)) > 0) {
		DBG1(DBG_CFG, "stroke: waiting for %d request%s to finish", running,
		     running == 1 ? "" : "s");
		pthread_cond_wait(&this->cond, &this->lock);
	}
	pthread_mutex_unlock(&this->lock);

	this->clients->destroy(this->clients);
	close(this->wake[0]);
	close(this->wake[1]);
	pthread_mutex_destroy(&this->lock);
	pthread_cond_destroy(&this->cond);
	free(this->path);
	free(this);
}

/* True if a daemon answers on @p addr (then the file is not stale). */
static bool socket_in_use(struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool used;

	if (fd < 0) {
		return false;
	}
	used = connect(fd, (struct sockaddr *)addr, sizeof(*addr)) == 0;
	close(fd);
	return used;
}

static int open_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, rc;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		DBG1(DBG_CFG, "stroke: socket path '%s' is too long", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	if (socket_in_use(&addr)) {
		DBG1(DBG_CFG, "stroke: another daemon listens on '%s'", path);
		return -1;
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		DBG1(DBG_CFG, "stroke: cannot create a socket: %s", strerror(errno));
		return -1;
	}
	/* never accessible to others, not even for a moment */
	old = umask(0177);
	rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old);
	if (rc < 0 || chmod(path, 0600) < 0 || listen(fd, 32) < 0) {
		DBG1(DBG_CFG, "stroke: cannot listen on '%s': %s", path, strerror(errno));
		close(fd);
		if (rc == 0) {
			unlink(path);
		}
		return -1;
	}
	return fd;
}

stroke_socket_t *stroke_socket_create(const char *path, int max_concurrent,
				      int64_t read_timeout_ms)
{
	private_stroke_socket_t *this;
	int fd = open_socket(path);

	if (fd < 0) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_stroke_socket_t){
		.public = {
			.destroy = destroy,
		},
		.path = str_dup(path),
		.fd = fd,
		.max_concurrent = max_concurrent > 0 ? max_concurrent : 1,
		.read_timeout_ms = read_timeout_ms,
		.clients = linked_list_create(),
	};
	pthread_mutex_init(&this->lock, NULL);
	pthread_cond_init(&this->cond, NULL);
	if (pipe2(this->wake, O_CLOEXEC) < 0 ||
	    pthread_create(&this->thread, NULL, accept_run, this) != 0) {
		DBG1(DBG_CFG, "stroke: cannot start the control socket thread");
		close(fd);
		unlink(path);
		if (this->wake[0] > 0) {
			close(this->wake[0]);
			close(this->wake[1]);
		}
		this->clients->destroy(this->clients);
		pthread_mutex_destroy(&this->lock);
		pthread_cond_destroy(&this->cond);
		free(this->path);
		free(this);
		return NULL;
	}
	DBG2(DBG_CFG, "stroke: listening on '%s'", path);
	return &this->public;
}
