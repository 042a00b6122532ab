/*
 * Deleting the IKE_SA (RFC 7296 §1.4.1): an INFORMATIONAL exchange with a
 * Delete payload for protocol IKE. Whoever sends or answers it destroys the
 * IKE_SA and its CHILD_SAs afterwards; the task manager does that when a
 * task returns DESTROY_ME (as responder only after the response is sent).
 * An established IKE_SA the peer deletes gets its CHILD_SAs' closeaction.
 */
#include <stdio.h>

#include "sa/tasks/tasks.h"
#include "encoding/delete_payload.h"
#include "sa/dpd_actions.h"

typedef struct private_ike_delete_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
} private_ike_delete_t;

/* "192.0.2.1[id]...192.0.2.2[id]" for the deleting line */
static void print_peers(ike_sa_t *ike_sa, char *buf, size_t len)
{
	identification_t *my_id = ike_sa->get_my_id(ike_sa);
	identification_t *other_id = ike_sa->get_other_id(ike_sa);
	char me[HOST_STR_LEN], other[HOST_STR_LEN];

	snprintf(buf, len, "%s[%s]...%s[%s]",
		 host_to_str(ike_sa->get_my_host(ike_sa), me, sizeof(me)),
		 my_id ? my_id->to_string(my_id) : "%any",
		 host_to_str(ike_sa->get_other_host(ike_sa), other, sizeof(other)),
		 other_id ? other_id->to_string(other_id) : "%any");
}

static void log_deleting(private_ike_delete_t *this)
{
	char peers[2 * HOST_STR_LEN + 512];

	print_peers(this->ike_sa, peers, sizeof(peers));
	DBG0(DBG_IKE, "deleting IKE_SA %s[%u] between %s",
	     this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa), peers);
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_delete_t *this = (private_ike_delete_t *)public;
	delete_payload_t *del = delete_payload_create(PROTO_IKE);

	if (!del) {
		return FAILED;
	}
	log_deleting(this);
	message->add_payload(message, &del->payload);
	this->ike_sa->set_state(this->ike_sa, IKE_DELETING);
	DBG1(DBG_IKE, "sending DELETE for IKE_SA %s[%u]",
	     this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa));
	return NEED_MORE;
}

/* any response completes the delete; what it carries does not matter */
static status_t process_i(task_t *public, message_t *message)
{
	DBG0(DBG_IKE, "IKE_SA deleted");
	return DESTROY_ME;
}

static bool has_ike_delete(message_t *message)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	payload_t *payload;
	bool found = false;

	while (!found && e->enumerate(e, &payload)) {
		found = payload->get_type(payload) == PL_DELETE &&
			((delete_payload_t *)payload)->get_protocol(
				(delete_payload_t *)payload) == PROTO_IKE;
	}
	e->destroy(e);
	return found;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_delete_t *this = (private_ike_delete_t *)public;

	if (message->get_exchange_type(message) != INFORMATIONAL) {
		return SUCCESS;
	}
	if (message->get_notify(message, AUTHENTICATION_FAILED)) {
		DBG1(DBG_IKE, "received AUTHENTICATION_FAILED notify: the peer refused our "
		     "authentication");
	} else if (!has_ike_delete(message)) {
		/* created for the wrong request: answer it without deleting */
		return SUCCESS;
	}
	DBG1(DBG_IKE, "received DELETE for IKE_SA %s[%u]",
	     this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa));
	log_deleting(this);
	if (this->ike_sa->get_state(this->ike_sa) == IKE_ESTABLISHED) {
		/* not ours, and not the old SA of a rekeying: closeaction= */
		dpd_actions_ike_closed(this->ike_sa);
	}
	/* a simultaneous delete of ours ends the same way: the SA goes */
	this->ike_sa->set_state(this->ike_sa, IKE_DELETING);
	return NEED_MORE;
}

/* the response stays empty; the SA is destroyed once it is sent */
static status_t build_r(task_t *public, message_t *message)
{
	DBG0(DBG_IKE, "IKE_SA deleted");
	return DESTROY_ME;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_DELETE;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	((private_ike_delete_t *)public)->ike_sa = ike_sa;
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_delete_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_delete_t *this = mem_zalloc(sizeof(*this));

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
