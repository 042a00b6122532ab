/*
 * Conversions between cygnet's selectors and XFRM's. The kernel matches
 * addresses by prefix and ports by value and mask; for ICMP it compares
 * the type where the source port is and the code where the destination
 * port is (RFC 4301 §4.4.1.3 keeps both in one 16-bit "port").
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "xfrm_convert.h"

uint16_t xfrm_addr_from_host(host_t *host, xfrm_address_t *addr)
{
	chunk_t bytes;

	memset(addr, 0, sizeof(*addr));
	if (!host) {
		return 0;
	}
	bytes = host->get_address(host);
	memcpy(addr, bytes.ptr, bytes.len < sizeof(*addr) ? bytes.len : sizeof(*addr));
	return (uint16_t)host->get_family(host);
}

host_t *xfrm_addr_to_host(const xfrm_address_t *addr, uint16_t family,
			  uint16_t port)
{
	switch (family) {
	case AF_INET:
		return host_create_from_chunk(AF_INET, chunk_create((void *)addr, 4), port);
	case AF_INET6:
		return host_create_from_chunk(AF_INET6, chunk_create((void *)addr, 16), port);
	default:
		return NULL;
	}
}

static bool is_icmp(uint8_t proto)
{
	return proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6;
}

static bool ports_any(traffic_selector_t *ts)
{
	uint16_t from = ts->get_from_port(ts), to = ts->get_to_port(ts);

	/* OPAQUE (65535..0) cannot be expressed either, so it matches all */
	return (from == 0 && to == 0xffff) || (from == 0xffff && to == 0);
}

static void subnet_to_sel(traffic_selector_t *ts, xfrm_address_t *addr,
			  uint8_t *prefix)
{
	char buf[TS_STR_LEN], net_buf[HOST_STR_LEN];
	host_t *net = NULL;

	if (!ts->to_subnet(ts, &net, prefix)) {
		DBG1(DBG_KNL, "XFRM knows only subnets: %s widened to %s/%u",
		     traffic_selector_to_str(ts, buf, sizeof(buf)),
		     host_to_str(net, net_buf, sizeof(net_buf)), *prefix);
	}
	xfrm_addr_from_host(net, addr);
	DESTROY_IF(net);
}

/* The smallest aligned block of ports containing the range. */
static void ports_to_sel(traffic_selector_t *ts, __be16 *port, __be16 *mask)
{
	uint16_t from = ts->get_from_port(ts), to = ts->get_to_port(ts);
	uint16_t m = 0xffff;
	char buf[TS_STR_LEN];

	if (ports_any(ts)) {
		*port = *mask = 0;
		return;
	}
	while (m && (from & m) != (to & m)) {
		m = (uint16_t)(m << 1);
	}
	if ((from & m) != from || (uint16_t)(to | ~m) != to) {
		DBG1(DBG_KNL, "XFRM knows only port/mask pairs: ports of %s widened "
		     "to %u-%u", traffic_selector_to_str(ts, buf, sizeof(buf)),
		     from & m, (uint16_t)(to | ~m));
	}
	*port = htons(from & m);
	*mask = htons(m);
}

static void icmp_to_sel(traffic_selector_t *src, traffic_selector_t *dst,
			struct xfrm_selector *sel)
{
	traffic_selector_t *ts = ports_any(src) ? dst : src;
	uint16_t from = ts->get_from_port(ts), to = ts->get_to_port(ts);

	if (ports_any(ts) || from >> 8 != to >> 8) {
		return;		/* any type (a range of types is not expressible) */
	}
	sel->sport = htons(from >> 8);
	sel->sport_mask = 0xffff;
	if ((from & 0xff) == (to & 0xff)) {
		sel->dport = htons(from & 0xff);
		sel->dport_mask = 0xffff;
	}
}

bool xfrm_sel_from_ts(traffic_selector_t *src, traffic_selector_t *dst,
		      struct xfrm_selector *sel)
{
	uint8_t proto = src->get_protocol(src);

	memset(sel, 0, sizeof(*sel));
	if (src->get_type(src) != dst->get_type(dst)) {
		DBG1(DBG_KNL, "selectors of different families cannot form an XFRM selector");
		return false;
	}
	if (!proto) {
		proto = dst->get_protocol(dst);
	}
	sel->family = src->get_type(src) == TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
	sel->proto = proto;
	subnet_to_sel(src, &sel->saddr, &sel->prefixlen_s);
	subnet_to_sel(dst, &sel->daddr, &sel->prefixlen_d);
	if (is_icmp(proto)) {
		icmp_to_sel(src, dst, sel);
	} else if (proto) {
		ports_to_sel(src, &sel->sport, &sel->sport_mask);
		ports_to_sel(dst, &sel->dport, &sel->dport_mask);
	}
	return true;
}

static traffic_selector_t *side_to_ts(const struct xfrm_selector *sel, bool src,
				      uint16_t from, uint16_t to)
{
	traffic_selector_t *ts;
	host_t *net;

	net = xfrm_addr_to_host(src ? &sel->saddr : &sel->daddr, sel->family, 0);
	if (!net) {
		return NULL;
	}
	ts = traffic_selector_create_from_subnet(net, src ? sel->prefixlen_s : sel->prefixlen_d,
						 sel->proto, from, to);
	net->destroy(net);
	return ts;
}

bool xfrm_sel_to_ts(const struct xfrm_selector *sel, traffic_selector_t **src,
		    traffic_selector_t **dst)
{
	uint16_t sfrom = 0, sto = 0xffff, dfrom = 0, dto = 0xffff, m;

	if (sel->family != AF_INET && sel->family != AF_INET6) {
		return false;
	}
	if (is_icmp(sel->proto)) {
		if (sel->sport_mask) {
			sfrom = sto = (uint16_t)(ntohs(sel->sport) << 8);
			if (sel->dport_mask) {
				sfrom = sto = sfrom | (ntohs(sel->dport) & 0xff);
			} else {
				sto |= 0xff;
			}
		}
	} else if (sel->proto) {
		m = ntohs(sel->sport_mask);
		sfrom = ntohs(sel->sport) & m;
		sto = sfrom | (uint16_t)~m;
		m = ntohs(sel->dport_mask);
		dfrom = ntohs(sel->dport) & m;
		dto = dfrom | (uint16_t)~m;
	}
	*src = side_to_ts(sel, true, sfrom, sto);
	*dst = side_to_ts(sel, false, dfrom, dto);
	if (!*src || !*dst) {
		DESTROY_IF(*src);
		DESTROY_IF(*dst);
		return false;
	}
	return true;
}

time_t xfrm_time_to_monotonic(uint64_t wall)
{
	time_t now = time(NULL), mono = time_monotonic(NULL), ago;

	if (!wall) {
		return 0;
	}
	ago = (uint64_t)now > wall ? now - (time_t)wall : 0;
	/* used before the monotonic clock began: still "used", as early as can be */
	return ago < mono ? mono - ago : 1;
}
