/*
 * A CHILD_SA and what it put into the data plane. Everything installed is
 * remembered exactly as installed (hosts and selectors cloned), so that
 * destroy() removes the same objects even if the endpoints moved since.
 */
#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>

#include "sa/child_sa.h"

#include "daemon.h"

static const char *state_names[] = {
	[CHILD_CREATED] = "CREATED",
	[CHILD_ROUTED] = "ROUTED",
	[CHILD_INSTALLING] = "INSTALLING",
	[CHILD_INSTALLED] = "INSTALLED",
	[CHILD_REKEYING] = "REKEYING",
	[CHILD_REKEYED] = "REKEYED",
	[CHILD_DELETING] = "DELETING",
	[CHILD_DESTROYING] = "DESTROYING",
	[CHILD_FAILED] = "FAILED",
};

const char *child_sa_state_name(child_sa_state_t state)
{
	return (unsigned)state < countof(state_names) ? state_names[state] : "UNKNOWN";
}

static atomic_uint next_unique_id = 1;
static atomic_uint next_reqid = 1;

/* One SA in the data plane; hosts are ours (cloned when installed). */
typedef enum { SA_NONE, SA_RESERVED, SA_INSTALLED } sa_status_t;

typedef struct {
	sa_status_t status;
	kernel_ipsec_sa_id_t id;
} sa_entry_t;

/* One installed policy, kept to remove it exactly as it was added. */
typedef struct {
	kernel_ipsec_policy_id_t id;
	kernel_ipsec_manage_policy_t data;
} policy_entry_t;

typedef struct private_child_sa_t {
	child_sa_t public;
	uint32_t unique_id;
	uint32_t reqid;
	child_cfg_t *config;
	child_sa_state_t state;
	ipsec_mode_t mode;
	proposal_t *proposal;
	bool encap;
	host_t *me;
	host_t *other;
	linked_list_t *my_ts;
	linked_list_t *other_ts;
	lifetime_cfg_t lifetime;
	time_t install_time;
	sa_entry_t in;
	sa_entry_t out;
	/* policy_entry_t *, in installation order */
	linked_list_t *policies;
} private_child_sa_t;

static const char *get_name(child_sa_t *public)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	return this->config->get_name(this->config);
}

static uint32_t get_unique_id(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->unique_id;
}

static uint32_t get_reqid(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->reqid;
}

static child_cfg_t *get_config(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->config;
}

static child_sa_state_t get_state(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->state;
}

static void set_state(child_sa_t *public, child_sa_state_t state)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	/* listeners see the old state through get_state() */
	if (charon && charon->bus) {
		charon->bus->child_state_change(charon->bus, public, state);
	}
	this->state = state;
}

static uint32_t get_spi(child_sa_t *public, bool inbound)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	return inbound ? this->in.id.spi : this->out.id.spi;
}

static uint8_t get_protocol(child_sa_t *public)
{
	return PROTO_ESP;
}

static ipsec_mode_t get_mode(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->mode;
}

static void set_mode(child_sa_t *public, ipsec_mode_t mode)
{
	((private_child_sa_t *)public)->mode = mode;
}

static proposal_t *get_proposal(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->proposal;
}

static void set_proposal(child_sa_t *public, proposal_t *proposal)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	if (proposal != this->proposal) {
		DESTROY_IF(this->proposal);
		this->proposal = proposal;
	}
}

static void set_encap(child_sa_t *public, bool encap)
{
	((private_child_sa_t *)public)->encap = encap;
}

static bool has_encap(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->encap;
}

static kernel_ipsec_t *kernel(void)
{
	kernel_ipsec_t *ipsec = kernel_interface_get_ipsec();

	if (!ipsec) {
		DBG1(DBG_CHD, "no IPsec data plane loaded");
	}
	return ipsec;
}

static void clear_sa_entry(sa_entry_t *entry)
{
	DESTROY_IF(entry->id.src);
	DESTROY_IF(entry->id.dst);
	*entry = (sa_entry_t){ .status = SA_NONE };
}

static void set_sa_entry(sa_entry_t *entry, host_t *src, host_t *dst, uint32_t spi,
			 sa_status_t status)
{
	clear_sa_entry(entry);
	entry->status = status;
	entry->id = (kernel_ipsec_sa_id_t){
		.src = src->clone(src),
		.dst = dst->clone(dst),
		.spi = spi,
		.proto = IPSEC_PROTO_ESP,
	};
}

