/**
 * @file tasks.h
 * Constructors of the exchange tasks. Each takes the IKE_SA it works on and
 * whether it initiates (builds requests) or responds.
 */
#ifndef CYGNET_TASKS_H
#define CYGNET_TASKS_H

#include "sa/tasks/task.h"
#include "sa/ike_sa.h"

/** IKE_SA_INIT: proposals, KE (INVALID_KE_PAYLOAD retry), nonces, key derivation.
 *  @p old_sa is set when rekeying (CREATE_CHILD_SA), else NULL. */
task_t *ike_init_create(ike_sa_t *ike_sa, bool initiator, ike_sa_t *old_sa);
/** NAT_DETECTION_*_IP notifies in IKE_SA_INIT; floats to port 4500. */
task_t *ike_natd_create(ike_sa_t *ike_sa, bool initiator);
/** IKE_AUTH: IDi/IDr and AUTH (PSK now, signatures later). */
task_t *ike_auth_create(ike_sa_t *ike_sa, bool initiator);
/** A CHILD_SA, in IKE_AUTH or with CREATE_CHILD_SA; @p config NULL as responder. */
task_t *child_create_create(ike_sa_t *ike_sa, child_cfg_t *config, bool rekey,
			    uint32_t reqid);
/** Delete the IKE_SA (INFORMATIONAL with a Delete payload). */
task_t *ike_delete_create(ike_sa_t *ike_sa, bool initiator);
/** Delete a CHILD_SA by our inbound SPI (initiator) or the peer's Delete (responder). */
task_t *child_delete_create(ike_sa_t *ike_sa, uint8_t protocol, uint32_t spi,
			    bool expired);
/** Liveness check: an empty INFORMATIONAL, or the answer to one. */
task_t *ike_dpd_create(bool initiator);

#endif
