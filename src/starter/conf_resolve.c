/*
 * Resolves also= and %default, then flattens every section.
 *
 * Each section gets a list of ancestors, most important first: the
 * sections it names with also= (a later also= before an earlier one), each
 * followed by that section's own ancestors, with only the last occurrence
 * of a section kept, and %default last. A key takes its value from the
 * section itself if it sets it, else from the first ancestor that does; an
 * empty value ("key=") stops the search and leaves the key unset. This is
 * the order strongSwan 5.2+ documents: own settings win, later also= win
 * over earlier ones, and a section shared by two also= chains counts where
 * it is needed last.
 */
#include <stdio.h>

#include "conf_private.h"

/* also= chains deeper than this are refused (and keep the recursion small) */
#define MAX_ALSO_DEPTH 64

typedef struct {
	raw_section_t **items;
	int count;
	int alloc;
} section_array_t;

static void array_push(section_array_t *array, raw_section_t *section)
{
	if (array->count == array->alloc) {
		int size = array->alloc ? array->alloc * 2 : 8;
		raw_section_t **grown = mem_zalloc(size * sizeof(*grown));

		if (array->count) {
			memcpy(grown, array->items, array->count * sizeof(*grown));
		}
		free(array->items);
		array->items = grown;
		array->alloc = size;
	}
	array->items[array->count++] = section;
}

typedef struct {
	conf_parse_t *parse;
	hashtable_t *names;
	raw_section_t *def;
	/* sections being resolved, outermost first, to name loops */
	section_array_t stack;
} resolver_t;

static const char *kind(raw_section_t *section)
{
	return section->type == CONF_CA ? "ca" : "conn";
}

/* "a -> b -> c -> a" for a loop back to @p to. */
static void loop_path(resolver_t *r, raw_section_t *to, char *buf, size_t len)
{
	size_t used = 0;
	int i, start = 0;

	for (i = 0; i < r->stack.count; i++) {
		if (r->stack.items[i] == to) {
			start = i;
		}
	}
	buf[0] = '\0';
	for (i = start; i < r->stack.count && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s -> ",
				 r->stack.items[i]->name);

		used += n > 0 ? (size_t)n : 0;
	}
	if (used < len) {
		snprintf(buf + used, len - used, "%s", to->name);
	}
}

static void resolve(resolver_t *r, raw_section_t *section);

/* Ancestors from one also= entry: the section and its own ancestors. */
static void add_parent(resolver_t *r, raw_section_t *section, raw_kv_t *also,
		       section_array_t *list)
{
	config_t *config = r->parse->config;
	raw_section_t *parent;
	char path[256], where[300];
	int i;

	parent = r->names->get(r->names, also->value);
	conf_section_describe(section->type, section->name, where, sizeof(where));
	if (!parent) {
		config_error(config, also->file, also->line, also->col,
			     "%s includes unknown %s '%s' (also=%s)", where,
			     kind(section), also->value, also->value);
		return;
	}
	if (parent->state == 1) {
		loop_path(r, parent, path, sizeof(path));
		config_error(config, also->file, also->line, also->col,
			     "also=%s in %s creates a loop: %s", also->value,
			     where, path);
		return;
	}
	if (parent->state == 0) {
		if (r->stack.count >= MAX_ALSO_DEPTH) {
			config_error(config, also->file, also->line, also->col,
				     "also=%s in %s nested too deeply (more "
				     "than %d levels)", also->value, where,
				     MAX_ALSO_DEPTH);
			return;
		}
		resolve(r, parent);
	}
	array_push(list, parent);
	for (i = 0; i < parent->parent_count; i++) {
		array_push(list, parent->parents[i]);
	}
}

