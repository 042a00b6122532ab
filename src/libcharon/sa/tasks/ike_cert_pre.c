/*
 * Certificate requests (RFC 7296 §3.7), the task that runs before IKE_AUTH.
 *
 * A CERTREQ names the CAs we trust by the SHA-1 hash of their
 * SubjectPublicKeyInfo. The responder sends one in its IKE_SA_INIT response
 * (no connection is known yet: all trust anchors), the initiator in its
 * IKE_AUTH request (the CA of rightca= if we know its certificate, else
 * all trust anchors; only if the connection authenticates the peer by
 * public key). Received
 * requests are only logged here: whether we answer with certificates is
 * ike_cert_post's decision, and the CERT payloads the peer sends are read
 * where its AUTH is verified (auth_pubkey.c).
 */
#include "sa/tasks/tasks.h"
#include "daemon.h"
#include "encoding/cert_payload.h"
#include "credentials/certificates/x509.h"

/** Requests of one message we log by name (the input is unauthenticated). */
#define MAX_LOGGED_CERTREQS 8

typedef struct private_ike_cert_pre_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
} private_ike_cert_pre_t;

static bool is_ca(certificate_t *cert)
{
	return cert->get_type(cert) == CERT_X509 &&
	       (((x509_t *)cert)->get_flags((x509_t *)cert) & X509_CA);
}

/* Add @p ca's key hash to the request (created on the first one). */
static void add_ca(cert_payload_t **req, certificate_t *ca)
{
	public_key_t *pub = ca->get_public_key(ca);
	chunk_t keyid;

	if (!pub) {
		return;
	}
	if (pub->get_fingerprint(pub, KEYID_PUBKEY_INFO_SHA1, &keyid) &&
	    keyid.len == CERTREQ_KEYID_SIZE) {
		if (!*req) {
			*req = cert_payload_create(PL_CERTREQ, CERT_ENC_X509_SIGNATURE,
						   chunk_empty);
		}
		if (*req) {
			(*req)->add_keyid(*req, keyid);
			DBG1(DBG_IKE, "sending cert request for \"%s\"",
			     ca->get_subject(ca)->to_string(ca->get_subject(ca)));
		}
	}
	pub->destroy(pub);
}

/* Add the CA certificates matching @p ca (NULL: any), trust anchors only
 * if @p trusted. */
static void add_cas(cert_payload_t **req, identification_t *ca, bool trusted)
{
	certificate_t *cert;
	enumerator_t *e;

	e = charon->credentials->create_cert_enumerator(charon->credentials, CERT_X509,
							KEY_ANY, ca, trusted);
	while (e->enumerate(e, &cert)) {
		if (is_ca(cert)) {
			add_ca(req, cert);
		}
	}
	e->destroy(e);
}

/*
 * A CERTREQ for the CA of rightca= (an intermediate need not be a trust
 * anchor), else for all trust anchors.
 */
static void build_certreq(message_t *message, identification_t *ca)
{
	cert_payload_t *req = NULL;

	if (!charon->credentials) {
		return;
	}
	if (ca) {
		add_cas(&req, ca, false);
		if (!req) {
			DBG1(DBG_IKE, "no CA certificate for rightca '%s' known, requesting "
			     "for all trust anchors", ca->to_string(ca));
		}
	}
	if (!req) {
		add_cas(&req, NULL, true);
	}
	if (req) {
		message->add_payload(message, &req->payload);
	}
}

/* Name the CA of a received key hash in the log. */
static void log_keyid(chunk_t keyid)
{
	identification_t *id = identification_create_from_encoding(ID_KEY_ID, keyid);
	certificate_t *ca = NULL;
	char *hex;

	if (id && charon->credentials) {
		ca = charon->credentials->get_cert(charon->credentials, CERT_X509, KEY_ANY, id,
						   false);
	}
	if (ca) {
		DBG1(DBG_IKE, "received cert request for \"%s\"",
		     ca->get_subject(ca)->to_string(ca->get_subject(ca)));
		ca->destroy(ca);
	} else {
		hex = chunk_to_hex(keyid, false);
		DBG2(DBG_IKE, "received cert request for unknown ca with keyid %s", hex);
		free(hex);
	}
	DESTROY_IF(id);
}

static void process_certreqs(message_t *message)
{
	enumerator_t *e = message->create_payload_enumerator(message), *keyids;
	cert_payload_t *req;
	payload_t *payload;
	chunk_t keyid;
	int logged = 0;

	while (e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_CERTREQ) {
			continue;
		}
		req = (cert_payload_t *)payload;
		if (req->get_encoding(req) != CERT_ENC_X509_SIGNATURE) {
			DBG1(DBG_IKE, "cert request with encoding %d not supported, ignored",
			     req->get_encoding(req));
			continue;
		}
		keyids = req->create_keyid_enumerator(req);
		while (keyids->enumerate(keyids, &keyid)) {
			if (logged++ < MAX_LOGGED_CERTREQS) {
				log_keyid(keyid);
			}
		}
		keyids->destroy(keyids);
	}
	e->destroy(e);
	if (logged > MAX_LOGGED_CERTREQS) {
		DBG1(DBG_IKE, "received %d cert requests, logged %d", logged,
		     MAX_LOGGED_CERTREQS);
	}
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_cert_pre_t *this = (private_ike_cert_pre_t *)public;
	peer_cfg_t *cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	auth_cfg_t *remote = cfg ? cfg->get_auth(cfg, false) : NULL;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		return NEED_MORE;
	}
	if (message->get_exchange_type(message) != IKE_AUTH) {
		return SUCCESS;
	}
	if (!remote || remote->auth != AUTH_CLASS_PSK) {
		build_certreq(message, remote ? remote->ca : NULL);
	}
	return SUCCESS;
}

static status_t process_i(task_t *public, message_t *message)
{
	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	process_certreqs(message);
	return NEED_MORE;
}

static status_t process_r(task_t *public, message_t *message)
{
	exchange_type_t type = message->get_exchange_type(message);

	if (type == IKE_SA_INIT || type == IKE_AUTH) {
		process_certreqs(message);
		return NEED_MORE;
	}
	return SUCCESS;
}

static status_t build_r(task_t *public, message_t *message)
{
	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	/* not next to an error notify that replaces the answer */
	if (message->get_payload(message, PL_SA)) {
		build_certreq(message, NULL);
	}
	return NEED_MORE;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_CERT_PRE;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_cert_pre_t *this = (private_ike_cert_pre_t *)public;

	this->ike_sa = ike_sa;
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_cert_pre_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_cert_pre_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = initiator ? build_i : build_r,
		.process = initiator ? process_i : process_r,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->initiator = initiator;
	return &this->public;
}
