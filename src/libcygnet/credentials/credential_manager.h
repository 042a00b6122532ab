/**
 * @file credential_manager.h
 * Where credentials are kept and looked up. Issue-by-issue this grows:
 * shared keys now, certificates, private keys and trust chains later.
 */
#ifndef CYGNET_CREDENTIAL_MANAGER_H
#define CYGNET_CREDENTIAL_MANAGER_H

#include "library.h"
#include "collections/linked_list.h"
#include "credentials/shared_key.h"
#include "utils/identification.h"

typedef struct credential_manager_t credential_manager_t;

struct credential_manager_t {
	/**
	 * Add a shared key for the identities in @p owners (identification_t *,
	 * taken over with the list; empty or NULL = any peer). @p source tags the
	 * key so flush_shared() can remove all keys of one source (e.g.
	 * "ipsec.secrets") at once.
	 */
	void (*add_shared)(credential_manager_t *this, const char *source,
			   shared_key_t *key, linked_list_t *owners);
	/**
	 * The best shared key of @p type between @p me and @p other (either may
	 * be NULL): a key whose owners match both beats one matching one, which
	 * beats one for any peer (no owners, or %any); then the better match
	 * levels win, and on ties the key added first. A new reference, or NULL.
	 */
	shared_key_t *(*get_shared)(credential_manager_t *this, shared_key_type_t type,
				    identification_t *me, identification_t *other);
	/** Remove every shared key added with @p source. */
	void (*flush_shared)(credential_manager_t *this, const char *source);
	/** Number of shared keys (for `ipsec rereadsecrets` reports). */
	int (*count_shared)(credential_manager_t *this);
	void (*destroy)(credential_manager_t *this);
};

credential_manager_t *credential_manager_create(void);

#endif
