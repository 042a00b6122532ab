/*
 * Pool addresses are kept as offsets from a base address, so IPv4 and IPv6
 * pools work alike. Leases are few (one per identity ever served), so they
 * live in a plain array searched linearly.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attributes/mem_pool.h"
#include "bus/debug.h"

typedef struct {
	identification_t *id;
	uint32_t offset;
	/* IKE_SAs holding the lease; 0: offline */
	uint32_t online;
	/* when it went offline, to reassign the oldest first */
	uint64_t released;
} lease_t;

typedef struct private_mem_pool_t {
	mem_pool_t public;
	char *name;
	int family;
	uint8_t base[16];
	uint32_t size;
	lease_t *leases;
	uint32_t count, alloc;
	/* offsets below this were leased at some time */
	uint32_t next;
	uint64_t clock;
} private_mem_pool_t;

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* base + offset, carrying through the address bytes */
static host_t *offset_host(private_mem_pool_t *this, uint32_t offset)
{
	size_t len = addr_len(this->family);
	uint8_t addr[16];
	uint64_t carry = offset;

	memcpy(addr, this->base, len);
	for (size_t i = len; i-- > 0 && carry;) {
		carry += addr[i];
		addr[i] = (uint8_t)carry;
		carry >>= 8;
	}
	return host_create_from_chunk(this->family, chunk_create(addr, len), 0);
}

/* Offset of @p host in the pool; false if outside. */
static bool host_offset(private_mem_pool_t *this, host_t *host, uint32_t *offset)
{
	size_t len = addr_len(this->family);
	chunk_t addr;
	uint64_t diff = 0;
	int borrow = 0;
	uint8_t d[16];

	if (!host || host->get_family(host) != this->family) {
		return false;
	}
	addr = host->get_address(host);
	for (size_t i = len; i-- > 0;) {
		int v = addr.ptr[i] - this->base[i] - borrow;

		borrow = v < 0;
		d[i] = (uint8_t)(v + (borrow ? 256 : 0));
	}
	if (borrow) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (i < len - 4 && d[i]) {
			return false;
		}
		if (i >= len - 4) {
			diff = (diff << 8) | d[i];
		}
	}
	if (diff >= this->size) {
		return false;
	}
	*offset = (uint32_t)diff;
	return true;
}

static lease_t *find_offset(private_mem_pool_t *this, uint32_t offset)
{
	for (uint32_t i = 0; i < this->count; i++) {
		if (this->leases[i].offset == offset) {
			return &this->leases[i];
		}
	}
	return NULL;
}

static lease_t *find_id(private_mem_pool_t *this, identification_t *id)
{
	for (uint32_t i = 0; i < this->count; i++) {
		if (this->leases[i].id->equals(this->leases[i].id, id)) {
			return &this->leases[i];
		}
	}
	return NULL;
}

static lease_t *new_lease(private_mem_pool_t *this, identification_t *id, uint32_t offset)
{
	lease_t *lease;

	if (this->count == this->alloc) {
		this->alloc = this->alloc ? this->alloc * 2 : 8;
		this->leases = realloc(this->leases, this->alloc * sizeof(lease_t));
	}
	lease = &this->leases[this->count++];
	*lease = (lease_t){ .id = id->clone(id), .offset = offset };
	return lease;
}

static const char *get_name(mem_pool_t *public)
{
	return ((private_mem_pool_t *)public)->name;
}

static int get_family(mem_pool_t *public)
{
	return ((private_mem_pool_t *)public)->family;
}

static uint32_t get_size(mem_pool_t *public)
{
	return ((private_mem_pool_t *)public)->size;
}

static uint32_t count_leases(private_mem_pool_t *this, bool online)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < this->count; i++) {
		n += (this->leases[i].online > 0) == online;
	}
	return n;
}

static uint32_t get_online(mem_pool_t *public)
{
	return count_leases((private_mem_pool_t *)public, true);
}

static uint32_t get_offline(mem_pool_t *public)
{
	return count_leases((private_mem_pool_t *)public, false);
}

