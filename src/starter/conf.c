/*
 * The parsed configuration object: flattened sections in file order, the
 * file names they came from, and the errors and warnings of the parse.
 */
#include <stdarg.h>
#include <stdio.h>

#include "conf_private.h"

typedef struct private_config_t {
	config_t public;
	char *file;
	/* interned file names (char *), so origins are plain pointers */
	linked_list_t *files;
	conf_section_t *setup;
	/* conf_section_t in order, and by name */
	linked_list_t *conns;
	linked_list_t *cas;
	hashtable_t *conn_names;
	hashtable_t *ca_names;
	/* messages (char *) */
	linked_list_t *errors;
	linked_list_t *warnings;
} private_config_t;

static int kv_compare(const void *a, const void *b)
{
	return strcmp(((const conf_kv_t *)a)->key, ((const conf_kv_t *)b)->key);
}

const conf_kv_t *conf_section_get_kv(const conf_section_t *section,
				     const char *key)
{
	conf_kv_t wanted = { .key = (char *)key };

	if (!section || !section->count) {
		return NULL;
	}
	return bsearch(&wanted, section->kvs, section->count, sizeof(conf_kv_t),
		       kv_compare);
}

const char *conf_section_get(const conf_section_t *section, const char *key)
{
	const conf_kv_t *kv = conf_section_get_kv(section, key);

	return kv ? kv->value : NULL;
}

bool conf_section_equals(const conf_section_t *a, const conf_section_t *b)
{
	int i;

	if (a->count != b->count) {
		return false;
	}
	/* both are sorted by key */
	for (i = 0; i < a->count; i++) {
		if (!streq(a->kvs[i].key, b->kvs[i].key) ||
		    !streq(a->kvs[i].value, b->kvs[i].value)) {
			return false;
		}
	}
	return true;
}

const char *conf_section_describe(conf_type_t type, const char *name,
				  char *buf, size_t len)
{
	switch (type) {
	case CONF_SETUP:
		snprintf(buf, len, "config setup");
		break;
	case CONF_CA:
		snprintf(buf, len, "ca '%s'", name);
		break;
	default:
		snprintf(buf, len, "conn '%s'", name);
		break;
	}
	return buf;
}

void conf_section_destroy(conf_section_t *section)
{
	int i;

	if (!section) {
		return;
	}
	for (i = 0; i < section->count; i++) {
		free(section->kvs[i].key);
		free(section->kvs[i].value);
	}
	free(section->kvs);
	free(section->name);
	free(section);
}

static const char *get_file(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->file;
}

static const conf_section_t *get_setup(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->setup;
}

static enumerator_t *create_conn_enumerator(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->conns->create_enumerator(this->conns);
}

static enumerator_t *create_ca_enumerator(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->cas->create_enumerator(this->cas);
}

static const conf_section_t *get_conn(config_t *public, const char *name)
{
	private_config_t *this = (private_config_t *)public;

	return this->conn_names->get(this->conn_names, name);
}

static const conf_section_t *get_ca(config_t *public, const char *name)
{
	private_config_t *this = (private_config_t *)public;

	return this->ca_names->get(this->ca_names, name);
}

static int get_conn_count(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->conns->get_count(this->conns);
}

static int get_ca_count(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->cas->get_count(this->cas);
}

static int get_error_count(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->errors->get_count(this->errors);
}

static enumerator_t *create_error_enumerator(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->errors->create_enumerator(this->errors);
}

static enumerator_t *create_warning_enumerator(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	return this->warnings->create_enumerator(this->warnings);
}

static void section_destroy_cb(void *section)
{
	conf_section_destroy(section);
}

