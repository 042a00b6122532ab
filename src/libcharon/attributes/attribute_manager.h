/**
 * @file attribute_manager.h
 * The virtual IP pools of the daemon (charon->attributes). Config backends
 * add pools by name; ike_config leases addresses from the pools a peer_cfg
 * names and gives them back when the IKE_SA goes. Thread-safe.
 */
#ifndef CHARON_ATTRIBUTE_MANAGER_H
#define CHARON_ATTRIBUTE_MANAGER_H

#include "attributes/mem_pool.h"
#include "collections/linked_list.h"

typedef struct attribute_manager_t attribute_manager_t;

struct attribute_manager_t {
	/**
	 * Make sure a pool defined by @p spec exists (its name is @p spec).
	 * @return		false (logged) if @p spec is not a valid pool
	 */
	bool (*add_pool)(attribute_manager_t *this, const char *spec);
	/**
	 * Lease an address of family @p family to @p id from the first of
	 * @p pools (names, char*) that has one.
	 *
	 * @param requested	address the peer asked for, NULL/%any for none
	 * @param pool		receives the name of the pool (strdup'ed) on success
	 * @return		a new host, NULL if no pool of that family had one
	 */
	host_t *(*acquire_address)(attribute_manager_t *this, linked_list_t *pools,
				   identification_t *id, int family, host_t *requested,
				   char **pool);
	/** Give back a lease taken from pool @p name. */
	bool (*release_address)(attribute_manager_t *this, const char *name,
				host_t *address, identification_t *id);
	/**
	 * Enumerate pools (mem_pool_t*) in the order they were added, holding
	 * the manager's lock until the enumerator is destroyed.
	 */
	enumerator_t *(*create_pool_enumerator)(attribute_manager_t *this);
	void (*destroy)(attribute_manager_t *this);
};

attribute_manager_t *attribute_manager_create(void);

#endif
