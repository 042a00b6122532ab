/*
 * Info commands: answered by ipsec itself, no daemon needed.
 */
#include <stdio.h>
#include <sys/utsname.h>

#include "ipsec.h"

static void kernel_version(char *buf, size_t len)
{
	struct utsname uts;

	snprintf(buf, len, "%s", uname(&uts) == 0 ? uts.release : "unknown");
}

int cmd_version(int argc, char *argv[])
{
	char kernel[128];

	kernel_version(kernel, sizeof(kernel));
	printf("Linux %s U%s/K%s\n", IPSEC_NAME, IPSEC_VERSION, kernel);
	printf("The cygnet project, IPsec/IKEv2 for Linux\n");
	printf("See 'ipsec --copyright' for copyright information.\n");
	return 0;
}

int cmd_versioncode(int argc, char *argv[])
{
	char kernel[128];

	kernel_version(kernel, sizeof(kernel));
	printf("U%s/K%s\n", IPSEC_VERSION, kernel);
	return 0;
}

int cmd_copyright(int argc, char *argv[])
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

int cmd_directory(int argc, char *argv[])
{
	printf("%s\n", ipsec_dir());
	return 0;
}

int cmd_confdir(int argc, char *argv[])
{
	printf("%s\n", library_confdir());
	return 0;
}

int cmd_piddir(int argc, char *argv[])
{
	printf("%s\n", library_piddir());
	return 0;
}
