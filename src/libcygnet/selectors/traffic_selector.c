/*
 * Traffic selectors: address ranges kept as raw network-order bytes, so
 * that comparing, intersecting and containing are plain memcmp()s.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "selectors/traffic_selector.h"

#define PORT_OPAQUE_FROM 0xffff
#define PORT_OPAQUE_TO 0

typedef struct private_traffic_selector_t {
	traffic_selector_t public;
	ts_type_t type;
	uint8_t protocol;
	/* set by create_dynamic(), cleared by set_address() */
	bool dynamic;
	uint16_t from_port;
	uint16_t to_port;
	/* only the first addr_len() bytes are used */
	uint8_t from[16];
	uint8_t to[16];
} private_traffic_selector_t;

static const struct {
	uint8_t number;
	const char *name;
} protocols[] = {
	{ IPPROTO_ICMP, "icmp" },
	{ IPPROTO_IGMP, "igmp" },
	{ IPPROTO_TCP, "tcp" },
	{ IPPROTO_UDP, "udp" },
	{ IPPROTO_GRE, "gre" },
	{ IPPROTO_ESP, "esp" },
	{ IPPROTO_AH, "ah" },
	{ IPPROTO_ICMPV6, "ipv6-icmp" },
	{ IPPROTO_SCTP, "sctp" },
	{ IPPROTO_UDPLITE, "udplite" },
};

const char *ts_type_name(ts_type_t type)
{
	switch (type) {
	case TS_IPV4_ADDR_RANGE:
		return "TS_IPV4_ADDR_RANGE";
	case TS_IPV6_ADDR_RANGE:
		return "TS_IPV6_ADDR_RANGE";
	}
	return NULL;
}

static size_t type_len(ts_type_t type)
{
	return type == TS_IPV4_ADDR_RANGE ? 4 : 16;
}

static int type_family(ts_type_t type)
{
	return type == TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
}

static bool ports_opaque(uint16_t from, uint16_t to)
{
	return from == PORT_OPAQUE_FROM && to == PORT_OPAQUE_TO;
}

static bool ports_any(uint16_t from, uint16_t to)
{
	return from == 0 && to == 0xffff;
}

static bool ports_valid(uint16_t from, uint16_t to)
{
	return from <= to || ports_opaque(from, to);
}

static bool is_icmp(uint8_t protocol)
{
	return protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6;
}

static chunk_t get_from_address(traffic_selector_t *public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;

	return chunk_create(this->from, type_len(this->type));
}

static chunk_t get_to_address(traffic_selector_t *public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;

	return chunk_create(this->to, type_len(this->type));
}

static uint16_t get_from_port(traffic_selector_t *public)
{
	return ((private_traffic_selector_t *)public)->from_port;
}

static uint16_t get_to_port(traffic_selector_t *public)
{
	return ((private_traffic_selector_t *)public)->to_port;
}

static uint8_t get_protocol(traffic_selector_t *public)
{
	return ((private_traffic_selector_t *)public)->protocol;
}

static ts_type_t get_type(traffic_selector_t *public)
{
	return ((private_traffic_selector_t *)public)->type;
}

static bool is_dynamic(traffic_selector_t *public)
{
	return ((private_traffic_selector_t *)public)->dynamic;
}

static private_traffic_selector_t *ts_new(uint8_t protocol, ts_type_t type,
					  uint16_t from_port, uint16_t to_port);

static traffic_selector_t *ts_clone(traffic_selector_t *public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	private_traffic_selector_t *copy;

	copy = ts_new(this->protocol, this->type, this->from_port, this->to_port);
	memcpy(copy->from, this->from, sizeof(copy->from));
	memcpy(copy->to, this->to, sizeof(copy->to));
	copy->dynamic = this->dynamic;
	return &copy->public;
}

/*
 * Intersect two port ranges. OPAQUE only survives against OPAQUE or ANY:
 * a packet whose ports are hidden cannot match a specific port.
 */
static bool ports_intersect(private_traffic_selector_t *a,
			    private_traffic_selector_t *b,
			    uint16_t *from, uint16_t *to)
{
	bool a_opaque = ports_opaque(a->from_port, a->to_port);
	bool b_opaque = ports_opaque(b->from_port, b->to_port);

	if (a_opaque || b_opaque) {
		if ((a_opaque || ports_any(a->from_port, a->to_port)) &&
		    (b_opaque || ports_any(b->from_port, b->to_port))) {
			*from = PORT_OPAQUE_FROM;
			*to = PORT_OPAQUE_TO;
			return true;
		}
		return false;
	}
	*from = a->from_port > b->from_port ? a->from_port : b->from_port;
	*to = a->to_port < b->to_port ? a->to_port : b->to_port;
	return *from <= *to;
}

