/**
 * @file peer_cfg.h
 * A connection (`conn` in ipsec.conf): the IKE_SA config, authentication
 * of both ends, timers and the CHILD_SA configs.
 */
#ifndef CYGNET_PEER_CFG_H
#define CYGNET_PEER_CFG_H

#include "library.h"
#include "collections/enumerator.h"
#include "utils/identification.h"
#include "config/ike_cfg.h"
#include "config/child_cfg.h"
#include "credentials/credential_manager.h"
#include "config/vip_cfg.h"

typedef enum auth_class_t {
	AUTH_CLASS_ANY = 0,
	AUTH_CLASS_PSK,		/**< authby=secret / leftauth=psk */
	AUTH_CLASS_PUBKEY,	/**< authby=pubkey|rsasig|ecdsasig / leftauth=pubkey */
} auth_class_t;

typedef enum unique_policy_t {
	UNIQUE_NO,		/**< uniqueids=no */
	UNIQUE_REPLACE,		/**< uniqueids=yes (default) */
	UNIQUE_KEEP,		/**< uniqueids=keep */
	UNIQUE_NEVER,		/**< uniqueids=never */
} unique_policy_t;

/** One side's authentication (leftauth/leftid/leftcert/leftca…). */
typedef struct auth_cfg_t {
	auth_class_t auth;
	identification_t *id;		/**< leftid=, owned */
	identification_t *ca;		/**< rightca=, owned, may be NULL */
	char *cert;			/**< leftcert= file, may be NULL */
	int send_cert;			/**< leftsendcert: 0 ifasked, 1 always, 2 never */
	cert_policy_t crl_policy;	/**< rightcrlpolicy=, checking this side as the peer */
	/** leftsigkey=: raw public key (owned, NULL: certificates). Local: selects
	 *  the private key and no certificate is sent; remote: the only key the
	 *  peer may authenticate with. */
	public_key_t *pubkey;
} auth_cfg_t;

/** Parameters of peer_cfg_create(). */
typedef struct peer_cfg_create_t {
	unique_policy_t unique;
	uint32_t keyingtries;		/**< 0 = forever (%forever) */
	uint32_t rekey_time;		/**< ikelifetime - margintime, seconds; 0 = never */
	uint32_t reauth_time;		/**< when reauth=yes, else 0 */
	uint32_t jitter_time;		/**< random reduction of rekey/reauth */
	uint32_t over_time;		/**< hard IKE_SA lifetime past rekey_time */
	bool mobike;
	bool aggressive;		/**< unused in IKEv2, kept for config compat */
	uint32_t dpd;			/**< dpddelay, seconds; 0 disables */
	uint32_t dpd_timeout;		/**< dpdtimeout, seconds (IKEv1 legacy) */
} peer_cfg_create_t;

typedef struct peer_cfg_t peer_cfg_t;

struct peer_cfg_t {
	const char *(*get_name)(peer_cfg_t *this);
	ike_cfg_t *(*get_ike_cfg)(peer_cfg_t *this);
	/** Take ownership of a child config. */
	void (*add_child_cfg)(peer_cfg_t *this, child_cfg_t *child);
	/** Remove (and release) a child config by name; false if unknown. */
	bool (*remove_child_cfg)(peer_cfg_t *this, const char *name);
	/** enumerate(e, child_cfg_t **child). */
	enumerator_t *(*create_child_cfg_enumerator)(peer_cfg_t *this);
	/** The child config named @p name (not a new reference), or NULL. */
	child_cfg_t *(*get_child_cfg)(peer_cfg_t *this, const char *name);
	/**
	 * The child config whose selectors best fit the peer's proposal
	 * @p my_ts/@p other_ts (as narrowed for @p my_hosts/@p other_hosts), or NULL.
	 * Per side, a child whose selectors equal the proposal beats one that
	 * contains it, which beats one that must narrow it; both sides must
	 * keep something. Ties go to the child added first.
	 */
	child_cfg_t *(*select_child_cfg)(peer_cfg_t *this, linked_list_t *my_ts,
					 linked_list_t *other_ts,
					 linked_list_t *my_hosts,
					 linked_list_t *other_hosts);
	/** Our (@p local) or the peer's authentication config. */
	auth_cfg_t *(*get_auth)(peer_cfg_t *this, bool local);
	/** Virtual IP settings (fill while building the config, read-only after). */
	vip_cfg_t *(*get_vip_cfg)(peer_cfg_t *this);
	unique_policy_t (*get_unique_policy)(peer_cfg_t *this);
	uint32_t (*get_keyingtries)(peer_cfg_t *this);
	/** Rekey time with jitter applied if @p jitter; 0 if disabled. */
	uint32_t (*get_rekey_time)(peer_cfg_t *this, bool jitter);
	uint32_t (*get_reauth_time)(peer_cfg_t *this, bool jitter);
	uint32_t (*get_over_time)(peer_cfg_t *this);
	bool (*use_mobike)(peer_cfg_t *this);
	uint32_t (*get_dpd)(peer_cfg_t *this);
	uint32_t (*get_dpd_timeout)(peer_cfg_t *this);
	/** Same settings (for `ipsec update`: unchanged conns keep their SAs). */
	bool (*equals)(peer_cfg_t *this, peer_cfg_t *other);
	peer_cfg_t *(*get_ref)(peer_cfg_t *this);
	void (*destroy)(peer_cfg_t *this);
};

/** A connection; takes the reference to @p ike_cfg. Auth configs are filled through get_auth(). */
peer_cfg_t *peer_cfg_create(const char *name, ike_cfg_t *ike_cfg, peer_cfg_create_t *data);

#endif
