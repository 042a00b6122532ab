/*
 * Routes and rules over rtnetlink (RFC 3549, kernel_libesp_rtnl.c), one
 * acknowledged request at a time on a socket kept open for the object's life.
 *
 * Routes are added with the defaults `ip route add` uses (boot protocol,
 * global scope), so `ip route show table 220` prints them as plainly as
 * strongSwan's do and scripts parsing that output keep working.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <collections/linked_list.h>

#include "kernel_libesp_routes.h"
#include "kernel_libesp_rtnl.h"

typedef struct {
	int family;
	uint8_t net[16];
	uint8_t prefix;
	bool pass;
	unsigned int refs;
} route_t;

typedef struct private_kernel_libesp_routes_t private_kernel_libesp_routes_t;

struct private_kernel_libesp_routes_t {
	kernel_libesp_routes_t public;
	int ifindex;
	uint32_t table;
	uint32_t priority;
	int sock;
	uint32_t seq;
	/** Rules of AF_INET and AF_INET6: checked once, added by us. */
	bool rule_checked[2];
	bool rule_added[2];
	linked_list_t *routes;
	pthread_mutex_t mutex;
};

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static int change_rule(private_kernel_libesp_routes_t *this, int family,
		       uint16_t type, uint16_t flags)
{
	rtnl_buf_t req = {};
	struct fib_rule_hdr msg = {
		.family = (uint8_t)family,
		.table = this->table < 256 ? (uint8_t)this->table : RT_TABLE_UNSPEC,
		.action = FR_ACT_TO_TBL,
	};

	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(msg));
	req.hdr.nlmsg_type = type;
	req.hdr.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&req.hdr), &msg, sizeof(msg));
	if (!rtnl_add_attr(&req.hdr, FRA_TABLE, &this->table, sizeof(this->table)) ||
	    !rtnl_add_attr(&req.hdr, FRA_PRIORITY, &this->priority, sizeof(this->priority))) {
		return ENOBUFS;
	}
	return rtnl_request(this->sock, &this->seq, &req.hdr);
}

/* Add the rule unless one with our table and priority exists already */
static bool ensure_rule(private_kernel_libesp_routes_t *this, int family)
{
	int i = family == AF_INET ? 0 : 1, err;

	if (this->rule_checked[i]) {
		return true;
	}
	err = change_rule(this, family, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL);
	if (err && err != EEXIST) {
		DBG1(DBG_KNL, "adding rule for routing table %u failed: %s",
		     this->table, strerror(err));
		return false;
	}
	this->rule_checked[i] = true;
	this->rule_added[i] = !err;
	if (!err) {
		DBG2(DBG_KNL, "added %s rule to routing table %u, priority %u",
		     family == AF_INET ? "IPv4" : "IPv6", this->table, this->priority);
	}
	return true;
}

static int change_route(private_kernel_libesp_routes_t *this, route_t *route,
			host_t *src, uint16_t type, uint16_t flags)
{
	rtnl_buf_t req = {};
	struct rtmsg msg = {
		.rtm_family = (uint8_t)route->family,
		.rtm_dst_len = route->prefix,
		.rtm_table = this->table < 256 ? (uint8_t)this->table : RT_TABLE_UNSPEC,
		.rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = route->pass ? RTN_THROW : RTN_UNICAST,
	};
	uint32_t oif = (uint32_t)this->ifindex;
	size_t len = addr_len(route->family);
	chunk_t addr;

	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(msg));
	req.hdr.nlmsg_type = type;
	req.hdr.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&req.hdr), &msg, sizeof(msg));
	if ((route->prefix && !rtnl_add_attr(&req.hdr, RTA_DST, route->net, len)) ||
	    !rtnl_add_attr(&req.hdr, RTA_TABLE, &this->table, sizeof(this->table)) ||
	    (!route->pass && !rtnl_add_attr(&req.hdr, RTA_OIF, &oif, sizeof(oif)))) {
		return ENOBUFS;
	}
	if (src) {
		addr = src->get_address(src);
		if (!rtnl_add_attr(&req.hdr, RTA_PREFSRC, addr.ptr, addr.len)) {
			return ENOBUFS;
		}
	}
	return rtnl_request(this->sock, &this->seq, &req.hdr);
}

/* Fill a route key from an address, clearing the host bits */
static bool make_key(route_t *key, host_t *net, uint8_t prefix, bool pass)
{
	chunk_t addr = net->get_address(net);
	unsigned int i;

	*key = (route_t){
		.family = net->get_family(net),
		.prefix = prefix,
		.pass = pass,
	};
	if (addr.len != addr_len(key->family) || prefix > addr.len * 8) {
		return false;
	}
	memcpy(key->net, addr.ptr, addr.len);
	for (i = 0; i < addr.len; i++) {
		if (prefix >= (i + 1) * 8) {
			continue;
		}
		key->net[i] &= (uint8_t)(prefix > i * 8 ? 0xff << (8 - (prefix - i * 8)) : 0);
	}
	return true;
}

