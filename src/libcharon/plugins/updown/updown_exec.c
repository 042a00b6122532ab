/*
 * The shell is started with posix_spawn() (safe in a threaded daemon).
 * charon blocks the termination signals in its threads and may ignore
 * SIGPIPE, and both are inherited across exec, so the child gets an empty
 * mask and default handlers for the usual signals back.
 *
 * Output is read until the shell has exited and the pipe is drained. A
 * background process of the script that keeps the pipe open would hold an
 * IKE thread forever if we read to EOF, so the shell's exit ends reading.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "updown_exec.h"

#define LINE_MAX_LEN 512

typedef struct {
	char buf[LINE_MAX_LEN + 1];
	size_t len;
} line_t;

static void flush_line(line_t *line)
{
	if (line->len) {
		line->buf[line->len] = '\0';
		DBG1(DBG_CHD, "updown: %s", line->buf);
		line->len = 0;
	}
}

static void feed(line_t *line, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n') {
			flush_line(line);
		} else {
			line->buf[line->len++] = data[i];
			if (line->len == LINE_MAX_LEN) {
				flush_line(line);
			}
		}
	}
}

typedef enum { READ_DATA, READ_AGAIN, READ_END } read_t;

/* Read what is available into @p line. */
static read_t read_some(int fd, line_t *line)
{
	char buf[1024];
	ssize_t len;

	len = read(fd, buf, sizeof(buf));
	if (len > 0) {
		feed(line, buf, (size_t)len);
		return READ_DATA;
	}
	if (len < 0 && (errno == EINTR || errno == EAGAIN)) {
		return READ_AGAIN;
	}
	return READ_END;
}

static bool spawn(pid_t *pid, const char *command, char *const envp[], int out)
{
	char *argv[] = { "/bin/sh", "-c", (char *)command, NULL };
	int sigs[] = { SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM,
		       SIGCHLD };
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t set;
	int err;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
	posix_spawnattr_init(&attr);
	sigemptyset(&set);
	posix_spawnattr_setsigmask(&attr, &set);
	for (size_t i = 0; i < countof(sigs); i++) {
		sigaddset(&set, sigs[i]);
	}
	posix_spawnattr_setsigdefault(&attr, &set);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	err = posix_spawn(pid, argv[0], &actions, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&actions);
	if (err) {
		DBG1(DBG_CHD, "updown: starting '%s' failed: %s", command, strerror(err));
		return false;
	}
	return true;
}

int updown_exec(const char *command, char *const envp[])
{
	struct pollfd pfd = { .events = POLLIN };
	line_t line = { .len = 0 };
	bool open = true;
	int fds[2], status = 0;
	pid_t pid, done = 0;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		DBG1(DBG_CHD, "updown: no pipe for '%s': %s", command, strerror(errno));
		return -1;
	}
	if (!spawn(&pid, command, envp, fds[1])) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	pfd.fd = fds[0];
	while (open && !done) {
		if (poll(&pfd, 1, 100) > 0) {
			open = read_some(fds[0], &line) != READ_END;
		}
		done = waitpid(pid, &status, WNOHANG);
		if (done < 0 && errno != EINTR) {
			break;
		}
	}
	/* the shell is gone: take what it wrote, without waiting for more */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	while (open && read_some(fds[0], &line) == READ_DATA) {
	}
	flush_line(&line);
	close(fds[0]);
	while (done == 0 || (done < 0 && errno == EINTR)) {
		done = waitpid(pid, &status, 0);
	}
	if (done < 0) {
		return -1;
	}
	if (WIFSIGNALED(status)) {
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
