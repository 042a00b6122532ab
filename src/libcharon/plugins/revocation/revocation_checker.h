/*
 * The two network checks the plugin performs; each returns a
 * cert_validation_t (VALIDATION_SKIPPED when the certificate names no URI).
 */
#ifndef CYGNET_REVOCATION_CHECKER_H
#define CYGNET_REVOCATION_CHECKER_H

#include "credentials/credential_manager.h"

/**
 * Fetch the CRLs named in @p subject's distribution points (then those
 * configured for its issuer), check them
 * against @p issuer and cache a valid one in @p creds (so later checks use
 * it until its nextUpdate).
 */
cert_validation_t revocation_check_crl(credential_manager_t *creds,
				       certificate_t *subject,
				       certificate_t *issuer);

/**
 * Ask the OCSP responders in @p subject's authorityInfoAccess, then those
 * configured for its issuer; definitive answers are kept in @p creds' OCSP
 * cache until their nextUpdate.
 */
cert_validation_t revocation_check_ocsp(credential_manager_t *creds,
					certificate_t *subject,
					certificate_t *issuer);

/**
 * URIs to ask about @p subject (an X.509 certificate): of @p type
 * CERT_X509_CRL (distribution points) or CERT_X509_OCSP_RESPONSE
 * (responders), its own first, then those configured in @p creds for
 * @p issuer (may be NULL). enumerate(e, const char **uri).
 */
enumerator_t *revocation_uris(credential_manager_t *creds, certificate_t *subject,
			      identification_t *issuer, certificate_type_t type);

/**
 * Build an OCSP request for @p subject with a fresh nonce; @p state
 * receives what revocation_ocsp_parse() needs (free with
 * revocation_ocsp_free()).
 */
bool revocation_ocsp_request(certificate_t *subject, certificate_t *issuer,
			     chunk_t *request, void **state);

/** Verify and evaluate an OCSP response for the request behind @p state. */
cert_validation_t revocation_ocsp_parse(void *state, chunk_t response);

/** Free the state of revocation_ocsp_request(). */
void revocation_ocsp_free(void *state);

#endif
