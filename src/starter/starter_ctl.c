/*
 * Sends stroke requests and turns charon's reply lines into log messages:
 * its error lines at level 1, its normal output at level 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "starter_ctl.h"
#include "starter_pid.h"

/* seconds charon has to answer a request, and a ping */
#define REQUEST_TIMEOUT "30"
#define PING_TIMEOUT "2"

/*
 * A charon that accepts a request but never answers must not stall
 * starter (signals wait meanwhile): each request gets a time limit through
 * stroke_send()'s CYGNET_STROKE_TIMEOUT, unless the user set one. It is
 * removed again right away, so charon and its scripts never inherit it.
 */
static int send_bounded(const char *path, stroke_msg_t *msg, FILE *out,
			FILE *err, const char *seconds)
{
	bool bound = !getenv("CYGNET_STROKE_TIMEOUT");
	int status, saved;

	if (bound) {
		setenv("CYGNET_STROKE_TIMEOUT", seconds, 1);
	}
	status = stroke_send(path, msg, out, err);
	saved = errno;
	if (bound) {
		unsetenv("CYGNET_STROKE_TIMEOUT");
	}
	errno = saved;
	return status;
}

static void log_lines(char *text, level_t level, const char *command)
{
	char *line, *save = NULL;

	if (!text) {
		return;
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		dbg_log(DBG_DMN, level, "%s: %s", command, line);
	}
}

int starter_ctl_send(stroke_msg_t *msg, char **reply)
{
	char path[512], command[32], *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *out, *err;
	int status;

	starter_run_path(STROKE_SOCKET_NAME, path, sizeof(path));
	snprintf(command, sizeof(command), "%s", msg->get_command(msg));
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	status = send_bounded(path, msg, out, err, REQUEST_TIMEOUT);
	if (status == -1) {
		DBG1(DBG_DMN, "%s: charon not reachable at %s: %s", command, path,
		     strerror(errno));
	} else if (status < 0) {
		DBG1(DBG_DMN, "%s: charon's reply was malformed or cut short",
		     command);
	}
	msg->destroy(msg);
	if (out) {
		fclose(out);
	}
	if (err) {
		fclose(err);
	}
	if (reply) {
		*reply = out_text ? str_dup(out_text) : NULL;
	}
	log_lines(out_text, LEVEL_CTRL, command);
	log_lines(err_text, LEVEL_AUDIT, command);
	free(out_text);
	free(err_text);
	return status;
}

bool starter_ctl_ping(void)
{
	stroke_msg_t *msg = stroke_msg_create("ping");
	char path[512];
	int status;

	starter_run_path(STROKE_SOCKET_NAME, path, sizeof(path));
	status = send_bounded(path, msg, NULL, NULL, PING_TIMEOUT);
	msg->destroy(msg);
	return status == 0;
}
