/*
 * Deliver one received message to its IKE_SA.
 */
#include "processing/process_message_job.h"
#include "daemon.h"

typedef struct private_job_t {
	job_t public;
	message_t *message;
	host_t *src;
	host_t *dst;
} private_job_t;

static job_requeue_t execute(job_t *public)
{
	private_job_t *this = (private_job_t *)public;
	ike_sa_manager_t *manager = charon ? charon->ike_sa_manager : NULL;
	char buf[HOST_STR_LEN];
	ike_sa_t *ike_sa;

	if (!manager) {
		return JOB_REQUEUE_NONE;
	}
	ike_sa = manager->checkout_by_message(manager, this->message, this->src);
	if (!ike_sa) {
		/* INVALID_IKE_SPI is optional (RFC 7296 §2.21.4) and would
		 * answer anyone spoofing a source: stay silent */
		DBG2(DBG_NET, "%s %s from %s for no IKE_SA, dropped",
		     exchange_type_name(this->message->get_exchange_type(this->message)) ?: "message",
		     this->message->get_request(this->message) ? "request" : "response",
		     host_to_str_port(this->src, buf, sizeof(buf)));
		if (charon->bus) {
			charon->bus->alert(charon->bus, ALERT_INVALID_IKE_SPI, "%s", buf);
		}
		return JOB_REQUEUE_NONE;
	}
	if (ike_sa->process_message(ike_sa, this->message, this->src,
				    this->dst) == DESTROY_ME) {
		manager->checkin_and_destroy(manager, ike_sa);
	} else {
		manager->checkin(manager, ike_sa);
	}
	return JOB_REQUEUE_NONE;
}

static job_priority_t get_priority(job_t *public)
{
	private_job_t *this = (private_job_t *)public;

	if (this->message->get_exchange_type(this->message) == IKE_SA_INIT &&
	    this->message->get_request(this->message)) {
		return JOB_PRIO_LOW;
	}
	return JOB_PRIO_MEDIUM;
}

static void destroy(job_t *public)
{
	private_job_t *this = (private_job_t *)public;

	this->message->destroy(this->message);
	DESTROY_IF(this->src);
	DESTROY_IF(this->dst);
	free(this);
}

job_t *process_message_job_create(message_t *message, host_t *src, host_t *dst)
{
	private_job_t *this = mem_zalloc(sizeof(*this));

	*this = (private_job_t){
		.public = {
			.execute = execute,
			.get_priority = get_priority,
			.destroy = destroy,
		},
		.message = message,
		.src = src,
		.dst = dst,
	};
	return &this->public;
}
