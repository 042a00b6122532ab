/*
 * Sends stroke requests and turns charon's reply lines into log messages:
 * its error lines at level 1, its normal output at level 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "starter_ctl.h"
#include "starter_pid.h"

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

int starter_ctl_send(stroke_msg_t *msg)
{
	char path[512], command[32], *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *out, *err;
	int status;

	starter_run_path(STROKE_SOCKET_NAME, path, sizeof(path));
	snprintf(command, sizeof(command), "%s", msg->get_command(msg));
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	status = stroke_send(path, msg, out, err);
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
	status = stroke_send(path, msg, NULL, NULL);
	msg->destroy(msg);
	return status == 0;
}
