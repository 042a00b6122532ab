/*
 * The command table of `ipsec`, the environment it gives the programs it
 * runs, and those programs: strongSwan's commands, libreswan's `auto`,
 * `add` and `ondemand`, and any other executable in $IPSEC_DIR.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipsec.h"

/* PATH for the programs ipsec runs when the caller has none. */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

const char *ipsec_dir(void)
{
	const char *dir = getenv("IPSEC_DIR");

	return dir && *dir ? dir : IPSECDIR;
}

const char *ipsec_pid_path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", library_piddir(), name);
	return buf;
}

int ipsec_running_pid(const char *name)
{
	char path[512];
	FILE *file;
	int pid = 0;

	file = fopen(ipsec_pid_path(name, path, sizeof(path)), "r");
	if (!file) {
		return 0;
	}
	if (fscanf(file, "%d", &pid) != 1 || pid <= 0) {
		pid = 0;
	}
	fclose(file);
	if (pid && kill(pid, 0) != 0 && errno == ESRCH) {
		pid = 0;
	}
	return pid;
}

int ipsec_run_program(const char *name, char *argv[])
{
	char path[512];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/%s", ipsec_dir(), name);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "ipsec: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		argv[0] = (char *)name;
		execv(path, argv);
		fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return 127;
		}
	}
	if (WIFEXITED(status)) {
		return WEXITSTATUS(status);
	}
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The environment ipsec(8) promises to the commands it runs; what the
 * caller set for the directories wins, like the strongSwan script. */
static void export_environment(void)
{
	const char *path = getenv("PATH");
	char buf[4096];
	struct utsname uts;

	setenv("IPSEC_DIR", ipsec_dir(), 1);
	setenv("IPSEC_SBINDIR", SBINDIR, 0);
	setenv("IPSEC_BINDIR", BINDIR, 0);
	setenv("IPSEC_CONFDIR", library_confdir(), 1);
	setenv("IPSEC_PIDDIR", library_piddir(), 1);
	setenv("IPSEC_SCRIPT", "ipsec", 1);
	setenv("IPSEC_NAME", IPSEC_NAME, 1);
	snprintf(buf, sizeof(buf), "U%s/K%s", IPSEC_VERSION,
		 uname(&uts) == 0 ? uts.release : "unknown");
	setenv("IPSEC_VERSION", buf, 1);
	setenv("IPSEC_STARTER_PID", ipsec_pid_path("starter.charon.pid", buf, sizeof(buf)), 1);
	setenv("IPSEC_CHARON_PID", ipsec_pid_path("charon.pid", buf, sizeof(buf)), 1);
	/* programs run by ipsec find `ipsec` itself first */
	if (!path || !*path) {
		path = DEFAULT_PATH;
	}
	if (strncmp(path, SBINDIR ":", strlen(SBINDIR) + 1) != 0) {
		snprintf(buf, sizeof(buf), "%s:%s", SBINDIR, path);
		setenv("PATH", buf, 1);
	}
}

static int cmd_help(int argc, char *argv[]);

typedef struct {
	const char *name;
	ipsec_command_fn_t run;
	/* arguments and description for --help, NULL: not listed */
	const char *help;
} command_t;

