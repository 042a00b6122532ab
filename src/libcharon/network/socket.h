/**
 * @file socket.h
 * The IKE sockets (UDP 500 and 4500, IPv4 and IPv6), provided by a plugin
 * (socket-default) through FEATURE_CUSTOM "socket".
 *
 * Port 4500 carries IKE behind a four-byte non-ESP marker and, for
 * kernel-libesp, ESP in UDP (RFC 3948). The socket strips the marker from
 * IKE packets it receives and adds it to those it sends from/to port 4500;
 * ESP packets go to the registered ESP handler instead of receive().
 */
#ifndef CYGNET_SOCKET_H
#define CYGNET_SOCKET_H

#include "library.h"
#include "network/packet.h"

#define IKEV2_UDP_PORT 500
#define IKEV2_NATT_PORT 4500

/** Receives ESP-in-UDP packets (SPI != 0) from port 4500. @p data is only
 *  valid during the call. */
typedef void (*socket_esp_handler_t)(void *ctx, host_t *src, host_t *dst,
				     chunk_t data);

typedef struct socket_t socket_t;

struct socket_t {
	/**
	 * Block until an IKE packet arrives; NOT_SUPPORTED once the socket is
	 * shutting down. The packet's destination carries the local address
	 * (IP_PKTINFO) and port it arrived on.
	 */
	status_t (*receive)(socket_t *this, packet_t **packet);
	/** Send an IKE packet from its source (address may be %any) to its
	 *  destination. It leaves from the NAT-T port behind a non-ESP marker
	 *  if its source port is our NAT-T port or its destination port is
	 *  4500; otherwise plain from the IKE port (a NAT may have mapped the
	 *  peer's port 500 to another, it still reads on 500). */
	status_t (*send)(socket_t *this, packet_t *packet);
	/** Send one ESP-in-UDP packet from our NAT-T port. */
	status_t (*send_esp)(socket_t *this, host_t *src, host_t *dst, chunk_t data);
	/** File descriptor of the NAT-T socket of @p family, for batched
	 *  sendmmsg() by the ESP data path; -1 if none. */
	int (*get_esp_fd)(socket_t *this, int family);
	/** Route ESP-in-UDP packets to @p handler (NULL: drop them). */
	void (*set_esp_handler)(socket_t *this, socket_esp_handler_t handler, void *ctx);
	/** The local port, IKE (500) or NAT-T (4500), possibly as configured. */
	uint16_t (*get_port)(socket_t *this, bool nat_t);
	/** Wake blocked receive() calls and make them return. */
	void (*shutdown)(socket_t *this);
	void (*destroy)(socket_t *this);
};

/** Register the socket implementation (plugins call this on load; NULL to remove). */
void socket_register(socket_t *socket);

/** The registered socket, or NULL. */
socket_t *socket_get(void);

#endif
