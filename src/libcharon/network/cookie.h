/**
 * @file cookie.h
 * Stateless COOKIEs for IKE_SA_INIT (RFC 7296 §2.6).
 *
 * Under load the responder answers an IKE_SA_INIT request that lacks a
 * valid cookie with one and keeps no state; only an initiator that can
 * receive at its address returns it. A cookie is
 * VersionID (4 bytes) | SHA-256(Ni | IPi | SPIi | secret). The secret is
 * replaced after a lifetime; cookies made with the previous one still
 * verify, so a rotation does not fail initiators that are mid-exchange.
 */
#ifndef CHARON_COOKIE_H
#define CHARON_COOKIE_H

#include "library.h"
#include "networking/host.h"

/** Length of our cookies: version and SHA-256. */
#define COOKIE_LEN (4 + 32)

typedef struct cookie_jar_t cookie_jar_t;

struct cookie_jar_t {
	/**
	 * The cookie for an IKE_SA_INIT request (rotating the secret first if
	 * it has expired).
	 * @param ni		the initiator's nonce
	 * @param ip		the initiator's address (port ignored)
	 * @param spi_i		the initiator's SPI as message_t gives it
	 * @param cookie	receives an allocated cookie
	 * @return		false if hashing failed
	 */
	bool (*create)(cookie_jar_t *this, chunk_t ni, host_t *ip, uint64_t spi_i,
		       chunk_t *cookie);
	/** True if @p cookie is what create() gives (or gave with the
	 *  previous secret) for these values. Constant time in the hash. */
	bool (*verify)(cookie_jar_t *this, chunk_t cookie, chunk_t ni, host_t *ip,
		       uint64_t spi_i);
	/** Replace the secret now; the previous one stays valid for verify(). */
	bool (*rotate)(cookie_jar_t *this);
	void (*destroy)(cookie_jar_t *this);
};

/**
 * A jar with a fresh secret, rotated every @p lifetime seconds.
 * NULL if no SHA-256 hasher or strong RNG is available.
 */
cookie_jar_t *cookie_jar_create(uint32_t lifetime);

#endif
