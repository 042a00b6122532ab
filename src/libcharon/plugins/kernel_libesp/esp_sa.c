/*
 * ESP SA: header, padding and trailer handling, sequence numbers, replay
 * checks, counters and lifetimes around the per-slot ciphers.
 *
 * Layout in memory: read-mostly configuration first, then the counters
 * every packet writes on their own cache line, then one cache line per
 * crypto slot, so workers on different slots share nothing they write
 * except the counters.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>

#include "esp_sa.h"
#include "esp_cipher.h"
#include "esp_replay.h"

#define CACHE_LINE 64

/** A crypto context and the lock that gives one thread at a time use of it. */
typedef struct {
	pthread_mutex_t lock;
	esp_cipher_t *cipher;
} __attribute__((aligned(CACHE_LINE))) slot_t;

typedef struct private_esp_sa_t private_esp_sa_t;

struct private_esp_sa_t {
	esp_sa_t public;

	uint32_t spi;
	uint32_t reqid;
	bool inbound;
	bool esn;
	size_t iv_len;
	size_t icv_len;
	size_t block_len;
	esp_lifetime_t soft;
	esp_lifetime_t hard;
	esp_sa_expire_cb_t expire;
	void *expire_data;

	/** Inbound only; guarded by replay_lock. */
	esp_replay_t *replay;
	pthread_mutex_t replay_lock;

	pthread_spinlock_t peer_lock;
	struct sockaddr_storage peer;

	slot_t *slots;
	unsigned int nslots;

	atomic_uint refs;

	/* written per packet, kept apart from the fields above */
	_Alignas(CACHE_LINE) atomic_uint_fast64_t seq;
	atomic_uint_fast64_t bytes;
	atomic_uint_fast64_t packets;
	atomic_uint_fast64_t replay_drops;
	atomic_uint_fast64_t auth_failures;
	atomic_uint_fast64_t invalid;
	atomic_llong last_use;
	atomic_bool soft_fired;
	atomic_bool hard_fired;
	/** Second of the last log line about a dropped packet. */
	atomic_llong last_log;
};

static __thread unsigned int thread_slot;

void esp_thread_set_slot(unsigned int slot)
{
	thread_slot = slot;
}

/* The thread's own slot if free, else any free one, else wait for its own. */
static slot_t *lock_slot(private_esp_sa_t *this)
{
	unsigned int first = thread_slot % this->nslots, i;
	slot_t *slot;

	for (i = 0; i < this->nslots; i++) {
		slot = &this->slots[(first + i) % this->nslots];
		if (pthread_mutex_trylock(&slot->lock) == 0) {
			return slot;
		}
	}
	slot = &this->slots[first];
	pthread_mutex_lock(&slot->lock);
	return slot;
}

static void unlock_slot(slot_t *slot)
{
	pthread_mutex_unlock(&slot->lock);
}

static time_t now_sec(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	return now.tv_sec;
}

/* Drops are triggered by unauthenticated input: log one per second. */
static bool may_log(private_esp_sa_t *this)
{
	long long now = now_sec(), last;

	last = atomic_load_explicit(&this->last_log, memory_order_relaxed);
	return last != now &&
	       atomic_compare_exchange_strong(&this->last_log, &last, now);
}

#define DROP_LOG(this, fmt, ...) do { \
	if (may_log(this)) { \
		DBG1(DBG_ESP, fmt, ##__VA_ARGS__); \
	} \
} while (0)

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void fire(private_esp_sa_t *this, atomic_bool *fired, bool hard)
{
	if (!atomic_exchange(fired, true)) {
		DBG2(DBG_ESP, "ESP SA %.8x reached its %s lifetime", this->spi,
		     hard ? "hard" : "soft");
		if (this->expire) {
			this->expire(this->expire_data, &this->public, hard);
		}
	}
}

static bool reached(const esp_lifetime_t *limit, uint64_t bytes, uint64_t packets)
{
	return (limit->bytes && bytes >= limit->bytes) ||
	       (limit->packets && packets >= limit->packets);
}

/* Count a packet; fire the lifetime limits it reaches. */
static void account(private_esp_sa_t *this, size_t len)
{
	uint64_t bytes, packets;
	long long now = now_sec();

	bytes = atomic_fetch_add_explicit(&this->bytes, len, memory_order_relaxed) + len;
	packets = atomic_fetch_add_explicit(&this->packets, 1, memory_order_relaxed) + 1;

	if (atomic_load_explicit(&this->last_use, memory_order_relaxed) != now) {
		atomic_store_explicit(&this->last_use, now, memory_order_relaxed);
	}
	if (reached(&this->soft, bytes, packets)) {
		fire(this, &this->soft_fired, false);
	}
	if (reached(&this->hard, bytes, packets)) {
		fire(this, &this->hard_fired, true);
	}
}

