/*
 * Fakes for the CHILD_SA tests: a data plane that records every call, a
 * child_cfg/peer_cfg pair, a keymat with predictable keys, an IKE_SA that
 * holds just what the CHILD_SA tasks use, and capture of log lines and bus
 * events. Included once per test program.
 */
#ifndef CHILD_FAKES_H
#define CHILD_FAKES_H

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>

#include "library.h"
#include "daemon.h"
#include "bus/log_bus.h"
#include "kernel/kernel_ipsec.h"
#include "sa/child_sa.h"
#include "sa/ike_sa.h"

/* each test program uses a different part of the fakes */
#pragma GCC diagnostic ignored "-Wunused-function"

#define MAX_RECORDS 64

/* --- data plane --------------------------------------------------------- */

typedef struct {
	char src[HOST_STR_LEN], dst[HOST_STR_LEN];
	uint32_t spi;
	uint8_t proto;
	kernel_ipsec_add_sa_t data;	/* lists and keys below, not the caller's */
	lifetime_cfg_t lifetime;
	chunk_t enc_key, int_key;
	char src_ts[256], dst_ts[256];
	bool deleted;
} sa_rec_t;

typedef struct {
	policy_dir_t dir;
	char src_ts[TS_STR_LEN], dst_ts[TS_STR_LEN];
	kernel_ipsec_manage_policy_t data;
	char src[HOST_STR_LEN], dst[HOST_STR_LEN];
	bool deleted;
} policy_rec_t;

typedef struct {
	kernel_ipsec_t public;
	uint32_t next_spi;
	int get_spi_calls;
	char spi_src[HOST_STR_LEN], spi_dst[HOST_STR_LEN];
	uint8_t spi_proto;
	sa_rec_t sas[MAX_RECORDS];
	int sa_count;
	int del_sa_calls;
	uint32_t del_spis[MAX_RECORDS];
	int update_sa_calls;
	policy_rec_t policies[MAX_RECORDS];
	int policy_count;
	int del_policy_calls;
	bool fail_get_spi;
	/* fail the n-th add_sa / add_policy call (1-based), 0 = never */
	int fail_add_sa;
	int fail_add_policy;
	int add_sa_calls, add_policy_calls;
	kernel_ipsec_sa_stats_t stats;
} fake_kernel_t;

static status_t fk_get_spi(kernel_ipsec_t *public, host_t *src, host_t *dst, uint8_t proto,
			   uint32_t *spi)
{
	fake_kernel_t *this = (fake_kernel_t *)public;

	this->get_spi_calls++;
	host_to_str(src, this->spi_src, sizeof(this->spi_src));
	host_to_str(dst, this->spi_dst, sizeof(this->spi_dst));
	this->spi_proto = proto;
	if (this->fail_get_spi) {
		return FAILED;
	}
	*spi = htonl(this->next_spi++);
	return SUCCESS;
}

static status_t fk_add_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
			  kernel_ipsec_add_sa_t *data)
{
	fake_kernel_t *this = (fake_kernel_t *)public;
	sa_rec_t *rec;

	if (++this->add_sa_calls == this->fail_add_sa || this->sa_count == MAX_RECORDS) {
		return FAILED;
	}
	rec = &this->sas[this->sa_count++];
	host_to_str(id->src, rec->src, sizeof(rec->src));
	host_to_str(id->dst, rec->dst, sizeof(rec->dst));
	rec->spi = id->spi;
	rec->proto = id->proto;
	rec->data = *data;
	rec->lifetime = *data->lifetime;
	rec->data.lifetime = &rec->lifetime;
	rec->enc_key = chunk_clone(data->enc_key);
	rec->int_key = chunk_clone(data->int_key);
	rec->data.enc_key = rec->data.int_key = chunk_empty;
	rec->data.src_ts = rec->data.dst_ts = NULL;
	traffic_selector_list_to_str(data->src_ts, rec->src_ts, sizeof(rec->src_ts));
	traffic_selector_list_to_str(data->dst_ts, rec->dst_ts, sizeof(rec->dst_ts));
	return SUCCESS;
}

static status_t fk_query_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
			    kernel_ipsec_sa_stats_t *stats)
{
	*stats = ((fake_kernel_t *)public)->stats;
	return SUCCESS;
}

