/*
 * Anti-replay bitmap: a ring of 64-bit blocks, one more than the window
 * needs, so that sliding right only ever zeroes whole blocks (RFC 6479).
 * Bit (seq % 64) of block ((seq / 64) % nblocks) says whether seq was seen.
 */
#include "esp_replay.h"

typedef struct private_esp_replay_t private_esp_replay_t;

struct private_esp_replay_t {
	esp_replay_t public;
	/** Window size in packets, as configured. */
	uint32_t window;
	/** Number of blocks, a power of two. */
	uint32_t nblocks;
	/** Infer high-order sequence bits (ESN). */
	bool esn;
	/** Highest accepted sequence number, 0 before the first packet. */
	uint64_t top;
	uint64_t *bitmap;
};

/* RFC 4303 Appendix A2.1: pick the high half that puts seq_lo nearest the
 * window; the ICV check, which covers the high half, settles mistakes. */
static uint64_t infer_seq(private_esp_replay_t *this, uint32_t seq_lo)
{
	uint32_t tl = (uint32_t)this->top, th = (uint32_t)(this->top >> 32);
	uint32_t bottom = tl - this->window + 1;
	uint32_t seq_hi;

	if (tl >= this->window - 1) {
		/* window lies within one 2^32 subspace */
		seq_hi = seq_lo >= bottom ? th : th + 1;
	} else {
		/* window straddles a subspace boundary; bottom wrapped */
		seq_hi = seq_lo >= bottom ? th - 1 : th;
		if (seq_lo >= bottom && th == 0) {
			/* nothing lies below zero: must be ahead of us */
			seq_hi = 0;
		}
	}
	return ((uint64_t)seq_hi << 32) | seq_lo;
}

static bool seen(private_esp_replay_t *this, uint64_t seq)
{
	uint64_t block = this->bitmap[(seq >> 6) & (this->nblocks - 1)];

	return block & (1ULL << (seq & 63));
}

static bool in_window(private_esp_replay_t *this, uint64_t seq)
{
	if (seq == 0) {
		/* the first packet carries 1; 0 is never sent (RFC 4303 §3.3.3) */
		return false;
	}
	if (seq > this->top) {
		return true;
	}
	if (this->top - seq >= this->window) {
		return false;
	}
	return !seen(this, seq);
}

static bool check(esp_replay_t *public, uint32_t seq_lo, uint64_t *seq)
{
	private_esp_replay_t *this = (private_esp_replay_t *)public;

	*seq = this->esn ? infer_seq(this, seq_lo) : seq_lo;
	return in_window(this, *seq);
}

static bool update(esp_replay_t *public, uint64_t seq)
{
	private_esp_replay_t *this = (private_esp_replay_t *)public;
	uint64_t cur, next, diff, i;

	if (!in_window(this, seq)) {
		return false;
	}
	if (seq > this->top) {
		cur = this->top >> 6;
		next = seq >> 6;
		diff = next - cur;
		if (diff > this->nblocks) {
			diff = this->nblocks;
		}
		for (i = 1; i <= diff; i++) {
			this->bitmap[(cur + i) & (this->nblocks - 1)] = 0;
		}
		this->top = seq;
	}
	this->bitmap[(seq >> 6) & (this->nblocks - 1)] |= 1ULL << (seq & 63);
	return true;
}

static uint64_t get_top(esp_replay_t *public)
{
	return ((private_esp_replay_t *)public)->top;
}

static uint32_t get_window(esp_replay_t *public)
{
	return ((private_esp_replay_t *)public)->window;
}

static void destroy(esp_replay_t *public)
{
	private_esp_replay_t *this = (private_esp_replay_t *)public;

	free(this->bitmap);
	free(this);
}

esp_replay_t *esp_replay_create(uint32_t window, bool esn)
{
	private_esp_replay_t *this;
	uint32_t nblocks = 2;

	if (window == 0) {
		window = ESP_REPLAY_DEFAULT_WINDOW;
	}
	if (window > ESP_REPLAY_MAX_WINDOW) {
		DBG1(DBG_ESP, "replay window of %u packets exceeds the maximum of %u",
		     window, ESP_REPLAY_MAX_WINDOW);
		return NULL;
	}
	/* one spare block beyond the window so the block being refilled
	 * never holds bits still inside the window */
	while ((nblocks - 1) * 64 < window) {
		nblocks <<= 1;
	}

	this = mem_zalloc(sizeof(*this));
	*this = (private_esp_replay_t){
		.public = {
			.check = check,
			.update = update,
			.get_top = get_top,
			.get_window = get_window,
			.destroy = destroy,
		},
		.window = window,
		.nblocks = nblocks,
		.esn = esn,
		.bitmap = mem_zalloc(nblocks * sizeof(uint64_t)),
	};
	return &this->public;
}
