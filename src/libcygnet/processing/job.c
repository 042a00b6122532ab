/*
 * callback_job_t: the generic job wrapping a function and its data.
 */
#include "processing/job.h"

typedef struct private_callback_job_t {
	job_t public;
	callback_job_fn_t fn;
	void *data;
	void (*cleanup)(void *data);
	job_priority_t prio;
} private_callback_job_t;

static job_requeue_t callback_execute(job_t *public)
{
	private_callback_job_t *this = (private_callback_job_t *)public;

	return this->fn(this->data);
}

static job_priority_t callback_get_priority(job_t *public)
{
	private_callback_job_t *this = (private_callback_job_t *)public;

	return this->prio;
}

static void callback_destroy(job_t *public)
{
	private_callback_job_t *this = (private_callback_job_t *)public;

	if (this->cleanup) {
		this->cleanup(this->data);
	}
	free(this);
}

job_t *callback_job_create(callback_job_fn_t fn, void *data,
			   void (*cleanup)(void *data), job_priority_t prio)
{
	private_callback_job_t *this;

	if (!fn) {
		DBG1(DBG_JOB, "callback job without a function");
		if (cleanup) {
			cleanup(data);
		}
		return NULL;
	}
	if ((int)prio < 0 || prio >= JOB_PRIO_MAX) {
		prio = JOB_PRIO_MEDIUM;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_callback_job_t) {
		.public = {
			.execute = callback_execute,
			.get_priority = callback_get_priority,
			.destroy = callback_destroy,
		},
		.fn = fn,
		.data = data,
		.cleanup = cleanup,
		.prio = prio,
	};
	return &this->public;
}
