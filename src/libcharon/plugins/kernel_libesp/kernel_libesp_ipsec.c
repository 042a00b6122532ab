/*
 * SA bookkeeping and the glue between charon's kernel_ipsec_t and the
 * userland data path.
 *
 * Inbound SAs go into the SAD by SPI. Outbound SAs are bound to their
 * reqid in the outbound SPD; the most recently added one of a reqid is
 * the one used, so a rekeyed CHILD_SA switches over when charon installs
 * the new outbound SA, and deleting the old one changes nothing. After a
 * hard expiry an SA leaves the data path (its reqid's traffic then raises
 * acquires) but stays known until charon deletes it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <pthread.h>
#include <sys/random.h>

#include <collections/linked_list.h>
#include <settings/settings.h>

#include "kernel_libesp_ipsec.h"
#include "kernel_libesp_events.h"
#include "kernel_libesp_policies.h"
#include "kernel_libesp_routes.h"
#include "esp_replay.h"

#define DEFAULT_TUN_NAME "ipsec0"
#define DEFAULT_MTU 1400
#define DEFAULT_THREADS 2
#define MAX_THREADS 64
/* SPIs below are reserved (RFC 4303 §2.1) */
#define MIN_SPI 0x100
/* an SPI reserved by get_spi() but never used is released after this */
#define SPI_RESERVATION_TIME 300

typedef struct {
	esp_sa_t *sa;
	/** SPI in host order. */
	uint32_t spi;
	uint32_t reqid;
	bool inbound;
	host_t *src;
	host_t *dst;
	time_t installed;
	/** Time limits in seconds after installation, 0 for none. */
	uint64_t soft_time;
	uint64_t hard_time;
	bool soft_done;
	bool hard_done;
	/** In the SAD (inbound) or a candidate for its reqid (outbound). */
	bool active;
	/** Outbound: the SA its reqid's policies use. */
	bool bound;
} sa_entry_t;

typedef struct {
	uint32_t spi;
	time_t created;
} reservation_t;

/** An expiry to report once the lock is released. */
typedef struct {
	uint32_t spi;
	host_t *dst;
	bool hard;
} notice_t;

typedef struct private_kernel_libesp_ipsec_t private_kernel_libesp_ipsec_t;

struct private_kernel_libesp_ipsec_t {
	kernel_libesp_ipsec_t public;
	socket_t *socket;
	tun_device_t *tun;
	unsigned int threads;
	esp_sad_t *sad;
	esp_spd_t *out;
	esp_spd_t *in;
	kernel_libesp_routes_t *routes;
	kernel_libesp_policies_t *policies;
	kernel_libesp_events_t *events;
	kernel_libesp_io_t *io;
	pthread_mutex_t mutex;
	/** sa_entry_t, in installation order. */
	linked_list_t *sas;
	/** reservation_t of get_spi(). */
	linked_list_t *reserved;
};

static void entry_destroy(sa_entry_t *e)
{
	e->sa->destroy(e->sa);
	e->src->destroy(e->src);
	e->dst->destroy(e->dst);
	free(e);
}

