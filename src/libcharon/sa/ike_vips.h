/**
 * @file ike_vips.h
 * The virtual IPs of one IKE_SA: ours (assigned by the peer in a CFG_REPLY
 * and installed through kernel_net_add_ip()) and the peer's (leased from a
 * pool of charon->attributes). Destroying the set removes our addresses and
 * gives the peer's leases back.
 */
#ifndef CHARON_IKE_VIPS_H
#define CHARON_IKE_VIPS_H

#include "library.h"
#include "networking/host.h"
#include "utils/identification.h"
#include "collections/linked_list.h"

typedef struct ike_vips_t ike_vips_t;

struct ike_vips_t {
	/** Take @p vip (cloned) as ours and install it; false if that failed. */
	bool (*add_local)(ike_vips_t *this, host_t *vip);
	/** Record @p vip (cloned), leased to @p id from pool @p pool. */
	void (*add_remote)(ike_vips_t *this, host_t *vip, const char *pool,
			   identification_t *id);
	/** Enumerate ours (@p local) or the peer's: enumerate(e, host_t **vip). */
	enumerator_t *(*create_enumerator)(ike_vips_t *this, bool local);
	/** Number of ours or of the peer's. */
	int (*get_count)(ike_vips_t *this, bool local);
	/** Take over @p other's addresses and leases (IKE_SA rekeying), leaving it empty. */
	void (*adopt)(ike_vips_t *this, ike_vips_t *other);
	/** Remove our addresses and give the peer's leases back. */
	void (*clear)(ike_vips_t *this);
	/** clear() and free. */
	void (*destroy)(ike_vips_t *this);
};

ike_vips_t *ike_vips_create(void);

typedef struct ike_sa_t ike_sa_t;

/**
 * Hosts dynamic traffic selectors of one side are bound to: its virtual
 * IPs if it has any; ours as %any while we still wait for the ones we
 * requested (the responder narrows to them); else the IKE address.
 *
 * @return		list of host_t, destroy with destroy_offset()
 */
linked_list_t *ike_vips_ts_hosts(ike_sa_t *ike_sa, bool local);

#endif