static const command_t commands[] = {
	{ "start", cmd_start, "[starter options]: start starter and charon" },
	{ "stop", cmd_stop, "stop charon, closing every connection, and starter" },
	{ "restart", cmd_restart, "stop, wait 2 seconds, start" },
	{ "update", cmd_update, "[--dry-run]: apply what changed in ipsec.conf" },
	{ "reload", cmd_reload, "reload every conn of ipsec.conf" },
	{ "up", cmd_stroke, "NAME: bring a conn up; fails unless it is established" },
	{ "down", cmd_stroke, "NAME|NAME{n}|NAME{*}|NAME[n]|NAME[*]: close SAs" },
	{ "down-srcip", cmd_stroke, "START [END]: close IKE_SAs with virtual IPs in range" },
	{ "route", cmd_stroke, "NAME: install trap policies" },
	{ "unroute", cmd_stroke, "NAME: remove trap policies" },
	{ "status", cmd_stroke, "[NAME] [--json]: conns and SAs, concise" },
	{ "statusall", cmd_stroke, "[NAME] [--json]: conns and SAs, detailed" },
	{ "leases", cmd_stroke, "[POOL [ADDRESS]]: virtual IP pools" },
	{ "listplugins", cmd_listplugins, "[--json]: loaded plugins and their features" },
	{ "auto", cmd_auto, "[--showonly] [--config FILE] --add|--up|… [NAME]: libreswan" },
	{ "add", cmd_add, "NAME…|--autoall|--checkconfig [options]: load conns" },
	{ "ondemand", cmd_ondemand, "NAME… [options]: load conns and route them" },
	{ "--help", cmd_help, "this text" },
	{ "--version", cmd_version, "version of userland and kernel" },
	{ "version", cmd_version, NULL },
	{ "--versioncode", cmd_versioncode, "U<userland>/K<kernel>" },
	{ "--copyright", cmd_copyright, "copyright information" },
	{ "--directory", cmd_directory, "directory of the ipsec programs" },
	{ "--confdir", cmd_confdir, "configuration directory" },
	{ "--piddir", cmd_piddir, "directory of pid files and the control socket" },
};

static int cmd_help(int argc, char *argv[])
{
	printf("Usage: ipsec <command> [arguments] [options]\n\nCommands:\n");
	for (size_t i = 0; i < countof(commands); i++) {
		if (commands[i].help) {
			printf("  %-14s %s\n", commands[i].name, commands[i].help);
		}
	}
	printf("  %-14s %s\n", "list…", "[--utc] [--json]: listalgs listpubkeys listcerts "
	       "listcacerts listaacerts");
	printf("  %-14s %s\n", "", "listocspcerts listacerts listgroups listcainfos listcrls "
	       "listocsp");
	printf("  %-14s %s\n", "", "listcounters [NAME] listall checkpubkeys");
	printf("  %-14s %s\n", "reread…", "rereadsecrets rereadcacerts rereadaacerts "
	       "rereadocspcerts");
	printf("  %-14s %s\n", "", "rereadacerts rereadcrls rereadall");
	printf("  %-14s %s\n", "purge…", "purgecerts purgecrls purgeike purgeocsp");
	printf("  %-14s %s\n", "resetcounters", "[NAME]: reset IKE counters");
	printf("\nAny other executable in %s runs with the IPSEC_* environment.\n"
	       "Exit status: 0 success, 1 failure, 2 usage, 7 charon not running.\n"
	       "See ipsec(8).\n", ipsec_dir());
	return 0;
}

/* Programs in $IPSEC_DIR (stroke, _updown, …) run as `ipsec NAME`. */
static int run_external(int argc, char *argv[])
{
	const char *name = argv[0];
	struct stat st;
	char path[512];

	if (!strchr(name, '/') && name[0] != '.' &&
	    (size_t)snprintf(path, sizeof(path), "%s/%s", ipsec_dir(), name) < sizeof(path) &&
	    stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
		fflush(stdout);
		execv(path, argv);
		fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
		return 126;
	}
	if (name[0] == '-') {
		fprintf(stderr, "ipsec: unknown option '%s' (see 'ipsec --help')\n", name);
	} else {
		fprintf(stderr, "ipsec: unknown command '%s' (see 'ipsec --help')\n", name);
	}
	return IPSEC_EXIT_USAGE;
}

int ipsec_main(int argc, char *argv[])
{
	if (argc < 2) {
		cmd_help(argc, argv);
		return IPSEC_EXIT_USAGE;
	}
	export_environment();
	for (size_t i = 0; i < countof(commands); i++) {
		if (streq(argv[1], commands[i].name)) {
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	if (ipsec_is_stroke_command(argv[1])) {
		return cmd_stroke(argc - 1, argv + 1);
	}
	return run_external(argc - 1, argv + 1);
}