static bool expired(private_esp_sa_t *this)
{
	return atomic_load_explicit(&this->hard_fired, memory_order_relaxed);
}

static size_t get_header_len(esp_sa_t *public)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	return ESP_HEADER_LEN + this->iv_len;
}

/* Payload plus pad length and next header, aligned to the block size */
static size_t padded_len(private_esp_sa_t *this, size_t inner_len)
{
	size_t len = inner_len + 2;

	return (len + this->block_len - 1) / this->block_len * this->block_len;
}

static size_t get_encap_len(esp_sa_t *public, size_t inner_len)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	return ESP_HEADER_LEN + this->iv_len + padded_len(this, inner_len) +
	       this->icv_len;
}

static status_t encap(esp_sa_t *public, chunk_t inner, chunk_t out, chunk_t *esp)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;
	size_t hdr_len = ESP_HEADER_LEN + this->iv_len, pt_len, pad, i;
	uint8_t *payload, next_header;
	uint64_t seq;
	slot_t *slot;
	bool ok;

	if (this->inbound || inner.len == 0 || !out.ptr) {
		return INVALID_ARG;
	}
	switch (inner.ptr[0] >> 4) {
	case 4:
		next_header = ESP_NH_IPV4;
		break;
	case 6:
		next_header = ESP_NH_IPV6;
		break;
	default:
		atomic_fetch_add_explicit(&this->invalid, 1, memory_order_relaxed);
		return INVALID_ARG;
	}
	pt_len = padded_len(this, inner.len);
	if (out.len < hdr_len + pt_len + this->icv_len) {
		return INVALID_ARG;
	}
	if (expired(this)) {
		return INVALID_STATE;
	}
	seq = atomic_fetch_add_explicit(&this->seq, 1, memory_order_relaxed) + 1;
	if ((!this->esn && seq > UINT32_MAX) || seq == 0) {
		/* RFC 4303 §3.3.3: the counter must not cycle; rekey instead */
		atomic_store(&this->seq, this->esn ? UINT64_MAX : UINT32_MAX);
		fire(this, &this->hard_fired, true);
		return INVALID_STATE;
	}

	payload = out.ptr + hdr_len;
	if (inner.ptr != payload) {
		memmove(payload, inner.ptr, inner.len);
	}
	pad = pt_len - inner.len - 2;
	for (i = 0; i < pad; i++) {
		/* RFC 4303 §2.4: the default padding is 1, 2, 3, … */
		payload[inner.len + i] = (uint8_t)(i + 1);
	}
	payload[pt_len - 2] = (uint8_t)pad;
	payload[pt_len - 1] = next_header;
	put32(out.ptr, this->spi);
	put32(out.ptr + 4, (uint32_t)seq);

	slot = lock_slot(this);
	ok = slot->cipher->encrypt(slot->cipher, out.ptr, pt_len, seq);
	unlock_slot(slot);
	if (!ok) {
		DBG1(DBG_ESP, "encrypting ESP packet for SPI %.8x failed", this->spi);
		return FAILED;
	}
	account(this, inner.len);
	*esp = chunk_create(out.ptr, hdr_len + pt_len + this->icv_len);
	return SUCCESS;
}

static status_t reject(private_esp_sa_t *this, atomic_uint_fast64_t *counter,
		       status_t status)
{
	atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
	return status;
}

/* Trailer of an authentic packet: pad length, padding 1,2,3…, next header */
static status_t check_trailer(private_esp_sa_t *this, uint8_t *pt, size_t pt_len,
			      chunk_t *inner, uint8_t *next_header)
{
	size_t pad = pt[pt_len - 2], len, i;
	uint8_t nh = pt[pt_len - 1];

	if (pad + 2 > pt_len) {
		DROP_LOG(this, "ESP pad length %zu exceeds the %zu-byte payload of SPI %.8x",
		     pad, pt_len, this->spi);
		return reject(this, &this->invalid, PARSE_ERROR);
	}
	len = pt_len - pad - 2;
	for (i = 0; i < pad; i++) {
		if (pt[len + i] != (uint8_t)(i + 1)) {
			DROP_LOG(this, "ESP padding of SPI %.8x is not monotonic", this->spi);
			return reject(this, &this->invalid, PARSE_ERROR);
		}
	}
	switch (nh) {
	case ESP_NH_NONE:
		return NOT_FOUND;
	case ESP_NH_IPV4:
	case ESP_NH_IPV6:
		if (len == 0 || (pt[0] >> 4) != (nh == ESP_NH_IPV4 ? 4 : 6)) {
			DROP_LOG(this, "ESP next header %u of SPI %.8x does not match the "
			     "inner packet", nh, this->spi);
			return reject(this, &this->invalid, PARSE_ERROR);
		}
		break;
	default:
		DROP_LOG(this, "ESP next header %u of SPI %.8x is not tunnel mode",
		     nh, this->spi);
		return reject(this, &this->invalid, PARSE_ERROR);
	}
	*inner = chunk_create(pt, len);
	*next_header = nh;
	return SUCCESS;
}

