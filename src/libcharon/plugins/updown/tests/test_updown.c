/*
 * The updown plugin: the PLUTO_* environment, running scripts (output,
 * exit status, signals, background processes), the listener's up/down
 * pairing and script choice, the plugin feature and the default script.
 */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_runner.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "settings/settings.h"
#include "updown_env.h"
#include "updown_exec.h"
#include "updown_listener.h"
#include "updown_plugin.h"

/* --- log capture ---------------------------------------------------------- */

static char logged[8192];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void cap_log(logger_t *this, debug_t group, level_t level, int thread,
		    const char *message)
{
	pthread_mutex_lock(&log_lock);
	if (strlen(logged) + strlen(message) + 2 < sizeof(logged)) {
		strcat(logged, message);
		strcat(logged, "\n");
	}
	pthread_mutex_unlock(&log_lock);
}

static level_t cap_level(logger_t *this, debug_t group)
{
	return LEVEL_CTRL;
}

static logger_t capture = { .log = cap_log, .get_level = cap_level };

/* --- a minimal IKE_SA ---------------------------------------------------- */

typedef struct {
	ike_sa_t public;
	host_t *me, *other;
	identification_t *my_id, *other_id;
} fake_ike_t;

static uint32_t fi_unique_id(ike_sa_t *this)
{
	return 7;
}

static host_t *fi_my_host(ike_sa_t *this)
{
	return ((fake_ike_t *)this)->me;
}

static host_t *fi_other_host(ike_sa_t *this)
{
	return ((fake_ike_t *)this)->other;
}

static identification_t *fi_my_id(ike_sa_t *this)
{
	return ((fake_ike_t *)this)->my_id;
}

static identification_t *fi_other_id(ike_sa_t *this)
{
	return ((fake_ike_t *)this)->other_id;
}

static fake_ike_t ike;
static daemon_t test_daemon;
static char dir[] = "/tmp/test_updown.XXXXXX";
static char script[256], envfile[256];

static void setup(void)
{
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	library_init(NULL, "charon");
	logged[0] = '\0';
	log_bus_add_logger(&capture);
	test_daemon = (daemon_t){ .bus = charon_bus_create() };
	charon = &test_daemon;
	ike = (fake_ike_t){
		.public = {
			.get_unique_id = fi_unique_id,
			.get_my_host = fi_my_host,
			.get_other_host = fi_other_host,
			.get_my_id = fi_my_id,
			.get_other_id = fi_other_id,
		},
		.me = host_create_from_string("192.0.2.1", 4500),
		.other = host_create_from_string("192.0.2.2", 4500),
		.my_id = identification_create_from_string("moon.example.org"),
		.other_id = identification_create_from_string("192.0.2.2"),
	};
	/* appends the verb and its environment to envfile */
	snprintf(script, sizeof(script), "%s/dump.sh", dir);
	snprintf(envfile, sizeof(envfile), "%s/env", dir);
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\necho \"== $PLUTO_VERB\" >>%s\nenv | sort >>%s\n", envfile,
		envfile);
	fclose(f);
	chmod(script, 0755);
}

static void teardown(void)
{
	char cmd[300];

	log_bus_remove_logger(&capture);
	test_daemon.bus->destroy(test_daemon.bus);
	charon = NULL;
	ike.me->destroy(ike.me);
	ike.other->destroy(ike.other);
	ike.my_id->destroy(ike.my_id);
	ike.other_id->destroy(ike.other_id);
	library_deinit();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_updown.XXXXXX");
}

static bool was_logged(const char *text)
{
	bool found;

	pthread_mutex_lock(&log_lock);
	found = strstr(logged, text) != NULL;
	pthread_mutex_unlock(&log_lock);
	return found;
}

/* envfile's content; "" if it does not exist */
static char *read_env(void)
{
	static char buf[16384];
	size_t len = 0;
	FILE *f = fopen(envfile, "r");

	buf[0] = '\0';
	if (f) {
		len = fread(buf, 1, sizeof(buf) - 1, f);
		buf[len] = '\0';
		fclose(f);
	}
	return buf;
}

/* --- environment ----------------------------------------------------------- */

static updown_info_t info_for(const char *me, const char *other, const char *my_ts,
			      const char *other_ts, bool up)
{
	return (updown_info_t){
		.name = "site",
		.up = up,
		.reqid = 3,
		.unique_id = 9,
		.me = host_create_from_string(me, 4500),
		.other = host_create_from_string(other, 4500),
		.my_ts = traffic_selector_create_from_cidr(my_ts, 0, 0, 65535),
		.other_ts = traffic_selector_create_from_cidr(other_ts, 0, 0, 65535),
	};
}

