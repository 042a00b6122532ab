/*
 * Reference-counted XFRM policies. The key of a policy is what the kernel
 * tells policies apart by: direction and selector (two traffic selectors
 * that XFRM widens to the same subnet are one policy). All kernel requests
 * are made under the table's lock, so the kernel always holds the best
 * user of each entry.
 */
#include <errno.h>
#include <pthread.h>
#include <netinet/in.h>

#include <netlink/attr.h>

#include "kernel_netlink_policies.h"
#include "xfrm_convert.h"
#include "collections/hashtable.h"

/* Priority bands, lower wins; within a band more specific selectors win. */
#define PRIO_BAND_PASS 100000
#define PRIO_BAND_IPSEC 200000

typedef struct policy_key_t {
	uint8_t dir;
	struct xfrm_selector sel;
} policy_key_t;

typedef struct user_t {
	policy_type_t type;
	policy_priority_t prio;
	uint32_t reqid;
	ipsec_mode_t mode;
	host_t *src;
	host_t *dst;
	uint32_t priority;
} user_t;

typedef struct entry_t {
	policy_key_t key;
	/* user_t *, best first */
	linked_list_t *users;
	/* the user whose policy the kernel holds */
	user_t *installed;
} entry_t;

typedef struct private_policies_t {
	kernel_netlink_policies_t public;
	xfrm_socket_t *socket;
	pthread_mutex_t mutex;
	/* policy_key_t * -> entry_t * */
	hashtable_t *entries;
} private_policies_t;

static const char *dir_name(uint8_t dir)
{
	switch (dir) {
	case XFRM_POLICY_IN:
		return "in";
	case XFRM_POLICY_OUT:
		return "out";
	default:
		return "fwd";
	}
}

uint32_t kernel_netlink_policy_priority(policy_priority_t prio,
					const struct xfrm_selector *sel)
{
	/* at most 256 * 4 + 3, far below a band */
	uint32_t specific = (uint32_t)(sel->prefixlen_s + sel->prefixlen_d) * 4 +
			    (sel->proto ? 2 : 0) +
			    (sel->sport_mask || sel->dport_mask ? 1 : 0);

	switch (prio) {
	case POLICY_PRIORITY_PASS:
		return PRIO_BAND_PASS - specific;
	case POLICY_PRIORITY_ROUTED:
		/* right behind an installed policy of the same selectors */
		return PRIO_BAND_IPSEC - 2 * specific + 1;
	case POLICY_PRIORITY_DEFAULT:
	default:
		return PRIO_BAND_IPSEC - 2 * specific;
	}
}

static uint32_t key_hash(const void *key)
{
	return chunk_hash(chunk_create((void *)key, sizeof(policy_key_t)));
}

static bool key_equals(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(policy_key_t)) == 0;
}

static bool make_key(kernel_ipsec_policy_id_t *id, policy_key_t *key)
{
	memset(key, 0, sizeof(*key));
	switch (id->dir) {
	case POLICY_IN:
		key->dir = XFRM_POLICY_IN;
		break;
	case POLICY_OUT:
		key->dir = XFRM_POLICY_OUT;
		break;
	case POLICY_FWD:
		key->dir = XFRM_POLICY_FWD;
		break;
	default:
		return false;
	}
	return id->src_ts && id->dst_ts &&
	       xfrm_sel_from_ts(id->src_ts, id->dst_ts, &key->sel);
}

static void user_destroy(user_t *user)
{
	DESTROY_IF(user->src);
	DESTROY_IF(user->dst);
	free(user);
}

static bool hosts_equal(host_t *a, host_t *b)
{
	return a == b || (a && b && a->ip_equals(a, b));
}

static bool user_matches(user_t *user, kernel_ipsec_manage_policy_t *data)
{
	return user->type == data->type && user->prio == data->prio &&
	       user->reqid == data->reqid && user->mode == data->mode &&
	       hosts_equal(user->src, data->src) && hosts_equal(user->dst, data->dst);
}

/* Two users the kernel could not tell apart. */
static bool users_equal(user_t *a, user_t *b)
{
	return a->type == b->type && a->priority == b->priority &&
	       a->reqid == b->reqid && a->mode == b->mode &&
	       hosts_equal(a->src, b->src) && hosts_equal(a->dst, b->dst);
}

