/**
 * @file stroke_io.h
 * Blocking socket I/O with deadlines, shared by the stroke client and the
 * charon side of the control socket.
 */
#ifndef CYGNET_STROKE_IO_H
#define CYGNET_STROKE_IO_H

#include "library.h"
#include "stroke_msg.h"

/** No deadline. */
#define STROKE_IO_FOREVER (-1)

/**
 * A deadline @p timeout_ms from now on the monotonic clock, in ms;
 * STROKE_IO_FOREVER if @p timeout_ms is negative.
 */
int64_t stroke_io_deadline(int64_t timeout_ms);

/**
 * Read exactly @p len bytes, retrying on EINTR and short reads.
 * @return	false on error (errno set), on EOF (errno 0) or when the
 *		deadline passed (errno ETIMEDOUT)
 */
bool stroke_io_read(int fd, void *buf, size_t len, int64_t deadline);

/**
 * Write all @p len bytes (without raising SIGPIPE), retrying on EINTR and
 * short writes. False on error or timeout (errno set).
 */
bool stroke_io_write(int fd, const void *buf, size_t len, int64_t deadline);

/**
 * Read one request frame and parse it.
 * @param timeout_ms	for the whole frame, negative for none
 * @param error		receives a static description on failure
 * @return		the message, NULL if it was cut short or malformed
 */
stroke_msg_t *stroke_msg_read(int fd, int64_t timeout_ms, const char **error);

#endif
