/*
 * The IKE_SA object: state, addresses, identities, keys and CHILD_SAs.
 * Exchanges are the task manager's business and timers ike_sa_timers.c's;
 * this file keeps the facts, turns received packets into messages and
 * back, and starts the lifecycle work (rekeying, reauthentication, retries
 * under keyingtries) when a timer or the data plane asks for it.
 *
 * ike_updown is announced once per connection: an IKE_SA that replaces
 * another by rekeying continues its announcement (inherit(),
 * adopt_child_sas()), and only the SA holding it at the end says down.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "sa/ike_sa.h"

#include "crypto/crypto_factory.h"
#include "daemon.h"
#include "kernel/kernel_net.h"
#include "network/socket.h"
#include "sa/ike_sa_timers.h"
#include "sa/task_manager.h"
#include "sa/tasks/tasks.h"

typedef struct private_ike_sa_t {
	ike_sa_t public;
	ike_sa_id_t id;
	uint32_t unique_id;
	ike_sa_state_t state;
	peer_cfg_t *peer_cfg;
	ike_cfg_t *ike_cfg;
	host_t *me;
	host_t *other;
	identification_t *my_id;
	identification_t *other_id;
	proposal_t *proposal;
	keymat_t *keymat;
	task_manager_t *tasks;
	ike_vips_t *vips;
	unsigned int conditions;
	unsigned int extensions;
	time_t stats[STAT_MAX];
	auth_class_t auth_local;
	auth_class_t auth_remote;
	linked_list_t *children;
	chunk_t init_mine, init_other;
	chunk_t nonce_mine, nonce_other;
	/* ike_updown(up) was announced and down is still owed */
	bool up;
	/* continues another IKE_SA (rekeying): establishing announces nothing */
	bool inherited;
	/* failed attempts so far (keyingtries) */
	uint32_t keyingtry;
	/* reauthentication: the SA to delete once this one is established */
	ike_sa_id_t replaces;
} private_ike_sa_t;

static atomic_uint next_unique_id = 1;

static const char *state_names[] = {
	[IKE_CREATED] = "CREATED",
	[IKE_CONNECTING] = "CONNECTING",
	[IKE_ESTABLISHED] = "ESTABLISHED",
	[IKE_PASSIVE] = "PASSIVE",
	[IKE_REKEYING] = "REKEYING",
	[IKE_REKEYED] = "REKEYED",
	[IKE_DELETING] = "DELETING",
	[IKE_DESTROYING] = "DESTROYING",
};

const char *ike_sa_state_name(ike_sa_state_t state)
{
	return (unsigned)state < countof(state_names) ? state_names[state] : "UNKNOWN";
}

static ike_sa_id_t *get_id(ike_sa_t *public)
{
	return &((private_ike_sa_t *)public)->id;
}

static uint32_t get_unique_id(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->unique_id;
}

static const char *get_name(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return this->peer_cfg ? this->peer_cfg->get_name(this->peer_cfg) : "(unnamed)";
}

static ike_sa_state_t get_state(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->state;
}

static void set_state(ike_sa_t *public, ike_sa_state_t state)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	ike_sa_state_t old = this->state;

	if (old == state) {
		return;
	}
	DBG2(DBG_IKE, "IKE_SA %s[%u] state change: %s => %s", get_name(public),
	     this->unique_id, ike_sa_state_name(old), ike_sa_state_name(state));
	this->state = state;
	charon->bus->ike_state_change(charon->bus, public, state);
	/* back from a failed rekeying, the timers of the first time still run */
	if (state == IKE_ESTABLISHED && old != IKE_REKEYING) {
		this->stats[STAT_ESTABLISHED] = time_monotonic(NULL);
		if (!this->inherited) {
			this->up = true;
			charon->bus->ike_updown(charon->bus, public, true);
		}
		ike_sa_timers_established(public);
		if (this->replaces.initiator_spi) {
			ike_sa_timers_reauthenticated(public, &this->replaces);
			memset(&this->replaces, 0, sizeof(this->replaces));
		}
	}
}

static peer_cfg_t *get_peer_cfg(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->peer_cfg;
}

static void set_ike_cfg(ike_sa_t *public, ike_cfg_t *cfg)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (cfg) {
		cfg->get_ref(cfg);
	}
	DESTROY_IF(this->ike_cfg);
	this->ike_cfg = cfg;
}

