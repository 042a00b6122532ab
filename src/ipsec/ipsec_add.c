/*
 * `ipsec add` and `ipsec ondemand`: libreswan's newer commands that load
 * conns from ipsec.conf.
 *
 *   ipsec add CONN… [--auto=route|up|keep] [--bg[=yes|no]|--asynchronous[=yes|no]]
 *   ipsec add --autoall [--bg…]
 *   ipsec add --checkconfig [--verbose]
 *   ipsec ondemand CONN… [--bg…]
 *   common: [--dry-run|-n] [--verbose] [--config FILE] [--ctlsocket PATH]
 *
 * Every named conn is looked up before anything is sent, so a typo loads
 * nothing. A conn already loaded is replaced (charon's add_conn does
 * that). --auto=up waits for the SA unless --bg; --autoall starts in the
 * background unless --bg=no.
 */
#include <stdio.h>

#include "ipsec.h"
#include "conf.h"
#include "conf_stroke.h"

typedef enum {
	/* load only (--auto=keep, auto=add) */
	AUTO_ADD,
	/* load and route */
	AUTO_ROUTE,
	/* load and initiate */
	AUTO_UP,
} auto_action_t;

typedef struct {
	ipsec_sender_t *sender;
	const char *conf_path;
	const char *socket;
	auto_action_t action;
	bool action_set;
	bool autoall;
	bool checkconfig;
	bool dry_run;
	bool verbose;
	/* -1 not given, else --bg/--asynchronous */
	int async;
	/* positionals: the conns */
	char **conns;
	int conn_count;
} add_t;

/* "route", "up", … as an action; false if unknown. */
static bool parse_action(const char *value, auto_action_t *action)
{
	if (streq(value, "route") || streq(value, "ondemand")) {
		*action = AUTO_ROUTE;
	} else if (streq(value, "up") || streq(value, "start")) {
		*action = AUTO_UP;
	} else if (streq(value, "keep") || streq(value, "add")) {
		*action = AUTO_ADD;
	} else {
		return false;
	}
	return true;
}

/* "--bg", "--bg=yes", "--asynchronous=no", …: true if @p arg is one. */
static bool parse_async(const char *arg, int *async, bool *ok)
{
	const char *value = NULL;
	size_t len;

	*ok = true;
	if (strncmp(arg, "--bg", 4) == 0) {
		len = 4;
	} else if (strncmp(arg, "--asynchronous", 14) == 0) {
		len = 14;
	} else {
		return false;
	}
	if (arg[len] == '=') {
		value = arg + len + 1;
	} else if (arg[len]) {
		return false;
	}
	if (!value || streq(value, "yes")) {
		*async = 1;
	} else if (streq(value, "no")) {
		*async = 0;
	} else {
		*ok = false;
	}
	return true;
}

/* Options of @p argv into @p this; false after a message. */
static bool parse_args(add_t *this, int argc, char *argv[], bool ondemand)
{
	bool ok;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (parse_async(arg, &this->async, &ok)) {
			if (!ok) {
				fprintf(stderr, "ipsec %s: '%s' takes yes or no\n", argv[0], arg);
				return false;
			}
		} else if (!ondemand && (streq(arg, "--auto") || strncmp(arg, "--auto=", 7) == 0)) {
			const char *value = arg[6] == '=' ? arg + 7 : i + 1 < argc ? argv[++i] : "";

			if (!parse_action(value, &this->action)) {
				fprintf(stderr, "ipsec add: --auto takes route, up or keep, not '%s'\n",
					value);
				return false;
			}
			this->action_set = true;
		} else if (!ondemand && streq(arg, "--autoall")) {
			this->autoall = true;
		} else if (!ondemand && streq(arg, "--checkconfig")) {
			this->checkconfig = true;
		} else if (streq(arg, "--dry-run") || streq(arg, "-n")) {
			this->dry_run = true;
		} else if (streq(arg, "--verbose")) {
			this->verbose = true;
		} else if (streq(arg, "--config") && i + 1 < argc) {
			this->conf_path = argv[++i];
		} else if (streq(arg, "--ctlsocket") && i + 1 < argc) {
			this->socket = argv[++i];
		} else if (strncmp(arg, "--config=", 9) == 0) {
			this->conf_path = arg + 9;
		} else if (strncmp(arg, "--ctlsocket=", 12) == 0) {
			this->socket = arg + 12;
		} else if (streq(arg, "--config") || streq(arg, "--ctlsocket")) {
			fprintf(stderr, "ipsec %s: %s needs a value\n", argv[0], arg);
			return false;
		} else if (arg[0] == '-') {
			fprintf(stderr, "ipsec %s: unknown option '%s'\n", argv[0], arg);
			return false;
		} else {
			this->conns[this->conn_count++] = argv[i];
		}
	}
	return true;
}

