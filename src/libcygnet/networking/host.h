/**
 * @file host.h
 * An IPv4 or IPv6 address with a port, wrapping a struct sockaddr_storage.
 *
 * A host created from "%any" (or 0.0.0.0, ::) is the any-address of its
 * family; it prints as "%any" or "%any6".
 */
#ifndef CYGNET_HOST_H
#define CYGNET_HOST_H

#include <sys/socket.h>
#include <netinet/in.h>

#include "library.h"

typedef struct host_t host_t;

/**
 * Buffer size that holds any host_to_str()/host_to_str_port() result
 * ("ffff:...:255.255.255.255[65535]").
 */
#define HOST_STR_LEN 64

struct host_t {
	/** An independent copy. */
	host_t *(*clone)(host_t *this);

	/** The wrapped address, usable with bind(), sendto(), … */
	struct sockaddr *(*get_sockaddr)(host_t *this);

	/** Length of the sockaddr get_sockaddr() returns. */
	socklen_t (*get_sockaddr_len)(host_t *this);

	/** AF_INET or AF_INET6. */
	int (*get_family)(host_t *this);

	/**
	 * The address bytes in network order (4 or 16 bytes). The chunk points
	 * into the host and is valid until the host is destroyed or changed.
	 */
	chunk_t (*get_address)(host_t *this);

	/** Port in host byte order. */
	uint16_t (*get_port)(host_t *this);

	/** Set the port (host byte order). */
	void (*set_port)(host_t *this, uint16_t port);

	/** True for 0.0.0.0 and ::. */
	bool (*is_anyaddr)(host_t *this);

	/**
	 * Same address, ignoring the port. Two any-addresses are equal even if
	 * their families differ, so %any matches %any6.
	 */
	bool (*ip_equals)(host_t *this, host_t *other);

	/** Same family, address and port. */
	bool (*equals)(host_t *this, host_t *other);

	/**
	 * Order by family (IPv4 first), then by address bytes; the port is
	 * ignored. Returns <0, 0 or >0 like memcmp().
	 */
	int (*ip_compare)(host_t *this, host_t *other);

	/** Hash of the address only, so it agrees with both ip_equals() and equals(). */
	uint32_t (*get_hash)(host_t *this);

	void (*destroy)(host_t *this);
};

/**
 * Parse a numeric address: "192.0.2.1", "2001:db8::1", "%any" (IPv4
 * any-address), "%any4" or "%any6".
 *
 * @return	NULL (and a log message) if @p str is not an address
 */
host_t *host_create_from_string(const char *str, uint16_t port);

/**
 * Like host_create_from_string(), but the result must be of @p family
 * (AF_INET, AF_INET6 or AF_UNSPEC for either); "%any" gives the
 * any-address of @p family.
 */
host_t *host_create_from_string_and_family(const char *str, int family,
					   uint16_t port);

/**
 * Resolve @p name with getaddrinfo() (numeric addresses and "%any" work
 * without DNS); the first result of @p family (AF_UNSPEC for any) is used.
 */
host_t *host_create_from_dns(const char *name, int family, uint16_t port);

/**
 * Address from raw bytes in network order. AF_UNSPEC picks the family from
 * the length (4 or 16); an empty chunk with a given family gives the
 * any-address.
 */
host_t *host_create_from_chunk(int family, chunk_t address, uint16_t port);

/** Copy an AF_INET or AF_INET6 sockaddr; NULL for other families. */
host_t *host_create_from_sockaddr(const struct sockaddr *sockaddr);

/** The any-address (port 0) of AF_INET or AF_INET6. */
host_t *host_create_any(int family);

/** A netmask of @p prefix_len bits ("255.255.255.0" for 24); NULL if out of range. */
host_t *host_create_netmask(int family, int prefix_len);

/**
 * Parse "198.51.100.0/24". The address is returned as written (not
 * masked); without "/len" the prefix is the full address length.
 *
 * @param prefix_len	receives the prefix length
 * @return		NULL if the address or prefix is invalid
 */
host_t *host_create_from_subnet(const char *str, int *prefix_len);

/**
 * Print the address: "192.0.2.1", "2001:db8::1", "%any", "%any6", or
 * "(null)" for a NULL host. Truncates to @p len like snprintf().
 *
 * @return	@p buf
 */
char *host_to_str(host_t *host, char *buf, size_t len);

/** Print the address and port: "192.0.2.1[500]", "2001:db8::1[4500]". */
char *host_to_str_port(host_t *host, char *buf, size_t len);

#endif
