/*
 * PLUTO_* variables. Client subnets are given as the smallest subnet that
 * holds the selector's range (NET/PREFIX, the NET, and the netmask). The
 * verb's -host form means our side protects only our own address, -v6
 * that the gateways talk IPv6.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>

#include "updown_env.h"

#define ENV_MAX 40

typedef struct {
	char *vars[ENV_MAX + 1];
	int count;
} env_t;

static void push(env_t *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void push(env_t *env, const char *fmt, ...)
{
	va_list args;
	char *var;

	if (env->count >= ENV_MAX) {
		return;
	}
	va_start(args, fmt);
	if (vasprintf(&var, fmt, args) >= 0) {
		env->vars[env->count++] = var;
	}
	va_end(args);
}

/* PLUTO_<side>_CLIENT, _NET, _MASK, _PORT, _PROTOCOL of one selector. */
static void push_client(env_t *env, const char *side, traffic_selector_t *ts)
{
	char net_str[HOST_STR_LEN] = "", mask_str[HOST_STR_LEN] = "";
	host_t *net = NULL, *mask;
	uint8_t prefix = 0;
	uint16_t from = ts->get_from_port(ts), to = ts->get_to_port(ts);

	ts->to_subnet(ts, &net, &prefix);
	if (net) {
		host_to_str(net, net_str, sizeof(net_str));
		mask = host_create_netmask(net->get_family(net), prefix);
		if (mask) {
			host_to_str(mask, mask_str, sizeof(mask_str));
			mask->destroy(mask);
		}
		net->destroy(net);
	}
	push(env, "PLUTO_%s_CLIENT=%s/%u", side, net_str, prefix);
	push(env, "PLUTO_%s_CLIENT_NET=%s", side, net_str);
	push(env, "PLUTO_%s_CLIENT_MASK=%s", side, mask_str);
	/* a range of ports has no single port to name */
	push(env, "PLUTO_%s_PORT=%u", side, from == to ? from : 0);
	push(env, "PLUTO_%s_PROTOCOL=%u", side, ts->get_protocol(ts));
}

/* PLUTO_MY_SOURCEIP (the first) and PLUTO_MY_SOURCEIP4_1, _6_1, … as strongSwan sets them */
static void push_vips(env_t *env, const char *side, linked_list_t *vips)
{
	enumerator_t *e;
	host_t *vip;
	char buf[HOST_STR_LEN];
	unsigned int v4 = 0, v6 = 0;

	if (!vips) {
		return;
	}
	e = vips->create_enumerator(vips);
	while (e->enumerate(e, &vip)) {
		bool is4 = vip->get_family(vip) == AF_INET;

		host_to_str(vip, buf, sizeof(buf));
		if (!v4 && !v6) {
			push(env, "PLUTO_%s_SOURCEIP=%s", side, buf);
		}
		push(env, "PLUTO_%s_SOURCEIP%c_%u=%s", side, is4 ? '4' : '6', is4 ? ++v4 : ++v6, buf);
	}
	e->destroy(e);
}

char **updown_env_create(const updown_info_t *info)
{
	env_t env = { .count = 0 };
	char me[HOST_STR_LEN], other[HOST_STR_LEN];
	const char *path = getenv("PATH");
	bool host = info->my_ts->is_host(info->my_ts, info->me);
	bool v6 = info->me->get_family(info->me) == AF_INET6;
	char **out;

	host_to_str(info->me, me, sizeof(me));
	host_to_str(info->other, other, sizeof(other));
	push(&env, "PLUTO_VERSION=1.1");
	push(&env, "PLUTO_VERB=%s-%s%s", info->up ? "up" : "down", host ? "host" : "client",
	     v6 ? "-v6" : "");
	push(&env, "PLUTO_CONNECTION=%s", info->name);
	push(&env, "PLUTO_INTERFACE=%s", info->interface ? info->interface : "unknown");
	push(&env, "PLUTO_REQID=%u", info->reqid);
	push(&env, "PLUTO_PROTO=esp");
	push(&env, "PLUTO_UNIQUEID=%u", info->unique_id);
	push(&env, "PLUTO_ME=%s", me);
	push(&env, "PLUTO_MY_ID=%s", info->my_id ? info->my_id->to_string(info->my_id) : me);
	push_client(&env, "MY", info->my_ts);
	push_vips(&env, "MY", info->my_vips);
	push(&env, "PLUTO_PEER=%s", other);
	push(&env, "PLUTO_PEER_ID=%s",
	     info->other_id ? info->other_id->to_string(info->other_id) : other);
	push_client(&env, "PEER", info->other_ts);
	push_vips(&env, "PEER", info->other_vips);
	if (info->encap) {
		push(&env, "PLUTO_UDP_ENC=%u", info->other->get_port(info->other));
	}
	if (info->hostaccess) {
		push(&env, "PLUTO_HOST_ACCESS=1");
	}
	if (info->ipcomp) {
		push(&env, "PLUTO_IPCOMP=1");
	}
	push(&env, "PATH=%s", path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
	     "/sbin:/bin");
	out = mem_zalloc(sizeof(char *) * (size_t)(env.count + 1));
	memcpy(out, env.vars, sizeof(char *) * (size_t)env.count);
	return out;
}

const char *updown_env_get(char **env, const char *key)
{
	size_t len = strlen(key);

	for (; env && *env; env++) {
		if (strncmp(*env, key, len) == 0 && (*env)[len] == '=') {
			return *env + len + 1;
		}
	}
	return NULL;
}

void updown_env_destroy(char **env)
{
	for (char **var = env; var && *var; var++) {
		free(*var);
	}
	free(env);
}
