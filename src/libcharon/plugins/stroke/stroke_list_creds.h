/**
 * @file stroke_list_creds.h
 * Certificates, CRLs and keys for the list, reread and purge commands, in
 * strongSwan's layouts ("List of X.509 End Entity Certificates", …), and
 * loading the ipsec.d/ directories at start.
 */
#ifndef STROKE_LIST_CREDS_H
#define STROKE_LIST_CREDS_H

#include <stdio.h>

#include "library.h"
#include "stroke_json.h"

/** True for the list kinds this file handles ("certs", "crls", …). */
bool stroke_list_creds_kind(const char *what);

/** Print listing @p what ("all": every kind) as text. */
void stroke_list_creds_text(FILE *out, const char *what);

/** Add listing @p what ("all": every kind) to an open JSON object. */
void stroke_list_creds_json(stroke_json_t *json, const char *what);

/**
 * Reread ipsec.d/cacerts (with ocspcerts and aacerts: "cacerts",
 * "ocspcerts", "aacerts"), ipsec.d/crls ("crls"), or both ("all").
 *
 * @return	false if @p what is none of these
 */
bool stroke_list_creds_reread(const char *what);

/**
 * purgecerts (certificates cached from peers, source CRED_SOURCE_PEER;
 * loaded ones stay) and purgecrls (fetched CRLs, CRED_SOURCE_FETCHED).
 *
 * @return	false if @p what is neither "certs" nor "crls"
 */
bool stroke_list_creds_purge(const char *what);

/** "ab:cd:…" of @p data, into @p buf (as long as it fits). */
const char *stroke_list_hex(chunk_t data, char *buf, size_t len);

/** Load the ipsec.d/ certificate and CRL directories (at start). */
void stroke_list_creds_load(void);

#endif
