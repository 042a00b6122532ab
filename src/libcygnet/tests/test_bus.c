/*
 * Tests of the logging bus, the file and syslog loggers and their
 * configuration from cygnet.conf.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "bus/log_bus.h"
#include "settings/settings.h"

static char tmpdir[64];

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cygnet-bus-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	log_bus_set_fallback_level(LEVEL_AUDIT);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* a few rotating buffers, so several paths can be held at once */
static char *tmpfile_path(const char *name)
{
	static char paths[4][128];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return path;
}

/* whole file as a string (caller frees) */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = mem_zalloc(len + 1);
	ck_assert_int_eq(fread(buf, 1, len, f), len);
	fclose(f);
	return buf;
}

static int count_lines(const char *text)
{
	int lines = 0;

	for (; *text; text++) {
		lines += *text == '\n';
	}
	return lines;
}

/* point stderr at a file for the duration of a test step */
static int capture_stderr(const char *path)
{
	int saved = dup(STDERR_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	close(fd);
	return saved;
}

static void restore_stderr(int saved)
{
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

START_TEST(test_names)
{
	int i;

	for (i = 0; i < DBG_MAX; i++) {
		ck_assert_ptr_nonnull(debug_name(i));
		ck_assert_int_eq(debug_from_name(debug_name(i)), i);
		ck_assert_int_eq(strlen(debug_label(i)), 3);
	}
	ck_assert_str_eq(debug_name(DBG_IKE), "ike");
	ck_assert_str_eq(debug_label(DBG_IKE), "IKE");
	ck_assert_int_eq(debug_from_name("KNL"), DBG_KNL);
	ck_assert_int_eq(debug_from_name("any"), DBG_MAX);
	ck_assert_int_eq(debug_from_name("bogus"), DBG_MAX);
	ck_assert_int_eq(debug_from_name(NULL), DBG_MAX);
	ck_assert_ptr_null(debug_name(DBG_MAX));
	ck_assert_str_eq(debug_label(DBG_MAX), "???");
	ck_assert(!dbg_wants(DBG_MAX, LEVEL_BASIC));
}
END_TEST

START_TEST(test_levels)
{
	char *path = tmpfile_path("levels.log"), *text;
	logger_t *logger = file_logger_create(path, NULL, false, false);

	ck_assert_ptr_nonnull(logger);
	file_logger_set_level(logger, DBG_MAX, LEVEL_AUDIT);
	file_logger_set_level(logger, DBG_IKE, LEVEL_RAW);
	file_logger_set_level(logger, DBG_CFG, LEVEL_BASIC);
	file_logger_set_level(logger, DBG_JOB, LEVEL_SILENT);
	ck_assert_int_eq(logger->get_level(logger, DBG_IKE), LEVEL_RAW);
	ck_assert_int_eq(logger->get_level(logger, DBG_NET), LEVEL_AUDIT);
	log_bus_add_logger(logger);
	/* twice is once */
	log_bus_add_logger(logger);

	ck_assert(dbg_wants(DBG_IKE, LEVEL_RAW));
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_PRIVATE));
	ck_assert(!dbg_wants(DBG_CFG, LEVEL_AUDIT));
	ck_assert(!dbg_wants(DBG_JOB, LEVEL_BASIC));

	DBG3(DBG_IKE, "ike raw %d", 3);
	DBG4(DBG_IKE, "ike private");
	DBG0(DBG_CFG, "cfg basic");
	DBG1(DBG_CFG, "cfg audit");
	DBG0(DBG_JOB, "job basic");
	DBG1(DBG_NET, "net audit");
	DBG2(DBG_NET, "net ctrl");

	/* a level change takes effect at once */
	file_logger_set_level(logger, DBG_JOB, LEVEL_CTRL);
	ck_assert(dbg_wants(DBG_JOB, LEVEL_CTRL));
	DBG2(DBG_JOB, "job ctrl");

	log_bus_remove_logger(logger);
	logger->destroy(logger);

	text = slurp(path);
	ck_assert_str_eq(text, "00[IKE] ike raw 3\n"
			       "00[CFG] cfg basic\n"
			       "00[NET] net audit\n"
			       "00[JOB] job ctrl\n");
	free(text);
}
END_TEST

