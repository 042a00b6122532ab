/*
 * The settings tree: sections holding key/value pairs and subsections.
 *
 * Sections hold small arrays searched linearly: a cygnet.conf section has a
 * few dozen entries at most, and arrays keep the order of the file.
 */
#include "settings/settings_tree.h"

settings_section_t *settings_section_create(const char *name)
{
	settings_section_t *this = mem_zalloc(sizeof(*this));

	this->name = str_dup(name);
	return this;
}

static void kv_destroy(settings_kv_t *kv)
{
	free(kv->key);
	free(kv->value);
	free(kv);
}

void settings_section_destroy(settings_section_t *this)
{
	int i;

	if (!this) {
		return;
	}
	for (i = 0; i < this->kv_count; i++) {
		kv_destroy(this->kvs[i]);
	}
	for (i = 0; i < this->section_count; i++) {
		settings_section_destroy(this->sections[i]);
	}
	free(this->kvs);
	free(this->sections);
	free(this->name);
	free(this);
}

/* Append @p item to a pointer array, doubling it when full. */
static void array_append(void ***array, int *count, int *alloc, void *item)
{
	if (*count == *alloc) {
		int size = *alloc ? *alloc * 2 : 4;
		void **grown = mem_zalloc(size * sizeof(void *));

		if (*count) {
			memcpy(grown, *array, *count * sizeof(void *));
		}
		free(*array);
		*array = grown;
		*alloc = size;
	}
	(*array)[(*count)++] = item;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool settings_path_valid(const char *path)
{
	size_t len = 0;

	if (!path || !*path) {
		return false;
	}
	for (; *path; path++) {
		if (*path == '.') {
			if (!len) {
				return false;
			}
			len = 0;
		} else if (name_char(*path)) {
			len++;
		} else {
			return false;
		}
	}
	return len > 0;
}

/* Child section called @p name (@p len bytes, not terminated). */
static settings_section_t *child(settings_section_t *this, const char *name,
				 size_t len)
{
	int i;

	for (i = 0; i < this->section_count; i++) {
		const char *have = this->sections[i]->name;

		if (strncmp(have, name, len) == 0 && have[len] == '\0') {
			return this->sections[i];
		}
	}
	return NULL;
}

static int kv_index(settings_section_t *this, const char *key)
{
	int i;

	for (i = 0; i < this->kv_count; i++) {
		if (streq(this->kvs[i]->key, key)) {
			return i;
		}
	}
	return -1;
}

/*
 * Walk the sections named by the first @p len bytes of @p path. Empty
 * components never match; with @p create, missing sections are added.
 */
static settings_section_t *walk(settings_section_t *this, const char *path,
				size_t len, bool create)
{
	const char *end = path + len;

	while (this && path < end) {
		const char *dot = memchr(path, '.', end - path);
		size_t part = dot ? (size_t)(dot - path) : (size_t)(end - path);
		settings_section_t *next;

		if (!part) {
			return NULL;
		}
		next = child(this, path, part);
		if (!next && create) {
			char *name = strndup(path, part);

			if (!name) {
				return NULL;
			}
			next = settings_section_create(name);
			free(name);
			array_append((void ***)&this->sections, &this->section_count,
				     &this->section_alloc, next);
		}
		this = next;
		path += part + (dot ? 1 : 0);
		if (dot && path == end) {
			return NULL;	/* trailing dot */
		}
	}
	return this;
}

settings_section_t *settings_section_find(settings_section_t *root,
					  const char *path, bool create)
{
	if (!path || !*path) {
		return root;
	}
	if (create && !settings_path_valid(path)) {
		return NULL;
	}
	return walk(root, path, strlen(path), create);
}

/* Split @p path into the section part and the key after the last dot. */
static const char *split_key(const char *path, size_t *section_len)
{
	const char *dot = strrchr(path, '.');

	if (!dot) {
		*section_len = 0;
		return path;
	}
	*section_len = dot - path;
	return dot + 1;
}

settings_kv_t *settings_kv_find(settings_section_t *root, const char *path)
{
	settings_section_t *section;
	const char *key;
	size_t len;
	int i;

	if (!path || !*path) {
		return NULL;
	}
	key = split_key(path, &len);
	if (!*key) {
		return NULL;
	}
	if (len == 0 && key != path) {
		return NULL;	/* leading dot */
	}
	section = len ? walk(root, path, len, false) : root;
	if (!section) {
		return NULL;
	}
	i = kv_index(section, key);
	return i < 0 ? NULL : section->kvs[i];
}

bool settings_section_set(settings_section_t *root, const char *path,
			  char *value, char **old)
{
	settings_section_t *section;
	settings_kv_t *kv;
	const char *key;
	size_t len;
	int i;

	*old = NULL;
	if (!settings_path_valid(path)) {
		free(value);
		return false;
	}
	key = split_key(path, &len);
	section = len ? walk(root, path, len, value != NULL) : root;
	if (!section) {
		return true;	/* removing from a section that is not there */
	}
	i = kv_index(section, key);
	if (i >= 0) {
		kv = section->kvs[i];
		*old = kv->value;
		if (value) {
			kv->value = value;
		} else {
			kv->value = NULL;
			kv_destroy(kv);
			section->kv_count--;
			memmove(&section->kvs[i], &section->kvs[i + 1],
				(section->kv_count - i) * sizeof(kv));
		}
		return true;
	}
	if (value) {
		kv = mem_zalloc(sizeof(*kv));
		kv->key = str_dup(key);
		kv->value = value;
		array_append((void ***)&section->kvs, &section->kv_count,
			     &section->kv_alloc, kv);
	}
	return true;
}

void settings_section_merge(settings_section_t *dst, settings_section_t *src)
{
	int i, j;

	for (i = 0; i < src->kv_count; i++) {
		settings_kv_t *kv = src->kvs[i];

		j = kv_index(dst, kv->key);
		if (j >= 0) {
			free(dst->kvs[j]->value);
			dst->kvs[j]->value = kv->value;
			kv->value = NULL;
			kv_destroy(kv);
		} else {
			array_append((void ***)&dst->kvs, &dst->kv_count,
				     &dst->kv_alloc, kv);
		}
	}
	for (i = 0; i < src->section_count; i++) {
		settings_section_t *section = src->sections[i];
		settings_section_t *have = child(dst, section->name,
						 strlen(section->name));

		if (have) {
			settings_section_merge(have, section);
		} else {
			array_append((void ***)&dst->sections, &dst->section_count,
				     &dst->section_alloc, section);
		}
	}
	src->kv_count = src->section_count = 0;
	settings_section_destroy(src);
}