static sa_entry_t *find_sa(private_kernel_libesp_ipsec_t *this, uint32_t spi,
			   host_t *dst)
{
	enumerator_t *enumerator;
	sa_entry_t *e, *found = NULL;

	enumerator = this->sas->create_enumerator(this->sas);
	while (enumerator->enumerate(enumerator, &e)) {
		if (e->spi == spi && e->dst->ip_equals(e->dst, dst)) {
			found = e;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/* Bind the newest active outbound SA of a reqid, or none */
static void rebind(private_kernel_libesp_ipsec_t *this, uint32_t reqid)
{
	enumerator_t *enumerator;
	sa_entry_t *e, *newest = NULL;

	enumerator = this->sas->create_enumerator(this->sas);
	while (enumerator->enumerate(enumerator, &e)) {
		if (!e->inbound && e->reqid == reqid) {
			e->bound = false;
			if (e->active) {
				newest = e;
			}
		}
	}
	enumerator->destroy(enumerator);
	if (newest) {
		newest->bound = true;
	}
	if (this->out->set_sa(this->out, reqid, newest ? newest->sa : NULL) != SUCCESS) {
		DBG1(DBG_KNL, "binding an SA to reqid %u failed", reqid);
	}
}

/* Take an SA out of the data path */
static void deactivate(private_kernel_libesp_ipsec_t *this, sa_entry_t *e)
{
	if (!e->active) {
		return;
	}
	e->active = false;
	if (e->inbound) {
		this->sad->remove(this->sad, e->spi);
	} else if (e->bound) {
		rebind(this, e->reqid);
	}
}

static bool spi_reserved(private_kernel_libesp_ipsec_t *this, uint32_t spi,
			 bool release)
{
	enumerator_t *enumerator;
	reservation_t *r;
	bool found = false;

	enumerator = this->reserved->create_enumerator(this->reserved);
	while (enumerator->enumerate(enumerator, &r)) {
		if (r->spi == spi) {
			if (release) {
				this->reserved->remove_at(this->reserved, enumerator);
				free(r);
			}
			found = true;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static bool spi_in_use(private_kernel_libesp_ipsec_t *this, uint32_t spi)
{
	enumerator_t *enumerator;
	sa_entry_t *e;
	bool found = false;

	enumerator = this->sas->create_enumerator(this->sas);
	while (enumerator->enumerate(enumerator, &e)) {
		if (e->inbound && e->spi == spi) {
			found = true;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found || spi_reserved(this, spi, false);
}

static void purge_reservations(private_kernel_libesp_ipsec_t *this, time_t now)
{
	enumerator_t *enumerator;
	reservation_t *r;

	enumerator = this->reserved->create_enumerator(this->reserved);
	while (enumerator->enumerate(enumerator, &r)) {
		if (now - r->created >= SPI_RESERVATION_TIME) {
			this->reserved->remove_at(this->reserved, enumerator);
			free(r);
		}
	}
	enumerator->destroy(enumerator);
}

static status_t get_spi(kernel_ipsec_t *public, host_t *src, host_t *dst,
			uint8_t proto, uint32_t *spi)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	reservation_t *r;
	uint32_t value;
	int tries;

	if (proto != IPSEC_PROTO_ESP) {
		DBG1(DBG_KNL, "kernel-libesp supports ESP only");
		return NOT_SUPPORTED;
	}
	pthread_mutex_lock(&this->mutex);
	purge_reservations(this, time_monotonic(NULL));
	for (tries = 0; tries < 64; tries++) {
		if (getrandom(&value, sizeof(value), 0) != sizeof(value)) {
			break;
		}
		if (value < MIN_SPI || spi_in_use(this, value)) {
			continue;
		}
		r = mem_zalloc(sizeof(*r));
		*r = (reservation_t){ .spi = value, .created = time_monotonic(NULL) };
		this->reserved->insert_last(this->reserved, r);
		pthread_mutex_unlock(&this->mutex);
		*spi = htonl(value);
		DBG2(DBG_KNL, "allocated SPI %.8x", value);
		return SUCCESS;
	}
	pthread_mutex_unlock(&this->mutex);
	DBG1(DBG_KNL, "allocating an SPI failed");
	return FAILED;
}

/* The peer's ESP-in-UDP endpoint: its NAT-T port, or the mapped one */
static void peer_endpoint(host_t *dst, struct sockaddr_storage *peer)
{
	uint16_t port = dst->get_port(dst);

	memcpy(peer, dst->get_sockaddr(dst), dst->get_sockaddr_len(dst));
	if (port == 0 || port == IKEV2_UDP_PORT) {
		port = IKEV2_NATT_PORT;
	}
	if (peer->ss_family == AF_INET) {
		((struct sockaddr_in *)peer)->sin_port = htons(port);
	} else {
		((struct sockaddr_in6 *)peer)->sin6_port = htons(port);
	}
}

static esp_sa_t *create_sa(private_kernel_libesp_ipsec_t *this,
			   kernel_ipsec_sa_id_t *id, kernel_ipsec_add_sa_t *data)
{
	esp_sa_cfg_t cfg = {
		.spi = ntohl(id->spi),
		.reqid = data->reqid,
		.inbound = data->inbound,
		.esn = data->esn,
		.encr = data->enc_alg,
		.encr_key = data->enc_key,
		.integ = data->int_alg,
		.integ_key = data->int_key,
		.replay_window = data->replay_window,
		.expire = kernel_libesp_events_sa_expired,
		.expire_data = this->events,
		/* inbound packets are decrypted by the socket's receiver */
		.slots = data->inbound ? 1 : this->threads,
	};

	if (cfg.replay_window > ESP_REPLAY_MAX_WINDOW) {
		cfg.replay_window = ESP_REPLAY_MAX_WINDOW;
	}
	if (data->lifetime) {
		cfg.soft = (esp_lifetime_t){
			.bytes = data->lifetime->bytes.rekey,
			.packets = data->lifetime->packets.rekey,
		};
		cfg.hard = (esp_lifetime_t){
			.bytes = data->lifetime->bytes.life,
			.packets = data->lifetime->packets.life,
		};
	}
	if (!data->inbound) {
		peer_endpoint(id->dst, &cfg.peer);
	}
	return esp_sa_create(&cfg);
}

static status_t add_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
		       kernel_ipsec_add_sa_t *data)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	uint32_t spi = ntohl(id->spi);
	sa_entry_t *e;
	esp_sa_t *sa;
	status_t status;

	if (id->proto != IPSEC_PROTO_ESP || data->mode != MODE_TUNNEL) {
		DBG1(DBG_KNL, "kernel-libesp supports ESP in tunnel mode only");
		return NOT_SUPPORTED;
	}
	if (spi < MIN_SPI || !id->src || !id->dst) {
		return INVALID_ARG;
	}
	if (!data->encap) {
		DBG2(DBG_KNL, "SA %.8x is UDP-encapsulated anyway", spi);
	}
	sa = create_sa(this, id, data);
	if (!sa) {
		DBG1(DBG_KNL, "creating SA %.8x failed", spi);
		return FAILED;
	}
	pthread_mutex_lock(&this->mutex);
	if (find_sa(this, spi, id->dst)) {
		pthread_mutex_unlock(&this->mutex);
		sa->destroy(sa);
		DBG1(DBG_KNL, "SA %.8x exists already", spi);
		return ALREADY_DONE;
	}
	if (data->inbound) {
		status = this->sad->add(this->sad, sa->get_ref(sa));
		if (status != SUCCESS) {
			pthread_mutex_unlock(&this->mutex);
			/* once for the SAD's reference, once for ours */
			sa->destroy(sa);
			sa->destroy(sa);
			DBG1(DBG_KNL, "adding SA %.8x to the SAD failed: %s", spi,
			     status_name(status));
			return FAILED;
		}
		spi_reserved(this, spi, true);
	}
	e = mem_zalloc(sizeof(*e));
	*e = (sa_entry_t){
		.sa = sa,
		.spi = spi,
		.reqid = data->reqid,
		.inbound = data->inbound,
		.src = id->src->clone(id->src),
		.dst = id->dst->clone(id->dst),
		.installed = time_monotonic(NULL),
		.soft_time = data->lifetime ? data->lifetime->time.rekey : 0,
		.hard_time = data->lifetime ? data->lifetime->time.life : 0,
		.active = true,
	};
	this->sas->insert_last(this->sas, e);
	if (!e->inbound) {
		rebind(this, e->reqid);
	}
	pthread_mutex_unlock(&this->mutex);
	DBG2(DBG_KNL, "added %s SA %.8x with reqid %u",
	     data->inbound ? "inbound" : "outbound", spi, data->reqid);
	return SUCCESS;
}

static status_t query_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
			 kernel_ipsec_sa_stats_t *stats)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	esp_sa_stats_t sa_stats;
	sa_entry_t *e;

	pthread_mutex_lock(&this->mutex);
	e = find_sa(this, ntohl(id->spi), id->dst);
	if (!e) {
		pthread_mutex_unlock(&this->mutex);
		return NOT_FOUND;
	}
	e->sa->get_stats(e->sa, &sa_stats);
	pthread_mutex_unlock(&this->mutex);
	*stats = (kernel_ipsec_sa_stats_t){
		.bytes = sa_stats.bytes,
		.packets = sa_stats.packets,
		.use_time = sa_stats.last_use,
	};
	return SUCCESS;
}

static status_t del_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	uint32_t spi = ntohl(id->spi);
	sa_entry_t *e;

	pthread_mutex_lock(&this->mutex);
	e = find_sa(this, spi, id->dst);
	if (!e) {
		/* an SPI from get_spi() whose CHILD_SA never came up */
		status_t status = spi_reserved(this, spi, true) ? SUCCESS : NOT_FOUND;

		pthread_mutex_unlock(&this->mutex);
		return status;
	}
	this->sas->remove(this->sas, e, NULL);
	deactivate(this, e);
	pthread_mutex_unlock(&this->mutex);
	DBG2(DBG_KNL, "deleted %s SA %.8x", e->inbound ? "inbound" : "outbound", spi);
	entry_destroy(e);
	return SUCCESS;
}

/* MOBIKE: inbound SAs are found by SPI alone, so only the bookkeeping
 * moves; outbound SAs send to the peer's new endpoint from now on. */
static status_t update_sa(kernel_ipsec_t *public, kernel_ipsec_sa_id_t *id,
			  host_t *new_src, host_t *new_dst, bool encap)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	uint32_t spi = ntohl(id->spi);
	struct sockaddr_storage peer;
	char src[HOST_STR_LEN], dst[HOST_STR_LEN];
	sa_entry_t *e;
	bool inbound;

	if (!new_src || !new_dst) {
		return INVALID_ARG;
	}
	pthread_mutex_lock(&this->mutex);
	e = find_sa(this, spi, id->dst);
	if (!e) {
		pthread_mutex_unlock(&this->mutex);
		return NOT_FOUND;
	}
	e->src->destroy(e->src);
	e->dst->destroy(e->dst);
	e->src = new_src->clone(new_src);
	e->dst = new_dst->clone(new_dst);
	if (!e->inbound) {
		peer_endpoint(new_dst, &peer);
		e->sa->set_peer(e->sa, &peer);
	}
	inbound = e->inbound;
	pthread_mutex_unlock(&this->mutex);
	DBG2(DBG_KNL, "moved %s SA %.8x to %s..%s", inbound ? "inbound" : "outbound", spi,
	     host_to_str_port(new_src, src, sizeof(src)),
	     host_to_str_port(new_dst, dst, sizeof(dst)));
	return SUCCESS;
}

static status_t add_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;

	return this->policies->add(this->policies, id, data);
}