static traffic_selector_t *get_subset(traffic_selector_t *public,
				      traffic_selector_t *other_public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	private_traffic_selector_t *other;
	private_traffic_selector_t *subset;
	uint16_t from_port, to_port;
	const uint8_t *from, *to;
	size_t len;

	if (!other_public) {
		return NULL;
	}
	other = (private_traffic_selector_t *)other_public;
	if (this->type != other->type) {
		return NULL;
	}
	if (this->protocol && other->protocol &&
	    this->protocol != other->protocol) {
		return NULL;
	}
	if (!ports_intersect(this, other, &from_port, &to_port)) {
		return NULL;
	}
	len = type_len(this->type);
	from = memcmp(this->from, other->from, len) > 0 ? this->from : other->from;
	to = memcmp(this->to, other->to, len) < 0 ? this->to : other->to;
	if (memcmp(from, to, len) > 0) {
		return NULL;
	}
	subset = ts_new(this->protocol ? this->protocol : other->protocol,
			this->type, from_port, to_port);
	memcpy(subset->from, from, len);
	memcpy(subset->to, to, len);
	return &subset->public;
}

static bool ts_equals(traffic_selector_t *public,
		      traffic_selector_t *other_public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	private_traffic_selector_t *other;
	size_t len = type_len(this->type);

	if (!other_public) {
		return false;
	}
	other = (private_traffic_selector_t *)other_public;
	return this->type == other->type &&
	       this->protocol == other->protocol &&
	       this->dynamic == other->dynamic &&
	       this->from_port == other->from_port &&
	       this->to_port == other->to_port &&
	       memcmp(this->from, other->from, len) == 0 &&
	       memcmp(this->to, other->to, len) == 0;
}

static bool ports_contained(private_traffic_selector_t *inner,
			    private_traffic_selector_t *outer)
{
	bool inner_opaque = ports_opaque(inner->from_port, inner->to_port);

	if (ports_any(outer->from_port, outer->to_port)) {
		return true;
	}
	if (ports_opaque(outer->from_port, outer->to_port)) {
		return inner_opaque;
	}
	return !inner_opaque && inner->from_port >= outer->from_port &&
	       inner->to_port <= outer->to_port;
}

static bool is_contained_in(traffic_selector_t *public,
			    traffic_selector_t *other_public)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	private_traffic_selector_t *other;
	size_t len = type_len(this->type);

	if (!other_public) {
		return false;
	}
	other = (private_traffic_selector_t *)other_public;
	if (this->type != other->type) {
		return false;
	}
	if (other->protocol && other->protocol != this->protocol) {
		return false;
	}
	return ports_contained(this, other) &&
	       memcmp(this->from, other->from, len) >= 0 &&
	       memcmp(this->to, other->to, len) <= 0;
}

/* True if @p host is of the selector's family; *addr gets its bytes. */
static bool host_address(private_traffic_selector_t *this, host_t *host,
			 chunk_t *addr)
{
	if (!host || host->get_family(host) != type_family(this->type)) {
		return false;
	}
	*addr = host->get_address(host);
	return true;
}

static bool includes(traffic_selector_t *public, host_t *host)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	chunk_t addr;

	if (!host_address(this, host, &addr)) {
		return false;
	}
	return memcmp(addr.ptr, this->from, addr.len) >= 0 &&
	       memcmp(addr.ptr, this->to, addr.len) <= 0;
}

static bool is_host(traffic_selector_t *public, host_t *host)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	size_t len = type_len(this->type);
	bool single = memcmp(this->from, this->to, len) == 0;
	chunk_t addr;

	if (!host) {
		return single || this->dynamic;
	}
	if (!host_address(this, host, &addr)) {
		return false;
	}
	return single && memcmp(addr.ptr, this->from, len) == 0;
}

static void set_address(traffic_selector_t *public, host_t *host)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	chunk_t addr;

	if (!host) {
		return;
	}
	this->type = host->get_family(host) == AF_INET ? TS_IPV4_ADDR_RANGE
						       : TS_IPV6_ADDR_RANGE;
	memset(this->from, 0, sizeof(this->from));
	memset(this->to, 0, sizeof(this->to));
	if (host->is_anyaddr(host)) {
		memset(this->to, 0xff, type_len(this->type));
	} else {
		addr = host->get_address(host);
		memcpy(this->from, addr.ptr, addr.len);
		memcpy(this->to, addr.ptr, addr.len);
	}
	this->dynamic = false;
}

