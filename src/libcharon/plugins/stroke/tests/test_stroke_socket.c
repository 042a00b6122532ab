/*
 * The control socket end to end: stroke_send() against stroke_socket with
 * the real dispatcher and config code, a fake controller and fake SAs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "test_runner.h"
#include "fake_sa.h"
#include "stroke_plugin.h"
#include "stroke_socket.h"
#include "stroke_control.h"
#include "stroke_io.h"
#include "stroke_msg.h"

#include "daemon.h"
#include "bus/log_bus.h"
#include "control/controller.h"
#include "config/backend_manager.h"

typedef struct {
	controller_t public;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	status_t result;
	const char *lines[3];
	char peer[64], child[64];
	bool had_cb;
	uint32_t ike_ids[8], child_ids[8];
	int n_ike, n_child;
	bool block, entered;
	status_t route_result;
} fake_controller_t;

static fake_controller_t ctl;

static void feed(controller_cb_t cb, void *param)
{
	for (int i = 0; cb && i < 3 && ctl.lines[i]; i++) {
		cb(param, DBG_IKE, 1, ctl.lines[i]);
	}
}

static status_t f_initiate(controller_t *this, peer_cfg_t *peer, child_cfg_t *child,
			   controller_cb_t cb, void *param, level_t level, uint32_t timeout)
{
	pthread_mutex_lock(&ctl.lock);
	snprintf(ctl.peer, sizeof(ctl.peer), "%s", peer->get_name(peer));
	snprintf(ctl.child, sizeof(ctl.child), "%s", child ? child->get_name(child) : "");
	ctl.had_cb = cb != NULL;
	ctl.entered = true;
	pthread_cond_broadcast(&ctl.cond);
	while (ctl.block) {
		pthread_cond_wait(&ctl.cond, &ctl.lock);
	}
	pthread_mutex_unlock(&ctl.lock);
	feed(cb, param);
	return ctl.result;
}

static status_t f_terminate_ike(controller_t *this, uint32_t id, bool force,
				controller_cb_t cb, void *param, level_t level, uint32_t timeout)
{
	ctl.ike_ids[ctl.n_ike++ % 8] = id;
	feed(cb, param);
	return id == 9 ? NOT_FOUND : SUCCESS;
}

static status_t f_terminate_child(controller_t *this, uint32_t id, controller_cb_t cb,
				  void *param, level_t level, uint32_t timeout)
{
	ctl.child_ids[ctl.n_child++ % 8] = id;
	return SUCCESS;
}

static status_t f_route(controller_t *this, peer_cfg_t *peer, child_cfg_t *child)
{
	return ctl.route_result;
}

static status_t f_unroute(controller_t *this, const char *name)
{
	return streq(name, "nothere") ? NOT_FOUND : SUCCESS;
}

static char dir[] = "/tmp/test_stroke_sock.XXXXXX";
static char sock_path[256];
static daemon_t fake_daemon;
static linked_list_t *sas;
static stroke_socket_t *sock;

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("IPSEC_PIDDIR", dir, 1);
	setenv("IPSEC_CONFDIR", dir, 1);
	library_init(NULL, "charon");
	ctl = (fake_controller_t){
		.public = {
			.initiate = f_initiate,
			.terminate_ike = f_terminate_ike,
			.terminate_child = f_terminate_child,
		},
		.result = SUCCESS,
	};
	pthread_mutex_init(&ctl.lock, NULL);
	pthread_cond_init(&ctl.cond, NULL);
	sas = linked_list_create();
	fake_daemon = (daemon_t){
		.backends = backend_manager_create(),
		.credentials = credential_manager_create(),
		.ike_sa_manager = fake_manager_create(sas),
		.controller = &ctl.public,
		.start_time = time(NULL),
	};
	charon = &fake_daemon;
	snprintf(sock_path, sizeof(sock_path), "%s/%s", dir, STROKE_SOCKET_NAME);
	sock = stroke_socket_create(sock_path, 4, 1000);
	ck_assert_ptr_nonnull(sock);
}

static void teardown(void)
{
	char cmd[128];

	DESTROY_IF(sock);
	sock = NULL;
	charon = NULL;
	fake_daemon.backends->destroy(fake_daemon.backends);
	fake_daemon.credentials->destroy(fake_daemon.credentials);
	fake_daemon.ike_sa_manager->destroy(fake_daemon.ike_sa_manager);
	sas->destroy_offset(sas, DESTROY_OFFSET(ike_sa_t));
	pthread_mutex_destroy(&ctl.lock);
	pthread_cond_destroy(&ctl.cond);
	library_deinit();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_stroke_sock.XXXXXX");
}

static char *out_text, *err_text;

/* Send @p command with NULL-terminated pairs; the exit status. */
static int req(const char *command, ...)
{
	stroke_msg_t *msg = stroke_msg_create(command);
	size_t out_len, err_len;
	const char *key;
	FILE *out, *err;
	va_list args;
	int status;

	free(out_text);
	free(err_text);
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	va_start(args, command);
	while ((key = va_arg(args, const char *))) {
		msg->add(msg, key, va_arg(args, const char *));
	}
	va_end(args);
	status = stroke_send(sock_path, msg, out, err);
	fclose(out);
	fclose(err);
	msg->destroy(msg);
	return status;
}

