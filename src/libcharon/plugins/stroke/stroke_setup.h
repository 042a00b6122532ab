/**
 * @file stroke_setup.h
 * The `config setup` keywords charon applies at run time, sent by starter
 * as a "setup" request before the conns and again when they change:
 * strictcrlpolicy (the default CRL/OCSP policy), uniqueids (the default of
 * conns that do not set it) and cachecrls.
 */
#ifndef STROKE_SETUP_H
#define STROKE_SETUP_H

#include <stdio.h>

#include "stroke_msg.h"

/** setup: strictcrlpolicy=, uniqueids=, cachecrls= (empty: the default). */
int stroke_setup_apply(stroke_msg_t *msg, FILE *out, FILE *err);

/** uniqueids= of config setup, or NULL if it was not set. */
const char *stroke_setup_uniqueids(void);

#endif
