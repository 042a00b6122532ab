/*
 * The IKE_SA manager. One mutex guards the table; each entry has a
 * condition variable threads wait on while another thread has the SA
 * checked out. An entry being destroyed is "driven out": waiters give up,
 * and the last one out lets the destroyer free it.
 *
 * Entries are found through hash tables: by unique id (which owns them),
 * by the ike_sa_t pointer (check-in), by our SPI (every received message)
 * and by the peer's SPI and a hash of its IKE_SA_INIT request (detecting
 * retransmits). Half-open SAs are counted in total and per peer address,
 * which the receiver asks for every IKE_SA_INIT. So no per-packet path
 * walks all SAs; only look-ups by connection or name do.
 */
#include <pthread.h>

#include "sa/ike_sa_manager.h"

#include "crypto/crypto_factory.h"
#include "daemon.h"
#include "collections/linked_list.h"
#include "collections/hashtable.h"

/* What identifies an IKE_SA_INIT request: the peer's SPI and a hash of the
 * whole packet (the peer's address is compared separately). */
typedef struct init_key_t {
	uint64_t spi_i;
	uint32_t hash;
} init_key_t;

typedef struct entry_t {
	ike_sa_t *ike_sa;
	/** Copy of the SA's id, refreshed on check-in. */
	ike_sa_id_t id;
	bool checked_out;
	/** Being destroyed: nobody may check it out any more. */
	bool driveout;
	/** Threads waiting in checkout for this entry. */
	int waiting;
	pthread_cond_t cond;
	/** Responder SA not yet established, and the peer it came from. */
	bool half_open;
	host_t *other;
	/** The IKE_SA_INIT request that created it (retransmits find it);
	 *  spi_i 0 for SAs we initiated. */
	init_key_t init;
	/** Keys of the tables below, copies kept stable while indexed. */
	uint32_t unique_id;
	uint64_t our_spi;
} entry_t;

/* Half-open SAs from one address. */
typedef struct half_open_t {
	host_t *ip;
	unsigned int count;
} half_open_t;

typedef struct private_ike_sa_manager_t {
	ike_sa_manager_t public;
	hashtable_t *by_unique;		/* &entry->unique_id → entry, owns them */
	hashtable_t *by_sa;		/* entry->ike_sa → entry */
	hashtable_t *by_spi;		/* &entry->our_spi → entry */
	hashtable_t *by_init;		/* &entry->init → entry */
	hashtable_t *half_open;		/* half_open_t->ip → half_open_t */
	unsigned int half_open_total;
	pthread_mutex_t lock;
	rng_t *rng;
} private_ike_sa_manager_t;

static uint32_t hash_u32(const void *key)
{
	return chunk_hash(chunk_create((u_char *)key, sizeof(uint32_t)));
}

static bool equals_u32(const void *a, const void *b)
{
	return *(const uint32_t *)a == *(const uint32_t *)b;
}

static uint32_t hash_u64(const void *key)
{
	return chunk_hash(chunk_create((u_char *)key, sizeof(uint64_t)));
}

static bool equals_u64(const void *a, const void *b)
{
	return *(const uint64_t *)a == *(const uint64_t *)b;
}

static uint32_t hash_init(const void *key)
{
	const init_key_t *init = key;

	return chunk_hash(chunk_create((u_char *)&init->spi_i, sizeof(init->spi_i))) ^
	       init->hash;
}

static bool equals_init(const void *a, const void *b)
{
	const init_key_t *x = a, *y = b;

	return x->spi_i == y->spi_i && x->hash == y->hash;
}

static uint32_t hash_ip(const void *key)
{
	host_t *ip = (host_t *)key;

	return chunk_hash(ip->get_address(ip));
}

static bool equals_ip(const void *a, const void *b)
{
	host_t *x = (host_t *)a, *y = (host_t *)b;

	return x->ip_equals(x, y);
}

static uint64_t our_spi(const ike_sa_id_t *id)
{
	return id->initiator ? id->initiator_spi : id->responder_spi;
}

static void entry_destroy(entry_t *entry)
{
	DESTROY_IF(entry->other);
	pthread_cond_destroy(&entry->cond);
	free(entry);
}

/* Remove @p key from @p table if it maps to @p entry (a colliding newer
 * entry may have replaced it). */