static uint32_t alloc_spi(child_sa_t *public)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	kernel_ipsec_t *ipsec;
	uint32_t spi = 0;

	if (this->in.status != SA_NONE) {
		return this->in.id.spi;
	}
	ipsec = kernel();
	if (!ipsec || !ipsec->get_spi ||
	    ipsec->get_spi(ipsec, this->other, this->me, IPSEC_PROTO_ESP, &spi) != SUCCESS ||
	    !spi) {
		DBG1(DBG_CHD, "unable to allocate an SPI for CHILD_SA %s", get_name(public));
		return 0;
	}
	/* the data plane holds the reservation until install() or destroy() */
	set_sa_entry(&this->in, this->other, this->me, spi, SA_RESERVED);
	return spi;
}

static linked_list_t *get_traffic_selectors(child_sa_t *public, bool local)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	return local ? this->my_ts : this->other_ts;
}

static void *clone_ts(void *item)
{
	traffic_selector_t *ts = item;

	return ts->clone(ts);
}

static void set_traffic_selectors(child_sa_t *public, linked_list_t *my_ts,
				  linked_list_t *other_ts)
{
	private_child_sa_t *this = (private_child_sa_t *)public;

	this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
	this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
	this->my_ts = my_ts ? my_ts->clone(my_ts, clone_ts) : linked_list_create();
	this->other_ts = other_ts ? other_ts->clone(other_ts, clone_ts) : linked_list_create();
}

/* Algorithms of the negotiated proposal as the data plane wants them. */
static bool get_algorithms(private_child_sa_t *this, chunk_t encr, uint16_t *enc_alg,
			   uint16_t *int_alg, bool *esn)
{
	uint16_t enc = ENCR_UNDEFINED, bits = 0, integ = AUTH_UNDEFINED, ext = NO_EXT_SEQ;

	if (!this->proposal ||
	    !this->proposal->get_algorithm(this->proposal, TRANSFORM_ENCR, 0, &enc, &bits)) {
		DBG1(DBG_CHD, "no encryption algorithm negotiated for CHILD_SA %s",
		     get_name(&this->public));
		return false;
	}
	/* AEADs protect integrity themselves; a stray INTEG transform is ignored */
	if (!encryption_algorithm_is_aead(enc)) {
		this->proposal->get_algorithm(this->proposal, TRANSFORM_INTEG, 0, &integ, NULL);
	}
	this->proposal->get_algorithm(this->proposal, TRANSFORM_ESN, 0, &ext, NULL);
	/* AEAD keys carry a salt on top of the negotiated key length */
	if (bits && encr.len < (size_t)bits / 8) {
		DBG1(DBG_CHD, "%s key of %zu bytes is shorter than the negotiated %u bits",
		     encryption_algorithm_name(enc), encr.len, bits);
		return false;
	}
	*enc_alg = enc;
	*int_alg = integ;
	*esn = ext == EXT_SEQ;
	return true;
}

