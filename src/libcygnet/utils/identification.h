/**
 * @file identification.h
 * IKE identities (RFC 7296 §3.5): what IDi/IDr carry and what leftid=/
 * rightid= and ipsec.secrets selectors name.
 *
 * String forms, as strongSwan reads them: "192.0.2.1", "2001:db8::1",
 * "@fqdn" or a bare name with a dot and no '@' (FQDN), "user@example.com"
 * (RFC822), "@#0a0b…" (KEY_ID, hex), "C=CH, O=Org, CN=host" (DER_ASN1_DN),
 * "%any" (matches everything). '*' is a wildcard in FQDN/RFC822/DN values
 * when matching. "@@user" is an RFC822 identity without '@'; the prefixes
 * "ipv4:", "ipv6:", "fqdn:", "email:", "keyid:" (text or "#hex") and
 * "asn1dn:" force a type. DNs may also be written "/C=CH/O=Org/CN=host";
 * '\' escapes a character in a DN value.
 *
 * Match levels: ID_MATCH_PERFECT for equal identities (FQDN, e-mail and DN
 * values compare case-insensitively), one level less per wildcard used
 * ("*.example.com", "*@example.com", "CN=*"), ID_MATCH_ANY against %any.
 */
#ifndef CYGNET_IDENTIFICATION_H
#define CYGNET_IDENTIFICATION_H

#include "library.h"

typedef enum id_type_t {
	ID_ANY = 0,
	ID_IPV4_ADDR = 1,
	ID_FQDN = 2,
	ID_RFC822_ADDR = 3,
	ID_IPV6_ADDR = 5,
	ID_DER_ASN1_DN = 9,
	ID_DER_ASN1_GN = 10,
	ID_KEY_ID = 11,
} id_type_t;

/** How well an identity matches a pattern; higher is better. */
typedef enum id_match_t {
	ID_MATCH_NONE = 0,
	ID_MATCH_ANY = 1,
	ID_MATCH_MAX_WILDCARDS = 2,	/**< fewer wildcards → up to ID_MATCH_PERFECT - 1 */
	ID_MATCH_PERFECT = 20,
} id_match_t;

typedef struct identification_t identification_t;

struct identification_t {
	id_type_t (*get_type)(identification_t *this);
	/** The encoding as it goes into an ID payload. */
	chunk_t (*get_encoding)(identification_t *this);
	/** Same type and encoding. */
	bool (*equals)(identification_t *this, identification_t *other);
	/** How well @p this matches @p pattern (which may hold wildcards or be %any). */
	id_match_t (*matches)(identification_t *this, identification_t *pattern);
	/** True if this identity contains wildcards (or is %any). */
	bool (*contains_wildcards)(identification_t *this);
	/** Printable form ("192.0.2.1", "host.example", "C=CH, O=Org, CN=x"). */
	const char *(*to_string)(identification_t *this);
	identification_t *(*clone)(identification_t *this);
	void (*destroy)(identification_t *this);
};

/** Parse a string form (see above); never NULL (unknown forms become KEY_ID or FQDN). */
identification_t *identification_create_from_string(const char *str);

/** From a payload's type and encoding (copied). NULL on a malformed encoding. */
identification_t *identification_create_from_encoding(id_type_t type, chunk_t encoding);

/** The IP address identity of @p host (IPV4_ADDR / IPV6_ADDR). */
struct host_t;
identification_t *identification_create_from_host(struct host_t *host);

#endif
