/*
 * The process-wide library object.
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "library.h"
#include "settings/settings.h"
#include "crypto/crypto_factory.h"
#include "credentials/cred_factory.h"
#include "plugins/plugin_loader.h"
#include "processing/processor.h"
#include "processing/scheduler.h"

library_t *lib;

/* A lone library_t plus the copy of its namespace string. */
typedef struct private_library_t {
	library_t public;
	char *ns;
	/** library_init() calls not yet matched by library_deinit() */
	int refs;
} private_library_t;

static const char *env_dir(const char *name, const char *def)
{
	const char *dir = getenv(name);

	return dir && *dir ? dir : def;
}

const char *library_confdir(void)
{
	return env_dir("IPSEC_CONFDIR", CONFDIR);
}

const char *library_piddir(void)
{
	return env_dir("IPSEC_PIDDIR", PIDDIR);
}

/*
 * Creation order is settings, crypto factory, plugin loader, processor,
 * scheduler, so that the reverse order in library_deinit() stops every
 * thread and destroys every queued job (whose code may live in a plugin)
 * before the plugins are unloaded.
 */
bool library_init(const char *settings_file, const char *ns)
{
	private_library_t *this;
	char path[PATH_MAX];
	bool ok = true;

	if (lib)
	{
		/* nested users (tests, tools built on the daemon) share one */
		this = (private_library_t *)lib;
		this->refs++;
		return true;
	}
	if (!settings_file)
	{
		snprintf(path, sizeof(path), "%s/cygnet.conf", library_confdir());
		settings_file = path;
	}

	this = mem_zalloc(sizeof(*this));
	this->refs = 1;
	this->ns = str_dup(ns);
	this->public.ns = this->ns;
	lib = &this->public;

	/* loaded into empty settings rather than by settings_create(file), so
	 * that after a syntax error the settings stay usable and last_error()
	 * still tells the caller what went wrong */
	lib->settings = settings_create(NULL);
	if (access(settings_file, F_OK) != 0)
	{
		DBG1(DBG_LIB, "settings file '%s' not found, using defaults",
		     settings_file);
	}
	else if (!lib->settings->load_files(lib->settings, settings_file, false))
	{
		DBG1(DBG_LIB, "failed to load settings from '%s'", settings_file);
		ok = false;
	}
	lib->crypto = crypto_factory_create();
	lib->creds = cred_factory_create();
	lib->plugins = plugin_loader_create();
	lib->processor = processor_create();
	lib->scheduler = scheduler_create(lib->processor);
	return ok;
}

void library_deinit(void)
{
	private_library_t *this = (private_library_t *)lib;

	if (!this || --this->refs > 0)
	{
		return;
	}
	DESTROY_IF(lib->scheduler);
	DESTROY_IF(lib->processor);
	DESTROY_IF(lib->plugins);
	DESTROY_IF(lib->creds);
	DESTROY_IF(lib->crypto);
	DESTROY_IF(lib->settings);
	lib = NULL;
	free(this->ns);
	free(this);
}
