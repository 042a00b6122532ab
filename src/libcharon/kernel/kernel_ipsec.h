/**
 * @file kernel_ipsec.h
 * The IPsec data plane as charon sees it: SAs and policies.
 *
 * kernel-netlink implements it with XFRM, kernel-libesp in userland over a
 * TUN device. Exactly one is active; it registers itself with
 * kernel_interface_set_ipsec() from its plugin feature callback
 * (FEATURE_CUSTOM "kernel-ipsec"). Events flow back through the
 * kernel_listener_t callbacks (acquire, expire).
 */
#ifndef CYGNET_KERNEL_IPSEC_H
#define CYGNET_KERNEL_IPSEC_H

#include "library.h"
#include "collections/linked_list.h"
#include "crypto/transform.h"
#include "networking/host.h"
#include "selectors/traffic_selector.h"

/** IPsec protocols, as IP protocol numbers. */
typedef enum ipsec_proto_t {
	IPSEC_PROTO_ESP = 50,
	IPSEC_PROTO_AH = 51,
} ipsec_proto_t;

typedef enum ipsec_mode_t {
	MODE_TUNNEL = 1,
	MODE_TRANSPORT,
} ipsec_mode_t;

typedef enum policy_dir_t {
	POLICY_IN = 0,
	POLICY_OUT = 1,
	POLICY_FWD = 2,
} policy_dir_t;

typedef enum policy_type_t {
	POLICY_IPSEC = 1,	/**< protect with the SAs of reqid */
	POLICY_PASS,		/**< bypass */
	POLICY_DROP,		/**< block */
} policy_type_t;

/** Soft and hard limits of an SA; 0 = none. Times in seconds. */
typedef struct lifetime_cfg_t {
	struct {
		uint64_t rekey;	/**< soft: raise a rekey expire */
		uint64_t life;	/**< hard: raise a delete expire */
	} time, bytes, packets;
} lifetime_cfg_t;

/** Identifies one SA. */
typedef struct kernel_ipsec_sa_id_t {
	host_t *src;
	host_t *dst;
	uint32_t spi;		/**< network order */
	uint8_t proto;		/**< ipsec_proto_t */
} kernel_ipsec_sa_id_t;

/** Everything needed to install an SA. */
typedef struct kernel_ipsec_add_sa_t {
	uint32_t reqid;		/**< ties the SA to its policies */
	ipsec_mode_t mode;
	linked_list_t *src_ts;	/**< traffic_selector_t *, the SA's source side */
	linked_list_t *dst_ts;	/**< traffic_selector_t *, the SA's destination side */
	lifetime_cfg_t *lifetime;
	uint16_t enc_alg;	/**< encryption_algorithm_t */
	chunk_t enc_key;	/**< incl. salt/nonce for GCM, CTR, ChaCha20 */
	uint16_t int_alg;	/**< integrity_algorithm_t, AUTH_UNDEFINED for AEADs */
	chunk_t int_key;
	uint32_t replay_window;	/**< packets; 0 disables anti-replay */
	bool esn;		/**< extended sequence numbers */
	bool encap;		/**< UDP encapsulation (RFC 3948) */
	bool inbound;		/**< SA for traffic towards us */
	bool initiator;		/**< we initiated the CHILD_SA */
	bool update;		/**< replaces an SA we reserved with get_spi() */
} kernel_ipsec_add_sa_t;

/** Byte and packet counters of an SA. */
typedef struct kernel_ipsec_sa_stats_t {
	uint64_t bytes;
	uint64_t packets;
	time_t use_time;	/**< last time the SA carried traffic, 0 if never */
} kernel_ipsec_sa_stats_t;

/** Identifies one policy. */
typedef struct kernel_ipsec_policy_id_t {
	policy_dir_t dir;
	traffic_selector_t *src_ts;
	traffic_selector_t *dst_ts;
} kernel_ipsec_policy_id_t;

