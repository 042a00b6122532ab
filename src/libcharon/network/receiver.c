/*
 * The receive loop, header sanity checks and COOKIE-based DoS protection.
 *
 * The receiver and its job share one refcounted state: the processor may
 * destroy the job before or after the daemon destroys the receiver.
 */
#include <pthread.h>
#include <time.h>

#include "network/receiver.h"
#include "network/cookie.h"
#include "network/socket.h"
#include "processing/process_message_job.h"
#include "processing/processor.h"
#include "settings/settings.h"
#include "encoding/nonce_payload.h"
#include "daemon.h"

/* how long one cookie secret is used */
#define COOKIE_LIFETIME 120

typedef struct private_receiver_t {
	receiver_t public;
	pthread_mutex_t mutex;
	pthread_cond_t left;
	int refs;
	bool terminate;
	/* the job is inside execute() */
	bool running;
	cookie_jar_t *cookies;
	unsigned int cookie_threshold;
	unsigned int cookie_threshold_ip;
	unsigned int block_threshold;
} private_receiver_t;

typedef struct receiver_job_t {
	job_t public;
	private_receiver_t *receiver;
} receiver_job_t;

typedef enum admission_t {
	ADMIT,
	COOKIE_ANSWERED,
	DROP,
} admission_t;

static void unref(private_receiver_t *this)
{
	bool last;

	pthread_mutex_lock(&this->mutex);
	last = --this->refs == 0;
	pthread_mutex_unlock(&this->mutex);
	if (last) {
		DESTROY_IF(this->cookies);
		pthread_cond_destroy(&this->left);
		pthread_mutex_destroy(&this->mutex);
		free(this);
	}
}

/* answer @p request with N(COOKIE) from the address it was sent to */
static void send_cookie(packet_t *request, message_t *msg, chunk_t cookie)
{
	host_t *src = request->get_source(request), *dst = request->get_destination(request);
	socket_t *skt = socket_get();
	message_t *response;
	packet_t *packet;
	chunk_t data;

	response = message_create();
	response->set_exchange_type(response, IKE_SA_INIT);
	response->set_request(response, false);
	response->set_initiator(response, false);
	response->set_spi_i(response, msg->get_spi_i(msg));
	response->set_spi_r(response, 0);
	response->set_message_id(response, msg->get_message_id(msg));
	if (!skt || !response->add_notify(response, COOKIE, cookie) ||
	    response->generate(response, NULL, &data) != SUCCESS) {
		response->destroy(response);
		return;
	}
	response->destroy(response);
	packet = packet_create_from_data(dst->clone(dst), src->clone(src), data);
	if (skt->send(skt, packet) == SUCCESS) {
		net_counter_inc(NET_CNT_COOKIE_SENT);
		net_counter_inc(NET_CNT_SENT);
	} else {
		net_counter_inc(NET_CNT_SEND_FAILED);
	}
	packet->destroy(packet);
}

/*
 * Verify the COOKIE of an IKE_SA_INIT request or answer with a new one.
 * The body is parsed from a copy: the IKE_SA parses the original later.
 */
