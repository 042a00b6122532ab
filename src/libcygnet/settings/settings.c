/*
 * settings_t: typed, thread-safe look-ups in the cygnet.conf tree.
 *
 * A rwlock guards the tree: look-ups share it, set_str() and reloads take
 * it exclusively. A reload parses into a fresh tree without the lock and
 * swaps or merges only once parsing succeeded, so a broken file never
 * touches what is loaded. Values that set_str() replaces are kept until
 * the next reload, as readers may still hold the strings get_str() gave.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <strings.h>

#include "settings/settings.h"
#include "settings/settings_tree.h"

typedef struct private_settings_t private_settings_t;

struct private_settings_t {
	settings_t public;
	settings_section_t *top;
	pthread_rwlock_t lock;
	/* last load error, or NULL */
	char *error;
	/* values replaced by set_str(), freed on the next reload */
	char **retired;
	int retired_count, retired_alloc;
};

/* Keys usually fit here; longer ones are formatted on the heap. */
#define KEY_BUF 256

__attribute__((format(printf, 3, 0)))
static char *format_key(char *buf, size_t len, const char *fmt, va_list args)
{
	va_list copy;
	char *key;
	int need;

	va_copy(copy, args);
	need = vsnprintf(buf, len, fmt, copy);
	va_end(copy);
	if (need < 0) {
		buf[0] = '\0';
		return buf;
	}
	if ((size_t)need < len) {
		return buf;
	}
	key = mem_zalloc(need + 1);
	vsnprintf(key, need + 1, fmt, args);
	return key;
}

static void free_key(char *key, char *buf)
{
	if (key != buf) {
		free(key);
	}
}

/* The value at @p key; call with the lock held. */
static const char *lookup(private_settings_t *this, const char *key)
{
	settings_kv_t *kv = settings_kv_find(this->top, key);

	return kv ? kv->value : NULL;
}

/*
 * Copy the value at the formatted key into @p out. Typed values are short:
 * one that does not fit is as invalid as one that does not parse, and
 * yields "" (never a valid number or boolean).
 */
__attribute__((format(printf, 2, 0)))
static bool fetch(private_settings_t *this, const char *fmt, va_list args,
		  char *out, size_t len)
{
	char buf[KEY_BUF], *key;
	const char *value;

	key = format_key(buf, sizeof(buf), fmt, args);
	pthread_rwlock_rdlock(&this->lock);
	value = lookup(this, key);
	if (value && (size_t)snprintf(out, len, "%s", value) >= len) {
		out[0] = '\0';
	}
	pthread_rwlock_unlock(&this->lock);
	free_key(key, buf);
	return value != NULL;
}

__attribute__((format(printf, 2, 4)))
static const char *get_str(settings_t *public, const char *fmt,
			   const char *def, ...)
{
	private_settings_t *this = (private_settings_t *)public;
	char buf[KEY_BUF], *key;
	const char *value;
	va_list args;

	va_start(args, def);
	key = format_key(buf, sizeof(buf), fmt, args);
	va_end(args);
	pthread_rwlock_rdlock(&this->lock);
	value = lookup(this, key);
	pthread_rwlock_unlock(&this->lock);
	free_key(key, buf);
	return value ? value : def;
}

/* Parsers for typed values: false if @p s is not a valid one. */

static bool parse_bool(const char *s, bool *out)
{
	static const char *yes[] = { "yes", "true", "on", "1", "enabled" };
	static const char *no[] = { "no", "false", "off", "0", "disabled" };
	size_t i;

	for (i = 0; i < countof(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool parse_int(const char *s, int *out)
{
	const char *digits = (*s == '-' || *s == '+') ? s + 1 : s;
	/* hex for marks and masks; no octal, "010" means ten in a config */
	int base = (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		   ? 16 : 10;
	char *end;
	long v;

	if (!*s) {
		return false;
	}
	errno = 0;
	v = strtol(s, &end, base);
	if (errno || *end || end == s || v < INT_MIN || v > INT_MAX) {
		return false;
	}
	*out = (int)v;
	return true;
}

static bool parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s) {
		return false;
	}
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || end == s || !isfinite(v)) {
		return false;
	}
	*out = v;
	return true;
}

static bool parse_time(const char *s, uint32_t *out)
{
	unsigned long long v, unit = 1;
	char *end;

	if (*s < '0' || *s > '9') {
		return false;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno) {
		return false;
	}
	while (*end == ' ' || *end == '\t') {
		end++;
	}
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		return false;
	}
	if (*end && end[1]) {
		return false;
	}
	if (v > UINT32_MAX / unit) {
		return false;
	}
	*out = (uint32_t)(v * unit);
	return true;
}

/* Typed getters copy the value under the lock, then parse the copy. */
#define VALUE_BUF 64

