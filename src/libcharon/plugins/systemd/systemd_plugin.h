/**
 * @file systemd_plugin.h
 * The systemd plugin: tells systemd when charon is up and when it stops
 * (sd_notify READY=1 with a STATUS= line, STOPPING=1) and logs to the
 * journal as configured in `charon.journal` (systemd_journal.h).
 *
 * Provides FEATURE_CUSTOM "systemd". Outside systemd (NOTIFY_SOCKET unset,
 * no `charon.journal` and not started by systemd) it does nothing.
 */
#ifndef SYSTEMD_PLUGIN_H
#define SYSTEMD_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *systemd_plugin_create(void);

#endif
