/*
 * stroke: send one control request to charon and relay its reply.
 *
 *   stroke [--socket PATH] COMMAND [key=value ...]
 *
 * A debugging tool, and what scripts can use when `ipsec` is too clever:
 * the exit status is the one charon replied with (7 if charon could not
 * be reached, 2 for a usage error, 1 for a malformed reply).
 */
#include <errno.h>
#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

#define EXIT_USAGE 2
#define EXIT_NOT_RUNNING 7

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: stroke [--socket PATH] COMMAND [key=value ...]\n"
		"  Sends COMMAND with the given pairs to charon's control socket\n"
		"  (default $IPSEC_PIDDIR/" STROKE_SOCKET_NAME ") and prints the reply.\n"
		"  Example: stroke status name=site json=yes\n");
}

/* Add "key=value" arguments; false (after a message) on a malformed one. */
static bool add_pairs(stroke_msg_t *msg, int argc, char *argv[])
{
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq || eq == argv[i]) {
			fprintf(stderr, "stroke: expected key=value, got '%s'\n", argv[i]);
			return false;
		}
		*eq = '\0';
		msg->add(msg, argv[i], eq + 1);
		*eq = '=';
	}
	return true;
}

int main(int argc, char *argv[])
{
	const char *socket_path = NULL;
	char path[512];
	stroke_msg_t *msg;
	int i = 1, status;

	while (i < argc && argv[i][0] == '-') {
		if (streq(argv[i], "-h") || streq(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (streq(argv[i], "--socket") && i + 1 < argc) {
			socket_path = argv[i + 1];
			i += 2;
			continue;
		}
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	msg = stroke_msg_create(argv[i]);
	if (!msg) {
		fprintf(stderr, "stroke: invalid command '%s'\n", argv[i]);
		return EXIT_USAGE;
	}
	if (!add_pairs(msg, argc - i - 1, argv + i + 1)) {
		msg->destroy(msg);
		return EXIT_USAGE;
	}
	if (!socket_path) {
		snprintf(path, sizeof(path), "%s/%s", library_piddir(), STROKE_SOCKET_NAME);
		socket_path = path;
	}
	status = stroke_send(socket_path, msg, stdout, stderr);
	msg->destroy(msg);
	if (status == -1) {
		if (errno == EINVAL) {
			fprintf(stderr, "stroke: the request is not valid (bad key or value)\n");
			return EXIT_USAGE;
		}
		fprintf(stderr, "connecting to '%s' failed: %s\n", socket_path, strerror(errno));
		return EXIT_NOT_RUNNING;
	}
	if (status < 0) {
		fprintf(stderr, "stroke: malformed or truncated reply from charon%s\n",
			errno == ETIMEDOUT ? " (timed out)" : "");
		return 1;
	}
	return status;
}
