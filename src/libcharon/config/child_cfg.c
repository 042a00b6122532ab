/*
 * A CHILD_SA configuration: ESP proposals, traffic selectors of both sides,
 * mode, lifetimes and actions.
 *
 * Like the other configs it is built once and then only read, so it has no
 * lock, just a reference count.
 */
#include <stdlib.h>

#include "config/child_cfg.h"

typedef struct private_child_cfg_t {
	child_cfg_t public;
	char *name;
	child_cfg_create_t data;	/* updown points to our copy */
	linked_list_t *proposals;
	linked_list_t *my_ts;
	linked_list_t *other_ts;
	unsigned int refs;
} private_child_cfg_t;

static const char *get_name(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->name;
}

static void add_proposal(child_cfg_t *public, proposal_t *proposal)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	if (proposal) {
		this->proposals->insert_last(this->proposals, proposal);
	}
}

/* A copy of @p proposal without KE transforms (number and SPI kept). */
static proposal_t *strip_ke_copy(proposal_t *proposal)
{
	proposal_t *copy;
	enumerator_t *enumerator;
	uint16_t type, alg, key_length;

	copy = proposal_create(proposal->get_protocol(proposal),
			       proposal->get_number(proposal));
	copy->set_spi(copy, proposal->get_spi(proposal));
	enumerator = proposal->create_enumerator(proposal);
	while (enumerator->enumerate(enumerator, &type, &alg, &key_length)) {
		if (type != TRANSFORM_KE) {
			copy->add_algorithm(copy, type, alg, key_length);
		}
	}
	enumerator->destroy(enumerator);
	return copy;
}

static bool contains_equal(linked_list_t *list, proposal_t *proposal)
{
	enumerator_t *enumerator;
	proposal_t *current;
	bool found = false;

	enumerator = list->create_enumerator(list);
	while (!found && enumerator->enumerate(enumerator, &current)) {
		found = current->equals(current, proposal);
	}
	enumerator->destroy(enumerator);
	return found;
}

static void destroy_proposal(void *item)
{
	proposal_t *proposal = item;

	proposal->destroy(proposal);
}

/* Copies of @p from; without KE if asked, then proposals that became equal
 * are dropped. Renumbered if @p renumber. */
static linked_list_t *copy_proposals(linked_list_t *from, bool strip_ke, bool renumber)
{
	linked_list_t *list = linked_list_create();
	enumerator_t *enumerator;
	proposal_t *proposal, *copy;

	enumerator = from->create_enumerator(from);
	while (enumerator->enumerate(enumerator, &proposal)) {
		copy = strip_ke ? strip_ke_copy(proposal) : proposal->clone(proposal);
		if (strip_ke && contains_equal(list, copy)) {
			copy->destroy(copy);
			continue;
		}
		if (renumber) {
			copy->set_number(copy, (uint8_t)(list->get_count(list) + 1));
		}
		list->insert_last(list, copy);
	}
	enumerator->destroy(enumerator);
	return list;
}

static linked_list_t *get_proposals(child_cfg_t *public, bool strip_ke)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return copy_proposals(this->proposals, strip_ke, true);
}

static proposal_t *select_proposal(child_cfg_t *public, linked_list_t *proposals,
				   bool strip_ke, bool prefer_peer)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	linked_list_t *ours, *theirs;
	proposal_t *selected;

	if (!proposals) {
		return NULL;
	}
	ours = copy_proposals(this->proposals, strip_ke, false);
	/* the peer's SPIs and numbers must survive into the result */
	theirs = strip_ke ? copy_proposals(proposals, true, false) : proposals;
	if (prefer_peer) {
		selected = proposal_select_list_peer(ours, theirs);
	} else {
		selected = proposal_select_list(ours, theirs);
	}
	ours->destroy_function(ours, destroy_proposal);
	if (theirs != proposals) {
		theirs->destroy_function(theirs, destroy_proposal);
	}
	return selected;
}