static void info_free(updown_info_t *info)
{
	info->me->destroy(info->me);
	info->other->destroy(info->other);
	info->my_ts->destroy(info->my_ts);
	info->other_ts->destroy(info->other_ts);
}

START_TEST(test_env_client)
{
	updown_info_t info = info_for("192.0.2.1", "192.0.2.2", "198.51.100.0/26",
				      "198.51.100.64/26", true);
	char **env;

	info.my_id = ike.my_id;
	info.other_id = ike.other_id;
	info.encap = true;
	info.interface = "eth0";
	env = updown_env_create(&info);
	ck_assert_str_eq(updown_env_get(env, "PLUTO_VERSION"), "1.1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_VERB"), "up-client");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_CONNECTION"), "site");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_INTERFACE"), "eth0");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_REQID"), "3");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PROTO"), "esp");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_UNIQUEID"), "9");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_ME"), "192.0.2.1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_ID"), "moon.example.org");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_CLIENT"), "198.51.100.0/26");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_CLIENT_NET"), "198.51.100.0");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_CLIENT_MASK"), "255.255.255.192");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_PORT"), "0");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_PROTOCOL"), "0");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER"), "192.0.2.2");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_ID"), "192.0.2.2");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_CLIENT"), "198.51.100.64/26");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_CLIENT_NET"), "198.51.100.64");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_CLIENT_MASK"), "255.255.255.192");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_UDP_ENC"), "4500");
	ck_assert_ptr_nonnull(updown_env_get(env, "PATH"));
	ck_assert_ptr_null(updown_env_get(env, "PLUTO_HOST_ACCESS"));
	ck_assert_ptr_null(updown_env_get(env, "PLUTO"));
	updown_env_destroy(env);
	info_free(&info);
}
END_TEST

START_TEST(test_env_vips)
{
	updown_info_t info = info_for("192.0.2.1", "192.0.2.2", "198.18.0.1/32",
				      "198.51.100.64/26", true);
	host_t *v4 = host_create_from_string("198.18.0.1", 0);
	host_t *v6 = host_create_from_string("2001:db8:c::1", 0);
	char **env;

	info.my_vips = linked_list_create_with_items(v4, v6, NULL);
	info.other_vips = linked_list_create();
	env = updown_env_create(&info);
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_SOURCEIP"), "198.18.0.1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_SOURCEIP4_1"), "198.18.0.1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_SOURCEIP6_1"), "2001:db8:c::1");
	ck_assert_ptr_null(updown_env_get(env, "PLUTO_PEER_SOURCEIP"));
	updown_env_destroy(env);
	info.other_vips->insert_last(info.other_vips, v6);
	env = updown_env_create(&info);
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_SOURCEIP"), "2001:db8:c::1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_SOURCEIP6_1"), "2001:db8:c::1");
	updown_env_destroy(env);
	info.my_vips->destroy(info.my_vips);
	info.other_vips->destroy(info.other_vips);
	v4->destroy(v4);
	v6->destroy(v6);
	info_free(&info);
}
END_TEST

START_TEST(test_env_host_v6_ports)
{
	updown_info_t info = info_for("2001:db8::1", "2001:db8::2", "2001:db8::1/128",
				      "2001:db8:1::/48", false);
	char **env;

	info.my_ts->destroy(info.my_ts);
	info.my_ts = traffic_selector_create_from_cidr("2001:db8::1/128", 6, 22, 22);
	info.hostaccess = true;
	env = updown_env_create(&info);
	ck_assert_str_eq(updown_env_get(env, "PLUTO_VERB"), "down-host-v6");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_INTERFACE"), "unknown");
	/* without IDs, the addresses stand in */
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_ID"), "2001:db8::1");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_CLIENT"), "2001:db8::1/128");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_PORT"), "22");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_MY_PROTOCOL"), "6");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_CLIENT"), "2001:db8:1::/48");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_PEER_CLIENT_MASK"), "ffff:ffff:ffff::");
	ck_assert_str_eq(updown_env_get(env, "PLUTO_HOST_ACCESS"), "1");
	ck_assert_ptr_null(updown_env_get(env, "PLUTO_UDP_ENC"));
	updown_env_destroy(env);
	info_free(&info);
}
END_TEST

/* --- running scripts -------------------------------------------------------- */

