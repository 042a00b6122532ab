/*
 * Open addressing with linear probing over (SPI, SA) slots; SPI 0 is never
 * valid and marks a free slot. Removal shifts the following run back
 * instead of leaving tombstones, so lookups never walk dead slots. The
 * table stays at most half full.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>

#include "esp_sad.h"

#define MIN_SIZE 16

typedef struct {
	uint32_t spi;
	esp_sa_t *sa;
} entry_t;

typedef struct private_esp_sad_t private_esp_sad_t;

struct private_esp_sad_t {
	esp_sad_t public;
	pthread_rwlock_t lock;
	entry_t *table;
	/** Power of two. */
	unsigned int size;
	unsigned int count;
	atomic_uint_fast64_t misses;
};

/* SPIs we pick are random, peers' need not be: mix before masking */
static unsigned int home(private_esp_sad_t *this, uint32_t spi)
{
	uint32_t h = spi * 0x9e3779b1u;

	return (h ^ (h >> 16)) & (this->size - 1);
}

static entry_t *find(private_esp_sad_t *this, uint32_t spi)
{
	unsigned int i = home(this, spi);

	while (this->table[i].spi) {
		if (this->table[i].spi == spi) {
			return &this->table[i];
		}
		i = (i + 1) & (this->size - 1);
	}
	return NULL;
}

static void insert(private_esp_sad_t *this, uint32_t spi, esp_sa_t *sa)
{
	unsigned int i = home(this, spi);

	while (this->table[i].spi) {
		i = (i + 1) & (this->size - 1);
	}
	this->table[i] = (entry_t){ spi, sa };
	this->count++;
}

static bool grow(private_esp_sad_t *this)
{
	entry_t *old = this->table;
	unsigned int old_size = this->size, i;

	this->table = calloc(old_size * 2, sizeof(entry_t));
	if (!this->table) {
		this->table = old;
		return false;
	}
	this->size = old_size * 2;
	this->count = 0;
	for (i = 0; i < old_size; i++) {
		if (old[i].spi) {
			insert(this, old[i].spi, old[i].sa);
		}
	}
	free(old);
	return true;
}

static status_t add(esp_sad_t *public, esp_sa_t *sa)
{
	private_esp_sad_t *this = (private_esp_sad_t *)public;
	uint32_t spi = sa->get_spi(sa);

	if (!sa->is_inbound(sa)) {
		return INVALID_ARG;
	}
	pthread_rwlock_wrlock(&this->lock);
	if (find(this, spi)) {
		pthread_rwlock_unlock(&this->lock);
		return ALREADY_DONE;
	}
	if ((this->count + 1) * 2 > this->size && !grow(this)) {
		pthread_rwlock_unlock(&this->lock);
		return OUT_OF_RES;
	}
	insert(this, spi, sa);
	pthread_rwlock_unlock(&this->lock);
	return SUCCESS;
}

static esp_sa_t *get(esp_sad_t *public, uint32_t spi)
{
	private_esp_sad_t *this = (private_esp_sad_t *)public;
	esp_sa_t *sa = NULL;
	entry_t *entry;

	if (spi == 0) {
		atomic_fetch_add_explicit(&this->misses, 1, memory_order_relaxed);
		return NULL;
	}
	pthread_rwlock_rdlock(&this->lock);
	entry = find(this, spi);
	if (entry) {
		sa = entry->sa->get_ref(entry->sa);
	}
	pthread_rwlock_unlock(&this->lock);
	if (!sa) {
		atomic_fetch_add_explicit(&this->misses, 1, memory_order_relaxed);
	}
	return sa;
}

/* Backward-shift deletion (Knuth 6.4 Algorithm R) */
static void remove_at(private_esp_sad_t *this, unsigned int hole)
{
	unsigned int mask = this->size - 1, i = hole, want;

	for (;;) {
		i = (i + 1) & mask;
		if (!this->table[i].spi) {
			break;
		}
		want = home(this, this->table[i].spi);
		/* move the entry unless its home lies cyclically in (hole, i] */
		if ((i > hole && (want <= hole || want > i)) ||
		    (i < hole && (want <= hole && want > i))) {
			this->table[hole] = this->table[i];
			hole = i;
		}
	}
	this->table[hole] = (entry_t){ 0, NULL };
	this->count--;
}

static status_t remove_(esp_sad_t *public, uint32_t spi)
{
	private_esp_sad_t *this = (private_esp_sad_t *)public;
	esp_sa_t *sa = NULL;
	entry_t *entry;

	pthread_rwlock_wrlock(&this->lock);
	entry = spi ? find(this, spi) : NULL;
	if (entry) {
		sa = entry->sa;
		remove_at(this, (unsigned int)(entry - this->table));
	}
	pthread_rwlock_unlock(&this->lock);
	if (!sa) {
		return NOT_FOUND;
	}
	sa->destroy(sa);
	return SUCCESS;
}

static unsigned int get_count(esp_sad_t *public)
{
	private_esp_sad_t *this = (private_esp_sad_t *)public;
	unsigned int count;

	pthread_rwlock_rdlock(&this->lock);
	count = this->count;
	pthread_rwlock_unlock(&this->lock);
	return count;
}

static uint64_t get_misses(esp_sad_t *public)
{
	return atomic_load(&((private_esp_sad_t *)public)->misses);
}

static void destroy(esp_sad_t *public)
{
	private_esp_sad_t *this = (private_esp_sad_t *)public;
	unsigned int i;

	for (i = 0; i < this->size; i++) {
		if (this->table[i].spi) {
			this->table[i].sa->destroy(this->table[i].sa);
		}
	}
	free(this->table);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

esp_sad_t *esp_sad_create(void)
{
	private_esp_sad_t *this = mem_zalloc(sizeof(*this));
	pthread_rwlockattr_t attr;

	*this = (private_esp_sad_t){
		.public = {
			.add = add,
			.get = get,
			.remove = remove_,
			.get_count = get_count,
			.get_misses = get_misses,
			.destroy = destroy,
		},
		.table = mem_zalloc(MIN_SIZE * sizeof(entry_t)),
		.size = MIN_SIZE,
	};
	/* SA installs and deletes must not starve behind packet lookups */
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
				PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&this->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	return &this->public;
}
