/**
 * @file stroke_status.h
 * `status` and `statusall` in strongSwan's layout (see DESIGN.md §3), and
 * the same facts as JSON.
 *
 * Names are right-aligned in 12 columns; IKE_SAs are "name[n]", CHILD_SAs
 * "name{n}". Times are the monotonic seconds ike_sa_t/child_sa_t report,
 * printed like strongSwan: seconds up to 2 minutes, then minutes up to 2
 * hours, hours up to 2 days, then days.
 */
#ifndef STROKE_STATUS_H
#define STROKE_STATUS_H

#include <stdio.h>

#include "library.h"
#include "config/peer_cfg.h"
#include "sa/ike_sa.h"
#include "sa/child_sa.h"
#include "stroke_json.h"

/**
 * Print status (@p all false) or statusall for the SAs and conns named
 * @p name (NULL: all). @p utc prints the start time in UTC.
 */
void stroke_status(FILE *out, const char *name, bool all, bool utc);

/** The same as one JSON document. */
void stroke_status_json(FILE *out, const char *name, bool all);

/* Building blocks, also used by the JSON variant and the tests. */

/** "5 seconds", "1 minute", "2 hours", "3 days". */
char *stroke_status_delta(time_t delta, char *buf, size_t len);

/** "pre-shared key", "public key", "any". */
const char *stroke_status_auth_name(auth_class_t auth);

/** How statusall names actions: "none", "trap", "start". */
const char *stroke_status_action_name(action_t action);

/** "TUNNEL" or "TRANSPORT". */
const char *stroke_status_mode_name(ipsec_mode_t mode);

/** A CHILD_SA proposal as statusall shows it: "AES_CBC_128/HMAC_SHA2_256_128",
 *  "AES_GCM_16_256/CURVE_25519/ESN". */
char *stroke_status_child_proposal(proposal_t *proposal, char *buf, size_t len);

/** Space-separated selectors of @p list ("dynamic" for unset dynamic ones). */
char *stroke_status_ts_list(linked_list_t *list, char *buf, size_t len);

/** The lines of one IKE_SA ([n]: state; statusall: SPIs, proposal). */
void stroke_status_ike_sa(FILE *out, ike_sa_t *ike_sa, bool all, time_t now);

/** The lines of one CHILD_SA ({n}: state, statusall: traffic; selectors). */
void stroke_status_child_sa(FILE *out, child_sa_t *child, bool all, time_t now);

/** The "Connections:" lines of one conn. */
void stroke_status_conn(FILE *out, peer_cfg_t *peer_cfg);

/** The "Routed Connections:" lines of one trap. */
void stroke_status_routed(FILE *out, peer_cfg_t *peer_cfg, child_sa_t *child);

#endif
