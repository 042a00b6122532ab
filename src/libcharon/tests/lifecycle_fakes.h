/*
 * Fakes for the SA lifecycle tests (traps, dpd/close actions, counters):
 * real configs, an IKE_SA that records what is initiated or queued on it,
 * and an IKE_SA manager that hands it out. Builds on child_fakes.h (data
 * plane, bus, log capture). Included once per test program.
 */
#ifndef LIFECYCLE_FAKES_H
#define LIFECYCLE_FAKES_H

#include <pthread.h>
#include <unistd.h>

#include "child_fakes.h"

#include "config/peer_cfg.h"
#include "processing/processor.h"
#include "sa/ike_sa_manager.h"

/* --- configs --------------------------------------------------------------- */

/* A conn "name" 192.0.2.1 (198.51.100.0/26) ... @p right (198.51.100.64/26). */
static peer_cfg_t *lf_peer_create(const char *name, const char *right, action_t dpd,
				  action_t close)
{
	ike_cfg_create_t ike = { .local = "192.0.2.1", .remote = right };
	peer_cfg_create_t peer = { .dpd = 2 };
	child_cfg_create_t child = { .mode = MODE_TUNNEL, .dpd_action = dpd,
				     .close_action = close };
	peer_cfg_t *cfg = peer_cfg_create(name, ike_cfg_create(&ike), &peer);
	child_cfg_t *child_cfg = child_cfg_create(name, &child);

	child_cfg->add_traffic_selector(child_cfg, true,
		traffic_selector_create_from_cidr("198.51.100.0/26", 0, 0, 65535));
	child_cfg->add_traffic_selector(child_cfg, false,
		traffic_selector_create_from_cidr("198.51.100.64/26", 0, 0, 65535));
	cfg->add_child_cfg(cfg, child_cfg);
	return cfg;
}

static child_cfg_t *lf_child_cfg(peer_cfg_t *peer)
{
	return peer->get_child_cfg(peer, peer->get_name(peer));
}

/* --- IKE_SA ---------------------------------------------------------------- */

typedef struct {
	ike_sa_t public;
	ike_sa_id_t id;
	uint32_t unique_id;
	ike_sa_state_t state;
	peer_cfg_t *peer_cfg;
	host_t *me, *other;
	linked_list_t *children;
	/* task_t *, queued */
	linked_list_t *queued;
	/* what initiate() was asked last, and how often (under lf_lock) */
	int initiated;
	char initiated_name[64];
	uint32_t initiated_reqid;
	status_t initiate_result;
} lf_ike_t;

static pthread_mutex_t lf_lock = PTHREAD_MUTEX_INITIALIZER;

static ike_sa_id_t *lf_get_id(ike_sa_t *public)
{
	return &((lf_ike_t *)public)->id;
}

static uint32_t lf_get_unique_id(ike_sa_t *public)
{
	return ((lf_ike_t *)public)->unique_id;
}

static const char *lf_get_name(ike_sa_t *public)
{
	lf_ike_t *this = (lf_ike_t *)public;

	return this->peer_cfg ? this->peer_cfg->get_name(this->peer_cfg) : "(unnamed)";
}

static ike_sa_state_t lf_get_state(ike_sa_t *public)
{
	return ((lf_ike_t *)public)->state;
}

static void lf_set_state(ike_sa_t *public, ike_sa_state_t state)
{
	((lf_ike_t *)public)->state = state;
}

static identification_t *lf_get_id_none(ike_sa_t *public)
{
	return NULL;
}

static peer_cfg_t *lf_get_peer_cfg(ike_sa_t *public)
{
	return ((lf_ike_t *)public)->peer_cfg;
}

static host_t *lf_get_my_host(ike_sa_t *public)
{
	return ((lf_ike_t *)public)->me;
}

static host_t *lf_get_other_host(ike_sa_t *public)
{
	return ((lf_ike_t *)public)->other;
}

static enumerator_t *lf_create_child_sa_enumerator(ike_sa_t *public)
{
	lf_ike_t *this = (lf_ike_t *)public;

	return this->children->create_enumerator(this->children);
}

static void lf_queue_task(ike_sa_t *public, task_t *task)
{
	lf_ike_t *this = (lf_ike_t *)public;

	this->queued->insert_last(this->queued, task);
}

static status_t lf_initiate(ike_sa_t *public, child_cfg_t *child, uint32_t reqid)
{
	lf_ike_t *this = (lf_ike_t *)public;

	pthread_mutex_lock(&lf_lock);
	this->initiated++;
	snprintf(this->initiated_name, sizeof(this->initiated_name), "%s",
		 child ? child->get_name(child) : "");
	this->initiated_reqid = reqid;
	pthread_mutex_unlock(&lf_lock);
	return this->initiate_result;
}

