/*
 * The packet path; see kernel_libesp_io.h for the design. Each worker
 * owns `batch` slots laid out as
 *
 *     | headroom (ESP_MAX_HEADER_LEN) | packet (mtu) | tailroom |
 *
 * so encap() works in place behind the header of any SA.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "kernel_libesp_io.h"
#include "esp_udp.h"

enum {
	CTR_TUN_IN,
	CTR_NO_POLICY,
	CTR_ACQUIRES,
	CTR_DROPPED,
	CTR_ENCAP_FAILED,
	CTR_ESP_OUT,
	CTR_ESP_IN,
	CTR_NO_SA,
	CTR_DECAP_FAILED,
	CTR_POLICY_MISMATCH,
	CTR_INVALID,
	CTR_TUN_OUT,
	CTR_MAX,
};

typedef struct private_kernel_libesp_io_t private_kernel_libesp_io_t;

typedef struct {
	private_kernel_libesp_io_t *io;
	unsigned int index;
	pthread_t thread;
	bool running;
	int tun_fd;
	uint8_t *bufs;
	struct mmsghdr *msgs;
	struct iovec *iovs;
	struct sockaddr_storage *addrs;
	/* socket each prepared message goes out on */
	int *fds;
} worker_t;

struct private_kernel_libesp_io_t {
	kernel_libesp_io_t public;
	kernel_libesp_io_cfg_t cfg;
	size_t slot_size;
	/* NAT-T sockets of AF_INET and AF_INET6, -1 if the socket has none */
	int fd4;
	int fd6;
	int stop_fd;
	/* inner packets are written to the first queue */
	int tun_fd;
	worker_t *workers;
	/* shared by workers and the socket's receiver, hence atomic */
	atomic_uint_fast64_t counters[CTR_MAX];
};

static void count(private_kernel_libesp_io_t *this, int ctr)
{
	atomic_fetch_add_explicit(&this->counters[ctr], 1, memory_order_relaxed);
}

static uint8_t *slot(worker_t *w, unsigned int i)
{
	return w->bufs + (size_t)i * w->io->slot_size;
}

/* Outbound: encapsulate the packet read into slot i as message n */
static bool prepare_out(worker_t *w, unsigned int i, size_t len, unsigned int n)
{
	private_kernel_libesp_io_t *this = w->io;
	uint8_t *inner = slot(w, i) + ESP_MAX_HEADER_LEN;
	esp_flow_t flow;
	uint32_t reqid;
	esp_sa_t *sa;
	chunk_t esp;
	status_t status;
	size_t hdr;
	int fd;

	if (!esp_flow_parse(inner, len, &flow)) {
		count(this, CTR_INVALID);
		return false;
	}
	sa = this->cfg.out->lookup_flow(this->cfg.out, &flow, &reqid);
	if (!sa) {
		if (reqid == KERNEL_LIBESP_REQID_DROP) {
			count(this, CTR_DROPPED);
		} else if (reqid) {
			count(this, CTR_ACQUIRES);
			if (this->cfg.acquire) {
				this->cfg.acquire(this->cfg.data, reqid, &flow);
			}
		} else {
			count(this, CTR_NO_POLICY);
		}
		return false;
	}
	hdr = sa->get_header_len(sa);
	status = sa->encap(sa, chunk_create(inner, len),
			   chunk_create(inner - hdr,
					this->slot_size - ESP_MAX_HEADER_LEN + hdr),
			   &esp);
	sa->get_peer(sa, &w->addrs[n]);
	sa->destroy(sa);
	fd = w->addrs[n].ss_family == AF_INET ? this->fd4 :
	     w->addrs[n].ss_family == AF_INET6 ? this->fd6 : -1;
	if (status != SUCCESS || fd < 0) {
		count(this, CTR_ENCAP_FAILED);
		return false;
	}
	w->fds[n] = fd;
	w->iovs[n] = (struct iovec){ .iov_base = esp.ptr, .iov_len = esp.len };
	w->msgs[n].msg_hdr = (struct msghdr){
		.msg_name = &w->addrs[n],
		.msg_namelen = w->addrs[n].ss_family == AF_INET ?
				sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6),
		.msg_iov = &w->iovs[n],
		.msg_iovlen = 1,
	};
	return true;
}

