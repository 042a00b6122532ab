/**
 * @file job.h
 * A unit of work the processor's threads run.
 */
#ifndef CYGNET_JOB_H
#define CYGNET_JOB_H

#include "library.h"

typedef enum job_priority_t {
	JOB_PRIO_CRITICAL,	/**< e.g. acting on a delete: never starved */
	JOB_PRIO_HIGH,		/**< control (stroke) requests */
	JOB_PRIO_MEDIUM,	/**< received IKE messages, timers */
	JOB_PRIO_LOW,		/**< housekeeping */
	JOB_PRIO_MAX,
} job_priority_t;

typedef enum job_requeue_t {
	JOB_REQUEUE_NONE,	/**< done; the processor destroys the job */
	JOB_REQUEUE_FAIR,	/**< run again, after the other queued jobs */
	JOB_REQUEUE_DIRECT,	/**< run again at once in the same thread */
} job_requeue_t;

typedef struct job_t job_t;

struct job_t {
	job_requeue_t (*execute)(job_t *this);
	job_priority_t (*get_priority)(job_t *this);
	void (*destroy)(job_t *this);
	/**
	 * Optional (may be NULL): make a blocking execute() return soon, e.g.
	 * by shutting down the socket it reads. The processor calls it from
	 * another thread when it is destroyed while the job runs; it must not
	 * block or free the job. Jobs without it are waited for.
	 */
	void (*cancel)(job_t *this);
};

/**
 * A job calling @p fn(@p data) once (or again while fn requeues);
 * @p cleanup(data) runs on destroy. An invalid @p prio becomes MEDIUM.
 * Returns NULL (after running @p cleanup) if @p fn is NULL.
 */
typedef job_requeue_t (*callback_job_fn_t)(void *data);
job_t *callback_job_create(callback_job_fn_t fn, void *data,
			   void (*cleanup)(void *data), job_priority_t prio);

#endif
