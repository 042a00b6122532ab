/**
 * @file ike_cfg.h
 * The IKE_SA part of a connection: endpoints and IKE proposals.
 */
#ifndef CYGNET_IKE_CFG_H
#define CYGNET_IKE_CFG_H

#include "library.h"
#include "collections/linked_list.h"
#include "networking/host.h"
#include "config/proposal.h"

typedef struct ike_cfg_t ike_cfg_t;

/** IKE fragmentation (RFC 7383), ipsec.conf fragmentation=. */
typedef enum ike_fragmentation_t {
	FRAGMENTATION_NO = 0,	/**< neither announce nor accept fragments */
	FRAGMENTATION_YES = 1,	/**< announce, accept, and fragment large messages */
	FRAGMENTATION_ACCEPT,	/**< announce and accept, but never fragment */
	FRAGMENTATION_FORCE,	/**< as yes (IKE_SA_INIT is never fragmented in IKEv2) */
} ike_fragmentation_t;

/** Levels of match_me()/match_other(), see there. */
#define IKE_CFG_MATCH_ANY	1
#define IKE_CFG_MATCH_SUBNET	2
#define IKE_CFG_MATCH_EXACT	256

/** Parameters of ike_cfg_create(). Strings are copied. */
typedef struct ike_cfg_create_t {
	/** left=: address, FQDN, "%any", "%any4", "%any6", "%defaultroute"; comma lists allowed */
	const char *local;
	/** right= */
	const char *remote;
	uint16_t local_port;	/**< 0 = IKE port (500) */
	uint16_t remote_port;	/**< 0 = 500 */
	bool force_encap;	/**< forceencaps=yes: pretend a NAT */
	ike_fragmentation_t fragmentation;	/**< IKE fragmentation (RFC 7383) */
	bool no_certreq;
	uint8_t dscp;
} ike_cfg_create_t;

struct ike_cfg_t {
	const char *(*get_my_addr)(ike_cfg_t *this);
	const char *(*get_other_addr)(ike_cfg_t *this);
	uint16_t (*get_my_port)(ike_cfg_t *this);
	uint16_t (*get_other_port)(ike_cfg_t *this);
	/**
	 * Resolve our side to one address of @p family (AF_UNSPEC: any), with
	 * our port: the first entry of the list that resolves; %any gives the
	 * any-address (of @p family, IPv4 for AF_UNSPEC). Subnets and ranges
	 * are skipped. NULL if none.
	 */
	host_t *(*resolve_me)(ike_cfg_t *this, int family);
	/** Resolve the peer likewise, with its port; NULL if it is %any (or a
	 *  subnet, range) or unresolvable. */
	host_t *(*resolve_other)(ike_cfg_t *this, int family);
	/**
	 * How well @p host fits our side / the peer side, the best of the
	 * comma list: 0 none, IKE_CFG_MATCH_ANY for %any (%any4/%any6 of the
	 * right family), IKE_CFG_MATCH_SUBNET plus the prefix length for a
	 * subnet or range holding it, IKE_CFG_MATCH_EXACT for its address or a
	 * name resolving to it.
	 */
	int (*match_me)(ike_cfg_t *this, host_t *host);
	int (*match_other)(ike_cfg_t *this, host_t *host);
	bool (*force_encap)(ike_cfg_t *this);
	/** Announce support for and accept IKE fragments (fragmentation != no). */
	bool (*fragmentation)(ike_cfg_t *this);
	/** The fragmentation= setting. */
	ike_fragmentation_t (*get_fragmentation)(ike_cfg_t *this);
	bool (*send_certreq)(ike_cfg_t *this);
	/** Take ownership of a proposal; order is preference. */
	void (*add_proposal)(ike_cfg_t *this, proposal_t *proposal);
	/** Cloned proposals (caller destroys the list with its items). */
	linked_list_t *(*get_proposals)(ike_cfg_t *this);
	/** Choose from the peer's @p proposals (our preference order unless
	 *  @p prefer_peer); a new proposal_t or NULL. */
	proposal_t *(*select_proposal)(ike_cfg_t *this, linked_list_t *proposals,
				       bool prefer_peer);
	/** The KE method of our first proposal (what IKE_SA_INIT sends). */
	key_exchange_method_t (*get_ke_method)(ike_cfg_t *this);
	/** True if any of our proposals has @p method. */
	bool (*has_ke_method)(ike_cfg_t *this, key_exchange_method_t method);
	bool (*equals)(ike_cfg_t *this, ike_cfg_t *other);
	ike_cfg_t *(*get_ref)(ike_cfg_t *this);
	/** Drop one reference. */
	void (*destroy)(ike_cfg_t *this);
};

ike_cfg_t *ike_cfg_create(ike_cfg_create_t *data);

#endif
