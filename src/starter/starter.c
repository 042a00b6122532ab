/*
 * starter: reads ipsec.conf, starts and supervises charon and loads the
 * conns into it. This file handles the command line and the modes that
 * only look at the config (--checkconfig, --dry-run-update); the daemon
 * itself is starter_daemon.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "library.h"
#include "settings/settings.h"
#include "bus/log_bus.h"
#include "conf.h"
#include "conf_diff.h"
#include "starter_cache.h"
#include "starter_daemon.h"
#include "starter_log.h"
#include "starter_pid.h"

typedef struct {
	const char *conf;
	const char *daemon;
	bool nofork;
	bool nolog;
	bool checkconfig;
	bool verbose;
	bool dry_run;
	level_t level;
} options_t;

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: starter [options]\n"
		"  --conf FILE           ipsec.conf to use\n"
		"  --nofork              stay in the foreground, log to stderr too\n"
		"  --debug               more detailed logging (--debug-more, --debug-all)\n"
		"  --nolog               log nothing\n"
		"  --checkconfig         parse the config, print its errors, exit 1 if any\n"
		"  --verbose             with --checkconfig: print a summary\n"
		"  --dry-run-update      print what `ipsec update` would change\n"
		"  --auto-update SECS    accepted for compatibility, ignored\n"
		"  --daemon NAME         name of the IKE daemon in $IPSEC_DIR (charon)\n"
		"  --version, --help\n");
}

/* 0 to go on, else the exit status + 1. */
static int parse_options(int argc, char *argv[], options_t *opts)
{
	enum {
		OPT_NOFORK = 256, OPT_AUTO_UPDATE, OPT_ATTACH_GDB, OPT_CONF,
		OPT_DEBUG, OPT_DEBUG_MORE, OPT_DEBUG_ALL, OPT_NOLOG,
		OPT_CHECKCONFIG, OPT_VERBOSE, OPT_DRY_RUN, OPT_DAEMON,
		OPT_HELP, OPT_VERSION,
	};
	static const struct option long_opts[] = {
		{ "nofork", no_argument, NULL, OPT_NOFORK },
		{ "auto-update", required_argument, NULL, OPT_AUTO_UPDATE },
		{ "attach-gdb", no_argument, NULL, OPT_ATTACH_GDB },
		{ "conf", required_argument, NULL, OPT_CONF },
		{ "debug", no_argument, NULL, OPT_DEBUG },
		{ "debug-more", no_argument, NULL, OPT_DEBUG_MORE },
		{ "debug-all", no_argument, NULL, OPT_DEBUG_ALL },
		{ "nolog", no_argument, NULL, OPT_NOLOG },
		{ "checkconfig", no_argument, NULL, OPT_CHECKCONFIG },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "dry-run-update", no_argument, NULL, OPT_DRY_RUN },
		{ "daemon", required_argument, NULL, OPT_DAEMON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_NOFORK:
			opts->nofork = true;
			break;
		case OPT_AUTO_UPDATE:
			strtol(optarg, &end, 10);
			if (!*optarg || *end) {
				fprintf(stderr, "starter: invalid --auto-update "
					"'%s'\n", optarg);
				return 2;
			}
			break;
		case OPT_ATTACH_GDB:
			fprintf(stderr, "starter: --attach-gdb is not supported\n");
			return 2;
		case OPT_CONF:
			opts->conf = optarg;
			break;
		case OPT_DEBUG:
			opts->level = LEVEL_CTRL;
			break;
		case OPT_DEBUG_MORE:
			opts->level = LEVEL_RAW;
			break;
		case OPT_DEBUG_ALL:
			opts->level = LEVEL_PRIVATE;
			break;
		case OPT_NOLOG:
			opts->nolog = true;
			break;
		case OPT_CHECKCONFIG:
			opts->checkconfig = true;
			break;
		case OPT_VERBOSE:
			opts->verbose = true;
			break;
		case OPT_DRY_RUN:
			opts->dry_run = true;
			break;
		case OPT_DAEMON:
			if (!*optarg || strchr(optarg, '/')) {
				fprintf(stderr, "starter: invalid --daemon '%s'\n",
					optarg);
				return 2;
			}
			opts->daemon = optarg;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("cygnet starter %s\n", IPSEC_VERSION);
			return 1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "starter: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return 0;
}

static void print_messages(config_t *config, bool errors, FILE *out)
{
	enumerator_t *enumerator;
	const char *msg;

	enumerator = errors ? config->create_error_enumerator(config)
			    : config->create_warning_enumerator(config);
	while (enumerator->enumerate(enumerator, &msg)) {
		fprintf(out, "%s\n", msg);
	}
	enumerator->destroy(enumerator);
}

static void print_summary(config_t *config)
{
	const conf_section_t *section;
	enumerator_t *enumerator;
	const char *value;

	printf("%s: %d conns, %d cas, %d errors\n", config->get_file(config),
	       config->get_conn_count(config), config->get_ca_count(config),
	       config->get_error_count(config));
	enumerator = config->create_conn_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		value = conf_section_get(section, "auto");
		printf("  conn %s (auto=%s, %d settings) %s:%d\n", section->name,
		       value ? value : "ignore", section->count, section->file,
		       section->line);
	}
	enumerator->destroy(enumerator);
	enumerator = config->create_ca_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		value = conf_section_get(section, "auto");
		printf("  ca %s (auto=%s, %d settings) %s:%d\n", section->name,
		       value ? value : "ignore", section->count, section->file,
		       section->line);
	}
	enumerator->destroy(enumerator);
}

