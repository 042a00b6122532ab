/*
 * The controller. Each operation registers a bus listener that recognises
 * its outcome and a logger that forwards the SA's log lines to the caller,
 * then waits on a condition variable. Callbacks may still be running when
 * the operation ends, so each counts itself in and out, and the operation
 * is freed only once none is inside.
 */
#include <errno.h>
#include <pthread.h>

#include "control/controller.h"

#include "bus/ike_counters.h"
#include "bus/log_bus.h"
#include "daemon.h"
#include "sa/dpd_actions.h"
#include "sa/trap_manager.h"

typedef struct private_controller_t {
	controller_t public;
	trap_manager_t *traps;
	dpd_actions_t *dpd_actions;
} private_controller_t;

typedef enum {
	WAIT_IKE_UP,
	WAIT_CHILD_UP,
	WAIT_IKE_DOWN,
	WAIT_CHILD_DOWN,
} wait_for_t;

typedef struct {
	listener_t listener;
	logger_t logger;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/** The SA worked on (compared by pointer, never dereferenced here). */
	ike_sa_t *ike_sa;
	uint32_t child_id;
	wait_for_t what;
	bool done;
	status_t result;
	/** Callbacks currently running. */
	int busy;
	controller_cb_t cb;
	void *param;
	level_t level;
} op_t;

static bool op_enter(op_t *op)
{
	pthread_mutex_lock(&op->lock);
	op->busy++;
	return !op->done;
}

static void op_leave(op_t *op)
{
	op->busy--;
	pthread_cond_broadcast(&op->cond);
	pthread_mutex_unlock(&op->lock);
}

/* Called with op->lock held. */
static void op_finish(op_t *op, status_t result)
{
	if (!op->done) {
		op->done = true;
		op->result = result;
		pthread_cond_broadcast(&op->cond);
	}
}

static bool on_ike_state(listener_t *l, ike_sa_t *ike_sa, ike_sa_state_t state)
{
	op_t *op = container_of(l, op_t, listener);

	if (op_enter(op) && ike_sa == op->ike_sa && state == IKE_DESTROYING) {
		op_finish(op, op->what == WAIT_IKE_DOWN || op->what == WAIT_CHILD_DOWN ?
			  SUCCESS : FAILED);
	}
	op_leave(op);
	return true;
}

static bool on_ike_updown(listener_t *l, ike_sa_t *ike_sa, bool up)
{
	op_t *op = container_of(l, op_t, listener);

	if (op_enter(op) && ike_sa == op->ike_sa) {
		if (up && op->what == WAIT_IKE_UP) {
			op_finish(op, SUCCESS);
		} else if (!up && (op->what == WAIT_IKE_UP || op->what == WAIT_CHILD_UP)) {
			op_finish(op, FAILED);
		}
	}
	op_leave(op);
	return true;
}

static bool on_child_updown(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child, bool up)
{
	op_t *op = container_of(l, op_t, listener);

	if (op_enter(op) && ike_sa == op->ike_sa) {
		if (up && op->what == WAIT_CHILD_UP) {
			op_finish(op, SUCCESS);
		} else if (!up && op->what == WAIT_CHILD_DOWN &&
			   child->get_unique_id(child) == op->child_id) {
			op_finish(op, SUCCESS);
		}
	}
	op_leave(op);
	return true;
}

static bool on_child_state(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child,
			   child_sa_state_t state)
{
	op_t *op = container_of(l, op_t, listener);

	if (op_enter(op) && ike_sa == op->ike_sa && op->what == WAIT_CHILD_UP &&
	    state == CHILD_FAILED) {
		op_finish(op, FAILED);
	}
	op_leave(op);
	return true;
}

