/*
 * TUN device setup. Flags and MTU go through the classic interface ioctls;
 * addresses and routes through one rtnetlink request each, acknowledged
 * by the kernel, because IPv6 addresses have no portable ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "tun_device.h"

#define TUN_PATH "/dev/net/tun"
#define NL_BUFSIZE 512

typedef struct private_tun_device_t private_tun_device_t;

struct private_tun_device_t {
	tun_device_t public;
	char name[IFNAMSIZ];
	int ifindex;
	int *fds;
	unsigned int queues;
};

static int get_fd(tun_device_t *public, unsigned int queue)
{
	private_tun_device_t *this = (private_tun_device_t *)public;

	return queue < this->queues ? this->fds[queue] : -1;
}

static unsigned int get_queues(tun_device_t *public)
{
	return ((private_tun_device_t *)public)->queues;
}

static const char *get_name(tun_device_t *public)
{
	return ((private_tun_device_t *)public)->name;
}

static int get_ifindex(tun_device_t *public)
{
	return ((private_tun_device_t *)public)->ifindex;
}

/* Run an interface ioctl on a throwaway datagram socket */
static bool if_ioctl(private_tun_device_t *this, unsigned long req,
		     struct ifreq *ifr)
{
	int sock, err = 0;

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		DBG1(DBG_KNL, "opening ioctl socket failed: %s", strerror(errno));
		return false;
	}
	memcpy(ifr->ifr_name, this->name, IFNAMSIZ);
	if (ioctl(sock, req, ifr) < 0) {
		err = errno;
	}
	close(sock);
	if (err) {
		DBG1(DBG_KNL, "ioctl %#lx on %s failed: %s", req, this->name,
		     strerror(err));
		return false;
	}
	return true;
}

static bool set_mtu(tun_device_t *public, int mtu)
{
	private_tun_device_t *this = (private_tun_device_t *)public;
	struct ifreq ifr = { .ifr_mtu = mtu };

	return if_ioctl(this, SIOCSIFMTU, &ifr);
}

static int get_mtu(tun_device_t *public)
{
	private_tun_device_t *this = (private_tun_device_t *)public;
	struct ifreq ifr = {};

	return if_ioctl(this, SIOCGIFMTU, &ifr) ? ifr.ifr_mtu : -1;
}

static bool set_up(tun_device_t *public, bool up)
{
	private_tun_device_t *this = (private_tun_device_t *)public;
	struct ifreq ifr = {};

	if (!if_ioctl(this, SIOCGIFFLAGS, &ifr)) {
		return false;
	}
	if (up) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	} else {
		ifr.ifr_flags &= ~IFF_UP;
	}
	return if_ioctl(this, SIOCSIFFLAGS, &ifr);
}

/* Append a route attribute to a netlink message in a NL_BUFSIZE buffer */
static bool add_attr(struct nlmsghdr *hdr, unsigned short type,
		     const void *data, size_t len)
{
	struct rtattr *rta;
	size_t off = NLMSG_ALIGN(hdr->nlmsg_len);

	if (off + RTA_SPACE(len) > NL_BUFSIZE) {
		return false;
	}
	rta = (struct rtattr *)((uint8_t *)hdr + off);
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	hdr->nlmsg_len = (uint32_t)(off + RTA_SPACE(len));
	return true;
}

/* Send one request and wait for the kernel's acknowledgement */
static bool nl_request(struct nlmsghdr *req)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr hdr;
		uint8_t buf[NL_BUFSIZE];
	} resp;
	struct nlmsgerr err;
	ssize_t len;
	int sock, error = EIO;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sock < 0) {
		DBG1(DBG_KNL, "opening rtnetlink socket failed: %s", strerror(errno));
		return false;
	}
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = 1;
	if (sendto(sock, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		error = errno;
	} else {
		do {
			len = recv(sock, resp.buf, sizeof(resp.buf), 0);
		} while (len < 0 && errno == EINTR);
		if (len >= (ssize_t)NLMSG_LENGTH(sizeof(err)) &&
		    resp.hdr.nlmsg_type == NLMSG_ERROR) {
			memcpy(&err, NLMSG_DATA(&resp.hdr), sizeof(err));
			error = -err.error;
		} else if (len < 0) {
			error = errno;
		}
	}
	close(sock);
	if (error) {
		DBG1(DBG_KNL, "rtnetlink request %u failed: %s", req->nlmsg_type,
		     strerror(error));
		return false;
	}
	return true;
}

static size_t family_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static bool change_address(private_tun_device_t *this, uint16_t type,
			   uint16_t flags, int family, const void *addr,
			   unsigned int prefix)
{
	union {
		struct nlmsghdr hdr;
		uint8_t buf[NL_BUFSIZE];
	} req = {};
	struct ifaddrmsg msg = {
		.ifa_family = (uint8_t)family,
		.ifa_prefixlen = (uint8_t)prefix,
		.ifa_scope = RT_SCOPE_UNIVERSE,
		.ifa_index = (uint32_t)this->ifindex,
	};
	size_t len = family_len(family);

	if (!len || prefix > len * 8) {
		return false;
	}
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(msg));
	req.hdr.nlmsg_type = type;
	req.hdr.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&req.hdr), &msg, sizeof(msg));
	return add_attr(&req.hdr, IFA_LOCAL, addr, len) &&
	       add_attr(&req.hdr, IFA_ADDRESS, addr, len) &&
	       nl_request(&req.hdr);
}

