/**
 * @file conf_diff.h
 * What changed between two parsed configs (for `ipsec update`).
 *
 * A conn or ca is changed if any of its flattened values differs (where a
 * value was set does not matter).
 */
#ifndef CYGNET_STARTER_CONF_DIFF_H
#define CYGNET_STARTER_CONF_DIFF_H

#include <stdio.h>

#include "conf.h"

typedef enum conf_change_t {
	CONF_UNCHANGED,
	CONF_ADDED,
	CONF_REMOVED,
	CONF_CHANGED,
} conf_change_t;

/** One conn or ca and what happened to it. */
typedef struct conf_diff_entry_t {
	conf_change_t change;
	/** CONF_CONN or CONF_CA */
	conf_type_t type;
	const char *name;
	/** the section in the old config, NULL if added */
	const conf_section_t *old;
	/** the section in the new config, NULL if removed */
	const conf_section_t *new;
} conf_diff_entry_t;

typedef struct conf_diff_t conf_diff_t;

struct conf_diff_t {
	/**
	 * Every ca, then every conn: first those removed (in the old order),
	 * then those of the new config in its order.
	 * enumerate(e, const conf_diff_entry_t **entry).
	 */
	enumerator_t *(*create_enumerator)(conf_diff_t *this);
	/** Number of conns and cas with @p change. */
	int (*get_count)(conf_diff_t *this, conf_change_t change);
	/** True if config setup differs. */
	bool (*setup_changed)(conf_diff_t *this);
	/** A report for people: one line per change, then a summary line. */
	void (*print)(conf_diff_t *this, FILE *out);
	void (*destroy)(conf_diff_t *this);
};

/**
 * Compare @p old with @p new. Both must stay alive as long as the diff;
 * its entries point into them.
 */
conf_diff_t *conf_diff_create(config_t *old, config_t *new);

#endif
