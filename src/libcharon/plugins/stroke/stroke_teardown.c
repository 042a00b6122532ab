/*
 * del_conn teardown. The SAs are collected by unique id while the manager
 * is enumerated and closed afterwards: closing checks an SA out, which must
 * not happen while the enumerator holds it.
 */
#include <inttypes.h>

#include "stroke_teardown.h"

#include "daemon.h"
#include "collections/linked_list.h"
#include "control/controller.h"

/* The log lines of the delete exchange are not wanted, only its end. */
static bool quiet(void *param, debug_t group, level_t level, const char *message)
{
	return false;
}

static void unroute_all(peer_cfg_t *peer_cfg)
{
	controller_t *c = charon->controller;
	enumerator_t *e;
	child_cfg_t *child;

	if (!c || !c->unroute || !peer_cfg) {
		return;
	}
	e = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (e->enumerate(e, &child)) {
		if (c->unroute(c, child->get_name(child)) == SUCCESS) {
			DBG1(DBG_CFG, "removed trap of '%s'", child->get_name(child));
		}
	}
	e->destroy(e);
}

/* IKE_SAs of @p name into @p ikes, CHILD_SAs of that name in other
 * conns' IKE_SAs into @p children. */
static void collect(const char *name, linked_list_t *ikes, linked_list_t *children)
{
	enumerator_t *e, *ce;
	child_sa_t *child;
	ike_sa_t *ike_sa;

	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		if (streq(ike_sa->get_name(ike_sa), name)) {
			ikes->insert_last(ikes, (void *)(uintptr_t)ike_sa->get_unique_id(ike_sa));
			continue;
		}
		ce = ike_sa->create_child_sa_enumerator(ike_sa);
		while (ce->enumerate(ce, &child)) {
			if (streq(child->get_name(child), name)) {
				children->insert_last(children,
						(void *)(uintptr_t)child->get_unique_id(child));
			}
		}
		ce->destroy(ce);
	}
	e->destroy(e);
}

int stroke_teardown_conn(const char *name, peer_cfg_t *peer_cfg, uint32_t wait_ms,
			 FILE *out)
{
	controller_t *c = charon->controller;
	linked_list_t *ikes, *children;
	controller_cb_t cb = wait_ms ? quiet : NULL;
	int closed = 0;
	status_t status;
	void *id;

	unroute_all(peer_cfg);
	if (!c || !charon->ike_sa_manager) {
		return 0;
	}
	ikes = linked_list_create();
	children = linked_list_create();
	collect(name, ikes, children);
	while (children->remove_first(children, &id) == SUCCESS) {
		status = c->terminate_child(c, (uint32_t)(uintptr_t)id, cb, NULL, LEVEL_SILENT,
					    wait_ms);
		if (status != NOT_FOUND) {
			fprintf(out, "closing CHILD_SA %s{%" PRIuPTR "}\n", name, (uintptr_t)id);
			closed++;
		}
	}
	while (ikes->remove_first(ikes, &id) == SUCCESS) {
		status = c->terminate_ike(c, (uint32_t)(uintptr_t)id, false, cb, NULL,
					  LEVEL_SILENT, wait_ms);
		if (status != NOT_FOUND) {
			fprintf(out, "closing IKE_SA %s[%" PRIuPTR "]\n", name, (uintptr_t)id);
			closed++;
		}
		if (status == OUT_OF_RES) {
			DBG1(DBG_CFG, "IKE_SA %s[%" PRIuPTR "] of deleted configuration not "
			     "closed within %" PRIu32 " ms, it goes on closing", name,
			     (uintptr_t)id, wait_ms);
		}
	}
	children->destroy(children);
	ikes->destroy(ikes);
	return closed;
}
