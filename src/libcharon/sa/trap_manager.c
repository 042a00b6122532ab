/*
 * The trap manager. Traps (a CHILD_SA in state ROUTED per CHILD_SA config
 * name) sit in a list under a read-write lock: status enumerates them
 * while route/unroute change them.
 *
 * Acquires come from the data plane's event thread, which must not block
 * on IKE_SAs: they only note the reqid as pending and queue a job that
 * checks out (or creates) the IKE_SA and initiates the CHILD_SA with the
 * trap's reqid. The pending note suppresses further acquires until the
 * negotiation ends: the CHILD_SA of that reqid comes up, fails or goes,
 * or its IKE_SA is destroyed. Bus events arrive while the trap lock may
 * be held by the same thread (installing a trap changes a CHILD_SA's
 * state), so the pending notes have their own lock and are process-wide,
 * like the listeners that maintain them: a late event or job then never
 * touches a destroyed manager.
 */
#include "sa/trap_manager.h"

#include <pthread.h>
#include <stdatomic.h>

#include "daemon.h"
#include "kernel/kernel_net.h"
#include "processing/job.h"
#include "processing/processor.h"

typedef struct {
	peer_cfg_t *peer_cfg;
	child_sa_t *child;
} trap_t;

typedef struct private_trap_manager_t {
	trap_manager_t public;
	/* trap_t * */
	linked_list_t *traps;
	pthread_rwlock_t lock;
} private_trap_manager_t;

/* A negotiation started by an acquire; ike_sa is compared, never used. */
typedef struct {
	uint32_t reqid;
	ike_sa_t *ike_sa;
} pending_t;

static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
/* pending_t * */
static linked_list_t *pending;
/* receives the data plane's acquires */
static private_trap_manager_t *_Atomic instance;

/* --- pending negotiations (pending_lock held) ---------------------------- */

static pending_t *find_pending(uint32_t reqid)
{
	enumerator_t *e;
	pending_t *p, *found = NULL;

	if (!pending) {
		return NULL;
	}
	e = pending->create_enumerator(pending);
	while (e->enumerate(e, &p)) {
		if (p->reqid == reqid) {
			found = p;
			break;
		}
	}
	e->destroy(e);
	return found;
}

/* Forget the notes matching @p reqid (0: any) of @p ike_sa (NULL: any). */
static void clear_pending(uint32_t reqid, ike_sa_t *ike_sa)
{
	enumerator_t *e;
	pending_t *p;

	if (!pending) {
		return;
	}
	e = pending->create_enumerator(pending);
	while (e->enumerate(e, &p)) {
		if ((!reqid || p->reqid == reqid) && (!ike_sa || p->ike_sa == ike_sa)) {
			pending->remove_at(pending, e);
			free(p);
		}
	}
	e->destroy(e);
}

static bool on_ike_state(listener_t *l, ike_sa_t *ike_sa, ike_sa_state_t state)
{
	if (state == IKE_DESTROYING) {
		pthread_mutex_lock(&pending_lock);
		clear_pending(0, ike_sa);
		pthread_mutex_unlock(&pending_lock);
	}
	return true;
}

static bool on_child_updown(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child, bool up)
{
	if (up) {
		pthread_mutex_lock(&pending_lock);
		clear_pending(child->get_reqid(child), NULL);
		pthread_mutex_unlock(&pending_lock);
	}
	return true;
}

static bool on_child_state(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child,
			   child_sa_state_t state)
{
	/* the negotiated CHILD_SA failed; its IKE_SA may stay */
	if (ike_sa && (state == CHILD_FAILED || state == CHILD_DESTROYING)) {
		pthread_mutex_lock(&pending_lock);
		clear_pending(child->get_reqid(child), ike_sa);
		pthread_mutex_unlock(&pending_lock);
	}
	return true;
}

static listener_t bus_listener = {
	.ike_state_change = on_ike_state,
	.child_updown = on_child_updown,
	.child_state_change = on_child_state,
};

/* --- acquire ------------------------------------------------------------- */

typedef struct {
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	uint32_t reqid;
} acquire_job_t;

static void acquire_job_destroy(void *data)
{
	acquire_job_t *job = data;

	job->peer_cfg->destroy(job->peer_cfg);
	job->child_cfg->destroy(job->child_cfg);
	free(job);
}

