/*
 * Tests of jobs, the thread pool and the scheduler.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "processing/job.h"
#include "processing/processor.h"
#include "processing/scheduler.h"

/* a job's record of what happened to it */
typedef struct {
	char name;
	int runs;
	/* return FAIR or DIRECT this many times before NONE */
	int requeues;
	job_requeue_t how;
	atomic_int *executed;
	atomic_int *cleaned;
	/* where to note the execution order */
	char *trace;
	pthread_mutex_t *trace_lock;
	pthread_t thread;
	bool same_thread;
	struct timespec ran_at;
} probe_t;

static pthread_mutex_t trace_mutex = PTHREAD_MUTEX_INITIALIZER;

static job_requeue_t probe_run(void *data)
{
	probe_t *probe = data;
	pthread_t self = pthread_self();

	if (probe->runs == 0) {
		probe->thread = self;
		probe->same_thread = true;
	} else if (!pthread_equal(self, probe->thread)) {
		probe->same_thread = false;
	}
	probe->runs++;
	clock_gettime(CLOCK_MONOTONIC, &probe->ran_at);
	if (probe->executed) {
		atomic_fetch_add(probe->executed, 1);
	}
	if (probe->trace) {
		size_t len;

		pthread_mutex_lock(&trace_mutex);
		len = strlen(probe->trace);
		probe->trace[len] = probe->name;
		probe->trace[len + 1] = '\0';
		pthread_mutex_unlock(&trace_mutex);
	}
	if (probe->runs <= probe->requeues) {
		return probe->how;
	}
	return JOB_REQUEUE_NONE;
}

static void probe_cleanup(void *data)
{
	probe_t *probe = data;

	if (probe->cleaned) {
		atomic_fetch_add(probe->cleaned, 1);
	}
}

static job_t *probe_job(probe_t *probe, job_priority_t prio)
{
	return callback_job_create(probe_run, probe, probe_cleanup, prio);
}

static long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
	/* in ns first: truncating a negative ns part would round up */
	return ((to->tv_sec - from->tv_sec) * 1000000000L +
		(to->tv_nsec - from->tv_nsec)) / 1000000L;
}

/* wait up to a second for a condition a worker thread brings about */
#define WAIT_FOR(cond) do { \
	int _i; \
	for (_i = 0; _i < 1000 && !(cond); _i++) { \
		usleep(1000); \
	} \
} while (0)

START_TEST(test_callback_job)
{
	atomic_int executed = 0, cleaned = 0;
	probe_t probe = { .executed = &executed, .cleaned = &cleaned };
	processor_t *processor = processor_create();
	job_t *job = probe_job(&probe, JOB_PRIO_HIGH);

	ck_assert_ptr_nonnull(job);
	ck_assert_int_eq(job->get_priority(job), JOB_PRIO_HIGH);
	ck_assert_ptr_null(job->cancel);
	processor->execute_job(processor, job);
	ck_assert_int_eq(executed, 1);
	ck_assert_int_eq(cleaned, 1);
	ck_assert(pthread_equal(probe.thread, pthread_self()));
	processor->destroy(processor);
}
END_TEST

START_TEST(test_callback_job_invalid)
{
	atomic_int cleaned = 0;
	probe_t probe = { .cleaned = &cleaned };
	job_t *job;

	/* no function: nothing to run, but the data is still released */
	ck_assert_ptr_null(callback_job_create(NULL, &probe, probe_cleanup,
					       JOB_PRIO_LOW));
	ck_assert_int_eq(cleaned, 1);

	/* an invalid priority falls back to MEDIUM */
	job = callback_job_create(probe_run, &probe, NULL, (job_priority_t)42);
	ck_assert_int_eq(job->get_priority(job), JOB_PRIO_MEDIUM);
	job->destroy(job);
}
END_TEST

