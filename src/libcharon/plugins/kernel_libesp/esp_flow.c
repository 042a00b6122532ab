/*
 * Packet selector extraction. Headers are copied field by field out of the
 * buffer after checking the bytes are there; nothing is cast onto it.
 */
#include <netinet/in.h>

#include "esp_flow.h"

#define IPV4_MIN_HEADER 20
#define IPV6_HEADER 40
#define IPV6_FRAG_HEADER 8

static size_t addr_len(int family)
{
	switch (family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

/* Ports or ICMP type/code from the upper-layer header, if present */
static void parse_ports(esp_flow_t *flow, const uint8_t *l4, size_t len)
{
	switch (flow->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
	case IPPROTO_UDPLITE:
	case IPPROTO_DCCP:
		if (len >= 4) {
			flow->sport = (uint16_t)(l4[0] << 8 | l4[1]);
			flow->dport = (uint16_t)(l4[2] << 8 | l4[3]);
			flow->has_ports = true;
		}
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (len >= 2) {
			flow->sport = flow->dport = (uint16_t)(l4[0] << 8 | l4[1]);
			flow->has_ports = true;
		}
		break;
	default:
		break;
	}
}

static bool parse_ipv4(const uint8_t *pkt, size_t len, esp_flow_t *flow)
{
	size_t hlen = (size_t)(pkt[0] & 0x0f) * 4;
	uint16_t frag;

	if (len < IPV4_MIN_HEADER || hlen < IPV4_MIN_HEADER || hlen > len) {
		return false;
	}
	flow->family = AF_INET;
	flow->proto = pkt[9];
	memcpy(flow->src, pkt + 12, 4);
	memcpy(flow->dst, pkt + 16, 4);
	frag = (uint16_t)((pkt[6] & 0x1f) << 8 | pkt[7]);
	if (frag == 0) {
		/* only first fragments carry the upper-layer header */
		parse_ports(flow, pkt + hlen, len - hlen);
	}
	return true;
}

static bool parse_ipv6(const uint8_t *pkt, size_t len, esp_flow_t *flow)
{
	size_t off = IPV6_HEADER, ext;
	uint8_t next;

	if (len < IPV6_HEADER) {
		return false;
	}
	flow->family = AF_INET6;
	memcpy(flow->src, pkt + 8, 16);
	memcpy(flow->dst, pkt + 24, 16);
	next = pkt[6];

	/* walk the extension headers to the upper-layer protocol */
	for (;;) {
		switch (next) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (len - off < 2) {
				return false;
			}
			ext = ((size_t)pkt[off + 1] + 1) * 8;
			break;
		case IPPROTO_FRAGMENT:
			if (len - off < IPV6_FRAG_HEADER) {
				return false;
			}
			if ((pkt[off + 2] << 8 | (pkt[off + 3] & 0xf8)) != 0) {
				/* a non-first fragment: ports are OPAQUE */
				flow->proto = pkt[off];
				return true;
			}
			ext = IPV6_FRAG_HEADER;
			break;
		default:
			flow->proto = next;
			parse_ports(flow, pkt + off, len - off);
			return true;
		}
		if (ext > len - off) {
			return false;
		}
		next = pkt[off];
		off += ext;
	}
}

bool esp_flow_parse(const uint8_t *pkt, size_t len, esp_flow_t *flow)
{
	*flow = (esp_flow_t){ .family = AF_UNSPEC };
	if (len == 0) {
		return false;
	}
	switch (pkt[0] >> 4) {
	case 4:
		return parse_ipv4(pkt, len, flow);
	case 6:
		return parse_ipv6(pkt, len, flow);
	default:
		return false;
	}
}

static void init_ts(esp_ts_t *ts, int family)
{
	*ts = (esp_ts_t){
		.family = family,
		.from_port = 0,
		.to_port = 0xffff,
	};
}

bool esp_ts_from_prefix(esp_ts_t *ts, int family, const void *addr,
			unsigned int prefix)
{
	size_t len = addr_len(family), i;
	const uint8_t *bytes = addr;
	uint8_t mask;

	if (!len || prefix > len * 8) {
		return false;
	}
	init_ts(ts, family);
	for (i = 0; i < len; i++) {
		if (prefix >= 8) {
			mask = 0xff;
			prefix -= 8;
		} else {
			mask = (uint8_t)(0xff << (8 - prefix));
			prefix = 0;
		}
		ts->from[i] = bytes[i] & mask;
		ts->to[i] = bytes[i] | (uint8_t)~mask;
	}
	return true;
}

bool esp_ts_from_range(esp_ts_t *ts, int family, const void *from,
		       const void *to)
{
	size_t len = addr_len(family);

	if (!len || memcmp(from, to, len) > 0) {
		return false;
	}
	init_ts(ts, family);
	memcpy(ts->from, from, len);
	memcpy(ts->to, to, len);
	return true;
}

bool esp_ts_match(const esp_ts_t *ts, const esp_flow_t *flow, bool source)
{
	size_t len = addr_len(ts->family);
	const uint8_t *addr = source ? flow->src : flow->dst;
	uint16_t port = source ? flow->sport : flow->dport;

	if (ts->family != flow->family) {
		return false;
	}
	if (ts->proto && ts->proto != flow->proto) {
		return false;
	}
	if (memcmp(addr, ts->from, len) < 0 || memcmp(addr, ts->to, len) > 0) {
		return false;
	}
	if (ts->from_port == 0 && ts->to_port == 0xffff) {
		return true;
	}
	/* a port restriction never matches a packet whose ports are unknown */
	return flow->has_ports && port >= ts->from_port && port <= ts->to_port;
}

bool esp_ts_equals(const esp_ts_t *a, const esp_ts_t *b)
{
	size_t len = addr_len(a->family);

	return a->family == b->family && a->proto == b->proto &&
	       a->from_port == b->from_port && a->to_port == b->to_port &&
	       memcmp(a->from, b->from, len) == 0 && memcmp(a->to, b->to, len) == 0;
}
