/*
 * Rekeying a CHILD_SA (RFC 7296 §1.3.3, §2.8): a CREATE_CHILD_SA exchange
 * with N(REKEY_SA) naming the SA (by the SPI its sender receives on), and
 * SA, Ni, [KEi], TSi, TSr as for a new CHILD_SA. A child_create task does
 * that part; this task adds the notify and decides what happens to the old
 * and the new SA.
 *
 * The new SA carries the old one's reqid, so the data plane switches the
 * outbound traffic to it when it is installed. The old SA stays for
 * inbound packets still in flight until it is deleted: by the initiator of
 * the rekeying, right after the exchange.
 *
 * Collisions (§2.8.1): both ends rekey the same CHILD_SA at once. Each
 * answers the other's request, so two new SAs exist. When our own exchange
 * completes, the one whose exchange used the lowest of the four nonces
 * lost: it deletes the SA its exchange made, and the winner deletes the
 * old SA. The responder half records the peer's exchange in our active
 * initiator task (record_collision()) for that decision.
 */
#include <arpa/inet.h>

#include "sa/tasks/tasks.h"

#include "daemon.h"
#include "encoding/notify_payload.h"
#include "sa/ike_sa_timers.h"
#include "sa/task_manager.h"

typedef struct private_child_rekey_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/* our inbound SPI of the CHILD_SA being rekeyed */
	uint32_t spi;
	/* the child_create doing the CHILD_SA part */
	task_t *create;
	/* initiator: KE method the peer asked for in an earlier attempt */
	key_exchange_method_t ke_method;
	/* responder: error to answer with instead */
	notify_type_t error;
	/* initiator: the peer's rekeying of the same CHILD_SA, answered by us */
	struct {
		bool seen;
		chunk_t nonce_i;
		chunk_t nonce_r;
		/* our inbound SPI of the CHILD_SA it made, 0 if none */
		uint32_t spi;
	} collision;
} private_child_rekey_t;

static task_t *create_task(ike_sa_t *ike_sa, bool initiator, uint32_t spi,
			   key_exchange_method_t method);

static child_sa_t *find_child(private_child_rekey_t *this, uint32_t spi, bool inbound)
{
	return spi ? this->ike_sa->get_child_sa(this->ike_sa, PROTO_ESP, spi, inbound) : NULL;
}

/* --- initiator ---------------------------------------------------------- */

static status_t build_i(private_child_rekey_t *this, message_t *message)
{
	child_sa_t *child = find_child(this, this->spi, true);
	notify_payload_t *notify;
	status_t status;

	if (!child) {
		/* an expire of the outbound SA names the peer's SPI */
		child = find_child(this, this->spi, false);
		if (child) {
			this->spi = child->get_spi(child, true);
		}
	}
	if (!child || child->get_state(child) != CHILD_INSTALLED) {
		DBG1(DBG_IKE, "CHILD_SA with SPI %.8x not found or not installed, not rekeying it",
		     ntohl(this->spi));
		return SUCCESS;
	}
	if (message->get_exchange_type(message) != CREATE_CHILD_SA) {
		return NEED_MORE;
	}
	if (!this->create) {
		this->create = child_create_create(this->ike_sa, child->get_config(child), true,
						   child->get_reqid(child));
		child_create_ke_retry(this->create, this->ke_method);
	}
	notify = notify_payload_create(REKEY_SA, PROTO_ESP, chunk_from_thing(this->spi),
				       chunk_empty);
	if (!notify) {
		return SUCCESS;
	}
	message->add_payload(message, &notify->payload);
	status = this->create->build(this->create, message);
	if (status != NEED_MORE) {
		DBG1(DBG_IKE, "unable to rekey CHILD_SA %s{%u}", child->get_name(child),
		     child->get_unique_id(child));
		return SUCCESS;
	}
	DBG1(DBG_IKE, "rekeying CHILD_SA %s{%u} with SPIs %.8x_i %.8x_o", child->get_name(child),
	     child->get_unique_id(child), ntohl(child->get_spi(child, true)),
	     ntohl(child->get_spi(child, false)));
	child->set_state(child, CHILD_REKEYING);
	return NEED_MORE;
}

static chunk_t lower(chunk_t a, chunk_t b)
{
	return chunk_compare(a, b) <= 0 ? a : b;
}

/* §2.8.1: our exchange holds the lowest of the four nonces. */
static bool lost_collision(private_child_rekey_t *this)
{
	chunk_t ours = lower(child_create_get_nonce(this->create, true),
			     child_create_get_nonce(this->create, false));
	chunk_t theirs = lower(this->collision.nonce_i, this->collision.nonce_r);

	return chunk_compare(ours, theirs) < 0;
}