/*
 * Length of the common leading bits of from and to, and whether the range
 * is exactly the subnet of that length.
 */
static bool subnet_prefix(private_traffic_selector_t *this, uint8_t *prefix)
{
	size_t len = type_len(this->type), i;
	unsigned bits = 0;
	int bit;
	bool exact = true;

	for (i = 0; i < len && this->from[i] == this->to[i]; i++) {
		bits += 8;
	}
	if (i < len) {
		uint8_t diff = this->from[i] ^ this->to[i], host_mask;

		for (bit = 7; bit >= 0 && !(diff & (1 << bit)); bit--) {
			bits++;
		}
		/* the host bits must run from all zeros to all ones */
		host_mask = (uint8_t)(0xff >> (bits % 8));
		exact = (this->from[i] & host_mask) == 0 &&
			(this->to[i] & host_mask) == host_mask;
		for (i++; i < len && exact; i++) {
			exact = this->from[i] == 0 && this->to[i] == 0xff;
		}
	}
	*prefix = (uint8_t)bits;
	return exact;
}

static bool to_subnet(traffic_selector_t *public, host_t **net,
		      uint8_t *prefix)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)public;
	size_t len = type_len(this->type), i;
	uint8_t bits, addr[16];
	bool exact;

	exact = subnet_prefix(this, &bits);
	if (prefix) {
		*prefix = bits;
	}
	if (net) {
		for (i = 0; i < len; i++) {
			if (bits >= 8) {
				addr[i] = this->from[i];
				bits -= 8;
			} else {
				addr[i] = this->from[i] & (uint8_t)(0xff << (8 - bits));
				bits = 0;
			}
		}
		*net = host_create_from_chunk(type_family(this->type),
					      chunk_create(addr, len),
					      this->from_port == this->to_port ?
					      this->from_port : 0);
	}
	return exact;
}

static void ts_destroy(traffic_selector_t *public)
{
	free(public);
}

/* A selector with an all-zero address range and every method wired. */
static private_traffic_selector_t *ts_new(uint8_t protocol, ts_type_t type,
					  uint16_t from_port, uint16_t to_port)
{
	private_traffic_selector_t *this = mem_zalloc(sizeof(*this));

	this->public = (traffic_selector_t){
		.get_subset = get_subset,
		.equals = ts_equals,
		.is_contained_in = is_contained_in,
		.includes = includes,
		.is_host = is_host,
		.is_dynamic = is_dynamic,
		.set_address = set_address,
		.to_subnet = to_subnet,
		.get_from_address = get_from_address,
		.get_to_address = get_to_address,
		.get_from_port = get_from_port,
		.get_to_port = get_to_port,
		.get_protocol = get_protocol,
		.get_type = get_type,
		.clone = ts_clone,
		.destroy = ts_destroy,
	};
	this->type = type;
	this->protocol = protocol;
	this->from_port = from_port;
	this->to_port = to_port;
	return this;
}

/* Check what every constructor must, then allocate. */
static private_traffic_selector_t *ts_create_checked(uint8_t protocol,
		ts_type_t type, uint16_t from_port, uint16_t to_port)
{
	if (!ts_type_name(type)) {
		DBG1(DBG_LIB, "traffic selector type %d not supported", type);
		return NULL;
	}
	if (!ports_valid(from_port, to_port)) {
		DBG1(DBG_LIB, "traffic selector ports %u-%u are reversed",
		     from_port, to_port);
		return NULL;
	}
	return ts_new(protocol, type, from_port, to_port);
}

traffic_selector_t *traffic_selector_create_from_subnet(host_t *net,
		uint8_t prefix, uint8_t protocol,
		uint16_t from_port, uint16_t to_port)
{
	private_traffic_selector_t *this;
	unsigned bits = prefix;
	chunk_t addr;
	size_t i;

	if (!net) {
		return NULL;
	}
	addr = net->get_address(net);
	if (prefix > addr.len * 8) {
		DBG1(DBG_LIB, "prefix length %u too long for traffic selector",
		     prefix);
		return NULL;
	}
	this = ts_create_checked(protocol, addr.len == 4 ? TS_IPV4_ADDR_RANGE
							 : TS_IPV6_ADDR_RANGE,
				 from_port, to_port);
	if (!this) {
		return NULL;
	}
	for (i = 0; i < addr.len; i++) {
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)~(0xff >> bits);

		this->from[i] = addr.ptr[i] & mask;
		this->to[i] = addr.ptr[i] | (uint8_t)~mask;
		bits = bits >= 8 ? bits - 8 : 0;
	}
	return &this->public;
}

