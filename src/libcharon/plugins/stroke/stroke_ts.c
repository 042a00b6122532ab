/*
 * Traffic selectors from ipsec.conf subnet and protoport syntax.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>

#include "stroke_ts.h"
#include "selectors/traffic_selector.h"

static bool ts_fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool ts_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(err, len, fmt, args);
	va_end(args);
	return false;
}

static bool parse_u16(const char *str, uint16_t *value)
{
	unsigned long v = 0;

	if (!*str || strlen(str) > 5) {
		return false;
	}
	for (const char *p = str; *p; p++) {
		if (!isdigit((unsigned char)*p)) {
			return false;
		}
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > 65535) {
		return false;
	}
	*value = (uint16_t)v;
	return true;
}

/* A port number or service name for @p proto. */
static bool parse_port(const char *str, uint8_t proto, uint16_t *port)
{
	struct servent *s, result;
	char buf[1024];

	if (parse_u16(str, port)) {
		return true;
	}
	if (getservbyname_r(str, proto == IPPROTO_UDP ? "udp" : "tcp", &result, buf,
			    sizeof(buf), &s) == 0 && s) {
		*port = ntohs((uint16_t)s->s_port);
		return true;
	}
	return false;
}

bool stroke_ts_parse_protoport(const char *protoport, uint8_t *proto,
			       uint16_t *from, uint16_t *to, char *err, size_t err_len)
{
	char buf[128], *slash, *port, *dash;
	uint16_t value;

	*proto = 0;
	*from = 0;
	*to = 65535;
	if (!protoport || !*protoport) {
		return true;
	}
	if (strlen(protoport) >= sizeof(buf)) {
		return ts_fail(err, err_len, "protocol/port too long");
	}
	strcpy(buf, protoport);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
	}
	if (!streq(buf, "%any") && !traffic_selector_protocol_from_str(buf, proto)) {
		return ts_fail(err, err_len, "unknown protocol '%s'", buf);
	}
	port = slash ? slash + 1 : NULL;
	if (!port || streq(port, "%any") || !*port) {
		return port && !*port ? ts_fail(err, err_len, "empty port") : true;
	}
	if (streq(port, "%opaque")) {
		*from = 65535;
		*to = 0;
		return true;
	}
	if (*proto == IPPROTO_ICMP || *proto == IPPROTO_ICMPV6) {
		/* the "port" of ICMP is the message type, any code */
		if (!parse_u16(port, &value) || value > 255) {
			return ts_fail(err, err_len, "invalid ICMP type '%s'", port);
		}
		*from = ts_icmp_port((uint8_t)value, 0);
		*to = ts_icmp_port((uint8_t)value, 255);
		return true;
	}
	dash = strchr(port, '-');
	if (dash) {
		*dash = '\0';
		if (!parse_port(port, *proto, from) || !parse_port(dash + 1, *proto, to) ||
		    *from > *to) {
			return ts_fail(err, err_len, "invalid port range '%s-%s'", port, dash + 1);
		}
		return true;
	}
	if (!parse_port(port, *proto, from)) {
		return ts_fail(err, err_len, "invalid port '%s'", port);
	}
	*to = *from;
	return true;
}

/* One entry without its [proto/port] suffix. */
static traffic_selector_t *parse_entry(const char *entry, uint8_t proto, uint16_t from,
				       uint16_t to, char *err, size_t err_len)
{
	char lo[64], hi[64];
	const char *dash;
	traffic_selector_t *ts;
	host_t *a, *b;
	size_t n;

	if (streq(entry, "%dynamic")) {
		return traffic_selector_create_dynamic(proto, from, to);
	}
	if (streq(entry, "%any") || streq(entry, "%any4")) {
		return traffic_selector_create_from_cidr("0.0.0.0/0", proto, from, to);
	}
	if (streq(entry, "%any6")) {
		return traffic_selector_create_from_cidr("::/0", proto, from, to);
	}
	dash = strchr(entry, '-');
	if (dash && !strchr(entry, '/')) {
		n = (size_t)(dash - entry);
		if (n >= sizeof(lo) || strlen(dash + 1) >= sizeof(hi)) {
			ts_fail(err, err_len, "invalid range '%s'", entry);
			return NULL;
		}
		memcpy(lo, entry, n);
		lo[n] = '\0';
		strcpy(hi, dash + 1);
		a = host_create_from_string(lo, 0);
		b = host_create_from_string(hi, 0);
		ts = NULL;
		if (a && b && a->get_family(a) == b->get_family(b)) {
			ts = traffic_selector_create_from_string(proto,
				a->get_family(a) == AF_INET ? TS_IPV4_ADDR_RANGE : TS_IPV6_ADDR_RANGE,
				lo, from, hi, to);
		}
		DESTROY_IF(a);
		DESTROY_IF(b);
		if (!ts) {
			ts_fail(err, err_len, "invalid range '%s'", entry);
		}
		return ts;
	}
	ts = traffic_selector_create_from_cidr(entry, proto, from, to);
	if (!ts) {
		ts_fail(err, err_len, "invalid subnet '%s'", entry);
	}
	return ts;
}

/* Copy the trimmed text between @p start and @p end into @p buf. */
static bool trimmed_copy(const char *start, const char *end, char *buf, size_t len)
{
	while (start < end && isspace((unsigned char)*start)) {
		start++;
	}
	while (end > start && isspace((unsigned char)end[-1])) {
		end--;
	}
	if ((size_t)(end - start) >= len) {
		return false;
	}
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	return true;
}

/* One comma-separated entry, with an optional [proto/port] suffix. */
static traffic_selector_t *parse_one(char *entry, const char *protoport, char *err,
				     size_t err_len)
{
	char *open = strchr(entry, '['), *close;
	uint16_t from, to;
	uint8_t proto;

	if (open) {
		close = strchr(open, ']');
		if (!close || close[1]) {
			ts_fail(err, err_len, "invalid selector '%s' (expected net[proto/port])", entry);
			return NULL;
		}
		*open = '\0';
		*close = '\0';
		protoport = open + 1;
	}
	if (!stroke_ts_parse_protoport(protoport, &proto, &from, &to, err, err_len)) {
		return NULL;
	}
	if (!*entry) {
		ts_fail(err, err_len, "empty subnet");
		return NULL;
	}
	return parse_entry(entry, proto, from, to, err, err_len);
}

linked_list_t *stroke_ts_parse(const char *subnets, const char *protoport,
			       char *err, size_t err_len)
{
	linked_list_t *list = linked_list_create();
	const char *p = subnets ? subnets : "%dynamic", *end;
	traffic_selector_t *ts;
	char entry[256];

	for (;;) {
		end = strchr(p, ',');
		if (!end) {
			end = p + strlen(p);
		}
		if (!trimmed_copy(p, end, entry, sizeof(entry))) {
			ts_fail(err, err_len, "subnet entry too long");
			break;
		}
		ts = parse_one(entry, protoport, err, err_len);
		if (!ts) {
			break;
		}
		list->insert_last(list, ts);
		if (!*end) {
			return list;
		}
		p = end + 1;
	}
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	return NULL;
}
