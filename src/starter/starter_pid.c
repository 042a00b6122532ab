/*
 * The starter pid file. The lock (flock) is what keeps a second starter
 * out; a stale file left by a crash is simply taken over. The lock is taken
 * before daemonising and shared with the daemon through fork().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "starter_pid.h"

const char *starter_run_path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", library_piddir(), name);
	return buf;
}

static pid_t read_pid(int fd)
{
	char buf[32];
	ssize_t len;

	len = pread(fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0) {
		return 0;
	}
	buf[len] = '\0';
	return (pid_t)atoi(buf);
}

int starter_pid_lock(const char *path, pid_t *other)
{
	int fd;

	*other = 0;
	if (mkdir(library_piddir(), 0755) != 0 && errno != EEXIST) {
		DBG0(DBG_DMN, "cannot create %s: %s", library_piddir(),
		     strerror(errno));
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		DBG0(DBG_DMN, "cannot open pid file %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		*other = read_pid(fd);
		close(fd);
		return -1;
	}
	return fd;
}

bool starter_pid_write(int fd)
{
	char buf[32];
	int len;

	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, len, 0) != len) {
		DBG0(DBG_DMN, "cannot write pid file: %s", strerror(errno));
		return false;
	}
	return true;
}

void starter_pid_release(const char *path, int fd)
{
	if (fd >= 0) {
		unlink(path);
		close(fd);
	}
}