/* Send messages [from, to) on one socket, skipping any the kernel refuses */
static void send_run(worker_t *w, int fd, unsigned int from, unsigned int to)
{
	int sent;

	while (from < to) {
		sent = sendmmsg(fd, w->msgs + from, to - from, 0);
		if (sent < 0) {
			if (errno == EINTR) {
				continue;
			}
			/* the first message failed: drop it, go on with the rest */
			count(w->io, CTR_ENCAP_FAILED);
			from++;
			continue;
		}
		atomic_fetch_add_explicit(&w->io->counters[CTR_ESP_OUT],
					  (unsigned int)sent, memory_order_relaxed);
		from += (unsigned int)sent;
	}
}

static void outbound(worker_t *w)
{
	private_kernel_libesp_io_t *this = w->io;
	unsigned int i, n = 0, start;
	ssize_t len;

	for (i = 0; i < this->cfg.batch; i++) {
		len = read(w->tun_fd, slot(w, i) + ESP_MAX_HEADER_LEN, this->cfg.mtu);
		if (len <= 0) {
			break;
		}
		count(this, CTR_TUN_IN);
		if (prepare_out(w, i, (size_t)len, n)) {
			n++;
		}
	}
	/* one sendmmsg() per run of messages of the same family */
	for (start = 0, i = 1; i <= n; i++) {
		if (i == n || w->fds[i] != w->fds[start]) {
			send_run(w, w->fds[start], start, i);
			start = i;
		}
	}
}

static void *work(void *arg)
{
	worker_t *w = arg;
	struct pollfd pfd[2] = {
		{ .fd = w->tun_fd, .events = POLLIN },
		{ .fd = w->io->stop_fd, .events = POLLIN },
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
		if (pfd[1].revents) {
			break;
		}
		if (pfd[0].revents & POLLIN) {
			outbound(w);
		}
		if (pfd[0].revents & (POLLNVAL | POLLERR | POLLHUP)) {
			DBG1(DBG_ESP, "ESP worker %u: TUN queue failed", w->index);
			break;
		}
	}
	return NULL;
}

/* Inbound, in the socket's receiver thread: see the header */
static void handle_esp(void *ctx, host_t *src, host_t *dst, chunk_t data)
{
	private_kernel_libesp_io_t *this = ctx;
	esp_flow_t flow;
	esp_sa_t *sa;
	uint32_t reqid, matched;
	chunk_t inner;
	status_t status;
	uint8_t nh;

	count(this, CTR_ESP_IN);
	if (esp_udp_classify(data.ptr, data.len) != ESP_UDP_ESP) {
		count(this, CTR_INVALID);
		return;
	}
	sa = this->cfg.sad->get(this->cfg.sad, esp_udp_spi(data.ptr));
	if (!sa) {
		count(this, CTR_NO_SA);
		return;
	}
	status = sa->decap(sa, data, chunk_empty, &inner, &nh);
	reqid = sa->get_reqid(sa);
	sa->destroy(sa);
	if (status == NOT_FOUND) {
		/* an authentic dummy packet (RFC 4303 §2.6), dropped by design */
		return;
	}
	if (status != SUCCESS) {
		count(this, CTR_DECAP_FAILED);
		return;
	}
	if (!esp_flow_parse(inner.ptr, inner.len, &flow)) {
		count(this, CTR_INVALID);
		return;
	}
	sa = this->cfg.in->lookup_flow(this->cfg.in, &flow, &matched);
	DESTROY_IF(sa);
	if (matched != reqid) {
		count(this, CTR_POLICY_MISMATCH);
		return;
	}
	if (write(this->tun_fd, inner.ptr, inner.len) == (ssize_t)inner.len) {
		count(this, CTR_TUN_OUT);
	} else {
		count(this, CTR_DECAP_FAILED);
	}
}

static void stop(kernel_libesp_io_t *public)
{
	private_kernel_libesp_io_t *this = (private_kernel_libesp_io_t *)public;
	uint64_t one = 1, value;
	unsigned int i;

	this->cfg.socket->set_esp_handler(this->cfg.socket, NULL, NULL);
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

static bool start(kernel_libesp_io_t *public)
{
	private_kernel_libesp_io_t *this = (private_kernel_libesp_io_t *)public;
	sigset_t all, old;
	unsigned int i;
	int err = 0;

	this->fd4 = this->cfg.socket->get_esp_fd(this->cfg.socket, AF_INET);
	this->fd6 = this->cfg.socket->get_esp_fd(this->cfg.socket, AF_INET6);
	if (this->fd4 < 0 && this->fd6 < 0) {
		DBG1(DBG_ESP, "the IKE socket has no NAT-T port to send ESP from");
		return false;
	}
	/* the daemon's main thread handles signals, not the workers */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < this->cfg.threads && !err; i++) {
		if (this->workers[i].running) {
			continue;
		}
		err = pthread_create(&this->workers[i].thread, NULL, work,
				     &this->workers[i]);
		this->workers[i].running = !err;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		DBG1(DBG_ESP, "starting ESP worker failed: %s", strerror(err));
		stop(public);
		return false;
	}
	this->cfg.socket->set_esp_handler(this->cfg.socket, handle_esp, this);
	DBG2(DBG_ESP, "ESP data path running with %u worker(s)", this->cfg.threads);
	return true;
}

