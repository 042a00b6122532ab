/*
 * Local address helpers over plain sockets and getifaddrs().
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "kernel/kernel_net.h"
#include "bus/debug.h"

/* connect() needs a port; any will do, no datagram is sent */
#define PROBE_PORT 500

static host_t *probe_source(host_t *dest, host_t *hint)
{
	struct sockaddr_storage addr;
	socklen_t len = sizeof(addr);
	host_t *target, *src = NULL;
	int fd;

	fd = socket(dest->get_family(dest), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		DBG1(DBG_KNL, "source address look-up: socket failed: %s", strerror(errno));
		return NULL;
	}
	if (hint) {
		hint = hint->clone(hint);
		hint->set_port(hint, 0);
		if (bind(fd, hint->get_sockaddr(hint), hint->get_sockaddr_len(hint)) < 0) {
			hint->destroy(hint);
			close(fd);
			return NULL;
		}
		hint->destroy(hint);
	}
	target = dest->clone(dest);
	if (!target->get_port(target)) {
		target->set_port(target, PROBE_PORT);
	}
	if (connect(fd, target->get_sockaddr(target), target->get_sockaddr_len(target)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
		src = host_create_from_sockaddr((struct sockaddr *)&addr);
		if (src) {
			src->set_port(src, 0);
		}
	}
	target->destroy(target);
	close(fd);
	return src;
}

host_t *kernel_net_get_source_addr(host_t *dest, host_t *hint)
{
	char buf[HOST_STR_LEN];
	host_t *src = NULL;

	if (!dest || dest->is_anyaddr(dest)) {
		return NULL;
	}
	if (hint && !hint->is_anyaddr(hint) &&
	    hint->get_family(hint) == dest->get_family(dest)) {
		src = probe_source(dest, hint);
	}
	if (!src) {
		src = probe_source(dest, NULL);
	}
	if (!src) {
		DBG2(DBG_KNL, "no source address to reach %s",
		     host_to_str(dest, buf, sizeof(buf)));
	}
	return src;
}

static bool is_link_local(host_t *host)
{
	chunk_t addr = host->get_address(host);

	return host->get_family(host) == AF_INET6 && addr.len == 16 &&
	       addr.ptr[0] == 0xfe && (addr.ptr[1] & 0xc0) == 0x80;
}

static bool host_ip_equals(void *item, void *data)
{
	host_t *a = item, *b = data;

	return a->ip_equals(a, b);
}

/* add @p host to @p list unless there, keeping IPv4 before IPv6 */
static void add_unique(linked_list_t *list, host_t *host)
{
	host_t *found;

	if (list->find_first(list, host_ip_equals, host, (void **)&found)) {
		host->destroy(host);
	} else if (host->get_family(host) == AF_INET6) {
		list->insert_last(list, host);
	} else {
		enumerator_t *e = list->create_enumerator(list);
		host_t *cur;

		/* stop at the first IPv6 address, or at the end */
		while (e->enumerate(e, &cur)) {
			if (cur->get_family(cur) != AF_INET) {
				break;
			}
		}
		list->insert_before(list, e, host);
		e->destroy(e);
	}
}

linked_list_t *kernel_net_get_addresses(void)
{
	linked_list_t *list = linked_list_create(), *loopback = linked_list_create();
	struct ifaddrs *ifas, *ifa;
	host_t *host;

	if (getifaddrs(&ifas) < 0) {
		DBG1(DBG_KNL, "listing interface addresses failed: %s", strerror(errno));
		loopback->destroy(loopback);
		return list;
	}
	for (ifa = ifas; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !(ifa->ifa_flags & IFF_UP) ||
		    (ifa->ifa_addr->sa_family != AF_INET &&
		     ifa->ifa_addr->sa_family != AF_INET6)) {
			continue;
		}
		host = host_create_from_sockaddr(ifa->ifa_addr);
		if (!host) {
			continue;
		}
		if (is_link_local(host) || host->is_anyaddr(host)) {
			host->destroy(host);
			continue;
		}
		host->set_port(host, 0);
		add_unique((ifa->ifa_flags & IFF_LOOPBACK) ? loopback : list, host);
	}
	freeifaddrs(ifas);
	if (list->get_count(list) == 0) {
		list->destroy(list);
		return loopback;
	}
	loopback->destroy_offset(loopback, DESTROY_OFFSET(host_t));
	return list;
}

bool kernel_net_is_local(host_t *addr)
{
	struct ifaddrs *ifas, *ifa;
	host_t *host;
	bool found = false;

	if (!addr || addr->is_anyaddr(addr)) {
		return false;
	}
	if (getifaddrs(&ifas) < 0) {
		DBG1(DBG_KNL, "listing interface addresses failed: %s", strerror(errno));
		return false;
	}
	for (ifa = ifas; ifa && !found; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != addr->get_family(addr)) {
			continue;
		}
		host = host_create_from_sockaddr(ifa->ifa_addr);
		if (host) {
			found = host->ip_equals(host, addr);
			host->destroy(host);
		}
	}
	freeifaddrs(ifas);
	return found;
}

/* set while the plugin is loaded; plugins load and unload on the main thread */
static const kernel_net_vip_ops_t *vip_ops;

void kernel_net_set_vip_ops(const kernel_net_vip_ops_t *ops)
{
	__atomic_store_n(&vip_ops, ops, __ATOMIC_RELEASE);
}

bool kernel_net_can_add_ip(void)
{
	return __atomic_load_n(&vip_ops, __ATOMIC_ACQUIRE) != NULL;
}

bool kernel_net_add_ip(host_t *vip)
{
	const kernel_net_vip_ops_t *ops = __atomic_load_n(&vip_ops, __ATOMIC_ACQUIRE);

	if (!ops) {
		DBG1(DBG_KNL, "no data plane plugin can install virtual IPs");
		return false;
	}
	return ops->add_ip(ops->data, vip);
}

bool kernel_net_del_ip(host_t *vip)
{
	const kernel_net_vip_ops_t *ops = __atomic_load_n(&vip_ops, __ATOMIC_ACQUIRE);

	return ops && ops->del_ip(ops->data, vip);
}