/* The lease to hand out, NULL if the pool is exhausted. */
static lease_t *choose_lease(private_mem_pool_t *this, identification_t *id, host_t *requested)
{
	lease_t *lease = find_id(this, id), *oldest = NULL;
	uint32_t offset;

	if (lease) {
		return lease;
	}
	if (requested && !requested->is_anyaddr(requested) &&
	    host_offset(this, requested, &offset) && !find_offset(this, offset)) {
		return new_lease(this, id, offset);
	}
	while (this->next < this->size) {
		offset = this->next++;
		if (!find_offset(this, offset)) {
			return new_lease(this, id, offset);
		}
	}
	for (uint32_t i = 0; i < this->count; i++) {
		lease = &this->leases[i];
		if (!lease->online && (!oldest || lease->released < oldest->released)) {
			oldest = lease;
		}
	}
	if (oldest) {
		oldest->id->destroy(oldest->id);
		oldest->id = id->clone(id);
	}
	return oldest;
}

static host_t *acquire_address(mem_pool_t *public, identification_t *id, host_t *requested)
{
	private_mem_pool_t *this = (private_mem_pool_t *)public;
	lease_t *lease;

	if (!id) {
		return NULL;
	}
	lease = choose_lease(this, id, requested);
	if (!lease) {
		DBG1(DBG_CFG, "pool '%s' is exhausted (%u addresses)", this->name, this->size);
		return NULL;
	}
	lease->online++;
	return offset_host(this, lease->offset);
}

static bool release_address(mem_pool_t *public, host_t *address, identification_t *id)
{
	private_mem_pool_t *this = (private_mem_pool_t *)public;
	lease_t *lease;
	uint32_t offset;

	if (!id || !host_offset(this, address, &offset)) {
		return false;
	}
	lease = find_offset(this, offset);
	if (!lease || !lease->online || !lease->id->equals(lease->id, id)) {
		return false;
	}
	if (--lease->online == 0) {
		lease->released = ++this->clock;
	}
	return true;
}

static bool contains(mem_pool_t *public, host_t *address)
{
	uint32_t offset;

	return host_offset((private_mem_pool_t *)public, address, &offset);
}

typedef struct {
	enumerator_t public;
	private_mem_pool_t *pool;
	lease_t *sorted;
	uint32_t pos;
	host_t *current;
} lease_enumerator_t;

