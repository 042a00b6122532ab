/*
 * Policies live in one array sorted by priority. Each holds a borrowed
 * pointer to its reqid's SA, owned by the bindings array; both are only
 * changed under the write lock, lookups take a reference under the read
 * lock so an SA outlives the packet being processed.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "esp_spd.h"

typedef struct {
	esp_ts_t src;
	esp_ts_t dst;
	uint32_t reqid;
	uint32_t priority;
	/** Borrowed from bindings, NULL while unbound. */
	esp_sa_t *sa;
} policy_t;

typedef struct {
	uint32_t reqid;
	esp_sa_t *sa;
} binding_t;

typedef struct private_esp_spd_t private_esp_spd_t;

struct private_esp_spd_t {
	esp_spd_t public;
	pthread_rwlock_t lock;
	policy_t *policies;
	unsigned int count;
	unsigned int size;
	binding_t *bindings;
	unsigned int nbindings;
};

static esp_sa_t *bound_sa(private_esp_spd_t *this, uint32_t reqid)
{
	unsigned int i;

	for (i = 0; i < this->nbindings; i++) {
		if (this->bindings[i].reqid == reqid) {
			return this->bindings[i].sa;
		}
	}
	return NULL;
}

static status_t add_policy(esp_spd_t *public, const esp_ts_t *src,
			   const esp_ts_t *dst, uint32_t reqid, uint32_t priority)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	unsigned int i, pos;
	policy_t *grown;

	if (reqid == 0 || src->family != dst->family) {
		return INVALID_ARG;
	}
	pthread_rwlock_wrlock(&this->lock);
	for (i = 0; i < this->count; i++) {
		if (this->policies[i].reqid == reqid &&
		    esp_ts_equals(&this->policies[i].src, src) &&
		    esp_ts_equals(&this->policies[i].dst, dst)) {
			pthread_rwlock_unlock(&this->lock);
			return ALREADY_DONE;
		}
	}
	if (this->count == this->size) {
		grown = realloc(this->policies, (this->size ?: 4) * 2 * sizeof(policy_t));
		if (!grown) {
			pthread_rwlock_unlock(&this->lock);
			return OUT_OF_RES;
		}
		this->policies = grown;
		this->size = (this->size ?: 4) * 2;
	}
	for (pos = 0; pos < this->count; pos++) {
		if (this->policies[pos].priority > priority) {
			break;
		}
	}
	memmove(&this->policies[pos + 1], &this->policies[pos],
		(this->count - pos) * sizeof(policy_t));
	this->policies[pos] = (policy_t){
		.src = *src,
		.dst = *dst,
		.reqid = reqid,
		.priority = priority,
		.sa = bound_sa(this, reqid),
	};
	this->count++;
	pthread_rwlock_unlock(&this->lock);
	return SUCCESS;
}

static status_t del_policy(esp_spd_t *public, const esp_ts_t *src,
			   const esp_ts_t *dst, uint32_t reqid)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	unsigned int i;

	pthread_rwlock_wrlock(&this->lock);
	for (i = 0; i < this->count; i++) {
		if (this->policies[i].reqid == reqid &&
		    esp_ts_equals(&this->policies[i].src, src) &&
		    esp_ts_equals(&this->policies[i].dst, dst)) {
			memmove(&this->policies[i], &this->policies[i + 1],
				(this->count - i - 1) * sizeof(policy_t));
			this->count--;
			pthread_rwlock_unlock(&this->lock);
			return SUCCESS;
		}
	}
	pthread_rwlock_unlock(&this->lock);
	return NOT_FOUND;
}

static status_t set_sa(esp_spd_t *public, uint32_t reqid, esp_sa_t *sa)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	esp_sa_t *old = NULL;
	binding_t *grown;
	unsigned int i;

	pthread_rwlock_wrlock(&this->lock);
	for (i = 0; i < this->nbindings; i++) {
		if (this->bindings[i].reqid == reqid) {
			break;
		}
	}
	if (i < this->nbindings) {
		old = this->bindings[i].sa;
		if (sa) {
			this->bindings[i].sa = sa->get_ref(sa);
		} else {
			this->bindings[i] = this->bindings[--this->nbindings];
		}
	} else if (sa) {
		grown = realloc(this->bindings, (this->nbindings + 1) * sizeof(binding_t));
		if (!grown) {
			pthread_rwlock_unlock(&this->lock);
			return OUT_OF_RES;
		}
		this->bindings = grown;
		this->bindings[this->nbindings++] = (binding_t){ reqid, sa->get_ref(sa) };
	}
	for (i = 0; i < this->count; i++) {
		if (this->policies[i].reqid == reqid) {
			this->policies[i].sa = sa;
		}
	}
	pthread_rwlock_unlock(&this->lock);
	/* lookups that already hold a reference keep the old SA alive */
	DESTROY_IF(old);
	return SUCCESS;
}

static esp_sa_t *lookup_flow(esp_spd_t *public, const esp_flow_t *flow,
			     uint32_t *reqid)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	esp_sa_t *sa = NULL;
	policy_t *policy;
	unsigned int i;

	*reqid = 0;
	pthread_rwlock_rdlock(&this->lock);
	for (i = 0; i < this->count; i++) {
		policy = &this->policies[i];
		if (esp_ts_match(&policy->src, flow, true) &&
		    esp_ts_match(&policy->dst, flow, false)) {
			*reqid = policy->reqid;
			if (policy->sa) {
				sa = policy->sa->get_ref(policy->sa);
			}
			break;
		}
	}
	pthread_rwlock_unlock(&this->lock);
	return sa;
}

static esp_sa_t *lookup(esp_spd_t *public, const uint8_t *pkt, size_t len,
			uint32_t *reqid)
{
	esp_flow_t flow;

	if (!esp_flow_parse(pkt, len, &flow)) {
		*reqid = 0;
		return NULL;
	}
	return lookup_flow(public, &flow, reqid);
}

static unsigned int get_count(esp_spd_t *public)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	unsigned int count;

	pthread_rwlock_rdlock(&this->lock);
	count = this->count;
	pthread_rwlock_unlock(&this->lock);
	return count;
}

static void destroy(esp_spd_t *public)
{
	private_esp_spd_t *this = (private_esp_spd_t *)public;
	unsigned int i;

	for (i = 0; i < this->nbindings; i++) {
		this->bindings[i].sa->destroy(this->bindings[i].sa);
	}
	free(this->bindings);
	free(this->policies);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

esp_spd_t *esp_spd_create(void)
{
	private_esp_spd_t *this = mem_zalloc(sizeof(*this));
	pthread_rwlockattr_t attr;

	*this = (private_esp_spd_t){
		.public = {
			.add_policy = add_policy,
			.del_policy = del_policy,
			.set_sa = set_sa,
			.lookup = lookup,
			.lookup_flow = lookup_flow,
			.get_count = get_count,
			.destroy = destroy,
		},
	};
	/* policy changes must not starve behind a steady stream of lookups */
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
				PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&this->lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	return &this->public;
}
