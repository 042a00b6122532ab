/**
 * @file trap_manager.h
 * Trap policies (auto=route, `ipsec route`): for a CHILD_SA config, a
 * CHILD_SA in state ROUTED whose policies catch matching packets that have
 * no SA yet. The data plane reports such a packet as an acquire for the
 * trap's reqid; the trap manager then starts the IKE_SA (or reuses one)
 * and the CHILD_SA with that reqid.
 *
 * The trap stays installed underneath the negotiated CHILD_SA, whose
 * policies take precedence, so traffic starts a new negotiation once that
 * SA is gone. While a negotiation started by an acquire is under way,
 * further acquires for the trap are ignored.
 */
#ifndef CYGNET_TRAP_MANAGER_H
#define CYGNET_TRAP_MANAGER_H

#include "library.h"
#include "collections/enumerator.h"
#include "config/peer_cfg.h"
#include "sa/child_sa.h"
#include "selectors/traffic_selector.h"

typedef struct trap_manager_t trap_manager_t;

struct trap_manager_t {
	/**
	 * Install the trap for @p child_cfg of @p peer_cfg (both referenced).
	 * A trap of the same name from a different config is replaced.
	 * @return	SUCCESS, ALREADY_DONE if routed with these configs,
	 *		FAILED (logged) if the endpoints or policies fail
	 */
	status_t (*install)(trap_manager_t *this, peer_cfg_t *peer_cfg, child_cfg_t *child_cfg);
	/** Remove the trap of the CHILD_SA config named @p name; NOT_FOUND if
	 *  there is none. Established SAs stay. */
	status_t (*uninstall)(trap_manager_t *this, const char *name);
	/** Installed traps: enumerate(e, peer_cfg_t **peer_cfg, child_sa_t **child_sa).
	 *  Install and uninstall wait until the enumerator is destroyed. */
	enumerator_t *(*create_enumerator)(trap_manager_t *this);
	/** The reqid of the trap of the CHILD_SA config named @p name, 0 if none. */
	uint32_t (*find_reqid)(trap_manager_t *this, const char *name);
	/**
	 * A packet from @p src to @p dst (may be NULL) hit the trap policy of
	 * @p reqid: start its connection unless that is under way. Returns
	 * at once, the negotiation is started from a job.
	 */
	void (*acquire)(trap_manager_t *this, uint32_t reqid, traffic_selector_t *src,
			traffic_selector_t *dst);
	/** Remove all traps and ignore acquires from now on (shutdown). */
	void (*flush)(trap_manager_t *this);
	void (*destroy)(trap_manager_t *this);
};

/**
 * The trap manager; registers with the bus and receives the data plane's
 * acquires (kernel_interface_add_listener()). One at a time.
 */
trap_manager_t *trap_manager_create(void);

#endif
