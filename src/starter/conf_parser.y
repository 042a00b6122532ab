%{
/*
 * Grammar of ipsec.conf, one line at a time:
 *
 *   line := header | include | setting | blank
 *   header := ('config' | 'conn' | 'ca') NAME
 *   include := 'include' PATH          (at column 1 or indented)
 *   setting := INDENT NAME '=' [VALUE]
 *
 * Lines are handed to conf_parse.c as they are reduced; a line with an
 * error is reported and skipped (the `error EOL` rule), so one pass finds
 * every error of a file.
 */
#include <stdio.h>

#include "conf_private.h"
#include "conf_parser.h"
%}

%code requires {
#include "conf_private.h"
}

%define api.pure full
%define api.prefix {conf_}
%define api.token.prefix {CONF_T_}
%define parse.error custom
%locations
%lex-param {void *scanner}
%parse-param {void *scanner} {conf_file_ctx_t *ctx}

%union {
	char *s;
}

%token <s> NAME "name"
%token <s> WORD "word"
%token <s> VALUE "value"
%token <s> QVALUE "quoted value"
%token CONFIG "'config'"
%token CONN "'conn'"
%token CA "'ca'"
%token INCLUDE "'include'"
%token INDENT "indentation"
%token EOL "end of line"
%token BAD "invalid character"

%type <s> path any_value

%destructor { free($$); } <s>

%{
/* Defined in conf_lexer.l. */
int conf_lex(CONF_STYPE *lval, CONF_LTYPE *lloc, void *scanner);

static void conf_error(CONF_LTYPE *lloc, void *scanner, conf_file_ctx_t *ctx,
		       const char *msg);
static void indented_words(conf_file_ctx_t *ctx, char *first, char *second,
			   const CONF_LTYPE *loc1, const CONF_LTYPE *loc2);
static void broken_header(conf_file_ctx_t *ctx);
%}

%%

file:
	%empty
	| file line
	;

line:
	EOL
	| INDENT EOL
	| CONFIG NAME EOL
		{
			conf_on_section(ctx, CONF_SETUP, $2, @1.first_line,
					@1.first_column);
		}
	| CONN NAME EOL
		{
			conf_on_section(ctx, CONF_CONN, $2, @1.first_line,
					@1.first_column);
		}
	| CA NAME EOL
		{
			conf_on_section(ctx, CONF_CA, $2, @1.first_line,
					@1.first_column);
		}
	| INCLUDE path EOL
		{
			conf_on_include(ctx, $2, @2.first_line, @2.first_column);
		}
	| WORD '=' any_value EOL
		{
			free($3);
			conf_on_bad_header(ctx, $1, true, @1.first_line,
					   @1.first_column);
		}
	| WORD names EOL
		{
			conf_on_bad_header(ctx, $1, false, @1.first_line,
					   @1.first_column);
		}
	| INDENT NAME '=' any_value EOL
		{
			conf_on_setting(ctx, $2, @2.first_line, @2.first_column,
					$4, @4.first_line, @4.first_column);
		}
	| INDENT NAME EOL
		{
			indented_words(ctx, $2, NULL, &@2, &@3);
		}
	| INDENT NAME path EOL
		{
			indented_words(ctx, $2, $3, &@2, &@3);
		}
	| CONFIG error EOL
		{
			broken_header(ctx);
			yyerrok;
		}
	| CONN error EOL
		{
			broken_header(ctx);
			yyerrok;
		}
	| CA error EOL
		{
			broken_header(ctx);
			yyerrok;
		}
	| error EOL
		{
			ctx->lex_error = false;
			yyerrok;
		}
	;

path:
	NAME
	| QVALUE
	;

any_value:
	%empty
		{
			$$ = NULL;
		}
	| VALUE
	| QVALUE
	;

names:
	%empty
	| names NAME
		{
			free($2);
		}
	;

%%

static void conf_error(CONF_LTYPE *lloc, void *scanner, conf_file_ctx_t *ctx,
		       const char *msg)
{
	config_error(ctx->parse->config, ctx->file, lloc->first_line,
		     lloc->first_column, "%s", msg);
}

/* How a token is called in a message; names and values with their text. */
static void describe(conf_file_ctx_t *ctx, yysymbol_kind_t kind, char *buf,
		     size_t len)
{
	switch (kind) {
	case YYSYMBOL_NAME:
	case YYSYMBOL_WORD:
	case YYSYMBOL_VALUE:
	case YYSYMBOL_QVALUE:
		snprintf(buf, len, "%s '%s'", yysymbol_name(kind), ctx->last);
		break;
	default:
		snprintf(buf, len, "%s", yysymbol_name(kind));
		break;
	}
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner,
				 conf_file_ctx_t *ctx)
{
	yysymbol_kind_t token = yypcontext_token(yyctx), expected[3];
	const CONF_LTYPE *loc = yypcontext_location(yyctx);
	char what[128], hint[96] = "";
	int count;

	if (token == YYSYMBOL_BAD || ctx->lex_error) {
		/* the scanner has said what is wrong */
		return 0;
	}
	count = yypcontext_expected_tokens(yyctx, expected, countof(expected));
	/* long lists of alternatives only obscure the message */
	if (count == 1) {
		snprintf(hint, sizeof(hint), ", expecting %s",
			 yysymbol_name(expected[0]));
	} else if (count == 2) {
		snprintf(hint, sizeof(hint), ", expecting %s or %s",
			 yysymbol_name(expected[0]), yysymbol_name(expected[1]));
	}
	describe(ctx, token, what, sizeof(what));
	config_error(ctx->parse->config, ctx->file, loc->first_line,
		     loc->first_column, "syntax error, unexpected %s%s", what,
		     hint);
	return 0;
}

/* An indented line of words without '=': "include FILE", or a setting
 * that lacks its '='. */
static void indented_words(conf_file_ctx_t *ctx, char *first, char *second,
			   const CONF_LTYPE *loc1, const CONF_LTYPE *loc2)
{
	if (second && streq(first, "include")) {
		free(first);
		conf_on_include(ctx, second, loc2->first_line, loc2->first_column);
		return;
	}
	if (second) {
		config_error(ctx->parse->config, ctx->file, loc2->first_line,
			     loc2->first_column, "syntax error, expected '=' "
			     "between '%s' and '%s'", first, second);
	} else {
		config_error(ctx->parse->config, ctx->file, loc1->first_line,
			     loc1->first_column, "syntax error, '%s' needs "
			     "'=' and a value", first);
	}
	free(first);
	free(second);
}

/* The lines below a header with an error belong to no valid section; they
 * are skipped rather than each reported as outside of any section. */
static void broken_header(conf_file_ctx_t *ctx)
{
	ctx->lex_error = false;
	ctx->parse->current = NULL;
	ctx->parse->skipping = true;
}