static status_t query_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			     time_t *use_time)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	bool inbound = id->dir != POLICY_OUT;
	enumerator_t *enumerator;
	esp_sa_stats_t stats;
	sa_entry_t *e;
	uint32_t reqid;
	time_t last = 0;

	if (!this->policies->get_reqid(this->policies, id, &reqid)) {
		return NOT_FOUND;
	}
	pthread_mutex_lock(&this->mutex);
	enumerator = this->sas->create_enumerator(this->sas);
	while (reqid && enumerator->enumerate(enumerator, &e)) {
		if (e->reqid == reqid && e->inbound == inbound) {
			e->sa->get_stats(e->sa, &stats);
			if (stats.last_use > last) {
				last = stats.last_use;
			}
		}
	}
	enumerator->destroy(enumerator);
	pthread_mutex_unlock(&this->mutex);
	*use_time = last;
	return SUCCESS;
}

static status_t del_policy(kernel_ipsec_t *public, kernel_ipsec_policy_id_t *id,
			   kernel_ipsec_manage_policy_t *data)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;

	return this->policies->del(this->policies, id, data);
}

static status_t flush(kernel_ipsec_t *public)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;
	reservation_t *r;
	sa_entry_t *e;

	this->policies->flush(this->policies);
	pthread_mutex_lock(&this->mutex);
	while (this->sas->remove_first(this->sas, (void **)&e) == SUCCESS) {
		deactivate(this, e);
		entry_destroy(e);
	}
	while (this->reserved->remove_first(this->reserved, (void **)&r) == SUCCESS) {
		free(r);
	}
	pthread_mutex_unlock(&this->mutex);
	return SUCCESS;
}