/* MOBIKE: move a live SA's recorded endpoints */
static status_t fk_update_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id, host_t *src,
			     host_t *dst, bool encap)
{
	fake_kernel_t *this = (fake_kernel_t *)public;
	int i;

	this->update_sa_calls++;
	for (i = 0; i < this->sa_count; i++) {
		if (this->sas[i].spi == id->spi && !this->sas[i].deleted) {
			host_to_str(src, this->sas[i].src, sizeof(this->sas[i].src));
			host_to_str(dst, this->sas[i].dst, sizeof(this->sas[i].dst));
			return SUCCESS;
		}
	}
	return NOT_FOUND;
}

static status_t fk_del_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id)
{
	fake_kernel_t *this = (fake_kernel_t *)public;
	int i;

	if (this->del_sa_calls < MAX_RECORDS) {
		this->del_spis[this->del_sa_calls] = id->spi;
	}
	this->del_sa_calls++;
	for (i = 0; i < this->sa_count; i++) {
		if (this->sas[i].spi == id->spi && !this->sas[i].deleted) {
			this->sas[i].deleted = true;
			return SUCCESS;
		}
	}
	return NOT_FOUND;
}

static status_t fk_add_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			      kernel_ipsec_manage_policy_t *data)
{
	fake_kernel_t *this = (fake_kernel_t *)public;
	policy_rec_t *rec;

	if (++this->add_policy_calls == this->fail_add_policy ||
	    this->policy_count == MAX_RECORDS) {
		return FAILED;
	}
	rec = &this->policies[this->policy_count++];
	rec->dir = id->dir;
	traffic_selector_to_str(id->src_ts, rec->src_ts, sizeof(rec->src_ts));
	traffic_selector_to_str(id->dst_ts, rec->dst_ts, sizeof(rec->dst_ts));
	rec->data = *data;
	host_to_str(data->src, rec->src, sizeof(rec->src));
	host_to_str(data->dst, rec->dst, sizeof(rec->dst));
	rec->data.src = rec->data.dst = NULL;
	return SUCCESS;
}

static status_t fk_del_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			      kernel_ipsec_manage_policy_t *data)
{
	fake_kernel_t *this = (fake_kernel_t *)public;
	char src[TS_STR_LEN], dst[TS_STR_LEN];
	int i;

	this->del_policy_calls++;
	traffic_selector_to_str(id->src_ts, src, sizeof(src));
	traffic_selector_to_str(id->dst_ts, dst, sizeof(dst));
	for (i = 0; i < this->policy_count; i++) {
		policy_rec_t *rec = &this->policies[i];

		if (!rec->deleted && rec->dir == id->dir && streq(rec->src_ts, src) &&
		    streq(rec->dst_ts, dst) && rec->data.reqid == data->reqid &&
		    rec->data.prio == data->prio) {
			rec->deleted = true;
			return SUCCESS;
		}
	}
	return NOT_FOUND;
}

static void fk_reset(fake_kernel_t *this)
{
	int i;

	for (i = 0; i < this->sa_count; i++) {
		chunk_clear(&this->sas[i].enc_key);
		chunk_clear(&this->sas[i].int_key);
	}
	*this = (fake_kernel_t){
		.public = {
			.get_spi = fk_get_spi,
			.add_sa = fk_add_sa,
			.query_sa = fk_query_sa,
			.del_sa = fk_del_sa,
			.update_sa = fk_update_sa,
			.add_policy = fk_add_policy,
			.del_policy = fk_del_policy,
		},
		.next_spi = 0xc0000001,
	};
}

static int fk_live_sas(fake_kernel_t *this)
{
	int i, n = 0;

	for (i = 0; i < this->sa_count; i++) {
		n += !this->sas[i].deleted;
	}
	return n;
}

static int fk_live_policies(fake_kernel_t *this)
{
	int i, n = 0;

	for (i = 0; i < this->policy_count; i++) {
		n += !this->policies[i].deleted;
	}
	return n;
}

/* The installed SA with @p spi, NULL if none. */
static sa_rec_t *fk_find_sa(fake_kernel_t *this, uint32_t spi)
{
	int i;

	for (i = 0; i < this->sa_count; i++) {
		if (this->sas[i].spi == spi) {
			return &this->sas[i];
		}
	}
	return NULL;
}

