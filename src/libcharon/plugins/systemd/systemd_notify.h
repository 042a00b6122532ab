/**
 * @file systemd_notify.h
 * sd_notify(3) messages for the service manager.
 *
 * READY=1 must mean that charon serves requests, which is only true once
 * its worker threads run: the notification is therefore a job, queued when
 * the plugin loads and run by the first worker thread, after every plugin
 * is up and charon.pid is written. A charon that fails to start never
 * sends it.
 */
#ifndef SYSTEMD_NOTIFY_H
#define SYSTEMD_NOTIFY_H

#include "library.h"

/** Queue the job that sends READY=1 and STATUS= once charon runs. */
void systemd_notify_ready_when_running(void);

/** Send STOPPING=1 (and a STATUS= line) now. */
void systemd_notify_stopping(void);

#endif
