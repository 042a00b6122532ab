/**
 * @file ike_sa_timers.h
 * Every timer of an IKE_SA, armed by hooks named after the event that arms
 * them. ike_sa_timers.c explains them all in one place.
 *
 * Timer jobs name their IKE_SA by its SPIs and check it out through the
 * IKE_SA manager when they fire: an SA that is gone, was rekeyed or whose
 * schedule moved meanwhile makes the job a no-op.
 */
#ifndef CYGNET_IKE_SA_TIMERS_H
#define CYGNET_IKE_SA_TIMERS_H

#include "library.h"
#include "sa/ike_sa.h"
#include "sa/child_sa.h"

/**
 * A request went out (@p tries retransmits of it so far): arm its
 * retransmission after retransmit_timeout * retransmit_base^tries seconds.
 */
void ike_sa_timers_request_sent(ike_sa_t *ike_sa, uint32_t mid, uint32_t tries);

/**
 * The IKE_SA was established (or took over from a rekeyed one): schedule
 * the IKE rekey or reauthentication, the hard expiry after it, and DPD.
 * Sets STAT_REKEY, STAT_REAUTH and STAT_DELETE for statusall.
 */
void ike_sa_timers_established(ike_sa_t *ike_sa);

/**
 * A CHILD_SA was installed on (or moved to) @p ike_sa: arm the time-based
 * rekey backstop, in case the data plane's soft expire does not come.
 */
void ike_sa_timers_child_installed(ike_sa_t *ike_sa, child_sa_t *child);

/**
 * Rekeying failed (TEMPORARY_FAILURE, a lost collision without a winner):
 * try again in a few seconds. @p spi is the CHILD_SA's inbound SPI, 0 for
 * the IKE_SA itself.
 */
void ike_sa_timers_rekey_failed(ike_sa_t *ike_sa, uint32_t spi);

/**
 * The IKE_SA was replaced (rekeyed, or lost a rekey collision) and waits
 * for the peer to delete it: destroy it if the peer does not.
 */
void ike_sa_timers_replaced(ike_sa_t *ike_sa);

/**
 * Initiating failed and keyingtries allow another try: start over in
 * @p delay seconds.
 */
void ike_sa_timers_keying_retry(ike_sa_t *ike_sa, uint32_t delay);

/**
 * @p ike_sa, a reauthentication of the IKE_SA @p old, was established:
 * delete @p old (make-before-break).
 */
void ike_sa_timers_reauthenticated(ike_sa_t *ike_sa, const ike_sa_id_t *old);

/**
 * NAT keepalives: seconds to wait before the next check, when nothing was
 * sent for @p idle seconds and keepalives go every @p interval seconds;
 * 0 if a keepalive is due now (or @p interval is 0, i.e. disabled).
 */
uint32_t ike_sa_timers_keepalive_wait(time_t idle, uint32_t interval);

/** Seconds a replaced IKE_SA waits for the peer's Delete. */
#define IKE_SA_REPLACED_TIMEOUT 30

/** Seconds before a failed rekeying is tried again. */
#define IKE_SA_REKEY_RETRY 5

#endif
