/*
 * Identities (RFC 7296 §3.5): the type and encoding an ID payload carries,
 * the string forms of ipsec.conf/ipsec.secrets, and matching against
 * configured patterns with '*' wildcards.
 *
 * An identity never changes after creation, so its printable form is made
 * once and to_string() needs no locking.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>

#include "utils/identification.h"
#include "utils/dn.h"
#include "networking/host.h"

typedef struct private_identification_t {
	identification_t public;
	id_type_t type;
	chunk_t encoding;
	char *string;
} private_identification_t;

/* "type:value" prefixes strongSwan accepts to force a type */
static const struct {
	const char *prefix;
	id_type_t type;
} prefixes[] = {
	{ "ipv4:", ID_IPV4_ADDR },
	{ "ipv6:", ID_IPV6_ADDR },
	{ "fqdn:", ID_FQDN },
	{ "dns:", ID_FQDN },
	{ "rfc822:", ID_RFC822_ADDR },
	{ "email:", ID_RFC822_ADDR },
	{ "userfqdn:", ID_RFC822_ADDR },
	{ "asn1dn:", ID_DER_ASN1_DN },
	{ "keyid:", ID_KEY_ID },
};

static private_identification_t *id_new(id_type_t type, chunk_t encoding);

static id_type_t get_type(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	return this->type;
}

static chunk_t get_encoding(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	return this->encoding;
}

static const char *to_string(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	return this->string;
}

/* FQDNs and e-mail addresses compare case-insensitively (RFC 4343) */
static bool text_equals(chunk_t a, chunk_t b)
{
	size_t i;

	if (a.len != b.len) {
		return false;
	}
	/* byte by byte: a NUL from the wire must not end the comparison */
	for (i = 0; i < a.len; i++) {
		if (tolower(a.ptr[i]) != tolower(b.ptr[i])) {
			return false;
		}
	}
	return true;
}

static bool equals(identification_t *public, identification_t *other_public)
{
	private_identification_t *this = (private_identification_t *)public;
	private_identification_t *other = (private_identification_t *)other_public;

	if (!other || this->type != other->type) {
		return false;
	}
	if (chunk_equals(this->encoding, other->encoding)) {
		return true;
	}
	switch (this->type) {
	case ID_FQDN:
	case ID_RFC822_ADDR:
		return text_equals(this->encoding, other->encoding);
	case ID_DER_ASN1_DN:
		/* the same names may come in other string types or case */
		return dn_match(this->encoding, other->encoding) == 0 &&
		       dn_match(other->encoding, this->encoding) == 0;
	default:
		return false;
	}
}

/* "*suffix" patterns of FQDN and RFC822 identities */
static bool wildcard_text_matches(chunk_t text, chunk_t pattern)
{
	chunk_t suffix;

	if (!pattern.len || pattern.ptr[0] != '*') {
		return false;
	}
	suffix = chunk_skip(pattern, 1);
	return text.len >= suffix.len &&
	       text_equals(chunk_skip(text, text.len - suffix.len), suffix);
}

static id_match_t level_for(int wildcards)
{
	int level = ID_MATCH_PERFECT - wildcards;

	return level < ID_MATCH_MAX_WILDCARDS ? ID_MATCH_MAX_WILDCARDS : (id_match_t)level;
}

static id_match_t matches(identification_t *public, identification_t *pattern_public)
{
	private_identification_t *this = (private_identification_t *)public;
	private_identification_t *pattern = (private_identification_t *)pattern_public;
	int wildcards;

	if (!pattern) {
		return ID_MATCH_NONE;
	}
	if (pattern->type == ID_ANY) {
		return ID_MATCH_ANY;
	}
	if (this->type != pattern->type) {
		return ID_MATCH_NONE;
	}
	if (equals(public, pattern_public)) {
		return ID_MATCH_PERFECT;
	}
	switch (this->type) {
	case ID_FQDN:
	case ID_RFC822_ADDR:
		if (wildcard_text_matches(this->encoding, pattern->encoding)) {
			return level_for(1);
		}
		return ID_MATCH_NONE;
	case ID_DER_ASN1_DN:
		wildcards = dn_match(this->encoding, pattern->encoding);
		return wildcards < 0 ? ID_MATCH_NONE : level_for(wildcards);
	default:
		return ID_MATCH_NONE;
	}
}