/* Note an expiry unless one of its kind went out already */
static void note_expire(private_kernel_libesp_ipsec_t *this, sa_entry_t *e,
			bool hard, linked_list_t *notices)
{
	notice_t *n;

	if (e->hard_done || (!hard && e->soft_done)) {
		return;
	}
	e->soft_done = true;
	e->hard_done = hard;
	if (hard) {
		deactivate(this, e);
	}
	n = mem_zalloc(sizeof(*n));
	*n = (notice_t){ .spi = e->spi, .dst = e->dst->clone(e->dst), .hard = hard };
	notices->insert_last(notices, n);
}

/* Report expiries outside the lock: charon may delete the SA at once */
static void report(linked_list_t *notices)
{
	notice_t *n;

	while (notices->remove_first(notices, (void **)&n) == SUCCESS) {
		DBG1(DBG_KNL, "%s lifetime of SA %.8x reached",
		     n->hard ? "hard" : "soft", n->spi);
		kernel_interface_expire(IPSEC_PROTO_ESP, htonl(n->spi), n->dst, n->hard);
		n->dst->destroy(n->dst);
		free(n);
	}
	notices->destroy(notices);
}

/* Traffic limit reached, from the event thread */
static void sa_expired(void *data, esp_sa_t *sa, bool hard)
{
	private_kernel_libesp_ipsec_t *this = data;
	linked_list_t *notices = linked_list_create();
	enumerator_t *enumerator;
	sa_entry_t *e;

	pthread_mutex_lock(&this->mutex);
	enumerator = this->sas->create_enumerator(this->sas);
	while (enumerator->enumerate(enumerator, &e)) {
		if (e->sa == sa) {
			note_expire(this, e, hard, notices);
			break;
		}
	}
	enumerator->destroy(enumerator);
	pthread_mutex_unlock(&this->mutex);
	report(notices);
}

