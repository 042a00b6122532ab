/**
 * @file updown_env.h
 * The environment of an updown script: strongSwan's (and pluto's)
 * PLUTO_* variables, interface version 1.1, for one pair of traffic
 * selectors of a CHILD_SA going up or down.
 */
#ifndef UPDOWN_ENV_H
#define UPDOWN_ENV_H

#include "library.h"
#include "collections/linked_list.h"
#include "networking/host.h"
#include "selectors/traffic_selector.h"
#include "utils/identification.h"

/** What the variables are made of; everything is borrowed. */
typedef struct updown_info_t {
	/** CHILD_SA config name (PLUTO_CONNECTION). */
	const char *name;
	/** up-* or down-* verb. */
	bool up;
	uint32_t reqid;
	/** The IKE_SA's unique id (PLUTO_UNIQUEID). */
	uint32_t unique_id;
	/** Our and the peer's IKE address. */
	host_t *me;
	host_t *other;
	identification_t *my_id;
	identification_t *other_id;
	traffic_selector_t *my_ts;
	traffic_selector_t *other_ts;
	/** ESP in UDP: PLUTO_UDP_ENC is the peer's port. */
	bool encap;
	bool hostaccess;
	bool ipcomp;
	/** Interface of our address, NULL if unknown. */
	const char *interface;
	/** Virtual IPs (host_t) of ours and the peer's, NULL or empty for none. */
	linked_list_t *my_vips;
	linked_list_t *other_vips;
} updown_info_t;

/**
 * The script's environment: "KEY=value" strings, NULL-terminated, PATH
 * taken over from ours so the script finds its tools.
 * @return	free with updown_env_destroy()
 */
char **updown_env_create(const updown_info_t *info);

/** Value of @p key in @p env, NULL if not set (for logs and tests). */
const char *updown_env_get(char **env, const char *key);

void updown_env_destroy(char **env);

#endif
