/*
 * Control commands: they act on starter, through its pid file and signals
 * (start execs it; update, reload, stop signal it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipsec.h"
#include "stroke_msg.h"

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

int cmd_start(int argc, char *argv[])
{
	char path[512];
	pid_t pid;
	int status;

	if (ipsec_running_pid(STARTER_PID)) {
		fprintf(stderr, "cygnet starter is already running (%s exists)\n",
			ipsec_pid_path(STARTER_PID, path, sizeof(path)));
		return 1;
	}
	printf("Starting %s %s IPsec [starter]...\n", IPSEC_NAME, IPSEC_VERSION);
	fflush(stdout);
	snprintf(path, sizeof(path), "%s/starter", ipsec_dir());
	pid = fork();
	if (pid < 0) {
		perror("ipsec: fork");
		return 1;
	}
	if (pid == 0) {
		argv[0] = "starter";
		execv(path, argv);
		fprintf(stderr, "ipsec: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	/* starter daemonises: its parent exits once the daemon is set up */
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--nofork")) {
			return 0;
		}
	}
	if (!wait_charon(10000)) {
		fprintf(stderr, "ipsec: charon did not come up within 10 seconds\n");
		return 1;
	}
	return 0;
}

int cmd_stop(int argc, char *argv[])
{
	int pid = ipsec_running_pid(STARTER_PID);

	printf("Stopping %s IPsec...\n", IPSEC_NAME);
	if (!pid) {
		/* charon without starter (started by hand) is stopped directly */
		pid = ipsec_running_pid("charon.pid");
		if (!pid) {
			fprintf(stderr, "cygnet is not running\n");
			return 0;
		}
	}
	kill(pid, SIGTERM);
	if (!wait_gone(pid, 15000)) {
		fprintf(stderr, "ipsec: process %d did not stop, killing it\n", pid);
		kill(pid, SIGKILL);
		wait_gone(pid, 2000);
	}
	return 0;
}

int cmd_restart(int argc, char *argv[])
{
	cmd_stop(0, NULL);
	sleep(2);
	return cmd_start(argc, argv);
}

static int signal_starter(int sig, const char *what)
{
	int pid = ipsec_running_pid(STARTER_PID);

	if (!pid) {
		fprintf(stderr, "cygnet starter is not running\n");
		return 7;
	}
	printf("%s %s IPsec configuration...\n", what, IPSEC_NAME);
	return kill(pid, sig) == 0 ? 0 : 1;
}

int cmd_update(int argc, char *argv[])
{
	return signal_starter(SIGHUP, "Updating");
}

int cmd_reload(int argc, char *argv[])
{
	return signal_starter(SIGUSR1, "Reloading");
}