/* An IKE_SA that already carries the CHILD_SA (the peer was quicker). */
static bool has_child(ike_sa_t *ike_sa, uint32_t reqid, const char *name)
{
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;
	bool found = false;

	while (!found && e->enumerate(e, &child)) {
		found = child->get_state(child) == CHILD_INSTALLED &&
			(child->get_reqid(child) == reqid || streq(child->get_name(child), name));
	}
	e->destroy(e);
	return found;
}

static job_requeue_t acquire_job(void *data)
{
	acquire_job_t *job = data;
	ike_sa_manager_t *manager = charon->ike_sa_manager;
	const char *name = job->child_cfg->get_name(job->child_cfg);
	ike_sa_t *ike_sa;
	status_t status;
	pending_t *p;

	pthread_mutex_lock(&pending_lock);
	p = find_pending(job->reqid);
	pthread_mutex_unlock(&pending_lock);
	if (!p) {
		/* flushed meanwhile */
		return JOB_REQUEUE_NONE;
	}
	ike_sa = manager->checkout_by_config(manager, job->peer_cfg);
	if (!ike_sa) {
		DBG1(DBG_CFG, "acquire for reqid %u: no IKE_SA for '%s'", job->reqid, name);
		pthread_mutex_lock(&pending_lock);
		clear_pending(job->reqid, NULL);
		pthread_mutex_unlock(&pending_lock);
		return JOB_REQUEUE_NONE;
	}
	if (has_child(ike_sa, job->reqid, name)) {
		DBG1(DBG_CFG, "acquire for reqid %u: CHILD_SA %s is up already", job->reqid, name);
		status = SUCCESS;
	} else {
		DBG1(DBG_CFG, "acquire for reqid %u: initiating '%s'", job->reqid, name);
		status = ike_sa->initiate(ike_sa, job->child_cfg, job->reqid);
	}
	pthread_mutex_lock(&pending_lock);
	p = find_pending(job->reqid);
	if (p && status != DESTROY_ME && status != FAILED && !has_child(ike_sa, job->reqid, name)) {
		/* events of this IKE_SA arrive only after the checkin below */
		p->ike_sa = ike_sa;
	} else {
		clear_pending(job->reqid, NULL);
	}
	pthread_mutex_unlock(&pending_lock);
	if (status == DESTROY_ME) {
		manager->checkin_and_destroy(manager, ike_sa);
	} else {
		manager->checkin(manager, ike_sa);
	}
	return JOB_REQUEUE_NONE;
}

/* Called with the trap lock held. */
static trap_t *find_trap(private_trap_manager_t *this, bool (*match)(trap_t *, const void *),
			 const void *data)
{
	enumerator_t *e = this->traps->create_enumerator(this->traps);
	trap_t *trap, *found = NULL;

	while (e->enumerate(e, &trap)) {
		if (match(trap, data)) {
			found = trap;
			break;
		}
	}
	e->destroy(e);
	return found;
}

static bool match_reqid(trap_t *trap, const void *data)
{
	return trap->child->get_reqid(trap->child) == *(const uint32_t *)data;
}

static bool match_name(trap_t *trap, const void *data)
{
	return streq(trap->child->get_name(trap->child), data);
}

static void acquire(trap_manager_t *public, uint32_t reqid, traffic_selector_t *src,
		    traffic_selector_t *dst)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;
	char s[TS_STR_LEN] = "%any", d[TS_STR_LEN] = "%any";
	acquire_job_t *job = NULL;
	pending_t *p;
	trap_t *trap;

	if (src) {
		traffic_selector_to_str(src, s, sizeof(s));
	}
	if (dst) {
		traffic_selector_to_str(dst, d, sizeof(d));
	}
	pthread_rwlock_rdlock(&this->lock);
	trap = find_trap(this, match_reqid, &reqid);
	if (trap) {
		job = mem_zalloc(sizeof(*job));
		job->peer_cfg = trap->peer_cfg->get_ref(trap->peer_cfg);
		job->child_cfg = trap->child->get_config(trap->child);
		job->child_cfg = job->child_cfg->get_ref(job->child_cfg);
		job->reqid = reqid;
	}
	pthread_rwlock_unlock(&this->lock);
	if (!job) {
		DBG1(DBG_CFG, "received an acquire for reqid %u (%s === %s), but there is no "
		     "such trap", reqid, s, d);
		return;
	}
	pthread_mutex_lock(&pending_lock);
	if (!pending || find_pending(reqid)) {
		/* a negotiation is under way, or we shut down */
		pthread_mutex_unlock(&pending_lock);
		DBG2(DBG_CFG, "ignoring acquire for reqid %u, a connection attempt is pending",
		     reqid);
		acquire_job_destroy(job);
		return;
	}
	p = mem_zalloc(sizeof(*p));
	p->reqid = reqid;
	pending->insert_last(pending, p);
	pthread_mutex_unlock(&pending_lock);
	DBG1(DBG_CFG, "acquire for %s === %s hit the trap of '%s' (reqid %u)", s, d,
	     job->child_cfg->get_name(job->child_cfg), reqid);
	lib->processor->queue_job(lib->processor,
		callback_job_create(acquire_job, job, acquire_job_destroy, JOB_PRIO_HIGH));
}

