/*
 * Policy bookkeeping. Each identity (outbound or inbound, source and
 * destination selector) is an entry holding its users; apply() brings the
 * SPD entry and the route in line with the user in force after every
 * change, adding the new state before removing the old so traffic never
 * sees a gap when only the reqid changes.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include <collections/linked_list.h>
#include <kernel/kernel_net.h>

#include "kernel_libesp_io.h"
#include "kernel_libesp_policies.h"

typedef struct {
	policy_dir_t dir;
	policy_type_t type;
	policy_priority_t prio;
	uint32_t reqid;
	/** Remote tunnel endpoint, NULL if unknown. */
	host_t *peer;
	unsigned int refs;
} user_t;

typedef struct {
	bool out;
	traffic_selector_t *src;
	traffic_selector_t *dst;
	esp_ts_t esrc;
	esp_ts_t edst;
	/** Subnet of the destination selector, for routes. */
	host_t *net;
	uint8_t prefix;
	linked_list_t *users;
	/** In force: SPD entry (reqid 0 for none) and route. */
	uint32_t spd_reqid;
	uint32_t spd_prio;
	bool routed;
	bool route_pass;
} entry_t;

typedef struct private_kernel_libesp_policies_t private_kernel_libesp_policies_t;

struct private_kernel_libesp_policies_t {
	kernel_libesp_policies_t public;
	esp_spd_t *out;
	esp_spd_t *in;
	kernel_libesp_routes_t *routes;
	linked_list_t *entries;
	pthread_mutex_t mutex;
};

bool kernel_libesp_ts_convert(traffic_selector_t *ts, esp_ts_t *out)
{
	chunk_t from = ts->get_from_address(ts), to = ts->get_to_address(ts);
	int family;

	switch (ts->get_type(ts)) {
	case TS_IPV4_ADDR_RANGE:
		family = AF_INET;
		break;
	case TS_IPV6_ADDR_RANGE:
		family = AF_INET6;
		break;
	default:
		return false;
	}
	if (from.len != (family == AF_INET ? 4u : 16u) || to.len != from.len) {
		return false;
	}
	*out = (esp_ts_t){
		.family = family,
		.proto = ts->get_protocol(ts),
		.from_port = ts->get_from_port(ts),
		.to_port = ts->get_to_port(ts),
	};
	memcpy(out->from, from.ptr, from.len);
	memcpy(out->to, to.ptr, to.len);
	return true;
}

/* Lower is more urgent: pass policies, then installed SAs, then traps */
static uint32_t rank(policy_priority_t prio)
{
	switch (prio) {
	case POLICY_PRIORITY_PASS:
		return 0;
	case POLICY_PRIORITY_DEFAULT:
		return 1;
	case POLICY_PRIORITY_ROUTED:
	default:
		return 2;
	}
}

static unsigned int specificity(traffic_selector_t *ts)
{
	uint8_t prefix = 0;

	ts->to_subnet(ts, NULL, &prefix);
	return prefix * 4u + (ts->get_protocol(ts) ? 2u : 0u) +
	       (ts->get_from_port(ts) != 0 || ts->get_to_port(ts) != 0xffff ? 1u : 0u);
}

/* SPD priority: the rank first, then the more specific selectors */
static uint32_t spd_priority(entry_t *e, user_t *u)
{
	return rank(u->prio) << 16 |
	       (0xffffu - specificity(e->src) - specificity(e->dst));
}

/* The user in force: most urgent rank, the latest of equals */
static user_t *best_user(entry_t *e)
{
	enumerator_t *enumerator;
	user_t *u, *best = NULL;

	enumerator = e->users->create_enumerator(e->users);
	while (enumerator->enumerate(enumerator, &u)) {
		if (!best || rank(u->prio) <= rank(best->prio)) {
			best = u;
		}
	}
	enumerator->destroy(enumerator);
	return best;
}

/* One of our addresses inside a selector, NULL if none */
static host_t *local_source(traffic_selector_t *ts)
{
	linked_list_t *addrs = kernel_net_get_addresses();
	enumerator_t *enumerator;
	host_t *addr, *found = NULL;

	enumerator = addrs->create_enumerator(addrs);
	while (enumerator->enumerate(enumerator, &addr)) {
		if (ts->includes(ts, addr)) {
			found = addr->clone(addr);
			break;
		}
	}
	enumerator->destroy(enumerator);
	addrs->destroy_offset(addrs, DESTROY_OFFSET(host_t));
	return found;
}

