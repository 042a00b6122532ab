/*
 * ipsec: the front end users and scripts drive cygnet with. It speaks
 * strongSwan's `ipsec <command>` set; each command is one entry in the
 * table at the bottom, so the dispatch stays a look-up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "library.h"

#define IPSEC_NAME "cygnet"

/* Directory of starter, charon, stroke and _updown; IPSEC_DIR overrides it
 * so an uninstalled build tree can be driven the same way. */
static const char *ipsec_dir(void)
{
	const char *dir = getenv("IPSEC_DIR");

	return dir && *dir ? dir : IPSECDIR;
}

static void kernel_version(char *buf, size_t len)
{
	struct utsname uts;

	if (uname(&uts) == 0) {
		snprintf(buf, len, "%s", uts.release);
	} else {
		snprintf(buf, len, "unknown");
	}
}

/* The environment ipsec(8) promises to the commands it runs. */
static void export_environment(void)
{
	char buf[512], kernel[128];

	kernel_version(kernel, sizeof(kernel));
	setenv("IPSEC_DIR", ipsec_dir(), 1);
	setenv("IPSEC_SBINDIR", SBINDIR, 0);
	setenv("IPSEC_BINDIR", BINDIR, 0);
	setenv("IPSEC_CONFDIR", library_confdir(), 1);
	setenv("IPSEC_PIDDIR", library_piddir(), 1);
	setenv("IPSEC_SCRIPT", "ipsec", 1);
	setenv("IPSEC_NAME", IPSEC_NAME, 1);
	snprintf(buf, sizeof(buf), "U%s/K%s", IPSEC_VERSION, kernel);
	setenv("IPSEC_VERSION", buf, 1);
	snprintf(buf, sizeof(buf), "%s/starter.charon.pid", library_piddir());
	setenv("IPSEC_STARTER_PID", buf, 1);
	snprintf(buf, sizeof(buf), "%s/charon.pid", library_piddir());
	setenv("IPSEC_CHARON_PID", buf, 1);
}

static int cmd_help(int argc, char *argv[]);

static int cmd_version(int argc, char *argv[])
{
	char kernel[128];

	kernel_version(kernel, sizeof(kernel));
	printf("Linux %s U%s/K%s\n", IPSEC_NAME, IPSEC_VERSION, kernel);
	printf("The cygnet project, IPsec/IKEv2 for Linux\n");
	printf("See 'ipsec --copyright' for copyright information.\n");
	return 0;
}

static int cmd_versioncode(int argc, char *argv[])
{
	char kernel[128];

	kernel_version(kernel, sizeof(kernel));
	printf("U%s/K%s\n", IPSEC_VERSION, kernel);
	return 0;
}

static int cmd_copyright(int argc, char *argv[])
{
	printf("cygnet %s\n"
	       "Copyright (C) 2026 the cygnet developers.\n\n"
	       "This program is free software; you can redistribute it and/or modify it\n"
	       "under the terms of the GNU General Public License as published by the\n"
	       "Free Software Foundation; either version 2 of the License, or (at your\n"
	       "option) any later version. It is distributed WITHOUT ANY WARRANTY.\n",
	       IPSEC_VERSION);
	return 0;
}

static int cmd_directory(int argc, char *argv[])
{
	printf("%s\n", ipsec_dir());
	return 0;
}

static int cmd_confdir(int argc, char *argv[])
{
	printf("%s\n", library_confdir());
	return 0;
}

static int cmd_piddir(int argc, char *argv[])
{
	printf("%s\n", library_piddir());
	return 0;
}

/* Without a running daemon, charon itself lists what it would load. */
static int cmd_listplugins(int argc, char *argv[])
{
	char path[512];

	snprintf(path, sizeof(path), "%s/charon", ipsec_dir());
	execl(path, "charon", "--list-plugins", (char *)NULL);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return 1;
}

typedef struct {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *help;
} command_t;

static const command_t commands[] = {
	{ "listplugins", cmd_listplugins, "list all loaded plugin features" },
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
		printf("  %-16s %s\n", commands[i].name, commands[i].help);
	}
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
	fprintf(stderr, "ipsec: unknown command '%s' (see 'ipsec --help')\n", argv[1]);
	return 2;
}
