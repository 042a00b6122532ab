/**
 * @file stroke_config.h
 * add_conn / del_conn: ipsec.conf conns (as starter sends them, flattened
 * keyword=value pairs plus name=) become peer_cfg/ike_cfg/child_cfg objects
 * in charon->backends.
 *
 * Every keyword starter knows is either applied, accepted and ignored
 * (cosmetic ones, and certificate options until certificates exist), or
 * refused with "not supported" where ignoring it would change what is
 * protected or how (virtual IPs, marks, IKEv1, second auth rounds, …).
 * An unknown keyword or invalid value is an error naming both; then
 * nothing is added.
 */
#ifndef STROKE_CONFIG_H
#define STROKE_CONFIG_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"
#include "config/peer_cfg.h"

/**
 * Build the connection described by @p msg without adding it.
 * @param err	receives one line per error
 * @return	the connection (one child_cfg of the same name), NULL on error
 */
peer_cfg_t *stroke_config_build(stroke_msg_t *msg, FILE *err);

/** add_conn: build and add (or replace) the conn. Returns the exit status. */
int stroke_config_add(stroke_msg_t *msg, FILE *out, FILE *err);

/** del_conn name=NAME. Returns the exit status. */
int stroke_config_del(stroke_msg_t *msg, FILE *out, FILE *err);

#endif