static key_exchange_method_t get_ke_method(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	proposal_t *first;
	uint16_t alg;

	if (this->proposals->get_first(this->proposals, (void **)&first) == SUCCESS &&
	    first->get_algorithm(first, TRANSFORM_KE, 0, &alg, NULL)) {
		return (key_exchange_method_t)alg;
	}
	return KE_NONE;
}

static void add_traffic_selector(child_cfg_t *public, bool local, traffic_selector_t *ts)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	linked_list_t *list = local ? this->my_ts : this->other_ts;

	if (ts) {
		list->insert_last(list, ts);
	}
}

/* Take over @p ts unless an equal one is listed already. */
static void add_unique(linked_list_t *list, traffic_selector_t *ts)
{
	enumerator_t *enumerator;
	traffic_selector_t *current;
	bool dup = false;

	enumerator = list->create_enumerator(list);
	while (!dup && enumerator->enumerate(enumerator, &current)) {
		dup = current->equals(current, ts);
	}
	enumerator->destroy(enumerator);
	if (dup) {
		ts->destroy(ts);
	} else {
		list->insert_last(list, ts);
	}
}

/* Drop selectors another one of the list covers entirely. */
static void remove_redundant(linked_list_t *list)
{
	enumerator_t *outer, *inner;
	traffic_selector_t *ts, *other;
	bool covered;

	outer = list->create_enumerator(list);
	while (outer->enumerate(outer, &ts)) {
		covered = false;
		inner = list->create_enumerator(list);
		while (!covered && inner->enumerate(inner, &other)) {
			covered = other != ts && ts->is_contained_in(ts, other);
		}
		inner->destroy(inner);
		if (covered) {
			list->remove_at(list, outer);
			ts->destroy(ts);
		}
	}
	outer->destroy(outer);
}

/* Configured selectors, dynamic ones replaced by each of @p hosts. */
static linked_list_t *derive(linked_list_t *configured, linked_list_t *hosts)
{
	linked_list_t *derived = linked_list_create();
	enumerator_t *enumerator, *he;
	traffic_selector_t *ts, *copy;
	host_t *host;

	enumerator = configured->create_enumerator(configured);
	while (enumerator->enumerate(enumerator, &ts)) {
		if (!ts->is_dynamic(ts) || !hosts || !hosts->get_count(hosts)) {
			add_unique(derived, ts->clone(ts));
			continue;
		}
		he = hosts->create_enumerator(hosts);
		while (he->enumerate(he, &host)) {
			copy = ts->clone(ts);
			copy->set_address(copy, host);
			add_unique(derived, copy);
		}
		he->destroy(he);
	}
	enumerator->destroy(enumerator);
	return derived;
}

static linked_list_t *get_traffic_selectors(child_cfg_t *public, bool local,
					    linked_list_t *supplied,
					    linked_list_t *hosts)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	linked_list_t *derived, *narrowed;
	enumerator_t *ours, *theirs;
	traffic_selector_t *mine, *peer, *subset;

	derived = derive(local ? this->my_ts : this->other_ts, hosts);
	if (!supplied || !supplied->get_count(supplied)) {
		return derived;
	}
	/* RFC 7296 §2.9: what both accept, in our order of preference */
	narrowed = linked_list_create();
	ours = derived->create_enumerator(derived);
	while (ours->enumerate(ours, &mine)) {
		theirs = supplied->create_enumerator(supplied);
		while (theirs->enumerate(theirs, &peer)) {
			subset = mine->get_subset(mine, peer);
			if (subset) {
				add_unique(narrowed, subset);
			}
		}
		theirs->destroy(theirs);
	}
	ours->destroy(ours);
	derived->destroy_offset(derived, DESTROY_OFFSET(traffic_selector_t));
	remove_redundant(narrowed);
	return narrowed;
}

