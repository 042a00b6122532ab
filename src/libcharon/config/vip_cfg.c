#include <stdlib.h>
#include <string.h>

#include "config/vip_cfg.h"

void vip_cfg_init(vip_cfg_t *cfg)
{
	*cfg = (vip_cfg_t){
		.request = linked_list_create(),
		.pools = linked_list_create(),
		.dns = linked_list_create(),
	};
}

static bool hosts_equal(linked_list_t *a, linked_list_t *b)
{
	enumerator_t *ea, *eb;
	host_t *ha, *hb;
	bool equal = a->get_count(a) == b->get_count(b);

	ea = a->create_enumerator(a);
	eb = b->create_enumerator(b);
	while (equal && ea->enumerate(ea, &ha) && eb->enumerate(eb, &hb)) {
		equal = ha->ip_equals(ha, hb);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return equal;
}

static bool names_equal(linked_list_t *a, linked_list_t *b)
{
	enumerator_t *ea, *eb;
	char *na, *nb;
	bool equal = a->get_count(a) == b->get_count(b);

	ea = a->create_enumerator(a);
	eb = b->create_enumerator(b);
	while (equal && ea->enumerate(ea, &na) && eb->enumerate(eb, &nb)) {
		equal = streq(na, nb);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return equal;
}

bool vip_cfg_equals(vip_cfg_t *a, vip_cfg_t *b)
{
	return hosts_equal(a->request, b->request) && names_equal(a->pools, b->pools) &&
	       hosts_equal(a->dns, b->dns);
}

void vip_cfg_free(vip_cfg_t *cfg)
{
	if (cfg->request) {
		cfg->request->destroy_offset(cfg->request, DESTROY_OFFSET(host_t));
	}
	if (cfg->pools) {
		cfg->pools->destroy_function(cfg->pools, free);
	}
	if (cfg->dns) {
		cfg->dns->destroy_offset(cfg->dns, DESTROY_OFFSET(host_t));
	}
	*cfg = (vip_cfg_t){ 0 };
}

bool vip_cfg_requests(vip_cfg_t *cfg, int family)
{
	enumerator_t *e;
	host_t *host;
	bool found = false;

	if (!cfg->request) {
		return false;
	}
	e = cfg->request->create_enumerator(cfg->request);
	while (!found && e->enumerate(e, &host)) {
		found = host->get_family(host) == family;
	}
	e->destroy(e);
	return found;
}
