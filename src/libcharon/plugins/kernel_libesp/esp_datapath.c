/*
 * Data path workers; see esp_datapath.h for the design. Each worker owns
 * `batch` packet slots laid out as
 *
 *     | headroom (ESP_MAX_HEADER_LEN) | packet (mtu) | tailroom |
 *
 * Outbound packets are read behind the headroom so the ESP header of any
 * SA fits in front of them; inbound datagrams land at the slot's start
 * and are decrypted in place behind their own header.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/eventfd.h>

#include "esp_datapath.h"
#include "esp_udp.h"

enum {
	CTR_TUN_IN,
	CTR_NO_POLICY,
	CTR_ACQUIRES,
	CTR_ENCAP_FAILED,
	CTR_ESP_OUT,
	CTR_UDP_IN,
	CTR_IKE_IN,
	CTR_KEEPALIVES,
	CTR_INVALID,
	CTR_NO_SA,
	CTR_DECAP_FAILED,
	CTR_TUN_OUT,
	CTR_MAX,
};

typedef struct private_esp_datapath_t private_esp_datapath_t;

typedef struct {
	private_esp_datapath_t *dp;
	unsigned int index;
	pthread_t thread;
	bool running;
	int tun_fd;
	uint8_t *bufs;
	struct mmsghdr *msgs;
	struct iovec *iovs;
	struct sockaddr_storage *addrs;
	/* written by this worker only; atomics so get_stats() may read them */
	atomic_uint_fast64_t counters[CTR_MAX];
} worker_t;

struct private_esp_datapath_t {
	esp_datapath_t public;
	esp_datapath_cfg_t cfg;
	/** Family of the UDP socket, to address peers (v4-mapped on AF_INET6). */
	int udp_family;
	size_t slot_size;
	int stop_fd;
	worker_t *workers;
};

static void count(worker_t *w, int ctr)
{
	atomic_fetch_add_explicit(&w->counters[ctr], 1, memory_order_relaxed);
}

static uint8_t *slot(worker_t *w, unsigned int i)
{
	return w->bufs + (size_t)i * w->dp->slot_size;
}

/* Address a peer through our socket's family */
static bool peer_name(private_esp_datapath_t *this, struct sockaddr_storage *addr,
		      socklen_t *len)
{
	struct sockaddr_in v4;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;

	if (addr->ss_family == this->udp_family) {
		*len = addr->ss_family == AF_INET ? sizeof(struct sockaddr_in)
						  : sizeof(struct sockaddr_in6);
		return true;
	}
	if (this->udp_family != AF_INET6 || addr->ss_family != AF_INET) {
		return false;
	}
	memcpy(&v4, addr, sizeof(v4));
	*v6 = (struct sockaddr_in6){
		.sin6_family = AF_INET6,
		.sin6_port = v4.sin_port,
	};
	v6->sin6_addr.s6_addr[10] = 0xff;
	v6->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&v6->sin6_addr.s6_addr[12], &v4.sin_addr, 4);
	*len = sizeof(struct sockaddr_in6);
	return true;
}

/* Encapsulate one packet read into slot i; false if it is dropped */
static bool prepare_out(worker_t *w, unsigned int i, size_t len, unsigned int n)
{
	private_esp_datapath_t *this = w->dp;
	uint8_t *inner = slot(w, i) + ESP_MAX_HEADER_LEN;
	size_t hdr;
	esp_flow_t flow;
	uint32_t reqid;
	esp_sa_t *sa;
	chunk_t esp;
	status_t status;
	socklen_t namelen = 0;

	if (!esp_flow_parse(inner, len, &flow)) {
		count(w, CTR_INVALID);
		return false;
	}
	sa = this->cfg.spd->lookup_flow(this->cfg.spd, &flow, &reqid);
	if (!sa) {
		if (reqid) {
			count(w, CTR_ACQUIRES);
			if (this->cfg.acquire) {
				this->cfg.acquire(this->cfg.data, reqid, &flow);
			}
		} else {
			count(w, CTR_NO_POLICY);
		}
		return false;
	}
	hdr = sa->get_header_len(sa);
	status = sa->encap(sa, chunk_create(inner, len),
			   chunk_create(inner - hdr, this->slot_size - ESP_MAX_HEADER_LEN + hdr),
			   &esp);
	sa->get_peer(sa, &w->addrs[n]);
	sa->destroy(sa);
	if (status != SUCCESS || !peer_name(this, &w->addrs[n], &namelen)) {
		count(w, CTR_ENCAP_FAILED);
		return false;
	}
	w->iovs[n] = (struct iovec){ .iov_base = esp.ptr, .iov_len = esp.len };
	w->msgs[n].msg_hdr = (struct msghdr){
		.msg_name = &w->addrs[n],
		.msg_namelen = namelen,
		.msg_iov = &w->iovs[n],
		.msg_iovlen = 1,
	};
	return true;
}

