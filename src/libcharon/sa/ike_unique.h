/**
 * @file ike_unique.h
 * uniqueids= (ipsec.conf config setup or per conn): an IKE_SA a peer just
 * established as responder replaces older ones of the same conn between
 * the same identities (yes/replace: if the peer sent INITIAL_CONTACT or
 * the old one is with another address of the peer, not a reauthentication
 * from the same address; no: only with INITIAL_CONTACT; never and keep:
 * not at all, keep does not reject the new one either). The old ones are deleted with an INFORMATIONAL; their
 * virtual IP leases are shared with the new one, so the peer keeps its
 * address.
 */
#ifndef CHARON_IKE_UNIQUE_H
#define CHARON_IKE_UNIQUE_H

#include "sa/ike_sa.h"

/**
 * Delete the duplicates of @p ike_sa (which the caller holds checked out)
 * its conn's policy asks to replace.
 *
 * @param initial_contact	the peer sent INITIAL_CONTACT
 * @return			number of IKE_SAs being deleted
 */
int ike_unique_enforce(ike_sa_t *ike_sa, bool initial_contact);

#endif
