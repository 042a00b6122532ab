/**
 * @file vip_cfg.h
 * A connection's virtual IP settings: what we request (leftsourceip=),
 * the pools we assign from (rightsourceip=) and the DNS servers we hand
 * out (rightdns=). Filled through peer_cfg_t.get_vip_cfg() while building
 * the config, read-only afterwards.
 */
#ifndef CYGNET_VIP_CFG_H
#define CYGNET_VIP_CFG_H

#include "library.h"
#include "collections/linked_list.h"
#include "networking/host.h"

typedef struct vip_cfg_t {
	/** host_t: addresses to request; %any of a family requests any one */
	linked_list_t *request;
	/** char*: names of attribute manager pools to assign from */
	linked_list_t *pools;
	/** host_t: DNS servers to send (rightdns=) */
	linked_list_t *dns;
} vip_cfg_t;

/** Empty lists. */
void vip_cfg_init(vip_cfg_t *cfg);

/** Same settings (in the same order). */
bool vip_cfg_equals(vip_cfg_t *a, vip_cfg_t *b);

/** Free the lists and their items. */
void vip_cfg_free(vip_cfg_t *cfg);

/** True if a request for an address of @p family is configured. */
bool vip_cfg_requests(vip_cfg_t *cfg, int family);

#endif