static void set_peer_cfg(ike_sa_t *public, peer_cfg_t *cfg)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	cfg->get_ref(cfg);
	DESTROY_IF(this->peer_cfg);
	this->peer_cfg = cfg;
	if (!this->ike_cfg) {
		set_ike_cfg(public, cfg->get_ike_cfg(cfg));
	}
}

static ike_cfg_t *get_ike_cfg(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->ike_cfg;
}

static host_t *get_my_host(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->me;
}

static void replace_host(host_t **slot, host_t *host)
{
	host_t *copy = host ? host->clone(host) : NULL;

	DESTROY_IF(*slot);
	*slot = copy;
}

static void set_my_host(ike_sa_t *public, host_t *me)
{
	replace_host(&((private_ike_sa_t *)public)->me, me);
}

static host_t *get_other_host(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->other;
}

static void set_other_host(ike_sa_t *public, host_t *other)
{
	replace_host(&((private_ike_sa_t *)public)->other, other);
}

static void float_ports(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	socket_t *socket = socket_get();
	uint16_t natt = socket ? socket->get_port(socket, true) : IKEV2_NATT_PORT;

	if (this->me && this->me->get_port(this->me) == IKEV2_UDP_PORT) {
		this->me->set_port(this->me, natt);
	}
	if (this->other && this->other->get_port(this->other) == IKEV2_UDP_PORT) {
		this->other->set_port(this->other, IKEV2_NATT_PORT);
	}
}

static identification_t *get_my_id(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->my_id;
}

static void set_my_id(ike_sa_t *public, identification_t *id)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	DESTROY_IF(this->my_id);
	this->my_id = id;
}

static identification_t *get_other_id(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->other_id;
}

static void set_other_id(ike_sa_t *public, identification_t *id)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	DESTROY_IF(this->other_id);
	this->other_id = id;
}

static proposal_t *get_proposal(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->proposal;
}

static void set_proposal(ike_sa_t *public, proposal_t *proposal)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	DESTROY_IF(this->proposal);
	this->proposal = proposal ? proposal->clone(proposal) : NULL;
}

static keymat_t *get_keymat(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->keymat;
}

static task_manager_t *get_task_manager(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->tasks;
}

static ike_vips_t *get_vips(ike_sa_t *public)
{
	return ((private_ike_sa_t *)public)->vips;
}

static void set_condition(ike_sa_t *public, ike_condition_t condition, bool enable)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (enable) {
		this->conditions |= condition;
	} else {
		this->conditions &= ~condition;
	}
}

static bool has_condition(ike_sa_t *public, ike_condition_t condition)
{
	return ((private_ike_sa_t *)public)->conditions & condition;
}

static void enable_extension(ike_sa_t *public, ike_extension_t extension)
{
	((private_ike_sa_t *)public)->extensions |= extension;
}

static bool supports_extension(ike_sa_t *public, ike_extension_t extension)
{
	return ((private_ike_sa_t *)public)->extensions & extension;
}

static time_t get_statistic(ike_sa_t *public, ike_sa_statistic_t kind)
{
	return kind < STAT_MAX ? ((private_ike_sa_t *)public)->stats[kind] : 0;
}

static void set_statistic(ike_sa_t *public, ike_sa_statistic_t kind, time_t value)
{
	if (kind < STAT_MAX) {
		((private_ike_sa_t *)public)->stats[kind] = value;
	}
}

static auth_class_t get_auth_class(ike_sa_t *public, bool local)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return local ? this->auth_local : this->auth_remote;
}

static void set_auth_class(ike_sa_t *public, bool local, auth_class_t auth)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (local) {
		this->auth_local = auth;
	} else {
		this->auth_remote = auth;
	}
}

static chunk_t get_init_message(ike_sa_t *public, bool mine)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return mine ? this->init_mine : this->init_other;
}

static void replace_chunk(chunk_t *slot, chunk_t data)
{
	chunk_t copy = chunk_clone(data);

	chunk_free(slot);
	*slot = copy;
}

static void set_init_message(ike_sa_t *public, bool mine, chunk_t data)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	replace_chunk(mine ? &this->init_mine : &this->init_other, data);
}

static chunk_t get_nonce(ike_sa_t *public, bool mine)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return mine ? this->nonce_mine : this->nonce_other;
}

static void set_nonce(ike_sa_t *public, bool mine, chunk_t nonce)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	replace_chunk(mine ? &this->nonce_mine : &this->nonce_other, nonce);
}

static void add_child_sa(ike_sa_t *public, child_sa_t *child)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	this->children->insert_last(this->children, child);
}