/* --- child_cfg / peer_cfg ----------------------------------------------- */

typedef struct {
	child_cfg_t public;
	int refs;
	char name[32];
	linked_list_t *proposals;
	linked_list_t *my_ts;
	linked_list_t *other_ts;
	ipsec_mode_t mode;
	lifetime_cfg_t lifetime;
	uint32_t reqid;
} fake_cfg_t;

static const char *fc_get_name(child_cfg_t *public)
{
	return ((fake_cfg_t *)public)->name;
}

static void fc_add_proposal(child_cfg_t *public, proposal_t *proposal)
{
	fake_cfg_t *this = (fake_cfg_t *)public;

	this->proposals->insert_last(this->proposals, proposal);
}

static proposal_t *strip(proposal_t *p, bool strip_ke)
{
	proposal_t *copy = proposal_create(p->get_protocol(p), p->get_number(p));
	enumerator_t *e = p->create_enumerator(p);
	uint16_t type, alg, len;

	while (e->enumerate(e, &type, &alg, &len)) {
		if (!strip_ke || type != TRANSFORM_KE) {
			copy->add_algorithm(copy, type, alg, len);
		}
	}
	e->destroy(e);
	copy->set_spi(copy, p->get_spi(p));
	return copy;
}

static linked_list_t *fc_get_proposals(child_cfg_t *public, bool strip_ke)
{
	fake_cfg_t *this = (fake_cfg_t *)public;
	linked_list_t *list = linked_list_create();
	enumerator_t *e = this->proposals->create_enumerator(this->proposals);
	proposal_t *p;

	while (e->enumerate(e, &p)) {
		list->insert_last(list, strip(p, strip_ke));
	}
	e->destroy(e);
	return list;
}

static proposal_t *fc_select_proposal(child_cfg_t *public, linked_list_t *proposals,
				      bool strip_ke, bool prefer_peer)
{
	linked_list_t *ours = fc_get_proposals(public, strip_ke);
	proposal_t *selected = proposal_select_list(ours, proposals);

	ours->destroy_offset(ours, DESTROY_OFFSET(proposal_t));
	return selected;
}

static key_exchange_method_t fc_get_ke_method(child_cfg_t *public)
{
	fake_cfg_t *this = (fake_cfg_t *)public;
	proposal_t *first;
	uint16_t ke = KE_NONE;

	if (this->proposals->get_first(this->proposals, (void **)&first) == SUCCESS) {
		first->get_algorithm(first, TRANSFORM_KE, 0, &ke, NULL);
	}
	return ke;
}

static void fc_add_ts(child_cfg_t *public, bool local, traffic_selector_t *ts)
{
	fake_cfg_t *this = (fake_cfg_t *)public;

	(local ? this->my_ts : this->other_ts)->insert_last(local ? this->my_ts : this->other_ts,
							    ts);
}

static linked_list_t *fc_get_ts(child_cfg_t *public, bool local, linked_list_t *supplied,
				linked_list_t *hosts)
{
	fake_cfg_t *this = (fake_cfg_t *)public;
	linked_list_t *mine = local ? this->my_ts : this->other_ts, *out = linked_list_create();
	enumerator_t *e = mine->create_enumerator(mine), *s;
	traffic_selector_t *ts, *copy, *theirs, *sub;
	host_t *host;

	while (e->enumerate(e, &ts)) {
		copy = ts->clone(ts);
		if (copy->is_dynamic(copy) && hosts &&
		    hosts->get_first(hosts, (void **)&host) == SUCCESS) {
			copy->set_address(copy, host);
		}
		if (!supplied) {
			out->insert_last(out, copy);
			continue;
		}
		s = supplied->create_enumerator(supplied);
		while (s->enumerate(s, &theirs)) {
			sub = copy->get_subset(copy, theirs);
			if (sub) {
				out->insert_last(out, sub);
			}
		}
		s->destroy(s);
		copy->destroy(copy);
	}
	e->destroy(e);
	return out;
}

static ipsec_mode_t fc_get_mode(child_cfg_t *public)
{
	return ((fake_cfg_t *)public)->mode;
}