static admission_t check_cookie(private_receiver_t *this, packet_t *packet,
				message_t *msg)
{
	host_t *src = packet->get_source(packet);
	char buf[HOST_STR_LEN];
	notify_payload_t *notify;
	nonce_payload_t *nonce;
	admission_t result = DROP;
	message_t *copy;
	chunk_t cookie;

	if (!this->cookies) {
		return ADMIT;
	}
	copy = message_create_from_packet(packet->get_data(packet));
	if (copy->parse_header(copy) != SUCCESS ||
	    copy->parse_body(copy, NULL) != SUCCESS) {
		net_drop(NET_CNT_MALFORMED, __func__, "invalid IKE_SA_INIT from %s",
			 host_to_str_port(src, buf, sizeof(buf)));
		copy->destroy(copy);
		return DROP;
	}
	nonce = (nonce_payload_t *)copy->get_payload(copy, PL_NONCE);
	notify = copy->get_notify(copy, COOKIE);
	if (nonce && notify &&
	    this->cookies->verify(this->cookies, notify->get_data(notify),
				  nonce->get_nonce(nonce), src, msg->get_spi_i(msg))) {
		result = ADMIT;
	} else if (nonce) {
		if (notify) {
			net_drop(NET_CNT_COOKIE_INVALID, __func__,
				 "invalid or stale COOKIE from %s, sending a new one",
				 host_to_str_port(src, buf, sizeof(buf)));
		}
		if (this->cookies->create(this->cookies, nonce->get_nonce(nonce), src,
					  msg->get_spi_i(msg), &cookie)) {
			DBG2(DBG_NET, "asking %s for a COOKIE",
			     host_to_str_port(src, buf, sizeof(buf)));
			send_cookie(packet, msg, cookie);
			chunk_free(&cookie);
			result = COOKIE_ANSWERED;
		}
	}
	copy->destroy(copy);
	return result;
}

static admission_t admit_init(private_receiver_t *this, packet_t *packet,
			      message_t *msg)
{
	ike_sa_manager_t *manager = charon ? charon->ike_sa_manager : NULL;
	host_t *src = packet->get_source(packet);
	unsigned int all, from_ip;
	admission_t result;
	char buf[HOST_STR_LEN];

	if (!manager) {
		return ADMIT;
	}
	all = manager->get_half_open_count(manager, NULL);
	from_ip = manager->get_half_open_count(manager, src);
	if ((this->cookie_threshold && all >= this->cookie_threshold) ||
	    (this->cookie_threshold_ip && from_ip >= this->cookie_threshold_ip)) {
		result = check_cookie(this, packet, msg);
		if (result != ADMIT) {
			return result;
		}
	}
	/* checked after the cookie, so a spoofed flood cannot block a peer */
	if (this->block_threshold && from_ip >= this->block_threshold) {
		net_drop(NET_CNT_BLOCKED, __func__,
			 "%u half-open IKE_SAs from %s, IKE_SA_INIT dropped", from_ip,
			 host_to_str(src, buf, sizeof(buf)));
		return DROP;
	}
	return ADMIT;
}

static void handle_packet(private_receiver_t *this, packet_t *packet)
{
	host_t *src = packet->get_source(packet), *dst = packet->get_destination(packet);
	char buf[HOST_STR_LEN];
	message_t *msg;
	status_t status;
	bool init_request;

	msg = message_create_from_packet(packet->get_data(packet));
	status = msg->parse_header(msg);
	if (status != SUCCESS) {
		if (status == NOT_SUPPORTED) {
			net_drop(NET_CNT_BAD_VERSION, __func__, "IKE version %u.%u from %s",
				 msg->get_major_version(msg), msg->get_minor_version(msg),
				 host_to_str_port(src, buf, sizeof(buf)));
		} else {
			net_drop(NET_CNT_MALFORMED, __func__, "invalid IKE header from %s",
				 host_to_str_port(src, buf, sizeof(buf)));
		}
		msg->destroy(msg);
		return;
	}
	init_request = msg->get_exchange_type(msg) == IKE_SA_INIT &&
		       msg->get_request(msg);
	if (msg->get_spi_i(msg) == 0 || (init_request && msg->get_spi_r(msg) != 0)) {
		net_drop(NET_CNT_INVALID, __func__, "bad SPIs in %s from %s",
			 exchange_type_name(msg->get_exchange_type(msg)) ?: "message",
			 host_to_str_port(src, buf, sizeof(buf)));
		msg->destroy(msg);
		return;
	}
	if (init_request && admit_init(this, packet, msg) != ADMIT) {
		msg->destroy(msg);
		return;
	}
	lib->processor->queue_job(lib->processor,
			process_message_job_create(msg, src->clone(src), dst->clone(dst)));
}

