/**
 * @file ike_config_attrs.h
 * Reading and writing the Configuration payload attributes ike_config uses
 * (RFC 7296 §3.15.1): internal addresses and DNS servers. Values of the
 * wrong length are malformed: counted and skipped, never trusted.
 */
#ifndef CHARON_IKE_CONFIG_ATTRS_H
#define CHARON_IKE_CONFIG_ATTRS_H

#include "library.h"
#include "networking/host.h"
#include "collections/linked_list.h"
#include "encoding/cp_payload.h"

/** What a CP payload asks for or assigns. */
typedef struct cp_attrs_t {
	/** host_t: addresses; %any of a family for an empty (any) request */
	linked_list_t *addrs;
	/** host_t: DNS servers; %any of a family for an empty request */
	linked_list_t *dns;
	/** attributes with a malformed value (skipped) */
	unsigned int malformed;
} cp_attrs_t;

/**
 * Collect the address and DNS attributes of @p cp into @p attrs (lists
 * created here; free with cp_attrs_free()). Others are ignored (§3.15.1:
 * unknown ones must be).
 */
void cp_attrs_parse(cp_payload_t *cp, cp_attrs_t *attrs);

void cp_attrs_free(cp_attrs_t *attrs);

/**
 * Add an INTERNAL_IP4/6_ADDRESS attribute; @p addr %any gives the empty
 * value of a request. IPv6 values carry prefix length 128 (§3.15.3).
 */
void cp_attrs_add_address(cp_payload_t *cp, host_t *addr);

/** Add an INTERNAL_IP4/6_DNS attribute; %any gives the empty value. */
void cp_attrs_add_dns(cp_payload_t *cp, host_t *addr);

#endif
