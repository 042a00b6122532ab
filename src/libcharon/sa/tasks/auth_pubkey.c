/*
 * Signatures in IKE_AUTH (RFC 7296 §2.15, RFC 7427, RFC 8420).
 *
 * What is signed is the signer's IKE_SA_INIT message, the other side's
 * nonce and prf(SK_px, IDx') (keymat get_auth_octets()). Method 14 carries
 * the scheme as a DER AlgorithmIdentifier, after one octet giving its
 * length, in front of the signature (RFC 7427 §3), so the verifier learns
 * it from the payload; the classic methods 1 and 9-11 fix
 * it (PKCS#1 v1.5 with SHA-1; ECDSA with the curve's hash, r|s). We sign
 * with the classic methods only for a peer that did not announce RFC 7427,
 * and accept them as a fallback.
 *
 * A peer is authenticated by the key of a certificate that certifies its
 * identity and chains to a trust anchor; the chain, its validity and
 * revocation are the credential manager's business (verify_chain()), the
 * identity and rightca= constraints are checked here. The chain is checked
 * before the signature, so the log names the real reason a peer fails.
 * A raw public key (CERT_TRUSTED_PUBKEY, rightsigkey=) is its own anchor:
 * only the identity it was configured for and the signature are checked.
 */
#include <endian.h>

#include "sa/tasks/auth_pubkey.h"
#include "daemon.h"
#include "encoding/cert_payload.h"
#include "credentials/cred_factory.h"
#include "credentials/cred_loader.h"
#include "credentials/certificates/x509.h"
#include "credentials/certificates/pubkey_cert.h"
#include "settings/settings.h"

/** Most CERT payloads we decode (untrusted input costs parsing time). */
#define MAX_PEER_CERTS CRED_MAX_CHAIN_LEN

#define HASH_BIT(h) ((sig_hash_set_t)((unsigned)(h) < 16 ? 1u << (unsigned)(h) : 0))

/* What ike_init announces and method 14 may therefore use with us. */
static const sig_hash_set_t accepted_hashes =
	HASH_BIT(HASH_SHA256) | HASH_BIT(HASH_SHA384) | HASH_BIT(HASH_SHA512) |
	HASH_BIT(HASH_IDENTITY);

static const char *id_str(identification_t *id)
{
	return id ? id->to_string(id) : "%any";
}

static const char *subject_str(certificate_t *cert)
{
	return id_str(cert->get_subject(cert));
}

sig_hash_set_t auth_pubkey_peer_hashes(message_t *message)
{
	notify_payload_t *notify = message->get_notify(message, SIGNATURE_HASH_ALGORITHMS);
	sig_hash_set_t set = 0;
	chunk_t data;
	uint16_t alg;
	size_t i;

	if (!notify) {
		return 0;
	}
	data = notify->get_data(notify);
	for (i = 0; i + 1 < data.len; i += 2) {
		memcpy(&alg, data.ptr + i, sizeof(alg));
		set |= HASH_BIT(be16toh(alg));
	}
	return set;
}

bool auth_pubkey_is_signature(auth_method_t method)
{
	switch (method) {
	case AUTH_METHOD_RSA:
	case AUTH_METHOD_ECDSA_256:
	case AUTH_METHOD_ECDSA_384:
	case AUTH_METHOD_ECDSA_521:
	case AUTH_METHOD_DIGITAL_SIGNATURE:
		return true;
	default:
		return false;
	}
}

/* The private key belonging to @p pub, a new reference. */
static private_key_t *key_for_pubkey(public_key_t *pub)
{
	identification_t *keyid;
	private_key_t *key = NULL;
	chunk_t fp;

	if (pub && pub->get_fingerprint(pub, KEYID_PUBKEY_INFO_SHA1, &fp)) {
		keyid = identification_create_from_encoding(ID_KEY_ID, fp);
		if (keyid) {
			key = charon->credentials->get_private_key(charon->credentials,
								   pub->get_type(pub), keyid);
			keyid->destroy(keyid);
		}
	}
	return key;
}