static bool add_address(tun_device_t *public, int family, const void *addr,
			unsigned int prefix)
{
	return change_address((private_tun_device_t *)public, RTM_NEWADDR,
			      NLM_F_CREATE | NLM_F_REPLACE, family, addr, prefix);
}

static bool del_address(tun_device_t *public, int family, const void *addr,
			unsigned int prefix)
{
	return change_address((private_tun_device_t *)public, RTM_DELADDR, 0,
			      family, addr, prefix);
}

static bool change_route(private_tun_device_t *this, uint16_t type,
			 uint16_t flags, int family, const void *dst,
			 unsigned int prefix, uint32_t table)
{
	union {
		struct nlmsghdr hdr;
		uint8_t buf[NL_BUFSIZE];
	} req = {};
	struct rtmsg msg = {
		.rtm_family = (uint8_t)family,
		.rtm_dst_len = (uint8_t)prefix,
		.rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC,
		.rtm_protocol = RTPROT_STATIC,
		.rtm_scope = RT_SCOPE_LINK,
		.rtm_type = RTN_UNICAST,
	};
	uint32_t oif = (uint32_t)this->ifindex;
	size_t len = family_len(family);

	if (!len || prefix > len * 8) {
		return false;
	}
	if (!table) {
		msg.rtm_table = RT_TABLE_MAIN;
		table = RT_TABLE_MAIN;
	}
	req.hdr.nlmsg_len = NLMSG_LENGTH(sizeof(msg));
	req.hdr.nlmsg_type = type;
	req.hdr.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&req.hdr), &msg, sizeof(msg));
	return add_attr(&req.hdr, RTA_DST, dst, len) &&
	       add_attr(&req.hdr, RTA_OIF, &oif, sizeof(oif)) &&
	       add_attr(&req.hdr, RTA_TABLE, &table, sizeof(table)) &&
	       nl_request(&req.hdr);
}

static bool add_route(tun_device_t *public, int family, const void *dst,
		      unsigned int prefix, uint32_t table)
{
	return change_route((private_tun_device_t *)public, RTM_NEWROUTE,
			    NLM_F_CREATE | NLM_F_REPLACE, family, dst, prefix,
			    table);
}

static bool del_route(tun_device_t *public, int family, const void *dst,
		      unsigned int prefix, uint32_t table)
{
	return change_route((private_tun_device_t *)public, RTM_DELROUTE, 0,
			    family, dst, prefix, table);
}

static void destroy(tun_device_t *public)
{
	private_tun_device_t *this = (private_tun_device_t *)public;
	unsigned int i;

	for (i = 0; i < this->queues; i++) {
		close(this->fds[i]);
	}
	free(this->fds);
	free(this);
}

/* Attach one more queue (or the only one) to the interface */
static int open_queue(private_tun_device_t *this, const char *name, bool multi)
{
	struct ifreq ifr = {
		.ifr_flags = IFF_TUN | IFF_NO_PI | (multi ? IFF_MULTI_QUEUE : 0),
	};
	int fd;

	fd = open(TUN_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		DBG1(DBG_KNL, "opening %s failed: %s", TUN_PATH, strerror(errno));
		return -1;
	}
	/* the length was checked against IFNAMSIZ by the caller */
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		DBG1(DBG_KNL, "creating TUN device %s failed: %s", name,
		     strerror(errno));
		close(fd);
		return -1;
	}
	memcpy(this->name, ifr.ifr_name, IFNAMSIZ);
	this->name[IFNAMSIZ - 1] = '\0';
	return fd;
}

tun_device_t *tun_device_create(const char *name, unsigned int queues)
{
	private_tun_device_t *this;
	bool multi = queues > 1;
	unsigned int i;
	int fd;

	if (!name) {
		name = "ipsec%d";
	}
	if (strlen(name) >= IFNAMSIZ) {
		DBG1(DBG_KNL, "TUN device name '%s' is too long", name);
		return NULL;
	}
	queues = queues ?: 1;
	this = mem_zalloc(sizeof(*this));
	*this = (private_tun_device_t){
		.public = {
			.get_fd = get_fd,
			.get_queues = get_queues,
			.get_name = get_name,
			.get_ifindex = get_ifindex,
			.set_mtu = set_mtu,
			.get_mtu = get_mtu,
			.set_up = set_up,
			.add_address = add_address,
			.del_address = del_address,
			.add_route = add_route,
			.del_route = del_route,
			.destroy = destroy,
		},
		.fds = mem_zalloc(queues * sizeof(int)),
	};
	for (i = 0; i < queues; i++) {
		/* later queues join the interface the first one created */
		fd = open_queue(this, i ? this->name : name, multi);
		if (fd < 0) {
			destroy(&this->public);
			return NULL;
		}
		this->fds[this->queues++] = fd;
	}
	this->ifindex = (int)if_nametoindex(this->name);
	if (!this->ifindex) {
		DBG1(DBG_KNL, "TUN device %s has no interface index", this->name);
		destroy(&this->public);
		return NULL;
	}
	DBG2(DBG_KNL, "created TUN device %s with %u queue(s)", this->name,
	     this->queues);
	return &this->public;
}
