/*
 * What starter sends for a config or a change to it. Deletions go first
 * (conns before the cas they may use), additions after (cas before conns),
 * so a changed conn is never loaded twice at once. charon closes the SAs of
 * a deleted conn (del_conn), so an SA only goes down when its conn was
 * removed or changed.
 */
#include "starter_load.h"
#include "starter_ctl.h"
#include "conf_stroke.h"

bool starter_load_wanted(const conf_section_t *section)
{
	const char *value = conf_section_get(section, "auto");

	if (!value) {
		return false;
	}
	if (section->type == CONF_CA) {
		return streq(value, "add");
	}
	return streq(value, "add") || streq(value, "route") ||
	       streq(value, "start");
}

/* One request; 1 if charon refused it or could not be asked, else 0. */
static int request(stroke_msg_t *msg, const char *what, const char *name, char **reply)
{
	int status = starter_ctl_send(msg, reply);

	if (status != 0) {
		DBG1(DBG_DMN, "%s '%s' failed (%d)", what, name, status);
		return 1;
	}
	DBG2(DBG_DMN, "%s '%s'", what, name);
	return 0;
}

/* route for auto=route, an asynchronous up for auto=start (if @p up). */
static int activate(const conf_section_t *section, bool up)
{
	const char *value = conf_section_get(section, "auto");

	if (streq(value, "route")) {
		return request(conf_stroke_route(section->name), "route", section->name, NULL);
	}
	if (streq(value, "start") && up) {
		return request(conf_stroke_up_async(section->name), "up", section->name, NULL);
	}
	return 0;
}

static int add(const conf_section_t *section)
{
	int failed;

	failed = request(conf_stroke_add(section), section->type == CONF_CA ?
			 "add_ca" : "add_conn", section->name, NULL);
	if (failed || section->type != CONF_CONN) {
		return failed;
	}
	return activate(section, true);
}

static int del(const conf_section_t *section)
{
	return request(conf_stroke_del(section->type, section->name),
		       section->type == CONF_CA ? "del_ca" : "del_conn",
		       section->name, NULL);
}

int starter_load_setup(config_t *config)
{
	return request(conf_stroke_setup(config->get_setup(config)), "setup",
		       "config setup", NULL);
}

int starter_load_all(config_t *config)
{
	const conf_section_t *section;
	enumerator_t *enumerator;
	int failed, loaded = 0;

	failed = starter_load_setup(config);
	enumerator = config->create_ca_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		if (starter_load_wanted(section)) {
			failed += add(section);
			loaded++;
		}
	}
	enumerator->destroy(enumerator);
	enumerator = config->create_conn_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		if (starter_load_wanted(section)) {
			failed += add(section);
			loaded++;
		}
	}
	enumerator->destroy(enumerator);
	DBG1(DBG_DMN, "loaded %d conns and cas from %s%s", loaded,
	     config->get_file(config), failed ? ", some requests failed" : "");
	return failed;
}

/* Deletions of @p type for removed and changed sections that were loaded. */
static int delete_old(conf_diff_t *diff, conf_type_t type)
{
	const conf_diff_entry_t *entry;
	enumerator_t *enumerator;
	int failed = 0;

	enumerator = diff->create_enumerator(diff);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->type == type && entry->old &&
		    (entry->change == CONF_REMOVED ||
		     entry->change == CONF_CHANGED) &&
		    starter_load_wanted(entry->old)) {
			failed += del(entry->old);
		}
	}
	enumerator->destroy(enumerator);
	return failed;
}

/* Additions of @p type for new and changed sections that are wanted. */
static int add_new(conf_diff_t *diff, conf_type_t type)
{
	const conf_diff_entry_t *entry;
	enumerator_t *enumerator;
	int failed = 0;

	enumerator = diff->create_enumerator(diff);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->type == type && entry->new &&
		    (entry->change == CONF_ADDED ||
		     entry->change == CONF_CHANGED) &&
		    starter_load_wanted(entry->new)) {
			failed += add(entry->new);
		}
	}
	enumerator->destroy(enumerator);
	return failed;
}

int starter_load_diff(conf_diff_t *diff)
{
	int failed;

	failed = delete_old(diff, CONF_CONN);
	failed += delete_old(diff, CONF_CA);
	failed += add_new(diff, CONF_CA);
	failed += add_new(diff, CONF_CONN);
	DBG1(DBG_DMN, "update: %d added, %d removed, %d changed, %d unchanged%s",
	     diff->get_count(diff, CONF_ADDED), diff->get_count(diff, CONF_REMOVED),
	     diff->get_count(diff, CONF_CHANGED),
	     diff->get_count(diff, CONF_UNCHANGED),
	     failed ? ", some requests failed" : "");
	return failed;
}

/*
 * An unchanged section on reload: sent again, so whatever charon lost (a
 * conn deleted by hand, a trap removed) comes back. charon keeps the loaded
 * object of an identical conn ("unchanged") and with it the conn's SAs;
 * only a conn it did not have any more is brought up again.
 */
static int resend(const conf_section_t *section)
{
	char *reply = NULL;
	bool readded;
	int failed;

	failed = request(conf_stroke_add(section), section->type == CONF_CA ?
			 "add_ca" : "add_conn", section->name, &reply);
	readded = reply && strncmp(reply, "added ", 6) == 0;
	free(reply);
	if (failed || section->type != CONF_CONN) {
		return failed;
	}
	return activate(section, readded);
}

static int resend_unchanged(conf_diff_t *diff, conf_type_t type)
{
	const conf_diff_entry_t *entry;
	enumerator_t *enumerator;
	int failed = 0;

	enumerator = diff->create_enumerator(diff);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->type == type && entry->change == CONF_UNCHANGED &&
		    starter_load_wanted(entry->new)) {
			failed += resend(entry->new);
		}
	}
	enumerator->destroy(enumerator);
	return failed;
}

int starter_load_reload(conf_diff_t *diff)
{
	int failed;

	failed = delete_old(diff, CONF_CONN);
	failed += delete_old(diff, CONF_CA);
	failed += add_new(diff, CONF_CA);
	failed += resend_unchanged(diff, CONF_CA);
	failed += add_new(diff, CONF_CONN);
	failed += resend_unchanged(diff, CONF_CONN);
	DBG1(DBG_DMN, "reload: %d added, %d removed, %d changed, %d unchanged%s",
	     diff->get_count(diff, CONF_ADDED), diff->get_count(diff, CONF_REMOVED),
	     diff->get_count(diff, CONF_CHANGED),
	     diff->get_count(diff, CONF_UNCHANGED),
	     failed ? ", some requests failed" : "");
	return failed;
}
