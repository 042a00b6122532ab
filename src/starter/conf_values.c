/*
 * Checks of values whose meaning is fixed (yes/no, choices, times,
 * percentages, numbers) and "did you mean" hints by edit distance.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>

#include "conf_private.h"

/* Is @p value one of the '|'-separated @p choices? */
static bool in_choices(const char *value, const char *choices)
{
	size_t len = strlen(value);
	const char *next;

	while (choices && *choices) {
		next = strchr(choices, '|');
		if ((next ? (size_t)(next - choices) : strlen(choices)) == len &&
		    strncmp(choices, value, len) == 0) {
			return true;
		}
		choices = next ? next + 1 : NULL;
	}
	return false;
}

/* "a, b or c" from "a|b|c". */
static const char *list_choices(const char *choices, char *buf, size_t len)
{
	size_t used = 0;
	const char *next, *p;
	int n;

	buf[0] = '\0';
	for (p = choices; p && *p && used < len; p = next ? next + 1 : NULL) {
		next = strchr(p, '|');
		n = snprintf(buf + used, len - used, "%s%.*s",
			     p == choices ? "" : next ? ", " : " or ",
			     next ? (int)(next - p) : (int)strlen(p), p);
		used += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

/* Unsigned decimal or 0x hex that fits 64 bits. */
static bool is_uint(const char *value, uint64_t *out)
{
	unsigned long long parsed;
	char *end;
	int base = 10;

	if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
		base = 16;
		value += 2;
	}
	if (!isxdigit((unsigned char)value[0]) ||
	    (base == 10 && !isdigit((unsigned char)value[0]))) {
		return false;
	}
	errno = 0;
	parsed = strtoull(value, &end, base);
	if (errno || *end) {
		return false;
	}
	if (out) {
		*out = parsed;
	}
	return true;
}

/* Digits with an optional s, m, h or d. */
static bool is_time(const char *value)
{
	const char *p = value;
	uint64_t seconds;
	char digits[24];

	while (isdigit((unsigned char)*p)) {
		p++;
	}
	if (p == value || (size_t)(p - value) >= sizeof(digits)) {
		return false;
	}
	if (*p && (!strchr("smhd", *p) || p[1])) {
		return false;
	}
	memcpy(digits, value, p - value);
	digits[p - value] = '\0';
	return is_uint(digits, &seconds) && seconds <= UINT32_MAX;
}

/* Digits followed by '%'. */
static bool is_percent(const char *value)
{
	const char *p = value;

	while (isdigit((unsigned char)*p)) {
		p++;
	}
	return p != value && p - value <= 9 && p[0] == '%' && !p[1];
}

const char *conf_value_check(const conf_kw_t *kw, conf_type_t type,
			     const char *value, char *buf, size_t len)
{
	const char *choices = kw->choices;
	uint64_t number;
	size_t i;

	switch (kw->vtype) {
	case VT_STR:
		return NULL;
	case VT_BOOL:
		return streq(value, "yes") || streq(value, "no") ?
			NULL : "yes or no";
	case VT_ENUM:
		if (type == CONF_CA && streq(kw->name, "auto")) {
			/* a ca is either loaded or not */
			choices = "add|ignore";
		}
		return in_choices(value, choices) ?
			NULL : list_choices(choices, buf, len);
	case VT_TIME:
		return is_time(value) ? NULL : "a time like 30, 10s, 30m, 8h or 1d";
	case VT_PERCENT:
		return is_percent(value) ? NULL : "a percentage like 100%";
	case VT_UINT:
		if (is_uint(value, NULL) || in_choices(value, choices)) {
			return NULL;
		}
		if (!choices) {
			return "an unsigned number";
		}
		snprintf(buf, len, "an unsigned number or ");
		i = strlen(buf);
		list_choices(choices, buf + i, len - i);
		return buf;
	case VT_PORT:
		return is_uint(value, &number) && number >= 1 && number <= 65535 ?
			NULL : "a port number from 1 to 65535";
	case VT_DSCP:
		for (i = 0; value[i]; i++) {
			if (value[i] != '0' && value[i] != '1') {
				break;
			}
		}
		return i > 0 && i <= 6 && !value[i] ?
			NULL : "six binary digits like 101110";
	}
	return NULL;
}

/*
 * Optimal string alignment distance (Levenshtein plus swapping two
 * neighbours), case-insensitive. Words longer than 63 characters are no
 * keyword's typo and get a large distance.
 */
static int distance(const char *a, const char *b)
{
	int la = strlen(a), lb = strlen(b), d[64][64], i, j;

	if (la >= 64 || lb >= 64) {
		return 64;
	}
	for (i = 0; i <= la; i++) {
		d[i][0] = i;
	}
	for (j = 0; j <= lb; j++) {
		d[0][j] = j;
	}
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int cost = tolower((unsigned char)a[i - 1]) !=
				   tolower((unsigned char)b[j - 1]);
			int best = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < best) {
				best = d[i][j - 1] + 1;
			}
			if (d[i - 1][j - 1] + cost < best) {
				best = d[i - 1][j - 1] + cost;
			}
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best) {
				best = d[i - 2][j - 2] + 1;
			}
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Close enough to be a typo: a third of the word, at least 1, at most 3. */
static int threshold(const char *word)
{
	int limit = strlen(word) / 3;

	return limit < 1 ? 1 : limit > 3 ? 3 : limit;
}

const char *conf_hint(const char *word, const char *const *candidates,
		      int count)
{
	const char *best = NULL;
	int i, d, best_d = threshold(word) + 1;

	for (i = 0; i < count; i++) {
		d = distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

const char *conf_hint_keyword(const char *word, conf_type_t type)
{
	const char *best = NULL;
	const conf_kw_t *kw;
	unsigned int i;
	int d, best_d = threshold(word) + 1;

	for (i = 0; i < conf_kw_slots(); i++) {
		kw = conf_kw_at(i);
		if (!kw || !(kw->sections & type) || (kw->flags & KWF_OBSOLETE)) {
			continue;
		}
		d = distance(word, kw->name);
		/* ties go to the shorter, more common spelling */
		if (d < best_d || (d == best_d && best &&
				   strlen(kw->name) < strlen(best))) {
			best_d = d;
			best = kw->name;
		}
	}
	return best;
}