static void resolve(resolver_t *r, raw_section_t *section)
{
	section_array_t list = {}, *subs;
	int i, j;

	section->state = 1;
	array_push(&r->stack, section);
	/* resolved in file order (so are the errors), then joined from the
	 * last also= to the first */
	subs = mem_zalloc((section->also_count + 1) * sizeof(*subs));
	for (i = 0; i < section->also_count; i++) {
		add_parent(r, section, &section->also[i], &subs[i]);
	}
	for (i = section->also_count - 1; i >= 0; i--) {
		for (j = 0; j < subs[i].count; j++) {
			array_push(&list, subs[i].items[j]);
		}
		free(subs[i].items);
	}
	free(subs);
	if (!list.count && r->def && section != r->def) {
		array_push(&list, r->def);
	}
	/* keep the last occurrence of each ancestor */
	section->parents = list.count ? mem_zalloc(list.count *
						   sizeof(raw_section_t *)) : NULL;
	for (i = 0; i < list.count; i++) {
		for (j = i + 1; j < list.count; j++) {
			if (list.items[j] == list.items[i]) {
				break;
			}
		}
		if (j == list.count) {
			section->parents[section->parent_count++] = list.items[i];
		}
	}
	free(list.items);
	r->stack.count--;
	section->state = 2;
}

/* Take @p kv into @p out unless an earlier (more important) one had it. */
static void take(hashtable_t *seen, raw_kv_t *kv, conf_section_t *out,
		 int *alloc)
{
	if (seen->get(seen, kv->key)) {
		return;
	}
	seen->put(seen, kv->key, kv);
	if (!kv->value) {
		return;
	}
	if (out->count == *alloc) {
		int size = *alloc ? *alloc * 2 : 16;
		conf_kv_t *grown = mem_zalloc(size * sizeof(conf_kv_t));

		if (out->count) {
			memcpy(grown, out->kvs, out->count * sizeof(conf_kv_t));
		}
		free(out->kvs);
		out->kvs = grown;
		*alloc = size;
	}
	out->kvs[out->count++] = (conf_kv_t){
		.key = str_dup(kv->key),
		.value = str_dup(kv->value),
		.file = kv->file,
		.line = kv->line,
	};
}

static conf_section_t *flatten(raw_section_t *section)
{
	conf_section_t *out = mem_zalloc(sizeof(*out));
	hashtable_t *seen;
	int i, j, alloc = 0;

	out->type = section->type;
	out->name = str_dup(section->name);
	out->file = section->file;
	out->line = section->line;
	seen = hashtable_create(hashtable_hash_str, hashtable_equals_str, 32);
	for (i = 0; i < section->count; i++) {
		take(seen, &section->kvs[i], out, &alloc);
	}
	for (i = 0; i < section->parent_count; i++) {
		raw_section_t *parent = section->parents[i];

		for (j = 0; j < parent->count; j++) {
			take(seen, &parent->kvs[j], out, &alloc);
		}
	}
	seen->destroy(seen);
	return out;
}

static void resolve_type(conf_parse_t *parse, linked_list_t *sections,
			 hashtable_t *names)
{
	resolver_t r = {
		.parse = parse,
		.names = names,
		.def = names->get(names, "%default"),
	};
	enumerator_t *enumerator;
	raw_section_t *section;

	if (r.def) {
		r.def->state = 2;
	}
	enumerator = sections->create_enumerator(sections);
	while (enumerator->enumerate(enumerator, &section)) {
		if (section->state == 0) {
			resolve(&r, section);
		}
	}
	enumerator->destroy(enumerator);
	free(r.stack.items);

	enumerator = sections->create_enumerator(sections);
	while (enumerator->enumerate(enumerator, &section)) {
		if (section != r.def) {
			config_add_section(parse->config, flatten(section));
		}
	}
	enumerator->destroy(enumerator);
}

void conf_resolve(conf_parse_t *parse)
{
	if (parse->setup) {
		config_add_section(parse->config, flatten(parse->setup));
	}
	resolve_type(parse, parse->conns, parse->conn_names);
	resolve_type(parse, parse->cas, parse->ca_names);
}
