/*
 * Fakes for the IKE task tests: an IKE_SA with a task manager that only
 * records reset(), IKE and peer configs, backends and a bus that counts
 * alerts. Only what the tasks call is implemented; the keymat is real.
 */
#ifndef TASKS_IKE_FAKES_H
#define TASKS_IKE_FAKES_H

#include <check.h>

#include "library.h"
#include "daemon.h"
#include "sa/task_manager.h"

/* ---- fake bus: records alerts ---- */

static int alerts[ALERT_SHUTDOWN_SIGNAL + 1];

static void bus_alert(charon_bus_t *this, alert_t alert, const char *fmt, ...)
{
	alerts[alert]++;
}

static void bus_set_sa(charon_bus_t *this, ike_sa_t *ike_sa)
{
}

static charon_bus_t fake_bus = {
	.alert = bus_alert,
	.set_sa = bus_set_sa,
};

static daemon_t fake_daemon = { .bus = &fake_bus };

/* ---- fake ike_cfg ---- */

typedef struct {
	ike_cfg_t public;
	int refs;
	linked_list_t *proposals;
	bool force_encap;
	bool frag;
} fake_ike_cfg_t;

static void *clone_proposal(void *item)
{
	return ((proposal_t *)item)->clone(item);
}

static linked_list_t *cfg_get_proposals(ike_cfg_t *public)
{
	fake_ike_cfg_t *this = (fake_ike_cfg_t *)public;

	return this->proposals->clone(this->proposals, clone_proposal);
}

static proposal_t *cfg_select_proposal(ike_cfg_t *public, linked_list_t *theirs,
				       bool prefer_peer)
{
	return proposal_select_list(((fake_ike_cfg_t *)public)->proposals, theirs);
}

static key_exchange_method_t cfg_get_ke_method(ike_cfg_t *public)
{
	fake_ike_cfg_t *this = (fake_ike_cfg_t *)public;
	proposal_t *first;
	uint16_t alg = KE_NONE;

	if (this->proposals->get_first(this->proposals, (void **)&first) == SUCCESS) {
		first->get_algorithm(first, TRANSFORM_KE, 0, &alg, NULL);
	}
	return alg;
}

static bool cfg_has_ke_method(ike_cfg_t *public, key_exchange_method_t method)
{
	fake_ike_cfg_t *this = (fake_ike_cfg_t *)public;
	enumerator_t *e = this->proposals->create_enumerator(this->proposals);
	proposal_t *p;
	bool found = false;

	while (!found && e->enumerate(e, &p)) {
		found = p->has_ke_method(p, method);
	}
	e->destroy(e);
	return found;
}

static bool cfg_force_encap(ike_cfg_t *public)
{
	return ((fake_ike_cfg_t *)public)->force_encap;
}

static bool cfg_fragmentation(ike_cfg_t *public)
{
	return ((fake_ike_cfg_t *)public)->frag;
}

static ike_cfg_t *cfg_get_ref(ike_cfg_t *public)
{
	((fake_ike_cfg_t *)public)->refs++;
	return public;
}

static void cfg_destroy(ike_cfg_t *public)
{
	fake_ike_cfg_t *this = (fake_ike_cfg_t *)public;

	if (--this->refs == 0) {
		this->proposals->destroy_offset(this->proposals, DESTROY_OFFSET(proposal_t));
		free(this);
	}
}

static proposal_t *ike_proposal(key_exchange_method_t ke1, key_exchange_method_t ke2)
{
	proposal_t *p = proposal_create(PROTO_IKE, 1);

	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	p->add_algorithm(p, TRANSFORM_KE, ke1, 0);
	if (ke2) {
		p->add_algorithm(p, TRANSFORM_KE, ke2, 0);
	}
	return p;
}

static fake_ike_cfg_t *ike_cfg_new(proposal_t *proposal)
{
	fake_ike_cfg_t *this = mem_zalloc(sizeof(*this));

	this->public = (ike_cfg_t){
		.get_proposals = cfg_get_proposals,
		.select_proposal = cfg_select_proposal,
		.get_ke_method = cfg_get_ke_method,
		.has_ke_method = cfg_has_ke_method,
		.force_encap = cfg_force_encap,
		.fragmentation = cfg_fragmentation,
		.get_ref = cfg_get_ref,
		.destroy = cfg_destroy,
	};
	this->refs = 1;
	this->proposals = linked_list_create();
	this->proposals->insert_last(this->proposals, proposal);
	return this;
}

