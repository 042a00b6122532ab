/**
 * @file esp_flow.h
 * Selectors of an IP packet (RFC 4301 §4.4.1.1) and traffic selectors
 * matched against them.
 *
 * Addresses are kept in network byte order so ranges compare with memcmp.
 * IPv4 addresses use the first 4 of the 16 bytes.
 */
#ifndef ESP_FLOW_H
#define ESP_FLOW_H

#include <sys/socket.h>

#include <library.h>

/** The selectors of one packet. */
typedef struct esp_flow_t {
	/** AF_INET or AF_INET6. */
	int family;
	/** Upper-layer protocol, after IPv6 extension headers. */
	uint8_t proto;
	/** Ports are known: a first fragment of a protocol that has them. */
	bool has_ports;
	/** TCP, UDP, SCTP, UDP-Lite, DCCP ports; for ICMP and ICMPv6 both hold
	 *  type << 8 | code (RFC 7296 §3.13.1). */
	uint16_t sport;
	uint16_t dport;
	uint8_t src[16];
	uint8_t dst[16];
} esp_flow_t;

/** An address range, protocol and port range (one IKEv2 TS). */
typedef struct esp_ts_t {
	/** AF_INET or AF_INET6. */
	int family;
	/** 0 for any protocol. */
	uint8_t proto;
	/** Inclusive port range; 0-65535 matches packets without ports too. */
	uint16_t from_port;
	uint16_t to_port;
	/** Inclusive address range, network byte order. */
	uint8_t from[16];
	uint8_t to[16];
} esp_ts_t;

/**
 * Extract the selectors of an IPv4 or IPv6 packet.
 *
 * @param pkt		packet starting at the IP header
 * @param len		its length
 * @param flow		receives the selectors
 * @return		false if the packet is not a well-formed IP header
 */
bool esp_flow_parse(const uint8_t *pkt, size_t len, esp_flow_t *flow);

/**
 * A TS covering a subnet, any protocol and any port.
 *
 * @param ts		TS to fill
 * @param family	AF_INET or AF_INET6
 * @param addr		network address, 4 or 16 bytes in network order
 * @param prefix	prefix length
 * @return		false on a bad family or prefix
 */
bool esp_ts_from_prefix(esp_ts_t *ts, int family, const void *addr,
			unsigned int prefix);

/**
 * A TS covering an address range, any protocol and any port.
 *
 * @return		false on a bad family or if @p from > @p to
 */
bool esp_ts_from_range(esp_ts_t *ts, int family, const void *from,
		       const void *to);

/**
 * Whether a TS covers a packet's source or destination.
 *
 * @param ts		traffic selector
 * @param flow		selectors of the packet
 * @param source	compare the source (true) or destination (false)
 *			address and port
 */
bool esp_ts_match(const esp_ts_t *ts, const esp_flow_t *flow, bool source);

/**
 * Whether two TS are identical.
 */
bool esp_ts_equals(const esp_ts_t *a, const esp_ts_t *b);

#endif