static bool update_spd(private_kernel_libesp_policies_t *this, entry_t *e,
		       uint32_t reqid, uint32_t prio)
{
	esp_spd_t *spd = e->out ? this->out : this->in;
	status_t status = SUCCESS;

	if (reqid == e->spd_reqid && (!reqid || prio == e->spd_prio)) {
		return true;
	}
	if (reqid && reqid == e->spd_reqid) {
		/* same reqid, new priority: the SPD refuses a duplicate */
		spd->del_policy(spd, &e->esrc, &e->edst, e->spd_reqid);
		e->spd_reqid = 0;
	}
	if (reqid) {
		status = spd->add_policy(spd, &e->esrc, &e->edst, reqid, prio);
		if (status != SUCCESS && status != ALREADY_DONE) {
			DBG1(DBG_KNL, "adding policy to the %s SPD failed: %s",
			     e->out ? "outbound" : "inbound", status_name(status));
			return false;
		}
	}
	if (e->spd_reqid) {
		spd->del_policy(spd, &e->esrc, &e->edst, e->spd_reqid);
	}
	e->spd_reqid = reqid;
	e->spd_prio = prio;
	return true;
}

static void update_route(private_kernel_libesp_policies_t *this, entry_t *e,
			 bool route, bool pass)
{
	host_t *src = NULL;

	if (route == e->routed && (!route || pass == e->route_pass)) {
		return;
	}
	if (route) {
		if (!pass) {
			src = local_source(e->src);
		}
		route = this->routes->add(this->routes, e->net, e->prefix, src, pass);
		DESTROY_IF(src);
	}
	if (e->routed) {
		this->routes->del(this->routes, e->net, e->prefix, e->route_pass);
	}
	e->routed = route;
	e->route_pass = pass;
}

/* Bring SPD and route in line with the user in force */
static bool apply(private_kernel_libesp_policies_t *this, entry_t *e)
{
	char buf[TS_STR_LEN], pbuf[HOST_STR_LEN];
	user_t *u = best_user(e);
	uint32_t reqid = 0, prio = 0;
	bool route = false, pass = false;

	if (u) {
		switch (u->type) {
		case POLICY_IPSEC:
			reqid = u->reqid;
			route = e->out;
			break;
		case POLICY_DROP:
			reqid = KERNEL_LIBESP_REQID_DROP;
			route = e->out;
			break;
		case POLICY_PASS:
			route = pass = e->out;
			break;
		}
		prio = spd_priority(e, u);
	}
	/* our own IKE and ESP packets to the peer must not enter the device */
	if (route && !pass && u->peer && e->dst->includes(e->dst, u->peer)) {
		if (!e->routed) {
			DBG1(DBG_KNL, "not routing %s into the TUN device, it contains "
			     "the peer %s", traffic_selector_to_str(e->dst, buf, sizeof(buf)),
			     host_to_str(u->peer, pbuf, sizeof(pbuf)));
		}
		route = false;
	}
	if (!update_spd(this, e, reqid, prio)) {
		return false;
	}
	update_route(this, e, route, pass);
	return true;
}

static bool entry_matches(entry_t *e, bool out, kernel_ipsec_policy_id_t *id)
{
	return e->out == out && e->src->equals(e->src, id->src_ts) &&
	       e->dst->equals(e->dst, id->dst_ts);
}

