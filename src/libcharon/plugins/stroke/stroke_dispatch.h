/**
 * @file stroke_dispatch.h
 * Runs one control request: checks its keys against what the command
 * takes and calls the command's handler.
 */
#ifndef STROKE_DISPATCH_H
#define STROKE_DISPATCH_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

/**
 * Run @p msg, writing stdout lines to @p out and stderr lines to @p err.
 * @return	the exit status: 0 success, 1 failure, 2 malformed request
 */
int stroke_dispatch(stroke_msg_t *msg, FILE *out, FILE *err);

#endif
