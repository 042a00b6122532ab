#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>

#include "kernel_libesp_vip.h"
#include "kernel_libesp_rtnl.h"
#include <bus/debug.h>
#include <collections/linked_list.h>

typedef struct {
	host_t *addr;
	unsigned int refs;
} vip_t;

typedef struct private_kernel_libesp_vip_t {
	kernel_libesp_vip_t public;
	int sock;
	int ifindex;
	uint32_t seq;
	linked_list_t *vips;
	pthread_mutex_t mutex;
} private_kernel_libesp_vip_t;

static int change_addr(private_kernel_libesp_vip_t *this, host_t *addr, uint16_t type)
{
	rtnl_buf_t req = { 0 };
	struct ifaddrmsg *ifa;
	chunk_t a = addr->get_address(addr);

	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(*ifa));
	req.hdr.nlmsg_type = type;
	req.hdr.nlmsg_flags = type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_REPLACE : 0;
	ifa = NLMSG_DATA(&req.hdr);
	ifa->ifa_family = (uint8_t)addr->get_family(addr);
	ifa->ifa_prefixlen = (uint8_t)(a.len * 8);
	/* no duplicate address detection: usable as source right away */
	ifa->ifa_flags = addr->get_family(addr) == AF_INET6 ? IFA_F_NODAD : 0;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)this->ifindex;
	rtnl_add_attr(&req.hdr, IFA_LOCAL, a.ptr, a.len);
	rtnl_add_attr(&req.hdr, IFA_ADDRESS, a.ptr, a.len);
	return rtnl_request(this->sock, &this->seq, &req.hdr);
}

static vip_t *find(private_kernel_libesp_vip_t *this, host_t *addr)
{
	enumerator_t *e = this->vips->create_enumerator(this->vips);
	vip_t *vip, *found = NULL;

	while (e->enumerate(e, &vip)) {
		if (vip->addr->ip_equals(vip->addr, addr)) {
			found = vip;
			break;
		}
	}
	e->destroy(e);
	return found;
}

static bool add_ip(void *data, host_t *addr)
{
	private_kernel_libesp_vip_t *this = data;
	char buf[HOST_STR_LEN];
	vip_t *vip;
	int err = 0;

	pthread_mutex_lock(&this->mutex);
	vip = find(this, addr);
	if (vip) {
		vip->refs++;
	} else {
		err = change_addr(this, addr, RTM_NEWADDR);
		if (!err) {
			vip = mem_zalloc(sizeof(*vip));
			*vip = (vip_t){ .addr = addr->clone(addr), .refs = 1 };
			this->vips->insert_last(this->vips, vip);
		}
	}
	pthread_mutex_unlock(&this->mutex);
	if (err) {
		DBG1(DBG_KNL, "adding virtual IP %s failed: %s",
		     host_to_str(addr, buf, sizeof(buf)), strerror(err));
	}
	return !err;
}

static void remove_vip(private_kernel_libesp_vip_t *this, vip_t *vip)
{
	char buf[HOST_STR_LEN];
	int err = change_addr(this, vip->addr, RTM_DELADDR);

	if (err && err != EADDRNOTAVAIL && err != ENODEV) {
		DBG1(DBG_KNL, "removing virtual IP %s failed: %s",
		     host_to_str(vip->addr, buf, sizeof(buf)), strerror(err));
	}
	vip->addr->destroy(vip->addr);
	free(vip);
}

static bool del_ip(void *data, host_t *addr)
{
	private_kernel_libesp_vip_t *this = data;
	vip_t *vip;
	bool found;

	pthread_mutex_lock(&this->mutex);
	vip = find(this, addr);
	found = vip != NULL;
	if (vip && --vip->refs == 0) {
		this->vips->remove(this->vips, vip, NULL);
		remove_vip(this, vip);
	}
	pthread_mutex_unlock(&this->mutex);
	return found;
}

static void destroy(kernel_libesp_vip_t *public)
{
	private_kernel_libesp_vip_t *this = (private_kernel_libesp_vip_t *)public;
	vip_t *vip;

	while (this->vips->remove_first(this->vips, (void **)&vip) == SUCCESS) {
		remove_vip(this, vip);
	}
	this->vips->destroy(this->vips);
	close(this->sock);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_libesp_vip_t *kernel_libesp_vip_create(const char *ifname)
{
	private_kernel_libesp_vip_t *this;
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	unsigned int ifindex = ifname ? if_nametoindex(ifname) : 0;
	int sock;

	if (!ifindex) {
		DBG1(DBG_KNL, "device %s not found for virtual IPs", ifname ? ifname : "");
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
	*this = (private_kernel_libesp_vip_t){
		.public = {
			.destroy = destroy,
		},
		.sock = sock,
		.ifindex = (int)ifindex,
		.vips = linked_list_create(),
	};
	this->public.ops = (kernel_net_vip_ops_t){
		.add_ip = add_ip,
		.del_ip = del_ip,
		.data = this,
	};
	pthread_mutex_init(&this->mutex, NULL);
	return &this->public;
}