static void get_stats(kernel_libesp_io_t *public, kernel_libesp_io_stats_t *stats)
{
	private_kernel_libesp_io_t *this = (private_kernel_libesp_io_t *)public;
	uint64_t c[CTR_MAX];
	int i;

	for (i = 0; i < CTR_MAX; i++) {
		c[i] = atomic_load_explicit(&this->counters[i], memory_order_relaxed);
	}
	*stats = (kernel_libesp_io_stats_t){
		.tun_in = c[CTR_TUN_IN],
		.no_policy = c[CTR_NO_POLICY],
		.acquires = c[CTR_ACQUIRES],
		.dropped = c[CTR_DROPPED],
		.encap_failed = c[CTR_ENCAP_FAILED],
		.esp_out = c[CTR_ESP_OUT],
		.esp_in = c[CTR_ESP_IN],
		.no_sa = c[CTR_NO_SA],
		.decap_failed = c[CTR_DECAP_FAILED],
		.policy_mismatch = c[CTR_POLICY_MISMATCH],
		.invalid = c[CTR_INVALID],
		.tun_out = c[CTR_TUN_OUT],
	};
}

static void destroy(kernel_libesp_io_t *public)
{
	private_kernel_libesp_io_t *this = (private_kernel_libesp_io_t *)public;
	unsigned int i;

	stop(public);
	for (i = 0; i < this->cfg.threads; i++) {
		/* slots held cleartext */
		memwipe(this->workers[i].bufs, this->cfg.batch * this->slot_size);
		free(this->workers[i].bufs);
		free(this->workers[i].msgs);
		free(this->workers[i].iovs);
		free(this->workers[i].addrs);
		free(this->workers[i].fds);
	}
	free(this->workers);
	close(this->stop_fd);
	free(this);
}

kernel_libesp_io_t *kernel_libesp_io_create(const kernel_libesp_io_cfg_t *cfg)
{
	private_kernel_libesp_io_t *this;
	unsigned int i, batch, queues;
	worker_t *w;
	int stop_fd;

	if (!cfg->sad || !cfg->out || !cfg->in || !cfg->tun || !cfg->socket) {
		DBG1(DBG_ESP, "ESP data path needs a SAD, SPDs, a TUN device and "
		     "the IKE socket");
		return NULL;
	}
	stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (stop_fd < 0) {
		DBG1(DBG_ESP, "creating eventfd failed: %s", strerror(errno));
		return NULL;
	}
	queues = cfg->tun->get_queues(cfg->tun);
	this = mem_zalloc(sizeof(*this));
	*this = (private_kernel_libesp_io_t){
		.public = {
			.start = start,
			.stop = stop,
			.get_stats = get_stats,
			.destroy = destroy,
		},
		.cfg = *cfg,
		.fd4 = -1,
		.fd6 = -1,
		.stop_fd = stop_fd,
		.tun_fd = cfg->tun->get_fd(cfg->tun, 0),
	};
	this->cfg.threads = cfg->threads ?: queues;
	this->cfg.batch = batch = cfg->batch ?: KERNEL_LIBESP_BATCH;
	this->cfg.mtu = cfg->mtu ?: 1500;
	/* room for the largest header, padding and ICV, cache-line rounded */
	this->slot_size = (ESP_MAX_HEADER_LEN + this->cfg.mtu + ESP_MAX_TRAILER_LEN +
			   63) / 64 * 64;
	this->workers = mem_zalloc(this->cfg.threads * sizeof(worker_t));
	for (i = 0; i < this->cfg.threads; i++) {
		w = &this->workers[i];
		w->io = this;
		w->index = i;
		w->tun_fd = cfg->tun->get_fd(cfg->tun, i % queues);
		w->bufs = mem_zalloc(batch * this->slot_size);
		w->msgs = mem_zalloc(batch * sizeof(struct mmsghdr));
		w->iovs = mem_zalloc(batch * sizeof(struct iovec));
		w->addrs = mem_zalloc(batch * sizeof(struct sockaddr_storage));
		w->fds = mem_zalloc(batch * sizeof(int));
	}
	return &this->public;
}
