/*
 * The IKE_SA part of a connection: both endpoints as configured (comma
 * lists of addresses, names, subnets, ranges and %any), ports, and the IKE
 * proposals.
 *
 * A config is built once and then only read, by many threads, so it needs
 * no lock; only its reference count changes.
 */
#include <arpa/inet.h>
#include <ctype.h>

#include "config/ike_cfg.h"

#define IKE_PORT 500

typedef struct private_ike_cfg_t {
	ike_cfg_t public;
	char *local;
	char *remote;
	uint16_t local_port;
	uint16_t remote_port;
	bool force_encap;
	ike_fragmentation_t fragmentation;
	bool no_certreq;
	uint8_t dscp;
	linked_list_t *proposals;
	unsigned int refs;
} private_ike_cfg_t;

/* what one entry of a left=/right= list is */
typedef enum entry_kind_t {
	ENTRY_ANY,		/* %any, %defaultroute */
	ENTRY_ANY4,
	ENTRY_ANY6,
	ENTRY_ADDRESS,
	ENTRY_SUBNET,
	ENTRY_RANGE,
	ENTRY_NAME,
} entry_kind_t;

static int numeric_family(const char *str)
{
	uint8_t buf[16];

	if (inet_pton(AF_INET, str, buf) == 1) {
		return AF_INET;
	}
	if (inet_pton(AF_INET6, str, buf) == 1) {
		return AF_INET6;
	}
	return AF_UNSPEC;
}

static entry_kind_t classify(const char *entry, char *from, char *to, size_t len)
{
	const char *dash = strchr(entry, '-');
	size_t n;

	if (streq(entry, "%any") || streq(entry, "%defaultroute") || !*entry) {
		return ENTRY_ANY;
	}
	if (streq(entry, "%any4")) {
		return ENTRY_ANY4;
	}
	if (streq(entry, "%any6")) {
		return ENTRY_ANY6;
	}
	if (strchr(entry, '/')) {
		return ENTRY_SUBNET;
	}
	/* names may hold dashes too: a range needs addresses on both sides */
	if (dash && (size_t)(dash - entry) < len && strlen(dash + 1) < len) {
		n = (size_t)(dash - entry);
		memcpy(from, entry, n);
		from[n] = '\0';
		strcpy(to, dash + 1);
		if (numeric_family(from) != AF_UNSPEC &&
		    numeric_family(from) == numeric_family(to)) {
			return ENTRY_RANGE;
		}
	}
	if (numeric_family(entry) != AF_UNSPEC) {
		/* 0.0.0.0 and :: mean any, as for host_t */
		host_t *host = host_create_from_string(entry, 0);
		bool any = host && host->is_anyaddr(host);

		DESTROY_IF(host);
		if (any) {
			return numeric_family(entry) == AF_INET ? ENTRY_ANY4 : ENTRY_ANY6;
		}
		return ENTRY_ADDRESS;
	}
	return ENTRY_NAME;
}

/* Call @p fn on each trimmed entry of a comma list until it returns true. */
static bool each_entry(const char *list, bool (*fn)(const char *entry, void *data),
		       void *data)
{
	const char *p = list ?: "", *end;
	char entry[256];
	size_t n;
	bool done = false;

	while (!done) {
		end = strchr(p, ',');
		if (!end) {
			end = p + strlen(p);
		}
		while (p < end && isspace((unsigned char)*p)) {
			p++;
		}
		n = (size_t)(end - p);
		while (n && isspace((unsigned char)p[n - 1])) {
			n--;
		}
		if (n < sizeof(entry)) {
			memcpy(entry, p, n);
			entry[n] = '\0';
			done = fn(entry, data);
		}
		if (!*end) {
			break;
		}
		p = end + 1;
	}
	return done;
}

/* leading bits two addresses share */
static int common_bits(chunk_t a, chunk_t b)
{
	size_t i;
	int bits = 0, bit;

	for (i = 0; i < a.len && i < b.len; i++) {
		if (a.ptr[i] == b.ptr[i]) {
			bits += 8;
			continue;
		}
		for (bit = 7; bit >= 0 && !((a.ptr[i] ^ b.ptr[i]) >> bit & 1); bit--) {
			bits++;
		}
		break;
	}
	return bits;
}

typedef struct match_data_t {
	host_t *host;
	int best;
} match_data_t;

