/**
 * @file socket_default_socket.h
 * UDP sockets for IKE on the IKE and NAT-T ports, IPv4 and IPv6.
 *
 * Settings: charon.port (500), charon.port_nat_t (4500), 0 for a port the
 * kernel picks; charon.max_packet (10000 bytes);
 * charon.plugins.socket-default.use_ipv4 and use_ipv6 (yes).
 * A family the host lacks is logged and skipped.
 *
 * The ESP handler runs in the thread that calls receive(), under a lock
 * that set_esp_handler() takes: it must not call set_esp_handler() itself.
 */
#ifndef SOCKET_DEFAULT_SOCKET_H
#define SOCKET_DEFAULT_SOCKET_H

#include "network/socket.h"

/** Open the sockets; NULL if none could be opened. */
socket_t *socket_default_socket_create(void);

#endif