START_TEST(test_format)
{
	char *path = tmpfile_path("format.log"), *text, *line;
	char big[2000];
	logger_t *logger = file_logger_create(path, "%Y-%m-%d", false, true);
	int year;

	ck_assert_ptr_nonnull(logger);
	log_bus_add_logger(logger);
	DBG1(DBG_IKE, "first\nsecond");
	DBG1(DBG_KNL, "trailing newline\n");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	DBG1(DBG_APP, "%s|", big);
	log_bus_remove_logger(logger);
	logger->destroy(logger);

	text = slurp(path);
	ck_assert_int_eq(count_lines(text), 4);
	line = text;
	/* "YYYY-MM-DD 00[IKE] first" */
	ck_assert_int_eq(sscanf(line, "%4d-", &year), 1);
	ck_assert_int_ge(year, 2024);
	ck_assert_str_eq(strtok(line + 11, "\n"), "00[IKE] first");
	line = strtok(NULL, "\n");
	ck_assert_str_eq(line + 11, "00[IKE] second");
	line = strtok(NULL, "\n");
	ck_assert_str_eq(line + 11, "00[KNL] trailing newline");
	line = strtok(NULL, "\n");
	ck_assert_int_eq(strlen(line), 11 + 8 + sizeof(big) - 1 + 1);
	ck_assert_int_eq(line[strlen(line) - 1], '|');
	free(text);
}
END_TEST

START_TEST(test_append)
{
	char *path = tmpfile_path("append.log"), *text;
	logger_t *logger;
	FILE *f;

	f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);

	logger = file_logger_create(path, NULL, true, false);
	log_bus_add_logger(logger);
	DBG1(DBG_LIB, "appended");
	log_bus_remove_logger(logger);
	logger->destroy(logger);
	text = slurp(path);
	ck_assert_str_eq(text, "old\n00[LIB] appended\n");
	free(text);

	logger = file_logger_create(path, NULL, false, false);
	log_bus_add_logger(logger);
	DBG1(DBG_LIB, "truncated");
	log_bus_remove_logger(logger);
	logger->destroy(logger);
	text = slurp(path);
	ck_assert_str_eq(text, "00[LIB] truncated\n");
	free(text);
}
END_TEST

START_TEST(test_open_fails)
{
	char *err = tmpfile_path("stderr.txt"), *text;
	int saved;

	saved = capture_stderr(err);
	ck_assert_ptr_null(file_logger_create(tmpfile_path("no/such/dir.log"),
					      NULL, true, false));
	ck_assert_ptr_null(file_logger_create("", NULL, true, false));
	ck_assert_ptr_null(file_logger_create(NULL, NULL, true, false));
	restore_stderr(saved);

	/* the reason reached the fallback */
	text = slurp(err);
	ck_assert_ptr_nonnull(strstr(text, "[LIB] opening log file"));
	ck_assert_ptr_nonnull(strstr(text, "No such file or directory"));
	free(text);
}
END_TEST

