/*
 * Drives a parse: reads files, follows includes, and records the sections
 * and settings the grammar reports as raw sections, checking each keyword
 * and value on the way. conf_resolve.c flattens the result afterwards.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <sys/stat.h>

#include "conf_private.h"

static raw_section_t *raw_section_create(conf_type_t type, const char *name,
					 const char *file, int line)
{
	raw_section_t *section = mem_zalloc(sizeof(*section));

	section->type = type;
	section->name = str_dup(name);
	section->file = file;
	section->line = line;
	return section;
}

static void raw_section_destroy(void *item)
{
	raw_section_t *section = item;
	int i;

	for (i = 0; i < section->count; i++) {
		free(section->kvs[i].key);
		free(section->kvs[i].value);
	}
	for (i = 0; i < section->also_count; i++) {
		free(section->also[i].value);
	}
	free(section->kvs);
	free(section->also);
	free(section->parents);
	free(section->name);
	free(section);
}

/* Append to a raw_kv_t array, growing it as needed. */
static raw_kv_t *kv_append(raw_kv_t **kvs, int *count, int *alloc)
{
	if (*count == *alloc) {
		int size = *alloc ? *alloc * 2 : 8;
		raw_kv_t *grown = mem_zalloc(size * sizeof(raw_kv_t));

		if (*count) {
			memcpy(grown, *kvs, *count * sizeof(raw_kv_t));
		}
		free(*kvs);
		*kvs = grown;
		*alloc = size;
	}
	return &(*kvs)[(*count)++];
}

/* Set @p key (canonical) in @p section; a later value replaces an earlier. */
static void raw_section_set(raw_section_t *section, const char *key,
			    char *value, const char *file, int line, int col)
{
	raw_kv_t *kv = NULL;
	int i;

	for (i = 0; i < section->count; i++) {
		if (streq(section->kvs[i].key, key)) {
			kv = &section->kvs[i];
			free(kv->value);
			break;
		}
	}
	if (!kv) {
		kv = kv_append(&section->kvs, &section->count, &section->alloc);
		kv->key = str_dup(key);
	}
	kv->value = value;
	kv->file = file;
	kv->line = line;
	kv->col = col;
}

static const char *describe(raw_section_t *section, char *buf, size_t len)
{
	return conf_section_describe(section->type, section->name, buf, len);
}

void conf_on_section(conf_file_ctx_t *ctx, conf_type_t type, char *name,
		     int line, int col)
{
	conf_parse_t *parse = ctx->parse;
	hashtable_t *names = parse->conn_names;
	linked_list_t *order = parse->conns;
	raw_section_t *section;

	parse->skipping = false;
	switch (type) {
	case CONF_SETUP:
		if (!streq(name, "setup")) {
			config_error(parse->config, ctx->file, line, col,
				     "unknown section 'config %s', the only "
				     "config section is 'config setup'", name);
			parse->current = NULL;
			parse->skipping = true;
			break;
		}
		if (!parse->setup) {
			parse->setup = raw_section_create(CONF_SETUP, "setup",
							  ctx->file, line);
		}
		parse->current = parse->setup;
		break;
	case CONF_CA:
		names = parse->ca_names;
		order = parse->cas;
		/* fall through */
	default:
		section = names->get(names, name);
		if (!section) {
			section = raw_section_create(type, name, ctx->file, line);
			names->put(names, section->name, section);
			order->insert_last(order, section);
		}
		parse->current = section;
		break;
	}
	free(name);
}

void conf_on_bad_header(conf_file_ctx_t *ctx, char *word, bool has_value,
			int line, int col)
{
	static const char *const types[] = { "config", "conn", "ca", "include" };
	conf_parse_t *parse = ctx->parse;
	const char *hint;

	if (has_value) {
		config_error(parse->config, ctx->file, line, col, "setting '%s' "
			     "is not indented: the lines of a section must start "
			     "with white space", word);
	} else {
		hint = conf_hint(word, types, countof(types));
		config_error(parse->config, ctx->file, line, col, "unknown "
			     "section type '%s'%s%s%s", word,
			     hint ? ", did you mean '" : "", hint ? hint : "",
			     hint ? "'?" : "");
		/* its indented lines would only cause follow-up errors */
		parse->current = NULL;
		parse->skipping = true;
	}
	free(word);
}