static void free_texts(void)
{
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
}

START_TEST(test_ping_and_mode)
{
	struct stat st;

	ck_assert_int_eq(req("ping", NULL), 0);
	ck_assert_str_eq(out_text, "");
	ck_assert_str_eq(err_text, "");
	ck_assert_int_eq(req("ready", NULL), 0);
	ck_assert_int_eq(stat(sock_path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_int_eq(st.st_mode & 0777, 0600);
}
END_TEST

/* Raw bytes in, reply frames out as "t:text|". */
static char *raw(const void *data, size_t len, bool close_write)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char *text = NULL;
	size_t text_len;
	FILE *out = open_memstream(&text, &text_len);
	uint8_t head[4], buf[512];
	uint32_t flen;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(addr.sun_path, sock_path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert(stroke_io_write(fd, data, len, STROKE_IO_FOREVER));
	if (close_write) {
		shutdown(fd, SHUT_WR);
	}
	while (stroke_io_read(fd, head, 4, stroke_io_deadline(5000))) {
		flen = (uint32_t)head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];
		ck_assert_uint_le(flen, sizeof(buf));
		ck_assert(stroke_io_read(fd, buf, flen, stroke_io_deadline(5000)));
		fprintf(out, "%c:%.*s|", buf[0], (int)flen - 1, (char *)buf + 1);
	}
	close(fd);
	fclose(out);
	return text;
}

START_TEST(test_malformed)
{
	char *reply;

	reply = raw("\0\0\0\x06" "x=y\nz\n", 10, true);
	ck_assert_str_eq(reply, "e:malformed request: first line must be command=NAME|r:2|");
	free(reply);
	reply = raw("\0\x40\0\x01", 4, true);
	ck_assert_str_eq(reply, "e:malformed request: request length out of range|r:2|");
	free(reply);
	reply = raw("\0\0\0\x20" "command=ping\n", 17, true);
	ck_assert_str_eq(reply, "e:malformed request: request cut short|r:2|");
	free(reply);
	/* the client stalls: the read timeout (1 s here) answers for it */
	reply = raw("\0\0\0\x20" "command=ping\n", 17, false);
	ck_assert_str_eq(reply, "e:malformed request: timed out reading the request|r:2|");
	free(reply);
	/* still serving */
	ck_assert_int_eq(req("ping", NULL), 0);
}
END_TEST

START_TEST(test_unknown)
{
	ck_assert_int_eq(req("bogus", NULL), 2);
	ck_assert_str_eq(err_text, "unknown command 'bogus'\n");
	ck_assert_int_eq(req("status", "what", "x", NULL), 2);
	ck_assert_str_eq(err_text, "status: unknown key 'what'\n");
	ck_assert_int_eq(req("status", "json", "no", "utc", "yes", NULL), 0);
	ck_assert_int_eq(req("loglevel", NULL), 1);
	ck_assert_int_eq(req("add_ca", "name", "ca1", "cacert", "/nonexistent/x.pem", NULL), 1);
	ck_assert(strstr(err_text, "ca 'ca1': cannot load cacert '/nonexistent/x.pem'"));
	ck_assert_int_eq(req("add_ca", "name", "ca1", NULL), 1);
	ck_assert_str_eq(err_text, "ca 'ca1': missing cacert=\n");
	ck_assert_int_eq(req("add_ca", "name", "ca1", "cacert", "x.pem", "leftid", "x", NULL), 2);
	ck_assert_str_eq(err_text, "ca 'ca1': unknown keyword 'leftid'\n");
	ck_assert_int_eq(req("del_ca", "name", "ca1", NULL), 1);
	ck_assert_str_eq(err_text, "no ca named 'ca1'\n");
	ck_assert_int_eq(req("setup", "strictcrlpolicy", "maybe", NULL), 1);
	ck_assert(strstr(err_text, "invalid strictcrlpolicy 'maybe'"));
	ck_assert_int_eq(req("setup", "strictcrlpolicy", "", "uniqueids", "keep",
			     "cachecrls", "", NULL), 0);
	ck_assert_int_eq(req("setup", "uniqueids", "", NULL), 0);
	ck_assert_int_eq(req("leases", NULL), 0);
	ck_assert_str_eq(out_text, "no pools found\n");
	ck_assert_int_eq(req("down_srcip", "name", "10.0.0.1", "end", "10.0.0.9", NULL), 1);
	ck_assert_int_eq(req("down_srcip", "name", "bogus", NULL), 2);
}
END_TEST

static void add_site(void)
{
	ck_assert_int_eq(req("add_conn", "name", "site", "left", "192.0.2.1", "right",
			     "192.0.2.2", "authby", "secret", NULL), 0);
	ck_assert_str_eq(out_text, "added configuration 'site'\n");
}

START_TEST(test_up)
{
	add_site();
	ck_assert_int_eq(req("status", NULL), 0);
	ck_assert_str_eq(out_text, "Security Associations (0 up, 0 connecting):\n  none\n");

	ctl.lines[0] = "initiating IKE_SA site[1] to 192.0.2.2";
	ctl.lines[1] = "IKE_SA site[1] established between 192.0.2.1[192.0.2.1]...";
	ck_assert_int_eq(req("up", "name", "site", NULL), 0);
	ck_assert_str_eq(out_text, "initiating IKE_SA site[1] to 192.0.2.2\n"
			 "IKE_SA site[1] established between 192.0.2.1[192.0.2.1]...\n"
			 "connection 'site' established successfully\n");
	ck_assert_str_eq(ctl.peer, "site");
	ck_assert_str_eq(ctl.child, "site");
	ck_assert(ctl.had_cb);

	ctl.result = FAILED;
	ck_assert_int_eq(req("up", "name", "site", "loglevel", "2", NULL), 1);
	ck_assert_str_eq(err_text, "establishing connection 'site' failed\n");
	ctl.result = OUT_OF_RES;
	ck_assert_int_eq(req("up", "name", "site", NULL), 1);
	ck_assert(strstr(err_text, "timed out"));

	ctl.result = SUCCESS;
	ck_assert_int_eq(req("up", "name", "site", "async", "yes", NULL), 0);
	ck_assert(!ctl.had_cb);
	ck_assert_str_eq(out_text, "");

	ck_assert_int_eq(req("up", "name", "nothere", NULL), 1);
	ck_assert_str_eq(err_text, "no config named 'nothere'\n");
	ck_assert_int_eq(req("up", NULL), 2);
	ck_assert_int_eq(req("up", "name", "site", "loglevel", "9", NULL), 2);
}
END_TEST

START_TEST(test_down)
{
	fake_ike_t *a = fake_ike_create("site", 3, IKE_ESTABLISHED, "192.0.2.1", "192.0.2.2");
	fake_ike_t *b = fake_ike_create("site", 4, IKE_ESTABLISHED, "192.0.2.1", "192.0.2.2");

	fake_ike_add_child(a, fake_child_create("site", 5, NULL, NULL));
	fake_ike_add_child(b, fake_child_create("site", 6, NULL, NULL));
	sas->insert_last(sas, a);
	sas->insert_last(sas, b);
	sas->insert_last(sas, fake_ike_create("other", 7, IKE_CONNECTING, NULL, NULL));

	ck_assert_int_eq(req("down", "name", "site", NULL), 0);
	ck_assert_str_eq(out_text, "IKE_SA [3] closed successfully\n"
			 "IKE_SA [4] closed successfully\n");
	ck_assert_int_eq(ctl.n_ike, 2);
	ck_assert_int_eq(ctl.ike_ids[0], 3);
	ck_assert_int_eq(ctl.ike_ids[1], 4);

	ck_assert_int_eq(req("down", "name", "site{*}", NULL), 0);
	ck_assert_str_eq(out_text, "CHILD_SA {5} closed successfully\n"
			 "CHILD_SA {6} closed successfully\n");
	ck_assert_int_eq(req("down", "name", "x{6}", NULL), 0);
	ck_assert_int_eq(ctl.n_child, 3);
	ck_assert_int_eq(ctl.child_ids[2], 6);
	ck_assert_int_eq(req("down", "name", "other[*]", "async", "yes", NULL), 0);
	ck_assert_str_eq(out_text, "");
	ck_assert_int_eq(ctl.ike_ids[2], 7);

	ck_assert_int_eq(req("down", "name", "site[9]", NULL), 1);
	ck_assert_str_eq(err_text, "no IKE_SA [9] found\n");
	ck_assert_int_eq(req("down", "name", "nothere", NULL), 1);
	ck_assert_str_eq(err_text, "no IKE_SA named 'nothere' found\n");
	ck_assert_int_eq(req("down", "name", "si[te", NULL), 2);
}
END_TEST

START_TEST(test_route)
{
	add_site();
	ck_assert_int_eq(req("route", "name", "site", NULL), 1);
	ck_assert_str_eq(err_text, "routing 'site' failed: trap policies are not supported yet\n");
	ck_assert_int_eq(req("unroute", "name", "site", NULL), 1);
	ctl.public.route = f_route;
	ctl.public.unroute = f_unroute;
	ctl.route_result = SUCCESS;
	ck_assert_int_eq(req("route", "name", "site", NULL), 0);
	ck_assert_str_eq(out_text, "'site' routed\n");
	ctl.route_result = ALREADY_DONE;
	ck_assert_int_eq(req("route", "name", "site", NULL), 0);
	ck_assert_str_eq(out_text, "'site' already routed\n");
	ctl.route_result = FAILED;
	ck_assert_int_eq(req("route", "name", "site", NULL), 1);
	ck_assert_int_eq(req("route", "name", "nothere", NULL), 1);
	ck_assert_int_eq(req("unroute", "name", "site", NULL), 0);
	ck_assert_str_eq(out_text, "configuration 'site' unrouted\n");
	ck_assert_int_eq(req("unroute", "name", "nothere", NULL), 1);
	ck_assert_str_eq(err_text, "configuration 'nothere' not found\n");
}
END_TEST

static void *slow_up(void *data)
{
	stroke_msg_t *msg = stroke_msg_create("up");
	int *status = data;

	msg->add(msg, "name", "site");
	*status = stroke_send(sock_path, msg, NULL, NULL);
	msg->destroy(msg);
	return NULL;
}

START_TEST(test_up_does_not_block_status)
{
	pthread_t thread;
	int status = -5;

	add_site();
	ctl.block = true;
	pthread_create(&thread, NULL, slow_up, &status);
	pthread_mutex_lock(&ctl.lock);
	while (!ctl.entered) {
		pthread_cond_wait(&ctl.cond, &ctl.lock);
	}
	pthread_mutex_unlock(&ctl.lock);
	ck_assert_int_eq(req("status", NULL), 0);
	ck_assert_int_eq(req("statusall", "name", "site", NULL), 0);
	ck_assert(strstr(out_text, "\nConnections:\n        site:  192.0.2.1...192.0.2.2  IKEv2\n"));
	ck_assert_int_eq(status, -5);
	pthread_mutex_lock(&ctl.lock);
	ctl.block = false;
	pthread_cond_broadcast(&ctl.cond);
	pthread_mutex_unlock(&ctl.lock);
	pthread_join(thread, NULL);
	ck_assert_int_eq(status, 0);
}
END_TEST

static void write_secrets(const char *content)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/ipsec.secrets", dir);
	f = fopen(path, "w");
	fputs(content, f);
	fclose(f);
}

