/**
 * @file stroke_ts.h
 * leftsubnet=/leftprotoport= into traffic selectors.
 *
 * A subnet list is comma-separated: "10.0.0.0/8", "192.0.2.1", a range
 * "10.0.0.1-10.0.0.9", "%dynamic" (our/the peer's IKE address, narrowed at
 * negotiation), each optionally followed by "[proto/port]", which then
 * overrides leftprotoport=. A protocol is a name ("tcp"), a number or
 * %any; a port a number, a service name, a range "1000-2000", %any or
 * %opaque; for ICMP the port is the message type.
 */
#ifndef STROKE_TS_H
#define STROKE_TS_H

#include "library.h"
#include "collections/linked_list.h"

/**
 * Parse @p subnets (NULL: %dynamic) with @p protoport (may be NULL).
 * @param err	receives why it failed
 * @return	list of traffic_selector_t, NULL on error
 */
linked_list_t *stroke_ts_parse(const char *subnets, const char *protoport,
			       char *err, size_t err_len);

/** Parse "proto/port" or "proto"; false (with @p err) if invalid. */
bool stroke_ts_parse_protoport(const char *protoport, uint8_t *proto,
			       uint16_t *from, uint16_t *to, char *err, size_t err_len);

#endif
