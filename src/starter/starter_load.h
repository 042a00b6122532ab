/*
 * Pushing a parsed config into charon: everything at start-up, the
 * difference on `ipsec update`, the difference and everything unchanged
 * again on `ipsec reload`.
 */
#ifndef CYGNET_STARTER_LOAD_H
#define CYGNET_STARTER_LOAD_H

#include "conf.h"
#include "conf_diff.h"

/* True if starter loads @p section into charon: a conn with auto=add,
 * route or start, a ca with auto=add. */
bool starter_load_wanted(const conf_section_t *section);

/* Send the run-time keywords of config setup (strictcrlpolicy, uniqueids,
 * cachecrls). Returns 1 if charon refused them, else 0. */
int starter_load_setup(config_t *config);

/* setup, then add_ca for every wanted ca, then add_conn for every wanted conn, route
 * for auto=route and an asynchronous up for auto=start. Returns the number
 * of requests charon refused or did not answer. */
int starter_load_all(config_t *config);

/* Apply @p diff: del_conn/del_ca for what was removed or changed, then
 * add_ca/add_conn for what changed or is new, with route/up as above. */
int starter_load_diff(conf_diff_t *diff);

/* Reload with @p diff (the loaded config against the new one): like
 * starter_load_diff(), and every unchanged conn and ca is sent again, so
 * charon gets back what it lost; such a conn keeps its SAs, and is routed
 * again (auto=route) or, if charon did not have it any more, brought up
 * (auto=start). */
int starter_load_reload(conf_diff_t *diff);

#endif
