/*
 * host_t: an IPv4/IPv6 address and port kept in a sockaddr, so sockets can
 * use it without conversion.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>

#include "networking/host.h"

typedef struct private_host_t {
	host_t public;
	union {
		struct sockaddr sa;
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
		struct sockaddr_storage ss;
	} addr;
	socklen_t len;
} private_host_t;

static uint8_t *addr_ptr(private_host_t *this)
{
	if (this->addr.sa.sa_family == AF_INET) {
		return (uint8_t *)&this->addr.v4.sin_addr;
	}
	return (uint8_t *)&this->addr.v6.sin6_addr;
}

static size_t addr_len(private_host_t *this)
{
	return this->addr.sa.sa_family == AF_INET ? 4 : 16;
}

static host_t *host_clone(host_t *public)
{
	private_host_t *this = (private_host_t *)public;
	private_host_t *copy = mem_zalloc(sizeof(*copy));

	*copy = *this;
	return &copy->public;
}

static struct sockaddr *get_sockaddr(host_t *public)
{
	private_host_t *this = (private_host_t *)public;

	return &this->addr.sa;
}

static socklen_t get_sockaddr_len(host_t *public)
{
	private_host_t *this = (private_host_t *)public;

	return this->len;
}

static int get_family(host_t *public)
{
	private_host_t *this = (private_host_t *)public;

	return this->addr.sa.sa_family;
}

static chunk_t get_address(host_t *public)
{
	private_host_t *this = (private_host_t *)public;

	return chunk_create(addr_ptr(this), addr_len(this));
}

static uint16_t get_port(host_t *public)
{
	private_host_t *this = (private_host_t *)public;

	if (this->addr.sa.sa_family == AF_INET) {
		return ntohs(this->addr.v4.sin_port);
	}
	return ntohs(this->addr.v6.sin6_port);
}

static void set_port(host_t *public, uint16_t port)
{
	private_host_t *this = (private_host_t *)public;

	if (this->addr.sa.sa_family == AF_INET) {
		this->addr.v4.sin_port = htons(port);
	} else {
		this->addr.v6.sin6_port = htons(port);
	}
}

static bool is_anyaddr(host_t *public)
{
	private_host_t *this = (private_host_t *)public;
	const uint8_t *p = addr_ptr(this);
	size_t i;

	for (i = 0; i < addr_len(this); i++) {
		if (p[i]) {
			return false;
		}
	}
	return true;
}

static bool ip_equals(host_t *public, host_t *other)
{
	if (!other) {
		return false;
	}
	if (public->get_family(public) != other->get_family(other)) {
		/* %any and %any6 both mean "no address yet" */
		return public->is_anyaddr(public) && other->is_anyaddr(other);
	}
	return chunk_equals(public->get_address(public),
			    other->get_address(other));
}

static bool host_equals(host_t *public, host_t *other)
{
	if (!other || public->get_family(public) != other->get_family(other)) {
		return false;
	}
	return public->get_port(public) == other->get_port(other) &&
	       chunk_equals(public->get_address(public),
			    other->get_address(other));
}

static int ip_compare(host_t *public, host_t *other)
{
	int fa = public->get_family(public), fb = other->get_family(other);
	chunk_t a, b;

	if (fa != fb) {
		return fa == AF_INET ? -1 : 1;
	}
	a = public->get_address(public);
	b = other->get_address(other);
	return memcmp(a.ptr, b.ptr, a.len);
}

static uint32_t get_hash(host_t *public)
{
	return chunk_hash(public->get_address(public));
}

static void host_destroy(host_t *public)
{
	free(public);
}

/* An empty host of @p family with every method wired. */
static private_host_t *host_new(int family)
{
	private_host_t *this = mem_zalloc(sizeof(*this));

	this->public = (host_t){
		.clone = host_clone,
		.get_sockaddr = get_sockaddr,
		.get_sockaddr_len = get_sockaddr_len,
		.get_family = get_family,
		.get_address = get_address,
		.get_port = get_port,
		.set_port = set_port,
		.is_anyaddr = is_anyaddr,
		.ip_equals = ip_equals,
		.equals = host_equals,
		.ip_compare = ip_compare,
		.get_hash = get_hash,
		.destroy = host_destroy,
	};
	this->addr.sa.sa_family = family;
	this->len = family == AF_INET ? sizeof(struct sockaddr_in)
				      : sizeof(struct sockaddr_in6);
	return this;
}

