#include <stdlib.h>
#include <string.h>

#include "sa/ike_vips.h"
#include "sa/ike_sa.h"
#include "daemon.h"
#include "kernel/kernel_net.h"

typedef struct {
	host_t *vip;
	/* remote only: where the lease came from and whose it is */
	char *pool;
	identification_t *id;
	/* local only: kernel_net_add_ip() succeeded */
	bool installed;
} entry_t;

typedef struct private_ike_vips_t {
	ike_vips_t public;
	linked_list_t *local;
	linked_list_t *remote;
} private_ike_vips_t;

static void entry_free(entry_t *entry)
{
	entry->vip->destroy(entry->vip);
	free(entry->pool);
	DESTROY_IF(entry->id);
	free(entry);
}

static bool add_local(ike_vips_t *public, host_t *vip)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;
	entry_t *entry = mem_zalloc(sizeof(*entry));

	entry->vip = vip->clone(vip);
	entry->installed = kernel_net_add_ip(vip);
	this->local->insert_last(this->local, entry);
	return entry->installed;
}

static void add_remote(ike_vips_t *public, host_t *vip, const char *pool,
		       identification_t *id)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;
	entry_t *entry = mem_zalloc(sizeof(*entry));

	*entry = (entry_t){
		.vip = vip->clone(vip),
		.pool = pool ? strdup(pool) : NULL,
		.id = id ? id->clone(id) : NULL,
	};
	this->remote->insert_last(this->remote, entry);
}

static bool entry_vip(void *data, void *item, va_list args)
{
	host_t **out = va_arg(args, host_t **);

	*out = ((entry_t *)item)->vip;
	return true;
}

static enumerator_t *create_enumerator(ike_vips_t *public, bool local)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;
	linked_list_t *list = local ? this->local : this->remote;

	return enumerator_create_filter(list->create_enumerator(list), entry_vip, NULL, NULL);
}

static int get_count(ike_vips_t *public, bool local)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;

	return local ? this->local->get_count(this->local) : this->remote->get_count(this->remote);
}

static void move_all(linked_list_t *from, linked_list_t *to)
{
	entry_t *entry;

	while (from->remove_first(from, (void **)&entry) == SUCCESS) {
		to->insert_last(to, entry);
	}
}

static void adopt(ike_vips_t *public, ike_vips_t *other_public)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;
	private_ike_vips_t *other = (private_ike_vips_t *)other_public;

	move_all(other->local, this->local);
	move_all(other->remote, this->remote);
}

static void clear(ike_vips_t *public)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;
	entry_t *entry;
	char buf[HOST_STR_LEN];

	while (this->local->remove_first(this->local, (void **)&entry) == SUCCESS) {
		if (entry->installed) {
			kernel_net_del_ip(entry->vip);
		}
		entry_free(entry);
	}
	while (this->remote->remove_first(this->remote, (void **)&entry) == SUCCESS) {
		if (charon && charon->attributes && entry->pool) {
			if (charon->attributes->release_address(charon->attributes, entry->pool,
								entry->vip, entry->id)) {
				DBG1(DBG_IKE, "lease %s by '%s' went offline",
				     host_to_str(entry->vip, buf, sizeof(buf)),
				     entry->id ? entry->id->to_string(entry->id) : "");
			}
		}
		entry_free(entry);
	}
}

static void destroy(ike_vips_t *public)
{
	private_ike_vips_t *this = (private_ike_vips_t *)public;

	clear(public);
	this->local->destroy(this->local);
	this->remote->destroy(this->remote);
	free(this);
}

ike_vips_t *ike_vips_create(void)
{
	private_ike_vips_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ike_vips_t){
		.public = {
			.add_local = add_local,
			.add_remote = add_remote,
			.create_enumerator = create_enumerator,
			.get_count = get_count,
			.adopt = adopt,
			.clear = clear,
			.destroy = destroy,
		},
		.local = linked_list_create(),
		.remote = linked_list_create(),
	};
	return &this->public;
}

linked_list_t *ike_vips_ts_hosts(ike_sa_t *ike_sa, bool local)
{
	/* IKE_SA stand-ins of unit tests may lack the virtual IP methods */
	ike_vips_t *vips = ike_sa->get_vips ? ike_sa->get_vips(ike_sa) : NULL;
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg ? ike_sa->get_peer_cfg(ike_sa) : NULL;
	linked_list_t *hosts = linked_list_create();
	enumerator_t *e;
	host_t *host;

	if (vips) {
		e = vips->create_enumerator(vips, local);
		while (e->enumerate(e, &host)) {
			hosts->insert_last(hosts, host->clone(host));
		}
		e->destroy(e);
	}
	if (!hosts->get_count(hosts) && local && peer_cfg && peer_cfg->get_vip_cfg &&
	    ike_sa->has_condition && !ike_sa->has_condition(ike_sa, COND_AUTHENTICATED)) {
		vip_cfg_t *cfg = peer_cfg->get_vip_cfg(peer_cfg);

		/* requested, not assigned yet: propose everything, the peer narrows */
		if (vip_cfg_requests(cfg, AF_INET)) {
			hosts->insert_last(hosts, host_create_any(AF_INET));
		}
		if (vip_cfg_requests(cfg, AF_INET6)) {
			hosts->insert_last(hosts, host_create_any(AF_INET6));
		}
	}
	if (!hosts->get_count(hosts)) {
		host = local ? ike_sa->get_my_host(ike_sa) : ike_sa->get_other_host(ike_sa);
		hosts->insert_last(hosts, host->clone(host));
	}
	return hosts;
}
