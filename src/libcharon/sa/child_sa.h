/**
 * @file child_sa.h
 * A CHILD_SA: a pair of ESP SAs with their policies in the data plane.
 */
#ifndef CYGNET_CHILD_SA_H
#define CYGNET_CHILD_SA_H

#include "library.h"
#include "collections/linked_list.h"
#include "config/child_cfg.h"
#include "config/proposal.h"
#include "kernel/kernel_ipsec.h"

typedef enum child_sa_state_t {
	CHILD_CREATED,		/**< negotiating */
	CHILD_ROUTED,		/**< trap policy installed, no SA */
	CHILD_INSTALLING,
	CHILD_INSTALLED,	/**< SAs and policies in the data plane */
	CHILD_REKEYING,
	CHILD_REKEYED,		/**< replaced, kept for inbound until deleted */
	CHILD_DELETING,
	CHILD_DESTROYING,
	CHILD_FAILED,
} child_sa_state_t;

/** Upper-case name for statusall ("INSTALLED"). */
const char *child_sa_state_name(child_sa_state_t state);

typedef struct child_sa_t child_sa_t;

struct child_sa_t {
	const char *(*get_name)(child_sa_t *this);
	/** Number unique in the daemon, as statusall prints it ("site{3}"). */
	uint32_t (*get_unique_id)(child_sa_t *this);
	uint32_t (*get_reqid)(child_sa_t *this);
	child_cfg_t *(*get_config)(child_sa_t *this);
	child_sa_state_t (*get_state)(child_sa_t *this);
	void (*set_state)(child_sa_t *this, child_sa_state_t state);
	/** Our inbound SPI (@p inbound) or the peer's (network order). */
	uint32_t (*get_spi)(child_sa_t *this, bool inbound);
	uint8_t (*get_protocol)(child_sa_t *this);
	ipsec_mode_t (*get_mode)(child_sa_t *this);
	void (*set_mode)(child_sa_t *this, ipsec_mode_t mode);
	proposal_t *(*get_proposal)(child_sa_t *this);
	/** Take ownership of the selected proposal. */
	void (*set_proposal)(child_sa_t *this, proposal_t *proposal);
	/** Use UDP encapsulation (NAT detected or forced). */
	void (*set_encap)(child_sa_t *this, bool encap);
	bool (*has_encap)(child_sa_t *this);
	/** Reserve our inbound SPI in the data plane; 0 on failure. */
	uint32_t (*alloc_spi)(child_sa_t *this);
	/** Traffic selectors: ours (@p local) or the peer's (list of traffic_selector_t *). */
	linked_list_t *(*get_traffic_selectors)(child_sa_t *this, bool local);
	/** Install the negotiated selectors (cloned). */
	void (*set_traffic_selectors)(child_sa_t *this, linked_list_t *my_ts,
				      linked_list_t *other_ts);
	/**
	 * Install one direction's SA with keys from the key derivation.
	 * @p spi is the SPI of that direction (ours for inbound).
	 */
	status_t (*install)(child_sa_t *this, chunk_t encr, chunk_t integ,
			    uint32_t spi, bool inbound, bool initiator);
	/** Install the policies for the selectors (both directions). */
	status_t (*install_policies)(child_sa_t *this);
	/** Install trap policies only (auto=route). */
	status_t (*install_trap)(child_sa_t *this);
	/** Bytes, packets and last use, @p inbound or outbound. */
	void (*get_usestats)(child_sa_t *this, bool inbound, uint64_t *bytes,
			     uint64_t *packets, time_t *use_time);
	/** When the SA was installed / will rekey / expires (monotonic seconds, 0 = never). */
	time_t (*get_lifetime)(child_sa_t *this, bool hard);
	time_t (*get_installtime)(child_sa_t *this);
	/** Update endpoints after NAT-T floating or MOBIKE. */
	void (*update_hosts)(child_sa_t *this, host_t *me, host_t *other, bool encap);
	/** Remove SAs and policies from the data plane, then free. */
	void (*destroy)(child_sa_t *this);
};

/**
 * A CHILD_SA between @p me and @p other (cloned) for @p config (referenced).
 * @p reqid 0 allocates one.
 */
child_sa_t *child_sa_create(host_t *me, host_t *other, child_cfg_t *config,
			    uint32_t reqid, bool encap);

#endif