/* Time limits, once a second from the event thread */
static void tick(void *data)
{
	private_kernel_libesp_ipsec_t *this = data;
	linked_list_t *notices = linked_list_create();
	enumerator_t *enumerator;
	time_t now = time_monotonic(NULL);
	uint64_t age;
	sa_entry_t *e;

	pthread_mutex_lock(&this->mutex);
	enumerator = this->sas->create_enumerator(this->sas);
	while (enumerator->enumerate(enumerator, &e)) {
		age = (uint64_t)(now - e->installed);
		if (e->hard_time && age >= e->hard_time) {
			note_expire(this, e, true, notices);
		} else if (e->soft_time && age >= e->soft_time) {
			note_expire(this, e, false, notices);
		}
	}
	enumerator->destroy(enumerator);
	purge_reservations(this, now);
	pthread_mutex_unlock(&this->mutex);
	report(notices);
}

static void acquire(void *data, uint32_t reqid, const esp_flow_t *flow)
{
	kernel_libesp_events_t *events = data;

	events->acquire(events, reqid, flow);
}

static const char *get_tun_name(kernel_libesp_ipsec_t *public)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;

	return this->tun->get_name(this->tun);
}

static void get_stats(kernel_libesp_ipsec_t *public, kernel_libesp_io_stats_t *stats)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;

	this->io->get_stats(this->io, stats);
}

