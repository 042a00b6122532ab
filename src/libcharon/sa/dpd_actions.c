/*
 * dpdaction= and closeaction=. Both run in the thread that holds the dying
 * IKE_SA: a trap (hold) is installed right there, as that only touches the
 * data plane, while a restart needs an IKE_SA of its own and is queued as
 * a job. The job skips the restart if an established IKE_SA already
 * carries the CHILD_SA again (the peer was quicker, or another path
 * restarted it).
 */
#include "sa/dpd_actions.h"

#include <stdatomic.h>

#include "daemon.h"
#include "control/controller.h"
#include "processing/job.h"
#include "processing/processor.h"
#include "sa/tasks/tasks.h"

/* false before create() and after disable(): nothing is started */
static atomic_bool enabled;

static const char *action_name(action_t action)
{
	switch (action) {
	case ACTION_ROUTE:
		return "hold";
	case ACTION_RESTART:
		return "restart";
	default:
		return "clear";
	}
}

typedef struct {
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg;
	uint32_t reqid;
	/* the IKE_SA that went, not to be taken for a replacement */
	uint32_t old_id;
} restart_t;

static void restart_destroy(void *data)
{
	restart_t *restart = data;

	restart->peer_cfg->destroy(restart->peer_cfg);
	restart->child_cfg->destroy(restart->child_cfg);
	free(restart);
}

/* An established IKE_SA of the conn other than the old one carries the CHILD_SA. */
static bool is_up_elsewhere(restart_t *restart)
{
	const char *peer = restart->peer_cfg->get_name(restart->peer_cfg);
	const char *name = restart->child_cfg->get_name(restart->child_cfg);
	enumerator_t *e, *children;
	child_sa_t *child;
	ike_sa_t *ike_sa;
	bool found = false;

	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, false);
	while (!found && e->enumerate(e, &ike_sa)) {
		if (ike_sa->get_unique_id(ike_sa) == restart->old_id ||
		    ike_sa->get_state(ike_sa) != IKE_ESTABLISHED ||
		    !streq(ike_sa->get_name(ike_sa), peer)) {
			continue;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (!found && children->enumerate(children, &child)) {
			found = child->get_state(child) == CHILD_INSTALLED &&
				streq(child->get_name(child), name);
		}
		children->destroy(children);
	}
	e->destroy(e);
	return found;
}

static job_requeue_t restart_job(void *data)
{
	restart_t *restart = data;
	ike_sa_manager_t *manager = charon->ike_sa_manager;
	ike_sa_t *ike_sa;

	if (!atomic_load(&enabled)) {
		return JOB_REQUEUE_NONE;
	}
	if (is_up_elsewhere(restart)) {
		DBG1(DBG_IKE, "CHILD_SA %s is up again, not restarting it",
		     restart->child_cfg->get_name(restart->child_cfg));
		return JOB_REQUEUE_NONE;
	}
	ike_sa = manager->checkout_by_config(manager, restart->peer_cfg);
	if (!ike_sa) {
		DBG1(DBG_IKE, "restarting CHILD_SA %s failed: no IKE_SA",
		     restart->child_cfg->get_name(restart->child_cfg));
		return JOB_REQUEUE_NONE;
	}
	if (ike_sa->initiate(ike_sa, restart->child_cfg, restart->reqid) == DESTROY_ME) {
		manager->checkin_and_destroy(manager, ike_sa);
	} else {
		manager->checkin(manager, ike_sa);
	}
	return JOB_REQUEUE_NONE;
}

static void queue_restart(ike_sa_t *ike_sa, child_sa_t *child)
{
	peer_cfg_t *peer_cfg = ike_sa->get_peer_cfg(ike_sa);
	child_cfg_t *child_cfg = child->get_config(child);
	restart_t *restart = mem_zalloc(sizeof(*restart));

	*restart = (restart_t){
		.peer_cfg = peer_cfg->get_ref(peer_cfg),
		.child_cfg = child_cfg->get_ref(child_cfg),
		.reqid = child->get_reqid(child),
		.old_id = ike_sa->get_unique_id(ike_sa),
	};
	lib->processor->queue_job(lib->processor,
		callback_job_create(restart_job, restart, restart_destroy, JOB_PRIO_MEDIUM));
}

static void install_trap(ike_sa_t *ike_sa, child_sa_t *child)
{
	controller_t *controller = charon->controller;
	child_cfg_t *child_cfg = child->get_config(child);
	status_t status = NOT_SUPPORTED;

	if (controller && controller->route) {
		status = controller->route(controller, ike_sa->get_peer_cfg(ike_sa), child_cfg);
	}
	if (status != SUCCESS && status != ALREADY_DONE) {
		DBG1(DBG_IKE, "installing the trap for CHILD_SA %s failed",
		     child_cfg->get_name(child_cfg));
	}
}