static entry_t *find_entry(private_kernel_libesp_policies_t *this,
			   kernel_ipsec_policy_id_t *id)
{
	enumerator_t *enumerator;
	entry_t *e, *found = NULL;
	bool out = id->dir == POLICY_OUT;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &e)) {
		if (entry_matches(e, out, id)) {
			found = e;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static void user_destroy(user_t *u)
{
	DESTROY_IF(u->peer);
	free(u);
}

static void entry_destroy(entry_t *e)
{
	e->users->destroy_function(e->users, (void *)user_destroy);
	e->src->destroy(e->src);
	e->dst->destroy(e->dst);
	DESTROY_IF(e->net);
	free(e);
}

static entry_t *entry_create(kernel_ipsec_policy_id_t *id)
{
	entry_t *e;

	e = mem_zalloc(sizeof(*e));
	*e = (entry_t){
		.out = id->dir == POLICY_OUT,
		.src = id->src_ts->clone(id->src_ts),
		.dst = id->dst_ts->clone(id->dst_ts),
		.users = linked_list_create(),
	};
	if (!kernel_libesp_ts_convert(e->src, &e->esrc) ||
	    !kernel_libesp_ts_convert(e->dst, &e->edst) ||
	    e->esrc.family != e->edst.family) {
		entry_destroy(e);
		return NULL;
	}
	e->dst->to_subnet(e->dst, &e->net, &e->prefix);
	if (!e->net) {
		entry_destroy(e);
		return NULL;
	}
	return e;
}

static user_t *find_user(entry_t *e, kernel_ipsec_policy_id_t *id,
			 kernel_ipsec_manage_policy_t *data, bool exact)
{
	enumerator_t *enumerator;
	user_t *u, *found = NULL;

	enumerator = e->users->create_enumerator(e->users);
	while (enumerator->enumerate(enumerator, &u)) {
		if (u->dir == id->dir && u->reqid == data->reqid &&
		    (!exact || (u->type == data->type && u->prio == data->prio))) {
			found = u;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static status_t add(kernel_libesp_policies_t *public, kernel_ipsec_policy_id_t *id,
		    kernel_ipsec_manage_policy_t *data)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;
	entry_t *e;
	user_t *u;
	bool created = false;

	if (data->type == POLICY_IPSEC && data->mode != MODE_TUNNEL) {
		DBG1(DBG_KNL, "kernel-libesp supports tunnel mode only");
		return NOT_SUPPORTED;
	}
	if (data->type == POLICY_IPSEC && !data->reqid) {
		return INVALID_ARG;
	}
	pthread_mutex_lock(&this->mutex);
	e = find_entry(this, id);
	if (!e) {
		e = entry_create(id);
		if (!e) {
			pthread_mutex_unlock(&this->mutex);
			DBG1(DBG_KNL, "unsupported policy selectors");
			return INVALID_ARG;
		}
		created = true;
	}
	u = find_user(e, id, data, true);
	if (u) {
		u->refs++;
		pthread_mutex_unlock(&this->mutex);
		return SUCCESS;
	}
	u = mem_zalloc(sizeof(*u));
	*u = (user_t){
		.dir = id->dir,
		.type = data->type,
		.prio = data->prio,
		.reqid = data->reqid,
		.peer = data->dst ? data->dst->clone(data->dst) : NULL,
		.refs = 1,
	};
	e->users->insert_last(e->users, u);
	if (!apply(this, e)) {
		e->users->remove(e->users, u, NULL);
		user_destroy(u);
		if (created) {
			entry_destroy(e);
		} else {
			apply(this, e);
		}
		pthread_mutex_unlock(&this->mutex);
		return FAILED;
	}
	if (created) {
		this->entries->insert_last(this->entries, e);
	}
	pthread_mutex_unlock(&this->mutex);
	return SUCCESS;
}

static status_t del(kernel_libesp_policies_t *public, kernel_ipsec_policy_id_t *id,
		    kernel_ipsec_manage_policy_t *data)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;
	entry_t *e;
	user_t *u;

	pthread_mutex_lock(&this->mutex);
	e = find_entry(this, id);
	u = e ? find_user(e, id, data, true) ?: find_user(e, id, data, false) : NULL;
	if (!u) {
		pthread_mutex_unlock(&this->mutex);
		return NOT_FOUND;
	}
	if (--u->refs == 0) {
		e->users->remove(e->users, u, NULL);
		user_destroy(u);
		apply(this, e);
		if (!e->users->get_count(e->users)) {
			this->entries->remove(this->entries, e, NULL);
			entry_destroy(e);
		}
	}
	pthread_mutex_unlock(&this->mutex);
	return SUCCESS;
}

static bool get_reqid(kernel_libesp_policies_t *public, kernel_ipsec_policy_id_t *id,
		      uint32_t *reqid)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;
	entry_t *e;
	user_t *u = NULL;

	pthread_mutex_lock(&this->mutex);
	e = find_entry(this, id);
	if (e) {
		u = best_user(e);
		*reqid = u && u->type == POLICY_IPSEC ? u->reqid : 0;
	}
	pthread_mutex_unlock(&this->mutex);
	return u != NULL;
}

static unsigned int get_count(kernel_libesp_policies_t *public)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;
	unsigned int count;

	pthread_mutex_lock(&this->mutex);
	count = (unsigned int)this->entries->get_count(this->entries);
	pthread_mutex_unlock(&this->mutex);
	return count;
}

static void flush(kernel_libesp_policies_t *public)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;
	entry_t *e;
	user_t *u;

	pthread_mutex_lock(&this->mutex);
	while (this->entries->remove_first(this->entries, (void **)&e) == SUCCESS) {
		while (e->users->remove_first(e->users, (void **)&u) == SUCCESS) {
			user_destroy(u);
		}
		apply(this, e);
		entry_destroy(e);
	}
	pthread_mutex_unlock(&this->mutex);
}

static void destroy(kernel_libesp_policies_t *public)
{
	private_kernel_libesp_policies_t *this = (private_kernel_libesp_policies_t *)public;

	flush(public);
	this->entries->destroy(this->entries);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_libesp_policies_t *kernel_libesp_policies_create(esp_spd_t *out, esp_spd_t *in,
							kernel_libesp_routes_t *routes)
{
	private_kernel_libesp_policies_t *this = mem_zalloc(sizeof(*this));

	*this = (private_kernel_libesp_policies_t){
		.public = {
			.add = add,
			.del = del,
			.get_reqid = get_reqid,
			.get_count = get_count,
			.flush = flush,
			.destroy = destroy,
		},
		.out = out,
		.in = in,
		.routes = routes,
		.entries = linked_list_create(),
	};
	pthread_mutex_init(&this->mutex, NULL);
	return &this->public;
}
