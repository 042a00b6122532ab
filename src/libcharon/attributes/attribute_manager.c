/*
 * Pools stay for the daemon's lifetime once a conn named them, so leases
 * (and the addresses identities had) survive a conn being reloaded.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "attributes/attribute_manager.h"
#include "bus/debug.h"

typedef struct private_attribute_manager_t {
	attribute_manager_t public;
	linked_list_t *pools;
	pthread_mutex_t lock;
} private_attribute_manager_t;

static mem_pool_t *find_pool(private_attribute_manager_t *this, const char *name)
{
	enumerator_t *e = this->pools->create_enumerator(this->pools);
	mem_pool_t *pool, *found = NULL;

	while (e->enumerate(e, &pool)) {
		if (streq(pool->get_name(pool), name)) {
			found = pool;
			break;
		}
	}
	e->destroy(e);
	return found;
}

static bool add_pool(attribute_manager_t *public, const char *spec)
{
	private_attribute_manager_t *this = (private_attribute_manager_t *)public;
	mem_pool_t *pool;
	bool ok = true;

	pthread_mutex_lock(&this->lock);
	if (!find_pool(this, spec)) {
		pool = mem_pool_create_from_string(spec);
		if (pool) {
			this->pools->insert_last(this->pools, pool);
			DBG1(DBG_CFG, "adding virtual IP address pool %s", spec);
		} else {
			ok = false;
		}
	}
	pthread_mutex_unlock(&this->lock);
	return ok;
}

static host_t *acquire_address(attribute_manager_t *public, linked_list_t *pools,
			       identification_t *id, int family, host_t *requested,
			       char **name)
{
	private_attribute_manager_t *this = (private_attribute_manager_t *)public;
	enumerator_t *e;
	mem_pool_t *pool;
	host_t *vip = NULL;
	char *pname;

	if (!pools) {
		return NULL;
	}
	pthread_mutex_lock(&this->lock);
	e = pools->create_enumerator(pools);
	while (!vip && e->enumerate(e, &pname)) {
		pool = find_pool(this, pname);
		if (!pool || pool->get_family(pool) != family) {
			continue;
		}
		vip = pool->acquire_address(pool, id, requested);
		if (vip && name) {
			*name = strdup(pname);
		}
	}
	e->destroy(e);
	pthread_mutex_unlock(&this->lock);
	return vip;
}

static bool release_address(attribute_manager_t *public, const char *name, host_t *address,
			    identification_t *id)
{
	private_attribute_manager_t *this = (private_attribute_manager_t *)public;
	mem_pool_t *pool;
	bool ok = false;

	pthread_mutex_lock(&this->lock);
	pool = name ? find_pool(this, name) : NULL;
	if (pool) {
		ok = pool->release_address(pool, address, id);
	}
	pthread_mutex_unlock(&this->lock);
	return ok;
}

typedef struct {
	enumerator_t public;
	enumerator_t *inner;
	private_attribute_manager_t *manager;
} locked_enumerator_t;

static bool locked_enumerate(enumerator_t *public, ...)
{
	locked_enumerator_t *this = (locked_enumerator_t *)public;
	mem_pool_t **out;
	va_list args;

	va_start(args, public);
	out = va_arg(args, mem_pool_t **);
	va_end(args);
	return this->inner->enumerate(this->inner, out);
}

static void locked_destroy(enumerator_t *public)
{
	locked_enumerator_t *this = (locked_enumerator_t *)public;

	this->inner->destroy(this->inner);
	pthread_mutex_unlock(&this->manager->lock);
	free(this);
}

static enumerator_t *create_pool_enumerator(attribute_manager_t *public)
{
	private_attribute_manager_t *this = (private_attribute_manager_t *)public;
	locked_enumerator_t *e = mem_zalloc(sizeof(*e));

	pthread_mutex_lock(&this->lock);
	*e = (locked_enumerator_t){
		.public = { .enumerate = locked_enumerate, .destroy = locked_destroy },
		.inner = this->pools->create_enumerator(this->pools),
		.manager = this,
	};
	return &e->public;
}

static void destroy(attribute_manager_t *public)
{
	private_attribute_manager_t *this = (private_attribute_manager_t *)public;

	this->pools->destroy_offset(this->pools, DESTROY_OFFSET(mem_pool_t));
	pthread_mutex_destroy(&this->lock);
	free(this);
}

attribute_manager_t *attribute_manager_create(void)
{
	private_attribute_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (private_attribute_manager_t){
		.public = {
			.add_pool = add_pool,
			.acquire_address = acquire_address,
			.release_address = release_address,
			.create_pool_enumerator = create_pool_enumerator,
			.destroy = destroy,
		},
		.pools = linked_list_create(),
	};
	pthread_mutex_init(&this->lock, NULL);
	return &this->public;
}
