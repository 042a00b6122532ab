/*
 * Talking to charon over its control socket ($IPSEC_PIDDIR/charon.ctl).
 */
#ifndef CYGNET_STARTER_CTL_H
#define CYGNET_STARTER_CTL_H

#include "stroke_msg.h"

/* Send @p msg (destroyed here) and log what charon answers. Returns the
 * exit status of the request, or a negative value if charon could not be
 * reached or its reply was cut short (logged). With @p reply, its normal
 * output is also returned there (free() it; NULL if there was none). */
int starter_ctl_send(stroke_msg_t *msg, char **reply);

/* True if charon answers a "ping". */
bool starter_ctl_ping(void);

#endif