static void queue_delete(private_child_rekey_t *this, child_sa_t *child)
{
	this->ike_sa->queue_task(this->ike_sa, child_delete_create(this->ike_sa, PROTO_ESP,
						child->get_spi(child, true), false));
}

/* The old SA was replaced by @p new_sa: report it, and delete it if @p ours. */
static void replaced(private_child_rekey_t *this, child_sa_t *old, child_sa_t *new_sa,
		     bool ours)
{
	if (!old) {
		return;
	}
	old->set_state(old, CHILD_REKEYED);
	if (new_sa) {
		charon->bus->child_rekey(charon->bus, old, new_sa);
	}
	if (ours) {
		queue_delete(this, old);
	}
}

/* Our exchange made nothing: retry, give way to the peer's, or try later. */
static void failed(private_child_rekey_t *this, child_sa_t *old)
{
	key_exchange_method_t method = child_create_ke_retry(this->create, KE_NONE);

	if (this->collision.seen) {
		replaced(this, old, find_child(this, this->collision.spi, true), false);
		return;
	}
	if (old && old->get_state(old) == CHILD_REKEYING) {
		old->set_state(old, CHILD_INSTALLED);
	}
	if (!old) {
		return;
	}
	if (method != KE_NONE) {
		this->ike_sa->queue_task(this->ike_sa,
					 create_task(this->ike_sa, true, this->spi, method));
		return;
	}
	ike_sa_timers_rekey_failed(this->ike_sa, this->spi);
}

static status_t process_i(private_child_rekey_t *this, message_t *message)
{
	child_sa_t *old, *new_sa, *theirs;

	if (!this->create) {
		return SUCCESS;
	}
	if (this->create->process(this->create, message) == NEED_MORE) {
		return NEED_MORE;
	}
	old = find_child(this, this->spi, true);
	new_sa = child_create_get_child(this->create);
	if (!new_sa) {
		failed(this, old);
		return SUCCESS;
	}
	ike_sa_timers_child_installed(this->ike_sa, new_sa);
	if (this->collision.seen) {
		theirs = find_child(this, this->collision.spi, true);
		if (lost_collision(this)) {
			DBG1(DBG_IKE, "CHILD_SA rekey collision lost, deleting redundant CHILD_SA "
			     "%s{%u}", new_sa->get_name(new_sa), new_sa->get_unique_id(new_sa));
			/* it was never announced: its deletion is not either */
			new_sa->set_state(new_sa, CHILD_REKEYED);
			queue_delete(this, new_sa);
			replaced(this, old, theirs, false);
			return SUCCESS;
		}
		DBG1(DBG_IKE, "CHILD_SA rekey collision won, the peer deletes its redundant "
		     "CHILD_SA");
		if (theirs) {
			theirs->set_state(theirs, CHILD_REKEYED);
		}
	}
	replaced(this, old, new_sa, true);
	return SUCCESS;
}

/* --- responder ---------------------------------------------------------- */

/* Our own active rekeying of the CHILD_SA with inbound SPI @p spi, if any. */
static private_child_rekey_t *active_rekeying(private_child_rekey_t *this, uint32_t spi)
{
	task_manager_t *tm = this->ike_sa->get_task_manager(this->ike_sa);
	private_child_rekey_t *found = NULL, *other;
	enumerator_t *e;
	task_t *task;

	if (!tm) {
		return NULL;
	}
	e = tm->create_task_enumerator(tm, TASK_QUEUE_ACTIVE);
	while (!found && e->enumerate(e, &task)) {
		if (task->get_type(task) != TASK_CHILD_REKEY) {
			continue;
		}
		other = (private_child_rekey_t *)task;
		if (other->initiator && other->spi == spi) {
			found = other;
		}
	}
	e->destroy(e);
	return found;
}

