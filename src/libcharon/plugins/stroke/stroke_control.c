/*
 * up/down/route/unroute. The controller does the work and reports the
 * outcome; this file finds the configs or SAs a request names, relays the
 * SA's log lines to the client while it waits, and words the result the
 * way strongSwan's `ipsec up`/`down` do.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <inttypes.h>

#include "stroke_control.h"

#include "daemon.h"
#include "control/controller.h"

static uint32_t control_timeout_ms;

void stroke_control_set_timeout(uint32_t timeout_ms)
{
	control_timeout_ms = timeout_ms;
}

/* Log lines of the SA go to the client as they happen. */
static bool relay_log(void *param, debug_t group, level_t level, const char *message)
{
	FILE *out = param;

	fprintf(out, "%s\n", message);
	fflush(out);
	/* client gone: stop relaying, the operation itself goes on */
	return !ferror(out);
}

static bool is_yes(stroke_msg_t *msg, const char *key)
{
	return streq(msg->get(msg, key, "no"), "yes");
}

/* loglevel=N (-1..4), default 1; false if invalid. */
static bool get_level(stroke_msg_t *msg, level_t *level, FILE *err)
{
	const char *value = msg->get(msg, "loglevel", NULL);

	*level = LEVEL_AUDIT;
	if (!value) {
		return true;
	}
	if (streq(value, "-1")) {
		*level = LEVEL_SILENT;
		return true;
	}
	if (strlen(value) == 1 && value[0] >= '0' && value[0] <= '4') {
		*level = value[0] - '0';
		return true;
	}
	fprintf(err, "invalid loglevel=%s (-1..4)\n", value);
	return false;
}

static const char *get_name(stroke_msg_t *msg, const char *command, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL);

	if (!name || !*name) {
		fprintf(err, "%s: missing name\n", command);
		return NULL;
	}
	return name;
}

/* The conn named @p name and its CHILD_SA config of that name (new
 * references); else the conn holding a CHILD_SA config named so. */
static peer_cfg_t *find_config(const char *name, child_cfg_t **child)
{
	peer_cfg_t *peer, *current;
	child_cfg_t *found;
	enumerator_t *e;

	*child = NULL;
	peer = charon->backends->get_peer_cfg_by_name(charon->backends, name);
	if (peer) {
		found = peer->get_child_cfg(peer, name);
		*child = found ? found->get_ref(found) : NULL;
		return peer;
	}
	e = charon->backends->create_enumerator(charon->backends);
	while (!peer && e->enumerate(e, &current)) {
		found = current->get_child_cfg(current, name);
		if (found) {
			peer = current->get_ref(current);
			*child = found->get_ref(found);
		}
	}
	e->destroy(e);
	return peer;
}

static bool have_controller(FILE *err)
{
	if (!charon->controller) {
		fprintf(err, "the IKE engine is not running\n");
		return false;
	}
	return true;
}

int stroke_control_up(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = get_name(msg, "up", err);
	bool async = is_yes(msg, "async");
	child_cfg_t *child;
	peer_cfg_t *peer;
	level_t level;
	status_t status;

	if (!name || !get_level(msg, &level, err)) {
		return 2;
	}
	if (!have_controller(err)) {
		return 1;
	}
	peer = find_config(name, &child);
	if (!peer) {
		fprintf(err, "no config named '%s'\n", name);
		return 1;
	}
	status = charon->controller->initiate(charon->controller, peer, child,
					      async ? NULL : relay_log, async ? NULL : out,
					      level, async ? 0 : control_timeout_ms);
	DESTROY_IF(child);
	peer->destroy(peer);
	switch (status) {
	case SUCCESS:
		if (!async) {
			fprintf(out, "connection '%s' established successfully\n", name);
		}
		return 0;
	case OUT_OF_RES:
		fprintf(err, "establishing connection '%s' timed out (it goes on in the "
			"background)\n", name);
		return 1;
	case NOT_SUPPORTED:
		fprintf(err, "initiating connection '%s' is not supported yet\n", name);
		return 1;
	default:
		fprintf(err, "establishing connection '%s' failed\n", name);
		return 1;
	}
}

bool stroke_control_parse_spec(const char *str, stroke_sa_spec_t *spec)
{
	const char *open, *inner;
	size_t name_len, inner_len;
	char close;
	uint64_t id = 0;

	*spec = (stroke_sa_spec_t){ .id = 0 };
	if (!str || !*str || strlen(str) >= sizeof(spec->name)) {
		return false;
	}
	open = strpbrk(str, "[{");
	if (!open) {
		if (strpbrk(str, "]}")) {
			return false;
		}
		strcpy(spec->name, str);
		return true;
	}
	close = *open == '[' ? ']' : '}';
	inner = open + 1;
	inner_len = strlen(inner);
	if (inner_len < 2 || inner[inner_len - 1] != close) {
		return false;
	}
	inner_len--;
	name_len = (size_t)(open - str);
	memcpy(spec->name, str, name_len);
	spec->name[name_len] = '\0';
	spec->child = *open == '{';
	spec->bracket = true;
	if (inner_len == 1 && inner[0] == '*') {
		return name_len > 0;
	}
	for (size_t i = 0; i < inner_len; i++) {
		if (!isdigit((unsigned char)inner[i]) || i >= 10) {
			return false;
		}
		id = id * 10 + (uint64_t)(inner[i] - '0');
	}
	if (id == 0 || id > UINT32_MAX) {
		return false;
	}
	spec->id = (uint32_t)id;
	return true;
}

