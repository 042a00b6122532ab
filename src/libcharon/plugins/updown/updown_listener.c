/*
 * The updown listener. Scripts run synchronously in the IKE thread that
 * reports the event, as strongSwan's do: a script that inserts firewall
 * rules is done before the CHILD_SA carries traffic.
 */
#define _GNU_SOURCE
#include <ifaddrs.h>
#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "updown_listener.h"
#include "updown_env.h"
#include "updown_exec.h"

#include "collections/linked_list.h"

typedef struct private_updown_listener_t {
	updown_listener_t public;
	char *default_script;
	/* unique ids (uintptr_t) of the CHILD_SAs "up" ran for */
	linked_list_t *up;
	pthread_mutex_t lock;
} private_updown_listener_t;

/* Name of the interface holding @p addr, into @p buf; false if none does. */
static bool interface_of(host_t *addr, char *buf, size_t len)
{
	struct ifaddrs *list, *ifa;
	bool found = false;
	host_t *host;

	if (getifaddrs(&list) < 0) {
		return false;
	}
	for (ifa = list; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !ifa->ifa_name) {
			continue;
		}
		host = host_create_from_sockaddr(ifa->ifa_addr);
		if (host) {
			if (host->ip_equals(host, addr)) {
				snprintf(buf, len, "%s", ifa->ifa_name);
				found = true;
			}
			host->destroy(host);
		}
	}
	freeifaddrs(list);
	return found;
}

/* Note (@p up) or forget the CHILD_SA; false if "down" has no "up" to match. */
static bool track(private_updown_listener_t *this, child_sa_t *child, bool up)
{
	void *id = (void *)(uintptr_t)child->get_unique_id(child);
	bool known;

	pthread_mutex_lock(&this->lock);
	known = this->up->remove(this->up, id, NULL) > 0;
	if (up) {
		this->up->insert_last(this->up, id);
	}
	pthread_mutex_unlock(&this->lock);
	return up || known;
}

static const char *script_of(private_updown_listener_t *this, child_cfg_t *cfg)
{
	const char *script = cfg->get_updown(cfg);

	if (!script) {
		script = this->default_script;
		if (script && access(script, X_OK) != 0) {
			DBG2(DBG_CHD, "updown: default script %s not found", script);
			return NULL;
		}
	}
	return script && *script ? script : NULL;
}

static void run(updown_info_t *info, const char *script)
{
	char **env = updown_env_create(info);
	int status;

	DBG2(DBG_CHD, "updown: running '%s' with %s for %s === %s", script,
	     updown_env_get(env, "PLUTO_VERB"), updown_env_get(env, "PLUTO_MY_CLIENT"),
	     updown_env_get(env, "PLUTO_PEER_CLIENT"));
	status = updown_exec(script, env);
	if (status != 0) {
		DBG1(DBG_CHD, "updown: '%s' %s failed: %s %d", script,
		     updown_env_get(env, "PLUTO_VERB"), status > 128 ? "signal" : "exit code",
		     status > 128 ? status - 128 : status);
	}
	updown_env_destroy(env);
}

/* The IKE_SA's virtual IPs of one side (borrowed hosts). */
static linked_list_t *vip_list(ike_sa_t *ike_sa, bool local)
{
	linked_list_t *list = linked_list_create();
	ike_vips_t *vips = ike_sa->get_vips ? ike_sa->get_vips(ike_sa) : NULL;
	enumerator_t *e;
	host_t *vip;

	if (vips) {
		e = vips->create_enumerator(vips, local);
		while (e->enumerate(e, &vip)) {
			list->insert_last(list, vip);
		}
		e->destroy(e);
	}
	return list;
}

static bool child_updown(listener_t *listener, ike_sa_t *ike_sa, child_sa_t *child, bool up)
{
	private_updown_listener_t *this = container_of(listener, private_updown_listener_t,
						       public.listener);
	child_cfg_t *cfg = child->get_config(child);
	const char *script = script_of(this, cfg);
	traffic_selector_t *my_ts, *other_ts;
	enumerator_t *mine, *others;
	char iface[IF_NAMESIZE + 1];
	updown_info_t info;

	if (!script || !ike_sa || !track(this, child, up)) {
		return true;
	}
	info = (updown_info_t){
		.name = child->get_name(child),
		.up = up,
		.reqid = child->get_reqid(child),
		.unique_id = ike_sa->get_unique_id(ike_sa),
		.me = ike_sa->get_my_host(ike_sa),
		.other = ike_sa->get_other_host(ike_sa),
		.my_id = ike_sa->get_my_id(ike_sa),
		.other_id = ike_sa->get_other_id(ike_sa),
		.encap = child->has_encap(child),
		.hostaccess = cfg->get_hostaccess(cfg),
	};
	if (!info.me || !info.other) {
		return true;
	}
	if (interface_of(info.me, iface, sizeof(iface))) {
		info.interface = iface;
	}
	info.my_vips = vip_list(ike_sa, true);
	info.other_vips = vip_list(ike_sa, false);
	mine = child->get_traffic_selectors(child, true)->create_enumerator(
		child->get_traffic_selectors(child, true));
	while (mine->enumerate(mine, &my_ts)) {
		others = child->get_traffic_selectors(child, false)->create_enumerator(
			child->get_traffic_selectors(child, false));
		while (others->enumerate(others, &other_ts)) {
			if (my_ts->get_type(my_ts) == other_ts->get_type(other_ts)) {
				info.my_ts = my_ts;
				info.other_ts = other_ts;
				run(&info, script);
			}
		}
		others->destroy(others);
	}
	mine->destroy(mine);
	info.my_vips->destroy(info.my_vips);
	info.other_vips->destroy(info.other_vips);
	return true;
}

static void destroy(updown_listener_t *public)
{
	private_updown_listener_t *this = (private_updown_listener_t *)public;

	this->up->destroy(this->up);
	pthread_mutex_destroy(&this->lock);
	free(this->default_script);
	free(this);
}

updown_listener_t *updown_listener_create(const char *default_script)
{
	private_updown_listener_t *this = mem_zalloc(sizeof(*this));

	*this = (private_updown_listener_t){
		.public = {
			.listener = {
				.child_updown = child_updown,
			},
			.destroy = destroy,
		},
		.default_script = str_dup(default_script),
		.up = linked_list_create(),
	};
	pthread_mutex_init(&this->lock, NULL);
	return &this->public;
}
