/**
 * @file settings.h
 * cygnet.conf: strongswan.conf syntax, typed look-ups.
 *
 * Syntax: `name { … }` sections nest; `key = value` (a value runs to the end
 * of the line; it may be "quoted" with \" \\ \n escapes, or span lines inside
 * quotes); `#` starts a comment; `include PATTERN` (glob, relative to the
 * including file) inserts files; later definitions override earlier ones,
 * sections merge. Keys are dot-separated paths: "charon.filelog.f.path".
 * Every getter takes a printf-style key, so "%s.plugins.%s.x" works with
 * arguments ("section templates").
 */
#ifndef CYGNET_SETTINGS_H
#define CYGNET_SETTINGS_H

#include "library.h"
#include "collections/enumerator.h"

struct settings_t {
	/** String value, or @p def if unset. The string stays valid until the
	 *  settings are reloaded or destroyed. */
	const char *(*get_str)(settings_t *this, const char *key, const char *def, ...)
		__attribute__((format(printf, 2, 4)));
	/** yes/no/true/false/1/0/enabled/disabled; @p def if unset or invalid. */
	bool (*get_bool)(settings_t *this, const char *key, bool def, ...)
		__attribute__((format(printf, 2, 4)));
	int (*get_int)(settings_t *this, const char *key, int def, ...)
		__attribute__((format(printf, 2, 4)));
	double (*get_double)(settings_t *this, const char *key, double def, ...)
		__attribute__((format(printf, 2, 4)));
	/** Durations: plain seconds or with s, m, h, d suffix; result in seconds. */
	uint32_t (*get_time)(settings_t *this, const char *key, uint32_t def, ...)
		__attribute__((format(printf, 2, 4)));

	/** Set a value, creating sections as needed. */
	void (*set_str)(settings_t *this, const char *key, const char *value, ...)
		__attribute__((format(printf, 2, 4)));

	/** Names of the subsections of @p key: enumerate(e, const char **name). */
	enumerator_t *(*create_section_enumerator)(settings_t *this, const char *key, ...)
		__attribute__((format(printf, 2, 3)));
	/** Key/value pairs directly in @p key:
	 *  enumerate(e, const char **key, const char **value). */
	enumerator_t *(*create_key_value_enumerator)(settings_t *this, const char *key, ...)
		__attribute__((format(printf, 2, 3)));

	/**
	 * Load files matching @p pattern (glob). With @p merge, add to the
	 * present settings; else replace them. On a syntax error nothing
	 * changes, false is returned and the error ("FILE:LINE:COL: what") is
	 * logged and available from last_error().
	 */
	bool (*load_files)(settings_t *this, const char *pattern, bool merge);
	/** Parse @p content as if it were a file named @p name (for tests). */
	bool (*load_string)(settings_t *this, const char *content, const char *name,
			    bool merge);
	/** The last load error, or NULL. */
	const char *(*last_error)(settings_t *this);

	void (*destroy)(settings_t *this);
};

/**
 * Create settings from @p file (NULL: none). A missing file gives empty
 * settings; a syntax error returns NULL and logs "FILE:LINE:COL: what".
 */
settings_t *settings_create(const char *file);

#endif