static ipsec_mode_t get_mode(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.mode;
}

static lifetime_cfg_t get_lifetime(child_cfg_t *public, bool jitter)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	lifetime_cfg_t lifetime = this->data.lifetime;
	uint64_t max = this->data.rekey_jitter, cut;

	if (jitter && max && lifetime.time.rekey > 1) {
		/* spread rekeyings of many SAs; never down to zero */
		if (max >= lifetime.time.rekey) {
			max = lifetime.time.rekey - 1;
		}
		cut = (uint64_t)random() % (max + 1);
		lifetime.time.rekey -= cut;
	}
	return lifetime;
}

static action_t get_start_action(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.start_action;
}

static action_t get_dpd_action(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.dpd_action;
}

static action_t get_close_action(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.close_action;
}

static const char *get_updown(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.updown;
}

static bool get_hostaccess(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.hostaccess;
}

static uint32_t get_reqid(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.reqid;
}

static uint32_t get_replay_window(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	return this->data.replay_window;
}

static bool ts_item_equals(void *a, void *b)
{
	traffic_selector_t *ta = a;

	return ta->equals(ta, b);
}

static bool equals(child_cfg_t *public, child_cfg_t *other_public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;
	private_child_cfg_t *other = (private_child_cfg_t *)other_public;
	child_cfg_create_t *a = &this->data, *b;

	if (this == other) {
		return true;
	}
	if (!other) {
		return false;
	}
	b = &other->data;
	return streq(this->name, other->name) &&
	       a->mode == b->mode &&
	       memcmp(&a->lifetime, &b->lifetime, sizeof(a->lifetime)) == 0 &&
	       a->rekey_jitter == b->rekey_jitter &&
	       a->start_action == b->start_action &&
	       a->dpd_action == b->dpd_action &&
	       a->close_action == b->close_action &&
	       streq(a->updown, b->updown) &&
	       a->hostaccess == b->hostaccess &&
	       a->reqid == b->reqid &&
	       a->replay_window == b->replay_window &&
	       a->ipcomp == b->ipcomp &&
	       proposal_list_equals(this->proposals, other->proposals) &&
	       linked_list_equals(this->my_ts, other->my_ts, ts_item_equals) &&
	       linked_list_equals(this->other_ts, other->other_ts, ts_item_equals);
}

static child_cfg_t *get_ref(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(child_cfg_t *public)
{
	private_child_cfg_t *this = (private_child_cfg_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	this->proposals->destroy_function(this->proposals, destroy_proposal);
	this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
	this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
	free((char *)this->data.updown);
	free(this->name);
	free(this);
}

child_cfg_t *child_cfg_create(const char *name, child_cfg_create_t *data)
{
	private_child_cfg_t *this = mem_zalloc(sizeof(*this));

	*this = (private_child_cfg_t){
		.public = {
			.get_name = get_name,
			.add_proposal = add_proposal,
			.get_proposals = get_proposals,
			.select_proposal = select_proposal,
			.get_ke_method = get_ke_method,
			.add_traffic_selector = add_traffic_selector,
			.get_traffic_selectors = get_traffic_selectors,
			.get_mode = get_mode,
			.get_lifetime = get_lifetime,
			.get_start_action = get_start_action,
			.get_dpd_action = get_dpd_action,
			.get_close_action = get_close_action,
			.get_updown = get_updown,
			.get_hostaccess = get_hostaccess,
			.get_reqid = get_reqid,
			.get_replay_window = get_replay_window,
			.equals = equals,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.name = str_dup(name ?: ""),
		.proposals = linked_list_create(),
		.my_ts = linked_list_create(),
		.other_ts = linked_list_create(),
		.refs = 1,
	};
	if (data) {
		this->data = *data;
	}
	if (!this->data.mode) {
		this->data.mode = MODE_TUNNEL;
	}
	this->data.updown = str_dup(this->data.updown);
	return &this->public;
}
