/**
 * @file traffic_selector.h
 * Traffic selectors (RFC 7296 §3.13.1): an IP protocol, a port range and an
 * address range of one family.
 *
 * Ports are kept as on the wire. Protocol 0 means any protocol; ports
 * 0-65535 mean any port; start 65535 with end 0 means OPAQUE (RFC 4301
 * §4.4.1). For ICMP and ICMPv6 the "port" is type << 8 | code (RFC 4301
 * §4.4.1.3), see ts_icmp_port().
 *
 * Printed forms: "198.51.100.0/26", "10.0.0.1/32", "0.0.0.0/0", "::/0",
 * "10.0.0.1..10.0.0.5" for ranges that are not a subnet, "dynamic" for an
 * unset dynamic selector, followed by "[tcp]", "[tcp/443]",
 * "[tcp/1000-2000]", "[udp/OPAQUE]", "[icmp/8]" (type 8, any code),
 * "[icmp/3(1)]" (type 3, code 1) or "[0/443]" when protocol or ports are
 * restricted.
 */
#ifndef CYGNET_TRAFFIC_SELECTOR_H
#define CYGNET_TRAFFIC_SELECTOR_H

#include "library.h"
#include "networking/host.h"
#include "collections/linked_list.h"

typedef struct traffic_selector_t traffic_selector_t;

/** TS Type field values. */
typedef enum ts_type_t {
	TS_IPV4_ADDR_RANGE = 7,
	TS_IPV6_ADDR_RANGE = 8,
} ts_type_t;

/** "TS_IPV4_ADDR_RANGE", … or NULL for an unknown type. */
const char *ts_type_name(ts_type_t type);

/** Buffer size that holds any traffic_selector_to_str() result. */
#define TS_STR_LEN 128

/** The port value for ICMP @p type and @p code. */
static inline uint16_t ts_icmp_port(uint8_t type, uint8_t code)
{
	return (uint16_t)(type << 8 | code);
}

struct traffic_selector_t {
	/**
	 * The intersection of two selectors (RFC 7296 §2.9 narrowing): the
	 * addresses, ports and protocols both accept. Protocol 0 yields to the
	 * other side's protocol.
	 *
	 * @return	a new selector, or NULL if they share nothing or differ
	 *		in family
	 */
	traffic_selector_t *(*get_subset)(traffic_selector_t *this,
					  traffic_selector_t *other);

	/** Same type, protocol, ports, addresses and dynamic flag. */
	bool (*equals)(traffic_selector_t *this, traffic_selector_t *other);

	/** True if every packet this selector matches, @p other matches too. */
	bool (*is_contained_in)(traffic_selector_t *this,
				traffic_selector_t *other);

	/** True if @p host's address lies in the address range (ports ignored). */
	bool (*includes)(traffic_selector_t *this, host_t *host);

	/**
	 * True if the selector covers exactly the address of @p host. With
	 * @p host NULL: true if it covers a single address, or is dynamic (it
	 * will be narrowed to one).
	 */
	bool (*is_host)(traffic_selector_t *this, host_t *host);

	/** True until set_address() narrowed a dynamic selector. */
	bool (*is_dynamic)(traffic_selector_t *this);

	/**
	 * Narrow the address range to @p host's address (its family sets the
	 * type); an any-address gives the full range of its family. Clears the
	 * dynamic flag. Callers normally only call this when is_dynamic().
	 */
	void (*set_address)(traffic_selector_t *this, host_t *host);

	/**
	 * The subnet of the address range, e.g. for a kernel policy.
	 *
	 * @param net	if not NULL, receives a new host (the caller destroys
	 *		it, also when false is returned): the network address of
	 *		the smallest subnet containing the range; its port is the
	 *		selector's port if it names exactly one, else 0
	 * @param prefix	if not NULL, receives that subnet's prefix length
	 * @return		true if the range is exactly that subnet
	 */
	bool (*to_subnet)(traffic_selector_t *this, host_t **net,
			  uint8_t *prefix);

	/** First address, network order; points into the selector. */
	chunk_t (*get_from_address)(traffic_selector_t *this);

	/** Last address, network order; points into the selector. */
	chunk_t (*get_to_address)(traffic_selector_t *this);

	uint16_t (*get_from_port)(traffic_selector_t *this);
	uint16_t (*get_to_port)(traffic_selector_t *this);
	uint8_t (*get_protocol)(traffic_selector_t *this);
	ts_type_t (*get_type)(traffic_selector_t *this);

	traffic_selector_t *(*clone)(traffic_selector_t *this);
	void (*destroy)(traffic_selector_t *this);
};

/**
 * A selector for @p net/@p prefix (host bits are cleared). @p net is not
 * consumed: the caller still owns and destroys it.
 *
 * @return	NULL if @p prefix exceeds the address length or ports are
 *		reversed (other than OPAQUE 65535/0)
 */
traffic_selector_t *traffic_selector_create_from_subnet(host_t *net,
		uint8_t prefix, uint8_t protocol,
		uint16_t from_port, uint16_t to_port);

/** A selector for "198.51.100.0/26" or a bare address (/32, /128). */
traffic_selector_t *traffic_selector_create_from_cidr(const char *cidr,
		uint8_t protocol, uint16_t from_port, uint16_t to_port);

/**
 * A selector for the range @p from_addr .. @p to_addr (numeric addresses
 * of @p type's family).
 *
 * @return	NULL on unparsable addresses, wrong family, or from > to
 */
traffic_selector_t *traffic_selector_create_from_string(uint8_t protocol,
		ts_type_t type, const char *from_addr, uint16_t from_port,
		const char *to_addr, uint16_t to_port);

/**
 * A selector from the fields of a TS substructure, as received. Validates
 * the type, the address lengths (4 or 16 bytes), from <= to, and the ports.
 */
traffic_selector_t *traffic_selector_create_from_bytes(uint8_t protocol,
		ts_type_t type, chunk_t from_addr, uint16_t from_port,
		chunk_t to_addr, uint16_t to_port);

/**
 * A dynamic selector: 0.0.0.0-255.255.255.255 as a placeholder until
 * set_address() narrows it to the host's (possibly virtual) address.
 */
traffic_selector_t *traffic_selector_create_dynamic(uint8_t protocol,
		uint16_t from_port, uint16_t to_port);

/**
 * Print @p ts in the form described above; "(null)" for NULL. Truncates to
 * @p len like snprintf().
 *
 * @return	@p buf
 */
char *traffic_selector_to_str(traffic_selector_t *ts, char *buf, size_t len);

/**
 * Print a list of traffic_selector_t, separated by " " ("" if empty).
 * Truncates to @p len.
 *
 * @return	@p buf
 */
char *traffic_selector_list_to_str(linked_list_t *list, char *buf, size_t len);

/**
 * Sort order: type (IPv4 first), start address, end address, protocol,
 * start port, end port. Returns <0, 0 or >0.
 */
int traffic_selector_cmp(traffic_selector_t *a, traffic_selector_t *b);

/**
 * Parse a protocol name ("tcp", "udp", "icmp", "ipv6-icmp", "sctp", …) or
 * number ("0".."255").
 *
 * @return	false if unknown
 */
bool traffic_selector_protocol_from_str(const char *str, uint8_t *protocol);

#endif