host_t *host_create_any(int family)
{
	if (family != AF_INET && family != AF_INET6) {
		DBG1(DBG_LIB, "host_create_any: unsupported address family %d",
		     family);
		return NULL;
	}
	return &host_new(family)->public;
}

host_t *host_create_from_chunk(int family, chunk_t address, uint16_t port)
{
	private_host_t *this;

	if (family == AF_UNSPEC) {
		if (address.len == 4) {
			family = AF_INET;
		} else if (address.len == 16) {
			family = AF_INET6;
		} else {
			DBG1(DBG_LIB, "host_create_from_chunk: no address family "
			     "has %zu bytes", address.len);
			return NULL;
		}
	}
	if (family != AF_INET && family != AF_INET6) {
		DBG1(DBG_LIB, "host_create_from_chunk: unsupported address "
		     "family %d", family);
		return NULL;
	}
	this = host_new(family);
	if (!chunk_is_empty(address)) {
		if (address.len != addr_len(this)) {
			DBG1(DBG_LIB, "host_create_from_chunk: %zu bytes do not "
			     "fit family %d", address.len, family);
			free(this);
			return NULL;
		}
		memcpy(addr_ptr(this), address.ptr, address.len);
	}
	set_port(&this->public, port);
	return &this->public;
}

host_t *host_create_from_sockaddr(const struct sockaddr *sockaddr)
{
	private_host_t *this;

	if (!sockaddr) {
		return NULL;
	}
	switch (sockaddr->sa_family) {
	case AF_INET:
		this = host_new(AF_INET);
		memcpy(&this->addr.v4, sockaddr, sizeof(this->addr.v4));
		return &this->public;
	case AF_INET6:
		this = host_new(AF_INET6);
		memcpy(&this->addr.v6, sockaddr, sizeof(this->addr.v6));
		return &this->public;
	default:
		DBG1(DBG_LIB, "host_create_from_sockaddr: unsupported address "
		     "family %d", sockaddr->sa_family);
		return NULL;
	}
}

/* "%any" keywords; returns the family they stand for, or -1. */
static int any_keyword_family(const char *str, int family)
{
	if (streq(str, "%any")) {
		return family == AF_INET6 ? AF_INET6 : AF_INET;
	}
	if (streq(str, "%any4")) {
		return AF_INET;
	}
	if (streq(str, "%any6")) {
		return AF_INET6;
	}
	return -1;
}

host_t *host_create_from_string_and_family(const char *str, int family,
					   uint16_t port)
{
	private_host_t *this;
	int any;

	if (!str) {
		return NULL;
	}
	any = any_keyword_family(str, family);
	if (any != -1) {
		if (family != AF_UNSPEC && family != any) {
			return NULL;
		}
		this = host_new(any);
	} else if (strchr(str, ':')) {
		if (family != AF_UNSPEC && family != AF_INET6) {
			return NULL;
		}
		this = host_new(AF_INET6);
	} else {
		if (family != AF_UNSPEC && family != AF_INET) {
			return NULL;
		}
		this = host_new(AF_INET);
	}
	if (any == -1 &&
	    inet_pton(this->addr.sa.sa_family, str, addr_ptr(this)) != 1) {
		DBG2(DBG_LIB, "'%s' is not an IP address", str);
		free(this);
		return NULL;
	}
	set_port(&this->public, port);
	return &this->public;
}

host_t *host_create_from_string(const char *str, uint16_t port)
{
	return host_create_from_string_and_family(str, AF_UNSPEC, port);
}

