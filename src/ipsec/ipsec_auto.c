/*
 * `ipsec auto`: libreswan's (and openswan's) dialect, mapped onto stroke
 * requests.
 *
 *   ipsec auto [--showonly|--show] [--asynchronous] [--config FILE]
 *              [--verbose] [--utc] OPERATION… [CONN]
 *
 * Operations run in the order given and stop at the first that fails.
 * --add, --replace, --start and --ondemand read the conn from ipsec.conf
 * (starter's parser, so --add loads what starter would). Unlike libreswan,
 * --showonly checks everything it can without charon and its exit status
 * says whether the requests could be built.
 */
#include <stdio.h>

#include "ipsec.h"
#include "conf.h"
#include "conf_stroke.h"

typedef struct auto_t auto_t;

/* One invocation: options, the conn and where requests go. */
struct auto_t {
	ipsec_sender_t *sender;
	/* --config, NULL for starter's default */
	const char *conf_path;
	/* parsed on first use */
	config_t *config;
	const char *name;
	bool async;
	bool verbose;
	bool utc;
};

typedef int (*auto_fn_t)(auto_t *this);

/* An add_conn request for this->name from ipsec.conf, NULL on errors. */
static stroke_msg_t *add_request(auto_t *this)
{
	const conf_section_t *conn;

	if (!this->config) {
		this->config = ipsec_conf_load(this->conf_path);
		if (!this->config) {
			return NULL;
		}
	}
	conn = ipsec_conf_conn(this->config, this->name);
	return conn ? conf_stroke_add(conn) : NULL;
}

static stroke_msg_t *named(const char *command, const char *name)
{
	stroke_msg_t *msg = stroke_msg_create(command);

	msg->add(msg, "name", name);
	return msg;
}

static int op_add(auto_t *this)
{
	stroke_msg_t *msg = add_request(this);

	return msg ? this->sender->send(this->sender, msg) : IPSEC_EXIT_FAILED;
}

static int op_delete(auto_t *this)
{
	return this->sender->send(this->sender, named("del_conn", this->name));
}

/* del_conn may fail because the conn is not loaded: only an unreachable
 * charon stops the replace. The file is read first, so a conn missing
 * from it is not deleted. */
static int op_replace(auto_t *this)
{
	stroke_msg_t *add = add_request(this);
	int status;

	if (!add) {
		return IPSEC_EXIT_FAILED;
	}
	status = this->sender->send_quiet(this->sender, named("del_conn", this->name));
	if (status == IPSEC_EXIT_NOT_RUNNING) {
		add->destroy(add);
		return status;
	}
	return this->sender->send(this->sender, add);
}

static int op_up(auto_t *this)
{
	stroke_msg_t *msg = named("up", this->name);

	if (this->async) {
		msg->add(msg, "async", "yes");
	}
	if (this->verbose) {
		msg->add(msg, "loglevel", "2");
	}
	return this->sender->send(this->sender, msg);
}

static int op_down(auto_t *this)
{
	stroke_msg_t *msg = named("down", this->name);

	if (this->verbose) {
		msg->add(msg, "loglevel", "2");
	}
	return this->sender->send(this->sender, msg);
}

static int op_route(auto_t *this)
{
	return this->sender->send(this->sender, named("route", this->name));
}

static int op_unroute(auto_t *this)
{
	return this->sender->send(this->sender, named("unroute", this->name));
}

static int op_start(auto_t *this)
{
	int status = op_add(this);

	return status ? status : op_up(this);
}

static int op_ondemand(auto_t *this)
{
	int status = op_add(this);

	return status ? status : op_route(this);
}

/* libreswan's status is its detailed one. */
static int op_status(auto_t *this)
{
	stroke_msg_t *msg = stroke_msg_create("statusall");

	if (this->name) {
		msg->add(msg, "name", this->name);
	}
	if (this->utc) {
		msg->add(msg, "utc", "yes");
	}
	return this->sender->send(this->sender, msg);
}

static int op_ready(auto_t *this)
{
	return this->sender->send(this->sender, stroke_msg_create("ready"));
}

/* A list/reread/purge command of `ipsec` with the same name. */
static int simple(auto_t *this, const char *command)
{
	stroke_msg_t *msg = ipsec_stroke_simple_request(command);

	if (msg && this->utc && streq(msg->get_command(msg), "list")) {
		msg->add(msg, "utc", "yes");
	}
	return this->sender->send(this->sender, msg);
}

/* The newest libreswan text: --purgeocsp shows --listall, then purges. */
static int op_purgeocsp(auto_t *this)
{
	int status = simple(this, "listall");

	return status ? status : simple(this, "purgeocsp");
}

/* CRLs from distribution points are fetched when a certificate is checked;
 * what can be refreshed by hand is ipsec.d/crls. */
static int op_fetchcrls(auto_t *this)
{
	return simple(this, "rereadcrls");
}

typedef enum {
	/* takes no conn */
	CONN_NONE,
	/* needs one */
	CONN_NEEDED,
	/* uses one if given */
	CONN_OPTIONAL,
} conn_use_t;

static const struct {
	const char *option;
	auto_fn_t run;
	conn_use_t conn;
} ops[] = {
	{ "--add", op_add, CONN_NEEDED },
	{ "--delete", op_delete, CONN_NEEDED },
	{ "--replace", op_replace, CONN_NEEDED },
	{ "--start", op_start, CONN_NEEDED },
	{ "--up", op_up, CONN_NEEDED },
	{ "--down", op_down, CONN_NEEDED },
	{ "--route", op_route, CONN_NEEDED },
	{ "--unroute", op_unroute, CONN_NEEDED },
	{ "--ondemand", op_ondemand, CONN_NEEDED },
	{ "--status", op_status, CONN_OPTIONAL },
	{ "--ready", op_ready, CONN_NONE },
	{ "--rereadgroups", op_ready, CONN_NONE },
	{ "--purgeocsp", op_purgeocsp, CONN_NONE },
	{ "--fetchcrls", op_fetchcrls, CONN_NONE },
};

