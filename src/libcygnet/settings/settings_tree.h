/*
 * Internal to the settings module: the in-memory tree of sections and
 * key/value pairs, and the entry points of the cygnet.conf parser that
 * fills it (settings_parser.y). Not installed, not used elsewhere.
 */
#ifndef CYGNET_SETTINGS_TREE_H
#define CYGNET_SETTINGS_TREE_H

#include "library.h"

typedef struct settings_kv_t settings_kv_t;
typedef struct settings_section_t settings_section_t;

struct settings_kv_t {
	char *key;
	char *value;
};

/* Children are kept in first-definition order, so enumerators follow the
 * order of the file; sections and keys have separate name spaces. */
struct settings_section_t {
	char *name;
	settings_kv_t **kvs;
	int kv_count;
	int kv_alloc;
	settings_section_t **sections;
	int section_count;
	int section_alloc;
};

settings_section_t *settings_section_create(const char *name);
void settings_section_destroy(settings_section_t *section);

/* True if @p path is one or more [A-Za-z0-9_-]+ names joined by dots. */
bool settings_path_valid(const char *path);

/* Section at the dotted @p path below @p root ("" is @p root itself). With
 * @p create, missing sections are added (the path must then be valid). */
settings_section_t *settings_section_find(settings_section_t *root,
					  const char *path, bool create);

/* Key/value at the dotted @p path: sections first, the key last. */
settings_kv_t *settings_kv_find(settings_section_t *root, const char *path);

/*
 * Set the value at @p path to @p value (ownership passes to the tree; NULL
 * removes the key), creating sections as needed. The replaced value, if any,
 * is handed back in @p old for the caller to free or keep alive. False if the
 * path is invalid (@p value is then freed).
 */
bool settings_section_set(settings_section_t *root, const char *path,
			  char *value, char **old);

/* Move everything in @p src into @p dst (later values win, sections merge)
 * and destroy @p src. */
void settings_section_merge(settings_section_t *dst, settings_section_t *src);

/*
 * Parse every file matching the glob @p pattern into @p root. A pattern that
 * matches nothing is fine; a plain file that does not exist sets
 * @p missing (if given) and is otherwise ignored. On failure returns false
 * and stores the first error ("FILE:LINE:COL: what") in @p error (heap).
 */
bool settings_parse_files(settings_section_t *root, const char *pattern,
			  bool *missing, char **error);

/* Parse @p content as if it were the file @p name (includes are relative
 * to the directory of @p name). */
bool settings_parse_string(settings_section_t *root, const char *content,
			   const char *name, char **error);

/*
 * Shared by the scanner and the parser of one file: each file (and each
 * included file) is parsed with its own context, scanner and parser.
 */
typedef struct settings_parse_ctx_t {
	/* name of the file for messages and relative includes */
	const char *file;
	/* open sections, [0] is the section the file is parsed into */
	settings_section_t **stack;
	/* where each open section's name was, for "missing '}'" */
	int *stack_line, *stack_col;
	int depth, alloc;
	/* 0 for a file given to load_files(), +1 per include level */
	int include_depth;
	/* receives the first error (heap) */
	char **error;
	/* position of the scanner's next character, 1-based */
	int line, col;
	/* start of a quoted string, which spans several scanner rules */
	int quote_line, quote_col;
	/* quoted string under construction */
	char *buf;
	size_t buf_len, buf_alloc;
	/* text of the last name scanned, for messages */
	char text[64];
} settings_parse_ctx_t;

/* Run a scanner and parser over @p content (settings_lexer.l). */
bool settings_scan(settings_parse_ctx_t *ctx, const char *content, size_t len);

/* Record "FILE:LINE:COL: message" as the error, unless one is set. */
void settings_ctx_error(settings_parse_ctx_t *ctx, int line, int col,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
