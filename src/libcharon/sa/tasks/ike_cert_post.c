/*
 * Our certificates in IKE_AUTH (RFC 7296 §3.6), the task that runs after the
 * AUTH payload is built: by then ike_auth has decided whether we
 * authenticate with a public key.
 *
 * leftsendcert=: "always" sends, "never" does not, "ifasked" (the default)
 * sends if the peer sent a CERTREQ (the initiator sees it in the
 * IKE_SA_INIT response, the responder in the IKE_AUTH request). The end
 * entity certificate comes first (its key signed AUTH), then the
 * intermediate CAs up to, not including, the self-signed root.
 */
#include "sa/tasks/tasks.h"
#include "sa/tasks/auth_pubkey.h"
#include "daemon.h"
#include "encoding/cert_payload.h"
#include "credentials/certificates/x509.h"

typedef struct private_ike_cert_post_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/** The peer sent a CERTREQ. */
	bool asked;
} private_ike_cert_post_t;

static bool self_signed(certificate_t *cert)
{
	return cert->get_type(cert) == CERT_X509 &&
	       (((x509_t *)cert)->get_flags((x509_t *)cert) & X509_SELF_SIGNED);
}

static void add_cert(message_t *message, certificate_t *cert, const char *what)
{
	cert_payload_t *payload;
	chunk_t der;

	if (!cert->get_encoding(cert, &der)) {
		return;
	}
	payload = cert_payload_create(PL_CERT, CERT_ENC_X509_SIGNATURE, der);
	chunk_free(&der);
	if (payload) {
		DBG1(DBG_IKE, "sending %s cert \"%s\"", what,
		     cert->get_subject(cert)->to_string(cert->get_subject(cert)));
		message->add_payload(message, &payload->payload);
	}
}

static void add_chain(message_t *message, certificate_t *cert)
{
	certificate_t *current = cert->get_ref(cert), *issuer;
	int i;

	add_cert(message, cert, "end entity");
	for (i = 1; i < CRED_MAX_CHAIN_LEN && !self_signed(current); i++) {
		issuer = auth_pubkey_find_issuer(current);
		if (!issuer) {
			break;
		}
		current->destroy(current);
		current = issuer;
		if (self_signed(current)) {
			break;
		}
		add_cert(message, current, "issuer");
	}
	current->destroy(current);
}

static void build_certs(private_ike_cert_post_t *this, message_t *message)
{
	peer_cfg_t *cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	auth_cfg_t *local = cfg ? cfg->get_auth(cfg, true) : NULL;
	certificate_t *cert;

	if (!local || !charon->credentials ||
	    this->ike_sa->get_auth_class(this->ike_sa, true) != AUTH_CLASS_PUBKEY) {
		return;
	}
	switch (local->send_cert) {
	case 1:		/* always */
		break;
	case 2:		/* never */
		return;
	default:	/* ifasked */
		if (!this->asked) {
			DBG2(DBG_IKE, "no cert request received, not sending certificates");
			return;
		}
		break;
	}
	cert = auth_pubkey_my_cert(local, this->ike_sa->get_my_id(this->ike_sa));
	if (cert) {
		add_chain(message, cert);
		cert->destroy(cert);
	}
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_cert_post_t *this = (private_ike_cert_post_t *)public;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		return NEED_MORE;
	}
	if (message->get_exchange_type(message) == IKE_AUTH) {
		build_certs(this, message);
	}
	return SUCCESS;
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_cert_post_t *this = (private_ike_cert_post_t *)public;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	this->asked = message->get_payload(message, PL_CERTREQ) != NULL;
	return NEED_MORE;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_cert_post_t *this = (private_ike_cert_post_t *)public;
	exchange_type_t type = message->get_exchange_type(message);

	if (type != IKE_SA_INIT && type != IKE_AUTH) {
		return SUCCESS;
	}
	if (type == IKE_AUTH) {
		this->asked = message->get_payload(message, PL_CERTREQ) != NULL;
	}
	return NEED_MORE;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_cert_post_t *this = (private_ike_cert_post_t *)public;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		return NEED_MORE;
	}
	if (message->get_exchange_type(message) == IKE_AUTH &&
	    this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
		build_certs(this, message);
	}
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_CERT_POST;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_cert_post_t *this = (private_ike_cert_post_t *)public;

	this->ike_sa = ike_sa;
	this->asked = false;
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_cert_post_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_cert_post_t *this = mem_zalloc(sizeof(*this));

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