/* ---- fake peer_cfg ---- */

typedef struct {
	peer_cfg_t public;
	int refs;
	ike_cfg_t *ike_cfg;
	auth_cfg_t local;
	auth_cfg_t remote;
	unique_policy_t unique;
	bool mobike;
} fake_peer_cfg_t;

static const char *peer_get_name(peer_cfg_t *public)
{
	return "site";
}

static ike_cfg_t *peer_get_ike_cfg(peer_cfg_t *public)
{
	return ((fake_peer_cfg_t *)public)->ike_cfg;
}

static auth_cfg_t *peer_get_auth(peer_cfg_t *public, bool local)
{
	fake_peer_cfg_t *this = (fake_peer_cfg_t *)public;

	return local ? &this->local : &this->remote;
}

static bool peer_use_mobike(peer_cfg_t *public)
{
	return ((fake_peer_cfg_t *)public)->mobike;
}

static unique_policy_t peer_get_unique(peer_cfg_t *public)
{
	return ((fake_peer_cfg_t *)public)->unique;
}

static peer_cfg_t *peer_get_ref(peer_cfg_t *public)
{
	((fake_peer_cfg_t *)public)->refs++;
	return public;
}

static void peer_destroy(peer_cfg_t *public)
{
	fake_peer_cfg_t *this = (fake_peer_cfg_t *)public;

	if (--this->refs == 0) {
		DESTROY_IF(this->local.id);
		DESTROY_IF(this->remote.id);
		this->ike_cfg->destroy(this->ike_cfg);
		free(this);
	}
}

static identification_t *id_or_null(const char *str)
{
	return str ? identification_create_from_string(str) : NULL;
}

static fake_peer_cfg_t *peer_cfg_new(ike_cfg_t *ike_cfg, const char *local, const char *remote)
{
	fake_peer_cfg_t *this = mem_zalloc(sizeof(*this));

	this->public = (peer_cfg_t){
		.get_name = peer_get_name,
		.get_ike_cfg = peer_get_ike_cfg,
		.get_auth = peer_get_auth,
		.get_unique_policy = peer_get_unique,
		.use_mobike = peer_use_mobike,
		.get_ref = peer_get_ref,
		.destroy = peer_destroy,
	};
	this->refs = 1;
	this->ike_cfg = ike_cfg->get_ref(ike_cfg);
	this->local = (auth_cfg_t){ .auth = AUTH_CLASS_PSK, .id = id_or_null(local) };
	this->remote = (auth_cfg_t){ .auth = AUTH_CLASS_PSK, .id = id_or_null(remote) };
	this->unique = UNIQUE_REPLACE;
	return this;
}

/* ---- fake backends ---- */

typedef struct {
	backend_manager_t public;
	ike_cfg_t *ike_cfg;	/* what get_ike_cfg() finds, may be NULL */
	linked_list_t *peers;
} fake_backends_t;

static ike_cfg_t *be_get_ike_cfg(backend_manager_t *public, host_t *me, host_t *other)
{
	fake_backends_t *this = (fake_backends_t *)public;

	return this->ike_cfg ? this->ike_cfg->get_ref(this->ike_cfg) : NULL;
}

static enumerator_t *be_create_peer_enumerator(backend_manager_t *public, host_t *me,
					       host_t *other, identification_t *my_id,
					       identification_t *other_id)
{
	fake_backends_t *this = (fake_backends_t *)public;

	return this->peers->create_enumerator(this->peers);
}

/* ---- fake IKE_SA and task manager ---- */

typedef struct {
	ike_sa_t public;
	task_manager_t tm;
	ike_sa_id_t id;
	ike_sa_state_t state;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	host_t *me, *other;
	identification_t *my_id, *other_id;
	proposal_t *proposal;
	keymat_t *keymat;
	int resets;
	uint32_t reset_mid_i, reset_mid_r;
	int floated;
	unsigned int conditions, extensions;
	auth_class_t auth_local, auth_remote;
	chunk_t init_mine, init_other, nonce_mine, nonce_other;
	credential_manager_t *creds;
	fake_backends_t backends;
} fake_sa_t;

#define SA(p) ((fake_sa_t *)(p))

