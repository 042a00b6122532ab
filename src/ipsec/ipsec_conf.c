/*
 * ipsec.conf for the libreswan forms: `ipsec auto --add` and `ipsec add`
 * read the conn from the file themselves, with starter's parser, so they
 * see exactly what starter would load.
 */
#include <stdio.h>
#include <unistd.h>

#include "ipsec.h"
#include "conf.h"
#include "settings/settings.h"

const char *ipsec_conf_default(char *buf, size_t len)
{
	char settings_path[512];
	settings_t *settings = NULL;

	snprintf(buf, len, "%s/ipsec.conf", library_confdir());
	snprintf(settings_path, sizeof(settings_path), "%s/cygnet.conf", library_confdir());
	/* a broken cygnet.conf is for starter and charon to report */
	if (access(settings_path, R_OK) == 0) {
		settings = settings_create(settings_path);
	}
	if (settings) {
		const char *file = settings->get_str(settings, "starter.config_file", NULL);

		if (file && *file) {
			snprintf(buf, len, "%s", file);
		}
		settings->destroy(settings);
	}
	return buf;
}

config_t *ipsec_conf_load(const char *path)
{
	const char *msg;
	enumerator_t *e;
	config_t *config;
	char buf[512];

	if (!path) {
		path = ipsec_conf_default(buf, sizeof(buf));
	}
	config = config_parse_file(path);
	if (!config) {
		return NULL;
	}
	if (!config->get_error_count(config)) {
		return config;
	}
	e = config->create_error_enumerator(config);
	while (e->enumerate(e, &msg)) {
		fprintf(stderr, "%s\n", msg);
	}
	e->destroy(e);
	fprintf(stderr, "%s has errors, nothing was loaded\n", path);
	config->destroy(config);
	return NULL;
}

const conf_section_t *ipsec_conf_conn(config_t *config, const char *name)
{
	const conf_section_t *conn = config->get_conn(config, name);

	if (!conn) {
		fprintf(stderr, "no conn '%s' in %s\n", name, config->get_file(config));
	}
	return conn;
}