/* The private key belonging to @p cert's public key, a new reference. */
static private_key_t *key_for_cert(certificate_t *cert)
{
	public_key_t *pub = cert->get_public_key(cert);
	private_key_t *key = key_for_pubkey(pub);

	DESTROY_IF(pub);
	return key;
}

certificate_t *auth_pubkey_my_cert(auth_cfg_t *local, identification_t *my_id)
{
	certificate_t *cert, *found = NULL;
	private_key_t *key;
	enumerator_t *e;

	if (!charon->credentials || (local && local->pubkey)) {
		/* leftsigkey=: a raw key, no certificate to send */
		return NULL;
	}
	if (local && local->cert) {
		found = cred_loader_load_cert(local->cert, CERT_X509);
		if (!found) {
			DBG1(DBG_IKE, "loading certificate '%s' failed", local->cert);
		}
		return found;
	}
	e = charon->credentials->create_cert_enumerator(charon->credentials, CERT_X509,
							KEY_ANY, my_id, false);
	while (!found && e->enumerate(e, &cert)) {
		key = key_for_cert(cert);
		if (key) {
			found = cert->get_ref(cert);
			key->destroy(key);
		}
	}
	e->destroy(e);
	if (!found) {
		DBG1(DBG_IKE, "no certificate with a private key found for '%s'", id_str(my_id));
	}
	return found;
}

/* The classic method for a peer without RFC 7427 (RFC 7296 §3.8, RFC 4754). */
static bool classic_scheme(private_key_t *key, signature_params_t *params,
			   auth_method_t *method)
{
	*params = (signature_params_t){ .scheme = SIGN_UNKNOWN };
	switch (key->get_type(key)) {
	case KEY_RSA:
		params->scheme = SIGN_RSA_EMSA_PKCS1_SHA1;
		*method = AUTH_METHOD_RSA;
		return true;
	case KEY_ECDSA:
		switch (key->get_keysize(key)) {
		case 256:
			params->scheme = SIGN_ECDSA_256;
			*method = AUTH_METHOD_ECDSA_256;
			return true;
		case 384:
			params->scheme = SIGN_ECDSA_384;
			*method = AUTH_METHOD_ECDSA_384;
			return true;
		case 521:
			params->scheme = SIGN_ECDSA_521;
			*method = AUTH_METHOD_ECDSA_521;
			return true;
		default:
			return false;
		}
	default:
		return false;
	}
}

/* The best RFC 7427 scheme of @p key whose hash is in @p hashes. */
static bool digital_scheme(private_key_t *key, sig_hash_set_t hashes,
			   signature_params_t *params)
{
	signature_params_t schemes[16];
	bool pss = lib->settings->get_bool(lib->settings, "%s.rsa_pss", false, lib->ns);
	hash_algorithm_t hash;
	int n, i;

	n = signature_schemes_for_key(key->get_type(key), key->get_keysize(key), schemes,
				      countof(schemes));
	for (i = 0; i < n; i++) {
		if (schemes[i].scheme == SIGN_RSA_EMSA_PSS && !pss) {
			continue;
		}
		hash = hash_from_signature_scheme(schemes[i].scheme, &schemes[i].pss);
		if (HASH_BIT(hash) & hashes) {
			*params = schemes[i];
			return true;
		}
	}
	return false;
}

/* Sign @p octets with @p key; the AUTH data for @p method. */
static bool sign_octets(private_key_t *key, auth_method_t method,
			const signature_params_t *params, chunk_t octets, chunk_t *data)
{
	chunk_t sig = chunk_empty, aid = chunk_empty;
	const void *extra = params->scheme == SIGN_RSA_EMSA_PSS ? &params->pss : NULL;

	if (!key->sign(key, params->scheme, extra, octets, &sig)) {
		return false;
	}
	if (method != AUTH_METHOD_DIGITAL_SIGNATURE) {
		*data = sig;
		return true;
	}
	if (!signature_params_build(params, &aid) || aid.len > UINT8_MAX) {
		chunk_free(&aid);
		chunk_free(&sig);
		return false;
	}
	*data = chunk_cat(3, chunk_from_chars((uint8_t)aid.len), aid, sig);
	chunk_free(&aid);
	chunk_free(&sig);
	return true;
}