__attribute__((format(printf, 2, 4)))
static bool get_bool(settings_t *public, const char *fmt, bool def, ...)
{
	char value[VALUE_BUF];
	va_list args;
	bool found, result = def;

	va_start(args, def);
	found = fetch((private_settings_t *)public, fmt, args, value, sizeof(value));
	va_end(args);
	if (found && !parse_bool(value, &result)) {
		DBG2(DBG_LIB, "settings: '%s' is not a boolean, using default", value);
		result = def;
	}
	return result;
}

__attribute__((format(printf, 2, 4)))
static int get_int(settings_t *public, const char *fmt, int def, ...)
{
	char value[VALUE_BUF];
	va_list args;
	bool found;
	int result = def;

	va_start(args, def);
	found = fetch((private_settings_t *)public, fmt, args, value, sizeof(value));
	va_end(args);
	if (found && !parse_int(value, &result)) {
		DBG2(DBG_LIB, "settings: '%s' is not an integer, using default", value);
		result = def;
	}
	return result;
}

__attribute__((format(printf, 2, 4)))
static double get_double(settings_t *public, const char *fmt, double def, ...)
{
	char value[VALUE_BUF];
	va_list args;
	bool found;
	double result = def;

	va_start(args, def);
	found = fetch((private_settings_t *)public, fmt, args, value, sizeof(value));
	va_end(args);
	if (found && !parse_double(value, &result)) {
		DBG2(DBG_LIB, "settings: '%s' is not a number, using default", value);
		result = def;
	}
	return result;
}

__attribute__((format(printf, 2, 4)))
static uint32_t get_time(settings_t *public, const char *fmt, uint32_t def, ...)
{
	char value[VALUE_BUF];
	va_list args;
	bool found;
	uint32_t result = def;

	va_start(args, def);
	found = fetch((private_settings_t *)public, fmt, args, value, sizeof(value));
	va_end(args);
	if (found && !parse_time(value, &result)) {
		DBG2(DBG_LIB, "settings: '%s' is not a duration, using default", value);
		result = def;
	}
	return result;
}

/* Keep @p value alive until the next reload; call with the write lock. */
static void retire(private_settings_t *this, char *value)
{
	if (!value) {
		return;
	}
	if (this->retired_count == this->retired_alloc) {
		int size = this->retired_alloc ? this->retired_alloc * 2 : 8;
		char **grown = mem_zalloc(size * sizeof(char *));

		if (this->retired_count) {
			memcpy(grown, this->retired,
			       this->retired_count * sizeof(char *));
		}
		free(this->retired);
		this->retired = grown;
		this->retired_alloc = size;
	}
	this->retired[this->retired_count++] = value;
}

static void free_retired(private_settings_t *this)
{
	int i;

	for (i = 0; i < this->retired_count; i++) {
		free(this->retired[i]);
	}
	free(this->retired);
	this->retired = NULL;
	this->retired_count = this->retired_alloc = 0;
}

__attribute__((format(printf, 2, 4)))
static void set_str(settings_t *public, const char *fmt, const char *value, ...)
{
	private_settings_t *this = (private_settings_t *)public;
	char buf[KEY_BUF], *key, *old;
	va_list args;
	bool ok;

	va_start(args, value);
	key = format_key(buf, sizeof(buf), fmt, args);
	va_end(args);
	pthread_rwlock_wrlock(&this->lock);
	ok = settings_section_set(this->top, key, str_dup(value), &old);
	retire(this, old);
	pthread_rwlock_unlock(&this->lock);
	if (!ok) {
		DBG1(DBG_LIB, "settings: invalid key '%s' ignored", key);
	}
	free_key(key, buf);
}

/*
 * Enumerators work on a copy of the names (and values) taken under the
 * read lock, so a caller may hold one across set_str() or a reload.
 */
typedef struct {
	enumerator_t public;
	/* names, or name/value pairs */
	char **items;
	int count;
	int pos;
	int arity;
} snapshot_enumerator_t;

static bool snapshot_enumerate(enumerator_t *public, ...)
{
	snapshot_enumerator_t *this = (snapshot_enumerator_t *)public;
	va_list args;
	int i;

	if (this->pos >= this->count) {
		return false;
	}
	va_start(args, public);
	for (i = 0; i < this->arity; i++) {
		const char **out = va_arg(args, const char **);

		if (out) {
			*out = this->items[this->pos * this->arity + i];
		}
	}
	va_end(args);
	this->pos++;
	return true;
}

static void snapshot_destroy(enumerator_t *public)
{
	snapshot_enumerator_t *this = (snapshot_enumerator_t *)public;
	int i;

	for (i = 0; i < this->count * this->arity; i++) {
		free(this->items[i]);
	}
	free(this->items);
	free(this);
}

