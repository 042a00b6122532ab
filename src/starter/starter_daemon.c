/*
 * The supervisor loop of starter.
 *
 * Timers, all driven by one sigtimedwait() in the main thread:
 *  - ready: after starting charon, it is pinged every PING_INTERVAL_MS
 *    until it answers, for at most opts->ready_timeout seconds; then its
 *    config is loaded. A charon that does not answer in time is killed and
 *    counts as a failed start.
 *  - restart: when charon dies (or fails to start), it is started again
 *    when starter_backoff says: at once the first time, then after a
 *    doubling back-off, throttled if it keeps dying (starter_backoff.h).
 *  - stop: SIGTERM to charon, STOP_TIMEOUT_MS for it to exit, then SIGKILL.
 * Signals (SIGCHLD, SIGHUP, SIGUSR1, SIGTERM, SIGINT) are collected as
 * pending bits and handled in the loop, also while waiting for charon.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "starter_daemon.h"
#include "starter_backoff.h"
#include "starter_cache.h"
#include "starter_ctl.h"
#include "starter_load.h"
#include "starter_log.h"
#include "starter_pid.h"
#include "charon_proc.h"
#include "conf_diff.h"

#define PING_INTERVAL_MS	20
#define STOP_TIMEOUT_MS		5000
/* how long the parent of a daemonising starter waits for the daemon */
#define PARENT_WAIT_MS		30000

enum {
	PENDING_CHLD = 1 << 0,
	PENDING_HUP = 1 << 1,
	PENDING_USR1 = 1 << 2,
	PENDING_TERM = 1 << 3,
};

typedef struct {
	const starter_opts_t *opts;
	config_t *config;
	charon_proc_t *charon;
	sigset_t signals;
	unsigned int pending;
	/* charon answers and has the current config */
	bool loaded;
	/* when the running charon was started */
	struct timespec started;
	starter_backoff_t *backoff;
	bool restart_pending;
	struct timespec restart_at;
	/* end of the pipe to a waiting parent, -1 once told */
	int notify_fd;
} starter_t;

