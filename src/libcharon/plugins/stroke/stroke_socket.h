/**
 * @file stroke_socket.h
 * The control socket charon.ctl: a listening unix socket (mode 0600), an
 * accept thread and one thread per request, so a long `up` never holds up
 * `status`. Each connection carries one request and its reply.
 */
#ifndef STROKE_SOCKET_H
#define STROKE_SOCKET_H

#include "library.h"

typedef struct stroke_socket_t stroke_socket_t;

struct stroke_socket_t {
	/** Stop accepting, cut off clients still connected, wait for their
	 *  threads, remove the socket file. */
	void (*destroy)(stroke_socket_t *this);
};

/**
 * Listen on @p path, replacing a stale socket file (but not one a live
 * daemon still answers on).
 * @param max_concurrent	requests handled at once; more wait to be accepted
 * @param read_timeout_ms	time a client gets to send its request
 * @return			NULL if the socket cannot be set up (logged)
 */
stroke_socket_t *stroke_socket_create(const char *path, int max_concurrent,
				      int64_t read_timeout_ms);

#endif