static bool overlaps_partially(chunk_t esp, size_t hdr_len, uint8_t *out, size_t len)
{
	uint8_t *ct = esp.ptr + hdr_len;

	return out != ct && out < esp.ptr + esp.len && ct < out + len;
}

static status_t decap(esp_sa_t *public, chunk_t esp, chunk_t out, chunk_t *inner,
		      uint8_t *next_header)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;
	size_t hdr_len = ESP_HEADER_LEN + this->iv_len, ct_len;
	uint64_t seq;
	uint8_t *pt;
	slot_t *slot;
	bool ok;

	if (!this->inbound || !esp.ptr) {
		return INVALID_ARG;
	}
	if (esp.len < hdr_len + this->icv_len + 2) {
		DROP_LOG(this, "ESP packet of %zu bytes too short for SPI %.8x",
		     esp.len, this->spi);
		return reject(this, &this->invalid, PARSE_ERROR);
	}
	ct_len = esp.len - hdr_len - this->icv_len;
	if (ct_len % this->block_len && this->block_len > 4) {
		DROP_LOG(this, "ESP ciphertext of %zu bytes is not block aligned for "
		     "SPI %.8x", ct_len, this->spi);
		return reject(this, &this->invalid, PARSE_ERROR);
	}
	pt = out.ptr ?: esp.ptr + hdr_len;
	if (out.ptr && (out.len < ct_len || overlaps_partially(esp, hdr_len, out.ptr, ct_len))) {
		return INVALID_ARG;
	}
	if (get32(esp.ptr) != this->spi) {
		DROP_LOG(this, "ESP packet for SPI %.8x handed to SA %.8x",
		     get32(esp.ptr), this->spi);
		return reject(this, &this->invalid, PARSE_ERROR);
	}
	if (expired(this)) {
		return INVALID_STATE;
	}

	pthread_mutex_lock(&this->replay_lock);
	ok = this->replay->check(this->replay, get32(esp.ptr + 4), &seq);
	pthread_mutex_unlock(&this->replay_lock);
	if (!ok) {
		DBG2(DBG_ESP, "ESP sequence number %u of SPI %.8x replayed",
		     get32(esp.ptr + 4), this->spi);
		return reject(this, &this->replay_drops, ALREADY_DONE);
	}

	slot = lock_slot(this);
	ok = slot->cipher->decrypt(slot->cipher, esp.ptr, ct_len, seq, pt);
	unlock_slot(slot);
	if (!ok) {
		DROP_LOG(this, "ESP ICV of SPI %.8x seq %llu invalid", this->spi,
		     (unsigned long long)seq);
		return reject(this, &this->auth_failures, VERIFY_ERROR);
	}

	/* only authentic packets move the window (RFC 4303 §3.4.3) */
	pthread_mutex_lock(&this->replay_lock);
	ok = this->replay->update(this->replay, seq);
	pthread_mutex_unlock(&this->replay_lock);
	if (!ok) {
		return reject(this, &this->replay_drops, ALREADY_DONE);
	}

	switch (check_trailer(this, pt, ct_len, inner, next_header)) {
	case SUCCESS:
		account(this, inner->len);
		return SUCCESS;
	case NOT_FOUND:
		account(this, 0);
		return NOT_FOUND;
	default:
		return PARSE_ERROR;
	}
}

static void get_stats(esp_sa_t *public, esp_sa_stats_t *stats)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;
	uint64_t seq;

	if (this->inbound) {
		pthread_mutex_lock(&this->replay_lock);
		seq = this->replay->get_top(this->replay);
		pthread_mutex_unlock(&this->replay_lock);
	} else {
		seq = atomic_load(&this->seq);
	}
	*stats = (esp_sa_stats_t){
		.bytes = atomic_load(&this->bytes),
		.packets = atomic_load(&this->packets),
		.replay_drops = atomic_load(&this->replay_drops),
		.auth_failures = atomic_load(&this->auth_failures),
		.invalid = atomic_load(&this->invalid),
		.seq = seq,
		.last_use = (time_t)atomic_load(&this->last_use),
		.expired = atomic_load(&this->hard_fired),
	};
}

static void get_peer(esp_sa_t *public, struct sockaddr_storage *peer)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	pthread_spin_lock(&this->peer_lock);
	*peer = this->peer;
	pthread_spin_unlock(&this->peer_lock);
}

