/**
 * @file dpd_actions.h
 * What becomes of the CHILD_SAs of an SA that goes without our asking:
 * dpdaction= when the peer stopped answering (a request of ours went
 * unanswered through all retransmits), closeaction= when the peer deleted
 * the IKE_SA or a CHILD_SA. Per CHILD_SA config: none/clear does nothing,
 * hold installs its trap (the next packet negotiates it again), restart
 * negotiates it again at once.
 */
#ifndef CYGNET_DPD_ACTIONS_H
#define CYGNET_DPD_ACTIONS_H

#include "library.h"
#include "sa/ike_sa.h"

typedef struct dpd_actions_t dpd_actions_t;

struct dpd_actions_t {
	/** Start nothing from now on (the daemon shuts down). */
	void (*disable)(dpd_actions_t *this);
	void (*destroy)(dpd_actions_t *this);
};

/**
 * Listen for dead peers (ALERT_RETRANSMIT_SEND_TIMEOUT of an established
 * IKE_SA) and enable the close actions below, which do nothing before (or
 * after disable()). One at a time.
 */
dpd_actions_t *dpd_actions_create(void);

/**
 * The peer deletes @p ike_sa (checked out, its CHILD_SAs still there):
 * apply the closeaction of each installed CHILD_SA. Restarts are queued as
 * jobs and run once this IKE_SA is gone.
 */
void dpd_actions_ike_closed(ike_sa_t *ike_sa);

/**
 * The peer deleted @p child (installed, not replaced by a rekeying) of
 * @p ike_sa: apply its closeaction if the IKE_SA stays established. A
 * restart is queued on the same IKE_SA. Call before the CHILD_SA goes.
 */
void dpd_actions_child_closed(ike_sa_t *ike_sa, child_sa_t *child);

#endif
