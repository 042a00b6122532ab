/**
 * @file stroke_control.h
 * up, down, route, unroute through charon->controller.
 *
 * `up name` streams the log lines of the IKE_SA being set up (level
 * loglevel=, default 1) and exits 0 only if the IKE_SA and its CHILD_SA
 * were established; async=yes returns once the request is queued.
 * `down` takes "name" (every IKE_SA of that conn), "name[n]"/"name{n}" (the
 * IKE_SA/CHILD_SA with unique id n) or "name[*]"/"name{*}" (every IKE_SA /
 * CHILD_SA named so).
 */
#ifndef STROKE_CONTROL_H
#define STROKE_CONTROL_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

/** What a down/terminate argument names. */
typedef struct {
	char name[128];
	/** unique id, 0 for all matching */
	uint32_t id;
	/** CHILD_SAs ({}) rather than IKE_SAs ([]) */
	bool child;
	/** a [..] or {..} suffix was given */
	bool bracket;
} stroke_sa_spec_t;

/** Parse "name", "name[3]", "name{*}", …; false if malformed. */
bool stroke_control_parse_spec(const char *str, stroke_sa_spec_t *spec);

int stroke_control_up(stroke_msg_t *msg, FILE *out, FILE *err);
int stroke_control_down(stroke_msg_t *msg, FILE *out, FILE *err);
int stroke_control_route(stroke_msg_t *msg, FILE *out, FILE *err);
int stroke_control_unroute(stroke_msg_t *msg, FILE *out, FILE *err);

/** Set the timeout for up/down in ms (0: none), from the plugin's settings. */
void stroke_control_set_timeout(uint32_t timeout_ms);

#endif