static void destroy(config_t *public)
{
	private_config_t *this = (private_config_t *)public;

	this->conn_names->destroy(this->conn_names);
	this->ca_names->destroy(this->ca_names);
	this->conns->destroy_function(this->conns, section_destroy_cb);
	this->cas->destroy_function(this->cas, section_destroy_cb);
	conf_section_destroy(this->setup);
	this->errors->destroy_function(this->errors, free);
	this->warnings->destroy_function(this->warnings, free);
	this->files->destroy_function(this->files, free);
	free(this->file);
	free(this);
}

config_t *config_create(const char *file)
{
	private_config_t *this = mem_zalloc(sizeof(*this));

	this->public = (config_t){
		.get_file = get_file,
		.get_setup = get_setup,
		.create_conn_enumerator = create_conn_enumerator,
		.create_ca_enumerator = create_ca_enumerator,
		.get_conn = get_conn,
		.get_ca = get_ca,
		.get_conn_count = get_conn_count,
		.get_ca_count = get_ca_count,
		.get_error_count = get_error_count,
		.create_error_enumerator = create_error_enumerator,
		.create_warning_enumerator = create_warning_enumerator,
		.destroy = destroy,
	};
	this->file = str_dup(file);
	this->files = linked_list_create();
	this->conns = linked_list_create();
	this->cas = linked_list_create();
	this->conn_names = hashtable_create(hashtable_hash_str,
					    hashtable_equals_str, 16);
	this->ca_names = hashtable_create(hashtable_hash_str,
					  hashtable_equals_str, 8);
	this->errors = linked_list_create();
	this->warnings = linked_list_create();
	this->setup = mem_zalloc(sizeof(*this->setup));
	this->setup->type = CONF_SETUP;
	this->setup->name = str_dup("setup");
	return &this->public;
}

static bool name_matches(void *item, void *data)
{
	return streq(item, data);
}

const char *config_intern(config_t *public, const char *file)
{
	private_config_t *this = (private_config_t *)public;
	void *found;
	char *copy;

	if (this->files->find_first(this->files, name_matches, (void *)file,
				    &found)) {
		return found;
	}
	copy = str_dup(file);
	this->files->insert_last(this->files, copy);
	return copy;
}

static void add_message(linked_list_t *list, const char *file, int line,
			int col, const char *prefix, const char *fmt,
			va_list args) __attribute__((format(printf, 6, 0)));

static void add_message(linked_list_t *list, const char *file, int line,
			int col, const char *prefix, const char *fmt,
			va_list args)
{
	char msg[1024];
	int len;

	len = snprintf(msg, sizeof(msg), "%s:%d:%d: %s", file, line, col, prefix);
	if (len < 0 || (size_t)len >= sizeof(msg)) {
		len = 0;
	}
	vsnprintf(msg + len, sizeof(msg) - len, fmt, args);
	list->insert_last(list, str_dup(msg));
}

void config_error(config_t *public, const char *file, int line, int col,
		  const char *fmt, ...)
{
	private_config_t *this = (private_config_t *)public;
	va_list args;

	va_start(args, fmt);
	add_message(this->errors, file, line, col, "", fmt, args);
	va_end(args);
}

void config_warning(config_t *public, const char *file, int line, int col,
		    const char *fmt, ...)
{
	private_config_t *this = (private_config_t *)public;
	va_list args;

	va_start(args, fmt);
	add_message(this->warnings, file, line, col, "warning: ", fmt, args);
	va_end(args);
}

void config_add_section(config_t *public, conf_section_t *section)
{
	private_config_t *this = (private_config_t *)public;

	if (section->count > 1) {
		qsort(section->kvs, section->count, sizeof(conf_kv_t), kv_compare);
	}
	switch (section->type) {
	case CONF_SETUP:
		conf_section_destroy(this->setup);
		this->setup = section;
		break;
	case CONF_CA:
		this->cas->insert_last(this->cas, section);
		this->ca_names->put(this->ca_names, section->name, section);
		break;
	default:
		this->conns->insert_last(this->conns, section);
		this->conn_names->put(this->conn_names, section->name, section);
		break;
	}
}
