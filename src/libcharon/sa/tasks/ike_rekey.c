/*
 * Rekeying the IKE_SA (RFC 7296 §1.3.2, §2.18): a CREATE_CHILD_SA exchange
 * on the old IKE_SA whose SA payload proposes a new IKE_SA (with the new
 * SPI), Ni and KEi. An ike_init task in rekey mode negotiates it on a new
 * IKE_SA object from the IKE_SA manager and derives its keys from the old
 * SK_d. The new SA inherits the old one's configs, addresses and
 * identities; once the exchange completes it takes over the CHILD_SAs and
 * queued tasks, and the initiator deletes the old IKE_SA. The responder
 * waits for that Delete (ike_sa_timers_replaced() cleans up otherwise).
 *
 * The new IKE_SA is checked out only while this task works on it, so the
 * manager never blocks others for the duration of the exchange.
 *
 * Collisions (§2.8.1): both ends rekey at once and each answers the other,
 * so two new IKE_SAs exist. When our exchange completes, the one whose
 * exchange holds the lowest of the four nonces lost: it moves the CHILD_SAs
 * to the winner's new SA and deletes its own new SA; the winner deletes
 * the old one. Requests that find the IKE_SA busy with CHILD_SA work are
 * answered with TEMPORARY_FAILURE (§2.25.2).
 */
#include "sa/tasks/tasks.h"

#include "daemon.h"
#include "sa/ike_sa_timers.h"
#include "sa/task_manager.h"

typedef struct private_ike_rekey_t {
	task_t public;
	/* the IKE_SA being rekeyed */
	ike_sa_t *ike_sa;
	bool initiator;
	/* the new IKE_SA's id (it is checked out only while we work on it) */
	ike_sa_id_t new_id;
	bool has_new;
	/* responder: the new IKE_SA, checked out from process() to build() */
	ike_sa_t *new_sa;
	/* ike_init in rekey mode on the new IKE_SA */
	task_t *init;
	/* responder: error to answer with instead */
	notify_type_t error;
	/* initiator: the peer's rekeying, answered by us meanwhile */
	struct {
		bool seen;
		chunk_t nonce_i;
		chunk_t nonce_r;
		ike_sa_id_t id;
	} collision;
} private_ike_rekey_t;

static ike_sa_manager_t *manager(void)
{
	return charon->ike_sa_manager;
}

/* Hand a new IKE_SA back; the bus goes on naming the old one. */
static void checkin(private_ike_rekey_t *this, ike_sa_t *ike_sa, status_t status)
{
	if (status == DESTROY_ME) {
		manager()->checkin_and_destroy(manager(), ike_sa);
	} else {
		manager()->checkin(manager(), ike_sa);
	}
	charon->bus->set_sa(charon->bus, this->ike_sa);
}

/* Forget the new IKE_SA we negotiated (failure, or the task goes away). */
static void drop_new(private_ike_rekey_t *this)
{
	ike_sa_t *new_sa;

	DESTROY_IF(this->init);
	this->init = NULL;
	if (this->new_sa) {
		checkin(this, this->new_sa, DESTROY_ME);
		this->new_sa = NULL;
	} else if (this->has_new && manager()) {
		new_sa = manager()->checkout(manager(), &this->new_id);
		if (new_sa) {
			checkin(this, new_sa, DESTROY_ME);
		}
	}
	this->has_new = false;
}

/* A new IKE_SA to negotiate, sharing configs and peers with ours. */
static ike_sa_t *create_new(private_ike_rekey_t *this)
{
	ike_sa_t *new_sa = manager()->checkout_new(manager(), this->initiator);

	if (!new_sa) {
		charon->bus->set_sa(charon->bus, this->ike_sa);
		return NULL;
	}
	new_sa->inherit(new_sa, this->ike_sa);
	this->init = ike_init_create(new_sa, this->initiator, this->ike_sa);
	this->new_id = *new_sa->get_id(new_sa);
	this->has_new = true;
	return new_sa;
}

/* The winner's new IKE_SA takes the CHILD_SAs over from ours. */
static void hand_over(private_ike_rekey_t *this, ike_sa_t *new_sa)
{
	char spis[64];

	new_sa->adopt_child_sas(new_sa, this->ike_sa);
	ike_sa_id_print(new_sa->get_id(new_sa), spis, sizeof(spis));
	DBG0(DBG_IKE, "IKE_SA %s[%u] rekeyed, continued by IKE_SA %s[%u] with SPIs %s",
	     this->ike_sa->get_name(this->ike_sa), this->ike_sa->get_unique_id(this->ike_sa),
	     new_sa->get_name(new_sa), new_sa->get_unique_id(new_sa), spis);
	charon->bus->ike_rekey(charon->bus, this->ike_sa, new_sa);
	this->ike_sa->set_state(this->ike_sa, IKE_REKEYED);
}

