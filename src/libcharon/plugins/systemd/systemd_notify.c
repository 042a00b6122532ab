/*
 * sd_notify() returns 0 without NOTIFY_SOCKET, so outside systemd these
 * are no-ops. The environment is left alone: charon's scripts and a
 * restarted charon need NOTIFY_SOCKET as much as this one.
 */
#include <systemd/sd-daemon.h>

#include "systemd_notify.h"

#include "processing/job.h"
#include "processing/processor.h"

static void notify(const char *state, const char *what)
{
	int r = sd_notifyf(0, "%s\nSTATUS=charon (cygnet %s) %s", state, PACKAGE_VERSION, what);

	if (r < 0) {
		DBG1(DBG_DMN, "sd_notify %s failed: %s", state, strerror(-r));
	} else if (r > 0) {
		DBG2(DBG_DMN, "told systemd %s", state);
	}
}

static job_requeue_t ready(void *data)
{
	notify("READY=1", "running");
	return JOB_REQUEUE_NONE;
}

void systemd_notify_ready_when_running(void)
{
	job_t *job = callback_job_create(ready, NULL, NULL, JOB_PRIO_CRITICAL);

	if (job) {
		lib->processor->queue_job(lib->processor, job);
	}
}

void systemd_notify_stopping(void)
{
	notify("STOPPING=1", "stopping");
}