static ike_sa_id_t *sa_get_id(ike_sa_t *p) { return &SA(p)->id; }
/* no CHILD_SAs in these tests */
static enumerator_t *sa_create_child_enum(ike_sa_t *p) { return enumerator_create_empty(); }
static uint32_t sa_get_unique_id(ike_sa_t *p) { return 1; }
static const char *sa_get_name(ike_sa_t *p) { return SA(p)->peer_cfg ? "site" : "(unnamed)"; }
static ike_sa_state_t sa_get_state(ike_sa_t *p) { return SA(p)->state; }
static void sa_set_state(ike_sa_t *p, ike_sa_state_t s) { SA(p)->state = s; }
static peer_cfg_t *sa_get_peer_cfg(ike_sa_t *p) { return SA(p)->peer_cfg; }
static ike_cfg_t *sa_get_ike_cfg(ike_sa_t *p) { return SA(p)->ike_cfg; }
static host_t *sa_get_my_host(ike_sa_t *p) { return SA(p)->me; }
static host_t *sa_get_other_host(ike_sa_t *p) { return SA(p)->other; }
static identification_t *sa_get_my_id(ike_sa_t *p) { return SA(p)->my_id; }
static identification_t *sa_get_other_id(ike_sa_t *p) { return SA(p)->other_id; }
static proposal_t *sa_get_proposal(ike_sa_t *p) { return SA(p)->proposal; }
static keymat_t *sa_get_keymat(ike_sa_t *p) { return SA(p)->keymat; }
static task_manager_t *sa_get_tm(ike_sa_t *p) { return &SA(p)->tm; }
static void sa_float(ike_sa_t *p) { SA(p)->floated++; }

static void sa_set_ike_cfg(ike_sa_t *p, ike_cfg_t *cfg)
{
	cfg->get_ref(cfg);
	DESTROY_IF(SA(p)->ike_cfg);
	SA(p)->ike_cfg = cfg;
}

static void sa_set_peer_cfg(ike_sa_t *p, peer_cfg_t *cfg)
{
	cfg->get_ref(cfg);
	DESTROY_IF(SA(p)->peer_cfg);
	SA(p)->peer_cfg = cfg;
	if (!SA(p)->ike_cfg) {
		sa_set_ike_cfg(p, cfg->get_ike_cfg(cfg));
	}
}

static void sa_set_my_id(ike_sa_t *p, identification_t *id)
{
	DESTROY_IF(SA(p)->my_id);
	SA(p)->my_id = id;
}

static void sa_set_other_id(ike_sa_t *p, identification_t *id)
{
	DESTROY_IF(SA(p)->other_id);
	SA(p)->other_id = id;
}

static void sa_set_proposal(ike_sa_t *p, proposal_t *proposal)
{
	DESTROY_IF(SA(p)->proposal);
	SA(p)->proposal = proposal->clone(proposal);
}

static void sa_set_condition(ike_sa_t *p, ike_condition_t c, bool on)
{
	if (on) {
		SA(p)->conditions |= c;
	} else {
		SA(p)->conditions &= ~c;
	}
}

static bool sa_has_condition(ike_sa_t *p, ike_condition_t c) { return SA(p)->conditions & c; }
static void sa_enable_ext(ike_sa_t *p, ike_extension_t e) { SA(p)->extensions |= e; }
static bool sa_supports_ext(ike_sa_t *p, ike_extension_t e) { return SA(p)->extensions & e; }

static auth_class_t sa_get_auth_class(ike_sa_t *p, bool local)
{
	return local ? SA(p)->auth_local : SA(p)->auth_remote;
}

static void sa_set_auth_class(ike_sa_t *p, bool local, auth_class_t a)
{
	*(local ? &SA(p)->auth_local : &SA(p)->auth_remote) = a;
}

static void replace(chunk_t *slot, chunk_t data)
{
	chunk_t copy = chunk_clone(data);

	chunk_free(slot);
	*slot = copy;
}

static chunk_t sa_get_init(ike_sa_t *p, bool mine)
{
	return mine ? SA(p)->init_mine : SA(p)->init_other;
}

static void sa_set_init(ike_sa_t *p, bool mine, chunk_t data)
{
	replace(mine ? &SA(p)->init_mine : &SA(p)->init_other, data);
}

static chunk_t sa_get_nonce(ike_sa_t *p, bool mine)
{
	return mine ? SA(p)->nonce_mine : SA(p)->nonce_other;
}