START_TEST(test_many_jobs)
{
	enum { JOBS = 2000 };
	static probe_t probes[JOBS];
	atomic_int executed = 0, cleaned = 0;
	processor_t *processor = processor_create();
	int i;

	processor->set_threads(processor, 4);
	ck_assert_uint_eq(processor->get_total_threads(processor), 4);
	for (i = 0; i < JOBS; i++) {
		probes[i] = (probe_t) { .executed = &executed, .cleaned = &cleaned };
		processor->queue_job(processor, probe_job(&probes[i], i % JOB_PRIO_MAX));
	}
	processor->wait_idle(processor);
	ck_assert_int_eq(executed, JOBS);
	ck_assert_int_eq(cleaned, JOBS);
	for (i = 0; i < JOBS; i++) {
		ck_assert_int_eq(probes[i].runs, 1);
	}
	for (i = 0; i < JOB_PRIO_MAX; i++) {
		ck_assert_uint_eq(processor->get_job_load(processor, i), 0);
	}
	ck_assert_uint_eq(processor->get_idle_threads(processor), 4);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_priorities)
{
	static const struct {
		char name;
		job_priority_t prio;
	} order[] = {
		{ 'l', JOB_PRIO_LOW }, { 'm', JOB_PRIO_MEDIUM }, { 'L', JOB_PRIO_LOW },
		{ 'h', JOB_PRIO_HIGH }, { 'c', JOB_PRIO_CRITICAL }, { 'M', JOB_PRIO_MEDIUM },
		{ 'H', JOB_PRIO_HIGH }, { 'C', JOB_PRIO_CRITICAL },
	};
	probe_t probes[countof(order)];
	char trace[32] = "";
	processor_t *processor = processor_create();
	size_t i;

	/* queue everything before any thread runs, then let one thread drain */
	for (i = 0; i < countof(order); i++) {
		probes[i] = (probe_t) { .name = order[i].name, .trace = trace };
		processor->queue_job(processor, probe_job(&probes[i], order[i].prio));
	}
	ck_assert_uint_eq(processor->get_job_load(processor, JOB_PRIO_CRITICAL), 2);
	ck_assert_uint_eq(processor->get_job_load(processor, JOB_PRIO_LOW), 2);
	ck_assert_uint_eq(processor->get_job_load(processor, JOB_PRIO_MAX), 0);
	/* without threads, waiting would never end: it must return */
	processor->wait_idle(processor);
	ck_assert_str_eq(trace, "");

	processor->set_threads(processor, 1);
	processor->wait_idle(processor);
	ck_assert_str_eq(trace, "cChHmMlL");
	processor->destroy(processor);
}
END_TEST

START_TEST(test_requeue_fair)
{
	probe_t a = { .name = 'a', .requeues = 2, .how = JOB_REQUEUE_FAIR };
	probe_t b = { .name = 'b' }, c = { .name = 'c' };
	char trace[16] = "";
	processor_t *processor = processor_create();

	a.trace = b.trace = c.trace = trace;
	processor->queue_job(processor, probe_job(&a, JOB_PRIO_MEDIUM));
	processor->queue_job(processor, probe_job(&b, JOB_PRIO_MEDIUM));
	processor->queue_job(processor, probe_job(&c, JOB_PRIO_MEDIUM));
	processor->set_threads(processor, 1);
	processor->wait_idle(processor);
	/* a goes to the tail each time it asks to run again */
	ck_assert_str_eq(trace, "abcaa");
	ck_assert_int_eq(a.runs, 3);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_requeue_direct)
{
	probe_t a = { .name = 'a', .requeues = 3, .how = JOB_REQUEUE_DIRECT };
	probe_t b = { .name = 'b' };
	char trace[16] = "";
	processor_t *processor = processor_create();

	a.trace = b.trace = trace;
	processor->queue_job(processor, probe_job(&a, JOB_PRIO_MEDIUM));
	processor->queue_job(processor, probe_job(&b, JOB_PRIO_MEDIUM));
	processor->set_threads(processor, 2);
	processor->wait_idle(processor);
	ck_assert_int_eq(a.runs, 4);
	ck_assert(a.same_thread);
	ck_assert(!pthread_equal(a.thread, pthread_self()));
	processor->destroy(processor);

	/* in the caller's thread too */
	a = (probe_t) { .name = 'a', .requeues = 2, .how = JOB_REQUEUE_DIRECT };
	processor = processor_create();
	processor->execute_job(processor, probe_job(&a, JOB_PRIO_MEDIUM));
	ck_assert_int_eq(a.runs, 3);
	ck_assert(pthread_equal(a.thread, pthread_self()));
	processor->destroy(processor);
}
END_TEST