static bool contains_wildcards(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	switch (this->type) {
	case ID_ANY:
		return true;
	case ID_FQDN:
	case ID_RFC822_ADDR:
		return this->encoding.len &&
		       memchr(this->encoding.ptr, '*', this->encoding.len) != NULL;
	case ID_DER_ASN1_DN:
		return dn_has_wildcards(this->encoding);
	default:
		return false;
	}
}

static identification_t *clone_(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	return &id_new(this->type, this->encoding)->public;
}

static void destroy(identification_t *public)
{
	private_identification_t *this = (private_identification_t *)public;

	chunk_free(&this->encoding);
	free(this->string);
	free(this);
}

/* ---- parsing the string forms ---- */

/* The type and encoding @p str denotes; never fails (see the header). */
static void classify(const char *str, id_type_t *type, chunk_t *encoding)
{
	uint8_t addr[16];
	chunk_t hex;
	size_t i;

	if (!str || !*str || streq(str, "%any") || streq(str, "%any4") ||
	    streq(str, "%any6") || streq(str, "*") ||
	    streq(str, "0.0.0.0") || streq(str, "::")) {
		*type = ID_ANY;
		*encoding = chunk_empty;
		return;
	}
	for (i = 0; i < countof(prefixes); i++) {
		size_t len = strlen(prefixes[i].prefix);

		if (strncasecmp(str, prefixes[i].prefix, len) != 0) {
			continue;
		}
		str += len;
		*type = prefixes[i].type;
		if (*type == ID_IPV4_ADDR && inet_pton(AF_INET, str, addr) == 1) {
			*encoding = chunk_clone(chunk_create(addr, 4));
			return;
		}
		if (*type == ID_IPV6_ADDR && inet_pton(AF_INET6, str, addr) == 1) {
			*encoding = chunk_clone(chunk_create(addr, 16));
			return;
		}
		if (*type == ID_DER_ASN1_DN && dn_from_string(str, encoding)) {
			return;
		}
		if (*type == ID_KEY_ID && str[0] == '#') {
			hex = chunk_from_hex(str + 1);
			if (hex.len) {
				*encoding = hex;
				return;
			}
		}
		if (*type == ID_FQDN || *type == ID_RFC822_ADDR || *type == ID_KEY_ID) {
			*encoding = chunk_clone(chunk_from_str(str));
			return;
		}
		break;	/* a bad address or DN after its prefix: read it as a key ID */
	}
	if (i < countof(prefixes)) {
		*type = ID_KEY_ID;
		*encoding = chunk_clone(chunk_from_str(str));
		return;
	}
	if (str[0] == '@') {
		if (str[1] == '#') {
			*type = ID_KEY_ID;
			*encoding = chunk_from_hex(str + 2);
			if (!encoding->len) {
				*encoding = chunk_clone(chunk_from_str(str + 2));
			}
		} else if (str[1] == '@') {
			*type = ID_RFC822_ADDR;
			*encoding = chunk_clone(chunk_from_str(str + 2));
		} else {
			*type = ID_FQDN;
			*encoding = chunk_clone(chunk_from_str(str + 1));
		}
		return;
	}
	if (strchr(str, '=')) {
		*type = ID_DER_ASN1_DN;
		if (!dn_from_string(str, encoding)) {
			*type = ID_KEY_ID;
			*encoding = chunk_clone(chunk_from_str(str));
		}
		return;
	}
	if (strchr(str, '@')) {
		*type = ID_RFC822_ADDR;
	} else if (inet_pton(AF_INET, str, addr) == 1) {
		*type = ID_IPV4_ADDR;
		*encoding = chunk_clone(chunk_create(addr, 4));
		return;
	} else if (inet_pton(AF_INET6, str, addr) == 1) {
		*type = ID_IPV6_ADDR;
		*encoding = chunk_clone(chunk_create(addr, 16));
		return;
	} else {
		*type = ID_FQDN;
	}
	*encoding = chunk_clone(chunk_from_str(str));
}

/* ---- printing ---- */