bool auth_pubkey_build(ike_sa_t *ike_sa, auth_cfg_t *local, identification_t *my_id,
		       sig_hash_set_t peer_hashes, auth_method_t *method, chunk_t *data)
{
	keymat_t *keymat = ike_sa->get_keymat(ike_sa);
	signature_params_t params;
	certificate_t *cert;
	private_key_t *key;
	chunk_t octets = chunk_empty;
	bool ok;

	if (local && local->pubkey) {
		key = key_for_pubkey(local->pubkey);
		if (!key) {
			DBG1(DBG_IKE, "no private key found for the %s public key of leftsigkey=",
			     key_type_name(local->pubkey->get_type(local->pubkey)));
			return false;
		}
	} else {
		cert = auth_pubkey_my_cert(local, my_id);
		if (!cert) {
			return false;
		}
		key = key_for_cert(cert);
		if (!key) {
			DBG1(DBG_IKE, "no private key found for '%s'", subject_str(cert));
			cert->destroy(cert);
			return false;
		}
		cert->destroy(cert);
	}
	*method = AUTH_METHOD_DIGITAL_SIGNATURE;
	if (peer_hashes) {
		ok = digital_scheme(key, peer_hashes, &params);
	} else {
		/* EdDSA has no classic method: RFC 8420 needs method 14 */
		ok = classic_scheme(key, &params, method) ||
		     digital_scheme(key, HASH_BIT(HASH_IDENTITY), &params);
	}
	if (!ok) {
		DBG1(DBG_IKE, "no signature scheme for a %d bit %s key that the peer accepts",
		     key->get_keysize(key), key_type_name(key->get_type(key)));
		key->destroy(key);
		return false;
	}
	ok = keymat->get_auth_octets(keymat, false, ike_sa->get_init_message(ike_sa, true),
				     ike_sa->get_nonce(ike_sa, false), my_id->get_type(my_id),
				     my_id->get_encoding(my_id), &octets) &&
	     sign_octets(key, *method, &params, octets, data);
	key->destroy(key);
	chunk_free(&octets);
	if (!ok) {
		DBG1(DBG_IKE, "authentication of '%s' (myself) with %s failed", id_str(my_id),
		     signature_scheme_name(params.scheme));
		return false;
	}
	DBG1(DBG_IKE, "authentication of '%s' (myself) with %s successful", id_str(my_id),
	     signature_scheme_name(params.scheme));
	return true;
}

/* Scheme and signature of a received AUTH payload. */
static bool parse_auth(auth_payload_t *auth, signature_params_t *params, chunk_t *sig)
{
	chunk_t data = auth->get_data(auth);
	hash_algorithm_t hash;
	size_t len;

	*params = (signature_params_t){ .scheme = SIGN_UNKNOWN };
	*sig = data;
	switch (auth->get_method(auth)) {
	case AUTH_METHOD_RSA:
		params->scheme = SIGN_RSA_EMSA_PKCS1_SHA1;
		return true;
	case AUTH_METHOD_ECDSA_256:
		params->scheme = SIGN_ECDSA_256;
		return true;
	case AUTH_METHOD_ECDSA_384:
		params->scheme = SIGN_ECDSA_384;
		return true;
	case AUTH_METHOD_ECDSA_521:
		params->scheme = SIGN_ECDSA_521;
		return true;
	case AUTH_METHOD_DIGITAL_SIGNATURE:
		/* ASN.1 length octet, AlgorithmIdentifier, signature */
		if (data.len < 2 || (size_t)data.ptr[0] + 1 >= data.len ||
		    !signature_params_parse(chunk_create(data.ptr + 1, data.ptr[0]), params,
					    &len) || len != data.ptr[0]) {
			DBG1(DBG_IKE, "unsupported or malformed signature AlgorithmIdentifier "
			     "in AUTH payload (%zu bytes)", data.len);
			return false;
		}
		len++;
		hash = hash_from_signature_scheme(params->scheme, &params->pss);
		if (!(HASH_BIT(hash) & accepted_hashes)) {
			DBG1(DBG_IKE, "signature scheme %s uses hash %s, which we did not announce",
			     signature_scheme_name(params->scheme),
			     hash_algorithm_name(hash) ?: "UNKNOWN");
			return false;
		}
		*sig = chunk_skip(data, len);
		return true;
	default:
		return false;
	}
}

