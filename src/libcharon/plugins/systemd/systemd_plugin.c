/*
 * The systemd plugin wires the "systemd" feature to the notifications
 * (systemd_notify.c) and the journal logger (systemd_journal.c).
 */
#include "systemd_plugin.h"
#include "systemd_journal.h"
#include "systemd_notify.h"

#define JOURNAL_SECTION "charon.journal"

typedef struct private_plugin_t {
	plugin_t public;
	systemd_journal_t *journal;
} private_plugin_t;

static void journal_stop(private_plugin_t *this)
{
	if (this->journal) {
		log_bus_remove_logger(&this->journal->logger);
		this->journal->logger.destroy(&this->journal->logger);
		this->journal = NULL;
	}
}

static bool systemd_feature(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	private_plugin_t *this = (private_plugin_t *)plugin;

	if (!loading) {
		systemd_notify_stopping();
		journal_stop(this);
		return true;
	}
	if (systemd_journal_wanted(JOURNAL_SECTION)) {
		this->journal = systemd_journal_create(JOURNAL_SECTION);
		log_bus_add_logger(&this->journal->logger);
	}
	systemd_notify_ready_when_running();
	return true;
}

/* no soft dependencies: the journal should see the other plugins load, and
 * READY=1 waits for the worker threads anyway (systemd_notify.h) */
static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "systemd"),
	  .callback = systemd_feature },
};

static const char *get_name(plugin_t *this)
{
	return "systemd";
}

static int get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static bool reload(plugin_t *public)
{
	private_plugin_t *this = (private_plugin_t *)public;

	if (this->journal) {
		this->journal->reload(this->journal, JOURNAL_SECTION);
	}
	return true;
}

static void destroy(plugin_t *public)
{
	private_plugin_t *this = (private_plugin_t *)public;

	journal_stop(this);
	free(this);
}

plugin_t *systemd_plugin_create(void)
{
	private_plugin_t *this = mem_zalloc(sizeof(*this));

	this->public = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.reload = reload,
		.destroy = destroy,
	};
	return &this->public;
}