/* Modes exclude each other; false after a message. */
static bool check_args(add_t *this, const char *command)
{
	if (this->checkconfig && (this->autoall || this->conn_count || this->action_set)) {
		fprintf(stderr, "ipsec add: --checkconfig takes no conns\n");
		return false;
	}
	if (this->autoall && (this->conn_count || this->action_set)) {
		fprintf(stderr, "ipsec add: --autoall takes no conns and no --auto\n");
		return false;
	}
	if (!this->checkconfig && !this->autoall && !this->conn_count) {
		fprintf(stderr, "ipsec %s: no connection named\n", command);
		return false;
	}
	return true;
}

static void usage(const char *command)
{
	if (streq(command, "ondemand")) {
		fprintf(stderr, "Usage: ipsec ondemand CONN… [--bg[=yes|no]] [--dry-run|-n] "
			"[--verbose] [--config FILE] [--ctlsocket PATH]\n");
		return;
	}
	fprintf(stderr,
		"Usage: ipsec add CONN… [--auto=route|up|keep] [--bg[=yes|no]|"
		"--asynchronous[=yes|no]]\n"
		"       ipsec add --autoall [--bg[=yes|no]]\n"
		"       ipsec add --checkconfig [--verbose]\n"
		"  common: [--dry-run|-n] [--verbose] [--config FILE] [--ctlsocket PATH]\n");
}

/* `starter --checkconfig`, which prints the errors as FILE:LINE:COL. */
static int checkconfig(add_t *this)
{
	char *args[] = { NULL, "--checkconfig", NULL, NULL, NULL, NULL };
	int n = 2;

	if (this->verbose) {
		args[n++] = "--verbose";
	}
	if (this->conf_path) {
		args[n++] = "--conf";
		args[n++] = (char *)this->conf_path;
	}
	return ipsec_run_program("starter", args);
}

/* add_conn, then route or up; the first failure's status. */
static int load(add_t *this, const conf_section_t *conn, auto_action_t action, bool async)
{
	stroke_msg_t *msg;
	int status;

	status = this->sender->send(this->sender, conf_stroke_add(conn));
	if (status || action == AUTO_ADD) {
		return status;
	}
	msg = stroke_msg_create(action == AUTO_ROUTE ? "route" : "up");
	msg->add(msg, "name", conn->name);
	if (action == AUTO_UP && async) {
		msg->add(msg, "async", "yes");
	}
	return this->sender->send(this->sender, msg);
}

/* What auto= in the file asks for; false for ignore (or none). */
static bool file_action(const conf_section_t *conn, auto_action_t *action)
{
	const char *value = conf_section_get(conn, "auto");

	return value && parse_action(value, action);
}

static int add_all(add_t *this, config_t *config)
{
	const conf_section_t *conn;
	auto_action_t action;
	enumerator_t *e;
	int status = IPSEC_EXIT_OK, result;

	e = config->create_conn_enumerator(config);
	while (e->enumerate(e, &conn) && status != IPSEC_EXIT_NOT_RUNNING) {
		if (!file_action(conn, &action)) {
			continue;
		}
		result = load(this, conn, action, this->async != 0);
		if (!status) {
			status = result;
		}
	}
	e->destroy(e);
	return status;
}

static int add_named(add_t *this, config_t *config)
{
	const conf_section_t *conn;
	int status = IPSEC_EXIT_OK, result;

	for (int i = 0; i < this->conn_count; i++) {
		if (!ipsec_conf_conn(config, this->conns[i])) {
			return IPSEC_EXIT_FAILED;
		}
	}
	for (int i = 0; i < this->conn_count && status != IPSEC_EXIT_NOT_RUNNING; i++) {
		conn = config->get_conn(config, this->conns[i]);
		result = load(this, conn, this->action, this->async == 1);
		if (!status) {
			status = result;
		}
	}
	return status;
}

static int run(int argc, char *argv[], bool ondemand)
{
	char *conns[argc > 1 ? argc : 1];
	add_t this = {
		.action = ondemand ? AUTO_ROUTE : AUTO_ADD,
		.async = -1,
		.conns = conns,
	};
	ipsec_send_mode_t mode = IPSEC_SEND;
	config_t *config;
	int status;

	if (!parse_args(&this, argc, argv, ondemand) || !check_args(&this, argv[0])) {
		usage(argv[0]);
		return IPSEC_EXIT_USAGE;
	}
	if (this.checkconfig) {
		return checkconfig(&this);
	}
	config = ipsec_conf_load(this.conf_path);
	if (!config) {
		return IPSEC_EXIT_FAILED;
	}
	if (this.dry_run) {
		mode = IPSEC_SHOW_ONLY;
	} else if (this.verbose) {
		mode = IPSEC_TRACE;
	}
	this.sender = ipsec_sender_create(this.socket, mode);
	status = this.autoall ? add_all(&this, config) : add_named(&this, config);
	this.sender->destroy(this.sender);
	config->destroy(config);
	return status;
}

int cmd_add(int argc, char *argv[])
{
	return run(argc, argv, false);
}

int cmd_ondemand(int argc, char *argv[])
{
	return run(argc, argv, true);
}