START_TEST(test_reread)
{
	credential_manager_t *creds = fake_daemon.credentials;

	write_secrets("192.0.2.1 192.0.2.2 : PSK \"s3cr3t\"\n");
	ck_assert_int_eq(req("reread", "what", "secrets", NULL), 0);
	ck_assert_int_eq(creds->count_shared(creds), 1);
	write_secrets("192.0.2.1 PSK \"s3cr3t\"\n");
	ck_assert_int_eq(req("reread", "what", "all", NULL), 1);
	ck_assert_msg(strstr(err_text, "ipsec.secrets:1: missing ':'"), "%s", err_text);
	ck_assert(!strstr(err_text, "s3cr3t"));
	ck_assert_int_eq(creds->count_shared(creds), 1);
	/* no ipsec.d/cacerts: rereading finds nothing, which is fine */
	ck_assert_int_eq(req("reread", "what", "cacerts", NULL), 0);
	ck_assert_int_eq(req("reread", "what", "bogus", NULL), 2);
	ck_assert_int_eq(req("purge", "what", "certs", NULL), 0);
	ck_assert_int_eq(req("purge", "what", "bogus", NULL), 2);
}
END_TEST

START_TEST(test_purge_ike)
{
	fake_ike_t *a = fake_ike_create("a", 3, IKE_ESTABLISHED, NULL, NULL);

	fake_ike_add_child(a, fake_child_create("a", 5, NULL, NULL));
	sas->insert_last(sas, a);
	sas->insert_last(sas, fake_ike_create("b", 8, IKE_ESTABLISHED, NULL, NULL));
	ck_assert_int_eq(req("purge", "what", "ike", NULL), 0);
	ck_assert_int_eq(ctl.n_ike, 1);
	ck_assert_int_eq(ctl.ike_ids[0], 8);
}
END_TEST