START_TEST(test_execute_job_requeue_fair)
{
	probe_t a = { .name = 'a', .requeues = 1, .how = JOB_REQUEUE_FAIR };
	processor_t *processor = processor_create();

	/* the first run happens here, the second in a worker */
	processor->execute_job(processor, probe_job(&a, JOB_PRIO_HIGH));
	ck_assert_int_eq(a.runs, 1);
	ck_assert_uint_eq(processor->get_job_load(processor, JOB_PRIO_HIGH), 1);
	processor->set_threads(processor, 1);
	processor->wait_idle(processor);
	ck_assert_int_eq(a.runs, 2);
	processor->destroy(processor);
}
END_TEST

/* a job blocking until released, to observe busy threads */
typedef struct {
	job_t public;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool release;
	bool cancelled;
	atomic_int *started;
	atomic_int *destroyed;
} blocking_job_t;

static job_requeue_t blocking_execute(job_t *public)
{
	blocking_job_t *this = (blocking_job_t *)public;

	atomic_fetch_add(this->started, 1);
	pthread_mutex_lock(&this->mutex);
	while (!this->release) {
		pthread_cond_wait(&this->cond, &this->mutex);
	}
	pthread_mutex_unlock(&this->mutex);
	/* a cancelled job asking to run again must not run again */
	return this->cancelled ? JOB_REQUEUE_DIRECT : JOB_REQUEUE_NONE;
}

static job_priority_t blocking_get_priority(job_t *public)
{
	return JOB_PRIO_HIGH;
}

static void blocking_release(blocking_job_t *this, bool cancelled)
{
	pthread_mutex_lock(&this->mutex);
	this->release = true;
	this->cancelled = cancelled;
	pthread_cond_broadcast(&this->cond);
	pthread_mutex_unlock(&this->mutex);
}

static void blocking_cancel(job_t *public)
{
	blocking_release((blocking_job_t *)public, true);
}