static status_t install(child_sa_t *public, chunk_t encr, chunk_t integ, uint32_t spi,
			bool inbound, bool initiator)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	kernel_ipsec_t *ipsec = kernel();
	lifetime_cfg_t lifetime = this->lifetime;
	kernel_ipsec_add_sa_t data;
	kernel_ipsec_sa_id_t id;
	host_t *src = inbound ? this->other : this->me;
	host_t *dst = inbound ? this->me : this->other;
	sa_entry_t *entry = inbound ? &this->in : &this->out;
	uint16_t enc_alg, int_alg;
	bool esn;

	if (!ipsec || !spi || !get_algorithms(this, encr, &enc_alg, &int_alg, &esn)) {
		return FAILED;
	}
	if (entry->status == SA_INSTALLED) {
		DBG1(DBG_CHD, "%s SA of CHILD_SA %s is already installed",
		     inbound ? "inbound" : "outbound", get_name(public));
		return FAILED;
	}
	if (!inbound) {
		/* the inbound SA's soft expire starts the rekeying, once */
		lifetime.time.rekey = 0;
	}
	data = (kernel_ipsec_add_sa_t){
		.reqid = this->reqid,
		.mode = this->mode,
		.src_ts = inbound ? this->other_ts : this->my_ts,
		.dst_ts = inbound ? this->my_ts : this->other_ts,
		.lifetime = &lifetime,
		.enc_alg = enc_alg,
		.enc_key = encr,
		.int_alg = int_alg,
		.int_key = int_alg == AUTH_UNDEFINED ? chunk_empty : integ,
		.replay_window = this->config->get_replay_window(this->config),
		.esn = esn,
		.encap = this->encap,
		.inbound = inbound,
		.initiator = initiator,
		/* replaces the reservation alloc_spi() made */
		.update = inbound && entry->status == SA_RESERVED && entry->id.spi == spi,
	};
	id = (kernel_ipsec_sa_id_t){ .src = src, .dst = dst, .spi = spi, .proto = IPSEC_PROTO_ESP };
	if (ipsec->add_sa(ipsec, &id, &data) != SUCCESS) {
		DBG1(DBG_CHD, "unable to install %s SA (SPI %.8x) of CHILD_SA %s",
		     inbound ? "inbound" : "outbound", ntohl(spi), get_name(public));
		return FAILED;
	}
	if (inbound && entry->status == SA_RESERVED && entry->id.spi != spi) {
		/* installed under another SPI: the reservation is not needed */
		ipsec->del_sa(ipsec, &entry->id);
	}
	set_sa_entry(entry, src, dst, spi, SA_INSTALLED);
	if (!this->install_time) {
		this->install_time = time_monotonic(NULL);
	}
	return SUCCESS;
}

static void policy_entry_destroy(policy_entry_t *entry)
{
	entry->id.src_ts->destroy(entry->id.src_ts);
	entry->id.dst_ts->destroy(entry->id.dst_ts);
	entry->data.src->destroy(entry->data.src);
	entry->data.dst->destroy(entry->data.dst);
	free(entry);
}

static void del_policy_entry(kernel_ipsec_t *ipsec, policy_entry_t *entry)
{
	if (ipsec && ipsec->del_policy(ipsec, &entry->id, &entry->data) != SUCCESS) {
		DBG1(DBG_CHD, "unable to remove a policy of reqid %u", entry->data.reqid);
	}
	policy_entry_destroy(entry);
}

/* Remove the policies installed after the first @p keep ones, newest first. */
static void del_policies(private_child_sa_t *this, kernel_ipsec_t *ipsec, int keep)
{
	policy_entry_t *entry;

	while (this->policies->get_count(this->policies) > keep &&
	       this->policies->remove_last(this->policies, (void **)&entry) == SUCCESS) {
		del_policy_entry(ipsec, entry);
	}
}

static bool add_policy(private_child_sa_t *this, kernel_ipsec_t *ipsec, policy_dir_t dir,
		       traffic_selector_t *src_ts, traffic_selector_t *dst_ts,
		       policy_priority_t prio)
{
	/* tunnel endpoints follow the direction of the traffic */
	host_t *src = dir == POLICY_OUT ? this->me : this->other;
	host_t *dst = dir == POLICY_OUT ? this->other : this->me;
	policy_entry_t *entry = mem_zalloc(sizeof(*entry));

	entry->id = (kernel_ipsec_policy_id_t){
		.dir = dir,
		.src_ts = src_ts->clone(src_ts),
		.dst_ts = dst_ts->clone(dst_ts),
	};
	entry->data = (kernel_ipsec_manage_policy_t){
		.type = POLICY_IPSEC,
		.prio = prio,
		.reqid = this->reqid,
		.mode = this->mode,
		.src = src->clone(src),
		.dst = dst->clone(dst),
	};
	if (ipsec->add_policy(ipsec, &entry->id, &entry->data) != SUCCESS) {
		char s[TS_STR_LEN], d[TS_STR_LEN];

		DBG1(DBG_CHD, "unable to install policy %s === %s %s for reqid %u",
		     traffic_selector_to_str(src_ts, s, sizeof(s)),
		     traffic_selector_to_str(dst_ts, d, sizeof(d)),
		     dir == POLICY_OUT ? "out" : dir == POLICY_IN ? "in" : "fwd", this->reqid);
		policy_entry_destroy(entry);
		return false;
	}
	this->policies->insert_last(this->policies, entry);
	return true;
}