static int match_entry(const char *entry, host_t *host)
{
	char from[128], to[128];
	host_t *a, *b;
	int family = host->get_family(host), prefix, score = 0;
	chunk_t addr = host->get_address(host);

	switch (classify(entry, from, to, sizeof(from))) {
	case ENTRY_ANY:
		return IKE_CFG_MATCH_ANY;
	case ENTRY_ANY4:
		return family == AF_INET ? IKE_CFG_MATCH_ANY : 0;
	case ENTRY_ANY6:
		return family == AF_INET6 ? IKE_CFG_MATCH_ANY : 0;
	case ENTRY_SUBNET:
		a = host_create_from_subnet(entry, &prefix);
		if (a && a->get_family(a) == family &&
		    common_bits(a->get_address(a), addr) >= prefix) {
			score = IKE_CFG_MATCH_SUBNET + prefix;
		}
		DESTROY_IF(a);
		return score;
	case ENTRY_RANGE:
		a = host_create_from_string(from, 0);
		b = host_create_from_string(to, 0);
		if (a && b && a->get_family(a) == family &&
		    chunk_compare(a->get_address(a), addr) <= 0 &&
		    chunk_compare(addr, b->get_address(b)) <= 0) {
			score = IKE_CFG_MATCH_SUBNET +
				common_bits(a->get_address(a), b->get_address(b));
		}
		DESTROY_IF(a);
		DESTROY_IF(b);
		return score;
	case ENTRY_ADDRESS:
		a = host_create_from_string(entry, 0);
		if (a && a->get_family(a) == family && a->ip_equals(a, host)) {
			score = IKE_CFG_MATCH_EXACT;
		}
		DESTROY_IF(a);
		return score;
	case ENTRY_NAME:
		a = host_create_from_dns(entry, family, 0);
		if (a && a->ip_equals(a, host) && !host->is_anyaddr(host)) {
			score = IKE_CFG_MATCH_EXACT;
		}
		DESTROY_IF(a);
		return score;
	}
	return 0;
}

static bool match_cb(const char *entry, void *data)
{
	match_data_t *m = data;
	int score = match_entry(entry, m->host);

	if (score > m->best) {
		m->best = score;
	}
	return false;
}

static int match_list(const char *list, host_t *host)
{
	match_data_t data = { .host = host };

	if (!host) {
		return 0;
	}
	each_entry(list, match_cb, &data);
	return data.best;
}

typedef struct resolve_data_t {
	int family;
	uint16_t port;
	bool allow_any;
	host_t *found;
} resolve_data_t;

static bool resolve_cb(const char *entry, void *data)
{
	resolve_data_t *r = data;
	char from[128], to[128];
	int family = r->family;

	switch (classify(entry, from, to, sizeof(from))) {
	case ENTRY_ANY:
		family = family == AF_UNSPEC ? AF_INET : family;
		break;
	case ENTRY_ANY4:
		family = family == AF_UNSPEC || family == AF_INET ? AF_INET : -1;
		break;
	case ENTRY_ANY6:
		family = family == AF_UNSPEC || family == AF_INET6 ? AF_INET6 : -1;
		break;
	case ENTRY_SUBNET:
	case ENTRY_RANGE:
		return false;
	case ENTRY_ADDRESS:
	case ENTRY_NAME:
		r->found = host_create_from_dns(entry, r->family, r->port);
		return r->found != NULL;
	}
	if (!r->allow_any || family == -1) {
		return false;
	}
	r->found = host_create_any(family);
	r->found->set_port(r->found, r->port);
	return true;
}

static host_t *resolve_list(const char *list, int family, uint16_t port, bool allow_any)
{
	resolve_data_t data = {
		.family = family,
		.port = port,
		.allow_any = allow_any,
	};

	each_entry(list, resolve_cb, &data);
	return data.found;
}

static const char *get_my_addr(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->local;
}

static const char *get_other_addr(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->remote;
}

static uint16_t get_my_port(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->local_port;
}

static uint16_t get_other_port(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->remote_port;
}

static host_t *resolve_me(ike_cfg_t *public, int family)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return resolve_list(this->local, family, this->local_port, true);
}

static host_t *resolve_other(ike_cfg_t *public, int family)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return resolve_list(this->remote, family, this->remote_port, false);
}

static int match_me(ike_cfg_t *public, host_t *host)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return match_list(this->local, host);
}

static int match_other(ike_cfg_t *public, host_t *host)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return match_list(this->remote, host);
}