static child_sa_t *get_child_sa(ike_sa_t *public, uint8_t protocol, uint32_t spi, bool inbound)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	enumerator_t *e = this->children->create_enumerator(this->children);
	child_sa_t *child, *found = NULL;

	while (e->enumerate(e, &child)) {
		if (child->get_protocol(child) == protocol && child->get_spi(child, inbound) == spi) {
			found = child;
			break;
		}
	}
	e->destroy(e);
	return found;
}

static enumerator_t *create_child_sa_enumerator(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return this->children->create_enumerator(this->children);
}

static int get_child_count(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return this->children->get_count(this->children);
}

static void destroy_child_sa(ike_sa_t *public, child_sa_t *child)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (this->children->remove(this->children, child, NULL)) {
		child->destroy(child);
	}
}

static identification_t *clone_id(identification_t *id)
{
	return id ? id->clone(id) : NULL;
}

static void inherit(ike_sa_t *public, ike_sa_t *other_public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	private_ike_sa_t *other = (private_ike_sa_t *)other_public;

	if (other->ike_cfg) {
		set_ike_cfg(public, other->ike_cfg);
	}
	if (other->peer_cfg) {
		set_peer_cfg(public, other->peer_cfg);
	}
	replace_host(&this->me, other->me);
	replace_host(&this->other, other->other);
	set_my_id(public, clone_id(other->my_id));
	set_other_id(public, clone_id(other->other_id));
	/* who initiated the rekeying is the new SA's original initiator (§2.18) */
	this->conditions = (other->conditions & ~COND_ORIGINAL_INITIATOR) |
			   (this->id.initiator ? COND_ORIGINAL_INITIATOR : 0);
	this->extensions = other->extensions;
	this->auth_local = other->auth_local;
	this->auth_remote = other->auth_remote;
	/* the addresses and leases go on with the new SA */
	this->vips->adopt(this->vips, other->vips);
	this->inherited = true;
}

static void adopt_child_sas(ike_sa_t *public, ike_sa_t *other_public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	private_ike_sa_t *other = (private_ike_sa_t *)other_public;
	child_sa_t *child;

	while (other->children->remove_first(other->children, (void **)&child) == SUCCESS) {
		this->children->insert_last(this->children, child);
		/* the old SA's timers no longer find it: arm them anew under our SPIs */
		ike_sa_timers_child_installed(public, child);
	}
	this->up = this->up || other->up;
	other->up = false;
	this->tasks->adopt_tasks(this->tasks, other->tasks);
}

/* Pick our address and the peer's from the IKE config. */
static bool resolve_hosts(private_ike_sa_t *this)
{
	host_t *other, *me;

	if (!this->other) {
		other = this->ike_cfg->resolve_other(this->ike_cfg, AF_UNSPEC);
		if (!other) {
			DBG1(DBG_IKE, "unable to resolve %s, initiate aborted",
			     this->ike_cfg->get_other_addr(this->ike_cfg));
			return false;
		}
		this->other = other;
	}
	if (!this->me) {
		me = this->ike_cfg->resolve_me(this->ike_cfg, this->other->get_family(this->other));
		if (!me || me->is_anyaddr(me)) {
			DESTROY_IF(me);
			me = kernel_net_get_source_addr(this->other, NULL);
		}
		if (!me) {
			DBG1(DBG_IKE, "no local address found to reach the peer, initiate aborted");
			return false;
		}
		me->set_port(me, this->ike_cfg->get_my_port(this->ike_cfg));
		this->me = me;
	}
	return true;
}

static status_t initiate(ike_sa_t *public, child_cfg_t *child, uint32_t reqid)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (this->state == IKE_CREATED) {
		if (!this->ike_cfg || !resolve_hosts(this)) {
			return DESTROY_ME;
		}
		{
			char peer[HOST_STR_LEN];

			DBG0(DBG_IKE, "initiating IKE_SA %s[%u] to %s", get_name(public),
			     this->unique_id, host_to_str(this->other, peer, sizeof(peer)));
		}
		set_state(public, IKE_CONNECTING);
		this->tasks->queue_ike(this->tasks);
	}
	if (child) {
		this->tasks->queue_child(this->tasks, child, reqid);
	}
	return this->tasks->initiate(this->tasks);
}

/* The peer may change its address (NAT-T floating, NAT mapping changes);
 * follow it only for authenticated messages (RFC 7296 §2.23). */
