/*
 * Socket I/O for the control protocol. Both ends block, so every read and
 * write waits in poll() first: that is where deadlines are enforced and
 * where EINTR from signals (starter gets SIGCHLD/SIGHUP) is absorbed.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "stroke_io.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t stroke_io_deadline(int64_t timeout_ms)
{
	return timeout_ms < 0 ? STROKE_IO_FOREVER : now_ms() + timeout_ms;
}

/* Wait until @p fd is ready for @p events; false on timeout or error. */
static bool wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int rc;

	for (;;) {
		left = -1;
		if (deadline != STROKE_IO_FOREVER) {
			left = deadline - now_ms();
			if (left < 0) {
				left = 0;
			}
			if (left > 1000 * 1000) {
				left = 1000 * 1000;
			}
		}
		rc = poll(&pfd, 1, (int)left);
		if (rc > 0) {
			return true;
		}
		if (rc < 0 && errno != EINTR) {
			return false;
		}
		if (rc == 0 && deadline != STROKE_IO_FOREVER && now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return false;
		}
	}
}

bool stroke_io_read(int fd, void *buf, size_t len, int64_t deadline)
{
	uint8_t *pos = buf;
	ssize_t got;

	while (len) {
		if (!wait_fd(fd, POLLIN, deadline)) {
			return false;
		}
		got = read(fd, pos, len);
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				continue;
			}
			return false;
		}
		if (got == 0) {
			errno = 0;
			return false;
		}
		pos += got;
		len -= (size_t)got;
	}
	return true;
}

bool stroke_io_write(int fd, const void *buf, size_t len, int64_t deadline)
{
	const uint8_t *pos = buf;
	ssize_t sent;

	while (len) {
		if (!wait_fd(fd, POLLOUT, deadline)) {
			return false;
		}
		sent = send(fd, pos, len, MSG_NOSIGNAL);
		if (sent < 0 && errno == ENOTSOCK) {
			/* pipes in tests and tools */
			sent = write(fd, pos, len);
		}
		if (sent < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				continue;
			}
			return false;
		}
		pos += sent;
		len -= (size_t)sent;
	}
	return true;
}

stroke_msg_t *stroke_msg_read(int fd, int64_t timeout_ms, const char **error)
{
	int64_t deadline = stroke_io_deadline(timeout_ms);
	stroke_msg_t *msg;
	uint8_t head[4];
	uint32_t len;
	chunk_t body;

	if (!stroke_io_read(fd, head, sizeof(head), deadline)) {
		*error = errno == ETIMEDOUT ? "timed out reading the request"
					    : "request cut short";
		return NULL;
	}
	len = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 |
	      (uint32_t)head[2] << 8 | head[3];
	if (len == 0 || len > STROKE_MAX_MSG) {
		*error = "request length out of range";
		return NULL;
	}
	body = chunk_alloc(len);
	if (!stroke_io_read(fd, body.ptr, body.len, deadline)) {
		*error = errno == ETIMEDOUT ? "timed out reading the request"
					    : "request cut short";
		chunk_clear(&body);
		return NULL;
	}
	msg = stroke_msg_parse(body, error);
	/* add_conn may carry nothing secret today, but requests are small */
	chunk_clear(&body);
	return msg;
}
