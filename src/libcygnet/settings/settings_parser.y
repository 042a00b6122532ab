%{
/*
 * Grammar of cygnet.conf (strongswan.conf syntax):
 *
 *   file      := statement*
 *   statement := NAME '{' statement* '}' | NAME '=' VALUE | include VALUE
 *
 * The scanner (settings_lexer.l) turns everything after '=' or "include"
 * up to the end of the line, or one quoted string, into a VALUE.
 * Statements are applied to the section on top of the context's stack as
 * they are reduced. An include parses each matching file with a scanner and
 * parser of its own into the current section, so included keys nest where
 * the include stands and every message names the file it is about.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <sys/stat.h>

#include "settings/settings_tree.h"
#include "settings_parser.h"
%}

%code requires {
#include "settings/settings_tree.h"
}

%define api.pure full
%define api.prefix {settings_}
%define api.token.prefix {SETTINGS_}
%define parse.error custom
%locations
%lex-param {void *scanner}
%parse-param {void *scanner} {settings_parse_ctx_t *ctx}

%union {
	char *s;
}

%token <s> NAME "name"
%token <s> VALUE "value"
%token INCLUDE "'include'"

%destructor { free($$); } <s>

%{
/* Defined by the flex scanner. */
int settings_lex(SETTINGS_STYPE *lval, SETTINGS_LTYPE *lloc, void *scanner);

static void settings_error(SETTINGS_LTYPE *lloc, void *scanner,
			   settings_parse_ctx_t *ctx, const char *msg);
static bool ctx_push(settings_parse_ctx_t *ctx, const char *name,
		     const SETTINGS_LTYPE *loc);
static bool ctx_set(settings_parse_ctx_t *ctx, const char *name, char *value,
		    const SETTINGS_LTYPE *loc);
static bool ctx_include(settings_parse_ctx_t *ctx, const char *pattern,
			const SETTINGS_LTYPE *loc);
%}

%%

statements:
	%empty
	| statements statement
	;

statement:
	section
	| setting
	| include
	;

section:
	NAME '{'
		{
			if (!ctx_push(ctx, $1, &@1)) {
				YYABORT;
			}
		}
	statements '}'
		{
			ctx->depth--;
			free($1);
		}
	;

setting:
	NAME '=' VALUE
		{
			bool ok = ctx_set(ctx, $1, $3, &@1);

			free($1);
			if (!ok) {
				YYABORT;
			}
		}
	;

include:
	INCLUDE VALUE
		{
			bool ok = ctx_include(ctx, $2, &@2);

			free($2);
			if (!ok) {
				YYABORT;
			}
		}
	;

%%

/* Includes may nest this deep; beyond that it is most likely a loop. */
#define MAX_INCLUDE_DEPTH 10

static bool parse_pattern(settings_section_t *root, const char *pattern,
			  int depth, bool *missing, char **error);

void settings_ctx_error(settings_parse_ctx_t *ctx, int line, int col,
			const char *fmt, ...)
{
	char msg[512];
	va_list args;
	int len;

	if (*ctx->error) {
		return;
	}
	len = snprintf(msg, sizeof(msg), "%s:%d:%d: ", ctx->file, line, col);
	if (len < 0 || (size_t)len >= sizeof(msg)) {
		len = 0;
	}
	va_start(args, fmt);
	vsnprintf(msg + len, sizeof(msg) - len, fmt, args);
	va_end(args);
	*ctx->error = str_dup(msg);
}

static void settings_error(SETTINGS_LTYPE *lloc, void *scanner,
			   settings_parse_ctx_t *ctx, const char *msg)
{
	settings_ctx_error(ctx, lloc->first_line, lloc->first_column, "%s", msg);
}

