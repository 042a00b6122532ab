/*
 * charon: the IKEv2 daemon. This file only brings the process up and down:
 * options, settings, logging, the pid file, plugin loading and signals.
 * What charon can do comes from the plugins `charon.load` names.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "library.h"
#include "daemon.h"
#include "bus/log_bus.h"
#include "plugins/plugin_loader.h"
#include "plugins/plugin_list.h"
#include "processing/processor.h"
#include "settings/settings.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: charon [options]\n"
		"  --list-plugins    load the configured plugins, print what they provide, exit\n"
		"  --debug-SUBSYS N  log level N for subsystem SUBSYS (dmn, ike, …, any) on stderr\n"
		"  --version         print the version and exit\n"
		"  --help            this text\n");
}

/* Path of charon.pid below the pid directory. */
static void pid_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/charon.pid", library_piddir());
}

/* Refuse to start twice: a pid file naming a live process means charon runs. */
static bool already_running(const char *path)
{
	FILE *file = fopen(path, "r");
	int pid = 0;

	if (!file) {
		return false;
	}
	if (fscanf(file, "%d", &pid) != 1) {
		pid = 0;
	}
	fclose(file);
	return pid > 0 && pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM);
}

static bool write_pid_file(const char *path)
{
	FILE *file;

	mkdir(library_piddir(), 0755);
	file = fopen(path, "w");
	if (!file) {
		DBG0(DBG_DMN, "cannot write pid file %s: %s", path, strerror(errno));
		return false;
	}
	fprintf(file, "%d\n", getpid());
	fclose(file);
	return true;
}

/* Levels given with --debug-SUBSYS on the command line, for a stderr logger. */
typedef struct {
	level_t levels[DBG_MAX];
	bool any;
} cmdline_levels_t;

static bool parse_debug_option(cmdline_levels_t *cl, const char *name, const char *value)
{
	debug_t group = debug_from_name(name);
	char *end;
	long level = strtol(value, &end, 10);

	if (*end || level < LEVEL_SILENT || level > LEVEL_PRIVATE) {
		fprintf(stderr, "charon: invalid log level '%s' for --debug-%s\n", value, name);
		return false;
	}
	if (group == DBG_MAX && !streq(name, "any")) {
		fprintf(stderr, "charon: unknown subsystem '%s' in --debug-%s\n", name, name);
		return false;
	}
	for (int i = 0; i < DBG_MAX; i++) {
		if (group == DBG_MAX || (debug_t)i == group) {
			cl->levels[i] = (level_t)level;
		}
	}
	cl->any = true;
	return true;
}

static logger_t *cmdline_logger(cmdline_levels_t *cl)
{
	logger_t *logger;

	if (!cl->any) {
		return NULL;
	}
	logger = file_logger_create("stderr", NULL, true, true);
	for (int i = 0; i < DBG_MAX; i++) {
		file_logger_set_level(logger, (debug_t)i, cl->levels[i]);
	}
	log_bus_add_logger(logger);
	return logger;
}

/* Wait for a termination signal; SIGHUP reloads plugin configuration. */
static void run(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0) {
			continue;
		}
		if (sig == SIGHUP) {
			DBG1(DBG_DMN, "signal of type SIGHUP received, reloading settings");
			char path[512];

			snprintf(path, sizeof(path), "%s/cygnet.conf", library_confdir());
			if (!lib->settings->load_files(lib->settings, path, false)) {
				DBG0(DBG_DMN, "keeping the previous settings");
			}
			log_bus_configure("charon");
			continue;
		}
		DBG1(DBG_DMN, "signal of type %s received, shutting down",
		     sig == SIGINT ? "SIGINT" : "SIGTERM");
		return;
	}
}

int main(int argc, char *argv[])
{
	cmdline_levels_t cl = { .any = false };
	bool list_plugins = false;
	logger_t *stderr_logger;
	char pidfile[512];
	sigset_t set;
	int status = 0;

	for (int i = 0; i < DBG_MAX; i++) {
		cl.levels[i] = LEVEL_AUDIT;
	}
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (streq(arg, "--help") || streq(arg, "-h")) {
			usage(stdout);
			return 0;
		} else if (streq(arg, "--version")) {
			printf("cygnet charon %s\n", IPSEC_VERSION);
			return 0;
		} else if (streq(arg, "--list-plugins")) {
			list_plugins = true;
		} else if (strncmp(arg, "--debug-", 8) == 0 && i + 1 < argc) {
			if (!parse_debug_option(&cl, arg + 8, argv[++i])) {
				return 1;
			}
		} else if (streq(arg, "--use-syslog") || streq(arg, "--nofork")) {
			/* accepted for strongSwan compatibility; logging follows cygnet.conf */
		} else {
			fprintf(stderr, "charon: unknown option '%s'\n", arg);
			usage(stderr);
			return 1;
		}
	}

	/* Signals are handled synchronously by the main thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!library_init(NULL, "charon")) {
		DBG0(DBG_DMN, "%s", lib->settings->last_error(lib->settings) ?: "invalid cygnet.conf");
		library_deinit();
		return 1;
	}
	if (list_plugins) {
		log_bus_set_fallback_level(LEVEL_SILENT);
	}
	stderr_logger = cmdline_logger(&cl);
	pid_path(pidfile, sizeof(pidfile));
	/* checked before the configured loggers take over, so it reaches stderr */
	if (!list_plugins && already_running(pidfile)) {
		DBG0(DBG_DMN, "charon already running (%s exists)", pidfile);
		status = 1;
		goto out;
	}
	if (!list_plugins) {
		log_bus_configure("charon");
	}
	DBG1(DBG_DMN, "Starting IKE charon daemon (cygnet %s)", IPSEC_VERSION);
	if (!libcharon_init() ||
	    !charon_initialize(lib->settings->get_str(lib->settings, "charon.load",
						      DEFAULT_PLUGINS))) {
		DBG0(DBG_DMN, "initialization failed, giving up");
		status = 1;
		goto out;
	}
	if (list_plugins) {
		plugin_list_print(stdout);
		goto out;
	}
	if (!write_pid_file(pidfile)) {
		status = 1;
		goto out;
	}
	lib->processor->set_threads(lib->processor,
		lib->settings->get_int(lib->settings, "charon.threads", 8));
	DBG1(DBG_DMN, "charon started, %d worker threads",
	     lib->settings->get_int(lib->settings, "charon.threads", 8));
	run();
	unlink(pidfile);
out:
	libcharon_deinit();
	lib->plugins->unload(lib->plugins);
	log_bus_deconfigure();
	if (stderr_logger) {
		log_bus_remove_logger(stderr_logger);
		stderr_logger->destroy(stderr_logger);
	}
	library_deinit();
	return status;
}
