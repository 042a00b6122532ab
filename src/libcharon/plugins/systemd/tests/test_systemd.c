/*
 * The systemd plugin against a notification socket of the test's own:
 * READY=1 only once worker threads run, STOPPING=1 on unload, nothing
 * without NOTIFY_SOCKET; journal levels from charon.journal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "test_runner.h"
#include "systemd_plugin.h"
#include "systemd_journal.h"

#include "library.h"
#include "bus/log_bus.h"
#include "processing/processor.h"
#include "settings/settings.h"

static char dir[] = "/tmp/test_systemd.XXXXXX";
static char sock_path[64];
static int sock = -1;

static void setup(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("IPSEC_CONFDIR", dir, 1);
	setenv("IPSEC_PIDDIR", dir, 1);
	log_bus_set_fallback_level(LEVEL_SILENT);
	ck_assert(library_init(NULL, "charon"));
	snprintf(sock_path, sizeof(sock_path), "%s/notify", dir);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock_path);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sock, 0);
	ck_assert_int_eq(bind(sock, (struct sockaddr *)&addr, sizeof(addr)), 0);
	setenv("NOTIFY_SOCKET", sock_path, 1);
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	unsetenv("NOTIFY_SOCKET");
	close(sock);
	sock = -1;
	library_deinit();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_systemd.XXXXXX");
}

/* The next notification within @p ms, "" if none came. */
static const char *receive(int ms)
{
	static char buf[512];
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	ssize_t len;

	buf[0] = '\0';
	if (poll(&pfd, 1, ms) == 1) {
		len = recv(sock, buf, sizeof(buf) - 1, 0);
		buf[len > 0 ? len : 0] = '\0';
	}
	return buf;
}

/* Bring the plugin's only feature up or down, as the loader does. */
static bool feature(plugin_t *plugin, bool loading)
{
	const plugin_feature_t *features;

	ck_assert_int_eq(plugin->get_features(plugin, &features), 1);
	ck_assert_int_eq(features[0].provides.type, FEATURE_CUSTOM);
	ck_assert_str_eq(features[0].provides.name, "systemd");
	return features[0].callback(plugin, &features[0], loading, features[0].data);
}

START_TEST(test_ready_once_running)
{
	plugin_t *plugin = systemd_plugin_create();
	const char *msg;

	ck_assert_str_eq(plugin->get_name(plugin), "systemd");
	ck_assert(feature(plugin, true));
	/* no worker threads yet: charon is not serving anything */
	ck_assert_str_eq(receive(100), "");
	lib->processor->set_threads(lib->processor, 2);
	msg = receive(2000);
	ck_assert_msg(strstr(msg, "READY=1"), "got '%s'", msg);
	ck_assert_msg(strstr(msg, "STATUS=charon (cygnet "), "got '%s'", msg);
	/* exactly once */
	lib->processor->wait_idle(lib->processor);
	ck_assert_str_eq(receive(100), "");

	ck_assert(feature(plugin, false));
	msg = receive(2000);
	ck_assert_msg(strstr(msg, "STOPPING=1"), "got '%s'", msg);
	plugin->destroy(plugin);
	/* the variable stays for scripts and a restarted charon */
	ck_assert_ptr_nonnull(getenv("NOTIFY_SOCKET"));
}
END_TEST

START_TEST(test_not_under_systemd)
{
	plugin_t *plugin = systemd_plugin_create();

	unsetenv("NOTIFY_SOCKET");
	ck_assert(feature(plugin, true));
	lib->processor->set_threads(lib->processor, 1);
	lib->processor->wait_idle(lib->processor);
	ck_assert(feature(plugin, false));
	plugin->destroy(plugin);
	ck_assert_str_eq(receive(100), "");
}
END_TEST

START_TEST(test_socket_gone)
{
	plugin_t *plugin = systemd_plugin_create();

	/* systemd went away: logged, charon goes on */
	unlink(sock_path);
	ck_assert(feature(plugin, true));
	lib->processor->set_threads(lib->processor, 1);
	lib->processor->wait_idle(lib->processor);
	ck_assert(feature(plugin, false));
	plugin->destroy(plugin);
}
END_TEST

START_TEST(test_journal_levels)
{
	systemd_journal_t *journal;
	logger_t *logger;

	ck_assert(!systemd_journal_wanted("charon.journal"));
	ck_assert(lib->settings->load_string(lib->settings,
		"charon {\n"
		"  journal {\n"
		"    default = 2\n"
		"    ike = 4\n"
		"    knl = 0\n"
		"  }\n"
		"}\n", "test.conf", false));
	ck_assert(systemd_journal_wanted("charon.journal"));
	ck_assert(!systemd_journal_wanted("charon.nothere"));
	ck_assert(!systemd_journal_wanted("nodot"));
	journal = systemd_journal_create("charon.journal");
	logger = &journal->logger;
	ck_assert_int_eq(logger->get_level(logger, DBG_CFG), 2);
	ck_assert_int_eq(logger->get_level(logger, DBG_IKE), 4);
	ck_assert_int_eq(logger->get_level(logger, DBG_KNL), 0);

	/* default is capped: private data only for subsystems named */
	ck_assert(lib->settings->load_string(lib->settings,
		"charon { journal { default = 4\n dmn = 4\n } }\n", "test.conf", false));
	journal->reload(journal, "charon.journal");
	ck_assert_int_eq(logger->get_level(logger, DBG_CFG), LEVEL_RAW);
	ck_assert_int_eq(logger->get_level(logger, DBG_DMN), LEVEL_PRIVATE);

	/* an empty section: level 1 everywhere */
	ck_assert(lib->settings->load_string(lib->settings,
		"charon { journal { } }\n", "test.conf", false));
	ck_assert(systemd_journal_wanted("charon.journal"));
	journal->reload(journal, "charon.journal");
	ck_assert_int_eq(logger->get_level(logger, DBG_NET), LEVEL_AUDIT);
	ck_assert_int_eq(logger->get_level(logger, DBG_MAX), LEVEL_SILENT);

	/* no journal listening here: sending fails quietly */
	logger->log(logger, DBG_IKE, LEVEL_AUDIT, 3, "test message");
	logger->destroy(logger);
}
END_TEST

START_TEST(test_plugin_registers_journal)
{
	plugin_t *plugin = systemd_plugin_create();

	ck_assert(lib->settings->load_string(lib->settings,
		"charon { journal { default = 1\n } }\n", "test.conf", false));
	ck_assert(feature(plugin, true));
	ck_assert(dbg_wants(DBG_IKE, LEVEL_AUDIT));
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_CTRL));
	ck_assert(plugin->reload(plugin));
	ck_assert(feature(plugin, false));
	ck_assert(!dbg_wants(DBG_IKE, LEVEL_AUDIT));
	plugin->destroy(plugin);
	receive(100);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("systemd");
	TCase *tc = tcase_create("notify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ready_once_running);
	tcase_add_test(tc, test_not_under_systemd);
	tcase_add_test(tc, test_socket_gone);
	suite_add_tcase(s, tc);

	tc = tcase_create("journal");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_journal_levels);
	tcase_add_test(tc, test_plugin_registers_journal);
	suite_add_tcase(s, tc);
	return s;
}