static lf_ike_t *lf_ike_create(uint32_t unique_id, peer_cfg_t *peer_cfg)
{
	lf_ike_t *this = mem_zalloc(sizeof(*this));

	this->public = (ike_sa_t){
		.get_id = lf_get_id,
		.get_unique_id = lf_get_unique_id,
		.get_name = lf_get_name,
		.get_state = lf_get_state,
		.set_state = lf_set_state,
		.get_my_id = lf_get_id_none,
		.get_other_id = lf_get_id_none,
		.get_peer_cfg = lf_get_peer_cfg,
		.get_my_host = lf_get_my_host,
		.get_other_host = lf_get_other_host,
		.create_child_sa_enumerator = lf_create_child_sa_enumerator,
		.queue_task = lf_queue_task,
		.initiate = lf_initiate,
	};
	this->unique_id = unique_id;
	this->state = IKE_ESTABLISHED;
	this->peer_cfg = peer_cfg ? peer_cfg->get_ref(peer_cfg) : NULL;
	this->me = host_create_from_string("192.0.2.1", 4500);
	this->other = host_create_from_string("192.0.2.2", 4500);
	this->children = linked_list_create();
	this->queued = linked_list_create();
	this->initiate_result = SUCCESS;
	return this;
}

/* An installed CHILD_SA of the IKE_SA's conn (or of @p cfg) with @p reqid. */
static child_sa_t *lf_add_child(lf_ike_t *this, child_cfg_t *cfg, uint32_t reqid,
				child_sa_state_t state)
{
	child_sa_t *child = child_sa_create(this->me, this->other,
					    cfg ? cfg : lf_child_cfg(this->peer_cfg), reqid, true);

	child->set_state(child, state);
	this->children->insert_last(this->children, child);
	return child;
}

static int lf_initiated(lf_ike_t *this, uint32_t *reqid)
{
	int count;

	pthread_mutex_lock(&lf_lock);
	count = this->initiated;
	if (reqid) {
		*reqid = this->initiated_reqid;
	}
	pthread_mutex_unlock(&lf_lock);
	return count;
}

static void lf_ike_destroy(lf_ike_t *this)
{
	child_sa_t *child;

	while (this->children->remove_first(this->children, (void **)&child) == SUCCESS) {
		child->destroy(child);
	}
	this->children->destroy(this->children);
	this->queued->destroy_offset(this->queued, DESTROY_OFFSET(task_t));
	DESTROY_IF(this->peer_cfg);
	this->me->destroy(this->me);
	this->other->destroy(this->other);
	free(this);
}

/* --- IKE_SA manager ------------------------------------------------------------ */

typedef struct {
	ike_sa_manager_t public;
	/* what checkout_by_config() hands out, NULL for nothing */
	lf_ike_t *ike;
	/* ike_sa_t *, what create_enumerator() yields */
	linked_list_t *all;
	int checkouts, checkins, destroyed;
} lf_manager_t;

static ike_sa_t *lfm_checkout_by_config(ike_sa_manager_t *public, peer_cfg_t *cfg)
{
	lf_manager_t *this = (lf_manager_t *)public;

	pthread_mutex_lock(&lf_lock);
	this->checkouts++;
	pthread_mutex_unlock(&lf_lock);
	if (this->ike) {
		charon->bus->set_sa(charon->bus, &this->ike->public);
	}
	return this->ike ? &this->ike->public : NULL;
}

static void lfm_checkin(ike_sa_manager_t *public, ike_sa_t *ike_sa)
{
	lf_manager_t *this = (lf_manager_t *)public;

	pthread_mutex_lock(&lf_lock);
	this->checkins++;
	pthread_mutex_unlock(&lf_lock);
	charon->bus->set_sa(charon->bus, NULL);
}

static void lfm_checkin_and_destroy(ike_sa_manager_t *public, ike_sa_t *ike_sa)
{
	lf_manager_t *this = (lf_manager_t *)public;

	pthread_mutex_lock(&lf_lock);
	this->destroyed++;
	pthread_mutex_unlock(&lf_lock);
	charon->bus->set_sa(charon->bus, NULL);
}

static enumerator_t *lfm_create_enumerator(ike_sa_manager_t *public, bool wait)
{
	lf_manager_t *this = (lf_manager_t *)public;

	return this->all->create_enumerator(this->all);
}

static lf_manager_t lf_manager;

/* fakes_setup() plus the library (a processor with threads) and the manager. */
static void lf_setup(void)
{
	library_init(NULL, "charon");
	lib->processor->set_threads(lib->processor, 2);
	fakes_setup();
	lf_manager = (lf_manager_t){
		.public = {
			.checkout_by_config = lfm_checkout_by_config,
			.checkin = lfm_checkin,
			.checkin_and_destroy = lfm_checkin_and_destroy,
			.create_enumerator = lfm_create_enumerator,
		},
		.all = linked_list_create(),
	};
	test_daemon.ike_sa_manager = &lf_manager.public;
}

static void lf_teardown(void)
{
	lib->processor->set_threads(lib->processor, 0);
	lf_manager.all->destroy(lf_manager.all);
	fakes_teardown();
	library_deinit();
}

/* Poll until *counter (under lf_lock) reaches @p value, up to 3 s. */
static bool lf_wait(int *counter, int value)
{
	for (int i = 0; i < 300; i++) {
		int now;

		pthread_mutex_lock(&lf_lock);
		now = *counter;
		pthread_mutex_unlock(&lf_lock);
		if (now >= value) {
			return true;
		}
		usleep(10000);
	}
	return false;
}

/* Let queued jobs run (or not) before asserting that nothing happened. */
static void lf_settle(void)
{
	lib->processor->wait_idle(lib->processor);
	usleep(50000);
}

#endif
