/**
 * @file sender.h
 * Sends IKE packets through the registered socket.
 *
 * Any thread may send; the socket's send() is thread-safe and quick (UDP),
 * so packets go out directly from the calling thread instead of through a
 * queue. Every packet is counted (net_counters.h).
 */
#ifndef CHARON_SENDER_H
#define CHARON_SENDER_H

#include "library.h"
#include "network/packet.h"

typedef struct sender_t sender_t;

struct sender_t {
	/**
	 * Send @p packet and destroy it.
	 * @return		SUCCESS; FAILED if there is no socket or sending
	 *			failed (logged)
	 */
	status_t (*send)(sender_t *this, packet_t *packet);
	/** IKE packets sent so far by this sender. */
	uint64_t (*get_sent)(sender_t *this);
	void (*destroy)(sender_t *this);
};

sender_t *sender_create(void);

#endif
