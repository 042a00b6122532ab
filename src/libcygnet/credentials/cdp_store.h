/**
 * @file cdp_store.h
 * Revocation URIs configured for a CA rather than found in certificates:
 * the crluri= and ocspuri= of ipsec.conf `ca` sections. They are asked
 * after the URIs a certificate names itself.
 */
#ifndef CYGNET_CDP_STORE_H
#define CYGNET_CDP_STORE_H

#include "library.h"
#include "collections/enumerator.h"
#include "utils/identification.h"
#include "credentials/certificates/certificate.h"

typedef struct cdp_store_t cdp_store_t;

struct cdp_store_t {
	/**
	 * Add @p uri where the status of certificates issued by @p issuer
	 * (the CA's subject, cloned) can be fetched: @p type CERT_X509_CRL for
	 * a CRL distribution point, CERT_X509_OCSP_RESPONSE for an OCSP
	 * responder. @p source tags it for flush(). A URI already present for
	 * the same issuer and type is not added twice.
	 */
	void (*add)(cdp_store_t *this, const char *source, identification_t *issuer,
		    certificate_type_t type, const char *uri);
	/**
	 * URIs of @p type for certificates issued by @p issuer, in the order
	 * added: enumerate(e, const char **uri); works on a snapshot.
	 */
	enumerator_t *(*create_enumerator)(cdp_store_t *this,
					   certificate_type_t type,
					   identification_t *issuer);
	/** Remove the URIs added with @p source (NULL: all). */
	void (*flush)(cdp_store_t *this, const char *source);
	void (*destroy)(cdp_store_t *this);
};

cdp_store_t *cdp_store_create(void);

#endif
