/*
 * The thread pool. One FIFO queue per priority; a worker always takes the
 * oldest job of the most urgent non-empty queue.
 *
 * Thread count changes are cooperative: set_threads() only adjusts the target
 * and wakes the workers; a worker that finds more threads than wanted leaves,
 * moving itself to the finished list, and whoever next holds the pool
 * (set_threads or destroy) joins it. That way a job may itself shrink the
 * pool without joining its own thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#include "processing/processor.h"

typedef struct job_entry_t job_entry_t;

struct job_entry_t {
	job_t *job;
	job_entry_t *next;
};

typedef struct job_queue_t {
	job_entry_t *head;
	job_entry_t *tail;
	unsigned int count;
} job_queue_t;

typedef struct private_processor_t private_processor_t;

typedef struct worker_t worker_t;

struct worker_t {
	pthread_t thread;
	private_processor_t *processor;
	/* the job this worker executes, so destroy() can cancel it */
	job_t *current;
	worker_t *next;
};

struct private_processor_t {
	processor_t public;
	pthread_mutex_t mutex;
	/* a job was queued, or the target thread count changed */
	pthread_cond_t job_added;
	/* a worker left */
	pthread_cond_t thread_done;
	/* the last running job finished with nothing queued */
	pthread_cond_t idle;
	job_queue_t queues[JOB_PRIO_MAX];
	worker_t *workers;
	worker_t *finished;
	unsigned int total;
	unsigned int desired;
	unsigned int working;
	/* read unlocked while a job loops with JOB_REQUEUE_DIRECT */
	atomic_bool stopping;
};

static job_priority_t priority_of(job_t *job)
{
	job_priority_t prio = job->get_priority ? job->get_priority(job)
						: JOB_PRIO_MEDIUM;

	if ((int)prio < 0 || prio >= JOB_PRIO_MAX) {
		return JOB_PRIO_MEDIUM;
	}
	return prio;
}

/* with the mutex held */
static void enqueue(private_processor_t *this, job_t *job)
{
	job_queue_t *queue = &this->queues[priority_of(job)];
	job_entry_t *entry = mem_zalloc(sizeof(*entry));

	entry->job = job;
	if (queue->tail) {
		queue->tail->next = entry;
	} else {
		queue->head = entry;
	}
	queue->tail = entry;
	queue->count++;
	pthread_cond_signal(&this->job_added);
}

/* with the mutex held; NULL if nothing is queued */
static job_t *dequeue(private_processor_t *this)
{
	job_entry_t *entry;
	job_t *job;
	int prio;

	for (prio = 0; prio < JOB_PRIO_MAX; prio++) {
		job_queue_t *queue = &this->queues[prio];

		entry = queue->head;
		if (entry) {
			queue->head = entry->next;
			if (!queue->head) {
				queue->tail = NULL;
			}
			queue->count--;
			job = entry->job;
			free(entry);
			return job;
		}
	}
	return NULL;
}

static unsigned int queued(private_processor_t *this)
{
	unsigned int count = 0;
	int prio;

	for (prio = 0; prio < JOB_PRIO_MAX; prio++) {
		count += this->queues[prio].count;
	}
	return count;
}

/* with the mutex held */
static void signal_if_idle(private_processor_t *this)
{
	if (this->working == 0 && (queued(this) == 0 || this->total == 0)) {
		pthread_cond_broadcast(&this->idle);
	}
}

/* execute until the job stops asking to run again at once */
static job_requeue_t run(private_processor_t *this, job_t *job)
{
	job_requeue_t requeue;

	do {
		requeue = job->execute(job);
	} while (requeue == JOB_REQUEUE_DIRECT && !atomic_load(&this->stopping));
	return requeue;
}

/* daemon control signals belong to the main thread, never to a worker */
static void block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void unlink_worker(private_processor_t *this, worker_t *worker)
{
	worker_t **pos;

	for (pos = &this->workers; *pos; pos = &(*pos)->next) {
		if (*pos == worker) {
			*pos = worker->next;
			break;
		}
	}
}

static void *worker_main(void *arg)
{
	worker_t *worker = arg;
	private_processor_t *this = worker->processor;
	job_requeue_t requeue;
	job_t *job;

	block_signals();
	DBG2(DBG_JOB, "worker thread started");

	pthread_mutex_lock(&this->mutex);
	while (this->total <= this->desired) {
		job = dequeue(this);
		if (!job) {
			pthread_cond_wait(&this->job_added, &this->mutex);
			continue;
		}
		worker->current = job;
		this->working++;
		pthread_mutex_unlock(&this->mutex);

		requeue = run(this, job);

		pthread_mutex_lock(&this->mutex);
		worker->current = NULL;
		if (requeue != JOB_REQUEUE_NONE && !atomic_load(&this->stopping)) {
			enqueue(this, job);
		} else {
			/* outside the lock: a job's cleanup may queue new jobs */
			pthread_mutex_unlock(&this->mutex);
			job->destroy(job);
			pthread_mutex_lock(&this->mutex);
		}
		this->working--;
		signal_if_idle(this);
	}
	this->total--;
	unlink_worker(this, worker);
	worker->next = this->finished;
	this->finished = worker;
	pthread_cond_broadcast(&this->thread_done);
	signal_if_idle(this);
	pthread_mutex_unlock(&this->mutex);

	DBG2(DBG_JOB, "worker thread stopped");
	return NULL;
}