static void entry_destroy(entry_t *entry)
{
	entry->users->destroy_function(entry->users, (void *)user_destroy);
	free(entry);
}

static void put_lifetime_inf(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = lft->hard_packet_limit = XFRM_INF;
}

static bool put_tmpl(struct nl_msg *msg, user_t *user)
{
	struct xfrm_user_tmpl tmpl;

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.id.proto = IPPROTO_ESP;
	tmpl.reqid = user->reqid;
	tmpl.aalgos = tmpl.ealgos = tmpl.calgos = ~0u;
	if (user->mode == MODE_TRANSPORT) {
		/* transport SAs are found by the packet's own addresses */
		tmpl.mode = XFRM_MODE_TRANSPORT;
		tmpl.family = user->dst ? (uint16_t)user->dst->get_family(user->dst) : 0;
	} else {
		tmpl.mode = XFRM_MODE_TUNNEL;
		tmpl.family = xfrm_addr_from_host(user->src, &tmpl.saddr);
		xfrm_addr_from_host(user->dst, &tmpl.id.daddr);
	}
	return nla_put(msg, XFRMA_TMPL, sizeof(tmpl), &tmpl) == 0;
}

/* Send @p user's policy for @p entry as XFRM_MSG_NEWPOLICY or UPDPOLICY. */
static int send_policy(private_policies_t *this, entry_t *entry, user_t *user,
		       int type, char *errtext)
{
	struct xfrm_userpolicy_info info;
	struct nl_msg *msg;

	memset(&info, 0, sizeof(info));
	info.sel = entry->key.sel;
	put_lifetime_inf(&info.lft);
	info.priority = user->priority;
	info.dir = entry->key.dir;
	info.action = user->type == POLICY_DROP ? XFRM_POLICY_BLOCK : XFRM_POLICY_ALLOW;
	info.share = XFRM_SHARE_ANY;
	msg = nlmsg_alloc_simple(type, 0);
	if (!msg || nlmsg_append(msg, &info, sizeof(info), NLMSG_ALIGNTO) < 0 ||
	    (user->type == POLICY_IPSEC && !put_tmpl(msg, user))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return this->socket->request(this->socket, msg, NULL, NULL, errtext);
}

static struct nl_msg *id_msg(int type, policy_key_t *key)
{
	struct xfrm_userpolicy_id id;
	struct nl_msg *msg;

	memset(&id, 0, sizeof(id));
	id.sel = key->sel;
	id.dir = key->dir;
	msg = nlmsg_alloc_simple(type, 0);
	if (msg && nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static int delete_policy(private_policies_t *this, entry_t *entry, char *errtext)
{
	struct nl_msg *msg = id_msg(XFRM_MSG_DELPOLICY, &entry->key);

	return msg ? this->socket->request(this->socket, msg, NULL, NULL, errtext) : -ENOMEM;
}

static void log_failure(const char *what, entry_t *entry, user_t *user, int err,
			const char *errtext)
{
	char buf[XFRM_SOCKET_ERRLEN + 64];

	DBG1(DBG_KNL, "unable to %s %s policy (reqid %u): %s", what,
	     dir_name(entry->key.dir), user ? user->reqid : 0,
	     xfrm_socket_error_str(err, errtext, buf, sizeof(buf)));
}

/* Insert @p user before the first one it beats or ties: the newest of
 * equals takes over, as a replacement CHILD_SA should. */
static void insert_user(entry_t *entry, user_t *user)
{
	enumerator_t *e = entry->users->create_enumerator(entry->users);
	user_t *current;

	while (e->enumerate(e, &current)) {
		if (user->priority <= current->priority) {
			break;
		}
	}
	entry->users->insert_before(entry->users, e, user);
	e->destroy(e);
}

static user_t *best_user(entry_t *entry)
{
	user_t *user = NULL;

	entry->users->get_first(entry->users, (void **)&user);
	return user;
}

static status_t add_new(private_policies_t *this, entry_t *entry, user_t *user)
{
	char errtext[XFRM_SOCKET_ERRLEN];
	int err;

	err = send_policy(this, entry, user, XFRM_MSG_NEWPOLICY, errtext);
	if (err == -EEXIST) {
		/* e.g. left behind by a crashed daemon: ours from now on */
		DBG1(DBG_KNL, "replacing an %s policy we did not install",
		     dir_name(entry->key.dir));
		err = send_policy(this, entry, user, XFRM_MSG_UPDPOLICY, errtext);
	}
	if (err) {
		log_failure("install", entry, user, err, errtext);
		return FAILED;
	}
	entry->installed = user;
	return SUCCESS;
}

static status_t add(kernel_netlink_policies_t *public, kernel_ipsec_policy_id_t *id,
		    kernel_ipsec_manage_policy_t *data)
{
	private_policies_t *this = (private_policies_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN];
	status_t status = SUCCESS;
	entry_t *entry, *found;
	user_t *user, *best;
	int err;

	entry = mem_zalloc(sizeof(*entry));
	if (!make_key(id, &entry->key)) {
		free(entry);
		return INVALID_ARG;
	}
	user = mem_zalloc(sizeof(*user));
	*user = (user_t){
		.type = data->type,
		.prio = data->prio,
		.reqid = data->reqid,
		.mode = data->mode,
		.src = data->src ? data->src->clone(data->src) : NULL,
		.dst = data->dst ? data->dst->clone(data->dst) : NULL,
		.priority = kernel_netlink_policy_priority(data->prio, &entry->key.sel),
	};
	pthread_mutex_lock(&this->mutex);
	found = this->entries->get(this->entries, &entry->key);
	if (!found) {
		entry->users = linked_list_create();
		entry->users->insert_first(entry->users, user);
		status = add_new(this, entry, user);
		if (status == SUCCESS) {
			this->entries->put(this->entries, &entry->key, entry);
		} else {
			entry_destroy(entry);
		}
		pthread_mutex_unlock(&this->mutex);
		return status;
	}
	free(entry);
	insert_user(found, user);
	best = best_user(found);
	if (!users_equal(best, found->installed)) {
		err = send_policy(this, found, best, XFRM_MSG_UPDPOLICY, errtext);
		if (err) {
			log_failure("update", found, best, err, errtext);
			found->users->remove(found->users, user, NULL);
			user_destroy(user);
			status = FAILED;
		}
	}
	if (status == SUCCESS) {
		found->installed = best;
		DBG2(DBG_KNL, "%s policy now has %d users, reqid %u in the kernel",
		     dir_name(found->key.dir), found->users->get_count(found->users),
		     best->reqid);
	}
	pthread_mutex_unlock(&this->mutex);
	return status;
}

/* Take the first user matching @p data out of @p entry. */
static user_t *remove_user(entry_t *entry, kernel_ipsec_manage_policy_t *data)
{
	enumerator_t *e = entry->users->create_enumerator(entry->users);
	user_t *user, *found = NULL;

	while (e->enumerate(e, &user)) {
		if (user_matches(user, data)) {
			entry->users->remove_at(entry->users, e);
			found = user;
			break;
		}
	}
	e->destroy(e);
	return found;
}

/* The last user is gone: the kernel policy goes too. */
static status_t remove_entry(private_policies_t *this, entry_t *entry, user_t *user)
{
	char errtext[XFRM_SOCKET_ERRLEN];
	int err;

	this->entries->remove(this->entries, &entry->key);
	err = delete_policy(this, entry, errtext);
	if (err == -ENOENT) {
		DBG1(DBG_KNL, "%s policy of reqid %u was already removed from the kernel",
		     dir_name(entry->key.dir), user->reqid);
		err = 0;
	} else if (err) {
		log_failure("remove", entry, user, err, errtext);
	}
	entry_destroy(entry);
	return err ? FAILED : SUCCESS;
}

static status_t del(kernel_netlink_policies_t *public, kernel_ipsec_policy_id_t *id,
		    kernel_ipsec_manage_policy_t *data)
{
	private_policies_t *this = (private_policies_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN];
	status_t status = SUCCESS;
	policy_key_t key;
	user_t *user, *best;
	entry_t *entry;
	int err;

	if (!make_key(id, &key)) {
		return INVALID_ARG;
	}
	pthread_mutex_lock(&this->mutex);
	entry = this->entries->get(this->entries, &key);
	user = entry ? remove_user(entry, data) : NULL;
	if (!user) {
		pthread_mutex_unlock(&this->mutex);
		DBG2(DBG_KNL, "no %s policy of reqid %u to remove", dir_name(key.dir),
		     data->reqid);
		return NOT_FOUND;
	}
	if (!entry->users->get_count(entry->users)) {
		status = remove_entry(this, entry, user);
	} else if (entry->installed == user) {
		best = best_user(entry);
		if (!users_equal(best, user)) {
			err = send_policy(this, entry, best, XFRM_MSG_UPDPOLICY, errtext);
			if (err) {
				/* the kernel keeps the old one; still, that user is gone */
				log_failure("update", entry, best, err, errtext);
				status = FAILED;
			}
		}
		entry->installed = best;
	}
	pthread_mutex_unlock(&this->mutex);
	user_destroy(user);
	return status;
}

static void read_use_time(void *ctx, struct nlmsghdr *hdr)
{
	struct xfrm_userpolicy_info *info = nlmsg_data(hdr);
	time_t *use_time = ctx;

	if (hdr->nlmsg_type == XFRM_MSG_NEWPOLICY &&
	    nlmsg_datalen(hdr) >= (int)sizeof(*info)) {
		*use_time = xfrm_time_to_monotonic(info->curlft.use_time);
	}
}

static status_t query(kernel_netlink_policies_t *public, kernel_ipsec_policy_id_t *id,
		      time_t *use_time)
{
	private_policies_t *this = (private_policies_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN], buf[XFRM_SOCKET_ERRLEN + 64];
	struct nl_msg *msg;
	policy_key_t key;
	time_t used = 0;
	int err;

	if (!make_key(id, &key)) {
		return INVALID_ARG;
	}
	msg = id_msg(XFRM_MSG_GETPOLICY, &key);
	if (!msg) {
		return FAILED;
	}
	err = this->socket->request(this->socket, msg, read_use_time, &used, errtext);
	if (err) {
		DBG2(DBG_KNL, "unable to query %s policy: %s", dir_name(key.dir),
		     xfrm_socket_error_str(err, errtext, buf, sizeof(buf)));
		return err == -ENOENT ? NOT_FOUND : FAILED;
	}
	*use_time = used;
	return SUCCESS;
}

static bool has_reqid(kernel_netlink_policies_t *public, uint32_t reqid)
{
	private_policies_t *this = (private_policies_t *)public;
	enumerator_t *entries, *users;
	bool found = false;
	entry_t *entry;
	user_t *user;

	pthread_mutex_lock(&this->mutex);
	entries = this->entries->create_enumerator(this->entries);
	while (!found && entries->enumerate(entries, NULL, &entry)) {
		users = entry->users->create_enumerator(entry->users);
		while (!found && users->enumerate(users, &user)) {
			found = user->type == POLICY_IPSEC && user->reqid == reqid;
		}
		users->destroy(users);
	}
	entries->destroy(entries);
	pthread_mutex_unlock(&this->mutex);
	return found;
}

static void flush(kernel_netlink_policies_t *public)
{
	private_policies_t *this = (private_policies_t *)public;
	char errtext[XFRM_SOCKET_ERRLEN];
	enumerator_t *e;
	entry_t *entry;
	int err;

	pthread_mutex_lock(&this->mutex);
	e = this->entries->create_enumerator(this->entries);
	while (e->enumerate(e, NULL, &entry)) {
		this->entries->remove_at(this->entries, e);
		err = delete_policy(this, entry, errtext);
		if (err && err != -ENOENT) {
			log_failure("flush", entry, entry->installed, err, errtext);
		}
		entry_destroy(entry);
	}
	e->destroy(e);
	pthread_mutex_unlock(&this->mutex);
}

static void destroy_entry(void *value, const void *key)
{
	entry_destroy(value);
}

static void destroy(kernel_netlink_policies_t *public)
{
	private_policies_t *this = (private_policies_t *)public;

	this->entries->destroy_function(this->entries, destroy_entry);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_netlink_policies_t *kernel_netlink_policies_create(xfrm_socket_t *socket)
{
	private_policies_t *this = mem_zalloc(sizeof(*this));

	this->public = (kernel_netlink_policies_t){
		.add = add,
		.del = del,
		.query = query,
		.has_reqid = has_reqid,
		.flush = flush,
		.destroy = destroy,
	};
	this->socket = socket;
	this->entries = hashtable_create(key_hash, key_equals, 32);
	pthread_mutex_init(&this->mutex, NULL);
	return &this->public;
}
