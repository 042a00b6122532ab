/**
 * @file kernel_libesp_policies.h
 * charon's policies, mapped onto the userland SPDs and routes.
 *
 * A policy is identified by direction and selectors. Identical policies
 * are shared and reference counted; several users of one identity (a trap
 * and the established CHILD_SA, say) are stacked, and the most urgent one
 * is in force: pass before installed SAs before traps (policy_priority_t).
 *
 * - OUT: an outbound SPD entry (a drop policy gets a reqid no SA ever
 *   has) and a route to the destination selector's subnet into the TUN
 *   device, with a local address inside the source selector as preferred
 *   source. A pass policy gets a throw route instead, so its traffic
 *   keeps using the main table.
 * - IN and FWD: an entry in the inbound SPD that decapsulated packets are
 *   checked against; both directions share it.
 */
#ifndef KERNEL_LIBESP_POLICIES_H
#define KERNEL_LIBESP_POLICIES_H

#include <kernel/kernel_ipsec.h>

#include "esp_spd.h"
#include "kernel_libesp_routes.h"

typedef struct kernel_libesp_policies_t kernel_libesp_policies_t;

struct kernel_libesp_policies_t {

	/**
	 * Install a policy or take another reference on it.
	 *
	 * @return		SUCCESS, NOT_SUPPORTED for transport mode,
	 *			INVALID_ARG for bad selectors, FAILED
	 */
	status_t (*add)(kernel_libesp_policies_t *this, kernel_ipsec_policy_id_t *id,
			kernel_ipsec_manage_policy_t *data);

	/**
	 * Release a reference taken by add() with the same id and data.
	 *
	 * @return		SUCCESS or NOT_FOUND
	 */
	status_t (*del)(kernel_libesp_policies_t *this, kernel_ipsec_policy_id_t *id,
			kernel_ipsec_manage_policy_t *data);

	/**
	 * reqid of the policy in force for an id.
	 *
	 * @param reqid		receives it (0 for pass policies)
	 * @return		false if there is no such policy
	 */
	bool (*get_reqid)(kernel_libesp_policies_t *this, kernel_ipsec_policy_id_t *id,
			  uint32_t *reqid);

	/**
	 * Number of policy identities installed.
	 */
	unsigned int (*get_count)(kernel_libesp_policies_t *this);

	/**
	 * Remove all policies and their routes.
	 */
	void (*flush)(kernel_libesp_policies_t *this);

	/**
	 * Flush and free; the SPDs and routes are borrowed.
	 */
	void (*destroy)(kernel_libesp_policies_t *this);
};

/**
 * Create the policy manager.
 *
 * @param out		outbound SPD
 * @param in		inbound SPD
 * @param routes	routes into the TUN device
 */
kernel_libesp_policies_t *kernel_libesp_policies_create(esp_spd_t *out, esp_spd_t *in,
							kernel_libesp_routes_t *routes);

/**
 * Convert a traffic selector.
 *
 * @return		false for an unsupported type
 */
bool kernel_libesp_ts_convert(traffic_selector_t *ts, esp_ts_t *out);

#endif
