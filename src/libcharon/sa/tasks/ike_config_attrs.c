#include <string.h>

#include "sa/tasks/ike_config_attrs.h"
#include "encoding/enc_counters.h"

/* The host in @p value of @p family, %any if empty, NULL if malformed. */
static host_t *attr_host(int family, chunk_t value, size_t full)
{
	size_t addr_len = family == AF_INET ? 4 : 16;

	if (!value.len) {
		return host_create_any(family);
	}
	if (value.len != full) {
		return NULL;
	}
	return host_create_from_chunk(family, chunk_create(value.ptr, addr_len), 0);
}

void cp_attrs_parse(cp_payload_t *cp, cp_attrs_t *attrs)
{
	enumerator_t *e;
	uint16_t type;
	chunk_t value;
	linked_list_t *list;
	host_t *host;
	int family;
	size_t full;

	*attrs = (cp_attrs_t){
		.addrs = linked_list_create(),
		.dns = linked_list_create(),
	};
	e = cp->create_attribute_enumerator(cp);
	while (e->enumerate(e, &type, &value)) {
		switch (type) {
		case INTERNAL_IP4_ADDRESS:
			list = attrs->addrs, family = AF_INET, full = 4;
			break;
		case INTERNAL_IP6_ADDRESS:
			/* address and prefix length */
			list = attrs->addrs, family = AF_INET6, full = 17;
			break;
		case INTERNAL_IP4_DNS:
			list = attrs->dns, family = AF_INET, full = 4;
			break;
		case INTERNAL_IP6_DNS:
			list = attrs->dns, family = AF_INET6, full = 16;
			break;
		default:
			continue;
		}
		host = attr_host(family, value, full);
		if (!host) {
			attrs->malformed++;
			ENC_MALFORMED("CP attribute %u: %zu bytes, expected 0 or %zu", type,
				      value.len, full);
			continue;
		}
		if (list->get_count(list) >= 16) {
			/* more than anyone configures: do not let a peer grow lists */
			host->destroy(host);
			continue;
		}
		list->insert_last(list, host);
	}
	e->destroy(e);
}

void cp_attrs_free(cp_attrs_t *attrs)
{
	if (attrs->addrs) {
		attrs->addrs->destroy_offset(attrs->addrs, DESTROY_OFFSET(host_t));
	}
	if (attrs->dns) {
		attrs->dns->destroy_offset(attrs->dns, DESTROY_OFFSET(host_t));
	}
	*attrs = (cp_attrs_t){ 0 };
}

static void add_host(cp_payload_t *cp, uint16_t type, host_t *addr, bool prefix)
{
	chunk_t a = addr->get_address(addr);
	uint8_t buf[17];

	if (addr->is_anyaddr(addr)) {
		cp->add_attribute(cp, type, chunk_empty);
		return;
	}
	memcpy(buf, a.ptr, a.len);
	if (prefix) {
		buf[a.len] = 128;
	}
	cp->add_attribute(cp, type, chunk_create(buf, a.len + (prefix ? 1 : 0)));
}

void cp_attrs_add_address(cp_payload_t *cp, host_t *addr)
{
	bool v4 = addr->get_family(addr) == AF_INET;

	add_host(cp, v4 ? INTERNAL_IP4_ADDRESS : INTERNAL_IP6_ADDRESS, addr, !v4);
}

void cp_attrs_add_dns(cp_payload_t *cp, host_t *addr)
{
	bool v4 = addr->get_family(addr) == AF_INET;

	add_host(cp, v4 ? INTERNAL_IP4_DNS : INTERNAL_IP6_DNS, addr, false);
}