static void on_log(logger_t *l, debug_t group, level_t level, int thread, const char *message)
{
	op_t *op = container_of(l, op_t, logger);

	if (op_enter(op) && op->cb && level <= op->level &&
	    charon->bus->get_sa(charon->bus) == op->ike_sa && op->ike_sa) {
		if (!op->cb(op->param, group, level, message)) {
			op->cb = NULL;
		}
	}
	op_leave(op);
}

static level_t on_get_level(logger_t *l, debug_t group)
{
	return container_of(l, op_t, logger)->level;
}

static op_t *op_create(wait_for_t what, controller_cb_t cb, void *param, level_t level)
{
	op_t *op = mem_zalloc(sizeof(*op));

	op->listener = (listener_t){
		.ike_state_change = on_ike_state,
		.ike_updown = on_ike_updown,
		.child_updown = on_child_updown,
		.child_state_change = on_child_state,
	};
	op->logger = (logger_t){
		.log = on_log,
		.get_level = on_get_level,
	};
	op->what = what;
	op->cb = cb;
	op->param = param;
	op->level = cb ? level : LEVEL_SILENT;
	pthread_mutex_init(&op->lock, NULL);
	pthread_cond_init(&op->cond, NULL);
	charon->bus->add_listener(charon->bus, &op->listener);
	if (cb) {
		log_bus_add_logger(&op->logger);
	}
	return op;
}

/* Wait for the outcome (or the timeout), then free the operation. */
static status_t op_wait_and_destroy(op_t *op, uint32_t timeout_ms)
{
	struct timespec deadline;
	status_t result;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&op->lock);
	while (!op->done) {
		if (timeout_ms == 0) {
			pthread_cond_wait(&op->cond, &op->lock);
		} else if (pthread_cond_timedwait(&op->cond, &op->lock, &deadline) == ETIMEDOUT) {
			op_finish(op, OUT_OF_RES);
		}
	}
	result = op->result;
	pthread_mutex_unlock(&op->lock);

	charon->bus->remove_listener(charon->bus, &op->listener);
	if (op->cb || op->level != LEVEL_SILENT) {
		log_bus_remove_logger(&op->logger);
	}
	pthread_mutex_lock(&op->lock);
	while (op->busy > 0) {
		pthread_cond_wait(&op->cond, &op->lock);
	}
	pthread_mutex_unlock(&op->lock);
	pthread_mutex_destroy(&op->lock);
	pthread_cond_destroy(&op->cond);
	free(op);
	return result;
}

/* Hand the SA back, destroying it if the operation said so. */
static void checkin(ike_sa_t *ike_sa, status_t status)
{
	if (status == DESTROY_ME) {
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager, ike_sa);
	} else {
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	}
}

static status_t initiate(controller_t *this, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg,
			 controller_cb_t cb, void *param, level_t level, uint32_t timeout_ms)
{
	op_t *op = op_create(child_cfg ? WAIT_CHILD_UP : WAIT_IKE_UP, cb, param, level);
	ike_sa_t *ike_sa;
	status_t status;

	ike_sa = charon->ike_sa_manager->checkout_by_config(charon->ike_sa_manager, peer_cfg);
	if (!ike_sa) {
		pthread_mutex_lock(&op->lock);
		op_finish(op, FAILED);
		pthread_mutex_unlock(&op->lock);
		return op_wait_and_destroy(op, 0);
	}
	pthread_mutex_lock(&op->lock);
	op->ike_sa = ike_sa;
	pthread_mutex_unlock(&op->lock);

	if (!child_cfg && ike_sa->get_state(ike_sa) == IKE_ESTABLISHED) {
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		pthread_mutex_lock(&op->lock);
		op_finish(op, SUCCESS);
		pthread_mutex_unlock(&op->lock);
		return op_wait_and_destroy(op, 0);
	}
	status = ike_sa->initiate(ike_sa, child_cfg, 0);
	checkin(ike_sa, status);
	if (!cb) {
		pthread_mutex_lock(&op->lock);
		op_finish(op, status == DESTROY_ME ? FAILED : SUCCESS);
		pthread_mutex_unlock(&op->lock);
	}
	return op_wait_and_destroy(op, timeout_ms);
}