static void on_kernel_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	/* remove_listener() waits for us before the instance goes */
	private_trap_manager_t *this = atomic_load(&instance);

	if (this) {
		acquire(&this->public, reqid, src, dst);
	}
}

static const kernel_listener_t kernel_listener = {
	.acquire = on_kernel_acquire,
};

/* --- traps --------------------------------------------------------------- */

/* Tunnel endpoints of a trap: the peer must be known, our side follows. */
static bool trap_hosts(peer_cfg_t *peer_cfg, host_t **me, host_t **other)
{
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);

	*me = NULL;
	*other = ike_cfg->resolve_other(ike_cfg, AF_UNSPEC);
	if (!*other || (*other)->is_anyaddr(*other)) {
		DBG1(DBG_CFG, "cannot route '%s': the peer's address (right=%s) is not known",
		     peer_cfg->get_name(peer_cfg), ike_cfg->get_other_addr(ike_cfg));
		DESTROY_IF(*other);
		*other = NULL;
		return false;
	}
	*me = ike_cfg->resolve_me(ike_cfg, (*other)->get_family(*other));
	if (!*me || (*me)->is_anyaddr(*me)) {
		DESTROY_IF(*me);
		*me = kernel_net_get_source_addr(*other, NULL);
	}
	if (!*me) {
		DBG1(DBG_CFG, "cannot route '%s': no local address reaches the peer",
		     peer_cfg->get_name(peer_cfg));
		(*other)->destroy(*other);
		*other = NULL;
		return false;
	}
	return true;
}

static void trap_destroy(trap_t *trap)
{
	/* the trap's state changes belong to no IKE_SA */
	charon->bus->set_sa(charon->bus, NULL);
	trap->child->destroy(trap->child);
	trap->peer_cfg->destroy(trap->peer_cfg);
	free(trap);
}

static bool same_config(trap_t *trap, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg)
{
	child_cfg_t *current = trap->child->get_config(trap->child);

	return (trap->peer_cfg == peer_cfg || trap->peer_cfg->equals(trap->peer_cfg, peer_cfg)) &&
	       (current == child_cfg || current->equals(current, child_cfg));
}

static status_t install(trap_manager_t *public, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;
	const char *name = child_cfg->get_name(child_cfg);
	trap_t *old, *trap;
	host_t *me, *other;
	child_sa_t *child;
	ike_sa_t *current = charon->bus->get_sa(charon->bus);

	pthread_rwlock_wrlock(&this->lock);
	old = find_trap(this, match_name, name);
	if (old && same_config(old, peer_cfg, child_cfg)) {
		pthread_rwlock_unlock(&this->lock);
		return ALREADY_DONE;
	}
	if (!trap_hosts(peer_cfg, &me, &other)) {
		pthread_rwlock_unlock(&this->lock);
		return FAILED;
	}
	child = child_sa_create(me, other, child_cfg, 0, false);
	me->destroy(me);
	other->destroy(other);
	charon->bus->set_sa(charon->bus, NULL);
	if (!child || child->install_trap(child) != SUCCESS) {
		DBG1(DBG_CFG, "installing the trap policies of '%s' failed", name);
		DESTROY_IF(child);
		charon->bus->set_sa(charon->bus, current);
		pthread_rwlock_unlock(&this->lock);
		return FAILED;
	}
	trap = mem_zalloc(sizeof(*trap));
	trap->peer_cfg = peer_cfg->get_ref(peer_cfg);
	trap->child = child;
	this->traps->insert_last(this->traps, trap);
	if (old) {
		/* the new policies are in place before the old ones go */
		this->traps->remove(this->traps, old, NULL);
		trap_destroy(old);
	}
	charon->bus->set_sa(charon->bus, current);
	pthread_rwlock_unlock(&this->lock);
	DBG1(DBG_CFG, "installed trap for '%s' with reqid %u", name, child->get_reqid(child));
	return SUCCESS;
}