/* How a token is called in a message: names are quoted with their text. */
static void describe(settings_parse_ctx_t *ctx, yysymbol_kind_t kind,
		     char *buf, size_t len)
{
	if (kind == YYSYMBOL_NAME) {
		snprintf(buf, len, "name '%s'", ctx->text);
	} else {
		snprintf(buf, len, "%s", yysymbol_name(kind));
	}
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner,
				 settings_parse_ctx_t *ctx)
{
	yysymbol_kind_t token = yypcontext_token(yyctx), expected[3];
	const SETTINGS_LTYPE *loc = yypcontext_location(yyctx);
	char what[96], hint[96] = "";
	int count, i;

	count = yypcontext_expected_tokens(yyctx, expected, countof(expected));
	for (i = 0; i < count; i++) {
		if (token == YYSYMBOL_YYEOF &&
		    streq(yysymbol_name(expected[i]), "'}'") &&
		    ctx->depth > 1) {
			settings_ctx_error(ctx, loc->first_line, loc->first_column,
				"syntax error, missing '}' at end of file "
				"(section '%s' opened at %d:%d)",
				ctx->stack[ctx->depth - 1]->name,
				ctx->stack_line[ctx->depth - 1],
				ctx->stack_col[ctx->depth - 1]);
			return 0;
		}
		if (expected[i] == YYSYMBOL_YYEOF) {
			count = 0;	/* "expecting end of file" is no help */
		}
	}
	/* long lists of alternatives only obscure the message */
	if (count == 1) {
		snprintf(hint, sizeof(hint), ", expecting %s",
			 yysymbol_name(expected[0]));
	} else if (count == 2) {
		snprintf(hint, sizeof(hint), ", expecting %s or %s",
			 yysymbol_name(expected[0]), yysymbol_name(expected[1]));
	}
	describe(ctx, token, what, sizeof(what));
	settings_ctx_error(ctx, loc->first_line, loc->first_column,
			   "syntax error, unexpected %s%s", what, hint);
	return 0;
}

static void ctx_grow(settings_parse_ctx_t *ctx)
{
	int size = ctx->alloc ? ctx->alloc * 2 : 8;
	settings_section_t **stack = mem_zalloc(size * sizeof(*stack));
	int *lines = mem_zalloc(size * sizeof(int));
	int *cols = mem_zalloc(size * sizeof(int));

	if (ctx->depth) {
		memcpy(stack, ctx->stack, ctx->depth * sizeof(*stack));
		memcpy(lines, ctx->stack_line, ctx->depth * sizeof(int));
		memcpy(cols, ctx->stack_col, ctx->depth * sizeof(int));
	}
	free(ctx->stack);
	free(ctx->stack_line);
	free(ctx->stack_col);
	ctx->stack = stack;
	ctx->stack_line = lines;
	ctx->stack_col = cols;
	ctx->alloc = size;
}

static void ctx_push_section(settings_parse_ctx_t *ctx,
			     settings_section_t *section, int line, int col)
{
	if (ctx->depth == ctx->alloc) {
		ctx_grow(ctx);
	}
	ctx->stack[ctx->depth] = section;
	ctx->stack_line[ctx->depth] = line;
	ctx->stack_col[ctx->depth] = col;
	ctx->depth++;
}

static bool check_name(settings_parse_ctx_t *ctx, const char *name,
		       const SETTINGS_LTYPE *loc)
{
	if (settings_path_valid(name)) {
		return true;
	}
	settings_ctx_error(ctx, loc->first_line, loc->first_column,
			   "syntax error, invalid name '%s' (empty part "
			   "between dots)", name);
	return false;
}

/* Open section @p name (a dotted name opens nested sections). */
static bool ctx_push(settings_parse_ctx_t *ctx, const char *name,
		     const SETTINGS_LTYPE *loc)
{
	settings_section_t *section;

	if (!check_name(ctx, name, loc)) {
		return false;
	}
	section = settings_section_find(ctx->stack[ctx->depth - 1], name, true);
	ctx_push_section(ctx, section, loc->first_line, loc->first_column);
	return true;
}

static bool ctx_set(settings_parse_ctx_t *ctx, const char *name, char *value,
		    const SETTINGS_LTYPE *loc)
{
	char *old;

	if (!check_name(ctx, name, loc)) {
		free(value);
		return false;
	}
	settings_section_set(ctx->stack[ctx->depth - 1], name, value, &old);
	free(old);
	return true;
}

static bool ctx_include(settings_parse_ctx_t *ctx, const char *pattern,
			const SETTINGS_LTYPE *loc)
{
	const char *slash = strrchr(ctx->file, '/');
	char *path;
	bool missing, ok;

	if (ctx->include_depth >= MAX_INCLUDE_DEPTH) {
		settings_ctx_error(ctx, loc->first_line, loc->first_column,
				   "include of '%s' nested too deeply (more "
				   "than %d levels)", pattern, MAX_INCLUDE_DEPTH);
		return false;
	}
	if (pattern[0] == '/' || !slash) {
		path = str_dup(pattern);
	} else {
		size_t dir = slash - ctx->file + 1;

		path = mem_zalloc(dir + strlen(pattern) + 1);
		memcpy(path, ctx->file, dir);
		strcpy(path + dir, pattern);
	}
	ok = parse_pattern(ctx->stack[ctx->depth - 1], path,
			   ctx->include_depth + 1, &missing, ctx->error);
	if (ok && missing) {
		DBG1(DBG_LIB, "%s:%d:%d: included file '%s' does not exist, "
		     "ignored", ctx->file, loc->first_line, loc->first_column,
		     path);
	}
	free(path);
	return ok;
}

