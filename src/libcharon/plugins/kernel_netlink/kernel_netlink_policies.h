/**
 * @file kernel_netlink_policies.h
 * The XFRM policies charon installed, reference counted.
 *
 * The kernel holds one policy per direction and selector. Each of ours
 * keeps the list of its users (CHILD_SAs, trap policies, passthrough
 * policies); the kernel gets the best of them, and the policy goes when
 * the last user does. Priorities (lower number wins): passthrough policies
 * first, then installed and trap policies ordered by how specific their
 * selectors are, an installed one before a trap one for equal selectors.
 */
#ifndef KERNEL_NETLINK_POLICIES_H
#define KERNEL_NETLINK_POLICIES_H

#include <linux/xfrm.h>

#include "kernel/kernel_ipsec.h"
#include "xfrm_socket.h"

typedef struct kernel_netlink_policies_t kernel_netlink_policies_t;

struct kernel_netlink_policies_t {
	/** Add a user to the policy @p id, installing or updating it. */
	status_t (*add)(kernel_netlink_policies_t *this, kernel_ipsec_policy_id_t *id,
			kernel_ipsec_manage_policy_t *data);
	/** Remove the user @p data of @p id; NOT_FOUND if it has none such. */
	status_t (*del)(kernel_netlink_policies_t *this, kernel_ipsec_policy_id_t *id,
			kernel_ipsec_manage_policy_t *data);
	/** Last use of the kernel policy @p id (monotonic seconds, 0: never). */
	status_t (*query)(kernel_netlink_policies_t *this, kernel_ipsec_policy_id_t *id,
			  time_t *use_time);
	/** True if an IPsec policy of ours uses @p reqid (acquires for others
	 *  are not ours to answer). */
	bool (*has_reqid)(kernel_netlink_policies_t *this, uint32_t reqid);
	/** Remove every policy of ours from the kernel and forget them. */
	void (*flush)(kernel_netlink_policies_t *this);
	/** Forget the policies (the kernel keeps them: flush() first). */
	void (*destroy)(kernel_netlink_policies_t *this);
};

/** A table sending its requests over @p socket (not owned). */
kernel_netlink_policies_t *kernel_netlink_policies_create(xfrm_socket_t *socket);

/** The XFRM priority of a policy of class @p prio with selector @p sel. */
uint32_t kernel_netlink_policy_priority(policy_priority_t prio,
					const struct xfrm_selector *sel);

#endif
