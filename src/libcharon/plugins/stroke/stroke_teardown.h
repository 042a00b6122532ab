/**
 * @file stroke_teardown.h
 * What del_conn closes besides the config: the conn's trap policies, its
 * IKE_SAs (with their CHILD_SAs) and CHILD_SAs of its name that live in
 * another conn's IKE_SA. Other conns' SAs are not touched.
 */
#ifndef STROKE_TEARDOWN_H
#define STROKE_TEARDOWN_H

#include <stdio.h>

#include "library.h"
#include "config/peer_cfg.h"

/** How long del_conn waits for each delete exchange by default. */
#define STROKE_TEARDOWN_WAIT_MS 3000

/**
 * Close everything of the conn @p name. @p peer_cfg (may be NULL) is the
 * config that was removed; the traps of each of its CHILD_SA configs are
 * removed if the controller can unroute. Each delete exchange is waited for
 * up to @p wait_ms (0: not at all), so that a following add_conn/up of the
 * same name does not race it. One line per closed SA goes to @p out.
 * @return	number of SAs closed
 */
int stroke_teardown_conn(const char *name, peer_cfg_t *peer_cfg, uint32_t wait_ms,
			 FILE *out);

#endif
