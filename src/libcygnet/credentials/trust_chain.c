/*
 * Certification path building and validation (RFC 5280 §6, the parts IKE
 * needs): walk from the end entity up through issuers whose keys verify
 * each signature until a trust anchor is reached, backtracking when a
 * candidate issuer leads nowhere (a CA may have been re-keyed under the
 * same name). Then check revocation of every certificate below the anchor.
 *
 * The first reason a candidate was refused is remembered, so the log can
 * say why a chain failed rather than just that it did.
 */
#include <stdio.h>

#include "credentials/trust_chain.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/crl.h"

typedef struct {
	trust_chain_ctx_t *ctx;
	certificate_t *chain[CRED_MAX_CHAIN_LEN];
	int len;
	time_t now;
	char reason[256];
} search_t;

static const char *name_of(certificate_t *cert)
{
	identification_t *subject = cert->get_subject(cert);

	return subject ? subject->to_string(subject) : "?";
}

static void refuse(search_t *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void refuse(search_t *s, const char *fmt, ...)
{
	va_list args;

	/* keep the first (deepest-in-the-search) reason */
	if (s->reason[0]) {
		return;
	}
	va_start(args, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, args);
	va_end(args);
}

static bool check_validity(search_t *s, certificate_t *cert)
{
	time_t not_before, not_after;

	if (cert->get_validity(cert, &s->now, &not_before, &not_after)) {
		return true;
	}
	refuse(s, "certificate '%s' is %s", name_of(cert),
	       s->now < not_before ? "not valid yet" : "expired");
	return false;
}

static x509_t *as_x509(certificate_t *cert)
{
	return cert->get_type(cert) == CERT_X509 ? (x509_t *)cert : NULL;
}

/* CA constraints of the issuer at position @p pos of the chain. */
static bool check_issuer(search_t *s, certificate_t *issuer, int pos)
{
	x509_t *x509 = as_x509(issuer);
	uint32_t usage;
	int pathlen;

	if (!x509 || !(x509->get_flags(x509) & X509_CA)) {
		refuse(s, "issuer certificate '%s' is not a CA", name_of(issuer));
		return false;
	}
	if (x509->get_key_usage(x509, &usage) && !(usage & X509_KU_KEY_CERT_SIGN)) {
		refuse(s, "CA certificate '%s' lacks keyUsage keyCertSign",
		       name_of(issuer));
		return false;
	}
	pathlen = x509->get_pathlen(x509);
	/* intermediates between this CA and the end entity */
	if (pathlen != X509_NO_CONSTRAINT && pos - 1 > pathlen) {
		refuse(s, "path length constraint %d of '%s' exceeded", pathlen,
		       name_of(issuer));
		return false;
	}
	return check_validity(s, issuer);
}

static bool check_end_entity(search_t *s, certificate_t *cert)
{
	x509_t *x509 = as_x509(cert);
	uint32_t usage;

	if (!x509) {
		refuse(s, "'%s' is not an X.509 certificate", name_of(cert));
		return false;
	}
	if (x509->get_key_usage(x509, &usage) &&
	    !(usage & (X509_KU_DIGITAL_SIGNATURE | X509_KU_NON_REPUDIATION))) {
		refuse(s, "certificate '%s' keyUsage allows no signatures",
		       name_of(cert));
		return false;
	}
	return check_validity(s, cert);
}

static bool in_chain(search_t *s, certificate_t *cert)
{
	int i;

	for (i = 0; i < s->len; i++) {
		if (s->chain[i]->equals(s->chain[i], cert)) {
			return true;
		}
	}
	return false;
}

static bool build(search_t *s);

/* Try @p cand as the issuer of the last certificate in the chain. */
static bool try_issuer(search_t *s, certificate_t *cand)
{
	certificate_t *cur = s->chain[s->len - 1];

	if (cand->get_type(cand) != CERT_X509 || in_chain(s, cand)) {
		return false;
	}
	if (!cur->issued_by(cur, cand, NULL)) {
		refuse(s, "signature of '%s' does not verify with the key of '%s'",
		       name_of(cur), name_of(cand));
		return false;
	}
	if (!check_issuer(s, cand, s->len)) {
		return false;
	}
	DBG2(DBG_LIB, "  issuer of '%s' is '%s'", name_of(cur), name_of(cand));
	s->chain[s->len++] = cand->get_ref(cand);
	if (build(s)) {
		return true;
	}
	s->len--;
	s->chain[s->len]->destroy(s->chain[s->len]);
	return false;
}

static bool build(search_t *s)
{
	certificate_t *cur = s->chain[s->len - 1], *cand;
	identification_t *issuer = cur->get_issuer(cur);
	enumerator_t *enumerator;
	bool found = false;

	if (s->ctx->is_trusted(s->ctx->creds, cur)) {
		return true;
	}
	if (s->len >= CRED_MAX_CHAIN_LEN) {
		refuse(s, "trust chain longer than %d certificates", CRED_MAX_CHAIN_LEN);
		return false;
	}
	if (s->ctx->intermediates) {
		enumerator = s->ctx->intermediates->create_enumerator(s->ctx->intermediates);
		while (!found && enumerator->enumerate(enumerator, &cand)) {
			if (cand->has_subject(cand, issuer) == ID_MATCH_PERFECT) {
				found = try_issuer(s, cand);
			}
		}
		enumerator->destroy(enumerator);
	}
	if (found) {
		return true;
	}
	enumerator = s->ctx->creds->create_cert_enumerator(s->ctx->creds, CERT_X509,
							   KEY_ANY, issuer, false);
	while (!found && enumerator->enumerate(enumerator, &cand)) {
		if (cand->has_subject(cand, issuer) == ID_MATCH_PERFECT) {
			found = try_issuer(s, cand);
		}
	}
	enumerator->destroy(enumerator);
	if (!found) {
		refuse(s, "no trusted issuer '%s' found for '%s'",
		       issuer->to_string(issuer), name_of(cur));
	}
	return found;
}

/* Status of @p subject according to the stored CRLs of @p issuer. */
static cert_validation_t check_crls(search_t *s, certificate_t *subject,
				    certificate_t *issuer)
{
	cert_validation_t status = VALIDATION_SKIPPED;
	x509_t *x509 = as_x509(subject);
	enumerator_t *enumerator;
	certificate_t *cert;
	crl_reason_t reason;
	time_t this_update, next_update;
	crl_t *crl;

	if (!x509) {
		return VALIDATION_SKIPPED;
	}
	enumerator = s->ctx->creds->create_cert_enumerator(s->ctx->creds,
				CERT_X509_CRL, KEY_ANY, issuer->get_subject(issuer), false);
	while (enumerator->enumerate(enumerator, &cert)) {
		crl = (crl_t *)cert;
		if (!cert->issued_by(cert, issuer, NULL)) {
			DBG1(DBG_LIB, "  CRL of '%s' is not signed by its issuer's key, "
			     "ignored", name_of(issuer));
			continue;
		}
		cert->get_validity(cert, &s->now, &this_update, &next_update);
		if (this_update > s->now) {
			DBG1(DBG_LIB, "  CRL of '%s' is not valid yet, ignored",
			     name_of(issuer));
			continue;
		}
		if (crl->is_revoked(crl, x509->get_serial(x509), NULL, &reason)) {
			DBG1(DBG_LIB, "  certificate '%s' was revoked: %s", name_of(subject),
			     crl_reason_name(reason));
			status = reason == CRL_REVOKE_CERTIFICATE_HOLD ?
				 VALIDATION_ON_HOLD : VALIDATION_REVOKED;
			break;
		}
		if (next_update && next_update < s->now) {
			DBG1(DBG_LIB, "  CRL of '%s' is stale", name_of(issuer));
			if (status != VALIDATION_GOOD) {
				status = VALIDATION_STALE;
			}
		} else {
			status = VALIDATION_GOOD;
		}
	}
	enumerator->destroy(enumerator);
	return status;
}

static bool definitive(cert_validation_t status)
{
	return status == VALIDATION_GOOD || status == VALIDATION_REVOKED ||
	       status == VALIDATION_ON_HOLD;
}

static bool has_uris(certificate_t *cert)
{
	x509_t *x509 = as_x509(cert);
	enumerator_t *enumerator;
	bool found = false;
	const char *uri;

	if (!x509) {
		return false;
	}
	enumerator = x509->create_crl_uri_enumerator(x509);
	found = enumerator->enumerate(enumerator, &uri);
	enumerator->destroy(enumerator);
	if (!found) {
		enumerator = x509->create_ocsp_uri_enumerator(x509);
		found = enumerator->enumerate(enumerator, &uri);
		enumerator->destroy(enumerator);
	}
	return found;
}

static bool check_revocation(search_t *s, certificate_t *subject,
			     certificate_t *issuer)
{
	cert_validation_t status, answer;
	int i;

	status = check_crls(s, subject, issuer);
	for (i = 0; !definitive(status) && i < s->ctx->checker_count; i++) {
		answer = s->ctx->checkers[i](s->ctx->checker_data[i], subject, issuer);
		/* a definitive answer wins, else the most informative one */
		if (definitive(answer) || answer > status) {
			status = answer;
		}
	}
	DBG2(DBG_LIB, "  revocation status of '%s': %s", name_of(subject),
	     cert_validation_name(status));
	switch (status) {
	case VALIDATION_REVOKED:
	case VALIDATION_ON_HOLD:
		refuse(s, "certificate '%s' is revoked", name_of(subject));
		return false;
	case VALIDATION_GOOD:
		return true;
	default:
		break;
	}
	if (s->ctx->policy == CERT_POLICY_STRICT ||
	    (s->ctx->policy == CERT_POLICY_IFURI && has_uris(subject))) {
		refuse(s, "revocation status of '%s' unknown (%s) and the CRL "
		       "policy is strict", name_of(subject), cert_validation_name(status));
		return false;
	}
	return true;
}

bool trust_chain_verify(trust_chain_ctx_t *ctx, certificate_t *cert,
			certificate_t **anchor, linked_list_t *path)
{
	search_t s = {
		.ctx = ctx,
		.now = time(NULL),
	};
	bool ok;
	int i;

	if (!cert) {
		return false;
	}
	s.chain[s.len++] = cert->get_ref(cert);
	ok = ctx->is_trusted(ctx->creds, cert) ? check_validity(&s, cert) :
	     check_end_entity(&s, cert) && build(&s);
	for (i = 0; ok && i < s.len - 1; i++) {
		ok = check_revocation(&s, s.chain[i], s.chain[i + 1]);
	}
	if (ok) {
		DBG1(DBG_LIB, "  certificate '%s' is trusted via '%s' (%d in chain)",
		     name_of(cert), name_of(s.chain[s.len - 1]), s.len);
		if (anchor) {
			*anchor = s.chain[s.len - 1]->get_ref(s.chain[s.len - 1]);
		}
		for (i = 0; path && i < s.len; i++) {
			path->insert_last(path, s.chain[i]->get_ref(s.chain[i]));
		}
	} else {
		DBG1(DBG_LIB, "  certificate '%s' is not trusted: %s", name_of(cert),
		     s.reason[0] ? s.reason : "no trust anchor");
	}
	for (i = 0; i < s.len; i++) {
		s.chain[i]->destroy(s.chain[i]);
	}
	return ok;
}