typedef enum policy_priority_t {
	POLICY_PRIORITY_DEFAULT,	/**< installed with established SAs */
	POLICY_PRIORITY_ROUTED,		/**< trap policies (auto=route) */
	POLICY_PRIORITY_PASS,		/**< passthrough policies */
} policy_priority_t;

/** What a policy does. */
typedef struct kernel_ipsec_manage_policy_t {
	policy_type_t type;
	policy_priority_t prio;
	uint32_t reqid;
	ipsec_mode_t mode;
	host_t *src;		/**< tunnel endpoints */
	host_t *dst;
} kernel_ipsec_manage_policy_t;

typedef struct kernel_ipsec_t kernel_ipsec_t;

struct kernel_ipsec_t {
	/** Allocate a fresh inbound SPI (network order) for @p proto. */
	status_t (*get_spi)(kernel_ipsec_t *this, host_t *src, host_t *dst,
			    uint8_t proto, uint32_t *spi);
	/** Install an SA. */
	status_t (*add_sa)(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
			   kernel_ipsec_add_sa_t *data);
	/** Counters of an SA. */
	status_t (*query_sa)(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
			     kernel_ipsec_sa_stats_t *stats);
	/** Remove an SA. */
	status_t (*del_sa)(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id);
	/**
	 * Move an SA to new endpoints (MOBIKE, RFC 4555); NULL if the data
	 * plane cannot. On success @p id's SA is known by the new addresses.
	 */
	status_t (*update_sa)(kernel_ipsec_t *this, kernel_ipsec_sa_id_t *id,
			      host_t *new_src, host_t *new_dst, bool encap);
	/** Install a policy (reference counted: identical ones are shared). */
	status_t (*add_policy)(kernel_ipsec_t *this, kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	/** Last use of a policy (for DPD idle detection), 0 if unknown. */
	status_t (*query_policy)(kernel_ipsec_t *this, kernel_ipsec_policy_id_t *id,
				 time_t *use_time);
	/** Remove one reference of a policy. */
	status_t (*del_policy)(kernel_ipsec_t *this, kernel_ipsec_policy_id_t *id,
			       kernel_ipsec_manage_policy_t *data);
	/** Remove all SAs and policies this instance installed. */
	status_t (*flush)(kernel_ipsec_t *this);
	void (*destroy)(kernel_ipsec_t *this);
};

/** Events the data plane reports to charon. */
typedef struct kernel_listener_t {
	/** A packet hit a trap policy of @p reqid. */
	void (*acquire)(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst);
	/** An SA reached a soft (@p hard false) or hard lifetime limit. */
	void (*expire)(uint8_t proto, uint32_t spi, host_t *dst, bool hard);
} kernel_listener_t;

/**
 * True if the active data plane can only carry UDP-encapsulated ESP
 * (kernel-libesp, like strongSwan's kernel-libipsec): IKE then fakes a NAT
 * so both ends float to port 4500 and encapsulate.
 */
bool kernel_interface_requires_encap(void);

/** Declare whether the registered data plane requires UDP encapsulation. */
void kernel_interface_set_requires_encap(bool required);

/** Register the active data plane (NULL unregisters); returns false if one is set. */
bool kernel_interface_set_ipsec(kernel_ipsec_t *ipsec);

/** The active data plane, or NULL. */
kernel_ipsec_t *kernel_interface_get_ipsec(void);

/** Set the callbacks the data plane reports to (charon's). */
void kernel_interface_set_listener(const kernel_listener_t *listener);

/** Listeners kernel_interface_add_listener() takes besides set_listener()'s. */
#define KERNEL_LISTENERS_MAX 8

/**
 * Add a listener for data plane events, next to the one set with
 * kernel_interface_set_listener(); events go to each. @p listener must stay
 * valid until removed. False if there are KERNEL_LISTENERS_MAX already.
 */
bool kernel_interface_add_listener(const kernel_listener_t *listener);

/** Remove an added listener; returns once none of its callbacks runs. */
void kernel_interface_remove_listener(const kernel_listener_t *listener);

/** Report an acquire / expire to the listener (called by data planes). */
void kernel_interface_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst);
void kernel_interface_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard);

#endif
