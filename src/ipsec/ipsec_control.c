/*
 * Control commands: they act on starter, through its pid file and signals
 * (start runs it; update, reload, stop signal it). Before start, update
 * and reload, starter checks the file, so a broken ipsec.conf is reported
 * on the terminal as FILE:LINE:COL lines, not only in the log.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipsec.h"

#define STARTER_PID "starter.charon.pid"

/* Wait until @p pid is gone; false after @p ms. */
static bool wait_gone(int pid, int ms)
{
	for (int waited = 0; waited < ms; waited += 50) {
		if (kill(pid, 0) != 0 && errno == ESRCH) {
			return true;
		}
		usleep(50 * 1000);
	}
	return false;
}

/* Wait until charon answers on its control socket (it then gets its conns). */
static bool wait_charon(int ms)
{
	char path[512];

	ipsec_pid_path(STROKE_SOCKET_NAME, path, sizeof(path));
	for (int waited = 0; waited < ms; waited += 100) {
		stroke_msg_t *msg = stroke_msg_create("ping");
		int status = stroke_send(path, msg, NULL, NULL);

		msg->destroy(msg);
		if (status == 0) {
			return true;
		}
		usleep(100 * 1000);
	}
	return false;
}

static bool has_arg(int argc, char *argv[], const char *arg)
{
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], arg)) {
			return true;
		}
	}
	return false;
}

/* The value of starter's --conf in @p argv (either form), or NULL. */
static const char *conf_arg(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--conf") && i + 1 < argc) {
			return argv[i + 1];
		}
		if (strncmp(argv[i], "--conf=", 7) == 0) {
			return argv[i] + 7;
		}
	}
	return NULL;
}

/* `starter --checkconfig`: it prints every error itself; true if none. */
static bool config_ok(const char *conf)
{
	char *args[] = { NULL, "--checkconfig", "--conf", (char *)conf, NULL };

	if (!conf) {
		args[2] = NULL;
	}
	return ipsec_run_program("starter", args) == 0;
}

/* starter with the user's arguments, for modes that only look at files. */
static int run_starter(int argc, char *argv[])
{
	char *args[argc + 1];

	for (int i = 1; i < argc; i++) {
		args[i] = argv[i];
	}
	args[argc] = NULL;
	return ipsec_run_program("starter", args);
}

int cmd_start(int argc, char *argv[])
{
	char path[512];
	int status;

	if (has_arg(argc, argv, "--checkconfig") || has_arg(argc, argv, "--dry-run-update") ||
	    has_arg(argc, argv, "--help") || has_arg(argc, argv, "--version")) {
		return run_starter(argc, argv);
	}
	if (ipsec_running_pid(STARTER_PID)) {
		fprintf(stderr, "cygnet starter is already running (%s exists)\n",
			ipsec_pid_path(STARTER_PID, path, sizeof(path)));
		return IPSEC_EXIT_FAILED;
	}
	if (!config_ok(conf_arg(argc, argv))) {
		fprintf(stderr, "ipsec: not starting, the configuration has errors\n");
		return IPSEC_EXIT_FAILED;
	}
	printf("Starting %s %s IPsec [starter]...\n", IPSEC_NAME, IPSEC_VERSION);
	fflush(stdout);
	if (has_arg(argc, argv, "--nofork")) {
		/* starter stays in the foreground: it becomes this process */
		snprintf(path, sizeof(path), "%s/starter", ipsec_dir());
		argv[0] = "starter";
		execv(path, argv);
		fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
		return IPSEC_EXIT_FAILED;
	}
	/* starter daemonises: its parent exits once the daemon is set up */
	status = run_starter(argc, argv);
	if (status != 0) {
		return IPSEC_EXIT_FAILED;
	}
	if (!wait_charon(10000)) {
		fprintf(stderr, "ipsec: charon did not come up within 10 seconds\n");
		return IPSEC_EXIT_FAILED;
	}
	return IPSEC_EXIT_OK;
}

int cmd_stop(int argc, char *argv[])
{
	int pid = ipsec_running_pid(STARTER_PID);

	printf("Stopping %s IPsec...\n", IPSEC_NAME);
	if (!pid) {
		/* charon without starter (started by hand) is stopped directly */
		pid = ipsec_running_pid("charon.pid");
		if (!pid) {
			/* stopping what is not running succeeds, as in LSB */
			fprintf(stderr, "cygnet is not running\n");
			return IPSEC_EXIT_OK;
		}
	}
	kill(pid, SIGTERM);
	if (!wait_gone(pid, 15000)) {
		fprintf(stderr, "ipsec: process %d did not stop, killing it\n", pid);
		kill(pid, SIGKILL);
		wait_gone(pid, 2000);
	}
	return IPSEC_EXIT_OK;
}

int cmd_restart(int argc, char *argv[])
{
	cmd_stop(0, NULL);
	sleep(2);
	return cmd_start(argc, argv);
}

/*
 * update and reload: a file with errors is reported and the exit status
 * says so; starter is signalled all the same, it keeps what runs and logs
 * why, so the log tells the whole story.
 */
static int signal_starter(int sig, const char *what)
{
	int pid = ipsec_running_pid(STARTER_PID);
	bool ok;

	if (!pid) {
		fprintf(stderr, "%s %s IPsec failed: starter is not running\n", what, IPSEC_NAME);
		return IPSEC_EXIT_NOT_RUNNING;
	}
	printf("%s %s IPsec configuration...\n", what, IPSEC_NAME);
	fflush(stdout);
	ok = config_ok(NULL);
	if (kill(pid, sig) != 0) {
		fprintf(stderr, "ipsec: cannot signal starter (%d): %s\n", pid, strerror(errno));
		return errno == ESRCH ? IPSEC_EXIT_NOT_RUNNING : IPSEC_EXIT_FAILED;
	}
	if (!ok) {
		fprintf(stderr, "ipsec: the configuration has errors, the running one stays\n");
		return IPSEC_EXIT_FAILED;
	}
	return IPSEC_EXIT_OK;
}

int cmd_update(int argc, char *argv[])
{
	char *args[] = { NULL, "--dry-run-update", NULL };

	if (argc == 2 && (streq(argv[1], "--dry-run") || streq(argv[1], "-n"))) {
		return ipsec_run_program("starter", args);
	}
	if (argc > 1) {
		fprintf(stderr, "Usage: ipsec update [--dry-run]\n");
		return IPSEC_EXIT_USAGE;
	}
	return signal_starter(SIGHUP, "Updating");
}

int cmd_reload(int argc, char *argv[])
{
	if (argc > 1) {
		fprintf(stderr, "Usage: ipsec reload\n");
		return IPSEC_EXIT_USAGE;
	}
	return signal_starter(SIGUSR1, "Reloading");
}