/* Send n prepared messages, skipping any the kernel refuses */
static void send_batch(worker_t *w, unsigned int n)
{
	unsigned int done = 0;
	int sent;

	while (done < n) {
		sent = sendmmsg(w->dp->cfg.udp_fd, w->msgs + done, n - done, 0);
		if (sent < 0) {
			if (errno == EINTR) {
				continue;
			}
			/* the first message failed: drop it, go on with the rest */
			count(w, CTR_ENCAP_FAILED);
			done++;
			continue;
		}
		atomic_fetch_add_explicit(&w->counters[CTR_ESP_OUT], (unsigned int)sent,
					  memory_order_relaxed);
		done += (unsigned int)sent;
	}
}

static void outbound(worker_t *w)
{
	private_esp_datapath_t *this = w->dp;
	unsigned int i, n = 0;
	ssize_t len;

	for (i = 0; i < this->cfg.batch; i++) {
		len = read(w->tun_fd, slot(w, i) + ESP_MAX_HEADER_LEN, this->cfg.mtu);
		if (len <= 0) {
			break;
		}
		count(w, CTR_TUN_IN);
		if (prepare_out(w, i, (size_t)len, n)) {
			n++;
		}
	}
	if (n) {
		send_batch(w, n);
	}
}

static void handle_esp(worker_t *w, uint8_t *pkt, size_t len)
{
	private_esp_datapath_t *this = w->dp;
	chunk_t inner;
	uint8_t nh;
	status_t status;
	esp_sa_t *sa;

	sa = this->cfg.sad->get(this->cfg.sad, esp_udp_spi(pkt));
	if (!sa) {
		count(w, CTR_NO_SA);
		return;
	}
	status = sa->decap(sa, chunk_create(pkt, len), chunk_empty, &inner, &nh);
	sa->destroy(sa);
	if (status == NOT_FOUND) {
		/* an authentic dummy packet, dropped by design */
		return;
	}
	if (status != SUCCESS) {
		count(w, CTR_DECAP_FAILED);
		return;
	}
	if (write(w->tun_fd, inner.ptr, inner.len) == (ssize_t)inner.len) {
		count(w, CTR_TUN_OUT);
	} else {
		count(w, CTR_DECAP_FAILED);
	}
}

static void inbound(worker_t *w)
{
	private_esp_datapath_t *this = w->dp;
	struct mmsghdr *msg;
	chunk_t payload;
	unsigned int i;
	int n;

	for (i = 0; i < this->cfg.batch; i++) {
		w->iovs[i] = (struct iovec){
			.iov_base = slot(w, i),
			.iov_len = this->slot_size,
		};
		w->msgs[i].msg_hdr = (struct msghdr){
			.msg_name = &w->addrs[i],
			.msg_namelen = sizeof(w->addrs[i]),
			.msg_iov = &w->iovs[i],
			.msg_iovlen = 1,
		};
	}
	n = recvmmsg(this->cfg.udp_fd, w->msgs, this->cfg.batch, MSG_DONTWAIT, NULL);
	for (i = 0; n > 0 && i < (unsigned int)n; i++) {
		msg = &w->msgs[i];
		payload = chunk_create(slot(w, i), msg->msg_len);
		count(w, CTR_UDP_IN);
		if (msg->msg_hdr.msg_flags & MSG_TRUNC) {
			count(w, CTR_INVALID);
			continue;
		}
		switch (esp_udp_classify(payload.ptr, payload.len)) {
		case ESP_UDP_ESP:
			handle_esp(w, payload.ptr, payload.len);
			break;
		case ESP_UDP_IKE:
			count(w, CTR_IKE_IN);
			if (this->cfg.ike) {
				this->cfg.ike(this->cfg.data, &w->addrs[i],
					      esp_udp_ike_message(payload));
			}
			break;
		case ESP_UDP_KEEPALIVE_PKT:
			count(w, CTR_KEEPALIVES);
			break;
		default:
			count(w, CTR_INVALID);
			break;
		}
	}
}