/*
 * The certificates of the CERT payloads: the first one holds the key that
 * signed AUTH (RFC 7296 §3.6), the others help building its chain.
 */
static certificate_t *decode_certs(message_t *message, linked_list_t *intermediates)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	certificate_t *cert, *ee = NULL;
	cert_payload_t *cp;
	payload_t *payload;
	int count = 0;

	while (e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_CERT) {
			continue;
		}
		cp = (cert_payload_t *)payload;
		if (cp->get_encoding(cp) != CERT_ENC_X509_SIGNATURE) {
			DBG1(DBG_IKE, "certificate encoding %d not supported, ignored",
			     cp->get_encoding(cp));
			continue;
		}
		if (++count > MAX_PEER_CERTS) {
			DBG1(DBG_IKE, "more than %d certificates received, ignoring the rest",
			     MAX_PEER_CERTS);
			break;
		}
		cert = lib->creds->create_cert(lib->creds, CERT_X509, cp->get_data(cp));
		if (!cert) {
			DBG1(DBG_IKE, "parsing received certificate failed (%zu bytes)",
			     cp->get_data(cp).len);
			continue;
		}
		if (!ee) {
			DBG1(DBG_IKE, "received end entity cert \"%s\"", subject_str(cert));
			ee = cert;
		} else {
			DBG1(DBG_IKE, "received issuer cert \"%s\"", subject_str(cert));
			intermediates->insert_last(intermediates, cert);
		}
	}
	e->destroy(e);
	return ee;
}

certificate_t *auth_pubkey_find_issuer(certificate_t *cert)
{
	certificate_t *candidate, *found = NULL;
	enumerator_t *e;

	if (cert->get_type(cert) == CERT_X509 &&
	    (((x509_t *)cert)->get_flags((x509_t *)cert) & X509_SELF_SIGNED)) {
		return NULL;
	}
	e = charon->credentials->create_cert_enumerator(charon->credentials, CERT_X509,
							KEY_ANY, cert->get_issuer(cert), false);
	while (!found && e->enumerate(e, &candidate)) {
		if (!candidate->equals(candidate, cert) &&
		    cert->issued_by(cert, candidate, NULL)) {
			found = candidate->get_ref(candidate);
		}
	}
	e->destroy(e);
	return found;
}

/*
 * rightca=: the CA must be one of the issuers in @p path (EE first, anchor
 * last) or, if the chain ended at a trusted intermediate, above it.
 */
static bool ca_in_path(linked_list_t *path, identification_t *ca)
{
	enumerator_t *e = path->create_enumerator(path);
	certificate_t *cert, *last = NULL, *issuer;
	bool first = true, found = false;
	int i;

	while (!found && e->enumerate(e, &cert)) {
		found = !first && cert->has_subject(cert, ca) > ID_MATCH_ANY;
		first = false;
		last = cert;
	}
	e->destroy(e);
	last = last ? last->get_ref(last) : NULL;
	for (i = path->get_count(path); !found && last && i < CRED_MAX_CHAIN_LEN; i++) {
		issuer = auth_pubkey_find_issuer(last);
		last->destroy(last);
		last = issuer;
		found = last && last->has_subject(last, ca) > ID_MATCH_ANY;
	}
	DESTROY_IF(last);
	return found;
}

/* Keep the verified chain below the anchor for listcerts (strongSwan's
 * certificate cache); purgecerts drops what came from peers. */
static void cache_path(linked_list_t *path, certificate_t *anchor)
{
	enumerator_t *e = path->create_enumerator(path);
	certificate_t *cert;

	while (e->enumerate(e, &cert)) {
		if (!cert->equals(cert, anchor)) {
			charon->credentials->add_cert(charon->credentials, CRED_SOURCE_PEER,
						      cert->get_ref(cert), false);
		}
	}
	e->destroy(e);
}