/* Text from the wire may hold anything; print control bytes as '?'. */
static char *printable_text(chunk_t text, const char *prefix)
{
	size_t plen = strlen(prefix), i;
	char *out = mem_zalloc(plen + text.len + 1);

	memcpy(out, prefix, plen);
	for (i = 0; i < text.len; i++) {
		out[plen + i] = text.ptr[i] < 0x20 || text.ptr[i] == 0x7f ?
				'?' : (char)text.ptr[i];
	}
	return out;
}

/* True if parsing @p str gives back @p type and @p encoding. */
static bool reads_back(const char *str, id_type_t type, chunk_t encoding)
{
	chunk_t parsed;
	id_type_t parsed_type;
	bool same;

	classify(str, &parsed_type, &parsed);
	same = parsed_type == type && chunk_equals(parsed, encoding);
	chunk_free(&parsed);
	return same;
}

static char *make_string(id_type_t type, chunk_t encoding)
{
	char buf[INET6_ADDRSTRLEN], *str, *hex;

	switch (type) {
	case ID_ANY:
		return str_dup("%any");
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		inet_ntop(type == ID_IPV4_ADDR ? AF_INET : AF_INET6, encoding.ptr,
			  buf, sizeof(buf));
		return str_dup(buf);
	case ID_FQDN:
	case ID_RFC822_ADDR:
		/* the plain form, unless it would read back as something else
		 * ("host" with an '@', an address, an e-mail without '@', …) */
		str = printable_text(encoding, "");
		if (reads_back(str, type, chunk_from_str(str))) {
			return str;
		}
		free(str);
		return printable_text(encoding, type == ID_FQDN ? "@" : "@@");
	case ID_DER_ASN1_DN:
		str = dn_to_string(encoding);
		if (str) {
			return str;
		}
		break;
	default:
		break;
	}
	hex = chunk_to_hex(encoding, false);
	str = mem_zalloc(strlen(hex) + 3);
	sprintf(str, "@#%s", hex);
	free(hex);
	return str;
}

static private_identification_t *id_new(id_type_t type, chunk_t encoding)
{
	private_identification_t *this = mem_zalloc(sizeof(*this));

	*this = (private_identification_t){
		.public = {
			.get_type = get_type,
			.get_encoding = get_encoding,
			.equals = equals,
			.matches = matches,
			.contains_wildcards = contains_wildcards,
			.to_string = to_string,
			.clone = clone_,
			.destroy = destroy,
		},
		.type = type,
		.encoding = chunk_clone(encoding),
	};
	this->string = make_string(type, this->encoding);
	return this;
}

identification_t *identification_create_from_string(const char *str)
{
	private_identification_t *this;
	chunk_t encoding;
	id_type_t type;

	classify(str, &type, &encoding);
	this = id_new(type, encoding);
	chunk_free(&encoding);
	return &this->public;
}

identification_t *identification_create_from_encoding(id_type_t type, chunk_t encoding)
{
	bool valid;

	switch (type) {
	case ID_ANY:
		encoding = chunk_empty;
		valid = true;
		break;
	case ID_IPV4_ADDR:
		valid = encoding.len == 4;
		break;
	case ID_IPV6_ADDR:
		valid = encoding.len == 16;
		break;
	case ID_DER_ASN1_DN:
		valid = dn_is_valid(encoding);
		break;
	case ID_FQDN:
	case ID_RFC822_ADDR:
	case ID_DER_ASN1_GN:
	case ID_KEY_ID:
		valid = true;
		break;
	default:
		DBG1(DBG_ENC, "identity type %d not supported", type);
		return NULL;
	}
	if (!valid) {
		DBG1(DBG_ENC, "malformed identity of type %d (%zu bytes)", type,
		     encoding.len);
		return NULL;
	}
	return &id_new(type, encoding)->public;
}

identification_t *identification_create_from_host(struct host_t *host)
{
	chunk_t addr;

	if (!host || host->is_anyaddr(host)) {
		return &id_new(ID_ANY, chunk_empty)->public;
	}
	addr = host->get_address(host);
	return &id_new(host->get_family(host) == AF_INET ? ID_IPV4_ADDR : ID_IPV6_ADDR,
		       addr)->public;
}