static int by_offset(const void *a, const void *b)
{
	const lease_t *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool lease_enumerate(enumerator_t *public, ...)
{
	lease_enumerator_t *this = (lease_enumerator_t *)public;
	host_t **address;
	identification_t **id;
	bool *online;
	lease_t *lease;
	va_list args;

	DESTROY_IF(this->current);
	this->current = NULL;
	if (this->pos >= this->pool->count) {
		return false;
	}
	lease = &this->sorted[this->pos++];
	this->current = offset_host(this->pool, lease->offset);
	va_start(args, public);
	address = va_arg(args, host_t **);
	id = va_arg(args, identification_t **);
	online = va_arg(args, bool *);
	va_end(args);
	*address = this->current;
	*id = lease->id;
	if (online) {
		*online = lease->online > 0;
	}
	return true;
}

static void lease_enumerator_destroy(enumerator_t *public)
{
	lease_enumerator_t *this = (lease_enumerator_t *)public;

	DESTROY_IF(this->current);
	free(this->sorted);
	free(this);
}

static enumerator_t *create_lease_enumerator(mem_pool_t *public)
{
	private_mem_pool_t *this = (private_mem_pool_t *)public;
	lease_enumerator_t *e = mem_zalloc(sizeof(*e));

	e->public = (enumerator_t){
		.enumerate = lease_enumerate,
		.destroy = lease_enumerator_destroy,
	};
	e->pool = this;
	if (this->count) {
		e->sorted = malloc(this->count * sizeof(lease_t));
		memcpy(e->sorted, this->leases, this->count * sizeof(lease_t));
		qsort(e->sorted, this->count, sizeof(lease_t), by_offset);
	}
	return &e->public;
}

static void destroy(mem_pool_t *public)
{
	private_mem_pool_t *this = (private_mem_pool_t *)public;

	for (uint32_t i = 0; i < this->count; i++) {
		this->leases[i].id->destroy(this->leases[i].id);
	}
	free(this->leases);
	free(this->name);
	free(this);
}

/* Size of [from, to] if it fits, 0 otherwise. */
static uint32_t range_size(int family, const uint8_t *from, const uint8_t *to)
{
	size_t len = addr_len(family);
	uint64_t diff = 0;
	int borrow = 0;
	uint8_t d[16];

	for (size_t i = len; i-- > 0;) {
		int v = to[i] - from[i] - borrow;

		borrow = v < 0;
		d[i] = (uint8_t)(v + (borrow ? 256 : 0));
	}
	if (borrow) {
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		if (i < len - 4 && d[i]) {
			return 0;
		}
		if (i >= len - 4) {
			diff = (diff << 8) | d[i];
		}
	}
	return diff + 1 > MEM_POOL_MAX_SIZE ? 0 : (uint32_t)(diff + 1);
}

/* Fill base/size from "net/prefix", "from-to" or "addr"; false if invalid. */
static bool parse_spec(private_mem_pool_t *this, const char *spec)
{
	char buf[128], *dash;
	host_t *from, *to;
	int prefix, bits;
	chunk_t a, b;

	if (strlen(spec) >= sizeof(buf)) {
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", spec);
	dash = strchr(buf, '-');
	if (dash) {
		*dash = '\0';
		from = host_create_from_string(buf, 0);
		to = host_create_from_string(dash + 1, 0);
		if (!from || !to || from->get_family(from) != to->get_family(to)) {
			DESTROY_IF(from);
			DESTROY_IF(to);
			return false;
		}
		this->family = from->get_family(from);
		a = from->get_address(from);
		b = to->get_address(to);
		memcpy(this->base, a.ptr, a.len);
		this->size = range_size(this->family, a.ptr, b.ptr);
		from->destroy(from);
		to->destroy(to);
		return this->size > 0;
	}
	if (!strchr(buf, '/')) {
		from = host_create_from_string(buf, 0);
		if (!from) {
			return false;
		}
		this->family = from->get_family(from);
		a = from->get_address(from);
		memcpy(this->base, a.ptr, a.len);
		this->size = 1;
		from->destroy(from);
		return true;
	}
	from = host_create_from_subnet(buf, &prefix);
	if (!from) {
		return false;
	}
	this->family = from->get_family(from);
	a = from->get_address(from);
	memcpy(this->base, a.ptr, a.len);
	from->destroy(from);
	for (int i = 0; i < (int)addr_len(this->family); i++) {
		int keep = prefix - i * 8;

		this->base[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
	bits = (int)addr_len(this->family) * 8 - prefix;
	if (bits < 0 || bits > 24) {
		/* beyond MEM_POOL_MAX_SIZE: use its first addresses only */
		bits = bits < 0 ? 0 : 24;
		this->size = bits ? MEM_POOL_MAX_SIZE : 1;
	} else {
		this->size = 1u << bits;
	}
	if (this->size > 2) {
		/* the subnet's network and broadcast addresses are not handed out */
		this->size -= 2;
		for (size_t i = addr_len(this->family); i-- > 0;) {
			if (++this->base[i]) {
				break;
			}
		}
	}
	return true;
}

mem_pool_t *mem_pool_create_from_string(const char *spec)
{
	private_mem_pool_t *this;

	if (!spec) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_mem_pool_t){
		.public = {
			.get_name = get_name,
			.get_family = get_family,
			.get_size = get_size,
			.get_online = get_online,
			.get_offline = get_offline,
			.acquire_address = acquire_address,
			.release_address = release_address,
			.contains = contains,
			.create_lease_enumerator = create_lease_enumerator,
			.destroy = destroy,
		},
	};
	if (!parse_spec(this, spec)) {
		DBG1(DBG_CFG, "invalid address pool '%s'", spec);
		free(this);
		return NULL;
	}
	this->name = strdup(spec);
	return &this->public;
}