static lifetime_cfg_t fc_get_lifetime(child_cfg_t *public, bool jitter)
{
	return ((fake_cfg_t *)public)->lifetime;
}

static uint32_t fc_get_reqid(child_cfg_t *public)
{
	return ((fake_cfg_t *)public)->reqid;
}

static uint32_t fc_get_replay_window(child_cfg_t *public)
{
	return 32;
}

static child_cfg_t *fc_get_ref(child_cfg_t *public)
{
	((fake_cfg_t *)public)->refs++;
	return public;
}

static void fc_destroy(child_cfg_t *public)
{
	fake_cfg_t *this = (fake_cfg_t *)public;

	if (--this->refs > 0) {
		return;
	}
	this->proposals->destroy_offset(this->proposals, DESTROY_OFFSET(proposal_t));
	this->my_ts->destroy_offset(this->my_ts, DESTROY_OFFSET(traffic_selector_t));
	this->other_ts->destroy_offset(this->other_ts, DESTROY_OFFSET(traffic_selector_t));
	free(this);
}

static proposal_t *esp_proposal(uint16_t encr, uint16_t bits, uint16_t integ, uint16_t ke)
{
	proposal_t *p = proposal_create(PROTO_ESP, 0);

	p->add_algorithm(p, TRANSFORM_ENCR, encr, bits);
	if (integ) {
		p->add_algorithm(p, TRANSFORM_INTEG, integ, 0);
	}
	if (ke) {
		p->add_algorithm(p, TRANSFORM_KE, ke, 0);
	}
	p->add_algorithm(p, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	return p;
}

/* A config "net" with one proposal and one selector each side (cidr or "dynamic"). */
static fake_cfg_t *fake_cfg_create(const char *name, const char *my_ts, const char *other_ts)
{
	fake_cfg_t *this = mem_zalloc(sizeof(*this));

	this->public = (child_cfg_t){
		.get_name = fc_get_name,
		.add_proposal = fc_add_proposal,
		.get_proposals = fc_get_proposals,
		.select_proposal = fc_select_proposal,
		.get_ke_method = fc_get_ke_method,
		.add_traffic_selector = fc_add_ts,
		.get_traffic_selectors = fc_get_ts,
		.get_mode = fc_get_mode,
		.get_lifetime = fc_get_lifetime,
		.get_reqid = fc_get_reqid,
		.get_replay_window = fc_get_replay_window,
		.get_ref = fc_get_ref,
		.destroy = fc_destroy,
	};
	this->refs = 1;
	snprintf(this->name, sizeof(this->name), "%s", name);
	this->proposals = linked_list_create();
	this->my_ts = linked_list_create();
	this->other_ts = linked_list_create();
	this->mode = MODE_TUNNEL;
	this->lifetime.time.rekey = 3000;
	this->lifetime.time.life = 3600;
	this->lifetime.bytes.life = 1000000;
	this->proposals->insert_last(this->proposals,
				     esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0));
	this->my_ts->insert_last(this->my_ts, streq(my_ts, "dynamic")
		? traffic_selector_create_dynamic(0, 0, 65535)
		: traffic_selector_create_from_cidr(my_ts, 0, 0, 65535));
	this->other_ts->insert_last(this->other_ts, streq(other_ts, "dynamic")
		? traffic_selector_create_dynamic(0, 0, 65535)
		: traffic_selector_create_from_cidr(other_ts, 0, 0, 65535));
	return this;
}

/* Replace the proposals of @p cfg with @p p. */
static void fake_cfg_set_proposal(fake_cfg_t *cfg, proposal_t *p)
{
	cfg->proposals->destroy_offset(cfg->proposals, DESTROY_OFFSET(proposal_t));
	cfg->proposals = linked_list_create_with_items(p, NULL);
}

typedef struct {
	peer_cfg_t public;
	child_cfg_t *child;
} fake_peer_t;

static const char *fp_get_name(peer_cfg_t *public)
{
	return "peer";
}

