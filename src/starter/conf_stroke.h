/**
 * @file conf_stroke.h
 * Parsed conns and cas as stroke requests (src/stroke/stroke_msg.h).
 *
 * A section is sent as its name and its flattened keyword=value pairs;
 * charon interprets the values.
 */
#ifndef CYGNET_STARTER_CONF_STROKE_H
#define CYGNET_STARTER_CONF_STROKE_H

#include "conf.h"
#include "stroke_msg.h"

/** "add_conn" (or "add_ca" for a ca) with name= and every keyword=value. */
stroke_msg_t *conf_stroke_add(const conf_section_t *section);

/**
 * "setup" with the config setup keywords charon applies at run time
 * (strictcrlpolicy, uniqueids, cachecrls); unset ones are sent empty, so
 * charon returns to its default.
 */
stroke_msg_t *conf_stroke_setup(const conf_section_t *setup);

/** "del_conn" (CONF_CONN) or "del_ca" (CONF_CA) for @p name. */
stroke_msg_t *conf_stroke_del(conf_type_t type, const char *name);

/** "route" for conn @p name. */
stroke_msg_t *conf_stroke_route(const char *name);

/** "up" for conn @p name, with async=yes so charon does not wait for it. */
stroke_msg_t *conf_stroke_up_async(const char *name);

#endif
