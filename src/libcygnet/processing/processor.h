/**
 * @file processor.h
 * The thread pool and its job queue, one queue per priority.
 */
#ifndef CYGNET_PROCESSOR_H
#define CYGNET_PROCESSOR_H

#include "library.h"
#include "processing/job.h"

struct processor_t {
	/** Queue a job; the processor owns it from now on. */
	void (*queue_job)(processor_t *this, job_t *job);
	/** Run a job now in the calling thread, then destroy it. */
	void (*execute_job)(processor_t *this, job_t *job);
	/** Start or stop threads until @p count run (0 stops them all). */
	void (*set_threads)(processor_t *this, unsigned int count);
	unsigned int (*get_total_threads)(processor_t *this);
	/** Threads not currently executing a job. */
	unsigned int (*get_idle_threads)(processor_t *this);
	/** Queued jobs of @p prio. */
	unsigned int (*get_job_load)(processor_t *this, job_priority_t prio);
	/** Wait until no job is queued or running (tests). */
	void (*wait_idle)(processor_t *this);
	/** Stop the threads, destroy queued jobs, free the processor. */
	void (*destroy)(processor_t *this);
};

processor_t *processor_create(void);

#endif