/* Unique ids of the SAs @p spec names (by name, id 0). */
static linked_list_t *collect(stroke_sa_spec_t *spec)
{
	linked_list_t *ids = linked_list_create();
	enumerator_t *e, *children;
	child_sa_t *child;
	ike_sa_t *ike_sa;

	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, true);
	while (e->enumerate(e, &ike_sa)) {
		if (!spec->child) {
			if (streq(ike_sa->get_name(ike_sa), spec->name)) {
				ids->insert_last(ids, (void *)(uintptr_t)ike_sa->get_unique_id(ike_sa));
			}
			continue;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child)) {
			if (streq(child->get_name(child), spec->name)) {
				ids->insert_last(ids, (void *)(uintptr_t)child->get_unique_id(child));
			}
		}
		children->destroy(children);
	}
	e->destroy(e);
	return ids;
}

/* Terminate one SA; false if that failed. */
static bool terminate(stroke_sa_spec_t *spec, uint32_t id, bool vanished_ok, bool force,
		      bool async, level_t level, FILE *out, FILE *err)
{
	controller_t *c = charon->controller;
	controller_cb_t cb = async ? NULL : relay_log;
	void *param = async ? NULL : out;
	uint32_t timeout = async ? 0 : control_timeout_ms;
	const char *what = spec->child ? "CHILD_SA" : "IKE_SA";
	char open = spec->child ? '{' : '[', close = spec->child ? '}' : ']';
	status_t status;

	if (spec->child) {
		status = c->terminate_child(c, id, cb, param, level, timeout);
	} else {
		status = c->terminate_ike(c, id, force, cb, param, level, timeout);
	}
	switch (status) {
	case SUCCESS:
		if (!async) {
			fprintf(out, "%s %c%" PRIu32 "%c closed successfully\n", what, open, id, close);
		}
		return true;
	case NOT_FOUND:
		if (!vanished_ok) {
			fprintf(err, "no %s %c%" PRIu32 "%c found\n", what, open, id, close);
		}
		return vanished_ok;
	case OUT_OF_RES:
		fprintf(err, "closing %s %c%" PRIu32 "%c timed out\n", what, open, id, close);
		return false;
	default:
		fprintf(err, "closing %s %c%" PRIu32 "%c failed\n", what, open, id, close);
		return false;
	}
}

int stroke_control_down(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = get_name(msg, "down", err);
	bool async = is_yes(msg, "async"), force = is_yes(msg, "force");
	stroke_sa_spec_t spec;
	linked_list_t *ids;
	level_t level;
	int failed = 0;
	void *id;

	if (!name || !get_level(msg, &level, err)) {
		return 2;
	}
	if (!stroke_control_parse_spec(name, &spec)) {
		fprintf(err, "invalid SA name '%s' (use NAME, NAME[n], NAME{n}, NAME[*] or "
			"NAME{*})\n", name);
		return 2;
	}
	if (!have_controller(err)) {
		return 1;
	}
	if (spec.id) {
		return terminate(&spec, spec.id, false, force, async, level, out, err) ? 0 : 1;
	}
	ids = collect(&spec);
	if (!ids->get_count(ids)) {
		fprintf(err, "no %s named '%s' found\n", spec.child ? "CHILD_SA" : "IKE_SA",
			spec.name);
		ids->destroy(ids);
		return 1;
	}
	while (ids->remove_first(ids, &id) == SUCCESS) {
		failed += !terminate(&spec, (uint32_t)(uintptr_t)id, true, force, async, level,
				     out, err);
	}
	ids->destroy(ids);
	return failed ? 1 : 0;
}

int stroke_control_route(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = get_name(msg, "route", err);
	child_cfg_t *child;
	peer_cfg_t *peer;
	status_t status;

	if (!name) {
		return 2;
	}
	if (!have_controller(err)) {
		return 1;
	}
	peer = find_config(name, &child);
	if (!peer || !child) {
		fprintf(err, "no config named '%s'\n", name);
		DESTROY_IF(peer);
		return 1;
	}
	status = charon->controller->route ?
		 charon->controller->route(charon->controller, peer, child) : NOT_SUPPORTED;
	child->destroy(child);
	peer->destroy(peer);
	switch (status) {
	case SUCCESS:
		fprintf(out, "'%s' routed\n", name);
		return 0;
	case ALREADY_DONE:
		fprintf(out, "'%s' already routed\n", name);
		return 0;
	case NOT_SUPPORTED:
		fprintf(err, "routing '%s' failed: trap policies are not supported yet\n", name);
		return 1;
	default:
		fprintf(err, "routing '%s' failed\n", name);
		return 1;
	}
}

int stroke_control_unroute(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = get_name(msg, "unroute", err);
	status_t status;

	if (!name) {
		return 2;
	}
	if (!have_controller(err)) {
		return 1;
	}
	status = charon->controller->unroute ?
		 charon->controller->unroute(charon->controller, name) : NOT_SUPPORTED;
	switch (status) {
	case SUCCESS:
		fprintf(out, "configuration '%s' unrouted\n", name);
		return 0;
	case NOT_FOUND:
		fprintf(err, "configuration '%s' not found\n", name);
		return 1;
	case NOT_SUPPORTED:
		fprintf(err, "unrouting '%s' failed: trap policies are not supported yet\n", name);
		return 1;
	default:
		fprintf(err, "unrouting '%s' failed\n", name);
		return 1;
	}
}
