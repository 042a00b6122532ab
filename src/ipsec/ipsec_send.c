/*
 * Carrying out stroke requests for the front end: sent to charon, or
 * printed as `stroke` command lines (--showonly, --dry-run), or both
 * (--verbose). Printed lines run as they are with the stroke tool, which
 * is what makes --showonly useful in scripts.
 */
#include <errno.h>
#include <stdio.h>

#include "ipsec.h"

typedef struct private_ipsec_sender_t {
	ipsec_sender_t public;
	/* the socket given by the user, NULL for the default */
	char *socket;
	/* the socket requests go to */
	char path[512];
	ipsec_send_mode_t mode;
} private_ipsec_sender_t;

/* Characters a shell takes literally outside quotes. */
static bool shell_safe(const char *s)
{
	if (!*s) {
		return false;
	}
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_-./:=,@%+", *s))) {
			return false;
		}
	}
	return true;
}

static void print_word(FILE *out, const char *word)
{
	if (shell_safe(word)) {
		fputs(word, out);
		return;
	}
	fputc('\'', out);
	for (; *word; word++) {
		if (*word == '\'') {
			fputs("'\\''", out);
		} else {
			fputc(*word, out);
		}
	}
	fputc('\'', out);
}

/* "key=value" as one shell word; quoting the value keeps the key readable. */
static void print_pair(FILE *out, const char *key, const char *value)
{
	fprintf(out, "%s=", key);
	if (*value && shell_safe(value)) {
		fputs(value, out);
	} else {
		print_word(out, value);
	}
}

void ipsec_request_print(stroke_msg_t *msg, const char *socket, FILE *out)
{
	const char *key, *value;
	enumerator_t *e;

	fputs("stroke ", out);
	if (socket) {
		fputs("--socket ", out);
		print_word(out, socket);
		fputc(' ', out);
	}
	fputs(msg->get_command(msg), out);
	e = msg->create_enumerator(msg);
	while (e->enumerate(e, &key, &value)) {
		fputc(' ', out);
		print_pair(out, key, value);
	}
	e->destroy(e);
	fputc('\n', out);
	fflush(out);
}

static int do_send(private_ipsec_sender_t *this, stroke_msg_t *msg, bool quiet)
{
	int status;

	if (!msg) {
		fprintf(stderr, "ipsec: cannot build the request\n");
		return IPSEC_EXIT_FAILED;
	}
	switch (this->mode) {
	case IPSEC_SHOW_ONLY:
		ipsec_request_print(msg, this->socket, stdout);
		msg->destroy(msg);
		return IPSEC_EXIT_OK;
	case IPSEC_TRACE:
		fputs("+ ", stderr);
		ipsec_request_print(msg, this->socket, stderr);
		quiet = false;
		break;
	case IPSEC_SEND:
		break;
	}
	fflush(stdout);
	status = stroke_send(this->path, msg, stdout, quiet ? NULL : stderr);
	if (status == -1 && errno == EINVAL) {
		fprintf(stderr, "ipsec: the '%s' request is not valid (a value is not UTF-8 "
			"or too long)\n", msg->get_command(msg));
		status = IPSEC_EXIT_FAILED;
	} else if (status == -1) {
		fprintf(stderr, "connecting to '%s' failed: %s (is charon running?)\n",
			this->path, strerror(errno));
		status = IPSEC_EXIT_NOT_RUNNING;
	} else if (status < 0) {
		fprintf(stderr, "ipsec: malformed or truncated reply from charon%s\n",
			errno == ETIMEDOUT ? " (timed out)" : "");
		status = IPSEC_EXIT_FAILED;
	}
	msg->destroy(msg);
	return status;
}

static int send_(ipsec_sender_t *public, stroke_msg_t *msg)
{
	return do_send((private_ipsec_sender_t *)public, msg, false);
}

static int send_quiet(ipsec_sender_t *public, stroke_msg_t *msg)
{
	return do_send((private_ipsec_sender_t *)public, msg, true);
}

static ipsec_send_mode_t get_mode(ipsec_sender_t *public)
{
	return ((private_ipsec_sender_t *)public)->mode;
}

static void destroy(ipsec_sender_t *public)
{
	private_ipsec_sender_t *this = (private_ipsec_sender_t *)public;

	free(this->socket);
	free(this);
}

ipsec_sender_t *ipsec_sender_create(const char *socket, ipsec_send_mode_t mode)
{
	private_ipsec_sender_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ipsec_sender_t){
		.public = {
			.send = send_,
			.send_quiet = send_quiet,
			.get_mode = get_mode,
			.destroy = destroy,
		},
		.socket = socket ? str_dup(socket) : NULL,
		.mode = mode,
	};
	if (socket) {
		snprintf(this->path, sizeof(this->path), "%s", socket);
	} else {
		ipsec_pid_path(STROKE_SOCKET_NAME, this->path, sizeof(this->path));
	}
	return &this->public;
}