/* The child config if narrowing leaves something on both sides (borrowed). */
static child_cfg_t *fp_select_child_cfg(peer_cfg_t *public, linked_list_t *my_ts,
					linked_list_t *other_ts, linked_list_t *my_hosts,
					linked_list_t *other_hosts)
{
	child_cfg_t *cfg = ((fake_peer_t *)public)->child;
	linked_list_t *mine = cfg->get_traffic_selectors(cfg, true, my_ts, my_hosts);
	linked_list_t *others = cfg->get_traffic_selectors(cfg, false, other_ts, other_hosts);
	bool ok = mine->get_count(mine) && others->get_count(others);

	mine->destroy_offset(mine, DESTROY_OFFSET(traffic_selector_t));
	others->destroy_offset(others, DESTROY_OFFSET(traffic_selector_t));
	return ok ? cfg : NULL;
}

/* --- keymat --------------------------------------------------------------- */

typedef struct {
	nonce_gen_t public;
	uint8_t fill;
} fake_nonce_gen_t;

static bool fng_allocate(nonce_gen_t *public, size_t size, chunk_t *chunk)
{
	*chunk = chunk_alloc(size);
	memset(chunk->ptr, ((fake_nonce_gen_t *)public)->fill, size);
	return true;
}

static void fng_destroy(nonce_gen_t *public)
{
	free(public);
}

typedef struct {
	key_exchange_t public;
	key_exchange_method_t method;
	chunk_t peer;
} fake_ke_t;

static bool fke_get_public(key_exchange_t *public, chunk_t *value)
{
	fake_ke_t *this = (fake_ke_t *)public;

	*value = chunk_alloc(32);
	memset(value->ptr, (int)this->method, value->len);
	return true;
}

static bool fke_set_public(key_exchange_t *public, chunk_t value)
{
	fake_ke_t *this = (fake_ke_t *)public;

	chunk_free(&this->peer);
	this->peer = chunk_clone(value);
	return value.len == 32;
}

static key_exchange_method_t fke_get_method(key_exchange_t *public)
{
	return ((fake_ke_t *)public)->method;
}

static void fke_destroy(key_exchange_t *public)
{
	chunk_free(&((fake_ke_t *)public)->peer);
	free(public);
}

typedef struct {
	keymat_t public;
	uint8_t nonce_fill;
	bool fail_derive;
	/* what the last derive_child_keys() saw */
	chunk_t ni, nr;
	key_exchange_method_t ke_method;
	int derives;
} fake_keymat_t;

/* Keys depend on Ni, so both ends of a pair derive the same ones. */
static chunk_t fake_key(size_t len, uint8_t tag, chunk_t ni)
{
	chunk_t key = chunk_alloc(len);

	memset(key.ptr, tag ^ (ni.len ? ni.ptr[0] : 0), len);
	return key;
}

static bool fkm_derive_child(keymat_t *public, proposal_t *proposal, key_exchange_t *ke,
			     chunk_t ni, chunk_t nr, chunk_t *ei, chunk_t *ai, chunk_t *er,
			     chunk_t *ar)
{
	fake_keymat_t *this = (fake_keymat_t *)public;
	uint16_t encr = 0, bits = 0;
	size_t elen, ilen;

	if (this->fail_derive) {
		return false;
	}
	this->derives++;
	chunk_free(&this->ni);
	chunk_free(&this->nr);
	this->ni = chunk_clone(ni);
	this->nr = chunk_clone(nr);
	this->ke_method = ke ? ke->get_method(ke) : KE_NONE;
	proposal->get_algorithm(proposal, TRANSFORM_ENCR, 0, &encr, &bits);
	elen = bits / 8 + (encryption_algorithm_is_aead(encr) ? 4 : 0);
	ilen = encryption_algorithm_is_aead(encr) ? 0 : 32;
	*ei = fake_key(elen, 0x11, ni);
	*ai = ilen ? fake_key(ilen, 0x12, ni) : chunk_empty;
	*er = fake_key(elen, 0x21, ni);
	*ar = ilen ? fake_key(ilen, 0x22, ni) : chunk_empty;
	return true;
}

static nonce_gen_t *fkm_create_nonce_gen(keymat_t *public)
{
	fake_nonce_gen_t *gen = mem_zalloc(sizeof(*gen));

	gen->public = (nonce_gen_t){ .allocate_nonce = fng_allocate, .destroy = fng_destroy };
	gen->fill = ((fake_keymat_t *)public)->nonce_fill;
	return &gen->public;
}