START_TEST(test_fallback)
{
	char *err = tmpfile_path("stderr.txt"), *path = tmpfile_path("f.log");
	char *text;
	logger_t *logger;
	int saved;

	ck_assert(dbg_wants(DBG_DMN, LEVEL_AUDIT));
	ck_assert(!dbg_wants(DBG_DMN, LEVEL_CTRL));

	saved = capture_stderr(err);
	DBG1(DBG_DMN, "start-up error\nwith detail");
	DBG2(DBG_DMN, "too verbose");
	log_bus_set_fallback_level(LEVEL_SILENT);
	ck_assert(!dbg_wants(DBG_DMN, LEVEL_BASIC));
	DBG0(DBG_DMN, "muted");
	log_bus_set_fallback_level(LEVEL_CTRL);
	DBG2(DBG_CFG, "now wanted");

	/* a registered logger takes over: nothing more on stderr */
	logger = file_logger_create(path, NULL, false, false);
	file_logger_set_level(logger, DBG_MAX, LEVEL_BASIC);
	log_bus_add_logger(logger);
	ck_assert(!dbg_wants(DBG_CFG, LEVEL_AUDIT));
	DBG0(DBG_CFG, "to the file");
	log_bus_remove_logger(logger);
	logger->destroy(logger);
	/* and the fallback returns when it is gone */
	ck_assert(dbg_wants(DBG_CFG, LEVEL_CTRL));
	log_bus_set_fallback_level(LEVEL_AUDIT);
	restore_stderr(saved);

	text = slurp(err);
	ck_assert_str_eq(text, "00[DMN] start-up error\n"
			       "00[DMN] with detail\n"
			       "00[CFG] now wanted\n");
	free(text);
	text = slurp(path);
	ck_assert_str_eq(text, "00[CFG] to the file\n");
	free(text);
}
END_TEST

START_TEST(test_stderr_logger)
{
	char *err = tmpfile_path("stderr.txt"), *text;
	logger_t *logger;
	int saved;

	saved = capture_stderr(err);
	logger = file_logger_create("stderr", "", false, false);
	ck_assert_ptr_nonnull(logger);
	log_bus_add_logger(logger);
	DBG1(DBG_ESP, "on stderr");
	log_bus_remove_logger(logger);
	/* must not close stderr */
	logger->destroy(logger);
	fprintf(stderr, "still open\n");
	restore_stderr(saved);

	text = slurp(err);
	ck_assert_str_eq(text, "00[ESP] on stderr\nstill open\n");
	free(text);
}
END_TEST

#define THREADS 4
#define MESSAGES 300

static void *log_from_thread(void *arg)
{
	int i;

	for (i = 0; i < MESSAGES; i++) {
		DBG1(DBG_NET, "msg %d of %d\ncontinued %d", i, log_bus_thread_id(), i);
	}
	return NULL;
}

START_TEST(test_threads)
{
	char *path = tmpfile_path("threads.log"), *text, *line, *save = NULL;
	pthread_t threads[THREADS];
	int seen[THREADS + 1] = { 0 }, ids[THREADS], i, n;
	int thread, num, id, prev_num = -1, prev_thread = -1;
	logger_t *logger = file_logger_create(path, NULL, false, false);

	log_bus_add_logger(logger);
	for (i = 0; i < THREADS; i++) {
		pthread_create(&threads[i], NULL, log_from_thread, NULL);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(threads[i], NULL);
	}
	log_bus_remove_logger(logger);
	logger->destroy(logger);

	text = slurp(path);
	ck_assert_int_eq(count_lines(text), THREADS * MESSAGES * 2);
	n = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n++ % 2 == 0) {
			ck_assert_int_eq(sscanf(line, "%d[NET] msg %d of %d",
						&thread, &num, &id), 3);
			/* the prefix number is the thread's own */
			ck_assert_int_eq(thread, id);
			ck_assert_int_gt(thread, 0);
			prev_num = num;
			prev_thread = thread;
		} else {
			/* both lines of a message stay together */
			ck_assert_int_eq(sscanf(line, "%d[NET] continued %d",
						&thread, &num), 2);
			ck_assert_int_eq(thread, prev_thread);
			ck_assert_int_eq(num, prev_num);
			for (i = 0; i < THREADS; i++) {
				if (seen[i] == 0 || ids[i] == thread) {
					ids[i] = thread;
					seen[i]++;
					break;
				}
			}
			ck_assert_int_lt(i, THREADS);
		}
	}
	/* four distinct thread numbers, each with all its messages */
	for (i = 0; i < THREADS; i++) {
		ck_assert_int_eq(seen[i], MESSAGES);
	}
	free(text);
	ck_assert_int_eq(log_bus_thread_id(), 0);
}
END_TEST