static job_requeue_t execute(job_t *public)
{
	private_receiver_t *this = ((receiver_job_t *)public)->receiver;
	job_requeue_t requeue = JOB_REQUEUE_DIRECT;
	socket_t *skt = socket_get();
	packet_t *packet;
	status_t status;

	pthread_mutex_lock(&this->mutex);
	if (this->terminate || !skt) {
		pthread_mutex_unlock(&this->mutex);
		return JOB_REQUEUE_NONE;
	}
	this->running = true;
	pthread_mutex_unlock(&this->mutex);

	status = skt->receive(skt, &packet);
	if (status == SUCCESS) {
		handle_packet(this, packet);
		packet->destroy(packet);
	} else if (status == NOT_SUPPORTED) {
		requeue = JOB_REQUEUE_NONE;
	} else {
		/* a failing poll() must not spin a thread */
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}

	pthread_mutex_lock(&this->mutex);
	this->running = false;
	if (this->terminate) {
		requeue = JOB_REQUEUE_NONE;
	}
	pthread_cond_broadcast(&this->left);
	pthread_mutex_unlock(&this->mutex);
	return requeue;
}

static job_priority_t get_priority(job_t *public)
{
	return JOB_PRIO_CRITICAL;
}

static void stop(private_receiver_t *this)
{
	socket_t *skt = socket_get();

	pthread_mutex_lock(&this->mutex);
	this->terminate = true;
	pthread_mutex_unlock(&this->mutex);
	if (skt) {
		skt->shutdown(skt);
	}
}

/* called by the processor from another thread: must not block */
static void cancel(job_t *public)
{
	stop(((receiver_job_t *)public)->receiver);
}

static void job_destroy(job_t *public)
{
	receiver_job_t *job = (receiver_job_t *)public;

	unref(job->receiver);
	free(job);
}

static uint64_t get_counter(receiver_t *public, net_counter_t counter)
{
	return net_counter_get(counter);
}

static void destroy(receiver_t *public)
{
	private_receiver_t *this = (private_receiver_t *)public;

	stop(this);
	pthread_mutex_lock(&this->mutex);
	while (this->running) {
		pthread_cond_wait(&this->left, &this->mutex);
	}
	/* the jar holds plugin objects: free it now, before plugins unload,
	 * not whenever the processor gets around to destroying the job */
	DESTROY_IF(this->cookies);
	this->cookies = NULL;
	pthread_mutex_unlock(&this->mutex);
	unref(this);
}

static unsigned int threshold(const char *key, int def)
{
	int value = lib->settings->get_int(lib->settings, "%s.%s", def, lib->ns, key);

	return value < 0 ? 0 : (unsigned int)value;
}

receiver_t *receiver_create(void)
{
	private_receiver_t *this;
	receiver_job_t *job;

	if (!socket_get()) {
		DBG1(DBG_NET, "no socket to receive from, is a socket plugin loaded?");
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	this->public = (receiver_t){
		.get_counter = get_counter,
		.destroy = destroy,
	};
	pthread_mutex_init(&this->mutex, NULL);
	pthread_cond_init(&this->left, NULL);
	this->refs = 2;
	this->cookie_threshold = threshold("cookie_threshold", 10);
	this->cookie_threshold_ip = threshold("cookie_threshold_ip", 3);
	this->block_threshold = threshold("block_threshold", 5);
	if (this->cookie_threshold || this->cookie_threshold_ip) {
		this->cookies = cookie_jar_create(COOKIE_LIFETIME);
		if (!this->cookies) {
			DBG1(DBG_NET, "IKE_SA_INIT COOKIEs disabled");
		}
	}
	job = mem_zalloc(sizeof(*job));
	job->public = (job_t){
		.execute = execute,
		.get_priority = get_priority,
		.cancel = cancel,
		.destroy = job_destroy,
	};
	job->receiver = this;
	lib->processor->queue_job(lib->processor, &job->public);
	return &this->public;
}
