/**
 * @file stroke_list.h
 * list (what=algs|plugins|counters|certs|…|all), reread, purge and
 * resetcounters, in strongSwan's layouts.
 *
 * Certificate kinds are listed by stroke_list_creds.c; an empty store
 * prints nothing, as strongSwan does (a header only above entries), and
 * --json gives an empty array.
 */
#ifndef STROKE_LIST_H
#define STROKE_LIST_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

/** `list what=…`; returns the exit status. */
int stroke_list(stroke_msg_t *msg, FILE *out, FILE *err);

/** `reread what=secrets|all|cacerts|…`. */
int stroke_list_reread(stroke_msg_t *msg, FILE *out, FILE *err);

/** `purge what=ike|certs|crls|ocsp`. */
int stroke_list_purge(stroke_msg_t *msg, FILE *out, FILE *err);

/** `resetcounters [name=…]`. */
int stroke_list_resetcounters(stroke_msg_t *msg, FILE *out, FILE *err);

/** "List of registered IKE algorithms:" with its wrapped lines. */
void stroke_list_algs(FILE *out, bool json);

/** (Re)load ipsec.secrets from the configuration directory. -1 on error,
 *  which is written to @p err (if given) and logged. */
int stroke_list_load_secrets(FILE *err);

#endif