/* An unknown keyword, or a known one in the wrong type of section. */
static void bad_keyword(conf_file_ctx_t *ctx, raw_section_t *section,
			const conf_kw_t *kw, const char *key, int line, int col)
{
	char where[300], hint[160] = "";
	const char *close;

	describe(section, where, sizeof(where));
	if (kw) {
		config_error(ctx->parse->config, ctx->file, line, col,
			     "keyword '%s' is not valid in %s (it belongs in %s)",
			     key, where, kw->sections & CONF_CONN ? "a conn section" :
			     kw->sections & CONF_CA ? "a ca section" :
			     "config setup");
		return;
	}
	close = conf_hint_keyword(key, section->type);
	if (close) {
		snprintf(hint, sizeof(hint), ", did you mean '%s'?", close);
	}
	config_error(ctx->parse->config, ctx->file, line, col,
		     "unknown keyword '%s' in %s%s", key, where, hint);
}

static void add_also(conf_file_ctx_t *ctx, raw_section_t *section,
		     char *value, int line, int col)
{
	raw_kv_t *also;

	if (!value || !*value || streq(value, "%default")) {
		/* every section inherits from %default anyway */
		free(value);
		return;
	}
	if (streq(section->name, "%default")) {
		config_warning(ctx->parse->config, ctx->file, line, col,
			       "also=%s in %s %%default is ignored", value,
			       section->type == CONF_CA ? "ca" : "conn");
		free(value);
		return;
	}
	also = kv_append(&section->also, &section->also_count,
			 &section->also_alloc);
	also->value = value;
	also->file = ctx->file;
	also->line = line;
	also->col = col;
}

void conf_on_setting(conf_file_ctx_t *ctx, char *key, int line, int col,
		     char *value, int vline, int vcol)
{
	conf_parse_t *parse = ctx->parse;
	raw_section_t *section = parse->current;
	const conf_kw_t *kw;
	const char *expected;
	char where[300], buf[160];

	if (!section) {
		if (!parse->skipping) {
			config_error(parse->config, ctx->file, line, col,
				     "setting '%s' outside of any section", key);
		}
		goto out;
	}
	kw = conf_kw_lookup(key);
	if (!kw || !(kw->sections & section->type)) {
		bad_keyword(ctx, section, kw, key, line, col);
		goto out;
	}
	if (kw->flags & KWF_OBSOLETE) {
		config_warning(parse->config, ctx->file, line, col, "obsolete "
			       "keyword '%s' in %s ignored", key,
			       describe(section, where, sizeof(where)));
		goto out;
	}
	if (kw->flags & KWF_ALSO) {
		add_also(ctx, section, value, vline, vcol);
		free(key);
		return;
	}
	if (value) {
		expected = conf_value_check(kw, section->type, value, buf,
					    sizeof(buf));
		if (expected) {
			config_error(parse->config, ctx->file, vline, vcol,
				     "invalid value '%s' for '%s' in %s, "
				     "expected %s", value, key,
				     describe(section, where, sizeof(where)),
				     expected);
			goto out;
		}
	}
	raw_section_set(section, kw->alias ? kw->alias : kw->name, value,
			ctx->file, line, col);
	free(key);
	return;

out:
	free(key);
	free(value);
}

static void parse_pattern(conf_parse_t *parse, const char *pattern,
			  conf_file_ctx_t *from, int line, int col);

void conf_on_include(conf_file_ctx_t *ctx, char *pattern, int line, int col)
{
	const char *slash = strrchr(ctx->file, '/');
	char *path;

	if (ctx->include_depth >= CONF_MAX_INCLUDE_DEPTH) {
		config_error(ctx->parse->config, ctx->file, line, col,
			     "include of '%s' nested too deeply (more than %d "
			     "levels)", pattern, CONF_MAX_INCLUDE_DEPTH);
		free(pattern);
		return;
	}
	if (pattern[0] == '/' || !slash) {
		path = pattern;
	} else {
		size_t dir = slash - ctx->file + 1;

		path = mem_zalloc(dir + strlen(pattern) + 1);
		memcpy(path, ctx->file, dir);
		strcpy(path + dir, pattern);
		free(pattern);
	}
	parse_pattern(ctx->parse, path, ctx, line, col);
	free(path);
}

static void parse_buffer(conf_parse_t *parse, const char *content, size_t len,
			 const char *name, char *real, conf_file_ctx_t *from)
{
	conf_file_ctx_t ctx = {
		.parse = parse,
		.file = config_intern(parse->config, name),
		.real = real,
		.parent = from,
		.include_depth = from ? from->include_depth + 1 : 0,
		.line = 1,
		.col = 1,
	};

	if (!conf_scan(&ctx, content, len)) {
		config_error(parse->config, ctx.file, 1, 1, "cannot set up the "
			     "scanner");
	}
}

