/*
 * The command table. Requests come from any local process allowed to open
 * the socket, so unknown commands and keys are refused (exit status 2)
 * rather than ignored.
 */
#include "stroke_dispatch.h"
#include "stroke_ca.h"
#include "stroke_config.h"
#include "stroke_control.h"
#include "stroke_list.h"
#include "stroke_setup.h"
#include "stroke_status.h"
#include "stroke_vip.h"

#include "networking/host.h"

typedef int (*handler_t)(stroke_msg_t *msg, FILE *out, FILE *err);

static int cmd_ping(stroke_msg_t *msg, FILE *out, FILE *err)
{
	return 0;
}

static int cmd_status(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL);
	bool all = streq(msg->get_command(msg), "statusall");

	if (streq(msg->get(msg, "json", "no"), "yes")) {
		stroke_status_json(out, name, all);
	} else {
		stroke_status(out, name, all, streq(msg->get(msg, "utc", "no"), "yes"));
	}
	return 0;
}

static int cmd_loglevel(stroke_msg_t *msg, FILE *out, FILE *err)
{
	fprintf(err, "changing log levels at run time is not supported; set them in "
		"cygnet.conf and send SIGHUP to charon\n");
	return 1;
}

static const struct {
	const char *command;
	handler_t handler;
	/** keys the command takes ('|' separated), NULL for any */
	const char *keys;
} commands[] = {
	{ "ping", cmd_ping, "" },
	{ "ready", cmd_ping, "" },
	{ "add_conn", stroke_config_add, NULL },
	{ "del_conn", stroke_config_del, "name" },
	{ "setup", stroke_setup_apply, "strictcrlpolicy|uniqueids|cachecrls" },
	{ "add_ca", stroke_ca_add, NULL },
	{ "del_ca", stroke_ca_del, "name" },
	{ "up", stroke_control_up, "name|async|loglevel" },
	{ "down", stroke_control_down, "name|async|loglevel|force" },
	{ "route", stroke_control_route, "name|async" },
	{ "unroute", stroke_control_unroute, "name|async" },
	{ "status", cmd_status, "name" },
	{ "statusall", cmd_status, "name" },
	{ "list", stroke_list, "what|name" },
	{ "reread", stroke_list_reread, "what" },
	{ "purge", stroke_list_purge, "what" },
	{ "resetcounters", stroke_list_resetcounters, "name" },
	{ "loglevel", cmd_loglevel, "type|level" },
	{ "leases", stroke_vip_leases, "name|address" },
	{ "down_srcip", stroke_vip_down_srcip, "name|end" },
};

/* `ipsec` may add these to any command; they are harmless where unused. */
static const char *common_keys = "json|utc|async";

static bool key_in(const char *key, const char *list)
{
	size_t len = strlen(key);
	const char *p = list;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, key, n) == 0) {
			return true;
		}
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

int stroke_dispatch(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *command = msg->get_command(msg), *key;
	enumerator_t *e;
	size_t i;
	bool ok = true;

	for (i = 0; i < countof(commands); i++) {
		if (streq(commands[i].command, command)) {
			break;
		}
	}
	if (i == countof(commands)) {
		fprintf(err, "unknown command '%s'\n", command);
		return 2;
	}
	if (commands[i].keys) {
		e = msg->create_enumerator(msg);
		while (e->enumerate(e, &key, NULL)) {
			if (!key_in(key, commands[i].keys) && !key_in(key, common_keys)) {
				fprintf(err, "%s: unknown key '%s'\n", command, key);
				ok = false;
			}
		}
		e->destroy(e);
	}
	if (!ok) {
		return 2;
	}
	DBG2(DBG_CFG, "received stroke request '%s'", command);
	return commands[i].handler(msg, out, err);
}
