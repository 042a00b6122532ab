/**
 * @file stroke_plugin.h
 * The stroke plugin: charon's control socket ($IPSEC_PIDDIR/charon.ctl)
 * for `ipsec`, starter and the `stroke` tool, plus ipsec.secrets.
 *
 * Provides FEATURE_CUSTOM "stroke" and depends on nothing at load time.
 * Settings (NS = charon): NS.plugins.stroke.max_concurrent (requests at
 * once, default 16), .timeout (ms an `up`/`down` waits, 0 = until done,
 * the default), .read_timeout (ms a client has to send its request,
 * default 5000).
 */
#ifndef STROKE_PLUGIN_H
#define STROKE_PLUGIN_H

#include "plugins/plugin.h"

/** The exported constructor. */
plugin_t *stroke_plugin_create(void);

#endif
