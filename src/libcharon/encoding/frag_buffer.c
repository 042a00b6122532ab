/*
 * Reassembly of IKE fragments: one slot per Fragment Number.
 */
#include "encoding/frag_buffer.h"
#include "encoding/enc_counters.h"

typedef struct private_frag_buffer_t {
	frag_buffer_t public;
	unsigned int max_fragments;
	size_t max_size;
	/* the set being collected; total 0 when empty */
	uint32_t mid;
	uint16_t total;
	unsigned int count;
	size_t size;
	time_t started;
	payload_type_t first;
	chunk_t slots[FRAG_MAX_FRAGMENTS];
	bool complete;
} private_frag_buffer_t;

static void reset(frag_buffer_t *public)
{
	private_frag_buffer_t *this = (private_frag_buffer_t *)public;
	unsigned int i;

	for (i = 0; i < this->total && i < FRAG_MAX_FRAGMENTS; i++) {
		chunk_clear(&this->slots[i]);
	}
	this->total = 0;
	this->count = 0;
	this->size = 0;
	this->first = PL_NONE;
	this->complete = false;
}

static status_t add(frag_buffer_t *public, uint32_t mid, uint16_t number,
		    uint16_t total, payload_type_t first, chunk_t data, time_t now)
{
	private_frag_buffer_t *this = (private_frag_buffer_t *)public;

	if (!number || number > total) {
		ENC_MALFORMED("fragment number %u of %u", number, total);
		return FAILED;
	}
	if (total > this->max_fragments) {
		ENC_MALFORMED("message in %u fragments, at most %u accepted", total,
			      this->max_fragments);
		reset(public);
		return FAILED;
	}
	if (this->total && (mid != this->mid || this->complete ||
			    now - this->started > FRAG_TIMEOUT)) {
		DBG2(DBG_ENC, "dropping %u fragment(s) of message ID %u", this->count,
		     this->mid);
		reset(public);
	}
	if (this->total && total != this->total) {
		if (total < this->total) {
			DBG1(DBG_ENC, "fragment #%u of %u ignored, collecting %u",
			     number, total, this->total);
			return NEED_MORE;
		}
		/* the sender shrank its fragments: its older ones are useless */
		DBG1(DBG_ENC, "fragment #%u announces %u fragments instead of %u, "
		     "starting over", number, total, this->total);
		reset(public);
	}
	if (!this->total) {
		this->mid = mid;
		this->total = total;
		this->started = now;
	}
	if (this->slots[number - 1].ptr) {
		DBG2(DBG_ENC, "duplicate fragment #%u of %u ignored", number, total);
		return NEED_MORE;
	}
	if (data.len > this->max_size - this->size) {
		ENC_MALFORMED("fragments exceed %zu bytes", this->max_size);
		reset(public);
		return FAILED;
	}
	/* an empty slot is marked by a NULL pointer, so keep one for 0 bytes */
	this->slots[number - 1] = data.len ? chunk_clone(data) : chunk_alloc(1);
	this->slots[number - 1].len = data.len;
	this->size += data.len;
	this->count++;
	if (number == 1) {
		this->first = first;
	}
	if (this->count < this->total) {
		return NEED_MORE;
	}
	this->complete = true;
	return SUCCESS;
}

static bool take(frag_buffer_t *public, payload_type_t *first, chunk_t *data)
{
	private_frag_buffer_t *this = (private_frag_buffer_t *)public;
	unsigned int i;
	size_t pos = 0;

	if (!this->complete) {
		return false;
	}
	*data = chunk_alloc(this->size ? this->size : 1);
	data->len = this->size;
	for (i = 0; i < this->total; i++) {
		if (this->slots[i].len) {
			memcpy(data->ptr + pos, this->slots[i].ptr, this->slots[i].len);
			pos += this->slots[i].len;
		}
	}
	*first = this->first;
	reset(public);
	return true;
}

static unsigned int get_count(frag_buffer_t *public)
{
	return ((private_frag_buffer_t *)public)->count;
}

static void destroy(frag_buffer_t *public)
{
	reset(public);
	free(public);
}

frag_buffer_t *frag_buffer_create(unsigned int max_fragments, size_t max_size)
{
	private_frag_buffer_t *this = mem_zalloc(sizeof(*this));

	*this = (private_frag_buffer_t){
		.public = {
			.add = add,
			.take = take,
			.get_count = get_count,
			.reset = reset,
			.destroy = destroy,
		},
		.max_fragments = max_fragments && max_fragments < FRAG_MAX_FRAGMENTS
				 ? max_fragments : FRAG_MAX_FRAGMENTS,
		.max_size = max_size && max_size < FRAG_MAX_SIZE ? max_size : FRAG_MAX_SIZE,
	};
	return &this->public;
}