START_TEST(test_list)
{
	ck_assert_int_eq(req("list", "what", "algs", NULL), 0);
	ck_assert_msg(strncmp(out_text, "\nList of registered IKE algorithms:\n\n  encryption:",
			      50) == 0, "%s", out_text);
	ck_assert(strstr(out_text, "\n  nonce-gen: \n"));
	ck_assert_int_eq(req("list", "what", "plugins", NULL), 0);
	ck_assert_str_eq(out_text, "\nList of loaded Plugins:\n\n");
	ck_assert_int_eq(req("list", "what", "certs", NULL), 0);
	ck_assert_str_eq(out_text, "");
	ck_assert_int_eq(req("list", "what", "certs", "json", "yes", NULL), 0);
	ck_assert_str_eq(out_text, "{\n  \"certs\": []\n}\n");
	ck_assert_int_eq(req("list", "what", "counters", NULL), 0);
	ck_assert(strstr(out_text, "\nList of IKE counters:\n\nike-rekey-init "));
	ck_assert(strstr(out_text, "\ninfo-out-resp "));
	ck_assert(strstr(out_text, "\nnet_"));
	/* per conn: only conns that are loaded or were counted */
	ck_assert_int_eq(req("list", "what", "counters", "name", "site", NULL), 1);
	ck_assert(strstr(err_text, "no counters found for 'site'"));
	ck_assert_int_eq(req("resetcounters", "name", "site", NULL), 1);
	ck_assert_int_eq(req("list", "what", "all", "json", "yes", NULL), 0);
	ck_assert(strstr(out_text, "\"algorithms\": {"));
	ck_assert(strstr(out_text, "\"plugins\": []"));
	ck_assert_int_eq(req("list", "what", "bogus", NULL), 2);
	ck_assert_int_eq(req("list", NULL), 2);
	ck_assert_int_eq(req("resetcounters", NULL), 0);
	ck_assert_int_eq(req("status", "json", "yes", NULL), 0);
	ck_assert(strstr(out_text, "\"ike_sas\": []"));
}
END_TEST