static void set_peer(esp_sa_t *public, const struct sockaddr_storage *peer)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	pthread_spin_lock(&this->peer_lock);
	this->peer = *peer;
	pthread_spin_unlock(&this->peer_lock);
}

static uint32_t get_spi(esp_sa_t *public)
{
	return ((private_esp_sa_t *)public)->spi;
}

static uint32_t get_reqid(esp_sa_t *public)
{
	return ((private_esp_sa_t *)public)->reqid;
}

static bool is_inbound(esp_sa_t *public)
{
	return ((private_esp_sa_t *)public)->inbound;
}

static esp_sa_t *get_ref(esp_sa_t *public)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	atomic_fetch_add_explicit(&this->refs, 1, memory_order_relaxed);
	return public;
}

static void free_sa(private_esp_sa_t *this)
{
	unsigned int i;

	for (i = 0; i < this->nslots; i++) {
		DESTROY_IF(this->slots[i].cipher);
		pthread_mutex_destroy(&this->slots[i].lock);
	}
	free(this->slots);
	DESTROY_IF(this->replay);
	pthread_mutex_destroy(&this->replay_lock);
	pthread_spin_destroy(&this->peer_lock);
	free(this);
}

static void destroy(esp_sa_t *public)
{
	private_esp_sa_t *this = (private_esp_sa_t *)public;

	if (atomic_fetch_sub_explicit(&this->refs, 1, memory_order_acq_rel) == 1) {
		free_sa(this);
	}
}

static esp_cipher_t *create_cipher(const esp_sa_cfg_t *cfg)
{
	if (cfg->encr == ENCR_AES_CBC) {
		return esp_cbc_create(cfg->encr_key, cfg->integ, cfg->integ_key,
				      cfg->esn, !cfg->inbound);
	}
	if (cfg->integ != AUTH_UNDEFINED) {
		DBG1(DBG_ESP, "AEAD algorithm %d takes no integrity algorithm",
		     cfg->encr);
		return NULL;
	}
	return esp_aead_create(cfg->encr, cfg->encr_key, cfg->esn, !cfg->inbound);
}

static void *aligned_zalloc(size_t size)
{
	void *ptr;

	size = (size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
	if (posix_memalign(&ptr, CACHE_LINE, size) != 0) {
		return NULL;
	}
	memset(ptr, 0, size);
	return ptr;
}

esp_sa_t *esp_sa_create(const esp_sa_cfg_t *cfg)
{
	private_esp_sa_t *this;
	esp_cipher_t *first;
	unsigned int i, nslots = cfg->slots ?: 1;

	if (cfg->spi < 256) {
		DBG1(DBG_ESP, "ESP SPI %u is reserved", cfg->spi);
		return NULL;
	}
	this = aligned_zalloc(sizeof(*this));
	if (!this) {
		return NULL;
	}
	*this = (private_esp_sa_t){
		.public = {
			.get_spi = get_spi,
			.get_reqid = get_reqid,
			.is_inbound = is_inbound,
			.get_header_len = get_header_len,
			.get_encap_len = get_encap_len,
			.encap = encap,
			.decap = decap,
			.get_stats = get_stats,
			.get_peer = get_peer,
			.set_peer = set_peer,
			.get_ref = get_ref,
			.destroy = destroy,
		},
		.spi = cfg->spi,
		.reqid = cfg->reqid,
		.inbound = cfg->inbound,
		.esn = cfg->esn,
		.soft = cfg->soft,
		.hard = cfg->hard,
		.expire = cfg->expire,
		.expire_data = cfg->expire_data,
		.peer = cfg->peer,
		.refs = 1,
	};
	pthread_mutex_init(&this->replay_lock, NULL);
	pthread_spin_init(&this->peer_lock, PTHREAD_PROCESS_PRIVATE);
	this->slots = aligned_zalloc(nslots * sizeof(slot_t));
	if (!this->slots) {
		free_sa(this);
		return NULL;
	}
	for (i = 0; i < nslots; i++) {
		pthread_mutex_init(&this->slots[i].lock, NULL);
		this->nslots++;
		this->slots[i].cipher = create_cipher(cfg);
		if (!this->slots[i].cipher) {
			free_sa(this);
			return NULL;
		}
	}
	first = this->slots[0].cipher;
	this->iv_len = first->get_iv_len(first);
	this->icv_len = first->get_icv_len(first);
	this->block_len = first->get_block_len(first);

	if (cfg->inbound) {
		this->replay = esp_replay_create(cfg->replay_window, cfg->esn);
		if (!this->replay) {
			free_sa(this);
			return NULL;
		}
	}
	return &this->public;
}
