/*
 * Commands charon answers: each becomes one stroke request, and the reply
 * is streamed to stdout/stderr; the exit status is charon's verdict.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "ipsec.h"
#include "stroke_msg.h"

/* Exit status when charon cannot be reached (LSB: program is not running). */
#define EXIT_NOT_RUNNING 7

typedef struct {
	const char *name;	/**< ipsec command */
	const char *command;	/**< stroke command */
	const char *what;	/**< "what=" for list/reread/purge, else NULL */
	bool takes_name;	/**< optional positional argument → name= */
} stroke_cmd_t;

static const stroke_cmd_t stroke_cmds[] = {
	{ "up", "up", NULL, true },
	{ "down", "down", NULL, true },
	{ "route", "route", NULL, true },
	{ "unroute", "unroute", NULL, true },
	{ "status", "status", NULL, true },
	{ "statusall", "statusall", NULL, true },
	{ "leases", "leases", NULL, true },
	{ "down-srcip", "down_srcip", NULL, true },
	{ "listalgs", "list", "algs", false },
	{ "listpubkeys", "list", "pubkeys", false },
	{ "listcerts", "list", "certs", false },
	{ "listcacerts", "list", "cacerts", false },
	{ "listaacerts", "list", "aacerts", false },
	{ "listocspcerts", "list", "ocspcerts", false },
	{ "listacerts", "list", "acerts", false },
	{ "listgroups", "list", "groups", false },
	{ "listcainfos", "list", "cainfos", false },
	{ "listcrls", "list", "crls", false },
	{ "listocsp", "list", "ocsp", false },
	{ "listplugins", "list", "plugins", false },
	{ "listcounters", "list", "counters", true },
	{ "listall", "list", "all", false },
	{ "rereadsecrets", "reread", "secrets", false },
	{ "rereadcacerts", "reread", "cacerts", false },
	{ "rereadaacerts", "reread", "aacerts", false },
	{ "rereadocspcerts", "reread", "ocspcerts", false },
	{ "rereadacerts", "reread", "acerts", false },
	{ "rereadcrls", "reread", "crls", false },
	{ "rereadall", "reread", "all", false },
	{ "purgecerts", "purge", "certs", false },
	{ "purgecrls", "purge", "crls", false },
	{ "purgeike", "purge", "ike", false },
	{ "purgeocsp", "purge", "ocsp", false },
	{ "resetcounters", "resetcounters", NULL, true },
};

static const stroke_cmd_t *find_cmd(const char *name)
{
	for (size_t i = 0; i < countof(stroke_cmds); i++) {
		if (streq(stroke_cmds[i].name, name)) {
			return &stroke_cmds[i];
		}
	}
	return NULL;
}

/* Build the request: --utc and --json become flags, positionals name=. */
static stroke_msg_t *build_request(const stroke_cmd_t *cmd, int argc, char *argv[])
{
	stroke_msg_t *msg = stroke_msg_create(cmd->command);
	int positional = 0;

	if (cmd->what) {
		msg->add(msg, "what", cmd->what);
	}
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--utc")) {
			msg->add(msg, "utc", "yes");
		} else if (streq(argv[i], "--json")) {
			msg->add(msg, "json", "yes");
		} else if (streq(argv[i], "--async") || streq(argv[i], "--asynchronous")) {
			msg->add(msg, "async", "yes");
		} else if (cmd->takes_name && positional == 0) {
			msg->add(msg, "name", argv[i]);
			positional++;
		} else if (streq(cmd->command, "down_srcip") && positional == 1) {
			msg->add(msg, "end", argv[i]);
			positional++;
		} else {
			fprintf(stderr, "ipsec %s: unexpected argument '%s'\n", argv[0], argv[i]);
			msg->destroy(msg);
			return NULL;
		}
	}
	return msg;
}

static int send_request(stroke_msg_t *msg)
{
	char path[512];
	int status;

	ipsec_pid_path(STROKE_SOCKET_NAME, path, sizeof(path));
	status = stroke_send(path, msg, stdout, stderr);
	if (status == -1) {
		fprintf(stderr, "connecting to '%s' failed: %s\n", path, strerror(errno));
		return EXIT_NOT_RUNNING;
	}
	if (status < 0) {
		fprintf(stderr, "ipsec: malformed or truncated reply from charon\n");
		return 1;
	}
	return status;
}

int cmd_stroke(int argc, char *argv[])
{
	const stroke_cmd_t *cmd = find_cmd(argv[0]);
	stroke_msg_t *msg;
	int status;

	if (!cmd) {
		return 2;
	}
	if ((streq(cmd->command, "up") || streq(cmd->command, "down") ||
	     streq(cmd->command, "route") || streq(cmd->command, "unroute") ||
	     streq(cmd->command, "down_srcip")) && argc < 2) {
		fprintf(stderr, "Usage: ipsec %s <name>\n", argv[0]);
		return 2;
	}
	msg = build_request(cmd, argc, argv);
	if (!msg) {
		return 2;
	}
	status = send_request(msg);
	msg->destroy(msg);
	return status;
}

/* Answered by charon if it runs, else charon lists what it would load. */
int cmd_listplugins(int argc, char *argv[])
{
	char path[512];

	if (ipsec_running_pid("charon.pid")) {
		return cmd_stroke(argc, argv);
	}
	snprintf(path, sizeof(path), "%s/charon", ipsec_dir());
	execl(path, "charon", "--list-plugins", (char *)NULL);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return 1;
}

bool ipsec_is_stroke_command(const char *name)
{
	return find_cmd(name) != NULL;
}
