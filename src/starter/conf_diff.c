/*
 * Compares two parsed configs section by section.
 */
#include <stdio.h>

#include "conf_diff.h"
#include "collections/linked_list.h"

typedef struct private_conf_diff_t {
	conf_diff_t public;
	/* conf_diff_entry_t */
	linked_list_t *entries;
	int counts[4];
	bool setup_changed;
} private_conf_diff_t;

static void add_entry(private_conf_diff_t *this, conf_change_t change,
		      conf_type_t type, const conf_section_t *old,
		      const conf_section_t *new)
{
	conf_diff_entry_t *entry = mem_zalloc(sizeof(*entry));

	*entry = (conf_diff_entry_t){
		.change = change,
		.type = type,
		.name = new ? new->name : old->name,
		.old = old,
		.new = new,
	};
	this->entries->insert_last(this->entries, entry);
	this->counts[change]++;
}

/* One section type: removed ones in the old order, then the new ones. */
static void compare(private_conf_diff_t *this, conf_type_t type,
		    config_t *old, config_t *new)
{
	const conf_section_t *section, *other;
	enumerator_t *enumerator;
	bool conns = type == CONF_CONN;

	enumerator = conns ? old->create_conn_enumerator(old)
			   : old->create_ca_enumerator(old);
	while (enumerator->enumerate(enumerator, &section)) {
		other = conns ? new->get_conn(new, section->name)
			      : new->get_ca(new, section->name);
		if (!other) {
			add_entry(this, CONF_REMOVED, type, section, NULL);
		}
	}
	enumerator->destroy(enumerator);

	enumerator = conns ? new->create_conn_enumerator(new)
			   : new->create_ca_enumerator(new);
	while (enumerator->enumerate(enumerator, &section)) {
		other = conns ? old->get_conn(old, section->name)
			      : old->get_ca(old, section->name);
		if (!other) {
			add_entry(this, CONF_ADDED, type, NULL, section);
		} else if (conf_section_equals(other, section)) {
			add_entry(this, CONF_UNCHANGED, type, other, section);
		} else {
			add_entry(this, CONF_CHANGED, type, other, section);
		}
	}
	enumerator->destroy(enumerator);
}

static enumerator_t *create_enumerator(conf_diff_t *public)
{
	private_conf_diff_t *this = (private_conf_diff_t *)public;

	return this->entries->create_enumerator(this->entries);
}

static int get_count(conf_diff_t *public, conf_change_t change)
{
	private_conf_diff_t *this = (private_conf_diff_t *)public;

	return change <= CONF_CHANGED ? this->counts[change] : 0;
}

static bool setup_changed(conf_diff_t *public)
{
	private_conf_diff_t *this = (private_conf_diff_t *)public;

	return this->setup_changed;
}

static void print_value(FILE *out, const char *value)
{
	if (value) {
		fprintf(out, "'%s'", value);
	} else {
		fprintf(out, "(unset)");
	}
}

/* Every key whose value differs, one per line; both are sorted by key. */
static void print_changes(FILE *out, const conf_section_t *old,
			  const conf_section_t *new)
{
	int i = 0, j = 0, cmp;

	while (i < old->count || j < new->count) {
		if (i == old->count) {
			cmp = 1;
		} else if (j == new->count) {
			cmp = -1;
		} else {
			cmp = strcmp(old->kvs[i].key, new->kvs[j].key);
		}
		if (cmp < 0) {
			fprintf(out, "    %s: ", old->kvs[i].key);
			print_value(out, old->kvs[i].value);
			fprintf(out, " -> (unset)\n");
			i++;
		} else if (cmp > 0) {
			fprintf(out, "    %s: (unset) -> ", new->kvs[j].key);
			print_value(out, new->kvs[j].value);
			fprintf(out, "\n");
			j++;
		} else {
			if (!streq(old->kvs[i].value, new->kvs[j].value)) {
				fprintf(out, "    %s: ", old->kvs[i].key);
				print_value(out, old->kvs[i].value);
				fprintf(out, " -> ");
				print_value(out, new->kvs[j].value);
				fprintf(out, "\n");
			}
			i++;
			j++;
		}
	}
}

static void print(conf_diff_t *public, FILE *out)
{
	private_conf_diff_t *this = (private_conf_diff_t *)public;
	static const char *const verbs[] = {
		[CONF_ADDED] = "added",
		[CONF_REMOVED] = "removed",
		[CONF_CHANGED] = "changed",
	};
	conf_diff_entry_t *entry;
	enumerator_t *enumerator;
	char what[300];

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->change == CONF_UNCHANGED) {
			continue;
		}
		fprintf(out, "%s %s\n", verbs[entry->change],
			conf_section_describe(entry->type, entry->name, what,
					      sizeof(what)));
		if (entry->change == CONF_CHANGED) {
			print_changes(out, entry->old, entry->new);
		}
	}
	enumerator->destroy(enumerator);
	if (this->setup_changed) {
		fprintf(out, "changed config setup (takes effect on restart)\n");
	}
	fprintf(out, "%d added, %d removed, %d changed, %d unchanged\n",
		this->counts[CONF_ADDED], this->counts[CONF_REMOVED],
		this->counts[CONF_CHANGED], this->counts[CONF_UNCHANGED]);
}

static void destroy(conf_diff_t *public)
{
	private_conf_diff_t *this = (private_conf_diff_t *)public;

	this->entries->destroy_function(this->entries, free);
	free(this);
}

conf_diff_t *conf_diff_create(config_t *old, config_t *new)
{
	private_conf_diff_t *this = mem_zalloc(sizeof(*this));

	this->public = (conf_diff_t){
		.create_enumerator = create_enumerator,
		.get_count = get_count,
		.setup_changed = setup_changed,
		.print = print,
		.destroy = destroy,
	};
	this->entries = linked_list_create();
	compare(this, CONF_CA, old, new);
	compare(this, CONF_CONN, old, new);
	this->setup_changed = !conf_section_equals(old->get_setup(old),
						   new->get_setup(new));
	return &this->public;
}