static key_exchange_t *fkm_create_ke(keymat_t *public, key_exchange_method_t method)
{
	fake_ke_t *ke = mem_zalloc(sizeof(*ke));

	ke->public = (key_exchange_t){
		.get_public_key = fke_get_public,
		.set_public_key = fke_set_public,
		.get_method = fke_get_method,
		.destroy = fke_destroy,
	};
	ke->method = method;
	return &ke->public;
}

static void fkm_destroy(keymat_t *public)
{
	fake_keymat_t *this = (fake_keymat_t *)public;

	chunk_free(&this->ni);
	chunk_free(&this->nr);
	free(this);
}

static fake_keymat_t *fake_keymat_create(uint8_t nonce_fill)
{
	fake_keymat_t *this = mem_zalloc(sizeof(*this));

	this->public = (keymat_t){
		.derive_child_keys = fkm_derive_child,
		.create_nonce_gen = fkm_create_nonce_gen,
		.create_ke = fkm_create_ke,
		.destroy = fkm_destroy,
	};
	this->nonce_fill = nonce_fill;
	return this;
}

/* --- IKE_SA --------------------------------------------------------------- */

typedef struct {
	ike_sa_t public;
	host_t *me, *other;
	unsigned int conditions;
	fake_keymat_t *keymat;
	chunk_t nonce_mine, nonce_other;
	fake_peer_t peer;
	linked_list_t *children;
	linked_list_t *queued;
} fake_ike_t;

static const char *fi_get_name(ike_sa_t *public)
{
	return "peer";
}

static host_t *fi_get_my_host(ike_sa_t *public)
{
	return ((fake_ike_t *)public)->me;
}

static host_t *fi_get_other_host(ike_sa_t *public)
{
	return ((fake_ike_t *)public)->other;
}

static bool fi_has_condition(ike_sa_t *public, ike_condition_t condition)
{
	return ((fake_ike_t *)public)->conditions & condition;
}

static keymat_t *fi_get_keymat(ike_sa_t *public)
{
	return &((fake_ike_t *)public)->keymat->public;
}

static chunk_t fi_get_nonce(ike_sa_t *public, bool mine)
{
	fake_ike_t *this = (fake_ike_t *)public;

	return mine ? this->nonce_mine : this->nonce_other;
}

static peer_cfg_t *fi_get_peer_cfg(ike_sa_t *public)
{
	fake_ike_t *this = (fake_ike_t *)public;

	return this->peer.child ? &this->peer.public : NULL;
}

static void fi_add_child_sa(ike_sa_t *public, child_sa_t *child)
{
	fake_ike_t *this = (fake_ike_t *)public;

	this->children->insert_last(this->children, child);
}

static child_sa_t *fi_get_child_sa(ike_sa_t *public, uint8_t protocol, uint32_t spi,
				   bool inbound)
{
	fake_ike_t *this = (fake_ike_t *)public;
	enumerator_t *e = this->children->create_enumerator(this->children);
	child_sa_t *child, *found = NULL;

	while (!found && e->enumerate(e, &child)) {
		if (child->get_protocol(child) == protocol && child->get_spi(child, inbound) == spi) {
			found = child;
		}
	}
	e->destroy(e);
	return found;
}

static void fi_destroy_child_sa(ike_sa_t *public, child_sa_t *child)
{
	fake_ike_t *this = (fake_ike_t *)public;

	if (this->children->remove(this->children, child, NULL)) {
		child->destroy(child);
	}
}

static void fi_queue_task(ike_sa_t *public, task_t *task)
{
	fake_ike_t *this = (fake_ike_t *)public;

	this->queued->insert_last(this->queued, task);
}

static int fi_get_child_count(ike_sa_t *public)
{
	fake_ike_t *this = (fake_ike_t *)public;

	return this->children->get_count(this->children);
}