__attribute__((format(printf, 3, 0)))
static enumerator_t *create_snapshot(private_settings_t *this, bool pairs,
				     const char *fmt, va_list args)
{
	snapshot_enumerator_t *e = mem_zalloc(sizeof(*e));
	char buf[KEY_BUF], *key;
	settings_section_t *section;
	int i;

	e->public.enumerate = snapshot_enumerate;
	e->public.destroy = snapshot_destroy;
	e->arity = pairs ? 2 : 1;

	key = format_key(buf, sizeof(buf), fmt, args);
	pthread_rwlock_rdlock(&this->lock);
	section = settings_section_find(this->top, key, false);
	if (section) {
		e->count = pairs ? section->kv_count : section->section_count;
	}
	if (e->count) {
		e->items = mem_zalloc(e->count * e->arity * sizeof(char *));
		for (i = 0; i < e->count; i++) {
			if (pairs) {
				e->items[2 * i] = str_dup(section->kvs[i]->key);
				e->items[2 * i + 1] = str_dup(section->kvs[i]->value);
			} else {
				e->items[i] = str_dup(section->sections[i]->name);
			}
		}
	}
	pthread_rwlock_unlock(&this->lock);
	free_key(key, buf);
	return &e->public;
}

__attribute__((format(printf, 2, 3)))
static enumerator_t *create_section_enumerator(settings_t *public,
					       const char *fmt, ...)
{
	enumerator_t *e;
	va_list args;

	va_start(args, fmt);
	e = create_snapshot((private_settings_t *)public, false, fmt, args);
	va_end(args);
	return e;
}

__attribute__((format(printf, 2, 3)))
static enumerator_t *create_key_value_enumerator(settings_t *public,
						 const char *fmt, ...)
{
	enumerator_t *e;
	va_list args;

	va_start(args, fmt);
	e = create_snapshot((private_settings_t *)public, true, fmt, args);
	va_end(args);
	return e;
}

/* Install a freshly parsed tree (or the error that stopped it). */
static bool install(private_settings_t *this, settings_section_t *fresh,
		    bool ok, char *error, bool merge)
{
	settings_section_t *old = NULL;

	pthread_rwlock_wrlock(&this->lock);
	free(this->error);
	this->error = error;
	if (ok) {
		free_retired(this);
		if (merge) {
			settings_section_merge(this->top, fresh);
		} else {
			old = this->top;
			this->top = fresh;
		}
		fresh = NULL;
	}
	pthread_rwlock_unlock(&this->lock);
	settings_section_destroy(old);
	settings_section_destroy(fresh);
	return ok;
}

/* load_files(); @p missing tells if a plain file was not there. */
static bool load(private_settings_t *this, const char *pattern, bool merge,
		 bool *missing)
{
	settings_section_t *fresh = settings_section_create("");
	char *error = NULL;
	bool ok;

	ok = settings_parse_files(fresh, pattern, missing, &error);
	if (ok && *missing) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s: %s", pattern, strerror(ENOENT));
		error = str_dup(msg);
		ok = false;
	}
	if (!ok && !*missing) {
		DBG1(DBG_LIB, "%s", error ? error : "loading settings failed");
	}
	return install(this, fresh, ok, error, merge);
}

static bool load_files(settings_t *public, const char *pattern, bool merge)
{
	private_settings_t *this = (private_settings_t *)public;
	bool missing = false, ok;

	ok = load(this, pattern, merge, &missing);
	if (!ok && missing) {
		DBG1(DBG_LIB, "settings file '%s' not found", pattern);
	}
	return ok;
}

static bool load_string(settings_t *public, const char *content,
			const char *name, bool merge)
{
	private_settings_t *this = (private_settings_t *)public;
	settings_section_t *fresh = settings_section_create("");
	char *error = NULL;
	bool ok;

	ok = settings_parse_string(fresh, content ? content : "", name, &error);
	if (!ok) {
		DBG1(DBG_LIB, "%s", error ? error : "parsing settings failed");
	}
	return install(this, fresh, ok, error, merge);
}

static const char *last_error(settings_t *public)
{
	private_settings_t *this = (private_settings_t *)public;

	return this->error;
}

static void destroy(settings_t *public)
{
	private_settings_t *this = (private_settings_t *)public;

	settings_section_destroy(this->top);
	free_retired(this);
	free(this->error);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

settings_t *settings_create(const char *file)
{
	private_settings_t *this = mem_zalloc(sizeof(*this));
	bool missing = false;

	this->public = (settings_t){
		.get_str = get_str,
		.get_bool = get_bool,
		.get_int = get_int,
		.get_double = get_double,
		.get_time = get_time,
		.set_str = set_str,
		.create_section_enumerator = create_section_enumerator,
		.create_key_value_enumerator = create_key_value_enumerator,
		.load_files = load_files,
		.load_string = load_string,
		.last_error = last_error,
		.destroy = destroy,
	};
	this->top = settings_section_create("");
	if (pthread_rwlock_init(&this->lock, NULL) != 0) {
		settings_section_destroy(this->top);
		free(this);
		return NULL;
	}
	if (file && !load(this, file, false, &missing)) {
		if (!missing) {
			destroy(&this->public);
			return NULL;
		}
		DBG1(DBG_LIB, "settings file '%s' not found, using defaults", file);
		free_and_null(this->error);
	}
	return &this->public;
}
