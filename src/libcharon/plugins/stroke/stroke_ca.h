/**
 * @file stroke_ca.h
 * ipsec.conf `ca` sections (add_ca/del_ca from starter): the CA
 * certificate of cacert= becomes a trust anchor, its crluri=/ocspuri= are
 * asked about certificates it issued after the URIs those name, and
 * `ipsec listcainfos` shows them.
 */
#ifndef STROKE_CA_H
#define STROKE_CA_H

#include <stdio.h>

#include "stroke_msg.h"
#include "stroke_json.h"

/** add_ca: name= and the section's keywords. */
int stroke_ca_add(stroke_msg_t *msg, FILE *out, FILE *err);

/** del_ca: name=. */
int stroke_ca_del(stroke_msg_t *msg, FILE *out, FILE *err);

/** "List of X.509 CA Information Records" (nothing if there are none). */
void stroke_ca_list_text(FILE *out);

/** The records as the JSON array "cainfos". */
void stroke_ca_list_json(stroke_json_t *json);

/** Forget every ca section (plugin unload). */
void stroke_ca_flush(void);

#endif
