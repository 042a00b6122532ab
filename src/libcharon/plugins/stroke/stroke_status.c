/*
 * status/statusall: the daemon header, the loaded conns, routed conns and
 * the SAs. SAs are enumerated once: their lines go to a buffer while the
 * up/connecting counts that precede them are taken.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <malloc.h>
#include <sys/utsname.h>

#include "stroke_status.h"
#include "stroke_vip.h"

#include "daemon.h"
#include "control/controller.h"
#include "kernel/kernel_net.h"
#include "plugins/plugin_loader.h"
#include "processing/processor.h"
#include "processing/scheduler.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

static bool name_matches(const char *filter, const char *name)
{
	return !filter || streq(filter, name);
}

/* "  uptime: 84 seconds, since Nov 25 21:02:27 2026" */
static void print_uptime(FILE *out, bool utc)
{
	time_t started = charon->start_time, now = time(NULL);
	char delta[32], since[64];
	struct tm tm;

	if (utc) {
		gmtime_r(&started, &tm);
	} else {
		localtime_r(&started, &tm);
	}
	strftime(since, sizeof(since), "%b %d %H:%M:%S %Y", &tm);
	fprintf(out, "  uptime: %s, since %s\n",
		stroke_status_delta(now > started ? now - started : 0, delta, sizeof(delta)),
		since);
}

static void print_daemon(FILE *out, bool utc)
{
	struct mallinfo2 mi = mallinfo2();
	struct utsname uts;
	processor_t *p = lib->processor;
	unsigned int total = p->get_total_threads(p), idle = p->get_idle_threads(p);

	if (uname(&uts) != 0) {
		memset(&uts, 0, sizeof(uts));
	}
	fprintf(out, "Status of IKE charon daemon (cygnet %s, %s %s, %s):\n", PACKAGE_VERSION,
		uts.sysname, uts.release, uts.machine);
	print_uptime(out, utc);
	fprintf(out, "  malloc: sbrk %zu, mmap %zu, used %zu, free %zu\n",
		mi.arena, mi.hblkhd, mi.uordblks, mi.fordblks);
	/* the processor counts working threads in total, not per priority */
	fprintf(out, "  worker threads: %u of %u idle, %u/0/0/0 working, "
		"job queue: %u/%u/%u/%u, scheduled: %u\n", idle, total,
		total > idle ? total - idle : 0,
		p->get_job_load(p, JOB_PRIO_CRITICAL), p->get_job_load(p, JOB_PRIO_HIGH),
		p->get_job_load(p, JOB_PRIO_MEDIUM), p->get_job_load(p, JOB_PRIO_LOW),
		lib->scheduler ? lib->scheduler->get_job_load(lib->scheduler) : 0);
	fprintf(out, "  loaded plugins: %s\n", lib->plugins->loaded_plugins(lib->plugins));
}

static void print_addresses(FILE *out)
{
	linked_list_t *list = kernel_net_get_addresses();
	char buf[HOST_STR_LEN];
	enumerator_t *e;
	host_t *host;

	fprintf(out, "Listening IP addresses:\n");
	e = list->create_enumerator(list);
	while (e->enumerate(e, &host)) {
		fprintf(out, "  %s\n", host_to_str(host, buf, sizeof(buf)));
	}
	e->destroy(e);
	list->destroy_offset(list, DESTROY_OFFSET(host_t));
}

/* strongSwan prints the header even when no conn is loaded */
static void print_conns(FILE *out, const char *name)
{
	enumerator_t *e = charon->backends->create_enumerator(charon->backends);
	peer_cfg_t *peer;

	fprintf(out, "Connections:\n");
	while (e->enumerate(e, &peer)) {
		if (name_matches(name, peer->get_name(peer))) {
			stroke_status_conn(out, peer);
		}
	}
	e->destroy(e);
}

static void print_routed(FILE *out, const char *name)
{
	controller_t *controller = charon->controller;
	child_sa_t *child;
	peer_cfg_t *peer;
	enumerator_t *e;
	bool first = true;

	if (!controller || !controller->create_route_enumerator) {
		return;
	}
	e = controller->create_route_enumerator(controller);
	while (e->enumerate(e, &peer, &child)) {
		if (!name_matches(name, child->get_name(child)) &&
		    !(peer && name_matches(name, peer->get_name(peer)))) {
			continue;
		}
		if (first) {
			fprintf(out, "Routed Connections:\n");
			first = false;
		}
		stroke_status_routed(out, peer, child);
	}
	e->destroy(e);
}

/* The SA lines into a buffer, counting states on the way. */
static void print_sas(FILE *out, const char *name, bool all)
{
	unsigned int up = 0, connecting = 0, total = 0, shown = 0;
	char *text = NULL;
	size_t len = 0;
	FILE *buf = open_memstream(&text, &len);
	time_t now = time_monotonic(NULL);
	enumerator_t *e, *children;
	child_sa_t *child;
	ike_sa_t *ike_sa;

	if (!buf) {
		return;
	}
	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		total++;
		up += ike_sa->get_state(ike_sa) == IKE_ESTABLISHED;
		connecting += ike_sa->get_state(ike_sa) == IKE_CONNECTING;
		if (!name_matches(name, ike_sa->get_name(ike_sa))) {
			continue;
		}
		shown++;
		stroke_status_ike_sa(buf, ike_sa, all, now);
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child)) {
			stroke_status_child_sa(buf, child, all, now);
		}
		children->destroy(children);
	}
	e->destroy(e);
	fclose(buf);
	fprintf(out, "Security Associations (%u up, %u connecting):\n", up, connecting);
	if (!total) {
		fprintf(out, "  none\n");
	} else if (!shown) {
		fprintf(out, "  no match\n");
	} else {
		fwrite(text, 1, len, out);
	}
	free(text);
}

void stroke_status(FILE *out, const char *name, bool all, bool utc)
{
	if (all) {
		print_daemon(out, utc);
		stroke_vip_status_pools(out);
		print_addresses(out);
		print_conns(out, name);
	}
	print_routed(out, name);
	print_sas(out, name, all);
}