/* out, in and fwd for every pair of selectors of the same family; all or nothing. */
static status_t add_policies(private_child_sa_t *this, policy_priority_t prio)
{
	kernel_ipsec_t *ipsec = kernel();
	int before = this->policies->get_count(this->policies), pairs = 0;
	traffic_selector_t *my, *other;
	enumerator_t *mine, *others;
	bool ok = true;

	if (!ipsec) {
		return FAILED;
	}
	mine = this->my_ts->create_enumerator(this->my_ts);
	while (ok && mine->enumerate(mine, &my)) {
		others = this->other_ts->create_enumerator(this->other_ts);
		while (ok && others->enumerate(others, &other)) {
			if (my->get_type(my) != other->get_type(other)) {
				continue;
			}
			pairs++;
			ok = add_policy(this, ipsec, POLICY_OUT, my, other, prio) &&
			     add_policy(this, ipsec, POLICY_IN, other, my, prio) &&
			     add_policy(this, ipsec, POLICY_FWD, other, my, prio);
		}
		others->destroy(others);
	}
	mine->destroy(mine);
	if (ok && !pairs) {
		DBG1(DBG_CHD, "CHILD_SA %s has no pair of traffic selectors to install",
		     get_name(&this->public));
		ok = false;
	}
	if (!ok) {
		del_policies(this, ipsec, before);
		return FAILED;
	}
	return SUCCESS;
}

static status_t install_policies(child_sa_t *public)
{
	return add_policies((private_child_sa_t *)public, POLICY_PRIORITY_DEFAULT);
}

/* Selectors from the config, dynamic ones bound to the endpoints. */
static linked_list_t *config_ts(private_child_sa_t *this, bool local)
{
	linked_list_t *hosts = linked_list_create_with_items(local ? this->me : this->other, NULL);
	linked_list_t *list = this->config->get_traffic_selectors(this->config, local, NULL, hosts);

	hosts->destroy(hosts);
	return list;
}

static status_t install_trap(child_sa_t *public)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	status_t status;

	if (!this->my_ts->get_count(this->my_ts) || !this->other_ts->get_count(this->other_ts)) {
		this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
		this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
		this->my_ts = config_ts(this, true);
		this->other_ts = config_ts(this, false);
	}
	status = add_policies(this, POLICY_PRIORITY_ROUTED);
	if (status == SUCCESS) {
		set_state(public, CHILD_ROUTED);
	}
	return status;
}

static void get_usestats(child_sa_t *public, bool inbound, uint64_t *bytes,
			 uint64_t *packets, time_t *use_time)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	sa_entry_t *entry = inbound ? &this->in : &this->out;
	kernel_ipsec_sa_stats_t stats = { 0 };
	kernel_ipsec_t *ipsec = kernel_interface_get_ipsec();

	if (entry->status == SA_INSTALLED && ipsec && ipsec->query_sa &&
	    ipsec->query_sa(ipsec, &entry->id, &stats) != SUCCESS) {
		stats = (kernel_ipsec_sa_stats_t){ 0 };
	}
	if (bytes) {
		*bytes = stats.bytes;
	}
	if (packets) {
		*packets = stats.packets;
	}
	if (use_time) {
		*use_time = stats.use_time;
	}
}

static time_t get_lifetime(child_sa_t *public, bool hard)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	uint64_t secs = hard ? this->lifetime.time.life : this->lifetime.time.rekey;

	if (!this->install_time || !secs) {
		return 0;
	}
	return this->install_time + (time_t)secs;
}

static time_t get_installtime(child_sa_t *public)
{
	return ((private_child_sa_t *)public)->install_time;
}

/*
 * The data plane interface cannot move an installed SA (re-adding it would
 * restart the sequence numbers under the same key, fatal for GCM), so only
 * the policies follow the endpoints; the SAs keep their addresses until
 * the next rekeying.
 */
/* Move an installed SA to new endpoints (MOBIKE); false if it stays. */
static bool move_sa(kernel_ipsec_t *ipsec, sa_entry_t *entry, host_t *src, host_t *dst,
		    bool encap)
{
	if (entry->status != SA_INSTALLED) {
		return true;
	}
	if (!ipsec || !ipsec->update_sa ||
	    ipsec->update_sa(ipsec, &entry->id, src, dst, encap) != SUCCESS) {
		return false;
	}
	entry->id.src->destroy(entry->id.src);
	entry->id.dst->destroy(entry->id.dst);
	entry->id.src = src->clone(src);
	entry->id.dst = dst->clone(dst);
	return true;
}