typedef struct {
	identification_t *other_id;
	auth_cfg_t *remote;
	linked_list_t *intermediates;
	signature_params_t params;
	chunk_t octets;
	chunk_t sig;
} verify_ctx_t;

/* Whether @p cert's key made the signature and may speak for the peer. */
static bool try_cert(verify_ctx_t *ctx, certificate_t *cert)
{
	key_type_t type = key_type_from_signature_scheme(ctx->params.scheme);
	public_key_t *pub = cert->get_public_key(cert);
	linked_list_t *path = NULL;
	certificate_t *anchor = NULL;
	const void *extra;
	bool ok = false;

	if (!pub) {
		return false;
	}
	if (pub->get_type(pub) != type) {
		DBG1(DBG_IKE, "certificate \"%s\" holds a %s key, AUTH needs %s",
		     subject_str(cert), key_type_name(pub->get_type(pub)), key_type_name(type));
		goto out;
	}
	if (cert->has_subject(cert, ctx->other_id) == ID_MATCH_NONE) {
		DBG1(DBG_IKE, "constraint check failed: certificate \"%s\" does not confirm "
		     "identity '%s'", subject_str(cert), id_str(ctx->other_id));
		goto out;
	}
	DBG1(DBG_IKE, "  using certificate \"%s\"", subject_str(cert));
	path = linked_list_create();
	if (!charon->credentials->verify_chain(charon->credentials, cert, ctx->intermediates,
					       ctx->remote ? ctx->remote->crl_policy :
					       CERT_POLICY_DEFAULT, &anchor, path)) {
		DBG1(DBG_IKE, "no trusted %s public key found for '%s'", key_type_name(type),
		     id_str(ctx->other_id));
		goto out;
	}
	DBG1(DBG_IKE, "  using trusted %s \"%s\"",
	     anchor->equals(anchor, cert) ? "certificate" : "ca certificate",
	     subject_str(anchor));
	if (ctx->remote && ctx->remote->ca && !ca_in_path(path, ctx->remote->ca)) {
		DBG1(DBG_IKE, "constraint check failed: peer not authenticated by CA '%s'",
		     id_str(ctx->remote->ca));
		goto out;
	}
	extra = ctx->params.scheme == SIGN_RSA_EMSA_PSS ? &ctx->params.pss : NULL;
	ok = pub->verify(pub, ctx->params.scheme, extra, ctx->octets, ctx->sig);
	if (ok) {
		cache_path(path, anchor);
	} else {
		DBG1(DBG_IKE, "signature validation with %s failed for '%s'",
		     signature_scheme_name(ctx->params.scheme), id_str(ctx->other_id));
	}
out:
	if (path) {
		path->destroy_offset(path, DESTROY_OFFSET(certificate_t));
	}
	DESTROY_IF(anchor);
	pub->destroy(pub);
	return ok;
}

/*
 * A raw public key (rightsigkey=): trusted by itself, so there is no chain;
 * it must speak for the peer's identity and have made the signature.
 * rightca= cannot hold for a key no CA signed.
 */
static bool try_raw(verify_ctx_t *ctx, certificate_t *cert)
{
	key_type_t type = key_type_from_signature_scheme(ctx->params.scheme);
	public_key_t *pub = cert->get_public_key(cert);
	const void *extra;
	bool ok = false;

	if (!pub) {
		return false;
	}
	if (pub->get_type(pub) != type) {
		DBG1(DBG_IKE, "trusted public key \"%s\" is a %s key, AUTH needs %s",
		     subject_str(cert), key_type_name(pub->get_type(pub)), key_type_name(type));
	} else if (ctx->remote && ctx->remote->ca) {
		DBG1(DBG_IKE, "constraint check failed: a raw public key is not authenticated "
		     "by CA '%s'", id_str(ctx->remote->ca));
	} else {
		DBG1(DBG_IKE, "  using trusted public key \"%s\"", subject_str(cert));
		extra = ctx->params.scheme == SIGN_RSA_EMSA_PSS ? &ctx->params.pss : NULL;
		ok = pub->verify(pub, ctx->params.scheme, extra, ctx->octets, ctx->sig);
		if (!ok) {
			DBG1(DBG_IKE, "signature validation with %s failed for '%s'",
			     signature_scheme_name(ctx->params.scheme), id_str(ctx->other_id));
		}
	}
	pub->destroy(pub);
	return ok;
}