static route_t *find_route(private_kernel_libesp_routes_t *this, route_t *key)
{
	enumerator_t *enumerator;
	route_t *route, *found = NULL;

	enumerator = this->routes->create_enumerator(this->routes);
	while (enumerator->enumerate(enumerator, &route)) {
		if (route->family == key->family && route->prefix == key->prefix &&
		    route->pass == key->pass &&
		    memcmp(route->net, key->net, sizeof(key->net)) == 0) {
			found = route;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static bool add(kernel_libesp_routes_t *public, host_t *net, uint8_t prefix,
		host_t *src, bool pass)
{
	private_kernel_libesp_routes_t *this = (private_kernel_libesp_routes_t *)public;
	char buf[HOST_STR_LEN];
	route_t key, *route;
	int err;

	if (!make_key(&key, net, prefix, pass)) {
		return false;
	}
	if (pass || (src && src->get_family(src) != key.family)) {
		src = NULL;
	}
	pthread_mutex_lock(&this->mutex);
	route = find_route(this, &key);
	if (route) {
		route->refs++;
		pthread_mutex_unlock(&this->mutex);
		return true;
	}
	if (!ensure_rule(this, key.family)) {
		pthread_mutex_unlock(&this->mutex);
		return false;
	}
	err = change_route(this, &key, src, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
	if (err) {
		pthread_mutex_unlock(&this->mutex);
		DBG1(DBG_KNL, "installing route to %s/%u in table %u failed: %s",
		     host_to_str(net, buf, sizeof(buf)), prefix, this->table,
		     strerror(err));
		return false;
	}
	route = mem_zalloc(sizeof(*route));
	*route = key;
	route->refs = 1;
	this->routes->insert_last(this->routes, route);
	pthread_mutex_unlock(&this->mutex);
	DBG2(DBG_KNL, "installed %sroute to %s/%u in table %u",
	     pass ? "throw " : "", host_to_str(net, buf, sizeof(buf)), prefix,
	     this->table);
	return true;
}

static void remove_route(private_kernel_libesp_routes_t *this, route_t *route)
{
	int err;

	err = change_route(this, route, NULL, RTM_DELROUTE, 0);
	/* gone already, e.g. with an address it used as source */
	if (err && err != ESRCH) {
		DBG1(DBG_KNL, "removing route from table %u failed: %s",
		     this->table, strerror(err));
	}
	this->routes->remove(this->routes, route, NULL);
	free(route);
}

static bool del(kernel_libesp_routes_t *public, host_t *net, uint8_t prefix,
		bool pass)
{
	private_kernel_libesp_routes_t *this = (private_kernel_libesp_routes_t *)public;
	route_t key, *route;

	if (!make_key(&key, net, prefix, pass)) {
		return false;
	}
	pthread_mutex_lock(&this->mutex);
	route = find_route(this, &key);
	if (route && --route->refs == 0) {
		remove_route(this, route);
	}
	pthread_mutex_unlock(&this->mutex);
	return route != NULL;
}

static unsigned int get_count(kernel_libesp_routes_t *public)
{
	private_kernel_libesp_routes_t *this = (private_kernel_libesp_routes_t *)public;
	unsigned int count;

	pthread_mutex_lock(&this->mutex);
	count = (unsigned int)this->routes->get_count(this->routes);
	pthread_mutex_unlock(&this->mutex);
	return count;
}

static void flush(kernel_libesp_routes_t *public)
{
	private_kernel_libesp_routes_t *this = (private_kernel_libesp_routes_t *)public;
	route_t *route;

	pthread_mutex_lock(&this->mutex);
	while (this->routes->get_first(this->routes, (void **)&route) == SUCCESS) {
		remove_route(this, route);
	}
	pthread_mutex_unlock(&this->mutex);
}

static void destroy(kernel_libesp_routes_t *public)
{
	private_kernel_libesp_routes_t *this = (private_kernel_libesp_routes_t *)public;
	int i, err;

	flush(public);
	for (i = 0; i < 2; i++) {
		if (!this->rule_added[i]) {
			continue;
		}
		err = change_rule(this, i ? AF_INET6 : AF_INET, RTM_DELRULE, 0);
		if (err) {
			DBG1(DBG_KNL, "removing rule for routing table %u failed: %s",
			     this->table, strerror(err));
		}
	}
	close(this->sock);
	this->routes->destroy(this->routes);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_libesp_routes_t *kernel_libesp_routes_create(int ifindex, uint32_t table,
						    uint32_t priority)
{
	private_kernel_libesp_routes_t *this;
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int sock;

	if (table == 0 || (table >= RT_TABLE_DEFAULT && table <= RT_TABLE_LOCAL) ||
	    table == RT_TABLE_MAX) {
		DBG1(DBG_KNL, "routing table %u is reserved", table);
		return NULL;
	}
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sock < 0 || bind(sock, (struct sockaddr *)&local, sizeof(local)) < 0) {
		DBG1(DBG_KNL, "opening rtnetlink socket failed: %s", strerror(errno));
		if (sock >= 0) {
			close(sock);
		}
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_kernel_libesp_routes_t){
		.public = {
			.add = add,
			.del = del,
			.get_count = get_count,
			.flush = flush,
			.destroy = destroy,
		},
		.ifindex = ifindex,
		.table = table,
		.priority = priority,
		.sock = sock,
		.routes = linked_list_create(),
	};
	pthread_mutex_init(&this->mutex, NULL);
	return &this->public;
}
