/**
 * @file ike_sa.h
 * An IKE_SA: the state of one IKEv2 association with a peer, its keys,
 * its CHILD_SAs and the task manager that runs its exchanges.
 *
 * An IKE_SA is used by one thread at a time: whoever checked it out of the
 * IKE_SA manager. Its methods are therefore not locked.
 */
#ifndef CYGNET_IKE_SA_H
#define CYGNET_IKE_SA_H

#include <time.h>

#include "library.h"
#include "collections/enumerator.h"
#include "networking/host.h"
#include "utils/identification.h"
#include "config/peer_cfg.h"
#include "config/proposal.h"
#include "encoding/message.h"
#include "sa/ike_sa_id.h"
#include "sa/keymat.h"
#include "sa/child_sa.h"
#include "sa/ike_vips.h"
#include "sa/tasks/task.h"

typedef enum ike_sa_state_t {
	IKE_CREATED,
	IKE_CONNECTING,
	IKE_ESTABLISHED,
	IKE_PASSIVE,
	IKE_REKEYING,
	IKE_REKEYED,
	IKE_DELETING,
	IKE_DESTROYING,
} ike_sa_state_t;

/** Upper-case name for statusall ("ESTABLISHED"). */
const char *ike_sa_state_name(ike_sa_state_t state);

/** Facts learned during negotiation. */
typedef enum ike_condition_t {
	COND_NAT_HERE = 1 << 0,		/**< we are behind a NAT */
	COND_NAT_THERE = 1 << 1,	/**< the peer is behind a NAT */
	COND_NAT_FAKE = 1 << 2,		/**< forceencaps */
	COND_AUTHENTICATED = 1 << 3,
	COND_ORIGINAL_INITIATOR = 1 << 4,
	COND_STALE = 1 << 5,		/**< peer unreachable */
	COND_ONLINE_VALIDATION_SUSPENDED = 1 << 6,
} ike_condition_t;

/** Extensions the peer announced. */
typedef enum ike_extension_t {
	EXT_NATT = 1 << 0,
	EXT_MOBIKE = 1 << 1,
	EXT_FRAGMENTATION = 1 << 2,
	EXT_SIGNATURE_AUTH = 1 << 3,	/**< RFC 7427 */
	EXT_STRONGSWAN = 1 << 4,
} ike_extension_t;

/** Points in time statusall reports (monotonic seconds, 0 = not set). */
typedef enum ike_sa_statistic_t {
	STAT_INBOUND,		/**< last message received */
	STAT_OUTBOUND,		/**< last message sent */
	STAT_ESTABLISHED,
	STAT_REKEY,		/**< scheduled IKE rekey */
	STAT_REAUTH,		/**< scheduled reauthentication */
	STAT_DELETE,		/**< hard expiry */
	STAT_MAX,
} ike_sa_statistic_t;

typedef struct ike_sa_t ike_sa_t;
typedef struct task_manager_t task_manager_t;

struct ike_sa_t {
	ike_sa_id_t *(*get_id)(ike_sa_t *this);
	/** Number unique in the daemon ("site[3]"). */
	uint32_t (*get_unique_id)(ike_sa_t *this);
	/** The connection's name, or "(unnamed)" before a config is set. */
	const char *(*get_name)(ike_sa_t *this);
	ike_sa_state_t (*get_state)(ike_sa_t *this);
	/** Change state, notify listeners and arm the timers of the new state. */
	void (*set_state)(ike_sa_t *this, ike_sa_state_t state);

	peer_cfg_t *(*get_peer_cfg)(ike_sa_t *this);
	/** Set the connection (referenced). */
	void (*set_peer_cfg)(ike_sa_t *this, peer_cfg_t *cfg);
	ike_cfg_t *(*get_ike_cfg)(ike_sa_t *this);
	/** Set the IKE config only (responder before IKE_AUTH; referenced). */
	void (*set_ike_cfg)(ike_sa_t *this, ike_cfg_t *cfg);

	host_t *(*get_my_host)(ike_sa_t *this);
	/** Set our address (cloned). */
	void (*set_my_host)(ike_sa_t *this, host_t *me);
	host_t *(*get_other_host)(ike_sa_t *this);
	void (*set_other_host)(ike_sa_t *this, host_t *other);
	/** Move to UDP 4500 (NAT detected): both ports become NAT-T ports. */
	void (*float_ports)(ike_sa_t *this);

	identification_t *(*get_my_id)(ike_sa_t *this);
	/** Set our identity (taken over). */
	void (*set_my_id)(ike_sa_t *this, identification_t *id);
	identification_t *(*get_other_id)(ike_sa_t *this);
	void (*set_other_id)(ike_sa_t *this, identification_t *id);

	proposal_t *(*get_proposal)(ike_sa_t *this);
	/** The selected IKE proposal (cloned). */
	void (*set_proposal)(ike_sa_t *this, proposal_t *proposal);
	keymat_t *(*get_keymat)(ike_sa_t *this);
	task_manager_t *(*get_task_manager)(ike_sa_t *this);
	/** Virtual IPs of both sides (see ike_vips.h). */
	ike_vips_t *(*get_vips)(ike_sa_t *this);

