/**
 * @file child_cfg.h
 * A CHILD_SA configuration: what traffic to protect and how.
 */
#ifndef CYGNET_CHILD_CFG_H
#define CYGNET_CHILD_CFG_H

#include "library.h"
#include "collections/linked_list.h"
#include "networking/host.h"
#include "selectors/traffic_selector.h"
#include "config/proposal.h"
#include "kernel/kernel_ipsec.h"

typedef enum action_t {
	ACTION_NONE = 0,	/**< auto=add, dpdaction=clear, closeaction=none */
	ACTION_ROUTE,		/**< auto=route, dpdaction=hold: install a trap */
	ACTION_RESTART,		/**< auto=start, dpdaction=restart */
} action_t;

/** Parameters of child_cfg_create(). */
typedef struct child_cfg_create_t {
	ipsec_mode_t mode;		/**< type=tunnel|transport; 0 = tunnel */
	lifetime_cfg_t lifetime;	/**< lifetime=, margintime=, lifebytes=, … */
	uint32_t rekey_jitter;		/**< seconds of random reduction of rekey time (rekeyfuzz) */
	action_t start_action;		/**< auto= */
	action_t dpd_action;		/**< dpdaction= */
	action_t close_action;		/**< closeaction= */
	const char *updown;		/**< leftupdown= script, NULL for none */
	bool hostaccess;
	uint32_t reqid;			/**< reqid=, 0 = allocate */
	uint32_t replay_window;		/**< replay_window=, default 32 */
	bool ipcomp;
} child_cfg_create_t;

typedef struct child_cfg_t child_cfg_t;

struct child_cfg_t {
	const char *(*get_name)(child_cfg_t *this);
	/** Take ownership of an ESP proposal. */
	void (*add_proposal)(child_cfg_t *this, proposal_t *proposal);
	/** Cloned proposals; @p strip_ke removes KE transforms (IKE_AUTH). */
	linked_list_t *(*get_proposals)(child_cfg_t *this, bool strip_ke);
	/** Choose from the peer's ESP @p proposals; NULL if none fits. */
	proposal_t *(*select_proposal)(child_cfg_t *this, linked_list_t *proposals,
				       bool strip_ke, bool prefer_peer);
	/** The KE method for PFS (first proposal's), KE_NONE without PFS. */
	key_exchange_method_t (*get_ke_method)(child_cfg_t *this);
	/** Take ownership of a traffic selector; @p local for our side. */
	void (*add_traffic_selector)(child_cfg_t *this, bool local, traffic_selector_t *ts);
	/**
	 * Our (@p local) or the peer's selectors, with dynamic ones replaced by
	 * @p hosts (list of host_t *, may be NULL), narrowed to @p supplied
	 * (the peer's proposal, may be NULL) per RFC 7296 §2.9. New list of new
	 * selectors; empty if nothing remains.
	 */
	linked_list_t *(*get_traffic_selectors)(child_cfg_t *this, bool local,
						linked_list_t *supplied,
						linked_list_t *hosts);
	ipsec_mode_t (*get_mode)(child_cfg_t *this);
	/** Lifetimes with the rekey times reduced by a random jitter if @p jitter. */
	lifetime_cfg_t (*get_lifetime)(child_cfg_t *this, bool jitter);
	action_t (*get_start_action)(child_cfg_t *this);
	action_t (*get_dpd_action)(child_cfg_t *this);
	action_t (*get_close_action)(child_cfg_t *this);
	const char *(*get_updown)(child_cfg_t *this);
	bool (*get_hostaccess)(child_cfg_t *this);
	uint32_t (*get_reqid)(child_cfg_t *this);
	uint32_t (*get_replay_window)(child_cfg_t *this);
	bool (*equals)(child_cfg_t *this, child_cfg_t *other);
	child_cfg_t *(*get_ref)(child_cfg_t *this);
	void (*destroy)(child_cfg_t *this);
};

child_cfg_t *child_cfg_create(const char *name, child_cfg_create_t *data);

#endif