static bool parse_buffer(settings_section_t *root, const char *content,
			 size_t len, const char *name, int depth, char **error)
{
	settings_parse_ctx_t ctx = {
		.file = name,
		.include_depth = depth,
		.error = error,
		.line = 1,
		.col = 1,
	};
	bool ok;

	ctx_push_section(&ctx, root, 1, 1);
	ok = settings_scan(&ctx, content, len);
	if (!ok) {
		settings_ctx_error(&ctx, ctx.line, ctx.col, "parsing failed");
	}
	free(ctx.buf);
	free(ctx.stack);
	free(ctx.stack_line);
	free(ctx.stack_col);
	return ok;
}

/* Read a whole file; sets errno and returns NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *content = NULL;
	size_t got = 0, alloc = 0;
	FILE *file;
	int err = 0;

	file = fopen(path, "r");
	if (!file) {
		return NULL;
	}
	if (fstat(fileno(file), &st) != 0) {
		err = errno;
	} else if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	}
	while (!err) {
		size_t n;

		if (alloc - got < 4096) {
			char *grown;

			alloc = alloc ? alloc * 2 : 8192;
			grown = mem_zalloc(alloc);
			if (got) {
				memcpy(grown, content, got);
			}
			free(content);
			content = grown;
		}
		n = fread(content + got, 1, alloc - got - 1, file);
		got += n;
		if (n == 0) {
			if (ferror(file)) {
				err = errno ? errno : EIO;
			}
			break;
		}
	}
	fclose(file);
	if (err) {
		free(content);
		errno = err;
		return NULL;
	}
	*len = got;
	return content ? content : str_dup("");
}

static bool parse_file(settings_section_t *root, const char *path, int depth,
		       bool *missing, char **error)
{
	size_t len;
	char *content;
	bool ok;

	content = read_file(path, &len);
	if (!content) {
		if (errno == ENOENT) {
			*missing = true;
			return true;
		}
		if (!*error) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s: cannot read: %s", path,
				 strerror(errno));
			*error = str_dup(msg);
		}
		return false;
	}
	DBG2(DBG_LIB, "loading settings from '%s'", path);
	ok = parse_buffer(root, content, len, path, depth, error);
	free(content);
	return ok;
}

/* A directory a pattern names that does not exist just matches nothing;
 * one that cannot be read fails the load rather than silently skip files. */
static int glob_error(const char *path, int err)
{
	return err != ENOENT && err != ENOTDIR;
}

static bool parse_pattern(settings_section_t *root, const char *pattern,
			  int depth, bool *missing, char **error)
{
	glob_t matches;
	size_t i;
	bool ok = true;
	int err;

	*missing = false;
	if (!strpbrk(pattern, "*?[")) {
		return parse_file(root, pattern, depth, missing, error);
	}
	err = glob(pattern, 0, glob_error, &matches);
	if (err == GLOB_NOMATCH) {
		DBG2(DBG_LIB, "no files match '%s'", pattern);
		globfree(&matches);
		return true;
	}
	if (err != 0) {
		if (!*error) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s: cannot expand pattern: %s",
				 pattern, err == GLOB_NOSPACE ? "out of memory"
							      : "read error");
			*error = str_dup(msg);
		}
		globfree(&matches);
		return false;
	}
	for (i = 0; ok && i < matches.gl_pathc; i++) {
		bool gone = false;

		/* a file removed since glob() saw it is no error */
		ok = parse_file(root, matches.gl_pathv[i], depth, &gone, error);
	}
	globfree(&matches);
	return ok;
}

bool settings_parse_files(settings_section_t *root, const char *pattern,
			  bool *missing, char **error)
{
	bool dummy;

	return parse_pattern(root, pattern, 0, missing ? missing : &dummy, error);
}

bool settings_parse_string(settings_section_t *root, const char *content,
			   const char *name, char **error)
{
	return parse_buffer(root, content, strlen(content),
			    name ? name : "<string>", 0, error);
}