	void (*set_condition)(ike_sa_t *this, ike_condition_t condition, bool enable);
	bool (*has_condition)(ike_sa_t *this, ike_condition_t condition);
	void (*enable_extension)(ike_sa_t *this, ike_extension_t extension);
	bool (*supports_extension)(ike_sa_t *this, ike_extension_t extension);
	time_t (*get_statistic)(ike_sa_t *this, ike_sa_statistic_t kind);
	void (*set_statistic)(ike_sa_t *this, ike_sa_statistic_t kind, time_t value);
	/** Authentication method used by us (@p local) or the peer, for statusall. */
	auth_class_t (*get_auth_class)(ike_sa_t *this, bool local);
	void (*set_auth_class)(ike_sa_t *this, bool local, auth_class_t auth);

	/**
	 * The IKE_SA_INIT message we sent (@p mine) or received, as raw bytes:
	 * what AUTH payloads sign (RFC 7296 §2.15). The task manager records them.
	 */
	chunk_t (*get_init_message)(ike_sa_t *this, bool mine);
	/** Record an IKE_SA_INIT message (copied). */
	void (*set_init_message)(ike_sa_t *this, bool mine, chunk_t data);
	/** Our (@p mine) or the peer's nonce of IKE_SA_INIT. */
	chunk_t (*get_nonce)(ike_sa_t *this, bool mine);
	/** Record a nonce of IKE_SA_INIT (copied). */
	void (*set_nonce)(ike_sa_t *this, bool mine, chunk_t nonce);

	/** Take ownership of a CHILD_SA. */
	void (*add_child_sa)(ike_sa_t *this, child_sa_t *child);
	/** The CHILD_SA with SPI @p spi (ours if @p inbound), or NULL. */
	child_sa_t *(*get_child_sa)(ike_sa_t *this, uint8_t protocol, uint32_t spi,
				    bool inbound);
	/** enumerate(e, child_sa_t **child). */
	enumerator_t *(*create_child_sa_enumerator)(ike_sa_t *this);
	int (*get_child_count)(ike_sa_t *this);
	/** Remove and destroy a CHILD_SA (data plane state included). */
	void (*destroy_child_sa)(ike_sa_t *this, child_sa_t *child);
	/**
	 * Take over what a new IKE_SA for the same peer shares with @p other
	 * (rekeying): configs, addresses, identities, conditions, extensions
	 * and authentication classes. Establishing this SA then raises no
	 * ike_updown: it continues @p other.
	 */
	void (*inherit)(ike_sa_t *this, ike_sa_t *other);
	/**
	 * Move the CHILD_SAs of @p other (and its queued tasks, and the duty to
	 * announce ike_updown down) to this IKE_SA.
	 */
	void (*adopt_child_sas)(ike_sa_t *this, ike_sa_t *other);

	/**
	 * Start negotiating: IKE_SA (if not established) and a CHILD_SA for
	 * @p child (referenced; NULL for IKE only). @p reqid is kept for a
	 * routed CHILD_SA. FAILED/DESTROY_ME if sending failed.
	 */
	status_t (*initiate)(ike_sa_t *this, child_cfg_t *child, uint32_t reqid);
	/**
	 * Handle a received message (already parsed for its header) that came
	 * from @p src to our address @p dst (both borrowed).
	 */
	status_t (*process_message)(ike_sa_t *this, message_t *message, host_t *src,
				    host_t *dst);
	/** Send @p message (generating and encrypting it); keeps it for retransmits. */
	status_t (*generate_message)(ike_sa_t *this, message_t *message, chunk_t *packet);
	/** Retransmit the request with @p message_id if still outstanding. */
	status_t (*retransmit)(ike_sa_t *this, uint32_t message_id);

	/** Delete the IKE_SA with an INFORMATIONAL (or at once, @p force). */
	status_t (*delete_ike)(ike_sa_t *this, bool force);
	/** Delete a CHILD_SA by our inbound SPI. */
	status_t (*delete_child_sa)(ike_sa_t *this, uint8_t protocol, uint32_t spi);
	/** Rekey the IKE_SA (CREATE_CHILD_SA). */
	status_t (*rekey)(ike_sa_t *this);
	/** Rekey a CHILD_SA by our inbound SPI. */
	status_t (*rekey_child_sa)(ike_sa_t *this, uint8_t protocol, uint32_t spi);
	/** Reauthenticate (make-before-break). */
	status_t (*reauth)(ike_sa_t *this);
	/** Send a liveness check (DPD) if the peer was quiet for dpddelay. */
	status_t (*send_dpd)(ike_sa_t *this);
	/** Reset SPIs, keys and tasks to try again (e.g. INVALID_KE, keyingtries). */
	void (*reset)(ike_sa_t *this, bool new_spi);

	/** Queue a task; it runs with the next exchange we start. */
	void (*queue_task)(ike_sa_t *this, task_t *task);
	/** Start the next queued exchange if none is active. */
	status_t (*initiate_queued)(ike_sa_t *this);

	/** Free everything, uninstalling CHILD_SAs. */
	void (*destroy)(ike_sa_t *this);
};

/** A new IKE_SA; @p id is copied. */
ike_sa_t *ike_sa_create(const ike_sa_id_t *id, bool initiator);

#endif
