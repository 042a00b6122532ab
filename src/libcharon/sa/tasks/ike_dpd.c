/*
 * Liveness check (RFC 7296 §2.4): an empty INFORMATIONAL request, answered
 * by an empty response. The exchange itself is the proof of life: the task
 * manager records the inbound time, so the task carries no payloads.
 */
#include "sa/tasks/tasks.h"

typedef struct private_ike_dpd_t {
	task_t public;
	bool initiator;
} private_ike_dpd_t;

/* initiator: nothing to add, wait for the response */
static status_t build_i(task_t *public, message_t *message)
{
	return NEED_MORE;
}

/* initiator: any authenticated response proves the peer is alive */
static status_t process_i(task_t *public, message_t *message)
{
	return SUCCESS;
}

/* responder: keep the task for build_r() */
static status_t process_r(task_t *public, message_t *message)
{
	return NEED_MORE;
}

/* responder: the response stays empty */
static status_t build_r(task_t *public, message_t *message)
{
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_DPD;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	/* stateless */
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_dpd_create(bool initiator)
{
	private_ike_dpd_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = initiator ? build_i : build_r,
		.process = initiator ? process_i : process_r,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->initiator = initiator;
	return &this->public;
}
