/*
 * A connection: its IKE config, how both ends authenticate, IKE_SA timers
 * and the CHILD_SA configs.
 *
 * Children can be added and removed while IKE_SAs enumerate them, so that
 * list sits behind a read-write lock; an enumerator holds the read lock
 * until it is destroyed. Everything else is fixed at creation.
 */
#include <pthread.h>
#include <stdlib.h>

#include "config/peer_cfg.h"

typedef struct private_peer_cfg_t {
	peer_cfg_t public;
	char *name;
	ike_cfg_t *ike_cfg;
	peer_cfg_create_t data;
	auth_cfg_t local;
	auth_cfg_t remote;
	linked_list_t *children;
	vip_cfg_t vips;
	pthread_rwlock_t lock;
	unsigned int refs;
} private_peer_cfg_t;

static const char *get_name(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->name;
}

static ike_cfg_t *get_ike_cfg(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->ike_cfg;
}

static void add_child_cfg(peer_cfg_t *public, child_cfg_t *child)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	if (!child) {
		return;
	}
	pthread_rwlock_wrlock(&this->lock);
	this->children->insert_last(this->children, child);
	pthread_rwlock_unlock(&this->lock);
}

static bool remove_child_cfg(peer_cfg_t *public, const char *name)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;
	enumerator_t *enumerator;
	child_cfg_t *child;
	bool found = false;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->children->create_enumerator(this->children);
	while (!found && enumerator->enumerate(enumerator, &child)) {
		if (streq(child->get_name(child), name)) {
			this->children->remove_at(this->children, enumerator);
			child->destroy(child);
			found = true;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return found;
}

/* an enumerator over the children that holds the read lock */
typedef struct child_enumerator_t {
	enumerator_t public;
	enumerator_t *inner;
	pthread_rwlock_t *lock;
} child_enumerator_t;

static bool child_enumerate(enumerator_t *public, ...)
{
	child_enumerator_t *this = (child_enumerator_t *)public;
	child_cfg_t **out, *child;
	va_list args;

	if (!this->inner->enumerate(this->inner, &child)) {
		return false;
	}
	va_start(args, public);
	out = va_arg(args, child_cfg_t **);
	va_end(args);
	if (out) {
		*out = child;
	}
	return true;
}

static void child_enumerator_destroy(enumerator_t *public)
{
	child_enumerator_t *this = (child_enumerator_t *)public;

	this->inner->destroy(this->inner);
	pthread_rwlock_unlock(this->lock);
	free(this);
}

static enumerator_t *create_child_cfg_enumerator(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;
	child_enumerator_t *e = mem_zalloc(sizeof(*e));

	pthread_rwlock_rdlock(&this->lock);
	*e = (child_enumerator_t){
		.public = {
			.enumerate = child_enumerate,
			.destroy = child_enumerator_destroy,
		},
		.inner = this->children->create_enumerator(this->children),
		.lock = &this->lock,
	};
	return &e->public;
}

static child_cfg_t *get_child_cfg(peer_cfg_t *public, const char *name)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;
	enumerator_t *enumerator;
	child_cfg_t *child, *found = NULL;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->children->create_enumerator(this->children);
	while (!found && enumerator->enumerate(enumerator, &child)) {
		if (streq(child->get_name(child), name)) {
			found = child;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return found;
}

static bool ts_list_equal(linked_list_t *a, linked_list_t *b)
{
	enumerator_t *ea, *eb;
	traffic_selector_t *ta, *tb;
	bool same = a->get_count(a) == b->get_count(b);

	ea = a->create_enumerator(a);
	eb = b->create_enumerator(b);
	while (same && ea->enumerate(ea, &ta) && eb->enumerate(eb, &tb)) {
		same = ta->equals(ta, tb);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	return same;
}

static bool all_contained(linked_list_t *inner, linked_list_t *outer)
{
	enumerator_t *ei, *eo;
	traffic_selector_t *ti, *to;
	bool all = true, found;

	ei = inner->create_enumerator(inner);
	while (all && ei->enumerate(ei, &ti)) {
		found = false;
		eo = outer->create_enumerator(outer);
		while (!found && eo->enumerate(eo, &to)) {
			found = ti->is_contained_in(ti, to);
		}
		eo->destroy(eo);
		all = found;
	}
	ei->destroy(ei);
	return all;
}

/*
 * How well one side of a child fits the peer's selectors: 0 nothing in
 * common, 1 narrowing needed, 2 the proposal fits inside our selectors,
 * 3 it is exactly what we would narrow it to.
 */
static int side_score(child_cfg_t *child, bool local, linked_list_t *supplied,
		      linked_list_t *hosts)
{
	linked_list_t *narrowed, *ours;
	int score = 0;

	narrowed = child->get_traffic_selectors(child, local, supplied, hosts);
	if (narrowed->get_count(narrowed)) {
		score = 1;
		if (supplied && supplied->get_count(supplied)) {
			ours = child->get_traffic_selectors(child, local, NULL, hosts);
			if (ts_list_equal(ours, supplied)) {
				score = 3;
			} else if (all_contained(supplied, ours)) {
				score = 2;
			}
			ours->destroy_offset(ours, DESTROY_OFFSET(traffic_selector_t));
		}
	}
	narrowed->destroy_offset(narrowed, DESTROY_OFFSET(traffic_selector_t));
	return score;
}

static child_cfg_t *select_child_cfg(peer_cfg_t *public, linked_list_t *my_ts,
				     linked_list_t *other_ts,
				     linked_list_t *my_hosts,
				     linked_list_t *other_hosts)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;
	enumerator_t *enumerator;
	child_cfg_t *child, *best = NULL;
	int mine, theirs, best_score = 0;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->children->create_enumerator(this->children);
	while (enumerator->enumerate(enumerator, &child)) {
		mine = side_score(child, true, my_ts, my_hosts);
		theirs = mine ? side_score(child, false, other_ts, other_hosts) : 0;
		/* strictly better only: on ties the child configured first */
		if (mine && theirs && mine + theirs > best_score) {
			best_score = mine + theirs;
			best = child;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return best;
}

static auth_cfg_t *get_auth(peer_cfg_t *public, bool local)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return local ? &this->local : &this->remote;
}

static unique_policy_t get_unique_policy(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.unique;
}

static uint32_t get_keyingtries(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.keyingtries;
}

/* @p time less a random part of the jitter, never below 1 */
static uint32_t with_jitter(uint32_t time, uint32_t jitter, bool apply)
{
	uint32_t max = jitter;

	if (!apply || !time || !jitter || time == 1) {
		return time;
	}
	if (max >= time) {
		max = time - 1;
	}
	return time - (uint32_t)((unsigned long)random() % ((unsigned long)max + 1));
}

static uint32_t get_rekey_time(peer_cfg_t *public, bool jitter)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return with_jitter(this->data.rekey_time, this->data.jitter_time, jitter);
}

static uint32_t get_reauth_time(peer_cfg_t *public, bool jitter)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return with_jitter(this->data.reauth_time, this->data.jitter_time, jitter);
}

static uint32_t get_over_time(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.over_time;
}

static bool use_mobike(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.mobike;
}

static uint32_t get_dpd(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.dpd;
}

static uint32_t get_dpd_timeout(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	return this->data.dpd_timeout;
}

static bool id_equal(identification_t *a, identification_t *b)
{
	return a == b || (a && b && a->equals(a, b));
}

static bool auth_equal(auth_cfg_t *a, auth_cfg_t *b)
{
	return a->auth == b->auth && id_equal(a->id, b->id) &&
	       id_equal(a->ca, b->ca) && streq(a->cert, b->cert) &&
	       a->send_cert == b->send_cert && a->crl_policy == b->crl_policy &&
	       (a->pubkey ? b->pubkey && a->pubkey->equals(a->pubkey, b->pubkey) : !b->pubkey);
}

static bool children_equal(private_peer_cfg_t *this, private_peer_cfg_t *other)
{
	enumerator_t *ea, *eb;
	child_cfg_t *ca, *cb;
	bool same;

	/* both read locks, in address order so two comparisons cannot deadlock */
	pthread_rwlock_rdlock(this < other ? &this->lock : &other->lock);
	pthread_rwlock_rdlock(this < other ? &other->lock : &this->lock);
	same = this->children->get_count(this->children) ==
	       other->children->get_count(other->children);
	ea = this->children->create_enumerator(this->children);
	eb = other->children->create_enumerator(other->children);
	while (same && ea->enumerate(ea, &ca) && eb->enumerate(eb, &cb)) {
		same = ca->equals(ca, cb);
	}
	ea->destroy(ea);
	eb->destroy(eb);
	pthread_rwlock_unlock(&other->lock);
	pthread_rwlock_unlock(&this->lock);
	return same;
}

/* field by field: padding bytes of copied structs are undefined */
static bool data_equal(peer_cfg_create_t *a, peer_cfg_create_t *b)
{
	return a->unique == b->unique && a->keyingtries == b->keyingtries &&
	       a->rekey_time == b->rekey_time && a->reauth_time == b->reauth_time &&
	       a->jitter_time == b->jitter_time && a->over_time == b->over_time &&
	       a->mobike == b->mobike && a->aggressive == b->aggressive &&
	       a->dpd == b->dpd && a->dpd_timeout == b->dpd_timeout;
}

static bool equals(peer_cfg_t *public, peer_cfg_t *other_public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;
	private_peer_cfg_t *other = (private_peer_cfg_t *)other_public;

	if (this == other) {
		return true;
	}
	return other && data_equal(&this->data, &other->data) &&
	       this->ike_cfg->equals(this->ike_cfg, other->ike_cfg) &&
	       auth_equal(&this->local, &other->local) &&
	       auth_equal(&this->remote, &other->remote) &&
	       vip_cfg_equals(&this->vips, &other->vips) && children_equal(this, other);
}

static vip_cfg_t *get_vip_cfg(peer_cfg_t *public)
{
	return &((private_peer_cfg_t *)public)->vips;
}

static peer_cfg_t *get_ref(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void auth_free(auth_cfg_t *auth)
{
	DESTROY_IF(auth->id);
	DESTROY_IF(auth->ca);
	free(auth->cert);
	DESTROY_IF(auth->pubkey);
}

static void destroy(peer_cfg_t *public)
{
	private_peer_cfg_t *this = (private_peer_cfg_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	this->children->destroy_offset(this->children, DESTROY_OFFSET(child_cfg_t));
	DESTROY_IF(this->ike_cfg);
	auth_free(&this->local);
	auth_free(&this->remote);
	vip_cfg_free(&this->vips);
	pthread_rwlock_destroy(&this->lock);
	free(this->name);
	free(this);
}

peer_cfg_t *peer_cfg_create(const char *name, ike_cfg_t *ike_cfg, peer_cfg_create_t *data)
{
	private_peer_cfg_t *this;

	if (!ike_cfg) {
		DBG1(DBG_CFG, "connection '%s' has no IKE config", name ?: "");
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_peer_cfg_t){
		.public = {
			.get_name = get_name,
			.get_ike_cfg = get_ike_cfg,
			.add_child_cfg = add_child_cfg,
			.remove_child_cfg = remove_child_cfg,
			.create_child_cfg_enumerator = create_child_cfg_enumerator,
			.get_child_cfg = get_child_cfg,
			.select_child_cfg = select_child_cfg,
			.get_auth = get_auth,
			.get_vip_cfg = get_vip_cfg,
			.get_unique_policy = get_unique_policy,
			.get_keyingtries = get_keyingtries,
			.get_rekey_time = get_rekey_time,
			.get_reauth_time = get_reauth_time,
			.get_over_time = get_over_time,
			.use_mobike = use_mobike,
			.get_dpd = get_dpd,
			.get_dpd_timeout = get_dpd_timeout,
			.equals = equals,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.name = str_dup(name ?: ""),
		.ike_cfg = ike_cfg,
		.children = linked_list_create(),
		.refs = 1,
	};
	if (data) {
		this->data = *data;
	}
	vip_cfg_init(&this->vips);
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}
