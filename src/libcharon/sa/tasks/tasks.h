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
/** IKE_AUTH: IDi/IDr and AUTH (PSK or signatures, see auth_pubkey.h). */
task_t *ike_auth_create(ike_sa_t *ike_sa, bool initiator);
/** CERTREQ in IKE_SA_INIT (responder) / IKE_AUTH (initiator); runs before IKE_AUTH. */
task_t *ike_cert_pre_create(ike_sa_t *ike_sa, bool initiator);
/** Our CERT payloads in IKE_AUTH (leftsendcert=); runs after IKE_AUTH. */
task_t *ike_cert_post_create(ike_sa_t *ike_sa, bool initiator);
/** CP in IKE_AUTH: request (leftsourceip=) or assign (rightsourceip=) virtual IPs. */
task_t *ike_config_create(ike_sa_t *ike_sa, bool initiator);
/** A CHILD_SA, in IKE_AUTH or with CREATE_CHILD_SA; @p config NULL as responder. */
task_t *child_create_create(ike_sa_t *ike_sa, child_cfg_t *config, bool rekey,
			    uint32_t reqid);
/** The CHILD_SA a child_create task established (owned by the IKE_SA), or NULL. */
child_sa_t *child_create_get_child(task_t *task);
/** Our (@p mine) or the peer's nonce of a CREATE_CHILD_SA (rekey collisions). */
chunk_t child_create_get_nonce(task_t *task, bool mine);
/** Responder: install for @p config (referenced, NULL to select) with @p reqid. */
void child_create_use_config(task_t *task, child_cfg_t *config, uint32_t reqid);
/**
 * Rekeying: use KE @p method (KE_NONE keeps the config's); returns the method
 * the peer asked for with INVALID_KE_PAYLOAD, KE_NONE if it did not.
 */
key_exchange_method_t child_create_ke_retry(task_t *task, key_exchange_method_t method);
/**
 * Rekey the CHILD_SA with our inbound SPI @p spi (RFC 7296 §1.3.3): a
 * CREATE_CHILD_SA with REKEY_SA, then the old SA is deleted. Responder:
 * @p spi 0, the request names the CHILD_SA.
 */
task_t *child_rekey_create(ike_sa_t *ike_sa, uint8_t protocol, uint32_t spi);
/**
 * Rekey the IKE_SA (§1.3.2, §2.18): a new IKE_SA keyed from SK_d takes over
 * the CHILD_SAs, then the old one is deleted.
 */
task_t *ike_rekey_create(ike_sa_t *ike_sa, bool initiator);
/** Delete the IKE_SA (INFORMATIONAL with a Delete payload). */
task_t *ike_delete_create(ike_sa_t *ike_sa, bool initiator);
/** Delete a CHILD_SA by our inbound SPI (initiator) or the peer's Delete (responder). */
task_t *child_delete_create(ike_sa_t *ike_sa, uint8_t protocol, uint32_t spi,
			    bool expired);
/** Liveness check: an empty INFORMATIONAL, or the answer to one. */
task_t *ike_dpd_create(bool initiator);
/**
 * MOBIKE (RFC 4555): initiator sends UPDATE_SA_ADDRESSES for the IKE_SA's
 * current addresses; responder moves the CHILD_SAs to the peer's new one.
 */
task_t *ike_mobike_create(ike_sa_t *ike_sa, bool initiator);

#endif
