/*
 * Shared pieces of the ipsec front end: each command is a function taking
 * the arguments after the command name (argv[0] is the command) and
 * returning the exit status.
 *
 * Exit statuses scripts may rely on (documented in ipsec(8)):
 *   0 success, 1 the operation failed (including an up that did not
 *   establish and an unknown conn), 2 usage error or unknown command,
 *   7 charon (or starter, for update/reload) is not running.
 */
#ifndef IPSEC_H
#define IPSEC_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"

#define IPSEC_NAME "cygnet"

#define IPSEC_EXIT_OK 0
#define IPSEC_EXIT_FAILED 1
#define IPSEC_EXIT_USAGE 2
#define IPSEC_EXIT_NOT_RUNNING 7

typedef int (*ipsec_command_fn_t)(int argc, char *argv[]);

/* Run the command line of `ipsec` (argv[0] is the program). */
int ipsec_main(int argc, char *argv[]);

/* Directory of starter, charon, stroke, _updown (IPSEC_DIR overrides). */
const char *ipsec_dir(void);

/* "$IPSEC_PIDDIR/NAME" into @p buf. */
const char *ipsec_pid_path(const char *name, char *buf, size_t len);

/* Pid from a pid file if that process is alive, else 0. */
int ipsec_running_pid(const char *name);

/*
 * Run the program "$IPSEC_DIR/NAME" with @p argv (argv[0] is replaced by
 * NAME) and wait for it; its exit status, 127 if it could not be run.
 */
int ipsec_run_program(const char *name, char *argv[]);

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
/* True if charon answers @p name (cmd_stroke handles it). */
bool ipsec_is_stroke_command(const char *name);
/*
 * The request of a list/reread/purge command without arguments
 * ("listcerts" → list what=certs), NULL if @p name is none of those.
 */
stroke_msg_t *ipsec_stroke_simple_request(const char *name);

/* libreswan's dialect (ipsec_auto.c, ipsec_add.c) */
int cmd_auto(int argc, char *argv[]);
int cmd_add(int argc, char *argv[]);
int cmd_ondemand(int argc, char *argv[]);

/*
 * How requests are carried out (ipsec_send.c).
 */
typedef enum ipsec_send_mode_t {
	/* send, relay the reply */
	IPSEC_SEND,
	/* print each request to stdout as a `stroke` command line, send nothing */
	IPSEC_SHOW_ONLY,
	/* print each request to stderr ("+ stroke …"), then send it */
	IPSEC_TRACE,
} ipsec_send_mode_t;

typedef struct ipsec_sender_t ipsec_sender_t;

struct ipsec_sender_t {
	/*
	 * Send @p msg (which this destroys) and relay the reply to stdout and
	 * stderr. Returns charon's exit status, IPSEC_EXIT_NOT_RUNNING if it
	 * cannot be reached, IPSEC_EXIT_FAILED for a NULL or unencodable
	 * request or a broken reply; 0 for every request in IPSEC_SHOW_ONLY.
	 */
	int (*send)(ipsec_sender_t *this, stroke_msg_t *msg);
	/*
	 * Like send(), but charon's error lines are dropped unless tracing:
	 * for a step that may fail harmlessly (del_conn before a replace).
	 */
	int (*send_quiet)(ipsec_sender_t *this, stroke_msg_t *msg);
	/* The mode this sender was created with. */
	ipsec_send_mode_t (*get_mode)(ipsec_sender_t *this);
	void (*destroy)(ipsec_sender_t *this);
};

/* A sender for the socket at @p socket (NULL: $IPSEC_PIDDIR/charon.ctl). */
ipsec_sender_t *ipsec_sender_create(const char *socket, ipsec_send_mode_t mode);

/*
 * Print @p msg as a command line the `stroke` tool accepts, values quoted
 * for the shell where needed (--socket @p socket first unless NULL).
 */
void ipsec_request_print(stroke_msg_t *msg, const char *socket, FILE *out);

/*
 * ipsec.conf for the libreswan forms (ipsec_conf.c). The declarations of
 * config_t live in src/starter/conf.h; this keeps them out of the rest.
 */
struct config_t;
struct conf_section_t;

/* The ipsec.conf starter reads: starter.config_file of cygnet.conf, else
 * $IPSEC_CONFDIR/ipsec.conf. */
const char *ipsec_conf_default(char *buf, size_t len);

/* Parse @p path (NULL: the default); NULL after printing every error
 * ("FILE:LINE:COL: what") to stderr. */
struct config_t *ipsec_conf_load(const char *path);

/* Conn @p name of @p config; NULL after saying it is not in the file. */
const struct conf_section_t *ipsec_conf_conn(struct config_t *config, const char *name);

#endif
