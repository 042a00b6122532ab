/*
 * kernel_ipsec_t over XFRM. Policies live in kernel_netlink_policies.c,
 * events in kernel_netlink_events.c; this file handles SAs and keeps the
 * list of those we created (SPI reservations included), so flush() and the
 * event filter know what is ours.
 */
#include <errno.h>
#include <pthread.h>
#include <arpa/inet.h>
#include <linux/xfrm.h>

#include <netlink/attr.h>

#include "kernel_netlink_ipsec.h"
#include "kernel_netlink_policies.h"
#include "kernel_netlink_events.h"
#include "xfrm_convert.h"
#include "xfrm_sa_msg.h"
#include "xfrm_socket.h"

/* An SA of ours, identified as the kernel does. */
typedef struct sa_entry_t {
	uint16_t family;
	xfrm_address_t dst;
	uint32_t spi;
	uint8_t proto;
	/* reserved by get_spi(), not yet installed */
	bool reserved;
} sa_entry_t;

typedef struct private_ipsec_t {
	kernel_ipsec_t public;
	xfrm_socket_t *socket;
	kernel_netlink_policies_t *policies;
	kernel_netlink_events_t *events;
	pthread_mutex_t mutex;
	/* sa_entry_t * */
	linked_list_t *sas;
} private_ipsec_t;

static const char *proto_name(uint8_t proto)
{
	return proto == IPSEC_PROTO_AH ? "AH" : "ESP";
}

static bool is_gone(int err)
{
	return err == -ESRCH || err == -ENOENT;
}

static void make_entry(sa_entry_t *entry, host_t *dst, uint32_t spi, uint8_t proto)
{
	memset(entry, 0, sizeof(*entry));
	entry->family = xfrm_addr_from_host(dst, &entry->dst);
	entry->spi = spi;
	entry->proto = proto;
}

static bool entry_matches(sa_entry_t *a, sa_entry_t *b)
{
	return a->family == b->family && a->spi == b->spi && a->proto == b->proto &&
	       memcmp(&a->dst, &b->dst, sizeof(a->dst)) == 0;
}

/* Find our entry like @p key; with @p take, out of the list. Locked. */
static sa_entry_t *find_sa(private_ipsec_t *this, sa_entry_t *key, bool take)
{
	enumerator_t *e = this->sas->create_enumerator(this->sas);
	sa_entry_t *entry, *found = NULL;

	while (e->enumerate(e, &entry)) {
		if (entry_matches(entry, key)) {
			if (take) {
				this->sas->remove_at(this->sas, e);
			}
			found = entry;
			break;
		}
	}
	e->destroy(e);
	return found;
}

static void track(private_ipsec_t *this, host_t *dst, uint32_t spi, uint8_t proto,
		  bool reserved)
{
	sa_entry_t key, *entry;

	make_entry(&key, dst, spi, proto);
	pthread_mutex_lock(&this->mutex);
	entry = find_sa(this, &key, false);
	if (!entry) {
		entry = mem_zalloc(sizeof(*entry));
		*entry = key;
		this->sas->insert_last(this->sas, entry);
	}
	entry->reserved = reserved;
	pthread_mutex_unlock(&this->mutex);
}

static void untrack(private_ipsec_t *this, host_t *dst, uint32_t spi, uint8_t proto)
{
	sa_entry_t key;

	make_entry(&key, dst, spi, proto);
	pthread_mutex_lock(&this->mutex);
	free(find_sa(this, &key, true));
	pthread_mutex_unlock(&this->mutex);
}

static void read_spi(void *ctx, struct nlmsghdr *hdr)
{
	struct xfrm_usersa_info *info = nlmsg_data(hdr);
	uint32_t *spi = ctx;

	if (hdr->nlmsg_type == XFRM_MSG_NEWSA && nlmsg_datalen(hdr) >= (int)sizeof(*info)) {
		*spi = info->id.spi;
	}
}

