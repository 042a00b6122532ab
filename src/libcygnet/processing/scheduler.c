/*
 * Timed jobs: a binary min-heap of (deadline, sequence, job) served by one
 * timer thread. Deadlines use CLOCK_MONOTONIC, and so does the condition the
 * thread sleeps on, so changing the wall clock neither fires nor delays a
 * timer. The sequence number keeps jobs with equal deadlines in the order
 * they were scheduled. Expired jobs are only queued to the processor; the
 * timer thread never runs a job itself.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "processing/scheduler.h"
#include "processing/processor.h"

typedef struct timed_job_t {
	struct timespec deadline;
	uint64_t seq;
	job_t *job;
} timed_job_t;

typedef struct private_scheduler_t {
	scheduler_t public;
	processor_t *processor;
	pthread_mutex_t mutex;
	/* a new earliest deadline, or stop */
	pthread_cond_t changed;
	pthread_t thread;
	timed_job_t *heap;
	unsigned int count;
	unsigned int alloc;
	uint64_t seq;
	bool stop;
} private_scheduler_t;

static bool earlier(const timed_job_t *a, const timed_job_t *b)
{
	if (a->deadline.tv_sec != b->deadline.tv_sec) {
		return a->deadline.tv_sec < b->deadline.tv_sec;
	}
	if (a->deadline.tv_nsec != b->deadline.tv_nsec) {
		return a->deadline.tv_nsec < b->deadline.tv_nsec;
	}
	return a->seq < b->seq;
}

static void swap(timed_job_t *a, timed_job_t *b)
{
	timed_job_t tmp = *a;

	*a = *b;
	*b = tmp;
}

/* with the mutex held; false if the heap cannot grow */
static bool heap_push(private_scheduler_t *this, timed_job_t entry)
{
	unsigned int pos, parent;

	if (this->count == this->alloc) {
		unsigned int alloc = this->alloc ? this->alloc * 2 : 16;
		timed_job_t *grown = realloc(this->heap, alloc * sizeof(*grown));

		if (!grown) {
			return false;
		}
		this->heap = grown;
		this->alloc = alloc;
	}
	pos = this->count++;
	this->heap[pos] = entry;
	while (pos > 0) {
		parent = (pos - 1) / 2;
		if (!earlier(&this->heap[pos], &this->heap[parent])) {
			break;
		}
		swap(&this->heap[pos], &this->heap[parent]);
		pos = parent;
	}
	return true;
}

/* with the mutex held and count > 0 */
static job_t *heap_pop(private_scheduler_t *this)
{
	job_t *job = this->heap[0].job;
	unsigned int pos = 0, child;

	this->heap[0] = this->heap[--this->count];
	for (;;) {
		child = 2 * pos + 1;
		if (child >= this->count) {
			break;
		}
		if (child + 1 < this->count &&
		    earlier(&this->heap[child + 1], &this->heap[child])) {
			child++;
		}
		if (!earlier(&this->heap[child], &this->heap[pos])) {
			break;
		}
		swap(&this->heap[pos], &this->heap[child]);
		pos = child;
	}
	return job;
}

static bool expired(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

static void hand_over(private_scheduler_t *this, job_t *job)
{
	processor_t *processor = this->processor ? this->processor
						 : (lib ? lib->processor : NULL);

	if (!processor) {
		DBG1(DBG_JOB, "no processor to run a timed job, dropped");
		job->destroy(job);
		return;
	}
	processor->queue_job(processor, job);
}

static void *timer_main(void *arg)
{
	private_scheduler_t *this = arg;
	sigset_t set;
	job_t *job;

	/* daemon control signals belong to the main thread */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	pthread_mutex_lock(&this->mutex);
	while (!this->stop) {
		if (this->count == 0) {
			pthread_cond_wait(&this->changed, &this->mutex);
			continue;
		}
		if (!expired(&this->heap[0].deadline)) {
			/* a copy: the heap may be reallocated while we sleep */
			struct timespec deadline = this->heap[0].deadline;

			pthread_cond_timedwait(&this->changed, &this->mutex, &deadline);
			continue;
		}
		job = heap_pop(this);
		pthread_mutex_unlock(&this->mutex);
		hand_over(this, job);
		pthread_mutex_lock(&this->mutex);
	}
	pthread_mutex_unlock(&this->mutex);
	return NULL;
}

static void schedule_job_ms(scheduler_t *public, job_t *job, uint32_t ms)
{
	private_scheduler_t *this = (private_scheduler_t *)public;
	timed_job_t entry = { .job = job };

	if (!job) {
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &entry.deadline);
	entry.deadline.tv_sec += ms / 1000;
	entry.deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (entry.deadline.tv_nsec >= 1000000000L) {
		entry.deadline.tv_sec++;
		entry.deadline.tv_nsec -= 1000000000L;
	}

	pthread_mutex_lock(&this->mutex);
	if (this->stop) {
		pthread_mutex_unlock(&this->mutex);
		job->destroy(job);
		return;
	}
	entry.seq = this->seq++;
	if (!heap_push(this, entry)) {
		pthread_mutex_unlock(&this->mutex);
		DBG1(DBG_JOB, "out of memory scheduling a job, dropped");
		job->destroy(job);
		return;
	}
	/* only a new earliest deadline shortens the timer thread's sleep */
	if (this->heap[0].job == job) {
		pthread_cond_signal(&this->changed);
	}
	pthread_mutex_unlock(&this->mutex);
}

static void schedule_job(scheduler_t *public, job_t *job, uint32_t s)
{
	/* beyond 49 days in ms: clamp, such timers are never meant literally */
	uint64_t ms = (uint64_t)s * 1000;

	schedule_job_ms(public, job, ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms);
}

static unsigned int get_job_load(scheduler_t *public)
{
	private_scheduler_t *this = (private_scheduler_t *)public;
	unsigned int count;

	pthread_mutex_lock(&this->mutex);
	count = this->count;
	pthread_mutex_unlock(&this->mutex);
	return count;
}

static void destroy(scheduler_t *public)
{
	private_scheduler_t *this = (private_scheduler_t *)public;

	pthread_mutex_lock(&this->mutex);
	this->stop = true;
	pthread_cond_signal(&this->changed);
	pthread_mutex_unlock(&this->mutex);
	pthread_join(this->thread, NULL);

	while (this->count > 0) {
		job_t *job = heap_pop(this);

		job->destroy(job);
	}
	free(this->heap);
	pthread_cond_destroy(&this->changed);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

scheduler_t *scheduler_create(processor_t *processor)
{
	private_scheduler_t *this = mem_zalloc(sizeof(*this));
	pthread_condattr_t attr;
	int err;

	this->public = (scheduler_t) {
		.schedule_job_ms = schedule_job_ms,
		.schedule_job = schedule_job,
		.get_job_load = get_job_load,
		.destroy = destroy,
	};
	this->processor = processor;
	pthread_mutex_init(&this->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&this->changed, &attr);
	pthread_condattr_destroy(&attr);

	err = pthread_create(&this->thread, NULL, timer_main, this);
	if (err) {
		DBG1(DBG_JOB, "creating the scheduler thread failed: %s",
		     strerror(err));
		pthread_cond_destroy(&this->changed);
		pthread_mutex_destroy(&this->mutex);
		free(this);
		return NULL;
	}
	return &this->public;
}