void starter_daemon_block_signals(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	/* a SIG_IGN inherited through exec() would make the kernel reap
	 * charon behind our back */
	sigaction(SIGCHLD, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* a broken stroke connection must not kill starter */
	sigaction(SIGPIPE, &ign, NULL);
}

static struct timespec now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static long ms_between(struct timespec from, struct timespec to)
{
	return (to.tv_sec - from.tv_sec) * 1000L +
	       (to.tv_nsec - from.tv_nsec) / 1000000L;
}

/* Collect signals for up to @p timeout_ms (negative: until one comes). */
static void wait_signals(starter_t *this, long timeout_ms)
{
	struct timespec ts = {
		.tv_sec = timeout_ms / 1000,
		.tv_nsec = (timeout_ms % 1000) * 1000000L,
	};
	siginfo_t info;
	int sig;

	sig = timeout_ms < 0 ? sigwaitinfo(&this->signals, &info)
			     : sigtimedwait(&this->signals, &info, &ts);
	while (sig > 0) {
		switch (sig) {
		case SIGCHLD:
			this->pending |= PENDING_CHLD;
			break;
		case SIGHUP:
			this->pending |= PENDING_HUP;
			break;
		case SIGUSR1:
			this->pending |= PENDING_USR1;
			break;
		default:
			this->pending |= PENDING_TERM;
			break;
		}
		ts = (struct timespec){};
		sig = sigtimedwait(&this->signals, &info, &ts);
	}
}

/* Tell a waiting parent that start-up is over. */
static void notify_parent(starter_t *this, char status)
{
	if (this->notify_fd >= 0) {
		if (write(this->notify_fd, &status, 1) != 1) {
			/* the parent is gone; nobody to tell */
		}
		close(this->notify_fd);
		this->notify_fd = -1;
	}
}

static int64_t ms_of(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void schedule_restart(starter_t *this)
{
	struct timespec t = now();
	bool throttled;
	int64_t delay;

	delay = this->backoff->died(this->backoff, ms_of(t), &throttled);
	if (throttled) {
		DBG0(DBG_DMN, "charon was restarted %d times within %d s, waiting %d s "
		     "before the next try", STARTER_THROTTLE_COUNT,
		     STARTER_THROTTLE_WINDOW_MS / 1000, (int)(delay / 1000));
	} else if (delay) {
		DBG1(DBG_DMN, "restarting charon in %d s", (int)(delay / 1000));
	} else {
		DBG1(DBG_DMN, "restarting charon");
	}
	this->restart_pending = true;
	this->restart_at.tv_sec = t.tv_sec + delay / 1000;
	this->restart_at.tv_nsec = t.tv_nsec + (delay % 1000) * 1000000L;
	if (this->restart_at.tv_nsec >= 1000000000L) {
		this->restart_at.tv_sec++;
		this->restart_at.tv_nsec -= 1000000000L;
	}
}

/* After SIGCHLD: did charon die? */
static void check_charon(starter_t *this)
{
	char how[96];

	if (!this->charon->reap(this->charon, how, sizeof(how))) {
		return;
	}
	this->loaded = false;
	DBG0(DBG_DMN, "charon has died -- %s", how);
	schedule_restart(this);
}

/* Ping charon until it answers, it dies or the time is up. */
static bool wait_ready(starter_t *this)
{
	struct timespec deadline = now();

	deadline.tv_sec += this->opts->ready_timeout;
	while (ms_between(now(), deadline) > 0) {
		if (starter_ctl_ping()) {
			return true;
		}
		wait_signals(this, PING_INTERVAL_MS);
		if (this->pending & PENDING_CHLD) {
			this->pending &= ~PENDING_CHLD;
			check_charon(this);
			if (!this->charon->get_pid(this->charon)) {
				return false;
			}
		}
		if (this->pending & PENDING_TERM) {
			return false;
		}
	}
	DBG0(DBG_DMN, "charon did not answer within %d s",
	     this->opts->ready_timeout);
	this->charon->stop(this->charon, STOP_TIMEOUT_MS);
	schedule_restart(this);
	return false;
}

static void start_charon(starter_t *this, bool restart)
{
	this->restart_pending = false;
	this->started = now();
	this->backoff->started(this->backoff, ms_of(this->started), restart);
	if (!this->charon->start(this->charon)) {
		schedule_restart(this);
		notify_parent(this, 'f');
		return;
	}
	if (!wait_ready(this)) {
		notify_parent(this, 'f');
		return;
	}
	DBG1(DBG_DMN, "charon (%d) is ready after %ld ms",
	     (int)this->charon->get_pid(this->charon),
	     ms_between(this->started, now()));
	starter_load_all(this->config);
	starter_cache_save(this->config);
	this->loaded = true;
	notify_parent(this, 'r');
}

static void log_messages(config_t *config, bool errors)
{
	enumerator_t *enumerator;
	const char *msg;

	enumerator = errors ? config->create_error_enumerator(config)
			    : config->create_warning_enumerator(config);
	while (enumerator->enumerate(enumerator, &msg)) {
		DBG1(DBG_CFG, "%s", msg);
	}
	enumerator->destroy(enumerator);
}

/* Parse the config again; NULL (and nothing changes) if it has errors. */
static config_t *reparse(starter_t *this)
{
	config_t *config = config_parse_file(this->opts->conf);

	log_messages(config, false);
	if (config->get_error_count(config)) {
		log_messages(config, true);
		DBG0(DBG_CFG, "%s has %d errors, keeping the running "
		     "configuration", this->opts->conf,
		     config->get_error_count(config));
		config->destroy(config);
		return NULL;
	}
	return config;
}

/* SIGHUP: apply what changed. */
static void update(starter_t *this)
{
	config_t *config;
	conf_diff_t *diff;

	DBG1(DBG_DMN, "SIGHUP received, updating from %s", this->opts->conf);
	config = reparse(this);
	if (!config) {
		return;
	}
	diff = conf_diff_create(this->config, config);
	if (diff->setup_changed(diff)) {
		DBG1(DBG_CFG, "config setup changed: strictcrlpolicy, uniqueids and "
		     "cachecrls apply now, other keywords after a restart");
	}
	if (this->loaded) {
		if (diff->setup_changed(diff)) {
			starter_load_setup(config);
		}
		starter_load_diff(diff);
	}
	diff->destroy(diff);
	this->config->destroy(this->config);
	this->config = config;
	if (this->loaded) {
		starter_cache_save(this->config);
	}
}

/* SIGUSR1: apply what changed and send everything else again. */
static void reload(starter_t *this)
{
	config_t *config;
	conf_diff_t *diff;

	DBG1(DBG_DMN, "SIGUSR1 received, reloading %s", this->opts->conf);
	config = reparse(this);
	if (!config) {
		return;
	}
	if (this->loaded) {
		diff = conf_diff_create(this->config, config);
		starter_load_setup(config);
		starter_load_reload(diff);
		diff->destroy(diff);
	}
	this->config->destroy(this->config);
	this->config = config;
	if (this->loaded) {
		starter_cache_save(this->config);
	}
}

static void supervise(starter_t *this)
{
	long timeout;

	start_charon(this, false);
	while (!(this->pending & PENDING_TERM)) {
		timeout = -1;
		if (this->restart_pending) {
			timeout = ms_between(now(), this->restart_at);
			timeout = timeout < 0 ? 0 : timeout;
		}
		if (timeout != 0 && !this->pending) {
			wait_signals(this, timeout);
		}
		if (this->pending & PENDING_CHLD) {
			this->pending &= ~PENDING_CHLD;
			check_charon(this);
		}
		if (this->pending & PENDING_TERM) {
			break;
		}
		if (this->pending & PENDING_HUP) {
			this->pending &= ~PENDING_HUP;
			update(this);
		}
		if (this->pending & PENDING_USR1) {
			this->pending &= ~PENDING_USR1;
			reload(this);
		}
		if (this->restart_pending && ms_between(now(), this->restart_at) <= 0) {
			start_charon(this, true);
		}
	}
	DBG1(DBG_DMN, "shutting down");
}

/* Fork; the parent waits until the daemon reports and returns its exit
 * status via @p status (true), the daemon returns false. */
static bool daemonize(starter_t *this, int *status)
{
	struct pollfd pfd;
	int fds[2], fd;
	char reply = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		DBG0(DBG_DMN, "cannot create pipe: %s", strerror(errno));
		*status = 1;
		return true;
	}
	/* a line buffered before the fork would be written twice */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		DBG0(DBG_DMN, "cannot fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		*status = 1;
		return true;
	}
	if (pid > 0) {
		close(fds[1]);
		pfd = (struct pollfd){ .fd = fds[0], .events = POLLIN };
		if (poll(&pfd, 1, PARENT_WAIT_MS) == 1 &&
		    read(fds[0], &reply, 1) == 1 && reply == 'f') {
			fprintf(stderr, "starter: charon did not start, starter "
				"(%d) keeps trying\n", (int)pid);
		}
		close(fds[0]);
		/* a daemon that vanished before it reported failed */
		*status = reply ? 0 : 1;
		return true;
	}
	close(fds[0]);
	this->notify_fd = fds[1];
	setsid();
	if (chdir("/") != 0) {
		/* nothing relies on the working directory */
	}
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO) {
			close(fd);
		}
	}
	starter_log_detach_stderr();
	return false;
}