static void sa_set_nonce(ike_sa_t *p, bool mine, chunk_t data)
{
	replace(mine ? &SA(p)->nonce_mine : &SA(p)->nonce_other, data);
}

static void tm_reset(task_manager_t *tm, uint32_t i, uint32_t r)
{
	fake_sa_t *sa = container_of(tm, fake_sa_t, tm);

	sa->resets++;
	sa->reset_mid_i = i;
	sa->reset_mid_r = r;
}

static fake_sa_t *sa_new(bool initiator, const char *me, uint16_t my_port, const char *other,
			 uint16_t other_port)
{
	fake_sa_t *this = mem_zalloc(sizeof(*this));

	this->public = (ike_sa_t){
		.get_id = sa_get_id,
		.get_unique_id = sa_get_unique_id,
		.get_name = sa_get_name,
		.get_state = sa_get_state,
		.set_state = sa_set_state,
		.get_peer_cfg = sa_get_peer_cfg,
		.set_peer_cfg = sa_set_peer_cfg,
		.get_ike_cfg = sa_get_ike_cfg,
		.set_ike_cfg = sa_set_ike_cfg,
		.get_my_host = sa_get_my_host,
		.get_other_host = sa_get_other_host,
		.float_ports = sa_float,
		.get_my_id = sa_get_my_id,
		.set_my_id = sa_set_my_id,
		.get_other_id = sa_get_other_id,
		.set_other_id = sa_set_other_id,
		.get_proposal = sa_get_proposal,
		.set_proposal = sa_set_proposal,
		.get_keymat = sa_get_keymat,
		.get_task_manager = sa_get_tm,
		.set_condition = sa_set_condition,
		.has_condition = sa_has_condition,
		.enable_extension = sa_enable_ext,
		.supports_extension = sa_supports_ext,
		.get_auth_class = sa_get_auth_class,
		.set_auth_class = sa_set_auth_class,
		.get_init_message = sa_get_init,
		.set_init_message = sa_set_init,
		.get_nonce = sa_get_nonce,
		.set_nonce = sa_set_nonce,
		.create_child_sa_enumerator = sa_create_child_enum,
	};
	this->tm = (task_manager_t){ .reset = tm_reset };
	this->id = (ike_sa_id_t){
		.initiator_spi = 0x1111222233334444ULL,
		.responder_spi = initiator ? 0 : 0x5555666677778888ULL,
		.initiator = initiator,
	};
	this->state = initiator ? IKE_CONNECTING : IKE_CREATED;
	this->keymat = keymat_create(initiator);
	this->me = host_create_from_string(me, my_port);
	this->other = host_create_from_string(other, other_port);
	this->creds = credential_manager_create();
	this->backends.public = (backend_manager_t){
		.get_ike_cfg = be_get_ike_cfg,
		.create_peer_cfg_enumerator = be_create_peer_enumerator,
	};
	this->backends.peers = linked_list_create();
	return this;
}

static void sa_destroy(fake_sa_t *this)
{
	DESTROY_IF(this->peer_cfg);
	DESTROY_IF(this->ike_cfg);
	DESTROY_IF(this->backends.ike_cfg);
	this->backends.peers->destroy_offset(this->backends.peers, DESTROY_OFFSET(peer_cfg_t));
	this->me->destroy(this->me);
	this->other->destroy(this->other);
	DESTROY_IF(this->my_id);
	DESTROY_IF(this->other_id);
	DESTROY_IF(this->proposal);
	this->keymat->destroy(this->keymat);
	this->creds->destroy(this->creds);
	chunk_free(&this->init_mine);
	chunk_free(&this->init_other);
	chunk_free(&this->nonce_mine);
	chunk_free(&this->nonce_other);
	free(this);
}

static void add_psk(fake_sa_t *sa, const char *secret, const char *a, const char *b)
{
	sa->creds->add_shared(sa->creds, "test",
			      shared_key_create(SHARED_IKE, chunk_clone(chunk_from_str(secret))),
			      linked_list_create_with_items(identification_create_from_string(a),
							    identification_create_from_string(b),
							    NULL));
}

/* Act as @p sa: its credentials and connections are what the tasks see. */
static void use(fake_sa_t *sa)
{
	charon->credentials = sa->creds;
	charon->backends = &sa->backends.public;
}

#endif
