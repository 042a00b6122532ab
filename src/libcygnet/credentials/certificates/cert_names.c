/*
 * Printable names of certificate types, validation outcomes and CRL
 * reasons, in the words `ipsec list*` uses.
 */
#include "credentials/certificates/certificate.h"
#include "credentials/certificates/crl.h"

const char *certificate_type_name(certificate_type_t type)
{
	static const char *names[CERT_TYPE_MAX] = {
		[CERT_ANY] = "ANY",
		[CERT_X509] = "X509",
		[CERT_X509_CRL] = "X509_CRL",
		[CERT_X509_OCSP_REQUEST] = "X509_OCSP_REQUEST",
		[CERT_X509_OCSP_RESPONSE] = "X509_OCSP_RESPONSE",
		[CERT_TRUSTED_PUBKEY] = "PUBKEY",
	};

	if ((int)type < 0 || type >= CERT_TYPE_MAX) {
		return "UNKNOWN";
	}
	return names[type];
}

const char *cert_validation_name(cert_validation_t validation)
{
	switch (validation) {
	case VALIDATION_GOOD:
		return "GOOD";
	case VALIDATION_SKIPPED:
		return "SKIPPED";
	case VALIDATION_STALE:
		return "STALE";
	case VALIDATION_FAILED:
		return "FAILED";
	case VALIDATION_ON_HOLD:
		return "ON_HOLD";
	case VALIDATION_REVOKED:
		return "REVOKED";
	}
	return "UNKNOWN";
}

const char *crl_reason_name(crl_reason_t reason)
{
	switch (reason) {
	case CRL_REVOKE_UNSPECIFIED:
		return "unspecified";
	case CRL_REVOKE_KEY_COMPROMISE:
		return "key compromise";
	case CRL_REVOKE_CA_COMPROMISE:
		return "ca compromise";
	case CRL_REVOKE_AFFILIATION_CHANGED:
		return "affiliation changed";
	case CRL_REVOKE_SUPERSEDED:
		return "superseded";
	case CRL_REVOKE_CESSATION_OF_OPERATION:
		return "cessation of operation";
	case CRL_REVOKE_CERTIFICATE_HOLD:
		return "certificate hold";
	case CRL_REVOKE_REMOVE_FROM_CRL:
		return "remove from crl";
	case CRL_REVOKE_PRIVILEGE_WITHDRAWN:
		return "privilege withdrawn";
	case CRL_REVOKE_AA_COMPROMISE:
		return "aa compromise";
	}
	return "unknown";
}
