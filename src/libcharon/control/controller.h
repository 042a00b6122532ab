/**
 * @file controller.h
 * Initiate and terminate SAs on behalf of a user (stroke's up/down/route),
 * optionally waiting for the outcome while streaming that SA's log lines.
 * The controller also owns what starts or ends SAs by itself: the trap
 * manager (auto=route), dpdaction/closeaction, and the IKE counters.
 */
#ifndef CYGNET_CONTROLLER_H
#define CYGNET_CONTROLLER_H

#include "library.h"
#include "config/peer_cfg.h"
#include "sa/ike_sa.h"

typedef struct controller_t controller_t;

/**
 * Receives the log lines of the SA being worked on. Return false to stop
 * receiving them (e.g. the client went away); the operation goes on.
 */
typedef bool (*controller_cb_t)(void *param, debug_t group, level_t level,
				const char *message);

struct controller_t {
	/**
	 * Set up an IKE_SA for @p peer_cfg (reusing an established one) and a
	 * CHILD_SA for @p child_cfg (NULL: IKE_SA only). Both configs are
	 * referenced. With @p cb, wait up to @p timeout_ms (0 = no limit) for
	 * the outcome, passing log lines up to @p level to @p cb; without,
	 * return once the request is sent.
	 * @return SUCCESS when established (or sent, without cb), FAILED,
	 *	   OUT_OF_RES on timeout
	 */
	status_t (*initiate)(controller_t *this, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg,
			     controller_cb_t cb, void *param, level_t level, uint32_t timeout_ms);
	/** Delete the IKE_SA with @p unique_id (and its CHILD_SAs); @p force skips the
	 *  exchange with the peer. NOT_FOUND if there is none. */
	status_t (*terminate_ike)(controller_t *this, uint32_t unique_id, bool force,
				  controller_cb_t cb, void *param, level_t level,
				  uint32_t timeout_ms);
	/** Delete the CHILD_SA with @p unique_id. NOT_FOUND if there is none. */
	status_t (*terminate_child)(controller_t *this, uint32_t unique_id,
				    controller_cb_t cb, void *param, level_t level,
				    uint32_t timeout_ms);
	/**
	 * Install trap policies for @p child_cfg of @p peer_cfg (auto=route);
	 * both are referenced. ALREADY_DONE if it is routed already, FAILED if
	 * the trap could not be installed.
	 */
	status_t (*route)(controller_t *this, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg);
	/** Remove the trap of the CHILD_SA config named @p name; NOT_FOUND if
	 *  it is not routed. Established SAs stay. */
	status_t (*unroute)(controller_t *this, const char *name);
	/** Routed CHILD_SAs (for status): enumerate(e, peer_cfg_t **peer_cfg,
	 *  child_sa_t **child_sa). Routing waits until it is destroyed. */
	enumerator_t *(*create_route_enumerator)(controller_t *this);
	/**
	 * Remove all traps and start nothing on our own any more (acquires,
	 * dpdaction/closeaction restarts): the daemon is shutting down. Call
	 * before the IKE_SAs are flushed.
	 */
	void (*flush)(controller_t *this);
	void (*destroy)(controller_t *this);
};

/** The controller (charon->bus must exist). */
controller_t *controller_create(void);

#endif
