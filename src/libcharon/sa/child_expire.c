/*
 * Lifetime expires from the data plane. The SPI alone names the SA (we
 * allocate inbound SPIs unique in the data plane; an outbound SPI is the
 * peer's and could repeat between peers, hence the destination check).
 * The IKE_SA that owns it is found by checking the SAs out in turn; its id
 * is then used to check it out on its own, so whatever is done with it may
 * end in its destruction. Between the two, the IKE_SA may have been
 * rekeyed: then the search runs once more.
 */
#include <arpa/inet.h>

#include "sa/child_expire.h"

#include "daemon.h"
#include "kernel/kernel_ipsec.h"
#include "processing/job.h"
#include "processing/processor.h"
#include "sa/task_manager.h"

static const kernel_listener_t listener = {
	.expire = child_expire,
};

typedef struct {
	uint32_t spi;
	host_t *dst;
	bool hard;
} expire_t;

static void expire_destroy(void *data)
{
	expire_t *expire = data;

	DESTROY_IF(expire->dst);
	free(expire);
}

/* Does @p child own the SA of @p expire; sets @p inbound to which half. */
static bool owns(child_sa_t *child, expire_t *expire, bool *inbound)
{
	if (child->get_spi(child, true) == expire->spi) {
		*inbound = true;
		return true;
	}
	*inbound = false;
	return child->get_spi(child, false) == expire->spi;
}

/* The id of the IKE_SA that owns the SA, false if none does. */
static bool find_owner(expire_t *expire, ike_sa_id_t *id)
{
	enumerator_t *sas = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	enumerator_t *children;
	ike_sa_t *ike_sa;
	child_sa_t *child;
	bool found = false, inbound;

	while (!found && sas->enumerate(sas, &ike_sa)) {
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (!found && children->enumerate(children, &child)) {
			found = owns(child, expire, &inbound);
			if (found && !inbound && expire->dst) {
				host_t *other = ike_sa->get_other_host(ike_sa);

				found = !other || other->ip_equals(other, expire->dst);
			}
		}
		children->destroy(children);
		if (found) {
			*id = *ike_sa->get_id(ike_sa);
		}
	}
	sas->destroy(sas);
	return found;
}

/* Act on the SA in @p ike_sa; false if it is not (or no longer) there. */
static bool act(ike_sa_t *ike_sa, expire_t *expire, status_t *status)
{
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child, *found = NULL;
	task_manager_t *tm;
	bool inbound;
	uint32_t spi;

	while (!found && e->enumerate(e, &child)) {
		if (owns(child, expire, &inbound)) {
			found = child;
		}
	}
	e->destroy(e);
	if (!found) {
		return false;
	}
	spi = found->get_spi(found, true);
	*status = SUCCESS;
	if (expire->hard) {
		DBG1(DBG_KNL, "hard lifetime of CHILD_SA %s{%u} reached, deleting it",
		     found->get_name(found), found->get_unique_id(found));
		tm = ike_sa->get_task_manager(ike_sa);
		tm->queue_child_delete(tm, PROTO_ESP, spi, true);
		*status = tm->initiate(tm);
	} else if (found->get_state(found) == CHILD_INSTALLED) {
		DBG1(DBG_KNL, "soft lifetime of CHILD_SA %s{%u} reached, rekeying it",
		     found->get_name(found), found->get_unique_id(found));
		*status = ike_sa->rekey_child_sa(ike_sa, PROTO_ESP, spi);
	}
	return true;
}

static job_requeue_t expire_job(void *data)
{
	expire_t *expire = data;
	ike_sa_id_t id;
	ike_sa_t *ike_sa;
	status_t status;
	bool done = false;
	int tries;

	for (tries = 0; !done && tries < 2; tries++) {
		if (!find_owner(expire, &id)) {
			break;
		}
		ike_sa = charon->ike_sa_manager->checkout(charon->ike_sa_manager, &id);
		if (!ike_sa) {
			continue;
		}
		done = act(ike_sa, expire, &status);
		if (done && status == DESTROY_ME) {
			charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager, ike_sa);
		} else {
			charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		}
	}
	if (!done) {
		DBG2(DBG_KNL, "%s expire for SA %.8x, which no CHILD_SA owns",
		     expire->hard ? "hard" : "soft", ntohl(expire->spi));
	}
	return JOB_REQUEUE_NONE;
}

void child_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	expire_t *expire;

	if (!charon || !charon->ike_sa_manager || !lib->processor) {
		return;
	}
	expire = mem_zalloc(sizeof(*expire));
	expire->spi = spi;
	expire->dst = dst ? dst->clone(dst) : NULL;
	expire->hard = hard;
	(void)proto;
	lib->processor->queue_job(lib->processor,
		callback_job_create(expire_job, expire, expire_destroy, JOB_PRIO_MEDIUM));
}

void child_expire_start(void)
{
	kernel_interface_add_listener(&listener);
}

void child_expire_stop(void)
{
	kernel_interface_remove_listener(&listener);
}
