/*
 * Stand-ins for IKE_SAs, CHILD_SAs and the IKE_SA manager, implementing
 * only the getters the stroke plugin calls, with fields tests set freely.
 */
#ifndef FAKE_SA_H
#define FAKE_SA_H

#include "library.h"
#include "sa/ike_sa.h"
#include "sa/ike_sa_manager.h"
#include "sa/child_sa.h"

typedef struct {
	child_sa_t public;
	char *name;
	uint32_t id, reqid;
	child_sa_state_t state;
	ipsec_mode_t mode;
	uint32_t spi_in, spi_out;	/* network order */
	bool encap;
	proposal_t *proposal;
	linked_list_t *my_ts, *other_ts;
	uint64_t bytes[2], packets[2];	/* [1] inbound */
	time_t used[2];
	time_t rekey;
} fake_child_t;

typedef struct {
	ike_sa_t public;
	char *name;
	uint32_t id;
	ike_sa_state_t state;
	ike_sa_id_t sa_id;
	host_t *me, *other;
	identification_t *my_id, *other_id;
	proposal_t *proposal;
	peer_cfg_t *peer_cfg;
	time_t stats[STAT_MAX];
	auth_class_t auth;
	linked_list_t *children;	/* fake_child_t * */
} fake_ike_t;

/** A CHILD_SA; selectors are parsed from "net net" strings (may be NULL). */
fake_child_t *fake_child_create(const char *name, uint32_t id, const char *my_ts,
				const char *other_ts);

/** An IKE_SA between @p me and @p other (addresses, may be NULL). */
fake_ike_t *fake_ike_create(const char *name, uint32_t id, ike_sa_state_t state,
			    const char *me, const char *other);

/** Hand over @p child to @p ike. */
void fake_ike_add_child(fake_ike_t *ike, fake_child_t *child);

/** A manager enumerating the fake_ike_t * in @p list (not owned). */
ike_sa_manager_t *fake_manager_create(linked_list_t *list);

/** An ESP or IKE proposal from "type:alg:keylen" triples. */
proposal_t *fake_proposal(protocol_id_t protocol, int count, ...);

#endif
