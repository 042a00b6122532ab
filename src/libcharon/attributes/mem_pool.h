/**
 * @file mem_pool.h
 * An in-memory pool of virtual IP addresses (rightsourceip=10.3.0.0/28,
 * 10.3.0.1-10.3.0.20 or a single address). Leases stick to the peer's
 * identity: the same identity gets its address back while the pool lasts.
 * Not thread-safe: the attribute manager serialises access.
 */
#ifndef CHARON_MEM_POOL_H
#define CHARON_MEM_POOL_H

#include "library.h"
#include "networking/host.h"
#include "utils/identification.h"
#include "collections/enumerator.h"

/** Upper bound of a pool's size (a /64 would not fit in memory anyway). */
#define MEM_POOL_MAX_SIZE (1u << 24)

typedef struct mem_pool_t mem_pool_t;

struct mem_pool_t {
	/** The pool's name: its definition as configured ("10.3.0.0/28"). */
	const char *(*get_name)(mem_pool_t *this);
	/** Address family of the pool. */
	int (*get_family)(mem_pool_t *this);
	/** Number of addresses the pool hands out. */
	uint32_t (*get_size)(mem_pool_t *this);
	/** Leases in use (an identity with at least one IKE_SA holding it). */
	uint32_t (*get_online)(mem_pool_t *this);
	/** Leases kept for an identity that has no IKE_SA with it at the moment. */
	uint32_t (*get_offline)(mem_pool_t *this);
	/**
	 * Lease an address to @p id. The identity's previous lease comes first
	 * (online leases are shared: an IKE_SA replacing another of the same
	 * identity keeps the address), then @p requested if it is free, then an
	 * address never leased, then the oldest offline lease of another
	 * identity.
	 *
	 * @param id		peer identity
	 * @param requested	address the peer asked for, NULL or %any for none
	 * @return		a new host, NULL if the pool is exhausted
	 */
	host_t *(*acquire_address)(mem_pool_t *this, identification_t *id,
				   host_t *requested);
	/**
	 * Give back one use of @p address by @p id; the lease stays for the
	 * identity (offline once no IKE_SA holds it).
	 *
	 * @return		false if @p id holds no such lease
	 */
	bool (*release_address)(mem_pool_t *this, host_t *address, identification_t *id);
	/** True if @p address lies within the pool. */
	bool (*contains)(mem_pool_t *this, host_t *address);
	/**
	 * Enumerate leases in address order:
	 * enumerate(e, host_t **address, identification_t **id, bool *online).
	 * The pointers stay valid until the enumerator is destroyed.
	 */
	enumerator_t *(*create_lease_enumerator)(mem_pool_t *this);
	void (*destroy)(mem_pool_t *this);
};

/**
 * Create a pool from its ipsec.conf form: "net/prefix" (network and
 * broadcast addresses left out if the subnet has more than two), "from-to"
 * or a single address.
 *
 * @param spec		the definition (also the pool's name)
 * @return		the pool, NULL (logged) if @p spec is invalid
 */
mem_pool_t *mem_pool_create_from_string(const char *spec);

#endif
