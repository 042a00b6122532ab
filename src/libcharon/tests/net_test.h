/*
 * Shared by the network tests: library and socket fixtures, and a plain
 * UDP socket for the other end. Everything stays on loopback; the socket
 * plugin binds ports the kernel picks, so parallel runs never clash.
 */
#ifndef NET_TEST_H
#define NET_TEST_H

#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <check.h>

#include "library.h"
#include "plugins/plugin_loader.h"
#include "settings/settings.h"
#include "network/net_counters.h"
#include "network/socket.h"
#include "socket_default_plugin.h"

static socket_t *skt;
static uint16_t ike_port, natt_port;

static host_t *h(const char *addr, uint16_t port)
{
	host_t *host = host_create_from_string(addr, port);

	ck_assert_msg(host, "bad address %s", addr);
	return host;
}

static void lib_setup(void)
{
	ck_assert(library_init("/nonexistent/cygnet.conf", "charon"));
	net_counters_reset();
}

static void lib_teardown(void)
{
	library_deinit();
}

/* the socket plugin on ports the kernel picks */
static void socket_setup(void)
{
	lib_setup();
	lib->settings->set_str(lib->settings, "charon.port", "0");
	lib->settings->set_str(lib->settings, "charon.port_nat_t", "0");
	lib->plugins->add_static(lib->plugins, "socket-default",
				 socket_default_plugin_create);
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS,
				     "random openssl socket-default!"));
	skt = socket_get();
	ck_assert(skt);
	ike_port = skt->get_port(skt, false);
	natt_port = skt->get_port(skt, true);
	ck_assert(ike_port && natt_port && ike_port != natt_port);
}

static void socket_teardown(void)
{
	lib->plugins->unload(lib->plugins);
	ck_assert(socket_get() == NULL);
	skt = NULL;
	lib_teardown();
}

/* a plain UDP socket on 127.0.0.1 (or ::1) for the other end */
static int raw_socket(int family, uint16_t *port)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int fd;

	fd = socket(family, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	}
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&ss, len), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
		      ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static void raw_send(int fd, const char *addr, uint16_t port, chunk_t data)
{
	host_t *dst = h(addr, port);

	ck_assert_int_eq(sendto(fd, data.ptr, data.len, 0, dst->get_sockaddr(dst),
				dst->get_sockaddr_len(dst)), (ssize_t)data.len);
	dst->destroy(dst);
}

/* one datagram within two seconds; returns its length, source port in *from */
static ssize_t raw_recv(int fd, uint8_t *buf, size_t len, uint16_t *from)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	ssize_t n;

	ck_assert_msg(poll(&pfd, 1, 2000) == 1, "nothing received");
	n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&ss, &sl);
	ck_assert_int_ge(n, 0);
	if (from) {
		*from = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
			      ((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return n;
}

#endif
