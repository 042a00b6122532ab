/*
 * Fake SAs and manager for the stroke plugin tests.
 */
#define _GNU_SOURCE
#include <stdarg.h>

#include "fake_sa.h"
#include "selectors/traffic_selector.h"

static const char *c_get_name(child_sa_t *p) { return ((fake_child_t *)p)->name; }
static uint32_t c_get_unique_id(child_sa_t *p) { return ((fake_child_t *)p)->id; }
static uint32_t c_get_reqid(child_sa_t *p) { return ((fake_child_t *)p)->reqid; }
static child_sa_state_t c_get_state(child_sa_t *p) { return ((fake_child_t *)p)->state; }
static ipsec_mode_t c_get_mode(child_sa_t *p) { return ((fake_child_t *)p)->mode; }
static uint8_t c_get_protocol(child_sa_t *p) { return PROTO_ESP; }
static bool c_has_encap(child_sa_t *p) { return ((fake_child_t *)p)->encap; }
static proposal_t *c_get_proposal(child_sa_t *p) { return ((fake_child_t *)p)->proposal; }

static uint32_t c_get_spi(child_sa_t *p, bool inbound)
{
	fake_child_t *this = (fake_child_t *)p;

	return inbound ? this->spi_in : this->spi_out;
}

static linked_list_t *c_get_ts(child_sa_t *p, bool local)
{
	fake_child_t *this = (fake_child_t *)p;

	return local ? this->my_ts : this->other_ts;
}

static void c_get_usestats(child_sa_t *p, bool inbound, uint64_t *bytes, uint64_t *packets,
			   time_t *used)
{
	fake_child_t *this = (fake_child_t *)p;

	*bytes = this->bytes[inbound];
	*packets = this->packets[inbound];
	*used = this->used[inbound];
}

static time_t c_get_lifetime(child_sa_t *p, bool hard)
{
	return hard ? 0 : ((fake_child_t *)p)->rekey;
}

static void c_destroy(child_sa_t *p)
{
	fake_child_t *this = (fake_child_t *)p;

	DESTROY_IF(this->proposal);
	this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
	this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
	free(this->name);
	free(this);
}

static linked_list_t *ts_list(const char *nets)
{
	linked_list_t *list = linked_list_create();
	char *copy = str_dup(nets), *tok, *save = NULL;

	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok; tok = strtok_r(NULL, " ", &save)) {
		list->insert_last(list, traffic_selector_create_from_cidr(tok, 0, 0, 65535));
	}
	free(copy);
	return list;
}

fake_child_t *fake_child_create(const char *name, uint32_t id, const char *my_ts,
				const char *other_ts)
{
	fake_child_t *this = mem_zalloc(sizeof(*this));

	*this = (fake_child_t){
		.public = {
			.get_name = c_get_name,
			.get_unique_id = c_get_unique_id,
			.get_reqid = c_get_reqid,
			.get_state = c_get_state,
			.get_mode = c_get_mode,
			.get_protocol = c_get_protocol,
			.has_encap = c_has_encap,
			.get_proposal = c_get_proposal,
			.get_spi = c_get_spi,
			.get_traffic_selectors = c_get_ts,
			.get_usestats = c_get_usestats,
			.get_lifetime = c_get_lifetime,
			.destroy = c_destroy,
		},
		.name = str_dup(name),
		.id = id,
		.reqid = id,
		.state = CHILD_INSTALLED,
		.mode = MODE_TUNNEL,
		.my_ts = ts_list(my_ts),
		.other_ts = ts_list(other_ts),
	};
	return this;
}

static ike_sa_id_t *i_get_id(ike_sa_t *p) { return &((fake_ike_t *)p)->sa_id; }
static uint32_t i_get_unique_id(ike_sa_t *p) { return ((fake_ike_t *)p)->id; }
static const char *i_get_name(ike_sa_t *p) { return ((fake_ike_t *)p)->name; }
static ike_sa_state_t i_get_state(ike_sa_t *p) { return ((fake_ike_t *)p)->state; }
static peer_cfg_t *i_get_peer_cfg(ike_sa_t *p) { return ((fake_ike_t *)p)->peer_cfg; }
static host_t *i_get_my_host(ike_sa_t *p) { return ((fake_ike_t *)p)->me; }
static host_t *i_get_other_host(ike_sa_t *p) { return ((fake_ike_t *)p)->other; }
static identification_t *i_get_my_id(ike_sa_t *p) { return ((fake_ike_t *)p)->my_id; }
static identification_t *i_get_other_id(ike_sa_t *p) { return ((fake_ike_t *)p)->other_id; }
static proposal_t *i_get_proposal(ike_sa_t *p) { return ((fake_ike_t *)p)->proposal; }