static void unindex(hashtable_t *table, const void *key, entry_t *entry)
{
	if (table->get(table, key) == entry) {
		table->remove(table, key);
	}
}

static void half_open_add(private_ike_sa_manager_t *this, entry_t *entry)
{
	half_open_t *counter;

	entry->half_open = true;
	this->half_open_total++;
	if (!entry->other) {
		return;
	}
	counter = this->half_open->get(this->half_open, entry->other);
	if (!counter) {
		counter = mem_zalloc(sizeof(*counter));
		counter->ip = entry->other->clone(entry->other);
		this->half_open->put(this->half_open, counter->ip, counter);
	}
	counter->count++;
}

static void half_open_remove(private_ike_sa_manager_t *this, entry_t *entry)
{
	half_open_t *counter;

	if (!entry->half_open) {
		return;
	}
	entry->half_open = false;
	this->half_open_total--;
	if (!entry->other) {
		return;
	}
	counter = this->half_open->get(this->half_open, entry->other);
	if (counter && --counter->count == 0) {
		this->half_open->remove(this->half_open, counter->ip);
		counter->ip->destroy(counter->ip);
		free(counter);
	}
}

static entry_t *entry_add(private_ike_sa_manager_t *this, ike_sa_t *ike_sa)
{
	entry_t *entry = mem_zalloc(sizeof(*entry));

	entry->ike_sa = ike_sa;
	entry->id = *ike_sa->get_id(ike_sa);
	entry->our_spi = our_spi(&entry->id);
	entry->unique_id = ike_sa->get_unique_id(ike_sa);
	entry->checked_out = true;
	pthread_cond_init(&entry->cond, NULL);
	this->by_unique->put(this->by_unique, &entry->unique_id, entry);
	this->by_sa->put(this->by_sa, entry->ike_sa, entry);
	this->by_spi->put(this->by_spi, &entry->our_spi, entry);
	return entry;
}

static void entry_remove(private_ike_sa_manager_t *this, entry_t *entry)
{
	half_open_remove(this, entry);
	unindex(this->by_unique, &entry->unique_id, entry);
	unindex(this->by_sa, entry->ike_sa, entry);
	unindex(this->by_spi, &entry->our_spi, entry);
	if (entry->init.spi_i) {
		unindex(this->by_init, &entry->init, entry);
	}
}

/* Wait until @p entry is free, then take it. Called with the lock held;
 * false if the entry was driven out meanwhile (then it must not be used). */
static bool entry_take(private_ike_sa_manager_t *this, entry_t *entry)
{
	entry->waiting++;
	while (entry->checked_out && !entry->driveout) {
		pthread_cond_wait(&entry->cond, &this->lock);
	}
	entry->waiting--;
	if (entry->driveout) {
		pthread_cond_broadcast(&entry->cond);
		return false;
	}
	entry->checked_out = true;
	charon->bus->set_sa(charon->bus, entry->ike_sa);
	return true;
}

/* The first live entry @p match accepts, walking all of them. */
static entry_t *find_entry(private_ike_sa_manager_t *this, bool (*match)(entry_t *, void *),
			   void *data)
{
	enumerator_t *e = this->by_unique->create_enumerator(this->by_unique);
	entry_t *entry, *found = NULL;

	while (e->enumerate(e, NULL, &entry)) {
		if (!entry->driveout && match(entry, data) &&
		    (!found || entry->unique_id < found->unique_id)) {
			/* the oldest, as a list would have given */
			found = entry;
		}
	}
	e->destroy(e);
	return found;
}

/* The live entry with @p id (our SPI decides, the peer's must not differ). */
static entry_t *find_by_id(private_ike_sa_manager_t *this, const ike_sa_id_t *id)
{
	uint64_t spi = our_spi(id);
	entry_t *entry = this->by_spi->get(this->by_spi, &spi);

	if (entry && !entry->driveout && entry->id.initiator == id->initiator &&
	    ike_sa_id_matches(&entry->id, id)) {
		return entry;
	}
	return NULL;
}