traffic_selector_t *traffic_selector_create_from_cidr(const char *cidr,
		uint8_t protocol, uint16_t from_port, uint16_t to_port)
{
	traffic_selector_t *ts;
	host_t *net;
	int prefix;

	net = host_create_from_subnet(cidr, &prefix);
	if (!net) {
		DBG1(DBG_LIB, "invalid traffic selector subnet '%s'",
		     cidr ? cidr : "(null)");
		return NULL;
	}
	ts = traffic_selector_create_from_subnet(net, (uint8_t)prefix, protocol,
						 from_port, to_port);
	net->destroy(net);
	return ts;
}

traffic_selector_t *traffic_selector_create_from_bytes(uint8_t protocol,
		ts_type_t type, chunk_t from_addr, uint16_t from_port,
		chunk_t to_addr, uint16_t to_port)
{
	private_traffic_selector_t *this;
	size_t len;

	this = ts_create_checked(protocol, type, from_port, to_port);
	if (!this) {
		return NULL;
	}
	len = type_len(type);
	if (from_addr.len != len || to_addr.len != len ||
	    !from_addr.ptr || !to_addr.ptr) {
		DBG1(DBG_LIB, "%s needs %zu-byte addresses, got %zu and %zu",
		     ts_type_name(type), len, from_addr.len, to_addr.len);
		free(this);
		return NULL;
	}
	if (memcmp(from_addr.ptr, to_addr.ptr, len) > 0) {
		DBG1(DBG_LIB, "traffic selector start address after end address");
		free(this);
		return NULL;
	}
	memcpy(this->from, from_addr.ptr, len);
	memcpy(this->to, to_addr.ptr, len);
	return &this->public;
}

traffic_selector_t *traffic_selector_create_from_string(uint8_t protocol,
		ts_type_t type, const char *from_addr, uint16_t from_port,
		const char *to_addr, uint16_t to_port)
{
	uint8_t from[16], to[16];
	int family;

	if (!ts_type_name(type) || !from_addr || !to_addr) {
		return NULL;
	}
	family = type_family(type);
	if (inet_pton(family, from_addr, from) != 1 ||
	    inet_pton(family, to_addr, to) != 1) {
		DBG1(DBG_LIB, "invalid %s traffic selector range '%s'..'%s'",
		     ts_type_name(type), from_addr, to_addr);
		return NULL;
	}
	return traffic_selector_create_from_bytes(protocol, type,
			chunk_create(from, type_len(type)), from_port,
			chunk_create(to, type_len(type)), to_port);
}

traffic_selector_t *traffic_selector_create_dynamic(uint8_t protocol,
		uint16_t from_port, uint16_t to_port)
{
	private_traffic_selector_t *this;

	this = ts_create_checked(protocol, TS_IPV4_ADDR_RANGE, from_port, to_port);
	if (!this) {
		return NULL;
	}
	memset(this->to, 0xff, type_len(TS_IPV4_ADDR_RANGE));
	this->dynamic = true;
	return &this->public;
}

static const char *protocol_name(uint8_t protocol)
{
	size_t i;

	for (i = 0; i < countof(protocols); i++) {
		if (protocols[i].number == protocol) {
			return protocols[i].name;
		}
	}
	return NULL;
}

bool traffic_selector_protocol_from_str(const char *str, uint8_t *protocol)
{
	unsigned value = 0;
	size_t i;

	if (!str || !*str) {
		return false;
	}
	for (i = 0; i < countof(protocols); i++) {
		if (strcaseeq(str, protocols[i].name)) {
			*protocol = protocols[i].number;
			return true;
		}
	}
	if (strcaseeq(str, "icmpv6") || strcaseeq(str, "icmp6")) {
		*protocol = IPPROTO_ICMPV6;
		return true;
	}
	if (strlen(str) > 3) {
		return false;
	}
	for (i = 0; str[i]; i++) {
		if (str[i] < '0' || str[i] > '9') {
			return false;
		}
		value = value * 10 + (unsigned)(str[i] - '0');
	}
	if (value > 255) {
		return false;
	}
	*protocol = (uint8_t)value;
	return true;
}

