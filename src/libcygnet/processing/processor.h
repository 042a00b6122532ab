/**
 * @file processor.h
 * The thread pool and its job queue, one queue per priority.
 *
 * A worker always takes the oldest job of the most urgent non-empty queue
 * (strict priority, FIFO within one). Worker threads block the daemon's
 * control signals (HUP, INT, TERM, USR1, USR2, CHLD): the main thread
 * handles those.
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
	/** Start or stop threads until @p count run (0 stops them all).
	 *  New threads start at once; surplus ones leave when their current
	 *  job is done, so a job may shrink the pool it runs in. */
	void (*set_threads)(processor_t *this, unsigned int count);
	unsigned int (*get_total_threads)(processor_t *this);
	/** Threads not currently executing a job. */
	unsigned int (*get_idle_threads)(processor_t *this);
	/** Queued jobs of @p prio. */
	unsigned int (*get_job_load)(processor_t *this, job_priority_t prio);
	/** Wait until no job is queued or running (tests). Returns at once
	 *  if there are no threads to run queued jobs. */
	void (*wait_idle)(processor_t *this);
	/** Stop the threads, destroy queued jobs, free the processor.
	 *  Running jobs are cancelled if they can be, else waited for. Never
	 *  call it from a job. */
	void (*destroy)(processor_t *this);
};

processor_t *processor_create(void);

#endif
