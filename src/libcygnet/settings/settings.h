/**
 * @file settings.h
 * cygnet.conf: strongswan.conf syntax, typed look-ups.
 *
 * Syntax: `name { … }` sections nest; `key = value` (a value runs to the end
 * of the line, up to a `#`, trimmed; it may be "quoted" with \" \\ \n \t
 * escapes, or span lines inside quotes); `#` starts a comment; `include
 * PATTERN` (glob, relative to the including file, at most 10 levels deep)
 * inserts files into the section it stands in; a pattern matching nothing
 * or a missing plain file is skipped (the latter logged). Later definitions
 * override earlier ones, sections merge. Names are [A-Za-z0-9_-]+; a dotted
 * name in a file or key ("charon.filelog.f.path") walks nested sections.
 * Every getter takes a printf-style key, so "%s.plugins.%s.x" works with
 * arguments ("section templates").
 *
 * All methods are thread-safe: look-ups run concurrently with each other and
 * with a reload, which parses first and then swaps the tree in.
 */
#ifndef CYGNET_SETTINGS_H
#define CYGNET_SETTINGS_H

#include "library.h"
#include "collections/enumerator.h"

struct settings_t {
	/** String value, or @p def if unset. The string stays valid until the
	 *  settings are reloaded or destroyed (set_str() does not free it). */
	const char *(*get_str)(settings_t *this, const char *key, const char *def, ...)
		__attribute__((format(printf, 2, 4)));
	/** yes/no/true/false/on/off/1/0/enabled/disabled (any case); @p def if
	 *  unset or invalid. */
	bool (*get_bool)(settings_t *this, const char *key, bool def, ...)
		__attribute__((format(printf, 2, 4)));
	/** Decimal, or hex with 0x; @p def if unset, invalid or out of range. */
	int (*get_int)(settings_t *this, const char *key, int def, ...)
		__attribute__((format(printf, 2, 4)));
	/** Finite number (strtod); @p def if unset or invalid. */
	double (*get_double)(settings_t *this, const char *key, double def, ...)
		__attribute__((format(printf, 2, 4)));
	/** Durations: plain seconds or with s, m, h, d suffix; result in seconds;
	 *  @p def if unset, invalid or over UINT32_MAX. */
	uint32_t (*get_time)(settings_t *this, const char *key, uint32_t def, ...)
		__attribute__((format(printf, 2, 4)));

	/** Set a value (copied), creating sections as needed; NULL removes the
	 *  key. Invalid keys are logged and ignored. */
	void (*set_str)(settings_t *this, const char *key, const char *value, ...)
		__attribute__((format(printf, 2, 4)));

	/** Names of the subsections of @p key ("" is the top level) in file
	 *  order: enumerate(e, const char **name). The enumerator holds a copy,
	 *  so it stays valid across set_str() and reloads. */
	enumerator_t *(*create_section_enumerator)(settings_t *this, const char *key, ...)
		__attribute__((format(printf, 2, 3)));
	/** Key/value pairs directly in @p key ("" is the top level), in file
	 *  order: enumerate(e, const char **key, const char **value). A copy,
	 *  like the section enumerator. */
	enumerator_t *(*create_key_value_enumerator)(settings_t *this, const char *key, ...)
		__attribute__((format(printf, 2, 3)));

	/**
	 * Load files matching @p pattern (glob). With @p merge, add to the
	 * present settings; else replace them. On a syntax error nothing
	 * changes, false is returned and the error ("FILE:LINE:COL: what") is
	 * logged and available from last_error(). A glob matching nothing
	 * loads nothing and succeeds; a plain file that is missing fails.
	 */
	bool (*load_files)(settings_t *this, const char *pattern, bool merge);
	/** Parse @p content as if it were a file named @p name (for tests). */
	bool (*load_string)(settings_t *this, const char *content, const char *name,
			    bool merge);
	/** The error of the last load, NULL if it succeeded. Valid until the
	 *  next load. */
	const char *(*last_error)(settings_t *this);

	void (*destroy)(settings_t *this);
};

/**
 * Create settings from @p file (NULL: none). A missing file gives empty
 * settings; a syntax error returns NULL and logs "FILE:LINE:COL: what".
 */
settings_t *settings_create(const char *file);

#endif
