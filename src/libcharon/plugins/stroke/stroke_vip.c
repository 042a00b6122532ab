/*
 * Virtual IPs as strongSwan's ipsec.conf has them: leftsourceip=%config
 * (also %config4/%config6/%cfg/%modeconfig/%modecfg, or an address to ask
 * for), rightsourceip= pools ("10.3.0.0/28", "10.3.0.1-10.3.0.9", one
 * address; comma-separated, one per family is usual) and rightdns=.
 * Outputs follow strongSwan 5.9's `ipsec leases` and statusall.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <string.h>

#include "stroke_vip.h"
#include "daemon.h"
#include "control/controller.h"
#include "kernel/kernel_net.h"

/* Split a comma-separated value; calls @p fn on each trimmed element. */
static int each_item(const char *value, int (*fn)(void *ctx, const char *item), void *ctx)
{
	char *copy = strdup(value), *save = NULL, *item, *end;
	int errors = 0;

	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ' || *item == '\t') {
			item++;
		}
		end = item + strlen(item);
		while (end > item && (end[-1] == ' ' || end[-1] == '\t')) {
			*--end = '\0';
		}
		if (*item) {
			errors += fn(ctx, item);
		}
	}
	free(copy);
	return errors;
}

typedef struct {
	vip_cfg_t *cfg;
	FILE *err;
	const char *name;
	const char *keyword;
	const char *value;
	/* family of %config: the tunnel's */
	int family;
} ctx_t;

static int bad(ctx_t *ctx, const char *why)
{
	fprintf(ctx->err, "conn '%s': %s=%s: %s\n", ctx->name, ctx->keyword, ctx->value, why);
	return 1;
}

static int add_request(void *data, const char *item)
{
	ctx_t *ctx = data;
	host_t *host;
	int family = 0;

	if (streq(item, "%config") || streq(item, "%cfg") || streq(item, "%modeconfig") ||
	    streq(item, "%modecfg")) {
		family = ctx->family;
	} else if (streq(item, "%config4")) {
		family = AF_INET;
	} else if (streq(item, "%config6")) {
		family = AF_INET6;
	}
	host = family ? host_create_any(family) : host_create_from_string(item, 0);
	if (!host) {
		return bad(ctx, "expected %config, %config4, %config6 or an IP address");
	}
	if (charon && !kernel_net_can_add_ip()) {
		/* the address would be negotiated but never used as a source */
		host->destroy(host);
		return bad(ctx, "virtual IPs need a data plane that installs them "
			   "(kernel-libesp; kernel-netlink does not yet)");
	}
	ctx->cfg->request->insert_last(ctx->cfg->request, host);
	return 0;
}

static int add_pool(void *data, const char *item)
{
	ctx_t *ctx = data;
	mem_pool_t *pool;

	if (item[0] == '%') {
		return bad(ctx, "only address pools (subnet, range or address) are supported");
	}
	pool = mem_pool_create_from_string(item);
	if (!pool) {
		return bad(ctx, "invalid address pool (expected net/prefix, from-to or an address)");
	}
	pool->destroy(pool);
	if (charon && charon->attributes &&
	    !charon->attributes->add_pool(charon->attributes, item)) {
		return bad(ctx, "could not create the pool");
	}
	ctx->cfg->pools->insert_last(ctx->cfg->pools, strdup(item));
	return 0;
}

static int add_dns(void *data, const char *item)
{
	ctx_t *ctx = data;
	host_t *host = host_create_from_string(item, 0);

	if (!host) {
		return bad(ctx, "expected IP addresses");
	}
	ctx->cfg->dns->insert_last(ctx->cfg->dns, host);
	return 0;
}

int stroke_vip_config(stroke_msg_t *msg, peer_cfg_t *peer, FILE *err)
{
	const char *right = msg->get(msg, "right", ""), *left = msg->get(msg, "left", "");
	ctx_t ctx = {
		.cfg = peer->get_vip_cfg(peer),
		.err = err,
		.name = peer->get_name(peer),
		.family = strchr(right, ':') || strchr(left, ':') ? AF_INET6 : AF_INET,
	};
	static const struct {
		const char *keyword;
		int (*fn)(void *ctx, const char *item);
	} keys[] = {
		{ "leftsourceip", add_request },
		{ "rightsourceip", add_pool },
		{ "rightdns", add_dns },
	};
	int errors = 0;

	for (size_t i = 0; i < countof(keys); i++) {
		ctx.keyword = keys[i].keyword;
		ctx.value = msg->get(msg, keys[i].keyword, NULL);
		if (ctx.value) {
			errors += each_item(ctx.value, keys[i].fn, &ctx);
		}
	}
	return errors;
}

/* --- ipsec leases ------------------------------------------------------- */

static void list_pool(mem_pool_t *pool, host_t *filter, FILE *out, bool *found)
{
	enumerator_t *e;
	identification_t *id;
	host_t *addr;
	bool online;
	char buf[HOST_STR_LEN];

	fprintf(out, "Leases in pool '%s', usage: %" PRIu32 "/%" PRIu32 ", %" PRIu32 " online\n",
		pool->get_name(pool), pool->get_online(pool) + pool->get_offline(pool),
		pool->get_size(pool), pool->get_online(pool));
	e = pool->create_lease_enumerator(pool);
	while (e->enumerate(e, &addr, &id, &online)) {
		if (filter && !filter->ip_equals(filter, addr)) {
			continue;
		}
		/* strongSwan right-aligns the address in 15 columns */
		fprintf(out, "  %15s   %s   '%s'\n", host_to_str(addr, buf, sizeof(buf)),
			online ? "online" : "offline", id->to_string(id));
		*found = true;
	}
	e->destroy(e);
}

