/**
 * @file ocsp_cache.h
 * Certificate status answers from OCSP responders, kept until their
 * nextUpdate so one answer serves every IKE_SA until then (and so
 * `ipsec listocsp` can show them, `ipsec purgeocsp` forget them).
 */
#ifndef CYGNET_OCSP_CACHE_H
#define CYGNET_OCSP_CACHE_H

#include "library.h"
#include "collections/enumerator.h"
#include "utils/identification.h"
#include "credentials/certificates/certificate.h"

/** Most answers kept; when full, the one expiring first makes room. */
#define OCSP_CACHE_MAX 1024

/** One answer about one certificate. */
typedef struct ocsp_status_t {
	/** serial number of the certificate asked about */
	chunk_t serial;
	/** its subject (for listings) and issuer */
	identification_t *subject;
	identification_t *issuer;
	/** who signed the answer (NULL if unknown) */
	identification_t *responder;
	/** where it came from */
	char *uri;
	/** VALIDATION_GOOD, _REVOKED or _ON_HOLD */
	cert_validation_t status;
	/** thisUpdate and nextUpdate of the answer */
	time_t this_update;
	time_t next_update;
} ocsp_status_t;

typedef struct ocsp_cache_t ocsp_cache_t;

struct ocsp_cache_t {
	/**
	 * Keep a copy of @p status (serial, issuer and next_update required),
	 * replacing an answer for the same certificate.
	 */
	void (*add)(ocsp_cache_t *this, const ocsp_status_t *status);
	/**
	 * The status of the certificate with @p serial issued by @p issuer if
	 * an answer for it is still current; an outdated one is dropped.
	 */
	bool (*lookup)(ocsp_cache_t *this, chunk_t serial,
		       identification_t *issuer, cert_validation_t *status);
	/**
	 * The answers, oldest first: enumerate(e, const ocsp_status_t **s);
	 * works on copies.
	 */
	enumerator_t *(*create_enumerator)(ocsp_cache_t *this);
	/** Forget every answer; returns how many there were. */
	int (*flush)(ocsp_cache_t *this);
	void (*destroy)(ocsp_cache_t *this);
};

ocsp_cache_t *ocsp_cache_create(void);

#endif
