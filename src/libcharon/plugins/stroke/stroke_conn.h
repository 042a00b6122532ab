/*
 * A conn as add_conn delivers it: every ipsec.conf keyword checked against
 * one table and stored in a conn_t, errors counted and reported as
 * "conn 'NAME': …" lines. stroke_config.c turns a clean conn_t into config
 * objects.
 */
#ifndef STROKE_CONN_H
#define STROKE_CONN_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

typedef struct {
	const char *name;
	const char *left, *right;
	const char *leftsubnet, *rightsubnet;
	const char *leftprotoport, *rightprotoport;
	const char *leftid, *rightid;
	const char *leftauth, *rightauth, *authby;
	const char *leftcert, *rightcert, *leftca, *rightca;
	const char *leftsendcert, *rightsendcert;
	const char *leftcrlpolicy, *rightcrlpolicy;
	const char *leftsigkey, *rightsigkey, *leftrsasigkey, *rightrsasigkey;
	const char *ike, *esp;
	const char *leftupdown;
	const char *type, *keyexchange, *auto_, *dpdaction, *closeaction;
	const char *uniqueids, *fragmentation, *ikedscp;
	/** keywords only their default value is supported for */
	const char *unused;
	uint64_t leftikeport, rightikeport;
	uint64_t ikelifetime, keylife, margintime, rekeyfuzz, keyingtries;
	uint64_t dpddelay, dpdtimeout, reqid, replay_window;
	uint64_t lifebytes, lifepackets, marginbytes, marginpackets;
	bool rekey, reauth, mobike, forceencaps, hostaccess, compress;
	/** errors so far */
	int errors;
	FILE *err;
} conn_t;

/** Fill @p c (name, err set by the caller) from every pair of @p msg. */
void stroke_conn_read(conn_t *c, stroke_msg_t *msg);

/** Report an error of @p c on its error stream and count it. */
void stroke_conn_error(conn_t *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** @p value is one of the '|'-separated @p values. */
bool stroke_conn_one_of(const char *value, const char *values);

#endif