static status_t uninstall(trap_manager_t *public, const char *name)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;
	ike_sa_t *current = charon->bus->get_sa(charon->bus);
	uint32_t reqid;
	trap_t *trap;

	pthread_rwlock_wrlock(&this->lock);
	trap = find_trap(this, match_name, name);
	if (!trap) {
		pthread_rwlock_unlock(&this->lock);
		return NOT_FOUND;
	}
	this->traps->remove(this->traps, trap, NULL);
	reqid = trap->child->get_reqid(trap->child);
	trap_destroy(trap);
	charon->bus->set_sa(charon->bus, current);
	pthread_rwlock_unlock(&this->lock);
	DBG1(DBG_CFG, "removed trap for '%s' (reqid %u)", name, reqid);
	return SUCCESS;
}

static bool trap_filter(void *data, void *item, va_list out)
{
	trap_t *trap = item;

	*va_arg(out, peer_cfg_t **) = trap->peer_cfg;
	*va_arg(out, child_sa_t **) = trap->child;
	return true;
}

static void unlock_traps(void *data)
{
	pthread_rwlock_unlock(&((private_trap_manager_t *)data)->lock);
}

static enumerator_t *create_enumerator(trap_manager_t *public)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;

	pthread_rwlock_rdlock(&this->lock);
	return enumerator_create_filter(this->traps->create_enumerator(this->traps), trap_filter,
					this, unlock_traps);
}

static uint32_t find_reqid(trap_manager_t *public, const char *name)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;
	uint32_t reqid = 0;
	trap_t *trap;

	pthread_rwlock_rdlock(&this->lock);
	trap = find_trap(this, match_name, name);
	if (trap) {
		reqid = trap->child->get_reqid(trap->child);
	}
	pthread_rwlock_unlock(&this->lock);
	return reqid;
}

static void flush(trap_manager_t *public)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public;
	ike_sa_t *current = charon->bus->get_sa(charon->bus);
	trap_t *trap;

	/* no acquire starts anything from now on */
	pthread_mutex_lock(&pending_lock);
	if (pending) {
		pending->destroy_function(pending, free);
		pending = NULL;
	}
	pthread_mutex_unlock(&pending_lock);
	pthread_rwlock_wrlock(&this->lock);
	while (this->traps->remove_first(this->traps, (void **)&trap) == SUCCESS) {
		trap_destroy(trap);
	}
	charon->bus->set_sa(charon->bus, current);
	pthread_rwlock_unlock(&this->lock);
}

static void destroy(trap_manager_t *public)
{
	private_trap_manager_t *this = (private_trap_manager_t *)public, *expected = this;

	kernel_interface_remove_listener(&kernel_listener);
	charon->bus->remove_listener(charon->bus, &bus_listener);
	atomic_compare_exchange_strong(&instance, &expected, NULL);
	flush(public);
	this->traps->destroy(this->traps);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

trap_manager_t *trap_manager_create(void)
{
	private_trap_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (private_trap_manager_t){
		.public = {
			.install = install,
			.uninstall = uninstall,
			.create_enumerator = create_enumerator,
			.find_reqid = find_reqid,
			.acquire = acquire,
			.flush = flush,
			.destroy = destroy,
		},
		.traps = linked_list_create(),
	};
	pthread_rwlock_init(&this->lock, NULL);
	pthread_mutex_lock(&pending_lock);
	if (!pending) {
		pending = linked_list_create();
	}
	pthread_mutex_unlock(&pending_lock);
	atomic_store(&instance, this);
	charon->bus->add_listener(charon->bus, &bus_listener);
	kernel_interface_add_listener(&kernel_listener);
	return &this->public;
}