#define MAX_OPS 32
/* find_op(): not an operation */
#define OP_NONE (-1)
/* find_op(): the list/reread/purge command of ipsec named like it */
#define OP_SIMPLE (-2)

/* An index into ops[], OP_SIMPLE (--listcerts → listcerts) or OP_NONE. */
static int find_op(const char *arg)
{
	stroke_msg_t *msg;

	for (size_t i = 0; i < countof(ops); i++) {
		if (streq(arg, ops[i].option)) {
			return (int)i;
		}
	}
	if (strncmp(arg, "--", 2) == 0) {
		msg = ipsec_stroke_simple_request(arg + 2);
		if (msg) {
			msg->destroy(msg);
			return OP_SIMPLE;
		}
	}
	return OP_NONE;
}

static void usage(void)
{
	fprintf(stderr,
		"Usage: ipsec auto [--showonly|--show] [--asynchronous] [--config FILE] "
		"[--verbose] [--utc]\n"
		"                  OPERATION… [CONN]\n"
		"  with CONN:    --add --delete --replace --start --up --down --route "
		"--unroute --ondemand\n"
		"  without:      --status [CONN] --ready --rereadsecrets --rereadall "
		"--rereadcrls …\n"
		"                --listall --listcerts --listpubkeys --listcacerts --listcrls "
		"… --purgeocsp\n");
}

/* One option or operation; false after a usage message. */
static bool parse_arg(auto_t *this, int argc, char *argv[], int *i, const char **todo,
		      int *count, ipsec_send_mode_t *mode)
{
	const char *arg = argv[*i];

	if (streq(arg, "--showonly")) {
		*mode = IPSEC_SHOW_ONLY;
	} else if (streq(arg, "--show")) {
		/* openswan: show each command as it runs */
		if (*mode != IPSEC_SHOW_ONLY) {
			*mode = IPSEC_TRACE;
		}
	} else if (streq(arg, "--asynchronous") || streq(arg, "--async")) {
		this->async = true;
	} else if (streq(arg, "--verbose")) {
		this->verbose = true;
	} else if (streq(arg, "--utc")) {
		this->utc = true;
	} else if (streq(arg, "--config") && *i + 1 < argc) {
		this->conf_path = argv[++*i];
	} else if (strncmp(arg, "--config=", 9) == 0 && arg[9]) {
		this->conf_path = arg + 9;
	} else if (streq(arg, "--config")) {
		fprintf(stderr, "ipsec auto: --config needs a file\n");
		return false;
	} else if (arg[0] == '-' && arg[1] == '-' && find_op(arg) != OP_NONE) {
		if (*count == MAX_OPS) {
			fprintf(stderr, "ipsec auto: too many operations\n");
			return false;
		}
		todo[(*count)++] = arg;
	} else if (arg[0] == '-') {
		fprintf(stderr, "ipsec auto: unknown option '%s'\n", arg);
		return false;
	} else if (this->name) {
		fprintf(stderr, "ipsec auto: one connection only ('%s' and '%s')\n",
			this->name, arg);
		return false;
	} else {
		this->name = arg;
	}
	return true;
}

/* Every operation has the conn it needs and the conn is used; else false
 * after a message. */
static bool check_conn(auto_t *this, const char **todo, int count)
{
	bool used = false;
	int op;

	for (int i = 0; i < count; i++) {
		op = find_op(todo[i]);
		if (op < 0) {
			continue;
		}
		if (ops[op].conn == CONN_NEEDED && !this->name) {
			fprintf(stderr, "ipsec auto: %s needs a connection name\n", todo[i]);
			return false;
		}
		used |= ops[op].conn != CONN_NONE;
	}
	if (this->name && !used) {
		fprintf(stderr, "ipsec auto: no operation takes a connection ('%s')\n",
			this->name);
		return false;
	}
	return true;
}

int cmd_auto(int argc, char *argv[])
{
	ipsec_send_mode_t mode = IPSEC_SEND;
	auto_t this = { .conf_path = NULL };
	const char *todo[MAX_OPS];
	int count = 0, status = IPSEC_EXIT_OK, op;

	for (int i = 1; i < argc; i++) {
		if (!parse_arg(&this, argc, argv, &i, todo, &count, &mode)) {
			usage();
			return IPSEC_EXIT_USAGE;
		}
	}
	if (!count) {
		fprintf(stderr, "ipsec auto: no operation given\n");
		usage();
		return IPSEC_EXIT_USAGE;
	}
	if (!check_conn(&this, todo, count)) {
		usage();
		return IPSEC_EXIT_USAGE;
	}
	if (this.verbose && mode == IPSEC_SEND) {
		mode = IPSEC_TRACE;
	}
	this.sender = ipsec_sender_create(NULL, mode);
	for (int i = 0; i < count && status == IPSEC_EXIT_OK; i++) {
		op = find_op(todo[i]);
		status = op >= 0 ? ops[op].run(&this) : simple(&this, todo[i] + 2);
	}
	this.sender->destroy(this.sender);
	if (this.config) {
		this.config->destroy(this.config);
	}
	return status;
}
