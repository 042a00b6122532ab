/*
 * status/statusall --json: the facts of the text layout as one document.
 * Times are seconds relative to now ("established_seconds" ago,
 * "rekey_seconds" from now), so the output does not depend on clocks.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <inttypes.h>
#include <sys/utsname.h>

#include "stroke_status.h"

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

static void json_ts(stroke_json_t *json, const char *key, linked_list_t *list)
{
	char buf[TS_STR_LEN];
	traffic_selector_t *ts;
	enumerator_t *e;

	json->begin_array(json, key);
	if (list) {
		e = list->create_enumerator(list);
		while (e->enumerate(e, &ts)) {
			json->string(json, NULL, traffic_selector_to_str(ts, buf, sizeof(buf)));
		}
		e->destroy(e);
	}
	json->end_array(json);
}

static void json_daemon(stroke_json_t *json)
{
	processor_t *p = lib->processor;
	linked_list_t *addrs = kernel_net_get_addresses();
	char buf[HOST_STR_LEN], *plugins, *name, *save = NULL;
	time_t now = time(NULL);
	struct utsname uts;
	enumerator_t *e;
	host_t *host;

	if (uname(&uts) != 0) {
		memset(&uts, 0, sizeof(uts));
	}
	json->begin_object(json, "daemon");
	json->string(json, "name", "charon");
	json->string(json, "version", PACKAGE_VERSION);
	json->stringf(json, "system", "%s %s", uts.sysname, uts.release);
	json->string(json, "machine", uts.machine);
	json->integer(json, "uptime_seconds", now > charon->start_time ?
		      now - charon->start_time : 0);
	json->integer(json, "started", charon->start_time);
	json->integer(json, "worker_threads", p->get_total_threads(p));
	json->integer(json, "idle_threads", p->get_idle_threads(p));
	json->begin_object(json, "job_queue");
	json->integer(json, "critical", p->get_job_load(p, JOB_PRIO_CRITICAL));
	json->integer(json, "high", p->get_job_load(p, JOB_PRIO_HIGH));
	json->integer(json, "medium", p->get_job_load(p, JOB_PRIO_MEDIUM));
	json->integer(json, "low", p->get_job_load(p, JOB_PRIO_LOW));
	json->end_object(json);
	json->integer(json, "scheduled",
		      lib->scheduler ? lib->scheduler->get_job_load(lib->scheduler) : 0);
	json->begin_array(json, "loaded_plugins");
	plugins = str_dup(lib->plugins->loaded_plugins(lib->plugins));
	for (name = strtok_r(plugins, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		json->string(json, NULL, name);
	}
	free(plugins);
	json->end_array(json);
	json->begin_array(json, "listening_addresses");
	e = addrs->create_enumerator(addrs);
	while (e->enumerate(e, &host)) {
		json->string(json, NULL, host_to_str(host, buf, sizeof(buf)));
	}
	e->destroy(e);
	addrs->destroy_offset(addrs, DESTROY_OFFSET(host_t));
	json->end_array(json);
	json->end_object(json);
}

static void json_auth(stroke_json_t *json, const char *key, auth_cfg_t *auth)
{
	json->begin_object(json, key);
	json->string(json, "id", auth->id && auth->id->get_type(auth->id) != ID_ANY ?
		     auth->id->to_string(auth->id) : "%any");
	json->string(json, "auth", stroke_status_auth_name(auth->auth));
	json->end_object(json);
}

static void json_conn(stroke_json_t *json, peer_cfg_t *peer)
{
	ike_cfg_t *ike_cfg = peer->get_ike_cfg(peer);
	linked_list_t *local, *remote;
	child_cfg_t *child;
	enumerator_t *e;

	json->begin_object(json, NULL);
	json->string(json, "name", peer->get_name(peer));
	json->string(json, "local_addrs", ike_cfg->get_my_addr(ike_cfg));
	json->string(json, "remote_addrs", ike_cfg->get_other_addr(ike_cfg));
	json->string(json, "version", "IKEv2");
	json->integer(json, "dpd_delay", peer->get_dpd(peer));
	json_auth(json, "local", peer->get_auth(peer, true));
	json_auth(json, "remote", peer->get_auth(peer, false));
	json->begin_array(json, "children");
	e = peer->create_child_cfg_enumerator(peer);
	while (e->enumerate(e, &child)) {
		local = child->get_traffic_selectors(child, true, NULL, NULL);
		remote = child->get_traffic_selectors(child, false, NULL, NULL);
		json->begin_object(json, NULL);
		json->string(json, "name", child->get_name(child));
		json->string(json, "mode", stroke_status_mode_name(child->get_mode(child)));
		json_ts(json, "local_ts", local);
		json_ts(json, "remote_ts", remote);
		json->string(json, "dpd_action",
			     stroke_status_action_name(child->get_dpd_action(child)));
		json->end_object(json);
		local->destroy_offset(local, DESTROY_OFFSET(traffic_selector_t));
		remote->destroy_offset(remote, DESTROY_OFFSET(traffic_selector_t));
	}
	e->destroy(e);
	json->end_array(json);
	json->end_object(json);
}

static void json_child(stroke_json_t *json, child_sa_t *child, bool all, time_t now)
{
	child_sa_state_t state = child->get_state(child);
	bool has_sas = state == CHILD_INSTALLED || state == CHILD_REKEYING ||
		       state == CHILD_REKEYED;
	uint64_t bytes, packets;
	char buf[256];
	time_t used, rekey;

	json->begin_object(json, NULL);
	json->string(json, "name", child->get_name(child));
	json->integer(json, "unique_id", child->get_unique_id(child));
	json->string(json, "state", child_sa_state_name(state));
	json->string(json, "mode", stroke_status_mode_name(child->get_mode(child)));
	json->integer(json, "reqid", child->get_reqid(child));
	if (has_sas) {
		json->string(json, "protocol", child->get_protocol(child) == PROTO_AH ? "AH" : "ESP");
		json->boolean(json, "encap", child->has_encap(child));
		json->stringf(json, "spi_in", "%.8" PRIx32, ntohl(child->get_spi(child, true)));
		json->stringf(json, "spi_out", "%.8" PRIx32, ntohl(child->get_spi(child, false)));
	}
	if (has_sas && all) {
		json->string(json, "proposal", stroke_status_child_proposal(
				     child->get_proposal(child), buf, sizeof(buf)));
		for (int in = 1; in >= 0; in--) {
			bytes = packets = 0;
			used = 0;
			child->get_usestats(child, in, &bytes, &packets, &used);
			json->integer(json, in ? "bytes_in" : "bytes_out", (int64_t)bytes);
			json->integer(json, in ? "packets_in" : "packets_out", (int64_t)packets);
			if (used) {
				json->integer(json, in ? "last_in_seconds" : "last_out_seconds",
					      now > used ? now - used : 0);
			}
		}
		rekey = child->get_lifetime(child, false);
		if (rekey) {
			json->integer(json, "rekey_seconds", rekey > now ? rekey - now : 0);
		}
	}
	json_ts(json, "local_ts", child->get_traffic_selectors(child, true));
	json_ts(json, "remote_ts", child->get_traffic_selectors(child, false));
	json->end_object(json);
}

static void json_endpoint(stroke_json_t *json, const char *key, host_t *host,
			  identification_t *id)
{
	char buf[HOST_STR_LEN];

	json->begin_object(json, key);
	json->string(json, "host", host ? host_to_str(host, buf, sizeof(buf)) : "%any");
	json->string(json, "id", id ? id->to_string(id) : "%any");
	json->end_object(json);
}

static void json_ike(stroke_json_t *json, ike_sa_t *ike_sa, bool all, time_t now)
{
	ike_sa_state_t state = ike_sa->get_state(ike_sa);
	ike_sa_id_t *id = ike_sa->get_id(ike_sa);
	proposal_t *proposal = ike_sa->get_proposal(ike_sa);
	enumerator_t *e;
	child_sa_t *child;
	char buf[512];
	time_t t;

	json->begin_object(json, NULL);
	json->string(json, "name", ike_sa->get_name(ike_sa));
	json->integer(json, "unique_id", ike_sa->get_unique_id(ike_sa));
	json->string(json, "state", ike_sa_state_name(state));
	t = ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED);
	if (state == IKE_ESTABLISHED && t) {
		json->integer(json, "established_seconds", now > t ? now - t : 0);
	}
	json_endpoint(json, "local", ike_sa->get_my_host(ike_sa), ike_sa->get_my_id(ike_sa));
	json_endpoint(json, "remote", ike_sa->get_other_host(ike_sa),
		      ike_sa->get_other_id(ike_sa));
	if (all) {
		ike_sa_id_print(id, buf, sizeof(buf));
		json->string(json, "spis", buf);
		json->boolean(json, "initiator", id->initiator);
		if (proposal) {
			json->string(json, "proposal", proposal->to_string(proposal, buf,
									    sizeof(buf), false));
		}
		t = ike_sa->get_statistic(ike_sa, STAT_REKEY);
		if (state == IKE_ESTABLISHED && t) {
			json->integer(json, "rekey_seconds", t > now ? t - now : 0);
		}
		t = ike_sa->get_statistic(ike_sa, STAT_REAUTH);
		if (state == IKE_ESTABLISHED && t) {
			json->integer(json, "reauth_seconds", t > now ? t - now : 0);
		}
	}
	json->begin_array(json, "child_sas");
	e = ike_sa->create_child_sa_enumerator(ike_sa);
	while (e->enumerate(e, &child)) {
		json_child(json, child, all, now);
	}
	e->destroy(e);
	json->end_array(json);
	json->end_object(json);
}

static void json_routed(stroke_json_t *json, const char *name)
{
	controller_t *controller = charon->controller;
	child_sa_t *child;
	peer_cfg_t *peer;
	enumerator_t *e;

	json->begin_array(json, "routed");
	if (controller && controller->create_route_enumerator) {
		e = controller->create_route_enumerator(controller);
		while (e->enumerate(e, &peer, &child)) {
			if (!name_matches(name, child->get_name(child)) &&
			    !(peer && name_matches(name, peer->get_name(peer)))) {
				continue;
			}
			json->begin_object(json, NULL);
			json->string(json, "name", child->get_name(child));
			json->integer(json, "unique_id", child->get_unique_id(child));
			json->integer(json, "reqid", child->get_reqid(child));
			json->string(json, "mode", stroke_status_mode_name(child->get_mode(child)));
			json_ts(json, "local_ts", child->get_traffic_selectors(child, true));
			json_ts(json, "remote_ts", child->get_traffic_selectors(child, false));
			json->end_object(json);
		}
		e->destroy(e);
	}
	json->end_array(json);
}

void stroke_status_json(FILE *out, const char *name, bool all)
{
	stroke_json_t *json = stroke_json_create(out);
	unsigned int up = 0, connecting = 0;
	time_t now = time_monotonic(NULL);
	enumerator_t *e;
	ike_sa_t *ike_sa;
	peer_cfg_t *peer;

	json->begin_object(json, NULL);
	if (all) {
		json_daemon(json);
		json->begin_array(json, "connections");
		e = charon->backends->create_enumerator(charon->backends);
		while (e->enumerate(e, &peer)) {
			if (name_matches(name, peer->get_name(peer))) {
				json_conn(json, peer);
			}
		}
		e->destroy(e);
		json->end_array(json);
	}
	json_routed(json, name);
	json->begin_array(json, "ike_sas");
	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		up += ike_sa->get_state(ike_sa) == IKE_ESTABLISHED;
		connecting += ike_sa->get_state(ike_sa) == IKE_CONNECTING;
		if (name_matches(name, ike_sa->get_name(ike_sa))) {
			json_ike(json, ike_sa, all, now);
		}
	}
	e->destroy(e);
	json->end_array(json);
	json->integer(json, "up", up);
	json->integer(json, "connecting", connecting);
	json->end_object(json);
	json->destroy(json);
}
