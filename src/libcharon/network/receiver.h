/**
 * @file receiver.h
 * Reads IKE packets from the socket, checks their headers and queues a
 * process_message_job for each.
 *
 * A job on lib->processor loops on socket_get()->receive() (so the
 * processor needs a thread for it). What fails the header checks is
 * dropped and counted, never answered: a wrong major version, an
 * IKE_SA_INIT request with a responder SPI, a zero initiator SPI.
 *
 * DoS protection for IKE_SA_INIT requests (RFC 7296 §2.6), from the
 * IKE_SA manager's count of half-open SAs:
 * - charon.cookie_threshold (10) half-open SAs in all, or
 *   charon.cookie_threshold_ip (3) from the request's address: a request
 *   without a valid COOKIE is answered with one (network/cookie.h) and
 *   creates no state;
 * - charon.block_threshold (5) half-open SAs from the request's address:
 *   the request is dropped.
 * A threshold of 0 disables its check.
 */
#ifndef CHARON_RECEIVER_H
#define CHARON_RECEIVER_H

#include "library.h"
#include "network/net_counters.h"

typedef struct receiver_t receiver_t;

struct receiver_t {
	/** A packet counter (process-wide, see net_counters.h). */
	uint64_t (*get_counter)(receiver_t *this, net_counter_t counter);
	/**
	 * Stop receiving: shuts the socket down (waking the blocked receive)
	 * and waits until the receiving job has left it.
	 */
	void (*destroy)(receiver_t *this);
};

/** Start receiving; NULL if there is no socket. */
receiver_t *receiver_create(void);

#endif