/* a logger that logs itself: must be ignored, not recurse or deadlock */
typedef struct {
	logger_t public;
	int calls;
} echo_logger_t;

static void echo_log(logger_t *public, debug_t group, level_t level,
		     int thread, const char *message)
{
	echo_logger_t *this = (echo_logger_t *)public;

	this->calls++;
	DBG1(DBG_LIB, "echo: %s", message);
}

static level_t echo_get_level(logger_t *public, debug_t group)
{
	return LEVEL_CTRL;
}

START_TEST(test_recursion)
{
	echo_logger_t echo = {
		.public = { .log = echo_log, .get_level = echo_get_level },
	};

	log_bus_add_logger(&echo.public);
	DBG2(DBG_IKE, "once");
	DBG3(DBG_IKE, "not wanted");
	log_bus_remove_logger(&echo.public);
	ck_assert_int_eq(echo.calls, 1);
}
END_TEST

START_TEST(test_sys_logger)
{
	logger_t *a = sys_logger_create(LOG_DAEMON, "cygnet-test");
	logger_t *b = sys_logger_create(LOG_LOCAL7, NULL);

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->get_level(a, DBG_IKE), LEVEL_AUDIT);
	sys_logger_set_level(a, DBG_MAX, LEVEL_SILENT);
	sys_logger_set_level(a, DBG_KNL, LEVEL_CTRL);
	ck_assert_int_eq(a->get_level(a, DBG_IKE), LEVEL_SILENT);
	ck_assert_int_eq(a->get_level(a, DBG_KNL), LEVEL_CTRL);
	ck_assert_int_eq(a->get_level(a, DBG_MAX), LEVEL_SILENT);

	log_bus_add_logger(a);
	log_bus_add_logger(b);
	ck_assert(dbg_wants(DBG_KNL, LEVEL_CTRL));
	ck_assert(dbg_wants(DBG_IKE, LEVEL_AUDIT));
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_CTRL));
	/* without a syslog daemon this goes nowhere, but must not fail */
	DBG2(DBG_KNL, "test message\nsecond line");
	log_bus_remove_logger(a);
	log_bus_remove_logger(b);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

static settings_t *settings_from(const char *conf)
{
	settings_t *settings = settings_create(NULL);

	ck_assert_ptr_nonnull(settings);
	ck_assert_msg(settings->load_string(settings, conf, "test.conf", false),
		      "%s", settings->last_error(settings));
	return settings;
}

