/**
 * @file dn.h
 * Distinguished names (X.501 RDNSequence, DER) for DER_ASN1_DN identities:
 * parsing the "C=CH, O=Org, CN=host" form, printing it back, and matching
 * with '*' wildcards in attribute values.
 *
 * Internal to libcygnet: identification_t is the public face of DNs.
 */
#ifndef CYGNET_DN_H
#define CYGNET_DN_H

#include "library.h"

/**
 * Encode "C=CH, O=Org, CN=host" (or "/C=CH/O=Org/CN=host") as DER.
 *
 * Attribute names are case-insensitive (C, ST, L, O, OU, CN, SN,
 * serialNumber, E/emailAddress, DC, UID, … or a dotted OID); '\' escapes the
 * next character of a value.
 *
 * @param der	receives the encoding (the caller frees it)
 * @return	false if @p str is not a DN
 */
bool dn_from_string(const char *str, chunk_t *der);

/**
 * Print a DER DN as "C=CH, O=Org, CN=host" (',' and '\' in values are
 * escaped with '\', so dn_from_string() reads it back).
 *
 * @return	heap string, or NULL if @p der is not a valid RDNSequence
 */
char *dn_to_string(chunk_t der);

/** True if @p der is a well-formed RDNSequence. */
bool dn_is_valid(chunk_t der);

/**
 * Compare @p dn with @p pattern attribute by attribute (same count, same
 * types in the same order; values case-insensitively). A pattern value "*"
 * matches any value, "*suffix" any value ending in suffix.
 *
 * @return	number of wildcards used, or -1 if they do not match
 */
int dn_match(chunk_t dn, chunk_t pattern);

/** True if a value of @p der is a wildcard ("*" or "*suffix"). */
bool dn_has_wildcards(chunk_t der);

#endif