/*
 * rightsigkey=: the peer must use that key; a certificate it sends is not
 * looked at. The conn was selected for the peer's identity, so that
 * identity is the one the key was configured for.
 */
static bool try_configured(verify_ctx_t *ctx, certificate_t *ee)
{
	certificate_t *cert;
	bool ok;

	if (ee) {
		DBG1(DBG_IKE, "rightsigkey= configured, ignoring received certificate \"%s\"",
		     subject_str(ee));
	}
	if (ctx->remote->id &&
	    ctx->other_id->matches(ctx->other_id, ctx->remote->id) == ID_MATCH_NONE) {
		DBG1(DBG_IKE, "constraint check failed: identity '%s' is not '%s'",
		     id_str(ctx->other_id), id_str(ctx->remote->id));
		return false;
	}
	cert = pubkey_cert_create(ctx->remote->pubkey, ctx->remote->id);
	if (!cert) {
		return false;
	}
	ok = try_raw(ctx, cert);
	cert->destroy(cert);
	return ok;
}

/* No CERT payload: keys we have for the peer (rightcert=, ipsec.d/certs,
 * then raw keys other conns trust for this identity). */
static bool try_stored(verify_ctx_t *ctx)
{
	key_type_t type = key_type_from_signature_scheme(ctx->params.scheme);
	enumerator_t *e;
	certificate_t *cert;
	bool ok = false;

	e = charon->credentials->create_cert_enumerator(charon->credentials, CERT_X509, type,
							ctx->other_id, false);
	while (!ok && e->enumerate(e, &cert)) {
		ok = try_cert(ctx, cert);
	}
	e->destroy(e);
	e = charon->credentials->create_cert_enumerator(charon->credentials,
							CERT_TRUSTED_PUBKEY, type,
							ctx->other_id, true);
	while (!ok && e->enumerate(e, &cert)) {
		ok = try_raw(ctx, cert);
	}
	e->destroy(e);
	if (!ok) {
		DBG1(DBG_IKE, "no certificate received and no trusted %s public key for '%s'",
		     key_type_name(type), id_str(ctx->other_id));
	}
	return ok;
}

bool auth_pubkey_verify(ike_sa_t *ike_sa, message_t *message, auth_payload_t *auth,
			id_payload_t *id, identification_t *other_id, auth_cfg_t *remote)
{
	keymat_t *keymat = ike_sa->get_keymat(ike_sa);
	verify_ctx_t ctx = { .other_id = other_id, .remote = remote };
	certificate_t *ee;
	bool ok;

	if (!charon->credentials || !parse_auth(auth, &ctx.params, &ctx.sig)) {
		return false;
	}
	if (!keymat->get_auth_octets(keymat, true, ike_sa->get_init_message(ike_sa, false),
				     ike_sa->get_nonce(ike_sa, true), id->get_id_type(id),
				     id->get_data(id), &ctx.octets)) {
		return false;
	}
	ctx.intermediates = linked_list_create();
	ee = decode_certs(message, ctx.intermediates);
	if (remote && remote->pubkey) {
		ok = try_configured(&ctx, ee);
	} else if (ee) {
		ok = try_cert(&ctx, ee);
	} else {
		ok = try_stored(&ctx);
	}
	DESTROY_IF(ee);
	ctx.intermediates->destroy_offset(ctx.intermediates, DESTROY_OFFSET(certificate_t));
	chunk_free(&ctx.octets);
	if (ok) {
		DBG1(DBG_IKE, "authentication of '%s' with %s successful", id_str(other_id),
		     signature_scheme_name(ctx.params.scheme));
	}
	return ok;
}
