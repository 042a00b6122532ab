/**
 * @file updown_listener.h
 * Runs the updown script of a CHILD_SA config (leftupdown=, else the
 * installed default _updown) when a CHILD_SA comes up or goes down, once
 * per pair of its traffic selectors, with the PLUTO_* environment.
 *
 * leftupdown="" runs nothing. "down" is only run for CHILD_SAs "up" was
 * run for, so a CHILD_SA that never carried traffic stays silent.
 */
#ifndef UPDOWN_LISTENER_H
#define UPDOWN_LISTENER_H

#include "bus/charon_bus.h"

typedef struct updown_listener_t updown_listener_t;

struct updown_listener_t {
	/** Register with charon->bus to receive child_updown events. */
	listener_t listener;
	void (*destroy)(updown_listener_t *this);
};

/**
 * @param default_script	run for configs without leftupdown=; NULL for none
 */
updown_listener_t *updown_listener_create(const char *default_script);

#endif
