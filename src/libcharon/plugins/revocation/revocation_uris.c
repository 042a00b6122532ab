/*
 * Where to ask about a certificate: the URIs it names itself come first,
 * the ones configured for its issuer in an ipsec.conf ca section (crluri=,
 * ocspuri=) after them, as with strongSwan.
 */
#include "revocation_checker.h"
#include "collections/linked_list.h"
#include "credentials/certificates/x509.h"

enumerator_t *revocation_uris(credential_manager_t *creds, certificate_t *subject,
			      identification_t *issuer, certificate_type_t type)
{
	linked_list_t *uris = linked_list_create();
	enumerator_t *enumerator;
	x509_t *x509 = (x509_t *)subject;
	const char *uri;

	enumerator = type == CERT_X509_CRL ? x509->create_crl_uri_enumerator(x509) :
		x509->create_ocsp_uri_enumerator(x509);
	while (enumerator->enumerate(enumerator, &uri)) {
		uris->insert_last(uris, str_dup(uri));
	}
	enumerator->destroy(enumerator);
	if (creds && issuer) {
		cdp_store_t *cdps = creds->get_cdps(creds);

		enumerator = cdps->create_enumerator(cdps, type, issuer);
		while (enumerator->enumerate(enumerator, &uri)) {
			uris->insert_last(uris, str_dup(uri));
		}
		enumerator->destroy(enumerator);
	}
	return linked_list_create_owning_enumerator(uris, free);
}
