/**
 * @file updown_plugin.h
 * The updown plugin: runs a CHILD_SA config's updown script (leftupdown=)
 * on CHILD_SA up and down events with strongSwan's PLUTO_* environment.
 *
 * Configs without leftupdown= run the default script,
 * charon.plugins.updown.script, else IPSEC_DIR/_updown (the installed
 * one; IPSEC_DIR in the environment overrides the compiled-in directory).
 * Provides FEATURE_CUSTOM "updown".
 */
#ifndef UPDOWN_PLUGIN_H
#define UPDOWN_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *updown_plugin_create(void);

#endif