/* --- initiator ---------------------------------------------------------- */

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;
	ike_sa_t *new_sa;
	status_t status;

	if (!this->has_new) {
		if (this->ike_sa->get_state(this->ike_sa) != IKE_ESTABLISHED || !manager()) {
			return SUCCESS;
		}
		new_sa = create_new(this);
	} else {
		/* again, after INVALID_KE_PAYLOAD */
		new_sa = manager()->checkout(manager(), &this->new_id);
	}
	if (!new_sa) {
		this->has_new = false;
		return SUCCESS;
	}
	status = this->init->build(this->init, message);
	checkin(this, new_sa, SUCCESS);
	if (status != NEED_MORE) {
		DBG1(DBG_IKE, "unable to rekey IKE_SA %s[%u]", this->ike_sa->get_name(this->ike_sa),
		     this->ike_sa->get_unique_id(this->ike_sa));
		drop_new(this);
		return SUCCESS;
	}
	DBG1(DBG_IKE, "rekeying IKE_SA %s[%u]", this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa));
	this->ike_sa->set_state(this->ike_sa, IKE_REKEYING);
	return NEED_MORE;
}

static chunk_t lower(chunk_t a, chunk_t b)
{
	return chunk_compare(a, b) <= 0 ? a : b;
}

/* The peer's new IKE_SA from a collision gets our CHILD_SAs. */
static void give_way(private_ike_rekey_t *this)
{
	ike_sa_t *theirs = manager()->checkout(manager(), &this->collision.id);
	status_t status = SUCCESS;

	if (!theirs) {
		this->ike_sa->set_state(this->ike_sa, IKE_ESTABLISHED);
		ike_sa_timers_rekey_failed(this->ike_sa, 0);
		return;
	}
	hand_over(this, theirs);
	status = theirs->initiate_queued(theirs);
	checkin(this, theirs, status);
	/* the winner deletes the old IKE_SA */
	ike_sa_timers_replaced(this->ike_sa);
}

/* We won a collision: the peer deletes its redundant new IKE_SA. */
static void mark_redundant(private_ike_rekey_t *this)
{
	ike_sa_t *theirs = manager()->checkout(manager(), &this->collision.id);

	if (theirs) {
		theirs->set_state(theirs, IKE_REKEYED);
		ike_sa_timers_replaced(theirs);
		checkin(this, theirs, SUCCESS);
	}
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;
	chunk_t ours;
	ike_sa_t *new_sa;
	status_t status;

	if (!this->has_new) {
		return SUCCESS;
	}
	new_sa = manager()->checkout(manager(), &this->new_id);
	if (!new_sa) {
		this->has_new = false;
		this->ike_sa->set_state(this->ike_sa, IKE_ESTABLISHED);
		return SUCCESS;
	}
	status = this->init->process(this->init, message);
	if (status == NEED_MORE) {
		/* INVALID_KE_PAYLOAD: the next request carries the group asked for */
		checkin(this, new_sa, SUCCESS);
		return NEED_MORE;
	}
	if (status != SUCCESS) {
		checkin(this, new_sa, SUCCESS);
		drop_new(this);
		if (this->collision.seen) {
			give_way(this);
		} else {
			this->ike_sa->set_state(this->ike_sa, IKE_ESTABLISHED);
			ike_sa_timers_rekey_failed(this->ike_sa, 0);
		}
		return SUCCESS;
	}
	new_sa->set_state(new_sa, IKE_ESTABLISHED);
	if (this->collision.seen) {
		ours = lower(new_sa->get_nonce(new_sa, true), new_sa->get_nonce(new_sa, false));
		if (chunk_compare(ours, lower(this->collision.nonce_i, this->collision.nonce_r)) < 0) {
			DBG1(DBG_IKE, "IKE_SA rekey collision lost, deleting redundant IKE_SA %s[%u]",
			     new_sa->get_name(new_sa), new_sa->get_unique_id(new_sa));
			status = new_sa->delete_ike(new_sa, false);
			checkin(this, new_sa, status);
			this->has_new = false;
			give_way(this);
			return SUCCESS;
		}
		DBG1(DBG_IKE, "IKE_SA rekey collision won, the peer deletes its redundant IKE_SA");
		mark_redundant(this);
	}
	hand_over(this, new_sa);
	status = new_sa->initiate_queued(new_sa);
	checkin(this, new_sa, status);
	this->has_new = false;
	this->ike_sa->get_task_manager(this->ike_sa)->queue_ike_delete(
					this->ike_sa->get_task_manager(this->ike_sa));
	return SUCCESS;
}