/* "8" for a whole ICMP type, "3(1)" for a type and code. */
static int print_icmp(char *buf, size_t len, uint16_t from, uint16_t to)
{
	if ((from & 0xff) == 0 && to == (from | 0xff)) {
		return snprintf(buf, len, "%u", from >> 8);
	}
	if (from == to) {
		return snprintf(buf, len, "%u(%u)", from >> 8, from & 0xff);
	}
	return snprintf(buf, len, "%u(%u)-%u(%u)", from >> 8, from & 0xff,
			to >> 8, to & 0xff);
}

/* The "[proto/ports]" suffix, or nothing if both are unrestricted. */
static void print_proto_ports(private_traffic_selector_t *this, char *buf,
			      size_t len)
{
	const char *name = protocol_name(this->protocol);
	char proto[16], ports[32];
	bool any = ports_any(this->from_port, this->to_port);

	buf[0] = '\0';
	if (!this->protocol && any) {
		return;
	}
	if (name) {
		snprintf(proto, sizeof(proto), "%s", name);
	} else {
		snprintf(proto, sizeof(proto), "%u", this->protocol);
	}
	if (any) {
		snprintf(buf, len, "[%s]", proto);
		return;
	}
	if (ports_opaque(this->from_port, this->to_port)) {
		snprintf(ports, sizeof(ports), "OPAQUE");
	} else if (is_icmp(this->protocol)) {
		print_icmp(ports, sizeof(ports), this->from_port, this->to_port);
	} else if (this->from_port == this->to_port) {
		snprintf(ports, sizeof(ports), "%u", this->from_port);
	} else {
		snprintf(ports, sizeof(ports), "%u-%u", this->from_port,
			 this->to_port);
	}
	snprintf(buf, len, "[%s/%s]", proto, ports);
}

char *traffic_selector_to_str(traffic_selector_t *ts, char *buf, size_t len)
{
	private_traffic_selector_t *this = (private_traffic_selector_t *)ts;
	char from[INET6_ADDRSTRLEN], to[INET6_ADDRSTRLEN], suffix[64];
	int family;
	uint8_t prefix;

	if (!buf || !len) {
		return buf;
	}
	if (!ts) {
		snprintf(buf, len, "(null)");
		return buf;
	}
	print_proto_ports(this, suffix, sizeof(suffix));
	if (this->dynamic) {
		snprintf(buf, len, "dynamic%s", suffix);
		return buf;
	}
	family = type_family(this->type);
	if (!inet_ntop(family, this->from, from, sizeof(from)) ||
	    !inet_ntop(family, this->to, to, sizeof(to))) {
		snprintf(buf, len, "(invalid)");
		return buf;
	}
	if (subnet_prefix(this, &prefix)) {
		snprintf(buf, len, "%s/%u%s", from, prefix, suffix);
	} else {
		snprintf(buf, len, "%s..%s%s", from, to, suffix);
	}
	return buf;
}

char *traffic_selector_list_to_str(linked_list_t *list, char *buf, size_t len)
{
	char ts_str[TS_STR_LEN];
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	size_t used = 0;
	int n;

	if (!buf || !len) {
		return buf;
	}
	buf[0] = '\0';
	if (!list) {
		return buf;
	}
	enumerator = list->create_enumerator(list);
	while (used < len - 1 && enumerator->enumerate(enumerator, &ts)) {
		traffic_selector_to_str(ts, ts_str, sizeof(ts_str));
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "",
			     ts_str);
		if (n < 0) {
			break;
		}
		used += (size_t)n;
	}
	enumerator->destroy(enumerator);
	return buf;
}

int traffic_selector_cmp(traffic_selector_t *a, traffic_selector_t *b)
{
	private_traffic_selector_t *x = (private_traffic_selector_t *)a;
	private_traffic_selector_t *y = (private_traffic_selector_t *)b;
	size_t len;
	int res;

	if (x->type != y->type) {
		return x->type < y->type ? -1 : 1;
	}
	len = type_len(x->type);
	res = memcmp(x->from, y->from, len);
	if (res) {
		return res;
	}
	res = memcmp(x->to, y->to, len);
	if (res) {
		return res;
	}
	if (x->protocol != y->protocol) {
		return x->protocol < y->protocol ? -1 : 1;
	}
	if (x->from_port != y->from_port) {
		return x->from_port < y->from_port ? -1 : 1;
	}
	if (x->to_port != y->to_port) {
		return x->to_port < y->to_port ? -1 : 1;
	}
	return 0;
}
