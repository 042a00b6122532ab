/*
 * Shared pieces of the ipsec front end: each command is a function taking
 * the arguments after the command name (argv[0] is the command).
 */
#ifndef IPSEC_H
#define IPSEC_H

#include "library.h"

#define IPSEC_NAME "cygnet"

typedef int (*ipsec_command_fn_t)(int argc, char *argv[]);

/** Directory of starter, charon, stroke, _updown (IPSEC_DIR overrides). */
const char *ipsec_dir(void);

/** "$IPSEC_PIDDIR/NAME" into @p buf. */
const char *ipsec_pid_path(const char *name, char *buf, size_t len);

/** Pid from a pid file if that process is alive, else 0. */
int ipsec_running_pid(const char *name);

/* info commands (ipsec_info.c) */
int cmd_version(int argc, char *argv[]);
int cmd_versioncode(int argc, char *argv[]);
int cmd_copyright(int argc, char *argv[]);
int cmd_directory(int argc, char *argv[]);
int cmd_confdir(int argc, char *argv[]);
int cmd_piddir(int argc, char *argv[]);

/* starter control (ipsec_control.c) */
int cmd_start(int argc, char *argv[]);
int cmd_stop(int argc, char *argv[]);
int cmd_restart(int argc, char *argv[]);
int cmd_update(int argc, char *argv[]);
int cmd_reload(int argc, char *argv[]);

/* commands sent to charon (ipsec_stroke.c) */
int cmd_stroke(int argc, char *argv[]);
int cmd_listplugins(int argc, char *argv[]);
/** True if charon answers @p name (cmd_stroke handles it). */
bool ipsec_is_stroke_command(const char *name);

#endif