int starter_daemon_run(config_t *config, int pid_fd,
		       const starter_opts_t *opts)
{
	starter_t this = {
		.opts = opts,
		.config = config,
		.notify_fd = -1,
	};
	char pid_path[512];
	int status = 0;

	starter_run_path("starter.charon.pid", pid_path, sizeof(pid_path));
	if (!opts->nofork) {
		/* threads do not survive fork(): the library stops its own here
		 * and the daemon starts it anew */
		library_deinit();
		if (daemonize(&this, &status)) {
			/* the parent: the lock stays with the daemon */
			close(pid_fd);
			config->destroy(config);
			return status;
		}
		library_init(NULL, "starter");
	}
	if (!starter_pid_write(pid_fd)) {
		notify_parent(&this, 'f');
		starter_pid_release(pid_path, pid_fd);
		config->destroy(config);
		return 1;
	}
	sigemptyset(&this.signals);
	sigaddset(&this.signals, SIGCHLD);
	sigaddset(&this.signals, SIGHUP);
	sigaddset(&this.signals, SIGUSR1);
	sigaddset(&this.signals, SIGTERM);
	sigaddset(&this.signals, SIGINT);
	DBG1(DBG_DMN, "Starting cygnet IPsec starter %s (pid %d)", IPSEC_VERSION,
	     (int)getpid());
	this.charon = charon_proc_create(opts->charon);
	this.backoff = starter_backoff_create();

	supervise(&this);

	this.charon->stop(this.charon, STOP_TIMEOUT_MS);
	this.charon->destroy(this.charon);
	this.backoff->destroy(this.backoff);
	notify_parent(&this, 'f');
	starter_cache_remove();
	starter_pid_release(pid_path, pid_fd);
	this.config->destroy(this.config);
	DBG1(DBG_DMN, "starter stopped");
	return status;
}
