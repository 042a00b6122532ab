/*
 * ipsec: the front end users and scripts drive cygnet with. It speaks
 * strongSwan's `ipsec <command>` set; the table below maps each command to
 * the function that runs it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ipsec.h"

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

/* The environment ipsec(8) promises to the commands it runs. */
static void export_environment(void)
{
	char buf[512];
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
}

static int cmd_help(int argc, char *argv[]);

typedef struct {
	const char *name;
	ipsec_command_fn_t run;
	const char *help;
} command_t;

static const command_t commands[] = {
	{ "start", cmd_start, "start starter and charon (starter options may follow)" },
	{ "stop", cmd_stop, "stop starter and charon, closing every connection" },
	{ "restart", cmd_restart, "stop, wait 2 seconds, start" },
	{ "update", cmd_update, "apply the changes in ipsec.conf (SIGHUP to starter)" },
	{ "reload", cmd_reload, "reload every connection of ipsec.conf (SIGUSR1 to starter)" },
	{ "up", cmd_stroke, "<name>: bring a connection up, exit 0 once it is established" },
	{ "down", cmd_stroke, "<name>|<name>{n}|<name>[n]|{*}|[*]: take SAs down" },
	{ "route", cmd_stroke, "<name>: install trap policies" },
	{ "unroute", cmd_stroke, "<name>: remove trap policies" },
	{ "status", cmd_stroke, "[name] [--json]: connections and SAs, concise" },
	{ "statusall", cmd_stroke, "[name] [--json]: connections and SAs, detailed" },
	{ "listplugins", cmd_listplugins, "loaded plugins and their features" },
	{ "--help", cmd_help, "this text" },
	{ "--version", cmd_version, "version of userland and kernel" },
	{ "--versioncode", cmd_versioncode, "version code, U<userland>/K<kernel>" },
	{ "--copyright", cmd_copyright, "copyright information" },
	{ "--directory", cmd_directory, "directory of the ipsec programs" },
	{ "--confdir", cmd_confdir, "configuration directory" },
	{ "--piddir", cmd_piddir, "directory of pid files and the control socket" },
};

static int cmd_help(int argc, char *argv[])
{
	printf("Usage: ipsec <command> [arguments] [options]\n\nCommands:\n");
	for (size_t i = 0; i < countof(commands); i++) {
		printf("  %-14s %s\n", commands[i].name, commands[i].help);
	}
	printf("  %-14s %s\n", "list*", "listalgs listcerts listcacerts listcrls listcounters "
	       "listall …");
	printf("  %-14s %s\n", "reread*", "rereadsecrets rereadcacerts rereadcrls rereadall …");
	printf("  %-14s %s\n", "purge*", "purgecerts purgecrls purgeike purgeocsp");
	printf("  %-14s %s\n", "resetcounters", "[name]");
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc < 2) {
		cmd_help(argc, argv);
		return 2;
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
	fprintf(stderr, "ipsec: unknown command '%s' (see 'ipsec --help')\n", argv[1]);
	return 2;
}
