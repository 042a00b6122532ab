/**
 * @file xfrm_socket.h
 * A NETLINK_XFRM socket for requests: one request at a time, each waiting
 * for its answer.
 *
 * Requests and answers may carry keys, so both buffers are wiped after
 * use, and the socket asks the kernel not to echo requests in its error
 * replies (NETLINK_CAP_ACK). Error replies come with the kernel's
 * extended-ack text where it gives one ("Requested type not found").
 */
#ifndef XFRM_SOCKET_H
#define XFRM_SOCKET_H

#include <netlink/msg.h>

#include "library.h"

typedef struct xfrm_socket_t xfrm_socket_t;

/** Receives each data message answering a request; the message is only
 *  valid during the call. */
typedef void (*xfrm_socket_reply_t)(void *ctx, struct nlmsghdr *hdr);

/** Room for the kernel's extended-ack text. */
#define XFRM_SOCKET_ERRLEN 128

struct xfrm_socket_t {
	/**
	 * Send @p msg and wait for the kernel's acknowledgement.
	 *
	 * @param msg		request (type and payload set, header completed
	 *			here); wiped and freed in every case
	 * @param reply		called for each data message of the answer, may
	 *			be NULL
	 * @param ctx		passed to @p reply
	 * @param errtext	if not NULL, receives the kernel's explanation of
	 *			an error ("" if none), XFRM_SOCKET_ERRLEN bytes
	 * @return		0, or a negative errno (kernel or local error)
	 */
	int (*request)(xfrm_socket_t *this, struct nl_msg *msg,
		       xfrm_socket_reply_t reply, void *ctx, char *errtext);

	void (*destroy)(xfrm_socket_t *this);
};

/**
 * Open a request socket in the calling thread's network namespace.
 *
 * @return	NULL (logged) if NETLINK_XFRM is not available
 */
xfrm_socket_t *xfrm_socket_create(void);

/**
 * Format a failed request for a log line: "No such process (ESRCH)" or
 * "Protocol not supported: Requested type not found".
 *
 * @return	@p buf
 */
char *xfrm_socket_error_str(int err, const char *errtext, char *buf, size_t len);

#endif
