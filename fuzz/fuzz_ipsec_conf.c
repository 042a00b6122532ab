/*
 * libFuzzer target for the ipsec.conf parser (src/starter): scanner,
 * grammar, keyword and value checks, also=/%default resolution.
 *
 * A config that parses without errors is written out flattened and parsed
 * again; that must succeed and give the same sections, and a diff of the
 * two must find no change. Inputs that mention "include" are skipped so
 * the fuzzer never reads the file system.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "library.h"
#include "bus/log_bus.h"
#include "conf.h"
#include "conf_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	return 0;
}

/* Walk everything a consumer would read. */
static void inspect(config_t *config)
{
	const conf_section_t *section;
	enumerator_t *e;
	const char *msg;
	int i;

	e = config->create_error_enumerator(config);
	while (e->enumerate(e, &msg)) {
		if (strncmp(msg, "/fuzz/ipsec.conf:", 17) != 0) {
			abort();
		}
	}
	e->destroy(e);
	e = config->create_conn_enumerator(config);
	while (e->enumerate(e, &section)) {
		for (i = 0; i < section->count; i++) {
			if (conf_section_get(section, section->kvs[i].key) !=
			    section->kvs[i].value) {
				abort();
			}
		}
	}
	e->destroy(e);
}

static void check_roundtrip(config_t *config)
{
	const conf_section_t *section;
	conf_diff_t *diff;
	config_t *again;
	enumerator_t *e;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	out = open_memstream(&text, &len);
	if (!out) {
		return;
	}
	config_write(config, out);
	fclose(out);
	again = config_parse_string(text, len, "/fuzz/cache");
	if (again->get_error_count(again) ||
	    again->get_conn_count(again) != config->get_conn_count(config) ||
	    again->get_ca_count(again) != config->get_ca_count(config) ||
	    !conf_section_equals(config->get_setup(config),
				 again->get_setup(again))) {
		abort();
	}
	e = config->create_conn_enumerator(config);
	while (e->enumerate(e, &section)) {
		if (!conf_section_equals(section,
					 again->get_conn(again, section->name))) {
			abort();
		}
	}
	e->destroy(e);
	diff = conf_diff_create(config, again);
	if (diff->get_count(diff, CONF_ADDED) ||
	    diff->get_count(diff, CONF_REMOVED) ||
	    diff->get_count(diff, CONF_CHANGED) || diff->setup_changed(diff)) {
		abort();
	}
	diff->destroy(diff);
	again->destroy(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	config_t *config;

	if (size > 64 * 1024 || memmem(data, size, "include", 7)) {
		return 0;
	}
	config = config_parse_string((const char *)data, size, "/fuzz/ipsec.conf");
	inspect(config);
	if (!config->get_error_count(config)) {
		check_roundtrip(config);
	}
	config->destroy(config);
	return 0;
}