/* A fresh, non-zero SPI no entry uses. Called with the lock held. */
static uint64_t new_spi(private_ike_sa_manager_t *this)
{
	uint64_t spi = 0;

	if (!this->rng) {
		/* plugins load after the manager exists: ask for the RNG on first use */
		this->rng = lib->crypto->create_rng(lib->crypto, RNG_STRONG);
		if (!this->rng) {
			DBG1(DBG_MGR, "no RNG_STRONG available to allocate IKE SPIs");
			return 0;
		}
	}
	for (int tries = 0; tries < 16; tries++) {
		if (!this->rng->get_bytes(this->rng, sizeof(spi), (uint8_t *)&spi)) {
			return 0;
		}
		if (spi && !this->by_spi->get(this->by_spi, &spi)) {
			return spi;
		}
	}
	return 0;
}

static ike_sa_t *checkout(ike_sa_manager_t *public, const ike_sa_id_t *id)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	ike_sa_t *ike_sa = NULL;
	entry_t *entry;

	pthread_mutex_lock(&this->lock);
	entry = find_by_id(this, id);
	if (entry && entry_take(this, entry)) {
		ike_sa = entry->ike_sa;
	}
	pthread_mutex_unlock(&this->lock);
	return ike_sa;
}

static ike_sa_t *checkout_new(ike_sa_manager_t *public, bool initiator)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	ike_sa_id_t id = { .initiator = initiator };
	ike_sa_t *ike_sa;
	uint64_t spi;

	pthread_mutex_lock(&this->lock);
	spi = new_spi(this);
	if (!spi) {
		pthread_mutex_unlock(&this->lock);
		DBG1(DBG_MGR, "no RNG to allocate an IKE SPI");
		return NULL;
	}
	if (initiator) {
		id.initiator_spi = spi;
	} else {
		id.responder_spi = spi;
	}
	ike_sa = ike_sa_create(&id, initiator);
	entry_add(this, ike_sa);
	pthread_mutex_unlock(&this->lock);
	charon->bus->set_sa(charon->bus, ike_sa);
	return ike_sa;
}

/* The responder SA an IKE_SA_INIT request from @p source created before. */
static entry_t *find_by_init(private_ike_sa_manager_t *this, init_key_t *key,
			     host_t *source)
{
	entry_t *entry = this->by_init->get(this->by_init, key);

	if (entry && !entry->driveout && entry->other && source &&
	    entry->other->equals(entry->other, source)) {
		return entry;
	}
	return NULL;
}

static ike_sa_t *checkout_by_message(ike_sa_manager_t *public, message_t *message,
				     host_t *source)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	ike_sa_id_t id = {
		.initiator_spi = message->get_spi_i(message),
		.responder_spi = message->get_spi_r(message),
		/* the I flag is set by the original initiator: then we respond */
		.initiator = !message->get_initiator(message),
	};
	ike_sa_t *ike_sa = NULL;
	entry_t *entry;

	if (message->get_exchange_type(message) == IKE_SA_INIT &&
	    message->get_request(message) && id.responder_spi == 0) {
		init_key_t key = {
			.spi_i = id.initiator_spi,
			.hash = chunk_hash(message->get_packet_data(message)),
		};

		pthread_mutex_lock(&this->lock);
		entry = find_by_init(this, &key, source);
		if (entry) {
			/* a retransmit: the SA answers it again */
			if (entry_take(this, entry)) {
				ike_sa = entry->ike_sa;
			}
			pthread_mutex_unlock(&this->lock);
			return ike_sa;
		}
		id.responder_spi = new_spi(this);
		if (!id.responder_spi) {
			pthread_mutex_unlock(&this->lock);
			return NULL;
		}
		ike_sa = ike_sa_create(&id, false);
		entry = entry_add(this, ike_sa);
		entry->other = source ? source->clone(source) : NULL;
		half_open_add(this, entry);
		if (key.spi_i) {
			entry->init = key;
			this->by_init->put(this->by_init, &entry->init, entry);
		}
		pthread_mutex_unlock(&this->lock);
		charon->bus->set_sa(charon->bus, ike_sa);
		return ike_sa;
	}
	return checkout(public, &id);
}

static bool match_config(entry_t *entry, void *data)
{
	peer_cfg_t *cfg = data, *current;
	ike_sa_state_t state;

	if (entry->checked_out) {
		/* looked at again once it is checked in; skip rather than block */
		return false;
	}
	current = entry->ike_sa->get_peer_cfg(entry->ike_sa);
	state = entry->ike_sa->get_state(entry->ike_sa);
	return current && streq(current->get_name(current), cfg->get_name(cfg)) &&
	       (state == IKE_ESTABLISHED || state == IKE_CONNECTING || state == IKE_CREATED);
}