static void blocking_destroy(job_t *public)
{
	blocking_job_t *this = (blocking_job_t *)public;

	atomic_fetch_add(this->destroyed, 1);
	pthread_cond_destroy(&this->cond);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

static blocking_job_t *blocking_job(atomic_int *started, atomic_int *destroyed,
				    bool cancelable)
{
	blocking_job_t *this = mem_zalloc(sizeof(*this));

	this->public = (job_t) {
		.execute = blocking_execute,
		.get_priority = blocking_get_priority,
		.destroy = blocking_destroy,
		.cancel = cancelable ? blocking_cancel : NULL,
	};
	this->started = started;
	this->destroyed = destroyed;
	pthread_mutex_init(&this->mutex, NULL);
	pthread_cond_init(&this->cond, NULL);
	return this;
}

START_TEST(test_idle_threads)
{
	atomic_int started = 0, destroyed = 0;
	processor_t *processor = processor_create();
	blocking_job_t *jobs[2];
	int i;

	processor->set_threads(processor, 4);
	for (i = 0; i < 2; i++) {
		jobs[i] = blocking_job(&started, &destroyed, false);
		processor->queue_job(processor, &jobs[i]->public);
	}
	WAIT_FOR(started == 2);
	ck_assert_int_eq(started, 2);
	ck_assert_uint_eq(processor->get_idle_threads(processor), 2);
	for (i = 0; i < 2; i++) {
		blocking_release(jobs[i], false);
	}
	processor->wait_idle(processor);
	ck_assert_int_eq(destroyed, 2);
	ck_assert_uint_eq(processor->get_idle_threads(processor), 4);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_set_threads)
{
	atomic_int executed = 0;
	probe_t probe = { .executed = &executed };
	processor_t *processor = processor_create();

	processor->set_threads(processor, 6);
	ck_assert_uint_eq(processor->get_total_threads(processor), 6);
	processor->set_threads(processor, 2);
	WAIT_FOR(processor->get_total_threads(processor) == 2);
	ck_assert_uint_eq(processor->get_total_threads(processor), 2);
	processor->set_threads(processor, 3);
	ck_assert_uint_eq(processor->get_total_threads(processor), 3);

	processor->queue_job(processor, probe_job(&probe, JOB_PRIO_LOW));
	processor->wait_idle(processor);
	ck_assert_int_eq(executed, 1);

	processor->set_threads(processor, 0);
	WAIT_FOR(processor->get_total_threads(processor) == 0);
	ck_assert_uint_eq(processor->get_total_threads(processor), 0);
	/* queued while there are no threads: waits, then runs once they return */
	processor->queue_job(processor, probe_job(&probe, JOB_PRIO_LOW));
	ck_assert_uint_eq(processor->get_job_load(processor, JOB_PRIO_LOW), 1);
	processor->set_threads(processor, 1);
	processor->wait_idle(processor);
	ck_assert_int_eq(executed, 2);
	processor->destroy(processor);
}
END_TEST

static job_requeue_t shrink_pool(void *data)
{
	processor_t *processor = data;

	processor->set_threads(processor, 0);
	return JOB_REQUEUE_NONE;
}

START_TEST(test_job_shrinks_pool)
{
	processor_t *processor = processor_create();

	processor->set_threads(processor, 3);
	processor->queue_job(processor, callback_job_create(shrink_pool, processor,
							    NULL, JOB_PRIO_HIGH));
	WAIT_FOR(processor->get_total_threads(processor) == 0);
	ck_assert_uint_eq(processor->get_total_threads(processor), 0);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_destroy_pending)
{
	atomic_int executed = 0, cleaned = 0;
	probe_t probes[20];
	processor_t *processor = processor_create();
	int i;

	for (i = 0; i < 20; i++) {
		probes[i] = (probe_t) { .executed = &executed, .cleaned = &cleaned };
		processor->queue_job(processor, probe_job(&probes[i], i % JOB_PRIO_MAX));
	}
	processor->destroy(processor);
	ck_assert_int_eq(executed, 0);
	ck_assert_int_eq(cleaned, 20);
}
END_TEST

START_TEST(test_destroy_running)
{
	atomic_int started = 0, destroyed = 0, executed = 0, cleaned = 0;
	probe_t probes[10];
	processor_t *processor = processor_create();
	int i;

	processor->set_threads(processor, 2);
	processor->queue_job(processor,
			     &blocking_job(&started, &destroyed, true)->public);
	processor->queue_job(processor,
			     &blocking_job(&started, &destroyed, true)->public);
	WAIT_FOR(started == 2);
	ck_assert_int_eq(started, 2);
	/* both threads are busy: these stay queued and are destroyed */
	for (i = 0; i < 10; i++) {
		probes[i] = (probe_t) { .executed = &executed, .cleaned = &cleaned };
		processor->queue_job(processor, probe_job(&probes[i], JOB_PRIO_LOW));
	}
	processor->destroy(processor);
	ck_assert_int_eq(destroyed, 2);
	ck_assert_int_eq(executed, 0);
	ck_assert_int_eq(cleaned, 10);
}
END_TEST

START_TEST(test_scheduler_order)
{
	atomic_int executed = 0;
	probe_t late = { .name = 'b', .executed = &executed };
	probe_t early = { .name = 'a', .executed = &executed };
	char trace[8] = "";
	struct timespec start;
	processor_t *processor = processor_create();
	scheduler_t *scheduler = scheduler_create(processor);

	ck_assert_ptr_nonnull(scheduler);
	processor->set_threads(processor, 2);
	late.trace = early.trace = trace;
	clock_gettime(CLOCK_MONOTONIC, &start);
	scheduler->schedule_job_ms(scheduler, probe_job(&late, JOB_PRIO_MEDIUM), 50);
	scheduler->schedule_job_ms(scheduler, probe_job(&early, JOB_PRIO_MEDIUM), 20);
	ck_assert_uint_eq(scheduler->get_job_load(scheduler), 2);

	WAIT_FOR(executed == 2);
	processor->wait_idle(processor);
	ck_assert_str_eq(trace, "ab");
	ck_assert_int_ge(elapsed_ms(&start, &early.ran_at), 20);
	ck_assert_int_ge(elapsed_ms(&start, &late.ran_at), 50);
	/* generous bound: loaded CI machines */
	ck_assert_int_lt(elapsed_ms(&start, &late.ran_at), 1000);
	ck_assert_uint_eq(scheduler->get_job_load(scheduler), 0);

	scheduler->destroy(scheduler);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_scheduler_many)
{
	enum { JOBS = 200 };
	static probe_t probes[JOBS];
	static struct timespec scheduled[JOBS];
	static uint32_t delay[JOBS];
	atomic_int executed = 0;
	processor_t *processor = processor_create();
	scheduler_t *scheduler = scheduler_create(processor);
	int i;

	processor->set_threads(processor, 4);
	for (i = 0; i < JOBS; i++) {
		/* a spread of delays, scheduled out of order */
		delay[i] = (uint32_t)((i * 37) % 60);
		probes[i] = (probe_t) { .executed = &executed };
		clock_gettime(CLOCK_MONOTONIC, &scheduled[i]);
		scheduler->schedule_job_ms(scheduler, probe_job(&probes[i],
					   JOB_PRIO_MEDIUM), delay[i]);
	}
	WAIT_FOR(executed == JOBS);
	processor->wait_idle(processor);
	ck_assert_int_eq(executed, JOBS);
	for (i = 0; i < JOBS; i++) {
		/* never early */
		ck_assert_int_ge(elapsed_ms(&scheduled[i], &probes[i].ran_at),
				 (long)delay[i]);
	}
	scheduler->destroy(scheduler);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_scheduler_fifo_ties)
{
	atomic_int executed = 0;
	probe_t probes[6];
	char trace[8] = "";
	processor_t *processor = processor_create();
	scheduler_t *scheduler = scheduler_create(processor);
	int i;

	/* one worker runs them in the order the timer queued them */
	processor->set_threads(processor, 1);
	for (i = 0; i < 6; i++) {
		probes[i] = (probe_t) { .name = (char)('a' + i), .trace = trace,
					.executed = &executed };
		scheduler->schedule_job_ms(scheduler, probe_job(&probes[i],
					   JOB_PRIO_MEDIUM), 0);
	}
	WAIT_FOR(executed == 6);
	processor->wait_idle(processor);
	ck_assert_str_eq(trace, "abcdef");
	scheduler->destroy(scheduler);
	processor->destroy(processor);
}
END_TEST

START_TEST(test_scheduler_destroy_pending)
{
	atomic_int executed = 0, cleaned = 0;
	probe_t probes[5];
	processor_t *processor = processor_create();
	scheduler_t *scheduler = scheduler_create(processor);
	int i;

	processor->set_threads(processor, 1);
	for (i = 0; i < 5; i++) {
		probes[i] = (probe_t) { .executed = &executed, .cleaned = &cleaned };
		if (i % 2) {
			scheduler->schedule_job(scheduler, probe_job(&probes[i],
						JOB_PRIO_LOW), 30 + i);
		} else {
			scheduler->schedule_job_ms(scheduler, probe_job(&probes[i],
						   JOB_PRIO_LOW), 60000);
		}
	}
	ck_assert_uint_eq(scheduler->get_job_load(scheduler), 5);
	scheduler->destroy(scheduler);
	ck_assert_int_eq(executed, 0);
	ck_assert_int_eq(cleaned, 5);
	processor->destroy(processor);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("processing");
	TCase *tc;

	tc = tcase_create("job");
	tcase_add_test(tc, test_callback_job);
	tcase_add_test(tc, test_callback_job_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("processor");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_many_jobs);
	tcase_add_test(tc, test_priorities);
	tcase_add_test(tc, test_requeue_fair);
	tcase_add_test(tc, test_requeue_direct);
	tcase_add_test(tc, test_execute_job_requeue_fair);
	tcase_add_test(tc, test_idle_threads);
	tcase_add_test(tc, test_set_threads);
	tcase_add_test(tc, test_job_shrinks_pool);
	tcase_add_test(tc, test_destroy_pending);
	tcase_add_test(tc, test_destroy_running);
	suite_add_tcase(s, tc);

	tc = tcase_create("scheduler");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_scheduler_order);
	tcase_add_test(tc, test_scheduler_many);
	tcase_add_test(tc, test_scheduler_fifo_ties);
	tcase_add_test(tc, test_scheduler_destroy_pending);
	suite_add_tcase(s, tc);
	return s;
}
