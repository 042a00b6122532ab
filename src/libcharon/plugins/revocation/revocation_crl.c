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
#include "credentials/cred_loader.h"
#include "settings/settings.h"

#include <stdio.h>
#include <unistd.h>

#define CRL_SOURCE "fetched"

/*
 * charon.cache_crls (or config setup cachecrls=yes): keep a fetched CRL in
 * ipsec.d/crls as <authorityKeyIdentifier in hex>.crl, as strongSwan does,
 * so it is loaded again after a restart. Written to a temporary file and
 * renamed, so a reader never sees half a CRL.
 */
static void cache_to_disk(crl_t *crl)
{
	certificate_t *cert = &crl->certificate;
	chunk_t keyid = crl->get_authority_key_id(crl), der;
	char name[128], path[512], tmp[520];
	size_t i, pos = 0;
	FILE *f;
	bool ok;

	if (!lib->settings->get_bool(lib->settings, "%s.cache_crls", false,
				     lib->ns ? lib->ns : "charon") ||
	    !keyid.len || keyid.len > 40) {
		return;
	}
	for (i = 0; i < keyid.len; i++) {
		pos += snprintf(name + pos, sizeof(name) - pos, "%02x", keyid.ptr[i]);
	}
	snprintf(name + pos, sizeof(name) - pos, ".crl");
	if (!cred_loader_path("crls", name, path, sizeof(path)) ||
	    !cert->get_encoding(cert, &der)) {
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	ok = f && fwrite(der.ptr, 1, der.len, f) == der.len;
	ok = f && fclose(f) == 0 && ok;
	chunk_free(&der);
	if (ok && rename(tmp, path) == 0) {
		DBG1(DBG_CFG, "  written crl to '%s'", path);
	} else {
		DBG1(DBG_CFG, "  writing crl to '%s' failed", path);
		unlink(tmp);
	}
}

static cert_validation_t evaluate(credential_manager_t *creds, crl_t *crl,
				  certificate_t *subject)
{
	x509_t *x509 = (x509_t *)subject;
	bool revoked;
	crl_reason_t reason = CRL_REVOKE_UNSPECIFIED;

	revoked = crl->is_revoked(crl, x509->get_serial(x509), NULL, &reason);
	cache_to_disk(crl);
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
