/*
 * Commands charon answers: each becomes one stroke request, and the reply
 * is streamed to stdout/stderr; the exit status is charon's verdict (7 if
 * charon cannot be reached).
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "ipsec.h"

typedef struct {
	/* ipsec command */
	const char *name;
	/* stroke command */
	const char *command;
	/* "what=" for list/reread/purge, else NULL */
	const char *what;
	/* positional arguments: at least min, at most the keys listed */
	int min;
	const char *keys[2];
	/* the positionals in usage messages */
	const char *args;
} stroke_cmd_t;

static const stroke_cmd_t stroke_cmds[] = {
	{ "up", "up", NULL, 1, { "name" }, "<name>" },
	{ "down", "down", NULL, 1, { "name" }, "<name>|<name>{n}|<name>{*}|<name>[n]|<name>[*]" },
	{ "route", "route", NULL, 1, { "name" }, "<name>" },
	{ "unroute", "unroute", NULL, 1, { "name" }, "<name>" },
	{ "status", "status", NULL, 0, { "name" }, "[<name>]" },
	{ "statusall", "statusall", NULL, 0, { "name" }, "[<name>]" },
	{ "leases", "leases", NULL, 0, { "name", "address" }, "[<pool> [<address>]]" },
	{ "down-srcip", "down_srcip", NULL, 1, { "name", "end" }, "<start> [<end>]" },
	{ "listalgs", "list", "algs", 0, { NULL }, NULL },
	{ "listpubkeys", "list", "pubkeys", 0, { NULL }, NULL },
	{ "listcerts", "list", "certs", 0, { NULL }, NULL },
	{ "listcacerts", "list", "cacerts", 0, { NULL }, NULL },
	{ "listaacerts", "list", "aacerts", 0, { NULL }, NULL },
	{ "listocspcerts", "list", "ocspcerts", 0, { NULL }, NULL },
	{ "listacerts", "list", "acerts", 0, { NULL }, NULL },
	{ "listgroups", "list", "groups", 0, { NULL }, NULL },
	{ "listcainfos", "list", "cainfos", 0, { NULL }, NULL },
	{ "listcrls", "list", "crls", 0, { NULL }, NULL },
	{ "listocsp", "list", "ocsp", 0, { NULL }, NULL },
	{ "listplugins", "list", "plugins", 0, { NULL }, NULL },
	{ "listcounters", "list", "counters", 0, { "name" }, "[<name>]" },
	{ "listall", "list", "all", 0, { NULL }, NULL },
	{ "checkpubkeys", "list", "checkpubkeys", 0, { NULL }, NULL },
	{ "rereadsecrets", "reread", "secrets", 0, { NULL }, NULL },
	{ "rereadcacerts", "reread", "cacerts", 0, { NULL }, NULL },
	{ "rereadaacerts", "reread", "aacerts", 0, { NULL }, NULL },
	{ "rereadocspcerts", "reread", "ocspcerts", 0, { NULL }, NULL },
	{ "rereadacerts", "reread", "acerts", 0, { NULL }, NULL },
	{ "rereadcrls", "reread", "crls", 0, { NULL }, NULL },
	{ "rereadall", "reread", "all", 0, { NULL }, NULL },
	{ "purgecerts", "purge", "certs", 0, { NULL }, NULL },
	{ "purgecrls", "purge", "crls", 0, { NULL }, NULL },
	{ "purgeike", "purge", "ike", 0, { NULL }, NULL },
	{ "purgeocsp", "purge", "ocsp", 0, { NULL }, NULL },
	{ "resetcounters", "resetcounters", NULL, 0, { "name" }, "[<name>]" },
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

static int max_positional(const stroke_cmd_t *cmd)
{
	int n = 0;

	while (n < (int)countof(cmd->keys) && cmd->keys[n]) {
		n++;
	}
	return n;
}

static void usage(const stroke_cmd_t *cmd)
{
	fprintf(stderr, "Usage: ipsec %s%s%s\n", cmd->name, cmd->args ? " " : "",
		cmd->args ? cmd->args : "");
}

static stroke_msg_t *base_request(const stroke_cmd_t *cmd)
{
	stroke_msg_t *msg = stroke_msg_create(cmd->command);

	if (cmd->what) {
		msg->add(msg, "what", cmd->what);
	}
	return msg;
}

/* The request: --utc, --json and --asynchronous become flags, the
 * positionals the command's keys; NULL after a usage message. */
static stroke_msg_t *build_request(const stroke_cmd_t *cmd, int argc, char *argv[])
{
	const char *values[countof(cmd->keys)] = { NULL };
	bool utc = false, json = false, async = false;
	int positional = 0, max = max_positional(cmd);
	stroke_msg_t *msg;

	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--utc")) {
			utc = true;
		} else if (streq(argv[i], "--json")) {
			json = true;
		} else if (streq(argv[i], "--async") || streq(argv[i], "--asynchronous")) {
			async = true;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			fprintf(stderr, "ipsec %s: unknown option '%s'\n", argv[0], argv[i]);
			return NULL;
		} else if (positional < max) {
			values[positional++] = argv[i];
		} else {
			fprintf(stderr, "ipsec %s: unexpected argument '%s'\n", argv[0], argv[i]);
			return NULL;
		}
	}
	if (positional < cmd->min) {
		usage(cmd);
		return NULL;
	}
	msg = base_request(cmd);
	for (int i = 0; i < positional; i++) {
		msg->add(msg, cmd->keys[i], values[i]);
	}
	if (utc) {
		msg->add(msg, "utc", "yes");
	}
	if (json) {
		msg->add(msg, "json", "yes");
	}
	if (async) {
		msg->add(msg, "async", "yes");
	}
	return msg;
}

int cmd_stroke(int argc, char *argv[])
{
	const stroke_cmd_t *cmd = find_cmd(argv[0]);
	ipsec_sender_t *sender;
	stroke_msg_t *msg;
	int status;

	if (!cmd) {
		return IPSEC_EXIT_USAGE;
	}
	msg = build_request(cmd, argc, argv);
	if (!msg) {
		return IPSEC_EXIT_USAGE;
	}
	sender = ipsec_sender_create(NULL, IPSEC_SEND);
	status = sender->send(sender, msg);
	sender->destroy(sender);
	return status;
}

stroke_msg_t *ipsec_stroke_simple_request(const char *name)
{
	const stroke_cmd_t *cmd = find_cmd(name);

	if (!cmd || !cmd->what) {
		return NULL;
	}
	return base_request(cmd);
}

/* Answered by charon if it runs, else charon lists what it would load. */
int cmd_listplugins(int argc, char *argv[])
{
	char path[512];

	if (ipsec_running_pid("charon.pid")) {
		return cmd_stroke(argc, argv);
	}
	snprintf(path, sizeof(path), "%s/charon", ipsec_dir());
	fflush(stdout);
	execl(path, "charon", "--list-plugins", (char *)NULL);
	fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
	return IPSEC_EXIT_FAILED;
}

bool ipsec_is_stroke_command(const char *name)
{
	return find_cmd(name) != NULL;
}
