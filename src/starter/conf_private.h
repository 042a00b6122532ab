/*
 * Internal to the ipsec.conf parser: the raw sections as written (before
 * also= and %default are resolved), the state of one parse, and the hooks
 * the flex scanner and bison grammar call. Not used outside conf*.c.
 */
#ifndef CYGNET_STARTER_CONF_PRIVATE_H
#define CYGNET_STARTER_CONF_PRIVATE_H

#include "conf.h"
#include "collections/hashtable.h"
#include "collections/linked_list.h"

/* One key=value as written; value NULL means "key=" (unset). */
typedef struct raw_kv_t {
	char *key;
	char *value;
	const char *file;
	int line;
	int col;
} raw_kv_t;

typedef struct raw_section_t raw_section_t;

struct raw_section_t {
	conf_type_t type;
	char *name;
	const char *file;
	int line;
	/* own settings, one entry per canonical key (the last value wins) */
	raw_kv_t *kvs;
	int count;
	int alloc;
	/* also= references in file order (key unused, value the name) */
	raw_kv_t *also;
	int also_count;
	int also_alloc;
	/* resolved ancestors, most important first (%default last) */
	raw_section_t **parents;
	int parent_count;
	/* 0 unresolved, 1 being resolved (on the stack), 2 resolved */
	int state;
};

/* Everything one parse (a file and its includes) collects. */
typedef struct conf_parse_t {
	config_t *config;
	raw_section_t *setup;
	/* raw_section_t in order of first definition, and by name */
	linked_list_t *conns;
	linked_list_t *cas;
	hashtable_t *conn_names;
	hashtable_t *ca_names;
	/* section indented lines go to; NULL before the first one */
	raw_section_t *current;
	/* the last header was invalid: skip its lines without more errors */
	bool skipping;
} conf_parse_t;

/* State of the scanner and parser of one file. */
typedef struct conf_file_ctx_t conf_file_ctx_t;

struct conf_file_ctx_t {
	conf_parse_t *parse;
	/* interned file name, for messages and relative includes */
	const char *file;
	/* canonical path, to find include loops (NULL for strings) */
	char *real;
	/* the file that included this one */
	conf_file_ctx_t *parent;
	int include_depth;
	/* position of the next character */
	int line;
	int col;
	/* quoted string being collected */
	char *buf;
	size_t buf_len;
	size_t buf_alloc;
	int quote_line;
	int quote_col;
	/* the scanner owes the parser an end of line after an error */
	bool pending_eol;
	/* the scanner reported the error at hand: the parser stays quiet */
	bool lex_error;
	/* text of the last name or value, for syntax error messages */
	char last[64];
};

/* Includes nest at most this deep; beyond that it is most likely a loop. */
#define CONF_MAX_INCLUDE_DEPTH 10
/* Files larger than this are refused. */
#define CONF_MAX_FILE_SIZE (16 * 1024 * 1024)

/* conf.c: building a config. */
config_t *config_create(const char *file);
const char *config_intern(config_t *config, const char *file);
void config_error(config_t *config, const char *file, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void config_warning(config_t *config, const char *file, int line, int col,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Takes ownership; a setup section replaces the previous one. */
void config_add_section(config_t *config, conf_section_t *section);
void conf_section_destroy(conf_section_t *section);

/* conf_parse.c: the hooks of the grammar (strings passed in are owned by
 * the callee; a NULL value is "key=", which unsets the key). */
void conf_on_section(conf_file_ctx_t *ctx, conf_type_t type, char *name,
		     int line, int col);
void conf_on_setting(conf_file_ctx_t *ctx, char *key, int line, int col,
		     char *value, int vline, int vcol);
void conf_on_include(conf_file_ctx_t *ctx, char *pattern, int line, int col);
void conf_on_bad_header(conf_file_ctx_t *ctx, char *word, bool has_value,
			int line, int col);
/* Parse a buffer as file @p ctx->file (the grammar's entry point,
 * conf_lexer.l). False if the scanner could not be set up. */
bool conf_scan(conf_file_ctx_t *ctx, const char *content, size_t len);

/* conf_resolve.c: flatten every raw section into the config. */
void conf_resolve(conf_parse_t *parse);

/* conf_values.c: check @p value against @p kw in a section of @p type.
 * NULL if fine, else what was expected (static or in @p buf). */
const char *conf_value_check(const conf_kw_t *kw, conf_type_t type,
			     const char *value, char *buf, size_t len);
/* Closest of @p count candidates to @p word, NULL if none is close. */
const char *conf_hint(const char *word, const char *const *candidates,
		      int count);
/* Closest keyword accepted in @p type, NULL if none is close. */
const char *conf_hint_keyword(const char *word, conf_type_t type);

#endif
