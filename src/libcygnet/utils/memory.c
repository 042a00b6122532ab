/*
 * Small memory and string helpers declared in library.h.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <strings.h>

#include "library.h"

void *mem_zalloc(size_t size)
{
	void *ptr = calloc(1, size ? size : 1);

	if (!ptr) {
		/* there is no sensible recovery from an exhausted heap */
		fprintf(stderr, "cygnet: out of memory allocating %zu bytes\n", size);
		abort();
	}
	return ptr;
}

char *str_dup(const char *s)
{
	char *copy;
	size_t len;

	if (!s) {
		return NULL;
	}
	len = strlen(s) + 1;
	copy = malloc(len);
	if (!copy) {
		fprintf(stderr, "cygnet: out of memory duplicating a string\n");
		abort();
	}
	memcpy(copy, s, len);
	return copy;
}

void memwipe(void *ptr, size_t len)
{
	if (ptr && len) {
		/* unlike memset, explicit_bzero is never removed as a dead store */
		explicit_bzero(ptr, len);
	}
}

bool strcaseeq(const char *a, const char *b)
{
	return a == b || (a && b && strcasecmp(a, b) == 0);
}
