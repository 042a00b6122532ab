/*
 * Runs charon as a child. It gets a process group of its own, so a Ctrl-C
 * at a foreground starter reaches starter only, which then stops charon in
 * order; it starts with no signals blocked and stdin on /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "charon_proc.h"

typedef struct private_charon_proc_t {
	charon_proc_t public;
	char *path;
	pid_t pid;
} private_charon_proc_t;

/* In the child between fork() and exec(): async-signal-safe calls only. */
static void exec_child(const char *path)
{
	static const char msg[] = "starter: cannot execute charon\n";
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t none;
	int fd, sig;

	for (sig = 1; sig < NSIG; sig++) {
		sigaction(sig, &sa, NULL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	execl(path, "charon", (char *)NULL);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing left to tell anyone */
	}
	_exit(127);
}

static bool start(charon_proc_t *public)
{
	private_charon_proc_t *this = (private_charon_proc_t *)public;
	pid_t pid;

	if (this->pid) {
		return true;
	}
	if (access(this->path, X_OK) != 0) {
		DBG0(DBG_DMN, "cannot execute %s: %s", this->path, strerror(errno));
		return false;
	}
	pid = fork();
	if (pid < 0) {
		DBG0(DBG_DMN, "cannot fork charon: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		exec_child(this->path);
	}
	this->pid = pid;
	DBG1(DBG_DMN, "charon (%d) started", (int)pid);
	return true;
}

static pid_t get_pid(charon_proc_t *public)
{
	private_charon_proc_t *this = (private_charon_proc_t *)public;

	return this->pid;
}

static void describe(int status, char *how, size_t len)
{
	if (WIFSIGNALED(status)) {
		snprintf(how, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	} else {
		snprintf(how, len, "exited with status %d", WEXITSTATUS(status));
	}
}

static bool reap(charon_proc_t *public, char *how, size_t len)
{
	private_charon_proc_t *this = (private_charon_proc_t *)public;
	int status;
	pid_t pid;

	if (!this->pid) {
		return false;
	}
	do {
		pid = waitpid(this->pid, &status, WNOHANG);
	} while (pid < 0 && errno == EINTR);
	if (pid == 0) {
		return false;
	}
	if (pid < 0) {
		/* not our child any more; nothing to wait for */
		snprintf(how, len, "vanished (%s)", strerror(errno));
	} else {
		describe(status, how, len);
	}
	this->pid = 0;
	return true;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static void stop(charon_proc_t *public, int timeout_ms)
{
	private_charon_proc_t *this = (private_charon_proc_t *)public;
	char how[96];
	int waited;

	if (!this->pid) {
		return;
	}
	DBG1(DBG_DMN, "stopping charon (%d)", (int)this->pid);
	kill(this->pid, SIGTERM);
	for (waited = 0; waited < timeout_ms; waited += 20) {
		if (reap(public, how, sizeof(how))) {
			DBG1(DBG_DMN, "charon stopped, %s", how);
			return;
		}
		sleep_ms(20);
	}
	DBG1(DBG_DMN, "charon did not stop within %d ms, sending SIGKILL",
	     timeout_ms);
	kill(this->pid, SIGKILL);
	while (waitpid(this->pid, NULL, 0) < 0 && errno == EINTR) {
	}
	this->pid = 0;
}

static void destroy(charon_proc_t *public)
{
	private_charon_proc_t *this = (private_charon_proc_t *)public;

	free(this->path);
	free(this);
}

charon_proc_t *charon_proc_create(const char *path)
{
	private_charon_proc_t *this = mem_zalloc(sizeof(*this));

	this->public = (charon_proc_t){
		.start = start,
		.get_pid = get_pid,
		.reap = reap,
		.stop = stop,
		.destroy = destroy,
	};
	this->path = str_dup(path);
	return &this->public;
}