static ike_sa_t *checkout_by_config(ike_sa_manager_t *public, peer_cfg_t *cfg)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	ike_sa_t *ike_sa = NULL;
	entry_t *entry;

	pthread_mutex_lock(&this->lock);
	entry = find_entry(this, match_config, cfg);
	if (entry && entry_take(this, entry)) {
		ike_sa = entry->ike_sa;
	}
	pthread_mutex_unlock(&this->lock);
	if (ike_sa) {
		return ike_sa;
	}
	ike_sa = checkout_new(public, true);
	if (ike_sa) {
		ike_sa->set_peer_cfg(ike_sa, cfg);
	}
	return ike_sa;
}

/* Check out each SA in turn until @p match accepts one; the rest go back. */
typedef bool (*sa_match_t)(ike_sa_t *ike_sa, const void *data);

static void checkin(ike_sa_manager_t *public, ike_sa_t *ike_sa);
static linked_list_t *snapshot_ids(private_ike_sa_manager_t *this);
static ike_sa_t *take_by_unique_id(private_ike_sa_manager_t *this, uint32_t unique, bool wait);

static ike_sa_t *checkout_matching(private_ike_sa_manager_t *this, sa_match_t match,
				   const void *data)
{
	linked_list_t *ids = snapshot_ids(this);
	ike_sa_t *ike_sa, *found = NULL;
	void *id;

	while (!found && ids->remove_first(ids, &id) == SUCCESS) {
		ike_sa = take_by_unique_id(this, (uint32_t)(uintptr_t)id, true);
		if (!ike_sa) {
			continue;
		}
		if (match(ike_sa, data)) {
			found = ike_sa;
		} else {
			checkin(&this->public, ike_sa);
		}
	}
	ids->destroy(ids);
	return found;
}

static bool match_unique_id(ike_sa_t *ike_sa, const void *data)
{
	return ike_sa->get_unique_id(ike_sa) == *(const uint32_t *)data;
}

static bool match_child_unique_id(ike_sa_t *ike_sa, const void *data)
{
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;
	bool found = false;

	while (!found && e->enumerate(e, &child)) {
		found = child->get_unique_id(child) == *(const uint32_t *)data;
	}
	e->destroy(e);
	return found;
}

static bool match_name(ike_sa_t *ike_sa, const void *data)
{
	return streq(ike_sa->get_name(ike_sa), data);
}

static bool match_child_name(ike_sa_t *ike_sa, const void *data)
{
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;
	bool found = false;

	while (!found && e->enumerate(e, &child)) {
		found = streq(child->get_name(child), data);
	}
	e->destroy(e);
	return found;
}

static ike_sa_t *checkout_by_id(ike_sa_manager_t *public, uint32_t unique_id, bool child)
{
	return checkout_matching((private_ike_sa_manager_t *)public,
				 child ? match_child_unique_id : match_unique_id, &unique_id);
}

static ike_sa_t *checkout_by_name(ike_sa_manager_t *public, const char *name, bool child)
{
	return checkout_matching((private_ike_sa_manager_t *)public,
				 child ? match_child_name : match_name, name);
}

/* The SA's id may have changed while it was out (the peer's SPI learned,
 * a fresh SPI of ours after keyingtries): index it anew. Locked. */
static void update_id(private_ike_sa_manager_t *this, entry_t *entry)
{
	entry->id = *entry->ike_sa->get_id(entry->ike_sa);
	if (our_spi(&entry->id) != entry->our_spi) {
		unindex(this->by_spi, &entry->our_spi, entry);
		entry->our_spi = our_spi(&entry->id);
		this->by_spi->put(this->by_spi, &entry->our_spi, entry);
	}
}

static void checkin(ike_sa_manager_t *public, ike_sa_t *ike_sa)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	entry_t *entry;

	pthread_mutex_lock(&this->lock);
	entry = this->by_sa->get(this->by_sa, ike_sa);
	if (entry) {
		update_id(this, entry);
		if (ike_sa->get_state(ike_sa) == IKE_ESTABLISHED) {
			half_open_remove(this, entry);
		}
		entry->checked_out = false;
		pthread_cond_signal(&entry->cond);
	}
	pthread_mutex_unlock(&this->lock);
	charon->bus->set_sa(charon->bus, NULL);
}

