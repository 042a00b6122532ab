/**
 * @file scheduler.h
 * Timed jobs: a job queued to the processor after a delay.
 */
#ifndef CYGNET_SCHEDULER_H
#define CYGNET_SCHEDULER_H

#include "library.h"
#include "processing/job.h"

struct scheduler_t {
	/** Queue @p job to the processor after @p ms milliseconds (never
	 *  earlier; measured on CLOCK_MONOTONIC). Jobs due at the same time
	 *  are queued in the order they were scheduled. */
	void (*schedule_job_ms)(scheduler_t *this, job_t *job, uint32_t ms);
	/** Same, in seconds. */
	void (*schedule_job)(scheduler_t *this, job_t *job, uint32_t s);
	/** Number of jobs waiting. */
	unsigned int (*get_job_load)(scheduler_t *this);
	/** Stop the timer thread and destroy pending jobs. */
	void (*destroy)(scheduler_t *this);
};

/** A scheduler running its own timer thread, queuing into @p processor
 *  (NULL: lib->processor at expiry). NULL if the thread cannot start.
 *  Destroy it before the processor. */
scheduler_t *scheduler_create(processor_t *processor);

#endif
