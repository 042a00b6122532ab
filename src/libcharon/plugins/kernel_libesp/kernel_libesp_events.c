/*
 * Event ring and thread. The ring is small and fixed: acquires are
 * rate-limited before they are queued and expiries happen twice per SA at
 * most, so a full ring means charon is stuck, and dropping is the answer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>

#include <kernel/kernel_ipsec.h>

#include "kernel_libesp_events.h"

#define RING_SIZE 256
/* slots of the per-reqid acquire rate limiter; collisions only let an
 * extra acquire through */
#define RATE_SLOTS 64
#define TICK_MS 1000

typedef enum {
	EVENT_ACQUIRE,
	EVENT_EXPIRE,
} event_type_t;

typedef struct {
	event_type_t type;
	uint32_t reqid;
	esp_flow_t flow;
	esp_sa_t *sa;
	bool hard;
} event_t;

typedef struct {
	uint32_t reqid;
	uint64_t last;
} rate_t;

typedef struct private_kernel_libesp_events_t private_kernel_libesp_events_t;

struct private_kernel_libesp_events_t {
	kernel_libesp_events_t public;
	kernel_libesp_expire_cb_t expire_cb;
	kernel_libesp_tick_cb_t tick_cb;
	void *data;
	pthread_t thread;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool stop;
	event_t ring[RING_SIZE];
	unsigned int head;
	unsigned int count;
	uint64_t dropped;
	rate_t rates[RATE_SLOTS];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Append under the mutex; false if full */
static bool push(private_kernel_libesp_events_t *this, const event_t *event)
{
	if (this->count == RING_SIZE) {
		this->dropped++;
		return false;
	}
	this->ring[(this->head + this->count) % RING_SIZE] = *event;
	this->count++;
	pthread_cond_signal(&this->cond);
	return true;
}

static void acquire(kernel_libesp_events_t *public, uint32_t reqid,
		    const esp_flow_t *flow)
{
	private_kernel_libesp_events_t *this = (private_kernel_libesp_events_t *)public;
	rate_t *rate = &this->rates[reqid % RATE_SLOTS];
	uint64_t now = now_ms();
	event_t event = {
		.type = EVENT_ACQUIRE,
		.reqid = reqid,
		.flow = *flow,
	};

	pthread_mutex_lock(&this->mutex);
	if (rate->reqid != reqid || rate->last == 0 ||
	    now - rate->last >= KERNEL_LIBESP_ACQUIRE_INTERVAL) {
		if (push(this, &event)) {
			*rate = (rate_t){ .reqid = reqid, .last = now ?: 1 };
		}
	}
	pthread_mutex_unlock(&this->mutex);
}

static void expire(kernel_libesp_events_t *public, esp_sa_t *sa, bool hard)
{
	private_kernel_libesp_events_t *this = (private_kernel_libesp_events_t *)public;
	event_t event = {
		.type = EVENT_EXPIRE,
		.sa = sa->get_ref(sa),
		.hard = hard,
	};

	pthread_mutex_lock(&this->mutex);
	if (!push(this, &event)) {
		pthread_mutex_unlock(&this->mutex);
		DBG1(DBG_ESP, "event queue full, %s expire of SPI %.8x lost",
		     hard ? "hard" : "soft", sa->get_spi(sa));
		sa->destroy(sa);
		return;
	}
	pthread_mutex_unlock(&this->mutex);
}

void kernel_libesp_events_sa_expired(void *events, esp_sa_t *sa, bool hard)
{
	kernel_libesp_events_t *this = events;

	this->expire(this, sa, hard);
}

/* A host traffic selector for one end of a flow */
static traffic_selector_t *flow_ts(const esp_flow_t *flow, bool source)
{
	traffic_selector_t *ts;
	host_t *host;
	uint16_t port = source ? flow->sport : flow->dport;
	size_t len = flow->family == AF_INET ? 4 : 16;

	host = host_create_from_chunk(flow->family,
			chunk_create((uint8_t *)(source ? flow->src : flow->dst), len), 0);
	if (!host) {
		return NULL;
	}
	ts = traffic_selector_create_from_subnet(host, (uint8_t)(len * 8), flow->proto,
						 flow->has_ports ? port : 0,
						 flow->has_ports ? port : 65535);
	host->destroy(host);
	return ts;
}

static void deliver_acquire(event_t *event)
{
	traffic_selector_t *src, *dst;
	char sbuf[TS_STR_LEN], dbuf[TS_STR_LEN];

	src = flow_ts(&event->flow, true);
	dst = flow_ts(&event->flow, false);
	if (src && dst) {
		DBG2(DBG_KNL, "acquire for reqid %u: %s === %s", event->reqid,
		     traffic_selector_to_str(src, sbuf, sizeof(sbuf)),
		     traffic_selector_to_str(dst, dbuf, sizeof(dbuf)));
		kernel_interface_acquire(event->reqid, src, dst);
	}
	DESTROY_IF(src);
	DESTROY_IF(dst);
}

static void *run(void *arg)
{
	private_kernel_libesp_events_t *this = arg;
	uint64_t next_tick = now_ms() + TICK_MS, now;
	struct timespec deadline;
	event_t event;

	pthread_mutex_lock(&this->mutex);
	while (!this->stop) {
		if (this->count) {
			event = this->ring[this->head];
			this->head = (this->head + 1) % RING_SIZE;
			this->count--;
			pthread_mutex_unlock(&this->mutex);
			if (event.type == EVENT_ACQUIRE) {
				deliver_acquire(&event);
			} else {
				this->expire_cb(this->data, event.sa, event.hard);
				event.sa->destroy(event.sa);
			}
			pthread_mutex_lock(&this->mutex);
			continue;
		}
		now = now_ms();
		if (now >= next_tick) {
			pthread_mutex_unlock(&this->mutex);
			this->tick_cb(this->data);
			next_tick = now + TICK_MS;
			pthread_mutex_lock(&this->mutex);
			continue;
		}
		deadline = (struct timespec){
			.tv_sec = (time_t)(next_tick / 1000),
			.tv_nsec = (long)(next_tick % 1000) * 1000000,
		};
		pthread_cond_timedwait(&this->cond, &this->mutex, &deadline);
	}
	pthread_mutex_unlock(&this->mutex);
	return NULL;
}

static uint64_t get_dropped(kernel_libesp_events_t *public)
{
	private_kernel_libesp_events_t *this = (private_kernel_libesp_events_t *)public;
	uint64_t dropped;

	pthread_mutex_lock(&this->mutex);
	dropped = this->dropped;
	pthread_mutex_unlock(&this->mutex);
	return dropped;
}

static void destroy(kernel_libesp_events_t *public)
{
	private_kernel_libesp_events_t *this = (private_kernel_libesp_events_t *)public;

	pthread_mutex_lock(&this->mutex);
	this->stop = true;
	pthread_cond_signal(&this->cond);
	pthread_mutex_unlock(&this->mutex);
	pthread_join(this->thread, NULL);
	while (this->count) {
		if (this->ring[this->head].type == EVENT_EXPIRE) {
			this->ring[this->head].sa->destroy(this->ring[this->head].sa);
		}
		this->head = (this->head + 1) % RING_SIZE;
		this->count--;
	}
	pthread_cond_destroy(&this->cond);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

kernel_libesp_events_t *kernel_libesp_events_create(kernel_libesp_expire_cb_t expire_cb,
						    kernel_libesp_tick_cb_t tick,
						    void *data)
{
	private_kernel_libesp_events_t *this;
	pthread_condattr_t attr;
	sigset_t all, old;
	int err;

	this = mem_zalloc(sizeof(*this));
	*this = (private_kernel_libesp_events_t){
		.public = {
			.acquire = acquire,
			.expire = expire,
			.get_dropped = get_dropped,
			.destroy = destroy,
		},
		.expire_cb = expire_cb,
		.tick_cb = tick,
		.data = data,
	};
	pthread_mutex_init(&this->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&this->cond, &attr);
	pthread_condattr_destroy(&attr);
	/* the daemon's main thread handles signals, not this one */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&this->thread, NULL, run, this);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		DBG1(DBG_KNL, "starting the kernel-libesp event thread failed: %s",
		     strerror(err));
		pthread_cond_destroy(&this->cond);
		pthread_mutex_destroy(&this->mutex);
		free(this);
		return NULL;
	}
	return &this->public;
}
