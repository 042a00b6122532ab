/**
 * @file packet.h
 * A datagram with its addresses: what sockets receive and send.
 */
#ifndef CYGNET_PACKET_H
#define CYGNET_PACKET_H

#include "library.h"
#include "networking/host.h"

typedef struct packet_t packet_t;

struct packet_t {
	host_t *(*get_source)(packet_t *this);
	/** Take ownership of @p src. */
	void (*set_source)(packet_t *this, host_t *src);
	host_t *(*get_destination)(packet_t *this);
	/** Take ownership of @p dst. */
	void (*set_destination)(packet_t *this, host_t *dst);
	/** The payload (without a non-ESP marker). */
	chunk_t (*get_data)(packet_t *this);
	/** Take ownership of @p data. */
	void (*set_data)(packet_t *this, chunk_t data);
	/** Deep copy. */
	packet_t *(*clone)(packet_t *this);
	void (*destroy)(packet_t *this);
};

/** An empty packet. */
packet_t *packet_create(void);

/** A packet owning @p src, @p dst and @p data. */
packet_t *packet_create_from_data(host_t *src, host_t *dst, chunk_t data);

#endif