static time_t i_get_statistic(ike_sa_t *p, ike_sa_statistic_t kind)
{
	return kind < STAT_MAX ? ((fake_ike_t *)p)->stats[kind] : 0;
}

static auth_class_t i_get_auth_class(ike_sa_t *p, bool local)
{
	return ((fake_ike_t *)p)->auth;
}

static enumerator_t *i_create_child_sa_enumerator(ike_sa_t *p)
{
	fake_ike_t *this = (fake_ike_t *)p;

	return this->children->create_enumerator(this->children);
}

static int i_get_child_count(ike_sa_t *p)
{
	fake_ike_t *this = (fake_ike_t *)p;

	return this->children->get_count(this->children);
}

static void i_destroy(ike_sa_t *p)
{
	fake_ike_t *this = (fake_ike_t *)p;

	DESTROY_IF(this->me);
	DESTROY_IF(this->other);
	DESTROY_IF(this->my_id);
	DESTROY_IF(this->other_id);
	DESTROY_IF(this->proposal);
	DESTROY_IF(this->peer_cfg);
	this->children->destroy_offset(this->children, DESTROY_OFFSET(child_sa_t));
	free(this->name);
	free(this);
}

fake_ike_t *fake_ike_create(const char *name, uint32_t id, ike_sa_state_t state,
			    const char *me, const char *other)
{
	fake_ike_t *this = mem_zalloc(sizeof(*this));

	*this = (fake_ike_t){
		.public = {
			.get_id = i_get_id,
			.get_unique_id = i_get_unique_id,
			.get_name = i_get_name,
			.get_state = i_get_state,
			.get_peer_cfg = i_get_peer_cfg,
			.get_my_host = i_get_my_host,
			.get_other_host = i_get_other_host,
			.get_my_id = i_get_my_id,
			.get_other_id = i_get_other_id,
			.get_proposal = i_get_proposal,
			.get_statistic = i_get_statistic,
			.get_auth_class = i_get_auth_class,
			.create_child_sa_enumerator = i_create_child_sa_enumerator,
			.get_child_count = i_get_child_count,
			.destroy = i_destroy,
		},
		.name = str_dup(name),
		.id = id,
		.state = state,
		.me = me ? host_create_from_string(me, 500) : NULL,
		.other = other ? host_create_from_string(other, 500) : NULL,
		.children = linked_list_create(),
	};
	return this;
}

void fake_ike_add_child(fake_ike_t *ike, fake_child_t *child)
{
	ike->children->insert_last(ike->children, child);
}

typedef struct {
	ike_sa_manager_t public;
	linked_list_t *list;
} fake_manager_t;

static enumerator_t *m_create_enumerator(ike_sa_manager_t *p, bool wait)
{
	fake_manager_t *this = (fake_manager_t *)p;

	return this->list->create_enumerator(this->list);
}

static unsigned int m_get_count(ike_sa_manager_t *p)
{
	fake_manager_t *this = (fake_manager_t *)p;

	return (unsigned int)this->list->get_count(this->list);
}

static void m_destroy(ike_sa_manager_t *p)
{
	free(p);
}

ike_sa_manager_t *fake_manager_create(linked_list_t *list)
{
	fake_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (fake_manager_t){
		.public = {
			.create_enumerator = m_create_enumerator,
			.get_count = m_get_count,
			.destroy = m_destroy,
		},
		.list = list,
	};
	return &this->public;
}

proposal_t *fake_proposal(protocol_id_t protocol, int count, ...)
{
	proposal_t *proposal = proposal_create(protocol, 1);
	va_list args;

	va_start(args, count);
	for (int i = 0; i < count; i++) {
		int type = va_arg(args, int), alg = va_arg(args, int), key = va_arg(args, int);

		proposal->add_algorithm(proposal, (uint16_t)type, (uint16_t)alg, (uint16_t)key);
	}
	va_end(args);
	return proposal;
}