/* An IKE_SA from @p me to @p other; @p child (borrowed) is what the peer_cfg offers. */
static fake_ike_t *fake_ike_create(const char *me, const char *other, bool initiator,
				   child_cfg_t *child)
{
	fake_ike_t *this = mem_zalloc(sizeof(*this));
	chunk_t ni = chunk_from_chars(0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1,
				      0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1, 0xa1);
	chunk_t nr = chunk_from_chars(0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2,
				      0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2, 0xb2);

	this->public = (ike_sa_t){
		.get_name = fi_get_name,
		.get_my_host = fi_get_my_host,
		.get_other_host = fi_get_other_host,
		.has_condition = fi_has_condition,
		.get_keymat = fi_get_keymat,
		.get_nonce = fi_get_nonce,
		.get_peer_cfg = fi_get_peer_cfg,
		.add_child_sa = fi_add_child_sa,
		.get_child_sa = fi_get_child_sa,
		.destroy_child_sa = fi_destroy_child_sa,
		.queue_task = fi_queue_task,
		.get_child_count = fi_get_child_count,
	};
	this->me = host_create_from_string(me, 500);
	this->other = host_create_from_string(other, 500);
	this->conditions = COND_AUTHENTICATED;
	this->keymat = fake_keymat_create(initiator ? 0x5a : 0xa5);
	this->nonce_mine = chunk_clone(initiator ? ni : nr);
	this->nonce_other = chunk_clone(initiator ? nr : ni);
	this->peer.public = (peer_cfg_t){
		.get_name = fp_get_name,
		.select_child_cfg = fp_select_child_cfg,
	};
	this->peer.child = child;
	this->children = linked_list_create();
	this->queued = linked_list_create();
	return this;
}

static void fake_ike_destroy(fake_ike_t *this)
{
	child_sa_t *child;

	while (this->children->remove_first(this->children, (void **)&child) == SUCCESS) {
		child->destroy(child);
	}
	this->children->destroy(this->children);
	this->queued->destroy_offset(this->queued, DESTROY_OFFSET(task_t));
	this->me->destroy(this->me);
	this->other->destroy(this->other);
	chunk_free(&this->nonce_mine);
	chunk_free(&this->nonce_other);
	this->keymat->public.destroy(&this->keymat->public);
	free(this);
}

/* --- log lines and bus events ------------------------------------------- */

typedef struct {
	logger_t public;
	char lines[32][512];
	int count;
	/* bus */
	listener_t listener;
	int ups, downs, state_changes;
	child_sa_state_t last_state;
	int alerts;
	alert_t last_alert;
} capture_t;

static capture_t capture;

static void cap_log(logger_t *public, debug_t group, level_t level, int thread,
		    const char *message)
{
	capture_t *this = (capture_t *)public;

	snprintf(this->lines[this->count % 32], sizeof(this->lines[0]), "%s", message);
	this->count++;
}

static level_t cap_get_level(logger_t *public, debug_t group)
{
	return LEVEL_AUDIT;
}

/* True if a captured line contains @p text. */
static bool cap_logged(const char *text)
{
	int i;

	for (i = 0; i < capture.count && i < 32; i++) {
		if (strstr(capture.lines[i], text)) {
			return true;
		}
	}
	return false;
}

static bool cap_child_updown(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child, bool up)
{
	if (up) {
		capture.ups++;
	} else {
		capture.downs++;
	}
	return true;
}

static bool cap_child_state(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child,
			    child_sa_state_t state)
{
	capture.state_changes++;
	capture.last_state = state;
	return true;
}

static bool cap_alert(listener_t *l, ike_sa_t *ike_sa, alert_t alert, const char *info)
{
	capture.alerts++;
	capture.last_alert = alert;
	return true;
}

static fake_kernel_t kernel;
static daemon_t test_daemon;

/* Register the fake data plane, the bus and the log capture. */
static void fakes_setup(void)
{
	fk_reset(&kernel);
	ck_assert(kernel_interface_set_ipsec(&kernel.public));
	capture = (capture_t){
		.public = { .log = cap_log, .get_level = cap_get_level },
		.listener = {
			.child_updown = cap_child_updown,
			.child_state_change = cap_child_state,
			.alert = cap_alert,
		},
	};
	log_bus_add_logger(&capture.public);
	test_daemon = (daemon_t){ .bus = charon_bus_create() };
	test_daemon.bus->add_listener(test_daemon.bus, &capture.listener);
	charon = &test_daemon;
}

static void fakes_teardown(void)
{
	log_bus_remove_logger(&capture.public);
	test_daemon.bus->destroy(test_daemon.bus);
	charon = NULL;
	kernel_interface_set_ipsec(NULL);
	fk_reset(&kernel);
}

#endif