static status_t process_r(private_child_rekey_t *this, message_t *message)
{
	notify_payload_t *notify = message->get_notify(message, REKEY_SA);
	ike_sa_state_t ike_state = this->ike_sa->get_state(this->ike_sa);
	child_sa_t *old = NULL;
	uint32_t spi = 0;

	if (notify && notify->get_protocol(notify) == PROTO_ESP &&
	    notify->get_spi(notify).len == sizeof(spi)) {
		memcpy(&spi, notify->get_spi(notify).ptr, sizeof(spi));
		/* the SPI the peer receives on is our outbound one */
		old = find_child(this, spi, false);
	}
	if (!old) {
		DBG1(DBG_IKE, "CHILD_SA with SPI %.8x to rekey not found", ntohl(spi));
		this->error = CHILD_SA_NOT_FOUND;
		return NEED_MORE;
	}
	/* §2.25: not while the IKE_SA is rekeyed, nor twice for one CHILD_SA */
	if (ike_state != IKE_ESTABLISHED ||
	    (old->get_state(old) != CHILD_INSTALLED && old->get_state(old) != CHILD_REKEYING)) {
		DBG1(DBG_IKE, "CHILD_SA %s{%u} is %s, answering TEMPORARY_FAILURE",
		     old->get_name(old), old->get_unique_id(old),
		     ike_state != IKE_ESTABLISHED ? "on an IKE_SA being rekeyed"
						  : child_sa_state_name(old->get_state(old)));
		this->error = TEMPORARY_FAILURE;
		return NEED_MORE;
	}
	this->spi = old->get_spi(old, true);
	this->create = child_create_create(this->ike_sa, NULL, true, 0);
	child_create_use_config(this->create, old->get_config(old), old->get_reqid(old));
	this->create->process(this->create, message);
	return NEED_MORE;
}

static status_t build_r(private_child_rekey_t *this, message_t *message)
{
	private_child_rekey_t *ours;
	child_sa_t *old, *new_sa;

	if (this->error) {
		message->add_notify(message, this->error, chunk_empty);
		return SUCCESS;
	}
	if (!this->create) {
		return SUCCESS;
	}
	this->create->build(this->create, message);
	new_sa = child_create_get_child(this->create);
	old = find_child(this, this->spi, true);
	if (!new_sa) {
		return SUCCESS;
	}
	ike_sa_timers_child_installed(this->ike_sa, new_sa);
	ours = active_rekeying(this, this->spi);
	if (ours) {
		DBG1(DBG_IKE, "CHILD_SA rekey collision for %s{%u}, deciding when ours completes",
		     new_sa->get_name(new_sa), old ? old->get_unique_id(old) : 0);
		ours->collision.seen = true;
		chunk_free(&ours->collision.nonce_i);
		chunk_free(&ours->collision.nonce_r);
		ours->collision.nonce_i = chunk_clone(child_create_get_nonce(this->create, false));
		ours->collision.nonce_r = chunk_clone(child_create_get_nonce(this->create, true));
		ours->collision.spi = new_sa->get_spi(new_sa, true);
		return SUCCESS;
	}
	/* the peer deletes the old SA; until then it takes inbound packets */
	replaced(this, old, new_sa, false);
	return SUCCESS;
}

/* --- task_t ------------------------------------------------------------- */

static status_t build(task_t *public, message_t *message)
{
	private_child_rekey_t *this = (private_child_rekey_t *)public;

	return this->initiator ? build_i(this, message) : build_r(this, message);
}

static status_t process(task_t *public, message_t *message)
{
	private_child_rekey_t *this = (private_child_rekey_t *)public;

	return this->initiator ? process_i(this, message) : process_r(this, message);
}

static task_type_t get_type(task_t *public)
{
	return TASK_CHILD_REKEY;
}

static void forget_collision(private_child_rekey_t *this)
{
	chunk_free(&this->collision.nonce_i);
	chunk_free(&this->collision.nonce_r);
	memset(&this->collision, 0, sizeof(this->collision));
}

/* Moved to the IKE_SA that replaced ours: the CHILD_SA moved along. */
static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_child_rekey_t *this = (private_child_rekey_t *)public;

	this->ike_sa = ike_sa;
	DESTROY_IF(this->create);
	this->create = NULL;
	this->error = 0;
	forget_collision(this);
}

static void destroy(task_t *public)
{
	private_child_rekey_t *this = (private_child_rekey_t *)public;

	DESTROY_IF(this->create);
	forget_collision(this);
	free(this);
}

static task_t *create_task(ike_sa_t *ike_sa, bool initiator, uint32_t spi,
			   key_exchange_method_t method)
{
	private_child_rekey_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = build,
		.process = process,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->initiator = initiator;
	this->spi = spi;
	this->ke_method = method;
	return &this->public;
}

task_t *child_rekey_create(ike_sa_t *ike_sa, uint8_t protocol, uint32_t spi)
{
	/* CHILD_SAs are ESP only; @p protocol is 3 from IKE, 50 from data planes */
	(void)protocol;
	return create_task(ike_sa, spi != 0, spi, KE_NONE);
}