START_TEST(test_socket_file)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char path[300];
	stroke_socket_t *other;
	int fd;

	/* a live daemon keeps its socket */
	ck_assert_ptr_null(stroke_socket_create(sock_path, 1, 100));
	ck_assert_int_eq(req("ping", NULL), 0);

	/* a stale file (nobody listening) is replaced */
	snprintf(path, sizeof(path), "%s/stale.ctl", dir);
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	close(fd);
	other = stroke_socket_create(path, 1, 100);
	ck_assert_ptr_nonnull(other);
	other->destroy(other);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_destroy_with_idle_client)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timespec t0, t1;
	int fd;

	sock->destroy(sock);
	sock = stroke_socket_create(sock_path, 4, 60 * 1000);
	ck_assert_ptr_nonnull(sock);
	strcpy(addr.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert(stroke_io_write(fd, "\0\0", 2, STROKE_IO_FOREVER));
	usleep(100 * 1000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sock->destroy(sock);
	sock = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 3);
	close(fd);
}
END_TEST

START_TEST(test_plugin)
{
	plugin_t *plugin = stroke_plugin_create();
	const plugin_feature_t *features;
	char sub[300], path[400];
	struct stat st;

	ck_assert_str_eq(plugin->get_name(plugin), "stroke");
	ck_assert_int_eq(plugin->get_features(plugin, &features), 1);
	ck_assert_int_eq(features[0].provides.type, FEATURE_CUSTOM);
	ck_assert_str_eq(features[0].provides.name, "stroke");
	ck_assert_int_eq(features[0].depends[0].type, FEATURE_NONE);

	/* a fresh instance: the pid directory does not exist yet */
	snprintf(sub, sizeof(sub), "%s/run", dir);
	snprintf(path, sizeof(path), "%s/%s", sub, STROKE_SOCKET_NAME);
	setenv("IPSEC_PIDDIR", sub, 1);
	write_secrets(": PSK \"plugin-start\"\n");
	ck_assert(features[0].callback(plugin, &features[0], true, features[0].data));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(fake_daemon.credentials->count_shared(fake_daemon.credentials), 1);
	strcpy(sock_path, path);
	ck_assert_int_eq(req("ping", NULL), 0);
	ck_assert(features[0].callback(plugin, &features[0], false, features[0].data));
	ck_assert_int_eq(stat(path, &st), -1);
	plugin->destroy(plugin);
	setenv("IPSEC_PIDDIR", dir, 1);
}
END_TEST