/* with the mutex held: detach the finished workers for joining unlocked */
static worker_t *take_finished(private_processor_t *this)
{
	worker_t *finished = this->finished;

	this->finished = NULL;
	return finished;
}

static void join_workers(worker_t *worker)
{
	worker_t *next;

	for (; worker; worker = next) {
		next = worker->next;
		pthread_join(worker->thread, NULL);
		free(worker);
	}
}

static void queue_job(processor_t *public, job_t *job)
{
	private_processor_t *this = (private_processor_t *)public;

	if (!job) {
		return;
	}
	pthread_mutex_lock(&this->mutex);
	if (atomic_load(&this->stopping)) {
		pthread_mutex_unlock(&this->mutex);
		job->destroy(job);
		return;
	}
	enqueue(this, job);
	pthread_mutex_unlock(&this->mutex);
}

static void execute_job(processor_t *public, job_t *job)
{
	if (!job) {
		return;
	}
	if (run((private_processor_t *)public, job) == JOB_REQUEUE_NONE) {
		job->destroy(job);
	} else {
		queue_job(public, job);
	}
}

static void set_threads(processor_t *public, unsigned int count)
{
	private_processor_t *this = (private_processor_t *)public;
	worker_t *finished, *worker;
	int err;

	pthread_mutex_lock(&this->mutex);
	if (atomic_load(&this->stopping)) {
		pthread_mutex_unlock(&this->mutex);
		return;
	}
	this->desired = count;
	while (this->total < this->desired) {
		worker = mem_zalloc(sizeof(*worker));
		worker->processor = this;
		err = pthread_create(&worker->thread, NULL, worker_main, worker);
		if (err) {
			DBG1(DBG_JOB, "creating worker thread failed: %s (%u running)",
			     strerror(err), this->total);
			free(worker);
			this->desired = this->total;
			break;
		}
		worker->next = this->workers;
		this->workers = worker;
		this->total++;
	}
	/* surplus workers notice the new target and leave */
	pthread_cond_broadcast(&this->job_added);
	finished = take_finished(this);
	pthread_mutex_unlock(&this->mutex);

	join_workers(finished);
}

static unsigned int get_total_threads(processor_t *public)
{
	private_processor_t *this = (private_processor_t *)public;
	unsigned int total;

	pthread_mutex_lock(&this->mutex);
	total = this->total;
	pthread_mutex_unlock(&this->mutex);
	return total;
}

static unsigned int get_idle_threads(processor_t *public)
{
	private_processor_t *this = (private_processor_t *)public;
	unsigned int idle;

	pthread_mutex_lock(&this->mutex);
	idle = this->total - this->working;
	pthread_mutex_unlock(&this->mutex);
	return idle;
}

static unsigned int get_job_load(processor_t *public, job_priority_t prio)
{
	private_processor_t *this = (private_processor_t *)public;
	unsigned int load;

	if ((int)prio < 0 || prio >= JOB_PRIO_MAX) {
		return 0;
	}
	pthread_mutex_lock(&this->mutex);
	load = this->queues[prio].count;
	pthread_mutex_unlock(&this->mutex);
	return load;
}

static void wait_idle(processor_t *public)
{
	private_processor_t *this = (private_processor_t *)public;

	pthread_mutex_lock(&this->mutex);
	/* without threads queued jobs never run: do not wait for them */
	while (this->working > 0 || (queued(this) > 0 && this->total > 0)) {
		pthread_cond_wait(&this->idle, &this->mutex);
	}
	pthread_mutex_unlock(&this->mutex);
}

static void destroy(processor_t *public)
{
	private_processor_t *this = (private_processor_t *)public;
	worker_t *worker;
	job_t *job;

	pthread_mutex_lock(&this->mutex);
	atomic_store(&this->stopping, true);
	this->desired = 0;
	pthread_cond_broadcast(&this->job_added);
	for (worker = this->workers; worker; worker = worker->next) {
		if (worker->current && worker->current->cancel) {
			worker->current->cancel(worker->current);
		}
	}
	while (this->total > 0) {
		pthread_cond_wait(&this->thread_done, &this->mutex);
	}
	pthread_mutex_unlock(&this->mutex);
	join_workers(take_finished(this));

	while ((job = dequeue(this))) {
		job->destroy(job);
	}
	pthread_cond_destroy(&this->job_added);
	pthread_cond_destroy(&this->thread_done);
	pthread_cond_destroy(&this->idle);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

processor_t *processor_create(void)
{
	private_processor_t *this = mem_zalloc(sizeof(*this));

	this->public = (processor_t) {
		.queue_job = queue_job,
		.execute_job = execute_job,
		.set_threads = set_threads,
		.get_total_threads = get_total_threads,
		.get_idle_threads = get_idle_threads,
		.get_job_load = get_job_load,
		.wait_idle = wait_idle,
		.destroy = destroy,
	};
	pthread_mutex_init(&this->mutex, NULL);
	pthread_cond_init(&this->job_added, NULL);
	pthread_cond_init(&this->thread_done, NULL);
	pthread_cond_init(&this->idle, NULL);
	atomic_init(&this->stopping, false);
	return &this->public;
}
