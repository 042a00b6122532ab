/**
 * @file stroke_msg.h
 * The control protocol between `ipsec`/starter and charon (charon.ctl).
 *
 * A request is one frame: a 4-byte big-endian length, then UTF-8 lines
 * "key=value\n". The first line is "command=NAME". Values escape '\n' as
 * "\\n" and '\\' as "\\\\". Keys are [a-z0-9_.-]+ and may repeat only
 * where a command says so. A conn is sent as the ipsec.conf keywords of
 * the flattened conn (also= and %default resolved by the sender), plus
 * "name=". At most 256 KiB and 4096 lines; anything else is rejected.
 *
 * The reply is a sequence of frames: 4-byte big-endian length, one type
 * byte, then the text: 'o' a line for stdout, 'e' a line for stderr,
 * 'r' the decimal exit status, which ends the reply.
 *
 * Commands: add_conn, del_conn, add_ca, del_ca, up, down, route, unroute,
 * status, statusall, list (what=certs|cacerts|…|algs|plugins|counters|all),
 * reread (what=secrets|cacerts|…|all), purge (what=…), resetcounters,
 * loglevel, leases, down_srcip, ready, ping.
 */
#ifndef CYGNET_STROKE_MSG_H
#define CYGNET_STROKE_MSG_H

#include <stdio.h>

#include "library.h"
#include "collections/enumerator.h"

#define STROKE_MAX_MSG (256 * 1024)
#define STROKE_MAX_LINES 4096
#define STROKE_SOCKET_NAME "charon.ctl"

typedef enum stroke_reply_type_t {
	STROKE_REPLY_OUT = 'o',
	STROKE_REPLY_ERR = 'e',
	STROKE_REPLY_RESULT = 'r',
} stroke_reply_type_t;

typedef struct stroke_msg_t stroke_msg_t;

struct stroke_msg_t {
	/** The command ("add_conn"). */
	const char *(*get_command)(stroke_msg_t *this);
	/** Append key=value (copied). */
	void (*add)(stroke_msg_t *this, const char *key, const char *value);
	/** First value of @p key, or @p def. */
	const char *(*get)(stroke_msg_t *this, const char *key, const char *def);
	/** All pairs in order: enumerate(e, const char **key, const char **value). */
	enumerator_t *(*create_enumerator)(stroke_msg_t *this);
	/** The frame as sent (length prefix included); allocated. */
	chunk_t (*encode)(stroke_msg_t *this);
	void (*destroy)(stroke_msg_t *this);
};

stroke_msg_t *stroke_msg_create(const char *command);

/**
 * Parse a frame body (without the length prefix). NULL if malformed; then
 * @p error (if given) points to a static description.
 */
stroke_msg_t *stroke_msg_parse(chunk_t body, const char **error);

/** Write one reply frame to @p fd; false on error. */
bool stroke_reply_write(int fd, stroke_reply_type_t type, const char *text);

/** printf-style convenience for STROKE_REPLY_OUT / ERR. */
bool stroke_reply_printf(int fd, stroke_reply_type_t type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Send @p msg to the socket at @p path and stream the reply: 'o' lines to
 * @p out, 'e' lines to @p err (either may be NULL to discard). Returns the
 * exit status from the reply, or -1 if charon could not be reached
 * (errno set) and -2 if the reply was malformed or cut short.
 */
int stroke_send(const char *path, stroke_msg_t *msg, FILE *out, FILE *err);

#endif