static bool force_encap(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->force_encap;
}

static bool fragmentation(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->fragmentation != FRAGMENTATION_NO;
}

static ike_fragmentation_t get_fragmentation(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return this->fragmentation;
}

static bool send_certreq(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	return !this->no_certreq;
}

static void add_proposal(ike_cfg_t *public, proposal_t *proposal)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	if (proposal) {
		this->proposals->insert_last(this->proposals, proposal);
	}
}

static linked_list_t *get_proposals(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;
	linked_list_t *list = linked_list_create();
	enumerator_t *enumerator;
	proposal_t *proposal, *copy;

	enumerator = this->proposals->create_enumerator(this->proposals);
	while (enumerator->enumerate(enumerator, &proposal)) {
		copy = proposal->clone(proposal);
		copy->set_number(copy, (uint8_t)(list->get_count(list) + 1));
		list->insert_last(list, copy);
	}
	enumerator->destroy(enumerator);
	return list;
}

static proposal_t *select_proposal(ike_cfg_t *public, linked_list_t *proposals,
				   bool prefer_peer)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	if (!proposals) {
		return NULL;
	}
	if (prefer_peer) {
		return proposal_select_list_peer(this->proposals, proposals);
	}
	return proposal_select_list(this->proposals, proposals);
}

static key_exchange_method_t get_ke_method(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;
	proposal_t *first;
	uint16_t alg;

	if (this->proposals->get_first(this->proposals, (void **)&first) == SUCCESS &&
	    first->get_algorithm(first, TRANSFORM_KE, 0, &alg, NULL)) {
		return (key_exchange_method_t)alg;
	}
	return KE_NONE;
}

static bool has_ke_method(ike_cfg_t *public, key_exchange_method_t method)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;
	enumerator_t *enumerator;
	proposal_t *proposal;
	bool found = false;

	enumerator = this->proposals->create_enumerator(this->proposals);
	while (!found && enumerator->enumerate(enumerator, &proposal)) {
		found = proposal->has_ke_method(proposal, method);
	}
	enumerator->destroy(enumerator);
	return found;
}

static bool equals(ike_cfg_t *public, ike_cfg_t *other_public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;
	private_ike_cfg_t *other = (private_ike_cfg_t *)other_public;

	if (this == other) {
		return true;
	}
	return other &&
	       streq(this->local, other->local) &&
	       streq(this->remote, other->remote) &&
	       this->local_port == other->local_port &&
	       this->remote_port == other->remote_port &&
	       this->force_encap == other->force_encap &&
	       this->fragmentation == other->fragmentation &&
	       this->no_certreq == other->no_certreq &&
	       this->dscp == other->dscp &&
	       proposal_list_equals(this->proposals, other->proposals);
}

static ike_cfg_t *get_ref(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy_proposal(void *item)
{
	proposal_t *proposal = item;

	proposal->destroy(proposal);
}

static void destroy(ike_cfg_t *public)
{
	private_ike_cfg_t *this = (private_ike_cfg_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	this->proposals->destroy_function(this->proposals, destroy_proposal);
	free(this->local);
	free(this->remote);
	free(this);
}

ike_cfg_t *ike_cfg_create(ike_cfg_create_t *data)
{
	private_ike_cfg_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ike_cfg_t){
		.public = {
			.get_my_addr = get_my_addr,
			.get_other_addr = get_other_addr,
			.get_my_port = get_my_port,
			.get_other_port = get_other_port,
			.resolve_me = resolve_me,
			.resolve_other = resolve_other,
			.match_me = match_me,
			.match_other = match_other,
			.force_encap = force_encap,
			.fragmentation = fragmentation,
			.get_fragmentation = get_fragmentation,
			.send_certreq = send_certreq,
			.add_proposal = add_proposal,
			.get_proposals = get_proposals,
			.select_proposal = select_proposal,
			.get_ke_method = get_ke_method,
			.has_ke_method = has_ke_method,
			.equals = equals,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.local = str_dup(data->local ?: "%any"),
		.remote = str_dup(data->remote ?: "%any"),
		.local_port = data->local_port ?: IKE_PORT,
		.remote_port = data->remote_port ?: IKE_PORT,
		.force_encap = data->force_encap,
		.fragmentation = data->fragmentation,
		.no_certreq = data->no_certreq,
		.dscp = data->dscp,
		.proposals = linked_list_create(),
		.refs = 1,
	};
	return &this->public;
}