static status_t terminate_ike(controller_t *this, uint32_t unique_id, bool force,
			      controller_cb_t cb, void *param, level_t level,
			      uint32_t timeout_ms)
{
	ike_sa_t *ike_sa;
	status_t status;
	op_t *op;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager, unique_id, false);
	if (!ike_sa) {
		return NOT_FOUND;
	}
	op = op_create(WAIT_IKE_DOWN, cb, param, level);
	pthread_mutex_lock(&op->lock);
	op->ike_sa = ike_sa;
	pthread_mutex_unlock(&op->lock);
	status = ike_sa->delete_ike(ike_sa, force);
	checkin(ike_sa, status);
	if (!cb) {
		pthread_mutex_lock(&op->lock);
		op_finish(op, SUCCESS);
		pthread_mutex_unlock(&op->lock);
	}
	return op_wait_and_destroy(op, timeout_ms);
}

static status_t terminate_child(controller_t *this, uint32_t unique_id, controller_cb_t cb,
				void *param, level_t level, uint32_t timeout_ms)
{
	child_sa_t *child, *found = NULL;
	enumerator_t *e;
	ike_sa_t *ike_sa;
	status_t status;
	op_t *op;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager, unique_id, true);
	if (!ike_sa) {
		return NOT_FOUND;
	}
	e = ike_sa->create_child_sa_enumerator(ike_sa);
	while (e->enumerate(e, &child)) {
		if (child->get_unique_id(child) == unique_id) {
			found = child;
			break;
		}
	}
	e->destroy(e);
	if (!found) {
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		return NOT_FOUND;
	}
	op = op_create(WAIT_CHILD_DOWN, cb, param, level);
	pthread_mutex_lock(&op->lock);
	op->ike_sa = ike_sa;
	op->child_id = unique_id;
	pthread_mutex_unlock(&op->lock);
	status = ike_sa->delete_child_sa(ike_sa, found->get_protocol(found),
					 found->get_spi(found, true));
	checkin(ike_sa, status);
	if (!cb) {
		pthread_mutex_lock(&op->lock);
		op_finish(op, SUCCESS);
		pthread_mutex_unlock(&op->lock);
	}
	return op_wait_and_destroy(op, timeout_ms);
}

static status_t route(controller_t *public, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg)
{
	private_controller_t *this = (private_controller_t *)public;

	return this->traps->install(this->traps, peer_cfg, child_cfg);
}

static status_t unroute(controller_t *public, const char *name)
{
	private_controller_t *this = (private_controller_t *)public;

	return this->traps->uninstall(this->traps, name);
}

static enumerator_t *create_route_enumerator(controller_t *public)
{
	private_controller_t *this = (private_controller_t *)public;

	return this->traps->create_enumerator(this->traps);
}

static void flush(controller_t *public)
{
	private_controller_t *this = (private_controller_t *)public;

	this->dpd_actions->disable(this->dpd_actions);
	this->traps->flush(this->traps);
}

static void destroy(controller_t *public)
{
	private_controller_t *this = (private_controller_t *)public;

	this->dpd_actions->destroy(this->dpd_actions);
	this->traps->destroy(this->traps);
	ike_counters_stop();
	free(this);
}

controller_t *controller_create(void)
{
	private_controller_t *this = mem_zalloc(sizeof(*this));

	*this = (private_controller_t){
		.public = {
			.initiate = initiate,
			.terminate_ike = terminate_ike,
			.terminate_child = terminate_child,
			.route = route,
			.unroute = unroute,
			.create_route_enumerator = create_route_enumerator,
			.flush = flush,
			.destroy = destroy,
		},
		.traps = trap_manager_create(),
		.dpd_actions = dpd_actions_create(),
	};
	ike_counters_start();
	return &this->public;
}