START_TEST(test_exec_output_and_status)
{
	char *env[] = { "PLUTO_VERB=up-client", NULL };

	ck_assert_int_eq(updown_exec("echo out; echo err >&2; printf partial; exit 3", env), 3);
	ck_assert(was_logged("updown: out\n"));
	ck_assert(was_logged("updown: err\n"));
	ck_assert(was_logged("updown: partial\n"));
	/* exactly the environment given */
	ck_assert_int_eq(updown_exec("test \"$PLUTO_VERB\" = up-client && test -z \"$HOME\"",
				     env), 0);
	ck_assert_int_eq(updown_exec("exit 0", NULL), 0);
	ck_assert_int_eq(updown_exec("/nonexistent/script", env), 127);
}
END_TEST

START_TEST(test_exec_signals)
{
	sigset_t set, old;
	char *env[] = { NULL };

	/* charon's threads block SIGTERM; the script must not inherit that */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	ck_assert_int_eq(updown_exec("kill -TERM $$; sleep 5", env), 128 + SIGTERM);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
END_TEST

START_TEST(test_exec_background)
{
	char *env[] = { "PATH=/usr/bin:/bin", NULL };
	time_t start = time_monotonic(NULL);

	/* the background sleep keeps the output open; the shell's exit ends it */
	ck_assert_int_eq(updown_exec("sleep 3 & echo started", env), 0);
	ck_assert_int_le(time_monotonic(NULL) - start, 2);
	ck_assert(was_logged("updown: started"));
}
END_TEST

START_TEST(test_exec_long_line)
{
	char *env[] = { "PATH=/usr/bin:/bin", NULL };

	ck_assert_int_eq(updown_exec("head -c 1500 /dev/zero | tr '\\0' x", env), 0);
	ck_assert(was_logged("updown: xxxxxxxx"));
}
END_TEST

/* --- the listener ------------------------------------------------------------ */

static child_cfg_t *cfg_create(const char *updown)
{
	child_cfg_create_t data = { .mode = MODE_TUNNEL, .updown = updown };
	child_cfg_t *cfg = child_cfg_create("site", &data);

	cfg->add_traffic_selector(cfg, true,
		traffic_selector_create_from_cidr("198.51.100.0/26", 0, 0, 65535));
	cfg->add_traffic_selector(cfg, false,
		traffic_selector_create_from_cidr("198.51.100.64/26", 0, 0, 65535));
	return cfg;
}

static child_sa_t *child_create(child_cfg_t *cfg)
{
	child_sa_t *child = child_sa_create(ike.me, ike.other, cfg, 0, true);
	linked_list_t *my = cfg->get_traffic_selectors(cfg, true, NULL, NULL);
	linked_list_t *other = cfg->get_traffic_selectors(cfg, false, NULL, NULL);

	child->set_traffic_selectors(child, my, other);
	my->destroy_offset(my, DESTROY_OFFSET(traffic_selector_t));
	other->destroy_offset(other, DESTROY_OFFSET(traffic_selector_t));
	return child;
}

static void updown(child_sa_t *child, bool up)
{
	charon->bus->set_sa(charon->bus, &ike.public);
	charon->bus->child_updown(charon->bus, child, up);
	charon->bus->set_sa(charon->bus, NULL);
}

START_TEST(test_listener_up_down)
{
	updown_listener_t *listener = updown_listener_create("/nonexistent/_updown");
	child_cfg_t *cfg = cfg_create(script);
	child_sa_t *child = child_create(cfg), *never = child_create(cfg);
	char *env;

	charon->bus->add_listener(charon->bus, &listener->listener);
	/* "down" without "up" runs nothing */
	updown(never, false);
	ck_assert_str_eq(read_env(), "");
	updown(child, true);
	env = read_env();
	ck_assert(strstr(env, "== up-client\n"));
	ck_assert(strstr(env, "\nPLUTO_PEER=192.0.2.2\n"));
	ck_assert(strstr(env, "\nPLUTO_MY_CLIENT=198.51.100.0/26\n"));
	ck_assert(strstr(env, "\nPLUTO_PEER_CLIENT=198.51.100.64/26\n"));
	ck_assert(strstr(env, "\nPLUTO_CONNECTION=site\n"));
	ck_assert(strstr(env, "\nPLUTO_UNIQUEID=7\n"));
	ck_assert(strstr(env, "\nPLUTO_UDP_ENC=4500\n"));
	ck_assert(strstr(env, "\nPLUTO_MY_ID=moon.example.org\n"));
	ck_assert(!strstr(env, "== down-client"));
	updown(child, false);
	ck_assert(strstr(read_env(), "== down-client\n"));
	/* a second down for the same CHILD_SA runs nothing */
	unlink(envfile);
	updown(child, false);
	ck_assert_str_eq(read_env(), "");
	charon->bus->remove_listener(charon->bus, &listener->listener);
	child->destroy(child);
	never->destroy(never);
	cfg->destroy(cfg);
	listener->destroy(listener);
}
END_TEST

START_TEST(test_listener_scripts)
{
	updown_listener_t *listener = updown_listener_create(script);
	child_cfg_t *none = cfg_create(""), *dflt = cfg_create(NULL);
	child_cfg_t *failing = cfg_create("echo broken; exit 2");
	child_sa_t *child;

	charon->bus->add_listener(charon->bus, &listener->listener);
	/* leftupdown="" runs nothing */
	child = child_create(none);
	updown(child, true);
	ck_assert_str_eq(read_env(), "");
	child->destroy(child);
	/* no leftupdown: the default script */
	child = child_create(dflt);
	updown(child, true);
	ck_assert(strstr(read_env(), "== up-client\n"));
	child->destroy(child);
	/* a failing script is logged */
	child = child_create(failing);
	updown(child, true);
	ck_assert(was_logged("updown: broken"));
	ck_assert(was_logged("exit code 2"));
	child->destroy(child);
	charon->bus->remove_listener(charon->bus, &listener->listener);
	listener->destroy(listener);
	none->destroy(none);
	dflt->destroy(dflt);
	failing->destroy(failing);

	/* a default script that is not installed is skipped */
	listener = updown_listener_create("/nonexistent/_updown");
	charon->bus->add_listener(charon->bus, &listener->listener);
	dflt = cfg_create(NULL);
	child = child_create(dflt);
	unlink(envfile);
	logged[0] = '\0';
	updown(child, true);
	ck_assert_str_eq(read_env(), "");
	ck_assert(!was_logged("exit code"));
	ck_assert(was_logged("default script /nonexistent/_updown not found"));
	child->destroy(child);
	dflt->destroy(dflt);
	charon->bus->remove_listener(charon->bus, &listener->listener);
	listener->destroy(listener);
}
END_TEST

/* --- the plugin and the default script ------------------------------------- */

START_TEST(test_plugin)
{
	plugin_t *plugin = updown_plugin_create();
	const plugin_feature_t *features;
	child_cfg_t *cfg = cfg_create(NULL);
	child_sa_t *child = child_create(cfg);

	ck_assert_str_eq(plugin->get_name(plugin), "updown");
	ck_assert_int_eq(plugin->get_features(plugin, &features), 1);
	ck_assert_int_eq(features[0].provides.type, FEATURE_CUSTOM);
	ck_assert_str_eq(features[0].provides.name, "updown");
	lib->settings->set_str(lib->settings, "charon.plugins.updown.script", script);
	ck_assert(features[0].callback(plugin, &features[0], true, NULL));
	updown(child, true);
	ck_assert(strstr(read_env(), "== up-client\n"));
	ck_assert(features[0].callback(plugin, &features[0], false, NULL));
	unlink(envfile);
	updown(child, false);
	ck_assert_str_eq(read_env(), "");
	/* loaded again and destroyed without unloading */
	ck_assert(features[0].callback(plugin, &features[0], true, NULL));
	plugin->destroy(plugin);
	child->destroy(child);
	cfg->destroy(cfg);
}
END_TEST

START_TEST(test_default_script)
{
	char path[512], *env_up[] = { "PLUTO_VERB=up-client", "PLUTO_CONNECTION=site",
				      "PATH=/usr/bin:/bin", NULL };
	char *env_bad[] = { "PLUTO_VERB=bogus", "PATH=/usr/bin:/bin", NULL };

	snprintf(path, sizeof(path), "%s/_updown", UPDOWN_SRCDIR);
	ck_assert_int_eq(access(path, X_OK), 0);
	ck_assert_int_eq(updown_exec(path, env_up), 0);
	ck_assert_int_eq(updown_exec(path, env_bad), 1);
	ck_assert(was_logged("unknown PLUTO_VERB 'bogus'"));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("updown");
	TCase *tc = tcase_create("updown");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_env_client);
	tcase_add_test(tc, test_env_host_v6_ports);
	tcase_add_test(tc, test_env_vips);
	tcase_add_test(tc, test_exec_output_and_status);
	tcase_add_test(tc, test_exec_signals);
	tcase_add_test(tc, test_exec_background);
	tcase_add_test(tc, test_exec_long_line);
	tcase_add_test(tc, test_listener_up_down);
	tcase_add_test(tc, test_listener_scripts);
	tcase_add_test(tc, test_plugin);
	tcase_add_test(tc, test_default_script);
	suite_add_tcase(s, tc);
	return s;
}
