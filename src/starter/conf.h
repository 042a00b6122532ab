/**
 * @file conf.h
 * A parsed ipsec.conf: config setup, conns and cas, each flattened.
 *
 * Syntax and semantics follow strongSwan's ipsec.conf(5) (5.2 and later):
 * `config setup`, `conn NAME` and `ca NAME` start sections at column 1;
 * every indented line belongs to the section above. `key=value` (runs of
 * white space inside an unquoted value shrink to one space, `#` starts a
 * comment) or `key="value"` (escapes \" \\ \n \r \t \b \f, a backslash at
 * the end of a line continues it). `key=` unsets a value inherited from
 * %default or also=. `include PATTERN` (a glob, relative to the including
 * file) inserts files where it stands.
 *
 * Sections of one type and name merge; within a section the last value of
 * a key wins. Every conn (ca) inherits from all `conn %default` (`ca
 * %default`) sections, wherever they stand in the file. also=NAME inherits
 * from another section of the same type, defined before or after, and may
 * nest; own values win over inherited ones, a later also= over an earlier.
 * Synonyms are stored under one name (lifetime → keylife, margintime →
 * rekeymargin, leftrsasigkey → leftsigkey, leftsubnetwithin → leftsubnet,
 * crluri1 → crluri, ocspuri1 → ocspuri).
 *
 * Errors carry "FILE:LINE:COL: " and a parse collects all of them. A config
 * with errors must not be applied.
 */
#ifndef CYGNET_STARTER_CONF_H
#define CYGNET_STARTER_CONF_H

#include <stdio.h>

#include "library.h"
#include "collections/enumerator.h"
#include "keywords.h"

/** One flattened keyword=value and where it was set. */
typedef struct conf_kv_t {
	/** canonical keyword */
	char *key;
	/** the value, never NULL (unset keys are left out) */
	char *value;
	/** file that set it (owned by the config) */
	const char *file;
	/** line in that file */
	int line;
} conf_kv_t;

/** A flattened section: also= and %default resolved. */
typedef struct conf_section_t {
	/** CONF_SETUP, CONF_CONN or CONF_CA */
	conf_type_t type;
	/** the name ("setup" for config setup) */
	char *name;
	/** where the section was first opened (NULL/0 for an absent setup) */
	const char *file;
	int line;
	/** sorted by key */
	conf_kv_t *kvs;
	int count;
} conf_section_t;

/** Value of @p key in @p section, or NULL if unset. */
const char *conf_section_get(const conf_section_t *section, const char *key);

/** The keyword=value entry of @p key, or NULL. */
const conf_kv_t *conf_section_get_kv(const conf_section_t *section,
				     const char *key);

/** True if both have the same keys and values (origins are ignored). */
bool conf_section_equals(const conf_section_t *a, const conf_section_t *b);

/** "conn 'x'", "ca 'x'" or "config setup" into @p buf. */
const char *conf_section_describe(conf_type_t type, const char *name,
				  char *buf, size_t len);

typedef struct config_t config_t;

struct config_t {
	/** The file parsed ("<string>"-like name for parsed strings). */
	const char *(*get_file)(config_t *this);
	/** config setup (empty if the file has none). */
	const conf_section_t *(*get_setup)(config_t *this);
	/** Conns in the order they were first defined, without %default:
	 *  enumerate(e, const conf_section_t **conn). */
	enumerator_t *(*create_conn_enumerator)(config_t *this);
	/** Cas, likewise. */
	enumerator_t *(*create_ca_enumerator)(config_t *this);
	/** Conn @p name, NULL if there is none. */
	const conf_section_t *(*get_conn)(config_t *this, const char *name);
	/** Ca @p name, NULL if there is none. */
	const conf_section_t *(*get_ca)(config_t *this, const char *name);
	int (*get_conn_count)(config_t *this);
	int (*get_ca_count)(config_t *this);
	/** Number of errors; a config with errors must not be used. */
	int (*get_error_count)(config_t *this);
	/** "FILE:LINE:COL: what" in the order found: enumerate(e, const char **). */
	enumerator_t *(*create_error_enumerator)(config_t *this);
	/** Warnings (obsolete keywords, …), same form. */
	enumerator_t *(*create_warning_enumerator)(config_t *this);
	void (*destroy)(config_t *this);
};

/**
 * Parse the ipsec.conf at @p path with everything it includes. Always
 * returns a config (NULL only for a NULL path); check get_error_count().
 * A missing or unreadable file is an error.
 */
config_t *config_parse_file(const char *path);

/**
 * Parse @p content as if it were the file @p name (includes are relative
 * to the directory of @p name).
 */
config_t *config_parse_string(const char *content, size_t len,
			      const char *name);

/**
 * Write @p config so that parsing it again gives the same flattened
 * sections: config setup, then every conn and ca with its flattened values
 * quoted. Returns false on a write error.
 */
bool config_write(config_t *config, FILE *out);

#endif
