/*
 * The ipsec front end against a fake charon: which stroke requests each
 * command line sends, what it prints and which exit status it returns.
 * Programs it runs (starter, commands in $IPSEC_DIR) are shell scripts
 * that record their arguments.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_runner.h"
#include "ipsec.h"
#include "fake_charon.h"

#define MAX_ARGS 32

static char dir[256];
static char out[65536], err[65536];
static fake_charon_t *charon;

static const char *CONF =
	"config setup\n"
	"\n"
	"conn %default\n"
	"\tkeyexchange=ikev2\n"
	"\tauthby=secret\n"
	"\n"
	"conn site\n"
	"\tleft=192.0.2.1\n"
	"\tright=192.0.2.2\n"
	"\tleftsubnet=10.1.0.0/16\n"
	"\trightsubnet=10.2.0.0/16\n"
	"\tauto=add\n"
	"\n"
	"conn routed\n"
	"\talso=site\n"
	"\trightsubnet=10.3.0.0/16\n"
	"\tauto=route\n"
	"\n"
	"conn started\n"
	"\talso=site\n"
	"\trightsubnet=10.4.0.0/16\n"
	"\tauto=start\n"
	"\n"
	"conn ignored\n"
	"\talso=site\n"
	"\tauto=ignore\n";

static const char *path_of(const char *name)
{
	static char paths[4][512];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const char *content, mode_t mode)
{
	FILE *file = fopen(path_of(name), "w");

	ck_assert_ptr_nonnull(file);
	fputs(content, file);
	fclose(file);
	chmod(path_of(name), mode);
}

static void read_file(const char *path, char *buf, size_t len)
{
	FILE *file = fopen(path, "r");
	size_t got = 0;

	if (file) {
		got = fread(buf, 1, len - 1, file);
		fclose(file);
	}
	buf[got] = '\0';
}

/* Run `ipsec ARGS…` (NULL-terminated); stdout and stderr land in out/err. */
static int run(const char *first, ...)
{
	char *argv[MAX_ARGS] = { "ipsec" };
	int argc = 1, status, saved_out, saved_err, fd_out, fd_err;
	const char *arg;
	va_list args;

	va_start(args, first);
	for (arg = first; arg && argc < MAX_ARGS - 1; arg = va_arg(args, const char *)) {
		argv[argc++] = (char *)arg;
	}
	va_end(args);
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	fd_out = open(path_of("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fd_err = open(path_of("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd_out, STDOUT_FILENO);
	dup2(fd_err, STDERR_FILENO);
	status = ipsec_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	close(fd_out);
	close(fd_err);
	read_file(path_of("stdout"), out, sizeof(out));
	read_file(path_of("stderr"), err, sizeof(err));
	return status;
}

#define assert_log(expected) ck_assert_str_eq(charon->get_log(charon), expected)
#define assert_out_has(text) ck_assert_msg(strstr(out, text), "'%s' not in stdout:\n%s", text, out)
#define assert_err_has(text) ck_assert_msg(strstr(err, text), "'%s' not in stderr:\n%s", text, err)

static void setup(void)
{
	char etc[300], run_dir[300];

	snprintf(dir, sizeof(dir), "/tmp/test_ipsec.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(etc, sizeof(etc), "%s/etc", dir);
	snprintf(run_dir, sizeof(run_dir), "%s/run", dir);
	mkdir(etc, 0700);
	mkdir(run_dir, 0700);
	mkdir(path_of("libexec"), 0700);
	setenv("IPSEC_CONFDIR", etc, 1);
	setenv("IPSEC_PIDDIR", run_dir, 1);
	setenv("IPSEC_DIR", path_of("libexec"), 1);
	write_file("etc/ipsec.conf", CONF, 0644);
	charon = fake_charon_create(path_of("run/charon.ctl"));
	ck_assert_ptr_nonnull(charon);
}

static void teardown(void)
{
	char cmd[300];

	if (charon) {
		charon->destroy(charon);
		charon = NULL;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	unsetenv("IPSEC_CONFDIR");
	unsetenv("IPSEC_PIDDIR");
	unsetenv("IPSEC_DIR");
}

/* charon gone: the socket is removed */
static void stop_charon(void)
{
	charon->destroy(charon);
	charon = NULL;
}

/* strongSwan's commands */

START_TEST(test_up_ok)
{
	charon->expect(charon, "up", 0, "connection 'site' established successfully", NULL);
	ck_assert_int_eq(run("up", "site", NULL), 0);
	assert_log("up name=site\n");
	assert_out_has("established successfully");
}
END_TEST

START_TEST(test_up_fails)
{
	charon->expect(charon, "up", 1, NULL, "establishing connection 'site' failed");
	ck_assert_int_eq(run("up", "site", NULL), 1);
	assert_err_has("establishing connection 'site' failed");
}
END_TEST

START_TEST(test_up_usage)
{
	ck_assert_int_eq(run("up", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("Usage: ipsec up <name>");
	ck_assert_int_eq(run("up", "a", "b", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("up", "a", "--bogus", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("unknown option '--bogus'");
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

START_TEST(test_down_forms)
{
	ck_assert_int_eq(run("down", "site", NULL), 0);
	ck_assert_int_eq(run("down", "site{3}", NULL), 0);
	ck_assert_int_eq(run("down", "site{*}", NULL), 0);
	ck_assert_int_eq(run("down", "site[2]", NULL), 0);
	ck_assert_int_eq(run("down", "site[*]", "--async", NULL), 0);
	assert_log("down name=site\ndown name=site{3}\ndown name=site{*}\n"
		   "down name=site[2]\ndown name=site[*] async=yes\n");
}
END_TEST

START_TEST(test_not_running)
{
	stop_charon();
	ck_assert_int_eq(run("status", NULL), IPSEC_EXIT_NOT_RUNNING);
	assert_err_has("connecting to '");
	ck_assert_int_eq(run("up", "site", NULL), IPSEC_EXIT_NOT_RUNNING);
	ck_assert_int_eq(run("listall", NULL), IPSEC_EXIT_NOT_RUNNING);
	ck_assert_int_eq(run("auto", "--add", "site", NULL), IPSEC_EXIT_NOT_RUNNING);
	ck_assert_int_eq(run("add", "site", "routed", NULL), IPSEC_EXIT_NOT_RUNNING);
}
END_TEST

START_TEST(test_status_flags)
{
	ck_assert_int_eq(run("status", NULL), 0);
	ck_assert_int_eq(run("statusall", "site", "--json", NULL), 0);
	ck_assert_int_eq(run("status", "--utc", "site", NULL), 0);
	assert_log("status\nstatusall name=site json=yes\nstatus name=site utc=yes\n");
}
END_TEST

START_TEST(test_positionals)
{
	ck_assert_int_eq(run("leases", NULL), 0);
	ck_assert_int_eq(run("leases", "pool", "10.0.0.1", NULL), 0);
	ck_assert_int_eq(run("down-srcip", "10.0.0.1", NULL), 0);
	ck_assert_int_eq(run("down-srcip", "10.0.0.1", "10.0.0.9", NULL), 0);
	ck_assert_int_eq(run("listcounters", "site", "--utc", NULL), 0);
	ck_assert_int_eq(run("resetcounters", NULL), 0);
	assert_log("leases\nleases name=pool address=10.0.0.1\ndown_srcip name=10.0.0.1\n"
		   "down_srcip name=10.0.0.1 end=10.0.0.9\nlist what=counters name=site utc=yes\n"
		   "resetcounters\n");
	ck_assert_int_eq(run("leases", "a", "b", "c", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("down-srcip", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("Usage: ipsec down-srcip <start> [<end>]");
	ck_assert_int_eq(run("listcerts", "x", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(charon->get_count(charon), 6);
}
END_TEST

START_TEST(test_lists)
{
	ck_assert_int_eq(run("listcacerts", "--utc", NULL), 0);
	ck_assert_int_eq(run("listall", "--json", NULL), 0);
	ck_assert_int_eq(run("rereadsecrets", NULL), 0);
	ck_assert_int_eq(run("purgeike", NULL), 0);
	assert_log("list what=cacerts utc=yes\nlist what=all json=yes\nreread what=secrets\n"
		   "purge what=ike\n");
}
END_TEST

START_TEST(test_charon_status_relayed)
{
	charon->expect(charon, "reread", 1, NULL, "loading secrets failed");
	ck_assert_int_eq(run("rereadsecrets", NULL), 1);
	assert_err_has("loading secrets failed");
}
END_TEST

/* libreswan's ipsec auto */

START_TEST(test_auto_add)
{
	ck_assert_int_eq(run("auto", "--add", "site", NULL), 0);
	assert_log("add_conn name=site authby=secret auto=add keyexchange=ikev2 "
		   "left=192.0.2.1 leftsubnet=10.1.0.0/16 right=192.0.2.2 "
		   "rightsubnet=10.2.0.0/16\n");
}
END_TEST

START_TEST(test_auto_showonly)
{
	ck_assert_int_eq(run("auto", "--showonly", "--start", "routed", "--asynchronous", NULL),
			 0);
	ck_assert_int_eq(charon->get_count(charon), 0);
	assert_out_has("stroke add_conn name=routed authby=secret auto=route");
	assert_out_has("rightsubnet=10.3.0.0/16\nstroke up name=routed async=yes\n");
}
END_TEST

START_TEST(test_auto_showonly_errors)
{
	stop_charon();
	ck_assert_int_eq(run("auto", "--showonly", "--add", "nosuch", NULL), 1);
	assert_err_has("no conn 'nosuch' in ");
	ck_assert_str_eq(out, "");
	/* no charon needed to show */
	ck_assert_int_eq(run("auto", "--showonly", "--delete", "site", NULL), 0);
	ck_assert_str_eq(out, "stroke del_conn name=site\n");
}
END_TEST

START_TEST(test_auto_replace)
{
	charon->expect(charon, "del_conn", 1, NULL, "no configuration named 'site' found");
	ck_assert_int_eq(run("auto", "--replace", "site", NULL), 0);
	ck_assert_ptr_null(strstr(err, "no configuration named"));
	ck_assert_int_eq(charon->get_count(charon), 2);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "del_conn name=site\nadd_conn "));
}
END_TEST

START_TEST(test_auto_verbose)
{
	charon->expect(charon, "del_conn", 1, NULL, "no configuration named 'site' found");
	ck_assert_int_eq(run("auto", "--verbose", "--replace", "site", NULL), 0);
	assert_err_has("+ stroke del_conn name=site\n");
	assert_err_has("no configuration named");
	ck_assert_int_eq(run("auto", "--verbose", "--up", "site", NULL), 0);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "up name=site loglevel=2\n"));
}
END_TEST

START_TEST(test_auto_stops_at_failure)
{
	charon->expect(charon, "add_conn", 1, NULL, "invalid conn");
	ck_assert_int_eq(run("auto", "--start", "site", NULL), 1);
	ck_assert_int_eq(charon->get_count(charon), 1);
	assert_err_has("invalid conn");
}
END_TEST

START_TEST(test_auto_conn_ops)
{
	ck_assert_int_eq(run("auto", "--delete", "site", NULL), 0);
	ck_assert_int_eq(run("auto", "--up", "site", "--asynchronous", NULL), 0);
	ck_assert_int_eq(run("auto", "--down", "site", NULL), 0);
	ck_assert_int_eq(run("auto", "--route", "site", NULL), 0);
	ck_assert_int_eq(run("auto", "--unroute", "site", NULL), 0);
	assert_log("del_conn name=site\nup name=site async=yes\ndown name=site\n"
		   "route name=site\nunroute name=site\n");
}
END_TEST

START_TEST(test_auto_ondemand)
{
	ck_assert_int_eq(run("auto", "--ondemand", "site", NULL), 0);
	ck_assert_int_eq(charon->get_count(charon), 2);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nroute name=site\n"));
}
END_TEST

START_TEST(test_auto_no_conn_ops)
{
	ck_assert_int_eq(run("auto", "--status", NULL), 0);
	ck_assert_int_eq(run("auto", "--ready", NULL), 0);
	ck_assert_int_eq(run("auto", "--utc", "--listall", "--rereadsecrets", NULL), 0);
	ck_assert_int_eq(run("auto", "--rereadall", "--listcerts", NULL), 0);
	ck_assert_int_eq(run("auto", "--purgeocsp", NULL), 0);
	ck_assert_int_eq(run("auto", "--status", "site", NULL), 0);
	assert_log("statusall\nready\nlist what=all utc=yes\nreread what=secrets\n"
		   "reread what=all\nlist what=certs\nlist what=all\npurge what=ocsp\n"
		   "statusall name=site\n");
}
END_TEST

START_TEST(test_auto_config)
{
	write_file("other.conf", "conn elsewhere\n\tleft=192.0.2.9\n\tright=%any\n", 0644);
	ck_assert_int_eq(run("auto", "--config", path_of("other.conf"), "--add", "elsewhere",
			     NULL), 0);
	assert_log("add_conn name=elsewhere left=192.0.2.9 right=%any\n");
	/* site is in the default file only */
	ck_assert_int_eq(run("auto", "--config", path_of("other.conf"), "--add", "site", NULL),
			 1);
	assert_err_has("no conn 'site' in ");
}
END_TEST

START_TEST(test_auto_broken_config)
{
	write_file("broken.conf", "conn x\n\tleft=1.2.3.4\n\tlefft=5.6.7.8\n", 0644);
	ck_assert_int_eq(run("auto", "--config", path_of("broken.conf"), "--add", "x", NULL), 1);
	assert_err_has("broken.conf:3:2: ");
	assert_err_has("lefft");
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

START_TEST(test_auto_usage)
{
	ck_assert_int_eq(run("auto", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("auto", "--add", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("--add needs a connection name");
	ck_assert_int_eq(run("auto", "--ready", "site", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("auto", "--add", "a", "b", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("auto", "--frobnicate", "a", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("auto", "--config", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

/* libreswan's ipsec add / ondemand */

START_TEST(test_add_conns)
{
	ck_assert_int_eq(run("add", "site", "routed", "--auto=route", NULL), 0);
	ck_assert_int_eq(charon->get_count(charon), 4);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nroute name=site\nadd_conn "
				     "name=routed "));
	ck_assert_int_eq(run("add", "site", "--auto", "up", NULL), 0);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nup name=site\n"));
	ck_assert_int_eq(run("add", "site", "--auto", "up", "--bg", NULL), 0);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nup name=site async=yes\n"));
	ck_assert_int_eq(run("add", "site", "--auto=keep", NULL), 0);
	ck_assert_int_eq(charon->get_count(charon), 9);
}
END_TEST

START_TEST(test_add_missing_conn_loads_nothing)
{
	ck_assert_int_eq(run("add", "site", "nosuch", NULL), 1);
	assert_err_has("no conn 'nosuch'");
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

START_TEST(test_add_autoall)
{
	ck_assert_int_eq(run("add", "--autoall", NULL), 0);
	ck_assert_int_eq(charon->get_count(charon), 5);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nroute name=routed\n"));
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nup name=started async=yes\n"));
	ck_assert_ptr_null(strstr(charon->get_log(charon), "ignored"));
	ck_assert_int_eq(run("add", "--autoall", "--bg=no", NULL), 0);
	ck_assert_ptr_nonnull(strstr(charon->get_log(charon), "\nup name=started\n"));
}
END_TEST

START_TEST(test_add_dry_run_and_socket)
{
	fake_charon_t *other;

	ck_assert_int_eq(run("add", "-n", "site", "--auto=up", NULL), 0);
	ck_assert_int_eq(charon->get_count(charon), 0);
	assert_out_has("stroke add_conn name=site ");
	assert_out_has("\nstroke up name=site\n");

	other = fake_charon_create(path_of("other.ctl"));
	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(run("add", "--ctlsocket", path_of("other.ctl"), "site", NULL), 0);
	ck_assert_int_eq(other->get_count(other), 1);
	ck_assert_int_eq(run("add", "--dry-run", "--ctlsocket", path_of("other.ctl"), "site",
			     NULL), 0);
	assert_out_has("stroke --socket ");
	other->destroy(other);
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

START_TEST(test_add_failure_continues)
{
	charon->expect(charon, "route", 1, NULL, "trap policies are not supported yet");
	ck_assert_int_eq(run("ondemand", "site", "routed", NULL), 1);
	ck_assert_int_eq(charon->get_count(charon), 4);
	assert_err_has("not supported yet");
}
END_TEST

START_TEST(test_add_usage)
{
	ck_assert_int_eq(run("add", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("add", "site", "--auto=sideways", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("add", "site", "--bg=maybe", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("add", "--autoall", "site", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("add", "--checkconfig", "site", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("ondemand", "site", "--auto=up", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("ondemand", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(charon->get_count(charon), 0);
}
END_TEST

/* programs ipsec runs */

/* A fake starter that records its arguments and exits with $STATUS. */
static void fake_starter(int status)
{
	char script[512];

	snprintf(script, sizeof(script), "#!/bin/sh\necho \"$@\" >>'%s'\nexit %d\n",
		 path_of("starter.args"), status);
	write_file("libexec/starter", script, 0755);
}

START_TEST(test_add_checkconfig)
{
	char args[512];

	fake_starter(1);
	ck_assert_int_eq(run("add", "--checkconfig", "--verbose", "--config", "/x.conf", NULL),
			 1);
	read_file(path_of("starter.args"), args, sizeof(args));
	ck_assert_str_eq(args, "--checkconfig --verbose --conf /x.conf\n");
}
END_TEST

START_TEST(test_update_dry_run)
{
	char args[512];

	fake_starter(0);
	ck_assert_int_eq(run("update", "--dry-run", NULL), 0);
	read_file(path_of("starter.args"), args, sizeof(args));
	ck_assert_str_eq(args, "--dry-run-update\n");
	ck_assert_int_eq(run("update", "--bogus", NULL), IPSEC_EXIT_USAGE);
}
END_TEST

START_TEST(test_update_not_running)
{
	ck_assert_int_eq(run("update", NULL), IPSEC_EXIT_NOT_RUNNING);
	assert_err_has("starter is not running");
	ck_assert_int_eq(run("reload", NULL), IPSEC_EXIT_NOT_RUNNING);
}
END_TEST

START_TEST(test_start_broken_config)
{
	char args[512];

	fake_starter(1);
	ck_assert_int_eq(run("start", NULL), 1);
	assert_err_has("not starting");
	read_file(path_of("starter.args"), args, sizeof(args));
	/* only the check ran */
	ck_assert_str_eq(args, "--checkconfig\n");
	ck_assert_int_eq(run("start", "--checkconfig", NULL), 1);
}
END_TEST

/* Run ipsec in a child (it execs); its exit status. */
static int run_child(const char *first, const char *second)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		_exit(run(first, second, NULL));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_external_command)
{
	char env[4096], expect[1024];

	write_file("libexec/mytool",
		   "#!/bin/sh\nenv | grep '^IPSEC_' | sort >\"$IPSEC_DIR/../env\"\n"
		   "echo \"$0 $*\" >>\"$IPSEC_DIR/../env\"\nexit 5\n", 0755);
	ck_assert_int_eq(run_child("mytool", "arg1"), 5);
	read_file(path_of("env"), env, sizeof(env));
	snprintf(expect, sizeof(expect), "IPSEC_CHARON_PID=%s\n", path_of("run/charon.pid"));
	ck_assert_msg(strstr(env, expect), "%s", env);
	snprintf(expect, sizeof(expect), "IPSEC_STARTER_PID=%s\n",
		 path_of("run/starter.charon.pid"));
	ck_assert_msg(strstr(env, expect), "%s", env);
	snprintf(expect, sizeof(expect), "IPSEC_DIR=%s\n", path_of("libexec"));
	ck_assert_msg(strstr(env, expect), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_NAME=cygnet\n"), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_SCRIPT=ipsec\n"), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_VERSION=U"), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_SBINDIR="), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_BINDIR="), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_CONFDIR="), "%s", env);
	ck_assert_msg(strstr(env, "IPSEC_PIDDIR="), "%s", env);
	ck_assert_msg(strstr(env, "/mytool arg1\n"), "%s", env);
}
END_TEST

START_TEST(test_unknown_command)
{
	write_file("libexec/notexec", "#!/bin/sh\nexit 0\n", 0644);
	ck_assert_int_eq(run("notexec", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("unknown command 'notexec'");
	ck_assert_int_eq(run("../libexec/notexec", NULL), IPSEC_EXIT_USAGE);
	ck_assert_int_eq(run("--frob", NULL), IPSEC_EXIT_USAGE);
	assert_err_has("unknown option '--frob'");
}
END_TEST

START_TEST(test_info)
{
	ck_assert_int_eq(run("--piddir", NULL), 0);
	ck_assert_str_eq(out, path_of("run\n"));
	ck_assert_int_eq(run("--confdir", NULL), 0);
	ck_assert_str_eq(out, path_of("etc\n"));
	ck_assert_int_eq(run("--directory", NULL), 0);
	ck_assert_str_eq(out, path_of("libexec\n"));
	ck_assert_int_eq(run("--versioncode", NULL), 0);
	ck_assert(out[0] == 'U' && strstr(out, "/K"));
	ck_assert_int_eq(run("--help", NULL), 0);
	assert_out_has("down-srcip");
	assert_out_has("ondemand");
}
END_TEST

START_TEST(test_request_print_quotes)
{
	stroke_msg_t *msg = stroke_msg_create("add_conn");
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	msg->add(msg, "name", "it's");
	msg->add(msg, "leftid", "C=CH, O=x");
	msg->add(msg, "rightid", "");
	msg->add(msg, "right", "%any");
	ipsec_request_print(msg, "/run/a b.ctl", mem);
	fclose(mem);
	ck_assert_str_eq(text, "stroke --socket '/run/a b.ctl' add_conn name='it'\\''s' "
			 "leftid='C=CH, O=x' rightid='' right=%any\n");
	free(text);
	msg->destroy(msg);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("ipsec");
	TCase *tc;

	tc = tcase_create("strongswan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_up_ok);
	tcase_add_test(tc, test_up_fails);
	tcase_add_test(tc, test_up_usage);
	tcase_add_test(tc, test_down_forms);
	tcase_add_test(tc, test_not_running);
	tcase_add_test(tc, test_status_flags);
	tcase_add_test(tc, test_positionals);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_charon_status_relayed);
	suite_add_tcase(s, tc);

	tc = tcase_create("auto");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_auto_add);
	tcase_add_test(tc, test_auto_showonly);
	tcase_add_test(tc, test_auto_showonly_errors);
	tcase_add_test(tc, test_auto_replace);
	tcase_add_test(tc, test_auto_verbose);
	tcase_add_test(tc, test_auto_stops_at_failure);
	tcase_add_test(tc, test_auto_conn_ops);
	tcase_add_test(tc, test_auto_ondemand);
	tcase_add_test(tc, test_auto_no_conn_ops);
	tcase_add_test(tc, test_auto_config);
	tcase_add_test(tc, test_auto_broken_config);
	tcase_add_test(tc, test_auto_usage);
	suite_add_tcase(s, tc);

	tc = tcase_create("add");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_add_conns);
	tcase_add_test(tc, test_add_missing_conn_loads_nothing);
	tcase_add_test(tc, test_add_autoall);
	tcase_add_test(tc, test_add_dry_run_and_socket);
	tcase_add_test(tc, test_add_failure_continues);
	tcase_add_test(tc, test_add_usage);
	tcase_add_test(tc, test_add_checkconfig);
	suite_add_tcase(s, tc);

	tc = tcase_create("programs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_update_dry_run);
	tcase_add_test(tc, test_update_not_running);
	tcase_add_test(tc, test_start_broken_config);
	tcase_add_test(tc, test_external_command);
	tcase_add_test(tc, test_unknown_command);
	tcase_add_test(tc, test_info);
	tcase_add_test(tc, test_request_print_quotes);
	suite_add_tcase(s, tc);
	return s;
}