START_TEST(test_configure)
{
	library_t *saved = lib, mine = { .ns = "charon" };
	char conf[1024], *main_log, *verbose_log, *text;
	int saved_err;

	main_log = str_dup(tmpfile_path("main.log"));
	verbose_log = str_dup(tmpfile_path("verbose.log"));
	snprintf(conf, sizeof(conf),
		"charon {\n"
		"  filelog {\n"
		"    main {\n"
		"      path = %s\n"
		"      default = 2\n"
		"      cfg = 0\n"
		"      ike = 4\n"
		"      append = no\n"
		"      time_format = %%H:%%M\n"
		"      flush_line = yes\n"
		"      bogus = 1\n"
		"    }\n"
		"    verbose {\n"
		"      path = %s\n"
		"      any = 4\n"
		"      knl = -1\n"
		"    }\n"
		"    stderr {\n"
		"      default = 0\n"
		"    }\n"
		"  }\n"
		"  syslog {\n"
		"    identifier = cygnet-test\n"
		"    daemon {\n"
		"      default = 1\n"
		"    }\n"
		"    nonsense {\n"
		"      default = 1\n"
		"    }\n"
		"  }\n"
		"}\n", main_log, verbose_log);

	mine.settings = settings_from(conf);
	lib = &mine;

	saved_err = capture_stderr(tmpfile_path("stderr.txt"));
	ck_assert_int_eq(log_bus_configure("charon"), 4);
	/* explicit ike = 4 is honoured, any = 4 is capped at 3 */
	ck_assert(dbg_wants(DBG_IKE, LEVEL_PRIVATE));
	ck_assert(!dbg_wants(DBG_NET, LEVEL_PRIVATE));
	ck_assert(dbg_wants(DBG_NET, LEVEL_RAW));
	ck_assert(dbg_wants(DBG_KNL, LEVEL_CTRL));
	ck_assert(!dbg_wants(DBG_KNL, LEVEL_RAW));

	DBG4(DBG_IKE, "private ike");
	DBG1(DBG_CFG, "cfg audit");
	DBG0(DBG_CFG, "cfg basic");
	DBG3(DBG_KNL, "knl raw");
	DBG3(DBG_ENC, "enc raw");
	DBG2(DBG_ENC, "enc ctrl");

	/* reconfiguring replaces the loggers */
	mine.settings->destroy(mine.settings);
	mine.settings = settings_from("charon { filelog { x { path = /dev/null\n"
				      "default = -1\n } } }");
	ck_assert_int_eq(log_bus_configure("charon"), 1);
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_BASIC));
	log_bus_deconfigure();
	/* back to the fallback */
	ck_assert(dbg_wants(DBG_IKE, LEVEL_AUDIT));
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_CTRL));
	restore_stderr(saved_err);

	text = slurp(main_log);
	/* "HH:MM 00[IKE] private ike" */
	ck_assert_int_eq(count_lines(text), 3);
	ck_assert_ptr_nonnull(strstr(text, " 00[IKE] private ike\n"));
	ck_assert_ptr_nonnull(strstr(text, " 00[CFG] cfg basic\n"));
	ck_assert_ptr_null(strstr(text, "cfg audit"));
	/* main has knl at 2, verbose turned it off */
	ck_assert_ptr_null(strstr(text, "knl raw"));
	ck_assert_ptr_null(strstr(text, "enc raw"));
	ck_assert_ptr_nonnull(strstr(text, " 00[ENC] enc ctrl\n"));
	ck_assert_int_eq(text[2], ':');
	free(text);

	text = slurp(verbose_log);
	ck_assert_str_eq(text, "00[CFG] cfg audit\n"
			       "00[CFG] cfg basic\n"
			       "00[ENC] enc raw\n"
			       "00[ENC] enc ctrl\n");
	free(text);

	/* stderr got level 0 and the warnings about the configuration */
	text = slurp(tmpfile_path("stderr.txt"));
	ck_assert_ptr_nonnull(strstr(text, "00[CFG] cfg basic\n"));
	ck_assert_ptr_null(strstr(text, "cfg audit"));
	ck_assert_ptr_nonnull(strstr(text, "charon.filelog.main.bogus"));
	ck_assert_ptr_nonnull(strstr(text, "charon.filelog.verbose.any = 4"));
	ck_assert_ptr_nonnull(strstr(text, "'nonsense'"));
	free(text);

	mine.settings->destroy(mine.settings);
	lib = saved;
	free(main_log);
	free(verbose_log);
}
END_TEST

START_TEST(test_configure_empty)
{
	library_t *saved = lib, mine = { .ns = "charon" };

	lib = &mine;
	/* no settings at all */
	ck_assert_int_eq(log_bus_configure("charon"), 0);
	mine.settings = settings_from("charon {\n load = random\n}\n");
	ck_assert_int_eq(log_bus_configure("charon"), 0);
	ck_assert_int_eq(log_bus_configure(NULL), 0);
	log_bus_deconfigure();
	ck_assert(dbg_wants(DBG_IKE, LEVEL_AUDIT));
	mine.settings->destroy(mine.settings);
	lib = saved;
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("bus");
	TCase *tc;

	tc = tcase_create("bus");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_levels);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_open_fails);
	tcase_add_test(tc, test_fallback);
	tcase_add_test(tc, test_stderr_logger);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_recursion);
	tcase_add_test(tc, test_sys_logger);
	suite_add_tcase(s, tc);

	tc = tcase_create("config");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_configure);
	tcase_add_test(tc, test_configure_empty);
	suite_add_tcase(s, tc);
	return s;
}