static void update_hosts(private_ike_sa_t *this, host_t *src, host_t *dst)
{
	if (!this->me) {
		this->me = dst->clone(dst);
	} else if (!this->me->equals(this->me, dst)) {
		replace_host(&this->me, dst);
	}
	if (!this->other) {
		this->other = src->clone(src);
	} else if (!this->other->equals(this->other, src)) {
		char was[HOST_STR_LEN], now[HOST_STR_LEN];

		DBG1(DBG_IKE, "remote endpoint changed from %s to %s",
		     host_to_str_port(this->other, was, sizeof(was)),
		     host_to_str_port(src, now, sizeof(now)));
		replace_host(&this->other, src);
	}
}

static status_t process_message(ike_sa_t *public, message_t *message, host_t *src, host_t *dst)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	sk_crypto_t *sk = NULL;
	status_t status;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		sk = this->keymat->get_sk_crypto(this->keymat);
		if (!sk) {
			DBG1(DBG_IKE, "%s message before keys exist, ignored",
			     exchange_type_name(message->get_exchange_type(message)));
			return SUCCESS;
		}
	}
	status = message->parse_body(message, sk);
	if (status != SUCCESS) {
		DBG1(DBG_IKE, "message ID %u (%s) dropped: %s", message->get_message_id(message),
		     exchange_type_name(message->get_exchange_type(message)), status_name(status));
		charon->bus->alert(charon->bus, ALERT_PARSE_ERROR_BODY, "%s", status_name(status));
		return this->state == IKE_CREATED ? DESTROY_ME : SUCCESS;
	}
	if (sk || this->state == IKE_CREATED) {
		update_hosts(this, src, dst);
	}
	this->stats[STAT_INBOUND] = time_monotonic(NULL);
	charon->bus->message(charon->bus, message, true);
	if (this->state == IKE_CREATED && message->get_request(message)) {
		/* a responder's SA starts working with the first request */
		this->state = IKE_CONNECTING;
	}
	return this->tasks->process_message(this->tasks, message);
}

static status_t generate_message(ike_sa_t *public, message_t *message, chunk_t *packet)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	sk_crypto_t *sk = NULL;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		sk = this->keymat->get_sk_crypto(this->keymat);
		if (!sk) {
			DBG1(DBG_IKE, "cannot protect %s message without keys",
			     exchange_type_name(message->get_exchange_type(message)));
			return FAILED;
		}
	}
	message->set_spi_i(message, this->id.initiator_spi);
	message->set_spi_r(message, this->id.responder_spi);
	charon->bus->message(charon->bus, message, false);
	return message->generate(message, sk, packet);
}

static void reset(ike_sa_t *public, bool new_spi);

/* keyingtries: start over with a fresh SPI if another attempt is allowed. */
static bool retry_keying(private_ike_sa_t *this)
{
	uint32_t tries;

	if (this->state != IKE_CONNECTING || !this->id.initiator || !this->peer_cfg) {
		return false;
	}
	tries = this->peer_cfg->get_keyingtries(this->peer_cfg);
	if (tries && this->keyingtry + 1 >= tries) {
		return false;
	}
	this->keyingtry++;
	if (tries) {
		DBG1(DBG_IKE, "peer not responding, trying again (%u/%u)", this->keyingtry + 1,
		     tries);
	} else {
		DBG1(DBG_IKE, "peer not responding, trying again (%u/%%forever)",
		     this->keyingtry + 1);
	}
	reset(&this->public, true);
	ike_sa_timers_keying_retry(&this->public, 0);
	return true;
}

static status_t retransmit(ike_sa_t *public, uint32_t message_id)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	status_t status = this->tasks->retransmit(this->tasks, message_id);

	if (status == DESTROY_ME) {
		char peer[HOST_STR_LEN] = "%any";

		if (retry_keying(this)) {
			return SUCCESS;
		}
		if (this->other) {
			host_to_str(this->other, peer, sizeof(peer));
		}
		DBG1(DBG_IKE, "peer %s unreachable, giving up on IKE_SA %s[%u]", peer,
		     get_name(public), this->unique_id);
	}
	return status;
}

static status_t delete_ike(ike_sa_t *public, bool force)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (force || this->state != IKE_ESTABLISHED) {
		return DESTROY_ME;
	}
	this->tasks->queue_ike_delete(this->tasks);
	return this->tasks->initiate(this->tasks);
}

static status_t delete_child_sa(ike_sa_t *public, uint8_t protocol, uint32_t spi)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	this->tasks->queue_child_delete(this->tasks, protocol, spi, false);
	return this->tasks->initiate(this->tasks);
}

