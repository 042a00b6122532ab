/*
 * COOKIE computation and verification with two generations of secrets.
 */
#include <pthread.h>
#include <time.h>

#include "network/cookie.h"
#include "crypto/crypto_factory.h"

#define SECRET_LEN 32
#define HASH_LEN (COOKIE_LEN - 4)

typedef struct secret_t {
	uint8_t key[SECRET_LEN];
	uint32_t version;
	bool valid;
} secret_t;

typedef struct private_cookie_jar_t {
	cookie_jar_t public;
	pthread_mutex_t mutex;
	hasher_t *hasher;
	rng_t *rng;
	secret_t current;
	secret_t previous;
	uint32_t lifetime;
	time_t created;
} private_cookie_jar_t;

static time_t now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* SHA-256(Ni | IPi | SPIi | secret); caller holds the mutex */
static bool compute(private_cookie_jar_t *this, const secret_t *secret, chunk_t ni,
		    host_t *ip, uint64_t spi_i, uint8_t *out)
{
	uint8_t spi[8];
	int i;

	for (i = 0; i < 8; i++) {
		spi[i] = spi_i >> (56 - 8 * i);
	}
	if (this->hasher->get_hash(this->hasher, ni, NULL) &&
	    this->hasher->get_hash(this->hasher, ip->get_address(ip), NULL) &&
	    this->hasher->get_hash(this->hasher, chunk_from_thing(spi), NULL) &&
	    this->hasher->get_hash(this->hasher,
				   chunk_create((void *)secret->key, SECRET_LEN), out)) {
		return true;
	}
	/* do not let a half-fed hash leak into the next cookie */
	this->hasher->reset(this->hasher);
	return false;
}

static bool rotate_locked(private_cookie_jar_t *this)
{
	secret_t next = { .version = this->current.version + 1, .valid = true };

	if (!this->rng->get_bytes(this->rng, SECRET_LEN, next.key)) {
		DBG1(DBG_NET, "no random bytes for a new cookie secret");
		return false;
	}
	memwipe(&this->previous, sizeof(this->previous));
	this->previous = this->current;
	this->current = next;
	memwipe(&next, sizeof(next));
	this->created = now_mono();
	return true;
}

static bool rotate(cookie_jar_t *public)
{
	private_cookie_jar_t *this = (private_cookie_jar_t *)public;
	bool ok;

	pthread_mutex_lock(&this->mutex);
	ok = rotate_locked(this);
	pthread_mutex_unlock(&this->mutex);
	return ok;
}

static bool create(cookie_jar_t *public, chunk_t ni, host_t *ip, uint64_t spi_i,
		   chunk_t *cookie)
{
	private_cookie_jar_t *this = (private_cookie_jar_t *)public;
	uint8_t buf[COOKIE_LEN];
	bool ok;

	pthread_mutex_lock(&this->mutex);
	if (now_mono() - this->created >= (time_t)this->lifetime) {
		/* on failure the old secret simply serves a while longer */
		rotate_locked(this);
	}
	put_u32(buf, this->current.version);
	ok = compute(this, &this->current, ni, ip, spi_i, buf + 4);
	pthread_mutex_unlock(&this->mutex);
	if (ok) {
		*cookie = chunk_clone(chunk_from_thing(buf));
	}
	return ok;
}

static bool verify(cookie_jar_t *public, chunk_t cookie, chunk_t ni, host_t *ip,
		   uint64_t spi_i)
{
	private_cookie_jar_t *this = (private_cookie_jar_t *)public;
	uint8_t expected[HASH_LEN];
	const secret_t *secret = NULL;
	uint32_t version;
	bool ok = false;

	if (cookie.len != COOKIE_LEN) {
		return false;
	}
	version = (uint32_t)cookie.ptr[0] << 24 | (uint32_t)cookie.ptr[1] << 16 |
		  (uint32_t)cookie.ptr[2] << 8 | cookie.ptr[3];
	pthread_mutex_lock(&this->mutex);
	if (version == this->current.version) {
		secret = &this->current;
	} else if (this->previous.valid && version == this->previous.version) {
		secret = &this->previous;
	}
	if (secret && compute(this, secret, ni, ip, spi_i, expected)) {
		ok = chunk_equals_const(chunk_from_thing(expected),
					chunk_skip(cookie, 4));
	}
	pthread_mutex_unlock(&this->mutex);
	return ok;
}

static void destroy(cookie_jar_t *public)
{
	private_cookie_jar_t *this = (private_cookie_jar_t *)public;

	DESTROY_IF(this->hasher);
	DESTROY_IF(this->rng);
	pthread_mutex_destroy(&this->mutex);
	memwipe(this, sizeof(*this));
	free(this);
}

cookie_jar_t *cookie_jar_create(uint32_t lifetime)
{
	private_cookie_jar_t *this = mem_zalloc(sizeof(*this));

	this->public = (cookie_jar_t){
		.create = create,
		.verify = verify,
		.rotate = rotate,
		.destroy = destroy,
	};
	pthread_mutex_init(&this->mutex, NULL);
	this->lifetime = lifetime;
	this->hasher = lib->crypto->create_hasher(lib->crypto, HASH_SHA256);
	this->rng = lib->crypto->create_rng(lib->crypto, RNG_STRONG);
	if (!this->hasher || !this->rng || !rotate_locked(this)) {
		DBG1(DBG_NET, "COOKIEs need SHA-256 and a strong RNG");
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