/* --- responder ---------------------------------------------------------- */

/* Our own active IKE rekeying, or NULL; @p busy if CHILD_SA work is active. */
static private_ike_rekey_t *active_rekeying(private_ike_rekey_t *this, bool *busy)
{
	task_manager_t *tm = this->ike_sa->get_task_manager(this->ike_sa);
	private_ike_rekey_t *found = NULL;
	enumerator_t *e = tm->create_task_enumerator(tm, TASK_QUEUE_ACTIVE);
	task_t *task;

	*busy = false;
	while (e->enumerate(e, &task)) {
		switch (task->get_type(task)) {
		case TASK_IKE_REKEY:
			found = (private_ike_rekey_t *)task;
			break;
		case TASK_CHILD_CREATE:
		case TASK_CHILD_REKEY:
		case TASK_CHILD_DELETE:
			*busy = true;
			break;
		default:
			break;
		}
	}
	e->destroy(e);
	return found;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;
	ike_sa_state_t state = this->ike_sa->get_state(this->ike_sa);
	private_ike_rekey_t *ours;
	bool busy;

	ours = active_rekeying(this, &busy);
	if (busy || !manager() || (state != IKE_ESTABLISHED && !(state == IKE_REKEYING && ours))) {
		DBG1(DBG_IKE, "IKE_SA %s[%u] is busy (%s), answering TEMPORARY_FAILURE",
		     this->ike_sa->get_name(this->ike_sa), this->ike_sa->get_unique_id(this->ike_sa),
		     ike_sa_state_name(state));
		this->error = TEMPORARY_FAILURE;
		return NEED_MORE;
	}
	this->new_sa = create_new(this);
	if (!this->new_sa) {
		this->error = NO_PROPOSAL_CHOSEN;
		return NEED_MORE;
	}
	this->init->process(this->init, message);
	return NEED_MORE;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;
	ike_sa_t *new_sa = this->new_sa;
	private_ike_rekey_t *ours;
	status_t status;
	bool busy;

	if (this->error) {
		message->add_notify(message, this->error, chunk_empty);
		return SUCCESS;
	}
	if (this->init->build(this->init, message) != SUCCESS) {
		/* ike_init put its error notify into the answer */
		drop_new(this);
		return SUCCESS;
	}
	new_sa->set_state(new_sa, IKE_ESTABLISHED);
	ours = active_rekeying(this, &busy);
	if (ours && ours != this) {
		DBG1(DBG_IKE, "IKE_SA rekey collision, deciding when ours completes");
		ours->collision.seen = true;
		chunk_free(&ours->collision.nonce_i);
		chunk_free(&ours->collision.nonce_r);
		ours->collision.nonce_i = chunk_clone(new_sa->get_nonce(new_sa, false));
		ours->collision.nonce_r = chunk_clone(new_sa->get_nonce(new_sa, true));
		ours->collision.id = *new_sa->get_id(new_sa);
		status = SUCCESS;
	} else {
		hand_over(this, new_sa);
		ike_sa_timers_replaced(this->ike_sa);
		status = new_sa->initiate_queued(new_sa);
	}
	this->new_sa = NULL;
	this->has_new = false;
	checkin(this, new_sa, status);
	return SUCCESS;
}

/* --- task_t ------------------------------------------------------------- */

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_REKEY;
}

static void forget_collision(private_ike_rekey_t *this)
{
	chunk_free(&this->collision.nonce_i);
	chunk_free(&this->collision.nonce_r);
	memset(&this->collision, 0, sizeof(this->collision));
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;

	drop_new(this);
	forget_collision(this);
	this->ike_sa = ike_sa;
	this->error = 0;
}

static void destroy(task_t *public)
{
	private_ike_rekey_t *this = (private_ike_rekey_t *)public;

	drop_new(this);
	forget_collision(this);
	free(this);
}

task_t *ike_rekey_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_rekey_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = initiator ? build_i : build_r,
		.process = initiator ? process_i : process_r,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->initiator = initiator;
	return &this->public;
}