static int checkconfig(const options_t *opts)
{
	config_t *config = config_parse_file(opts->conf);
	int errors = config->get_error_count(config);

	print_messages(config, true, stderr);
	if (opts->verbose) {
		print_messages(config, false, stderr);
		print_summary(config);
	}
	config->destroy(config);
	return errors ? 1 : 0;
}

static int dry_run(const options_t *opts)
{
	config_t *config, *loaded;
	conf_diff_t *diff;
	char path[512];

	config = config_parse_file(opts->conf);
	if (config->get_error_count(config)) {
		print_messages(config, true, stderr);
		fprintf(stderr, "%s has errors, an update would change nothing\n",
			opts->conf);
		config->destroy(config);
		return 1;
	}
	loaded = starter_cache_load();
	if (!loaded) {
		fprintf(stderr, "no configuration loaded by a running starter "
			"(%s: %s)\n", starter_cache_path(path, sizeof(path)),
			strerror(errno));
		config->destroy(config);
		return 1;
	}
	diff = conf_diff_create(loaded, config);
	diff->print(diff, stdout);
	diff->destroy(diff);
	loaded->destroy(loaded);
	config->destroy(config);
	return 0;
}

static void log_messages(config_t *config)
{
	enumerator_t *enumerator;
	const char *msg;

	enumerator = config->create_warning_enumerator(config);
	while (enumerator->enumerate(enumerator, &msg)) {
		DBG1(DBG_CFG, "%s", msg);
	}
	enumerator->destroy(enumerator);
	enumerator = config->create_error_enumerator(config);
	while (enumerator->enumerate(enumerator, &msg)) {
		DBG0(DBG_CFG, "%s", msg);
	}
	enumerator->destroy(enumerator);
}

/* The daemon: refuse to run twice, parse the config, run. */
static int run(const options_t *opts)
{
	starter_opts_t daemon = {
		.conf = opts->conf,
		.nofork = opts->nofork,
	};
	char pid_path[512], charon[512];
	const char *dir = getenv("IPSEC_DIR");
	config_t *config;
	pid_t other;
	int fd;

	snprintf(charon, sizeof(charon), "%s/%s", dir && *dir ? dir : IPSECDIR,
		 opts->daemon);
	daemon.charon = charon;
	daemon.ready_timeout = lib->settings->get_int(lib->settings,
				"starter.ready_timeout", 10);
	if (daemon.ready_timeout < 1) {
		daemon.ready_timeout = 1;
	}
	starter_run_path("starter.charon.pid", pid_path, sizeof(pid_path));
	fd = starter_pid_lock(pid_path, &other);
	if (fd < 0) {
		if (other) {
			DBG0(DBG_DMN, "starter is already running (pid %d, %s)",
			     (int)other, pid_path);
		}
		return 1;
	}
	config = config_parse_file(opts->conf);
	log_messages(config);
	if (config->get_error_count(config)) {
		DBG0(DBG_CFG, "%s has errors, starter not started", opts->conf);
		config->destroy(config);
		starter_pid_release(pid_path, fd);
		return 1;
	}
	return starter_daemon_run(config, fd, &daemon);
}

int main(int argc, char *argv[])
{
	options_t opts = {
		.daemon = "charon",
		.level = LEVEL_AUDIT,
	};
	char conf[PATH_MAX], def[PATH_MAX];
	int status;

	status = parse_options(argc, argv, &opts);
	if (status) {
		return status - 1;
	}
	if (opts.checkconfig || opts.dry_run) {
		/* only the config's own messages belong on the terminal */
		log_bus_set_fallback_level(LEVEL_BASIC);
	} else {
		starter_daemon_block_signals();
	}
	if (!library_init(NULL, "starter")) {
		DBG0(DBG_DMN, "%s", lib->settings->last_error(lib->settings) ?:
		     "invalid cygnet.conf");
		library_deinit();
		return 1;
	}
	if (!opts.conf) {
		/* copied: the daemon re-initialises the library after fork() */
		snprintf(def, sizeof(def), "%s/ipsec.conf", library_confdir());
		snprintf(conf, sizeof(conf), "%s", lib->settings->get_str(
			 lib->settings, "starter.config_file", def));
		opts.conf = conf;
	}
	if (opts.checkconfig) {
		status = checkconfig(&opts);
	} else if (opts.dry_run) {
		status = dry_run(&opts);
	} else {
		starter_log_init(true, opts.nolog, opts.level);
		status = run(&opts);
		starter_log_deinit();
	}
	library_deinit();
	return status;
}