static status_t get_spi(kernel_ipsec_t *public, host_t *src, host_t *dst,
			uint8_t proto, uint32_t *spi)
{
	private_ipsec_t *this = (private_ipsec_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	struct nl_msg *msg;
	uint32_t got = 0;
	int err;

	msg = xfrm_sa_msg_allocspi(src, dst, proto, KERNEL_NETLINK_SPI_MIN,
				   KERNEL_NETLINK_SPI_MAX);
	if (!msg) {
		return FAILED;
	}
	err = this->socket->request(this->socket, msg, read_spi, &got, errtext);
	if (err || !got) {
		DBG1(DBG_KNL, "unable to allocate an %s SPI from the kernel: %s",
		     proto_name(proto), err ? xfrm_socket_error_str(err, errtext, buf,
		     sizeof(buf)) : "no SPI in the answer");
		return FAILED;
	}
	track(this, dst, got, proto, true);
	DBG2(DBG_KNL, "allocated %s SPI %.8x", proto_name(proto), ntohl(got));
	*spi = got;
	return SUCCESS;
}

/* 0, a negative errno, or NOT_BUILT if the SA was refused before (logged) */
#define NOT_BUILT 1

static int send_add(private_ipsec_t *this, kernel_ipsec_sa_id_t *id,
		    kernel_ipsec_add_sa_t *data, bool update, char *errtext)
{
	struct nl_msg *msg = xfrm_sa_msg_add(id, data, update);

	return msg ? this->socket->request(this->socket, msg, NULL, NULL, errtext)
		   : NOT_BUILT;
}

static status_t add_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_add_sa_t *data)
{
	private_ipsec_t *this = (private_ipsec_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	char src[HOST_STR_LEN], dst[HOST_STR_LEN];
	int err;

	err = send_add(this, id, data, data->update, errtext);
	if (data->update && is_gone(err)) {
		/* the reservation timed out in the kernel (net.core.xfrm_acq_expires) */
		DBG1(DBG_KNL, "SPI %.8x was no longer reserved, adding the SA anew",
		     ntohl(id->spi));
		err = send_add(this, id, data, false, errtext);
	}
	if (err == NOT_BUILT) {
		DBG1(DBG_KNL, "unable to add %s SA %.8x", proto_name(id->proto), ntohl(id->spi));
		return FAILED;
	}
	if (err) {
		DBG1(DBG_KNL, "unable to add %s SA %.8x (%s, %s to %s): kernel error %s",
		     proto_name(id->proto), ntohl(id->spi),
		     encryption_algorithm_name(data->enc_alg) ?: "?",
		     host_to_str(id->src, src, sizeof(src)),
		     host_to_str(id->dst, dst, sizeof(dst)),
		     xfrm_socket_error_str(err, errtext, buf, sizeof(buf)));
		return FAILED;
	}
	track(this, id->dst, id->spi, id->proto, false);
	DBG2(DBG_KNL, "added %s SA %.8x, reqid %u", proto_name(id->proto),
	     ntohl(id->spi), data->reqid);
	return SUCCESS;
}

static void read_stats(void *ctx, struct nlmsghdr *hdr)
{
	struct xfrm_usersa_info *info = nlmsg_data(hdr);
	kernel_ipsec_sa_stats_t *stats = ctx;
	struct nlattr *tb[XFRMA_MAX + 1];
	uint64_t used;

	if (hdr->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlmsg_parse(hdr, sizeof(*info), tb, XFRMA_MAX, NULL) < 0) {
		return;
	}
	stats->bytes = info->curlft.bytes;
	stats->packets = info->curlft.packets;
	/* curlft.use_time is the first use; XFRMA_LASTUSED the latest */
	used = info->curlft.use_time;
	if (tb[XFRMA_LASTUSED] && nla_len(tb[XFRMA_LASTUSED]) >= (int)sizeof(uint64_t)) {
		used = nla_get_u64(tb[XFRMA_LASTUSED]) ?: used;
	}
	stats->use_time = xfrm_time_to_monotonic(used);
}

static status_t query_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
			 kernel_ipsec_sa_stats_t *stats)
{
	private_ipsec_t *this = (private_ipsec_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	kernel_ipsec_sa_stats_t got = { 0 };
	struct nl_msg *msg;
	int err;

	msg = xfrm_sa_msg_id(XFRM_MSG_GETSA, id);
	if (!msg) {
		return FAILED;
	}
	err = this->socket->request(this->socket, msg, read_stats, &got, errtext);
	if (err) {
		DBG2(DBG_KNL, "unable to query %s SA %.8x: %s", proto_name(id->proto),
		     ntohl(id->spi), xfrm_socket_error_str(err, errtext, buf, sizeof(buf)));
		return is_gone(err) ? NOT_FOUND : FAILED;
	}
	*stats = got;
	return SUCCESS;
}

static int delete_sa(private_ipsec_t *this, kernel_ipsec_sa_id_t *id, char *errtext)
{
	struct nl_msg *msg = xfrm_sa_msg_id(XFRM_MSG_DELSA, id);

	return msg ? this->socket->request(this->socket, msg, NULL, NULL, errtext) : -ENOMEM;
}

static status_t del_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id)
{
	private_ipsec_t *this = (private_ipsec_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	int err;

	err = delete_sa(this, id, errtext);
	if (!err || is_gone(err)) {
		untrack(this, id->dst, id->spi, id->proto);
	}
	if (err) {
		if (is_gone(err)) {
			DBG2(DBG_KNL, "%s SA %.8x was already gone", proto_name(id->proto),
			     ntohl(id->spi));
			return NOT_FOUND;
		}
		DBG1(DBG_KNL, "unable to delete %s SA %.8x: %s", proto_name(id->proto),
		     ntohl(id->spi), xfrm_socket_error_str(err, errtext, buf, sizeof(buf)));
		return FAILED;
	}
	DBG2(DBG_KNL, "deleted %s SA %.8x", proto_name(id->proto), ntohl(id->spi));
	return SUCCESS;
}

static status_t add_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	private_ipsec_t *this = (private_ipsec_t *)public;

	return this->policies->add(this->policies, id, data);
}