static void destroy(kernel_ipsec_t *public)
{
	private_kernel_libesp_ipsec_t *this = (private_kernel_libesp_ipsec_t *)public;

	/* no packets, then no events, then nothing left to refer to */
	if (this->io) {
		this->io->stop(this->io);
	}
	DESTROY_IF(this->events);
	this->events = NULL;
	if (this->policies) {
		flush(public);
		this->policies->destroy(this->policies);
	}
	DESTROY_IF(this->io);
	DESTROY_IF(this->routes);
	DESTROY_IF(this->sad);
	DESTROY_IF(this->out);
	DESTROY_IF(this->in);
	DESTROY_IF(this->tun);
	this->sas->destroy(this->sas);
	this->reserved->destroy(this->reserved);
	pthread_mutex_destroy(&this->mutex);
	free(this);
}

static int read_int(const char *key, int def, int min, int max)
{
	int value = lib->settings->get_int(lib->settings,
				"%s.plugins.kernel-libesp.%s", def, lib->ns, key);

	if (value < min || value > max) {
		DBG1(DBG_KNL, "%s.plugins.kernel-libesp.%s = %d is out of range, "
		     "using %d", lib->ns, key, value, def);
		value = def;
	}
	return value;
}

/* The device, routing and packet path; false (logged) on failure */
static bool setup(private_kernel_libesp_ipsec_t *this)
{
	const char *name;
	int mtu, table, prio;

	name = lib->settings->get_str(lib->settings, "%s.plugins.kernel-libesp.tun_name",
				      DEFAULT_TUN_NAME, lib->ns);
	mtu = read_int("mtu", DEFAULT_MTU, 576, 9000);
	this->threads = (unsigned int)read_int("threads", DEFAULT_THREADS, 1, MAX_THREADS);
	table = read_int("routing_table", KERNEL_LIBESP_ROUTE_TABLE, 1, INT32_MAX);
	table = read_int("route_table", table, 1, INT32_MAX);
	prio = read_int("routing_table_prio", KERNEL_LIBESP_RULE_PRIORITY, 0, INT32_MAX);

	this->tun = tun_device_create(name, this->threads);
	if (!this->tun || !this->tun->set_mtu(this->tun, mtu) ||
	    !this->tun->set_up(this->tun, true)) {
		return false;
	}
	this->routes = kernel_libesp_routes_create(this->tun->get_ifindex(this->tun),
						   (uint32_t)table, (uint32_t)prio);
	if (!this->routes) {
		return false;
	}
	this->sad = esp_sad_create();
	this->out = esp_spd_create();
	this->in = esp_spd_create();
	this->policies = kernel_libesp_policies_create(this->out, this->in, this->routes);
	this->events = kernel_libesp_events_create(sa_expired, tick, this);
	if (!this->events) {
		return false;
	}
	this->io = kernel_libesp_io_create(&(kernel_libesp_io_cfg_t){
		.sad = this->sad,
		.out = this->out,
		.in = this->in,
		.tun = this->tun,
		.socket = this->socket,
		.threads = this->threads,
		.mtu = (unsigned int)mtu,
		.acquire = acquire,
		.data = this->events,
	});
	if (!this->io || !this->io->start(this->io)) {
		return false;
	}
	DBG1(DBG_KNL, "userland ESP on %s (MTU %d, %u worker(s), routing table %d)",
	     this->tun->get_name(this->tun), mtu, this->threads, table);
	return true;
}

kernel_libesp_ipsec_t *kernel_libesp_ipsec_create(socket_t *socket)
{
	private_kernel_libesp_ipsec_t *this;

	if (!socket) {
		DBG1(DBG_KNL, "kernel-libesp needs the IKE socket");
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_kernel_libesp_ipsec_t){
		.public = {
			.interface = {
				.get_spi = get_spi,
				.add_sa = add_sa,
				.query_sa = query_sa,
				.del_sa = del_sa,
				.update_sa = update_sa,
				.add_policy = add_policy,
				.query_policy = query_policy,
				.del_policy = del_policy,
				.flush = flush,
				.destroy = destroy,
			},
			.get_tun_name = get_tun_name,
			.get_stats = get_stats,
		},
		.socket = socket,
		.sas = linked_list_create(),
		.reserved = linked_list_create(),
	};
	pthread_mutex_init(&this->mutex, NULL);
	if (!setup(this)) {
		destroy(&this->public.interface);
		return NULL;
	}
	return &this->public;
}
