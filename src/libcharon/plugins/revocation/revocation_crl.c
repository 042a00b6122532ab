/*
 * CRL fetching: try each distribution point (the certificate's, then the
 * crluri= of its issuer's ca section) until one gives a CRL signed
 * by the issuer and current; that CRL answers and is cached in the
 * credential manager, whose own CRL check then uses it until nextUpdate.
 */
#include "revocation_checker.h"
#include "credentials/cred_factory.h"
#include "credentials/fetcher.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"

#define CRL_SOURCE "fetched"

static cert_validation_t evaluate(credential_manager_t *creds, crl_t *crl,
				  certificate_t *subject)
{
	x509_t *x509 = (x509_t *)subject;
	bool revoked;
	crl_reason_t reason = CRL_REVOKE_UNSPECIFIED;

	revoked = crl->is_revoked(crl, x509->get_serial(x509), NULL, &reason);
	creds->add_cert(creds, CRL_SOURCE, &crl->certificate, false);
	if (!revoked) {
		return VALIDATION_GOOD;
	}
	return reason == CRL_REVOKE_CERTIFICATE_HOLD ? VALIDATION_ON_HOLD :
		VALIDATION_REVOKED;
}

cert_validation_t revocation_check_crl(credential_manager_t *creds,
				       certificate_t *subject,
				       certificate_t *issuer)
{
	cert_validation_t status = VALIDATION_SKIPPED;
	enumerator_t *enumerator;
	certificate_t *cert;
	const char *uri;
	chunk_t blob;

	if (subject->get_type(subject) != CERT_X509) {
		return VALIDATION_SKIPPED;
	}
	enumerator = revocation_uris(creds, subject, issuer->get_subject(issuer),
				     CERT_X509_CRL);
	while (enumerator->enumerate(enumerator, &uri)) {
		DBG1(DBG_CFG, "  fetching crl from '%s' ...", uri);
		status = VALIDATION_FAILED;
		if (fetcher_fetch(uri, NULL, &blob) != SUCCESS) {
			DBG1(DBG_CFG, "crl fetching from '%s' failed", uri);
			continue;
		}
		cert = lib->creds->create_cert(lib->creds, CERT_X509_CRL, blob);
		chunk_free(&blob);
		if (!cert) {
			DBG1(DBG_CFG, "crl from '%s' could not be parsed", uri);
			continue;
		}
		if (!cert->issued_by(cert, issuer, NULL)) {
			DBG1(DBG_CFG, "crl from '%s' is not signed by the issuer", uri);
			cert->destroy(cert);
			continue;
		}
		if (!cert->get_validity(cert, NULL, NULL, NULL)) {
			DBG1(DBG_CFG, "crl from '%s' is outdated", uri);
			cert->destroy(cert);
			status = VALIDATION_STALE;
			continue;
		}
		DBG1(DBG_CFG, "  fetched crl from '%s' is valid", uri);
		status = evaluate(creds, (crl_t *)cert, subject);
		break;
	}
	enumerator->destroy(enumerator);
	return status;
}