int stroke_vip_leases(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL), *address = msg->get(msg, "address", NULL);
	host_t *filter = NULL;
	enumerator_t *e;
	mem_pool_t *pool;
	bool pools = false, found = false;

	if (address) {
		filter = host_create_from_string(address, 0);
		if (!filter) {
			fprintf(err, "leases: invalid address '%s'\n", address);
			return 2;
		}
	}
	if (charon->attributes) {
		e = charon->attributes->create_pool_enumerator(charon->attributes);
		while (e->enumerate(e, &pool)) {
			if (name && !streq(name, pool->get_name(pool))) {
				continue;
			}
			pools = true;
			list_pool(pool, filter, out, &found);
		}
		e->destroy(e);
	}
	DESTROY_IF(filter);
	if (!pools) {
		fprintf(out, name ? "pool '%s' not found\n" : "no pools found\n", name);
	} else if (!found) {
		fprintf(out, "no matching leases found\n");
	}
	return 0;
}

void stroke_vip_status_pools(FILE *out)
{
	enumerator_t *e;
	mem_pool_t *pool;
	bool first = true;

	if (!charon->attributes) {
		return;
	}
	e = charon->attributes->create_pool_enumerator(charon->attributes);
	while (e->enumerate(e, &pool)) {
		if (first) {
			fprintf(out, "Virtual IP pools (size/online/offline):\n");
			first = false;
		}
		fprintf(out, "  %s: %" PRIu32 "/%" PRIu32 "/%" PRIu32 "\n", pool->get_name(pool),
			pool->get_size(pool), pool->get_online(pool), pool->get_offline(pool));
	}
	e->destroy(e);
}

/* --- ipsec down-srcip --------------------------------------------------- */

/* @p addr within [from, to] (same family) */
static bool in_range(host_t *addr, host_t *from, host_t *to)
{
	chunk_t a = addr->get_address(addr), f = from->get_address(from), t = to->get_address(to);

	return a.len == f.len && a.len == t.len && memcmp(a.ptr, f.ptr, a.len) >= 0 &&
	       memcmp(a.ptr, t.ptr, a.len) <= 0;
}

static bool ignore_log(void *param, debug_t group, level_t level, const char *message)
{
	return true;
}

int stroke_vip_down_srcip(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *start = msg->get(msg, "name", NULL), *end = msg->get(msg, "end", NULL);
	linked_list_t *ids = linked_list_create();
	host_t *from, *to, *vip;
	enumerator_t *e, *ve;
	ike_sa_t *ike_sa;
	void *id;
	char buf[HOST_STR_LEN];
	int failed = 0;

	from = start ? host_create_from_string(start, 0) : NULL;
	to = end ? host_create_from_string(end, 0) : (from ? from->clone(from) : NULL);
	if (!from || !to || from->get_family(from) != to->get_family(to)) {
		DESTROY_IF(from);
		DESTROY_IF(to);
		ids->destroy(ids);
		fprintf(err, "down_srcip: invalid address\n");
		return 2;
	}
	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		ve = ike_sa->get_vips(ike_sa)->create_enumerator(ike_sa->get_vips(ike_sa), false);
		while (ve->enumerate(ve, &vip)) {
			if (in_range(vip, from, to)) {
				fprintf(out, "closing IKE_SA %s[%" PRIu32 "] with virtual IP %s\n",
					ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa),
					host_to_str(vip, buf, sizeof(buf)));
				ids->insert_last(ids, (void *)(uintptr_t)ike_sa->get_unique_id(ike_sa));
				break;
			}
		}
		ve->destroy(ve);
	}
	e->destroy(e);
	from->destroy(from);
	to->destroy(to);
	if (!ids->get_count(ids)) {
		ids->destroy(ids);
		fprintf(err, "no IKE_SA with a virtual IP in that range found\n");
		return 1;
	}
	while (ids->remove_first(ids, &id) == SUCCESS) {
		status_t status = charon->controller->terminate_ike(charon->controller,
								    (uint32_t)(uintptr_t)id, false,
								    ignore_log, NULL, LEVEL_CTRL, 5000);

		if (status == SUCCESS || status == NOT_FOUND) {
			fprintf(out, "IKE_SA [%" PRIu32 "] closed successfully\n",
				(uint32_t)(uintptr_t)id);
		} else if (status == OUT_OF_RES) {
			/* a peer that does not answer: the delete retransmits on */
			fprintf(out, "IKE_SA [%" PRIu32 "] is being closed (peer not answering)\n",
				(uint32_t)(uintptr_t)id);
		} else {
			fprintf(err, "closing IKE_SA [%" PRIu32 "] failed\n", (uint32_t)(uintptr_t)id);
			failed++;
		}
	}
	ids->destroy(ids);
	return failed ? 1 : 0;
}