static status_t query_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			     time_t *use_time)
{
	private_ipsec_t *this = (private_ipsec_t *)public;

	return this->policies->query(this->policies, id, use_time);
}

static status_t del_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	private_ipsec_t *this = (private_ipsec_t *)public;

	return this->policies->del(this->policies, id, data);
}

static status_t flush(kernel_ipsec_t *public)
{
	private_ipsec_t *this = (private_ipsec_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	status_t status = SUCCESS;
	kernel_ipsec_sa_id_t id;
	linked_list_t *sas;
	sa_entry_t *entry;
	int err;

	/* policies first, so nothing leaves in the clear meanwhile */
	this->policies->flush(this->policies);
	pthread_mutex_lock(&this->mutex);
	sas = this->sas;
	this->sas = linked_list_create();
	pthread_mutex_unlock(&this->mutex);
	while (sas->remove_first(sas, (void **)&entry) == SUCCESS) {
		id = (kernel_ipsec_sa_id_t){
			.dst = xfrm_addr_to_host(&entry->dst, entry->family, 0),
			.spi = entry->spi,
			.proto = entry->proto,
		};
		err = id.dst ? delete_sa(this, &id, errtext) : 0;
		if (err && !is_gone(err)) {
			DBG1(DBG_KNL, "unable to flush %s SA %.8x: %s", proto_name(entry->proto),
			     ntohl(entry->spi), xfrm_socket_error_str(err, errtext, buf,
			     sizeof(buf)));
			status = FAILED;
		}
		DESTROY_IF(id.dst);
		free(entry);
	}
	sas->destroy(sas);
	return status;
}

static bool filter_acquire(void *ctx, uint32_t reqid)
{
	private_ipsec_t *this = ctx;

	return this->policies->has_reqid(this->policies, reqid);
}

/* Report expires of installed SAs of ours; reservations just lapse. */
static bool filter_expire(void *ctx, uint8_t proto, uint32_t spi, host_t *dst,
			  bool hard)
{
	private_ipsec_t *this = ctx;
	sa_entry_t key, *entry;
	bool report;

	make_entry(&key, dst, spi, proto);
	pthread_mutex_lock(&this->mutex);
	/* after a hard expire the kernel has deleted the SA */
	entry = find_sa(this, &key, hard);
	report = entry && !entry->reserved;
	if (hard) {
		free(entry);
	}
	pthread_mutex_unlock(&this->mutex);
	return report;
}

static void destroy(kernel_ipsec_t *public)
{
	private_ipsec_t *this = (private_ipsec_t *)public;

	/* the event thread uses the tables: it goes first */
	DESTROY_IF(this->events);
	DESTROY_IF(this->policies);
	DESTROY_IF(this->socket);
	if (this->sas) {
		this->sas->destroy_function(this->sas, free);
	}
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_ipsec_t *kernel_netlink_ipsec_create(void)
{
	private_ipsec_t *this = mem_zalloc(sizeof(*this));
	kernel_netlink_events_filter_t filter = {
		.acquire = filter_acquire,
		.expire = filter_expire,
		.ctx = this,
	};

	this->public = (kernel_ipsec_t){
		.get_spi = get_spi,
		.add_sa = add_sa,
		.query_sa = query_sa,
		.del_sa = del_sa,
		.add_policy = add_policy,
		.query_policy = query_policy,
		.del_policy = del_policy,
		.flush = flush,
		.destroy = destroy,
	};
	pthread_mutex_init(&this->mutex, NULL);
	this->sas = linked_list_create();
	this->socket = xfrm_socket_create();
	if (this->socket) {
		this->policies = kernel_netlink_policies_create(this->socket);
		this->events = kernel_netlink_events_create(&filter);
	}
	if (!this->events) {
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