static status_t rekey(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (this->state != IKE_ESTABLISHED) {
		return SUCCESS;
	}
	this->tasks->queue_task(this->tasks, ike_rekey_create(public, true));
	return this->tasks->initiate(this->tasks);
}

static status_t rekey_child_sa(ike_sa_t *public, uint8_t protocol, uint32_t spi)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	/* queued while the IKE_SA rekeys, the task moves on to its successor */
	if (this->state != IKE_ESTABLISHED && this->state != IKE_REKEYING) {
		return SUCCESS;
	}
	this->tasks->queue_task(this->tasks, child_rekey_create(public, protocol, spi));
	return this->tasks->initiate(this->tasks);
}

/* Our address and the peer's as a new IKE_SA_INIT uses them (not floated). */
static host_t *initial_host(host_t *host, uint16_t port)
{
	host_t *copy = host ? host->clone(host) : NULL;

	if (copy && port) {
		copy->set_port(copy, port);
	}
	return copy;
}

/*
 * Make-before-break reauthentication: a new IKE_SA with the same
 * connection and CHILD_SA configs (and reqids, so the data plane switches
 * over); once it is established, this one is deleted (see set_state()).
 */
static status_t reauth(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	ike_sa_t *new_sa;
	task_manager_t *tm;
	enumerator_t *e;
	child_sa_t *child;
	host_t *host;
	status_t status;

	if (this->state != IKE_ESTABLISHED || !this->peer_cfg) {
		return SUCCESS;
	}
	new_sa = charon->ike_sa_manager->checkout_new(charon->ike_sa_manager, true);
	if (!new_sa) {
		charon->bus->set_sa(charon->bus, public);
		return SUCCESS;
	}
	DBG0(DBG_IKE, "reauthenticating IKE_SA %s[%u] with IKE_SA %s[%u]", get_name(public),
	     this->unique_id, get_name(public), new_sa->get_unique_id(new_sa));
	this->stats[STAT_REAUTH] = 0;
	new_sa->set_peer_cfg(new_sa, this->peer_cfg);
	host = initial_host(this->me, this->ike_cfg ? this->ike_cfg->get_my_port(this->ike_cfg) : 0);
	new_sa->set_my_host(new_sa, host);
	DESTROY_IF(host);
	host = initial_host(this->other, IKEV2_UDP_PORT);
	new_sa->set_other_host(new_sa, host);
	DESTROY_IF(host);
	((private_ike_sa_t *)new_sa)->replaces = this->id;
	tm = new_sa->get_task_manager(new_sa);
	e = this->children->create_enumerator(this->children);
	while (e->enumerate(e, &child)) {
		if (child->get_state(child) == CHILD_INSTALLED) {
			tm->queue_child(tm, child->get_config(child), child->get_reqid(child));
		}
	}
	e->destroy(e);
	status = new_sa->initiate(new_sa, NULL, 0);
	if (status == DESTROY_ME) {
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager, new_sa);
	} else {
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, new_sa);
	}
	charon->bus->set_sa(charon->bus, public);
	return SUCCESS;
}

static status_t send_dpd(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	this->tasks->queue_dpd(this->tasks);
	return this->tasks->initiate(this->tasks);
}

/* A fresh initiator SPI; the manager learns it when the SA is checked in. */
static void renew_spi(private_ike_sa_t *this)
{
	rng_t *rng = lib->crypto->create_rng(lib->crypto, RNG_STRONG);
	uint64_t spi = 0;

	while (rng && !spi) {
		if (!rng->get_bytes(rng, sizeof(spi), (uint8_t *)&spi)) {
			break;
		}
	}
	DESTROY_IF(rng);
	if (spi) {
		this->id.initiator_spi = spi;
	}
}

static void reset(ike_sa_t *public, bool new_spi)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	if (this->id.initiator) {
		if (new_spi) {
			renew_spi(this);
		}
		this->id.responder_spi = 0;
	}
	this->keymat->destroy(this->keymat);
	this->keymat = keymat_create(this->id.initiator);
	if (new_spi) {
		/* a new attempt: addresses, NAT facts and exchanges start over */
		DESTROY_IF(this->me);
		DESTROY_IF(this->other);
		this->me = this->other = NULL;
		DESTROY_IF(this->proposal);
		this->proposal = NULL;
		this->conditions &= COND_ORIGINAL_INITIATOR;
		chunk_free(&this->init_mine);
		chunk_free(&this->init_other);
		chunk_free(&this->nonce_mine);
		chunk_free(&this->nonce_other);
		this->tasks->restart(this->tasks);
	}
	set_state(public, IKE_CREATED);
}