static void update_hosts(child_sa_t *public, host_t *me, host_t *other, bool encap)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	kernel_ipsec_t *ipsec = kernel_interface_get_ipsec();
	policy_priority_t prio = POLICY_PRIORITY_DEFAULT;
	policy_entry_t *entry;
	bool had_policies = this->policies->get_first(this->policies, (void **)&entry) == SUCCESS;

	if (had_policies) {
		prio = entry->data.prio;
		del_policies(this, ipsec, 0);
	}
	this->me->destroy(this->me);
	this->other->destroy(this->other);
	this->me = me->clone(me);
	this->other = other->clone(other);
	this->encap = encap;
	if (had_policies && add_policies(this, prio) != SUCCESS) {
		DBG1(DBG_CHD, "unable to move the policies of CHILD_SA %s", get_name(public));
	}
	if (!move_sa(ipsec, &this->in, other, me, encap) ||
	    !move_sa(ipsec, &this->out, me, other, encap)) {
		DBG1(DBG_CHD, "SAs of CHILD_SA %s{%u} stay at their addresses until rekeyed",
		     get_name(public), this->unique_id);
	}
}

static void del_sa_entry(kernel_ipsec_t *ipsec, sa_entry_t *entry)
{
	if (entry->status != SA_NONE && ipsec && ipsec->del_sa(ipsec, &entry->id) != SUCCESS) {
		DBG2(DBG_CHD, "unable to remove SA with SPI %.8x", ntohl(entry->id.spi));
	}
	clear_sa_entry(entry);
}

static void destroy(child_sa_t *public)
{
	private_child_sa_t *this = (private_child_sa_t *)public;
	kernel_ipsec_t *ipsec = kernel_interface_get_ipsec();

	set_state(public, CHILD_DESTROYING);
	/* policies first, so no packet goes out in the clear meanwhile */
	del_policies(this, ipsec, 0);
	this->policies->destroy(this->policies);
	del_sa_entry(ipsec, &this->in);
	del_sa_entry(ipsec, &this->out);
	this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
	this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
	DESTROY_IF(this->proposal);
	this->me->destroy(this->me);
	this->other->destroy(this->other);
	this->config->destroy(this->config);
	free(this);
}

child_sa_t *child_sa_create(host_t *me, host_t *other, child_cfg_t *config,
			    uint32_t reqid, bool encap)
{
	private_child_sa_t *this;

	if (!me || !other || !config) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	this->public = (child_sa_t){
		.get_name = get_name,
		.get_unique_id = get_unique_id,
		.get_reqid = get_reqid,
		.get_config = get_config,
		.get_state = get_state,
		.set_state = set_state,
		.get_spi = get_spi,
		.get_protocol = get_protocol,
		.get_mode = get_mode,
		.set_mode = set_mode,
		.get_proposal = get_proposal,
		.set_proposal = set_proposal,
		.set_encap = set_encap,
		.has_encap = has_encap,
		.alloc_spi = alloc_spi,
		.get_traffic_selectors = get_traffic_selectors,
		.set_traffic_selectors = set_traffic_selectors,
		.install = install,
		.install_policies = install_policies,
		.install_trap = install_trap,
		.get_usestats = get_usestats,
		.get_lifetime = get_lifetime,
		.get_installtime = get_installtime,
		.update_hosts = update_hosts,
		.destroy = destroy,
	};
	this->unique_id = atomic_fetch_add(&next_unique_id, 1);
	if (!reqid) {
		reqid = config->get_reqid(config);
	}
	this->reqid = reqid ? reqid : atomic_fetch_add(&next_reqid, 1);
	this->config = config->get_ref(config);
	this->state = CHILD_CREATED;
	this->mode = config->get_mode(config);
	this->encap = encap;
	this->me = me->clone(me);
	this->other = other->clone(other);
	this->my_ts = linked_list_create();
	this->other_ts = linked_list_create();
	this->policies = linked_list_create();
	/* jitter once, so both SAs and the status agree on the times */
	this->lifetime = config->get_lifetime(config, true);
	return &this->public;
}