START_TEST(test_spec)
{
	static const struct {
		const char *str;
		const char *name;
		uint32_t id;
		bool child, bracket;
	} ok[] = {
		{ "site", "site", 0, false, false },
		{ "site[3]", "site", 3, false, true },
		{ "site{12}", "site", 12, true, true },
		{ "site[*]", "site", 0, false, true },
		{ "site{*}", "site", 0, true, true },
		{ "[7]", "", 7, false, true },
		{ "x{4294967295}", "x", 4294967295u, true, true },
	};
	static const char *bad[] = {
		"", "site[", "site[]", "site[3", "site[3}", "site[a]", "site[0]", "[*]",
		"site[3]x", "site]", "x{4294967296}", "x[12345678901]", "x[-1]",
	};
	stroke_sa_spec_t spec;

	for (size_t i = 0; i < countof(ok); i++) {
		ck_assert_msg(stroke_control_parse_spec(ok[i].str, &spec), "%s", ok[i].str);
		ck_assert_str_eq(spec.name, ok[i].name);
		ck_assert_uint_eq(spec.id, ok[i].id);
		ck_assert_int_eq(spec.child, ok[i].child);
		ck_assert_int_eq(spec.bracket, ok[i].bracket);
	}
	for (size_t i = 0; i < countof(bad); i++) {
		ck_assert_msg(!stroke_control_parse_spec(bad[i], &spec), "%s", bad[i]);
	}
	ck_assert(!stroke_control_parse_spec(NULL, &spec));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("stroke_socket");
	TCase *tc = tcase_create("socket");

	log_bus_set_fallback_level(LEVEL_SILENT);
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_unchecked_fixture(tc, NULL, free_texts);
	tcase_add_test(tc, test_ping_and_mode);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_up);
	tcase_add_test(tc, test_down);
	tcase_add_test(tc, test_route);
	tcase_add_test(tc, test_up_does_not_block_status);
	tcase_add_test(tc, test_reread);
	tcase_add_test(tc, test_purge_ike);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_socket_file);
	tcase_add_test(tc, test_destroy_with_idle_client);
	tcase_add_test(tc, test_plugin);
	suite_add_tcase(s, tc);

	tc = tcase_create("spec");
	tcase_add_test(tc, test_spec);
	suite_add_tcase(s, tc);
	return s;
}