static void queue_task(ike_sa_t *public, task_t *task)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	this->tasks->queue_task(this->tasks, task);
}

static status_t initiate_queued(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;

	return this->tasks->initiate(this->tasks);
}

static void destroy_child(void *item)
{
	((child_sa_t *)item)->destroy(item);
}

static void destroy(ike_sa_t *public)
{
	private_ike_sa_t *this = (private_ike_sa_t *)public;
	child_sa_t *child;

	if (this->up) {
		charon->bus->ike_updown(charon->bus, public, false);
	}
	set_state(public, IKE_DESTROYING);
	while (this->children->remove_last(this->children, (void **)&child) == SUCCESS) {
		/* a rekeyed CHILD_SA's successor speaks for it */
		if (child->get_state(child) == CHILD_INSTALLED ||
		    child->get_state(child) == CHILD_REKEYING) {
			charon->bus->child_updown(charon->bus, child, false);
		}
		destroy_child(child);
	}
	this->children->destroy(this->children);
	this->vips->destroy(this->vips);
	this->tasks->destroy(this->tasks);
	this->keymat->destroy(this->keymat);
	DESTROY_IF(this->peer_cfg);
	DESTROY_IF(this->ike_cfg);
	DESTROY_IF(this->me);
	DESTROY_IF(this->other);
	DESTROY_IF(this->my_id);
	DESTROY_IF(this->other_id);
	DESTROY_IF(this->proposal);
	chunk_free(&this->init_mine);
	chunk_free(&this->init_other);
	chunk_free(&this->nonce_mine);
	chunk_free(&this->nonce_other);
	free(this);
}

ike_sa_t *ike_sa_create(const ike_sa_id_t *id, bool initiator)
{
	private_ike_sa_t *this = mem_zalloc(sizeof(*this));

	this->public = (ike_sa_t){
		.get_id = get_id,
		.get_unique_id = get_unique_id,
		.get_name = get_name,
		.get_state = get_state,
		.set_state = set_state,
		.get_peer_cfg = get_peer_cfg,
		.set_peer_cfg = set_peer_cfg,
		.get_ike_cfg = get_ike_cfg,
		.set_ike_cfg = set_ike_cfg,
		.get_my_host = get_my_host,
		.set_my_host = set_my_host,
		.get_other_host = get_other_host,
		.set_other_host = set_other_host,
		.float_ports = float_ports,
		.get_my_id = get_my_id,
		.set_my_id = set_my_id,
		.get_other_id = get_other_id,
		.set_other_id = set_other_id,
		.get_proposal = get_proposal,
		.set_proposal = set_proposal,
		.get_keymat = get_keymat,
		.get_task_manager = get_task_manager,
		.get_vips = get_vips,
		.set_condition = set_condition,
		.has_condition = has_condition,
		.enable_extension = enable_extension,
		.supports_extension = supports_extension,
		.get_statistic = get_statistic,
		.set_statistic = set_statistic,
		.get_auth_class = get_auth_class,
		.set_auth_class = set_auth_class,
		.get_init_message = get_init_message,
		.set_init_message = set_init_message,
		.get_nonce = get_nonce,
		.set_nonce = set_nonce,
		.add_child_sa = add_child_sa,
		.get_child_sa = get_child_sa,
		.create_child_sa_enumerator = create_child_sa_enumerator,
		.get_child_count = get_child_count,
		.destroy_child_sa = destroy_child_sa,
		.inherit = inherit,
		.adopt_child_sas = adopt_child_sas,
		.initiate = initiate,
		.process_message = process_message,
		.generate_message = generate_message,
		.retransmit = retransmit,
		.delete_ike = delete_ike,
		.delete_child_sa = delete_child_sa,
		.rekey = rekey,
		.rekey_child_sa = rekey_child_sa,
		.reauth = reauth,
		.send_dpd = send_dpd,
		.reset = reset,
		.queue_task = queue_task,
		.initiate_queued = initiate_queued,
		.destroy = destroy,
	};
	this->id = *id;
	this->id.initiator = initiator;
	this->unique_id = atomic_fetch_add(&next_unique_id, 1);
	this->state = IKE_CREATED;
	this->keymat = keymat_create(initiator);
	this->tasks = task_manager_create(&this->public);
	this->children = linked_list_create();
	this->vips = ike_vips_create();
	if (initiator) {
		this->conditions |= COND_ORIGINAL_INITIATOR;
	}
	return &this->public;
}