host_t *host_create_from_dns(const char *name, int family, uint16_t port)
{
	struct addrinfo hints = {
		.ai_family = family,
		/* one entry per address, not one per socket type */
		.ai_socktype = SOCK_DGRAM,
	};
	struct addrinfo *result = NULL, *ai;
	host_t *host = NULL;
	int err;

	if (!name) {
		return NULL;
	}
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
		return NULL;
	}
	host = host_create_from_string_and_family(name, family, port);
	if (host) {
		return host;
	}
	/* a numeric address of the other family must not reach the resolver */
	host = host_create_from_string(name, port);
	if (host) {
		DBG1(DBG_LIB, "'%s' is not an address of family %d", name, family);
		host->destroy(host);
		return NULL;
	}
	err = getaddrinfo(name, NULL, &hints, &result);
	if (err) {
		DBG1(DBG_LIB, "resolving '%s' failed: %s", name, gai_strerror(err));
		return NULL;
	}
	for (ai = result; ai && !host; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6) {
			host = host_create_from_sockaddr(ai->ai_addr);
		}
	}
	freeaddrinfo(result);
	if (host) {
		host->set_port(host, port);
	} else {
		DBG1(DBG_LIB, "resolving '%s' gave no usable address", name);
	}
	return host;
}

host_t *host_create_netmask(int family, int prefix_len)
{
	private_host_t *this;
	uint8_t *p;
	int bits, i;

	if (family != AF_INET && family != AF_INET6) {
		return NULL;
	}
	bits = family == AF_INET ? 32 : 128;
	if (prefix_len < 0 || prefix_len > bits) {
		DBG1(DBG_LIB, "invalid prefix length %d for a %d-bit address",
		     prefix_len, bits);
		return NULL;
	}
	this = host_new(family);
	p = addr_ptr(this);
	for (i = 0; i < bits / 8; i++, prefix_len -= 8) {
		if (prefix_len >= 8) {
			p[i] = 0xff;
		} else if (prefix_len > 0) {
			p[i] = (uint8_t)(0xff << (8 - prefix_len));
		}
	}
	return &this->public;
}

host_t *host_create_from_subnet(const char *str, int *prefix_len)
{
	char addr[INET6_ADDRSTRLEN + 8];
	const char *slash;
	host_t *host;
	size_t n;
	int bits, prefix = 0;

	if (!str) {
		return NULL;
	}
	slash = strchr(str, '/');
	n = slash ? (size_t)(slash - str) : strlen(str);
	if (n >= sizeof(addr)) {
		DBG1(DBG_LIB, "'%s' is not a subnet", str);
		return NULL;
	}
	memcpy(addr, str, n);
	addr[n] = '\0';
	host = host_create_from_string(addr, 0);
	if (!host) {
		DBG1(DBG_LIB, "'%s' is not a subnet", str);
		return NULL;
	}
	bits = host->get_family(host) == AF_INET ? 32 : 128;
	if (slash) {
		const char *p = slash + 1;

		/* digits only, so " 24", "+24" and "24x" are rejected */
		if (!*p || strlen(p) > 3) {
			prefix = -1;
		}
		for (; *p && prefix >= 0; p++) {
			if (*p < '0' || *p > '9') {
				prefix = -1;
			} else {
				prefix = prefix * 10 + (*p - '0');
			}
		}
	} else {
		prefix = bits;
	}
	if (prefix < 0 || prefix > bits) {
		DBG1(DBG_LIB, "invalid prefix length in subnet '%s'", str);
		host->destroy(host);
		return NULL;
	}
	if (prefix_len) {
		*prefix_len = prefix;
	}
	return host;
}

char *host_to_str(host_t *host, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	int family;

	if (!buf || !len) {
		return buf;
	}
	if (!host) {
		snprintf(buf, len, "(null)");
		return buf;
	}
	family = host->get_family(host);
	if (host->is_anyaddr(host)) {
		snprintf(buf, len, "%s", family == AF_INET ? "%any" : "%any6");
	} else if (inet_ntop(family, host->get_address(host).ptr, addr,
			     sizeof(addr))) {
		snprintf(buf, len, "%s", addr);
	} else {
		snprintf(buf, len, "(invalid)");
	}
	return buf;
}

char *host_to_str_port(host_t *host, char *buf, size_t len)
{
	char addr[HOST_STR_LEN];

	if (!buf || !len) {
		return buf;
	}
	host_to_str(host, addr, sizeof(addr));
	if (host) {
		snprintf(buf, len, "%s[%u]", addr, host->get_port(host));
	} else {
		snprintf(buf, len, "%s", addr);
	}
	return buf;
}