/* Read a whole regular file; sets errno and returns NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *content = NULL;
	size_t got = 0;
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
	} else if (st.st_size > CONF_MAX_FILE_SIZE) {
		err = EFBIG;
	} else {
		content = mem_zalloc(st.st_size + 1);
		got = fread(content, 1, st.st_size, file);
		if (ferror(file)) {
			err = errno ? errno : EIO;
		}
	}
	fclose(file);
	if (err) {
		free(content);
		errno = err;
		return NULL;
	}
	*len = got;
	return content;
}

/* The including file, if @p real is being parsed already (a loop). */
static conf_file_ctx_t *find_loop(conf_file_ctx_t *from, const char *real)
{
	for (; from; from = from->parent) {
		if (streq(from->real, real)) {
			return from;
		}
	}
	return NULL;
}

/* A file's errors point into it; one that cannot be read is reported where
 * it was included (or at its own 1:1 for the main file). */
static void parse_file(conf_parse_t *parse, const char *path,
		       conf_file_ctx_t *from, int line, int col)
{
	conf_file_ctx_t *loop;
	size_t len = 0;
	char *content, *real;

	content = read_file(path, &len);
	if (!content) {
		if (from) {
			config_error(parse->config, from->file, line, col, "cannot "
				     "include '%s': %s", path, strerror(errno));
		} else {
			config_error(parse->config, path, 1, 1, "cannot read "
				     "file: %s", strerror(errno));
		}
		return;
	}
	real = realpath(path, NULL);
	loop = real ? find_loop(from, real) : NULL;
	if (loop) {
		config_error(parse->config, from->file, line, col, "include of "
			     "'%s' is a loop: %s is being read already", path,
			     loop->file);
	} else {
		parse_buffer(parse, content, len, path, real, from);
	}
	free(real);
	free(content);
}

/* A directory a pattern names that does not exist just matches nothing. */
static int glob_error(const char *path, int err)
{
	return err != ENOENT && err != ENOTDIR;
}

static void parse_pattern(conf_parse_t *parse, const char *pattern,
			  conf_file_ctx_t *from, int line, int col)
{
	glob_t matches;
	size_t i;
	int err;

	if (!strpbrk(pattern, "*?[")) {
		parse_file(parse, pattern, from, line, col);
		return;
	}
	err = glob(pattern, 0, glob_error, &matches);
	if (err == 0) {
		for (i = 0; i < matches.gl_pathc; i++) {
			parse_file(parse, matches.gl_pathv[i], from, line, col);
		}
	} else if (err != GLOB_NOMATCH) {
		config_error(parse->config, from->file, line, col, "cannot "
			     "expand '%s': %s", pattern, err == GLOB_NOSPACE ?
			     "out of memory" : "read error");
	}
	globfree(&matches);
}

static conf_parse_t *parse_create(const char *file)
{
	conf_parse_t *parse = mem_zalloc(sizeof(*parse));

	parse->config = config_create(file);
	parse->conns = linked_list_create();
	parse->cas = linked_list_create();
	parse->conn_names = hashtable_create(hashtable_hash_str,
					     hashtable_equals_str, 16);
	parse->ca_names = hashtable_create(hashtable_hash_str,
					   hashtable_equals_str, 8);
	return parse;
}

/* Flatten what was parsed into the config and free the rest. */
static config_t *parse_finish(conf_parse_t *parse)
{
	config_t *config = parse->config;

	conf_resolve(parse);
	parse->conn_names->destroy(parse->conn_names);
	parse->ca_names->destroy(parse->ca_names);
	parse->conns->destroy_function(parse->conns, raw_section_destroy);
	parse->cas->destroy_function(parse->cas, raw_section_destroy);
	if (parse->setup) {
		raw_section_destroy(parse->setup);
	}
	free(parse);
	return config;
}

config_t *config_parse_file(const char *path)
{
	conf_parse_t *parse;

	if (!path) {
		return NULL;
	}
	parse = parse_create(path);
	parse_file(parse, path, NULL, 0, 0);
	return parse_finish(parse);
}

config_t *config_parse_string(const char *content, size_t len,
			      const char *name)
{
	conf_parse_t *parse;

	name = name ? name : "<string>";
	parse = parse_create(name);
	if (len > CONF_MAX_FILE_SIZE) {
		config_error(parse->config, name, 1, 1, "cannot read file: %s",
			     strerror(EFBIG));
	} else {
		parse_buffer(parse, content, len, name, NULL, NULL);
	}
	return parse_finish(parse);
}