/* Apply @p dpd actions (else close actions) to one CHILD_SA. */
static void apply(ike_sa_t *ike_sa, child_sa_t *child, bool dpd)
{
	child_cfg_t *cfg = child->get_config(child);
	action_t action = dpd ? cfg->get_dpd_action(cfg) : cfg->get_close_action(cfg);

	if (action == ACTION_NONE || !atomic_load(&enabled) || !ike_sa->get_peer_cfg(ike_sa)) {
		return;
	}
	DBG1(DBG_IKE, "%s=%s for CHILD_SA %s{%u}", dpd ? "dpdaction" : "closeaction",
	     action_name(action), child->get_name(child), child->get_unique_id(child));
	if (action == ACTION_ROUTE) {
		install_trap(ike_sa, child);
	} else {
		queue_restart(ike_sa, child);
	}
}

/* Each installed CHILD_SA of @p ike_sa once per config (a rekeying may overlap). */
static void apply_all(ike_sa_t *ike_sa, bool dpd)
{
	linked_list_t *done = linked_list_create();
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa), *seen;
	child_sa_t *child;
	child_cfg_t *cfg;
	bool dup;

	while (e->enumerate(e, &child)) {
		if (child->get_state(child) != CHILD_INSTALLED &&
		    child->get_state(child) != CHILD_REKEYING) {
			continue;
		}
		dup = false;
		seen = done->create_enumerator(done);
		while (!dup && seen->enumerate(seen, &cfg)) {
			dup = streq(cfg->get_name(cfg), child->get_name(child));
		}
		seen->destroy(seen);
		if (!dup) {
			done->insert_last(done, child->get_config(child));
			apply(ike_sa, child, dpd);
		}
	}
	e->destroy(e);
	done->destroy(done);
}

void dpd_actions_ike_closed(ike_sa_t *ike_sa)
{
	if (atomic_load(&enabled)) {
		apply_all(ike_sa, false);
	}
}

void dpd_actions_child_closed(ike_sa_t *ike_sa, child_sa_t *child)
{
	child_cfg_t *cfg;

	/* while the IKE_SA is deleted, its CHILD_SAs go with it */
	if (!atomic_load(&enabled) || ike_sa->get_state(ike_sa) != IKE_ESTABLISHED) {
		return;
	}
	cfg = child->get_config(child);
	if (cfg->get_close_action(cfg) != ACTION_RESTART) {
		apply(ike_sa, child, false);
		return;
	}
	/* the IKE_SA stays: negotiate the CHILD_SA again on it, once the
	 * response to the peer's delete is out */
	DBG1(DBG_IKE, "closeaction=restart for CHILD_SA %s{%u}", child->get_name(child),
	     child->get_unique_id(child));
	ike_sa->queue_task(ike_sa,
			   child_create_create(ike_sa, cfg, false, child->get_reqid(child)));
}

static bool on_alert(listener_t *l, ike_sa_t *ike_sa, alert_t alert, const char *info)
{
	ike_sa_state_t state;

	if (alert != ALERT_RETRANSMIT_SEND_TIMEOUT || !ike_sa) {
		return true;
	}
	/* a connecting SA is keyingtries' business, a deleting one goes anyway */
	state = ike_sa->get_state(ike_sa);
	if (state == IKE_ESTABLISHED || state == IKE_REKEYING) {
		DBG1(DBG_IKE, "peer of IKE_SA %s[%u] is not responding", ike_sa->get_name(ike_sa),
		     ike_sa->get_unique_id(ike_sa));
		apply_all(ike_sa, true);
	}
	return true;
}

/* static: an alert already on its way may arrive after destroy() */
static listener_t listener = {
	.alert = on_alert,
};

static void disable(dpd_actions_t *this)
{
	atomic_store(&enabled, false);
}

static void destroy(dpd_actions_t *this)
{
	disable(this);
	charon->bus->remove_listener(charon->bus, &listener);
	free(this);
}

dpd_actions_t *dpd_actions_create(void)
{
	dpd_actions_t *this = mem_zalloc(sizeof(*this));

	*this = (dpd_actions_t){
		.disable = disable,
		.destroy = destroy,
	};
	charon->bus->add_listener(charon->bus, &listener);
	atomic_store(&enabled, true);
	return this;
}