static void checkin_and_destroy(ike_sa_manager_t *public, ike_sa_t *ike_sa)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	entry_t *entry;

	pthread_mutex_lock(&this->lock);
	entry = this->by_sa->get(this->by_sa, ike_sa);
	if (entry) {
		entry->driveout = true;
		pthread_cond_broadcast(&entry->cond);
		while (entry->waiting > 0) {
			pthread_cond_wait(&entry->cond, &this->lock);
		}
		entry_remove(this, entry);
		entry_destroy(entry);
	}
	pthread_mutex_unlock(&this->lock);
	/* the bus still names this SA so destroy-time log lines are attributed */
	ike_sa->destroy(ike_sa);
	charon->bus->set_sa(charon->bus, NULL);
}

/* Check out the SA with @p unique id; without @p wait, skip it if busy. */
static ike_sa_t *take_by_unique_id(private_ike_sa_manager_t *this, uint32_t unique, bool wait)
{
	ike_sa_t *ike_sa = NULL;
	entry_t *found;

	pthread_mutex_lock(&this->lock);
	found = this->by_unique->get(this->by_unique, &unique);
	if (found && found->driveout) {
		found = NULL;
	}
	if (found && (wait || !found->checked_out) && entry_take(this, found)) {
		ike_sa = found->ike_sa;
	}
	pthread_mutex_unlock(&this->lock);
	return ike_sa;
}

/* Enumerates SAs by checking each out; the previous one goes back in. */
typedef struct {
	enumerator_t public;
	ike_sa_t *current;
	private_ike_sa_manager_t *manager;
	linked_list_t *ids;
	bool wait;
} sa_enumerator_t;

static bool sa_enumerate(enumerator_t *public, ...)
{
	sa_enumerator_t *this = (sa_enumerator_t *)public;
	ike_sa_t **out;
	va_list args;
	void *id;

	va_start(args, public);
	out = va_arg(args, ike_sa_t **);
	va_end(args);

	if (this->current) {
		checkin(&this->manager->public, this->current);
		this->current = NULL;
	}
	while (this->ids->remove_first(this->ids, &id) == SUCCESS) {
		this->current = take_by_unique_id(this->manager, (uint32_t)(uintptr_t)id, this->wait);
		if (this->current) {
			*out = this->current;
			return true;
		}
	}
	return false;
}

static void sa_enumerator_destroy(enumerator_t *public)
{
	sa_enumerator_t *this = (sa_enumerator_t *)public;

	if (this->current) {
		checkin(&this->manager->public, this->current);
	}
	this->ids->destroy(this->ids);
	free(this);
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Snapshot of unique ids, oldest (lowest) first. */
static linked_list_t *snapshot_ids(private_ike_sa_manager_t *this)
{
	linked_list_t *ids = linked_list_create();
	uint32_t *sorted;
	unsigned int n = 0, i;
	enumerator_t *e;
	entry_t *entry;

	pthread_mutex_lock(&this->lock);
	sorted = mem_zalloc(sizeof(uint32_t) * (this->by_unique->get_count(this->by_unique) + 1));
	e = this->by_unique->create_enumerator(this->by_unique);
	while (e->enumerate(e, NULL, &entry)) {
		if (!entry->driveout) {
			sorted[n++] = entry->unique_id;
		}
	}
	e->destroy(e);
	pthread_mutex_unlock(&this->lock);
	qsort(sorted, n, sizeof(uint32_t), compare_u32);
	for (i = 0; i < n; i++) {
		ids->insert_last(ids, (void *)(uintptr_t)sorted[i]);
	}
	free(sorted);
	return ids;
}

static enumerator_t *create_enumerator(ike_sa_manager_t *public, bool wait)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	sa_enumerator_t *e = mem_zalloc(sizeof(*e));

	e->public.enumerate = sa_enumerate;
	e->public.destroy = sa_enumerator_destroy;
	e->manager = this;
	e->wait = wait;
	e->ids = snapshot_ids(this);
	return &e->public;
}

typedef struct {
	enumerator_t public;
	linked_list_t *ids;
} id_enumerator_t;

static bool id_enumerate(enumerator_t *public, ...)
{
	id_enumerator_t *this = (id_enumerator_t *)public;
	uint32_t *out;
	va_list args;
	void *id;

	va_start(args, public);
	out = va_arg(args, uint32_t *);
	va_end(args);
	if (this->ids->remove_first(this->ids, &id) != SUCCESS) {
		return false;
	}
	*out = (uint32_t)(uintptr_t)id;
	return true;
}

