/**
 * @file backend_manager.h
 * The store of loaded connections (what stroke adds and deletes) and the
 * look-ups the IKE engine makes in it.
 */
#ifndef CYGNET_BACKEND_MANAGER_H
#define CYGNET_BACKEND_MANAGER_H

#include "library.h"
#include "config/peer_cfg.h"

typedef struct backend_manager_t backend_manager_t;

struct backend_manager_t {
	/** Add or replace (by name) a connection; takes the reference. */
	void (*add_peer_cfg)(backend_manager_t *this, peer_cfg_t *cfg);
	/** Remove a connection by name; false if unknown. */
	bool (*remove_peer_cfg)(backend_manager_t *this, const char *name);
	/** A new reference to the connection named @p name, or NULL. */
	peer_cfg_t *(*get_peer_cfg_by_name)(backend_manager_t *this, const char *name);
	/**
	 * The IKE config that best fits a packet from @p other to @p me
	 * (IKE_SA_INIT responder, before identities are known); new reference or NULL.
	 */
	ike_cfg_t *(*get_ike_cfg)(backend_manager_t *this, host_t *me, host_t *other);
	/**
	 * Connections fitting the addresses and identities, best first
	 * (IKE_AUTH responder): by identity match level, then address match,
	 * then the order of loading. @p my_id / @p other_id may be NULL; the
	 * IDr in @p my_id may also be %any or a wildcard matching our id.
	 * enumerate(e, peer_cfg_t **cfg); the enumerator holds the references.
	 */
	enumerator_t *(*create_peer_cfg_enumerator)(backend_manager_t *this,
						    host_t *me, host_t *other,
						    identification_t *my_id,
						    identification_t *other_id);
	/** Every connection: enumerate(e, peer_cfg_t **cfg). */
	enumerator_t *(*create_enumerator)(backend_manager_t *this);
	void (*destroy)(backend_manager_t *this);
};

backend_manager_t *backend_manager_create(void);

#endif