static void *work(void *arg)
{
	worker_t *w = arg;
	struct pollfd pfd[3] = {
		{ .fd = w->tun_fd, .events = POLLIN },
		{ .fd = w->dp->cfg.udp_fd, .events = POLLIN },
		{ .fd = w->dp->stop_fd, .events = POLLIN },
	};

	esp_thread_set_slot(w->index);
	for (;;) {
		if (poll(pfd, countof(pfd), -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			DBG1(DBG_ESP, "ESP worker %u: poll failed: %s", w->index,
			     strerror(errno));
			break;
		}
		if (pfd[2].revents) {
			break;
		}
		if (pfd[0].revents & POLLIN) {
			outbound(w);
		}
		if (pfd[1].revents & (POLLIN | POLLERR)) {
			inbound(w);
		}
		if ((pfd[0].revents | pfd[1].revents) & POLLNVAL) {
			DBG1(DBG_ESP, "ESP worker %u: descriptor closed", w->index);
			break;
		}
	}
	return NULL;
}

static void stop(esp_datapath_t *public)
{
	private_esp_datapath_t *this = (private_esp_datapath_t *)public;
	uint64_t one = 1, value;
	unsigned int i;

	if (write(this->stop_fd, &one, sizeof(one)) != sizeof(one)) {
		DBG1(DBG_ESP, "signalling ESP workers failed: %s", strerror(errno));
	}
	for (i = 0; i < this->cfg.threads; i++) {
		if (this->workers[i].running) {
			pthread_join(this->workers[i].thread, NULL);
			this->workers[i].running = false;
		}
	}
	/* reset the eventfd so a later start() does not stop at once */
	while (read(this->stop_fd, &value, sizeof(value)) > 0) {
	}
}

static bool start(esp_datapath_t *public)
{
	private_esp_datapath_t *this = (private_esp_datapath_t *)public;
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	unsigned int i;
	int err;

	if (getsockname(this->cfg.udp_fd, (struct sockaddr *)&local, &len) < 0 ||
	    (local.ss_family != AF_INET && local.ss_family != AF_INET6)) {
		DBG1(DBG_ESP, "ESP data path needs a bound UDP socket");
		return false;
	}
	this->udp_family = local.ss_family;
	for (i = 0; i < this->cfg.threads; i++) {
		if (this->workers[i].running) {
			continue;
		}
		err = pthread_create(&this->workers[i].thread, NULL, work,
				     &this->workers[i]);
		if (err) {
			DBG1(DBG_ESP, "starting ESP worker %u failed: %s", i, strerror(err));
			stop(public);
			return false;
		}
		this->workers[i].running = true;
	}
	DBG2(DBG_ESP, "ESP data path running with %u worker(s)", this->cfg.threads);
	return true;
}

static void get_stats(esp_datapath_t *public, esp_datapath_stats_t *stats)
{
	private_esp_datapath_t *this = (private_esp_datapath_t *)public;
	uint64_t sum[CTR_MAX] = {};
	unsigned int i, c;

	for (i = 0; i < this->cfg.threads; i++) {
		for (c = 0; c < CTR_MAX; c++) {
			sum[c] += atomic_load_explicit(&this->workers[i].counters[c],
						       memory_order_relaxed);
		}
	}
	*stats = (esp_datapath_stats_t){
		.tun_in = sum[CTR_TUN_IN],
		.no_policy = sum[CTR_NO_POLICY],
		.acquires = sum[CTR_ACQUIRES],
		.encap_failed = sum[CTR_ENCAP_FAILED],
		.esp_out = sum[CTR_ESP_OUT],
		.udp_in = sum[CTR_UDP_IN],
		.ike_in = sum[CTR_IKE_IN],
		.keepalives = sum[CTR_KEEPALIVES],
		.invalid = sum[CTR_INVALID],
		.no_sa = sum[CTR_NO_SA],
		.decap_failed = sum[CTR_DECAP_FAILED],
		.tun_out = sum[CTR_TUN_OUT],
	};
}

static void destroy(esp_datapath_t *public)
{
	private_esp_datapath_t *this = (private_esp_datapath_t *)public;
	unsigned int i;

	stop(public);
	for (i = 0; i < this->cfg.threads; i++) {
		/* inbound slots held decrypted traffic */
		memwipe(this->workers[i].bufs, this->cfg.batch * this->slot_size);
		free(this->workers[i].bufs);
		free(this->workers[i].msgs);
		free(this->workers[i].iovs);
		free(this->workers[i].addrs);
	}
	free(this->workers);
	close(this->stop_fd);
	free(this);
}

esp_datapath_t *esp_datapath_create(const esp_datapath_cfg_t *cfg)
{
	private_esp_datapath_t *this;
	unsigned int i, batch;
	worker_t *w;
	int stop_fd;

	if (!cfg->sad || !cfg->spd || !cfg->tun || cfg->udp_fd < 0) {
		DBG1(DBG_ESP, "ESP data path needs a SAD, an SPD, a TUN device and "
		     "a socket");
		return NULL;
	}
	stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (stop_fd < 0) {
		DBG1(DBG_ESP, "creating eventfd failed: %s", strerror(errno));
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_esp_datapath_t){
		.public = {
			.start = start,
			.stop = stop,
			.get_stats = get_stats,
			.destroy = destroy,
		},
		.cfg = *cfg,
		.stop_fd = stop_fd,
	};
	this->cfg.threads = cfg->threads ?: 1;
	this->cfg.batch = batch = cfg->batch ?: ESP_DATAPATH_BATCH;
	this->cfg.mtu = cfg->mtu ?: 1500;
	/* room for the largest header, padding and ICV, cache-line rounded */
	this->slot_size = (ESP_MAX_HEADER_LEN + this->cfg.mtu + ESP_MAX_TRAILER_LEN +
			   63) / 64 * 64;
	this->workers = mem_zalloc(this->cfg.threads * sizeof(worker_t));
	for (i = 0; i < this->cfg.threads; i++) {
		w = &this->workers[i];
		w->dp = this;
		w->index = i;
		w->tun_fd = cfg->tun->get_fd(cfg->tun, i % cfg->tun->get_queues(cfg->tun));
		w->bufs = mem_zalloc(batch * this->slot_size);
		w->msgs = mem_zalloc(batch * sizeof(struct mmsghdr));
		w->iovs = mem_zalloc(batch * sizeof(struct iovec));
		w->addrs = mem_zalloc(batch * sizeof(struct sockaddr_storage));
	}
	return &this->public;
}
