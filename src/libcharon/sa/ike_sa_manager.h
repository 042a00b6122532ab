/**
 * @file ike_sa_manager.h
 * All IKE_SAs of the daemon, found by SPI, name or unique id.
 *
 * A thread that works on an IKE_SA checks it out, which waits while another
 * thread holds it, and checks it in when done. SAs being negotiated as
 * responder are counted per peer address (half-open) for DoS protection.
 */
#ifndef CYGNET_IKE_SA_MANAGER_H
#define CYGNET_IKE_SA_MANAGER_H

#include "library.h"
#include "collections/enumerator.h"
#include "sa/ike_sa.h"

typedef struct ike_sa_manager_t ike_sa_manager_t;

struct ike_sa_manager_t {
	/** Check out the SA with @p id; NULL if there is none (or it is being destroyed). */
	ike_sa_t *(*checkout)(ike_sa_manager_t *this, const ike_sa_id_t *id);
	/** Create and check out a new SA with a fresh SPI of ours. */
	ike_sa_t *(*checkout_new)(ike_sa_manager_t *this, bool initiator);
	/**
	 * Check out the SA a received message belongs to. For an IKE_SA_INIT
	 * request a new responder SA is created (a retransmitted one finds the
	 * SA it created before). @p source is the address the packet came from
	 * (half-open accounting). NULL if the message belongs to no SA.
	 */
	ike_sa_t *(*checkout_by_message)(ike_sa_manager_t *this, message_t *message,
					 host_t *source);
	/** Check out an established/connecting SA of connection @p cfg, or a new one. */
	ike_sa_t *(*checkout_by_config)(ike_sa_manager_t *this, peer_cfg_t *cfg);
	/** Check out by unique id (IKE_SA "[n]" or, with @p child, "{n}"). */
	ike_sa_t *(*checkout_by_id)(ike_sa_manager_t *this, uint32_t unique_id, bool child);
	/** Check out the first SA of connection @p name (or with a CHILD_SA named so). */
	ike_sa_t *(*checkout_by_name)(ike_sa_manager_t *this, const char *name, bool child);
	/** Hand an SA back. */
	void (*checkin)(ike_sa_manager_t *this, ike_sa_t *ike_sa);
	/** Hand an SA back and destroy it. */
	void (*checkin_and_destroy)(ike_sa_manager_t *this, ike_sa_t *ike_sa);
	/**
	 * Enumerate all SAs, each checked out while it is the current item
	 * (with @p wait; else SAs other threads hold are skipped):
	 * enumerate(e, ike_sa_t **ike_sa).
	 */
	enumerator_t *(*create_enumerator)(ike_sa_manager_t *this, bool wait);
	/** Unique ids of all SAs, a snapshot: enumerate(e, uint32_t *id). */
	enumerator_t *(*create_id_enumerator)(ike_sa_manager_t *this);
	unsigned int (*get_count)(ike_sa_manager_t *this);
	/** Half-open SAs, all or from @p ip (NULL: all). */
	unsigned int (*get_half_open_count)(ike_sa_manager_t *this, host_t *ip);
	/** Delete all SAs (shutdown), sending deletes where possible. */
	void (*flush)(ike_sa_manager_t *this);
	void (*destroy)(ike_sa_manager_t *this);
};

ike_sa_manager_t *ike_sa_manager_create(void);

#endif