static void id_enumerator_destroy(enumerator_t *public)
{
	id_enumerator_t *this = (id_enumerator_t *)public;

	this->ids->destroy(this->ids);
	free(this);
}

static enumerator_t *create_id_enumerator(ike_sa_manager_t *public)
{
	id_enumerator_t *e = mem_zalloc(sizeof(*e));

	e->public.enumerate = id_enumerate;
	e->public.destroy = id_enumerator_destroy;
	e->ids = snapshot_ids((private_ike_sa_manager_t *)public);
	return &e->public;
}

static unsigned int get_count(ike_sa_manager_t *public)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	unsigned int count;

	pthread_mutex_lock(&this->lock);
	count = this->by_unique->get_count(this->by_unique);
	pthread_mutex_unlock(&this->lock);
	return count;
}

static unsigned int get_half_open_count(ike_sa_manager_t *public, host_t *ip)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	unsigned int count;
	half_open_t *counter;

	pthread_mutex_lock(&this->lock);
	if (ip) {
		counter = this->half_open->get(this->half_open, ip);
		count = counter ? counter->count : 0;
	} else {
		count = this->half_open_total;
	}
	pthread_mutex_unlock(&this->lock);
	return count;
}

static void flush(ike_sa_manager_t *public)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;
	linked_list_t *ids = snapshot_ids(this);
	void *id;

	while (ids->remove_first(ids, &id) == SUCCESS) {
		ike_sa_t *ike_sa = checkout_by_id(public, (uint32_t)(uintptr_t)id, false);

		if (ike_sa) {
			/* tell the peer, but don't wait for its answer on shutdown */
			if (ike_sa->get_state(ike_sa) == IKE_ESTABLISHED) {
				ike_sa->delete_ike(ike_sa, false);
			}
			checkin_and_destroy(public, ike_sa);
		}
	}
	ids->destroy(ids);
	/* the RNG's code lives in a plugin, unloaded after the flush */
	pthread_mutex_lock(&this->lock);
	DESTROY_IF(this->rng);
	this->rng = NULL;
	pthread_mutex_unlock(&this->lock);
}

static void destroy_entry(void *value, const void *key)
{
	entry_t *entry = value;

	entry->ike_sa->destroy(entry->ike_sa);
	entry_destroy(entry);
}

static void destroy_half_open(void *value, const void *key)
{
	half_open_t *counter = value;

	counter->ip->destroy(counter->ip);
	free(counter);
}

static void destroy(ike_sa_manager_t *public)
{
	private_ike_sa_manager_t *this = (private_ike_sa_manager_t *)public;

	this->by_sa->destroy(this->by_sa);
	this->by_spi->destroy(this->by_spi);
	this->by_init->destroy(this->by_init);
	this->half_open->destroy_function(this->half_open, destroy_half_open);
	this->by_unique->destroy_function(this->by_unique, destroy_entry);
	DESTROY_IF(this->rng);
	pthread_mutex_destroy(&this->lock);
	free(this);
}

ike_sa_manager_t *ike_sa_manager_create(void)
{
	private_ike_sa_manager_t *this = mem_zalloc(sizeof(*this));

	this->public = (ike_sa_manager_t){
		.checkout = checkout,
		.checkout_new = checkout_new,
		.checkout_by_message = checkout_by_message,
		.checkout_by_config = checkout_by_config,
		.checkout_by_id = checkout_by_id,
		.checkout_by_name = checkout_by_name,
		.checkin = checkin,
		.checkin_and_destroy = checkin_and_destroy,
		.create_enumerator = create_enumerator,
		.create_id_enumerator = create_id_enumerator,
		.get_count = get_count,
		.get_half_open_count = get_half_open_count,
		.flush = flush,
		.destroy = destroy,
	};
	this->by_unique = hashtable_create(hash_u32, equals_u32, 64);
	this->by_sa = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 64);
	this->by_spi = hashtable_create(hash_u64, equals_u64, 64);
	this->by_init = hashtable_create(hash_init, equals_init, 64);
	this->half_open = hashtable_create(hash_ip, equals_ip, 16);
	pthread_mutex_init(&this->lock, NULL);
	return &this->public;
}
