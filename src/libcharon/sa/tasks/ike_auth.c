/*
 * IKE_AUTH (RFC 7296 §1.2, §2.15): identities and AUTH payloads.
 *
 * The task is created with IKE_SA_INIT and only listens to that exchange
 * (the peer's SIGNATURE_HASH_ALGORITHMS); it acts in IKE_AUTH.
 * build_auth() and verify_auth() dispatch on the method: pre-shared keys
 * here, signatures in auth_pubkey.c. CERTREQ and CERT payloads are the
 * business of the ike_cert_pre/ike_cert_post tasks around this one.
 *
 * The responder decides everything in process_r() (peer config, the peer's
 * AUTH, our own AUTH) before later tasks of the exchange run, so that
 * CHILD_SA tasks see COND_AUTHENTICATED only for a peer that passed; build_r()
 * then either answers AUTHENTICATION_FAILED alone or IDr and AUTH.
 */
#include <stdio.h>

#include "sa/tasks/tasks.h"
#include "daemon.h"
#include "encoding/id_payload.h"
#include "encoding/auth_payload.h"
#include "sa/tasks/auth_pubkey.h"
#include "encoding/delete_payload.h"
#include "network/packet.h"
#include "network/sender.h"
#include "sa/ike_unique.h"

typedef struct private_ike_auth_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/** Hash algorithms the peer accepts in signatures (RFC 7427). */
	sig_hash_set_t peer_hashes;
	/** Responder: the exchange failed, answer AUTHENTICATION_FAILED. */
	bool failed;
	/** Responder: our AUTH, computed once the peer passed. */
	auth_method_t my_method;
	chunk_t my_auth;
	/** Responder: the peer sent MOBIKE_SUPPORTED (RFC 4555 §3.1). */
	bool peer_mobike;
	/** Responder: the peer sent INITIAL_CONTACT (uniqueids=no replaces then). */
	bool initial_contact;
} private_ike_auth_t;

static const char *id_str(identification_t *id)
{
	return id ? id->to_string(id) : "%any";
}

/* "192.0.2.1[id]...192.0.2.2[id]" as the established line prints it */
static void print_peers(ike_sa_t *ike_sa, char *buf, size_t len)
{
	char me[HOST_STR_LEN], other[HOST_STR_LEN];

	snprintf(buf, len, "%s[%s]...%s[%s]",
		 host_to_str(ike_sa->get_my_host(ike_sa), me, sizeof(me)),
		 id_str(ike_sa->get_my_id(ike_sa)),
		 host_to_str(ike_sa->get_other_host(ike_sa), other, sizeof(other)),
		 id_str(ike_sa->get_other_id(ike_sa)));
}

static void establish(private_ike_auth_t *this)
{
	char peers[2 * HOST_STR_LEN + 512];

	print_peers(this->ike_sa, peers, sizeof(peers));
	DBG0(DBG_IKE, "IKE_SA %s[%u] established between %s",
	     this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa), peers);
	this->ike_sa->set_condition(this->ike_sa, COND_AUTHENTICATED, true);
	/* the IKE_SA announces ike_updown itself on this transition */
	this->ike_sa->set_state(this->ike_sa, IKE_ESTABLISHED);
}

/* Our identity: leftid=, or our address if it is unset or a wildcard. */
static identification_t *my_identity(ike_sa_t *ike_sa, auth_cfg_t *local,
				     identification_t *hint)
{
	if (local && local->id && !local->id->contains_wildcards(local->id)) {
		return local->id->clone(local->id);
	}
	if (hint) {
		return hint->clone(hint);
	}
	return identification_create_from_host(ike_sa->get_my_host(ike_sa));
}

static shared_key_t *find_psk(identification_t *me, identification_t *other)
{
	shared_key_t *key = NULL;

	if (charon->credentials) {
		key = charon->credentials->get_shared(charon->credentials, SHARED_IKE, me, other);
	}
	if (!key) {
		DBG1(DBG_IKE, "no shared key found for '%s' - '%s'", id_str(me), id_str(other));
	}
	return key;
}

static auth_class_t class_of(auth_method_t method)
{
	return method == AUTH_METHOD_PSK ? AUTH_CLASS_PSK : AUTH_CLASS_PUBKEY;
}

/* Our AUTH value for @p my_id, by the method our config asks for. */
static bool build_auth(private_ike_auth_t *this, auth_cfg_t *local, identification_t *my_id,
		       identification_t *other_id, auth_method_t *method, chunk_t *data)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	shared_key_t *psk;
	bool ok;

	switch (local ? local->auth : AUTH_CLASS_ANY) {
	case AUTH_CLASS_ANY:
	case AUTH_CLASS_PSK:
		psk = find_psk(my_id, other_id);
		if (!psk) {
			return false;
		}
		ok = keymat->get_psk_sig(keymat, false,
					 this->ike_sa->get_init_message(this->ike_sa, true),
					 this->ike_sa->get_nonce(this->ike_sa, false),
					 psk->get_key(psk), my_id->get_type(my_id),
					 my_id->get_encoding(my_id), data);
		psk->destroy(psk);
		if (!ok) {
			DBG1(DBG_IKE, "building pre-shared key AUTH payload failed");
			return false;
		}
		*method = AUTH_METHOD_PSK;
		DBG1(DBG_IKE, "authentication of '%s' (myself) with pre-shared key", id_str(my_id));
		return true;
	case AUTH_CLASS_PUBKEY:
	default:
		return auth_pubkey_build(this->ike_sa, local, my_id, this->peer_hashes, method,
					 data);
	}
}

static bool verify_psk(private_ike_auth_t *this, auth_payload_t *auth, id_payload_t *id,
		       identification_t *my_id, identification_t *other_id)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	shared_key_t *psk = find_psk(my_id, other_id);
	chunk_t expected = chunk_empty;
	bool ok;

	if (!psk) {
		return false;
	}
	/* the peer's AUTH covers its ID payload exactly as it was sent */
	ok = keymat->get_psk_sig(keymat, true,
				 this->ike_sa->get_init_message(this->ike_sa, false),
				 this->ike_sa->get_nonce(this->ike_sa, true),
				 psk->get_key(psk), id->get_id_type(id),
				 id->get_data(id), &expected);
	psk->destroy(psk);
	ok = ok && chunk_equals_const(expected, auth->get_data(auth));
	chunk_clear(&expected);
	if (!ok) {
		DBG1(DBG_IKE, "tried 1 shared key for '%s' - '%s', but MAC mismatched",
		     id_str(my_id), id_str(other_id));
		return false;
	}
	DBG1(DBG_IKE, "authentication of '%s' with pre-shared key successful", id_str(other_id));
	return true;
}

/* Check the peer's AUTH against what the config requires of it. */
static bool verify_auth(private_ike_auth_t *this, message_t *message, auth_payload_t *auth,
			id_payload_t *id, identification_t *my_id, identification_t *other_id,
			auth_cfg_t *remote)
{
	auth_method_t method = auth->get_method(auth);
	auth_class_t required = remote ? remote->auth : AUTH_CLASS_ANY;

	if (method == AUTH_METHOD_PSK) {
		if (required == AUTH_CLASS_PUBKEY) {
			DBG1(DBG_IKE, "constraint requires public key authentication, "
			     "but pre-shared key was used");
			return false;
		}
		return verify_psk(this, auth, id, my_id, other_id);
	}
	if (auth_pubkey_is_signature(method)) {
		if (required == AUTH_CLASS_PSK) {
			DBG1(DBG_IKE, "constraint requires pre-shared key authentication, "
			     "but public key was used");
			return false;
		}
		return auth_pubkey_verify(this->ike_sa, message, auth, id, other_id, remote);
	}
	DBG1(DBG_IKE, "authentication of '%s' with %s not supported", id_str(other_id),
	     auth_method_name(method) ?: "unknown method");
	return false;
}

static identification_t *id_from_payload(id_payload_t *payload)
{
	identification_t *id = payload->get_identification(payload);

	if (!id) {
		DBG1(DBG_IKE, "received malformed %s payload",
		     payload->payload.get_type(&payload->payload) == PL_IDI ? "IDi" : "IDr");
	}
	return id;
}

static bool add_id_payload(message_t *message, payload_type_t type, identification_t *id)
{
	id_payload_t *payload = id_payload_create_from_identification(type, id);

	if (!payload) {
		DBG1(DBG_IKE, "identity '%s' cannot be sent in an ID payload", id_str(id));
		return false;
	}
	message->add_payload(message, &payload->payload);
	return true;
}

static bool add_auth_payload(message_t *message, auth_method_t method, chunk_t data)
{
	auth_payload_t *auth = auth_payload_create(method, data);

	if (!auth) {
		return false;
	}
	message->add_payload(message, &auth->payload);
	return true;
}

/* States in which another IKE_SA counts as a live contact with the peer. */
static bool is_live(ike_sa_t *ike_sa)
{
	switch (ike_sa->get_state(ike_sa)) {
	case IKE_CONNECTING:
	case IKE_ESTABLISHED:
	case IKE_REKEYING:
	case IKE_REKEYED:
		return true;
	default:
		return false;
	}
}

/*
 * INITIAL_CONTACT (§2.4) tells the peer to drop state it still has with us:
 * send it only if we have no other IKE_SA with this peer. SAs other threads
 * hold are skipped by the enumerator, so this errs towards sending it.
 */
static bool send_initial_contact(private_ike_auth_t *this, identification_t *my_id,
				 identification_t *other_id)
{
	peer_cfg_t *cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	enumerator_t *e;
	ike_sa_t *sa;
	identification_t *id;
	bool contact = false;

	if (cfg->get_unique_policy(cfg) == UNIQUE_NEVER) {
		return false;
	}
	if (!charon->ike_sa_manager) {
		return true;
	}
	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, false);
	while (!contact && e->enumerate(e, &sa)) {
		if (sa == this->ike_sa || !is_live(sa)) {
			continue;
		}
		id = sa->get_my_id(sa);
		if (!id || !id->equals(id, my_id)) {
			continue;
		}
		id = sa->get_other_id(sa);
		contact = (other && sa->get_other_host(sa) &&
			   other->ip_equals(other, sa->get_other_host(sa))) ||
			  (other_id && id && !other_id->contains_wildcards(other_id) &&
			   id->equals(id, other_id));
	}
	e->destroy(e);
	/* checking the others in and out moved the bus away from our SA */
	charon->bus->set_sa(charon->bus, this->ike_sa);
	return !contact;
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;
	peer_cfg_t *cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	auth_cfg_t *local, *remote;
	identification_t *my_id, *other_id;
	auth_method_t method;
	chunk_t data = chunk_empty;
	bool ok;

	if (message->get_exchange_type(message) != IKE_AUTH) {
		return NEED_MORE;
	}
	if (!cfg) {
		DBG1(DBG_IKE, "no peer config to authenticate with");
		return FAILED;
	}
	local = cfg->get_auth(cfg, true);
	remote = cfg->get_auth(cfg, false);
	my_id = my_identity(this->ike_sa, local, NULL);
	this->ike_sa->set_my_id(this->ike_sa, my_id);
	if (!this->ike_sa->get_other_id(this->ike_sa) && remote && remote->id) {
		this->ike_sa->set_other_id(this->ike_sa, remote->id->clone(remote->id));
	}
	other_id = this->ike_sa->get_other_id(this->ike_sa);

	if (!add_id_payload(message, PL_IDI, my_id)) {
		return FAILED;
	}
	if (send_initial_contact(this, my_id, other_id)) {
		message->add_notify(message, INITIAL_CONTACT, chunk_empty);
	}
	if (cfg->use_mobike(cfg)) {
		message->add_notify(message, MOBIKE_SUPPORTED, chunk_empty);
	}
	if (other_id && !other_id->contains_wildcards(other_id) &&
	    !add_id_payload(message, PL_IDR, other_id)) {
		return FAILED;
	}
	if (!build_auth(this, local, my_id, other_id, &method, &data)) {
		charon->bus->alert(charon->bus, ALERT_LOCAL_AUTH_FAILED, "%s", id_str(my_id));
		return FAILED;
	}
	ok = add_auth_payload(message, method, data);
	chunk_clear(&data);
	if (!ok) {
		return FAILED;
	}
	this->ike_sa->set_auth_class(this->ike_sa, true, class_of(method));
	return NEED_MORE;
}

/* Errors that concern the CHILD_SA only; its task reports them. */
static bool child_error(notify_type_t type)
{
	switch (type) {
	case NO_PROPOSAL_CHOSEN:
	case SINGLE_PAIR_REQUIRED:
	case NO_ADDITIONAL_SAS:
	case INTERNAL_ADDRESS_FAILURE:
	case FAILED_CP_REQUIRED:
	case TS_UNACCEPTABLE:
	case INVALID_SELECTORS:
		return true;
	default:
		return false;
	}
}

/* The first error notify that ends the IKE_SA, 0 if none. */
static notify_type_t ike_error(message_t *message)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	notify_type_t type, error = 0;
	payload_t *payload;

	while (!error && e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_NOTIFY) {
			continue;
		}
		type = ((notify_payload_t *)payload)->get_notify_type((notify_payload_t *)payload);
		if (notify_type_is_error(type) && !child_error(type)) {
			error = type;
		}
	}
	e->destroy(e);
	return error;
}

/*
 * The responder accepted us and installed what it negotiated before we saw
 * its AUTH. We do not accept it: tell it (RFC 7296 §2.21.2) and delete the
 * IKE_SA in the same INFORMATIONAL, without waiting for the answer, since
 * our SA goes away now.
 */
static void send_auth_failed(private_ike_auth_t *this, message_t *response)
{
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	message_t *message;
	delete_payload_t *del;
	chunk_t data;

	if (!me || !other || !charon->sender) {
		return;
	}
	message = message_create();
	message->set_exchange_type(message, INFORMATIONAL);
	message->set_initiator(message, id->initiator);
	message->set_request(message, true);
	message->set_message_id(message, response->get_message_id(response) + 1);
	message->add_notify(message, AUTHENTICATION_FAILED, chunk_empty);
	del = delete_payload_create(PROTO_IKE);
	if (del) {
		message->add_payload(message, &del->payload);
	}
	if (this->ike_sa->generate_message(this->ike_sa, message, &data) == SUCCESS) {
		DBG1(DBG_IKE, "sending AUTHENTICATION_FAILED and DELETE for IKE_SA %s[%u]",
		     this->ike_sa->get_name(this->ike_sa),
		     this->ike_sa->get_unique_id(this->ike_sa));
		charon->sender->send(charon->sender,
				     packet_create_from_data(me->clone(me), other->clone(other), data));
	}
	message->destroy(message);
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;
	peer_cfg_t *cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	auth_cfg_t *remote;
	id_payload_t *idr;
	auth_payload_t *auth;
	identification_t *other_id;
	notify_type_t error;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		this->peer_hashes = auth_pubkey_peer_hashes(message);
	}
	if (message->get_exchange_type(message) != IKE_AUTH) {
		return NEED_MORE;
	}
	error = ike_error(message);
	if (error) {
		DBG1(DBG_IKE, "received %s notify error", notify_type_name(error) ?: "unknown");
		if (error == AUTHENTICATION_FAILED) {
			charon->bus->alert(charon->bus, ALERT_LOCAL_AUTH_FAILED,
					   "peer rejected our authentication");
		}
		return FAILED;
	}
	idr = (id_payload_t *)message->get_payload(message, PL_IDR);
	auth = (auth_payload_t *)message->get_payload(message, PL_AUTH);
	if (!idr || !auth || !cfg) {
		DBG1(DBG_IKE, "IDr or AUTH payload missing");
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "IDr or AUTH missing");
		return FAILED;
	}
	other_id = id_from_payload(idr);
	if (!other_id) {
		send_auth_failed(this, message);
		return FAILED;
	}
	remote = cfg->get_auth(cfg, false);
	if (remote && remote->id &&
	    other_id->matches(other_id, remote->id) == ID_MATCH_NONE) {
		DBG1(DBG_IKE, "constraint check failed: identity '%s' required, peer is '%s'",
		     id_str(remote->id), id_str(other_id));
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "%s", id_str(other_id));
		other_id->destroy(other_id);
		send_auth_failed(this, message);
		return FAILED;
	}
	if (!verify_auth(this, message, auth, idr, this->ike_sa->get_my_id(this->ike_sa),
			 other_id, remote)) {
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "%s", id_str(other_id));
		other_id->destroy(other_id);
		send_auth_failed(this, message);
		return FAILED;
	}
	this->ike_sa->set_other_id(this->ike_sa, other_id);
	this->ike_sa->set_auth_class(this->ike_sa, false, class_of(auth->get_method(auth)));
	if (cfg->use_mobike(cfg) && message->get_notify(message, MOBIKE_SUPPORTED)) {
		this->ike_sa->enable_extension(this->ike_sa, EXT_MOBIKE);
	}
	establish(this);
	return SUCCESS;
}

/* Whether IDr (what the peer thinks we are) fits the config's local side. */
static bool my_id_fits(ike_sa_t *ike_sa, auth_cfg_t *local, identification_t *hint)
{
	identification_t *mine;
	bool fits;

	if (!hint) {
		return true;
	}
	if (local && local->id) {
		return hint->matches(hint, local->id) != ID_MATCH_NONE;
	}
	mine = identification_create_from_host(ike_sa->get_my_host(ike_sa));
	fits = mine && hint->equals(hint, mine);
	DESTROY_IF(mine);
	return fits;
}

/* The first connection that accepts the peer's identity and AUTH method. */
static peer_cfg_t *select_peer_cfg(private_ike_auth_t *this, identification_t *my_hint,
				   identification_t *other_id, auth_method_t method)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	peer_cfg_t *cfg, *found = NULL;
	auth_cfg_t *local, *remote;
	char a[HOST_STR_LEN], b[HOST_STR_LEN];
	enumerator_t *e;

	DBG1(DBG_CFG, "looking for peer configs matching %s[%s]...%s[%s]",
	     host_to_str(me, a, sizeof(a)), id_str(my_hint),
	     host_to_str(other, b, sizeof(b)), id_str(other_id));
	if (!charon->backends) {
		return NULL;
	}
	e = charon->backends->create_peer_cfg_enumerator(charon->backends, me, other,
							 my_hint, other_id);
	while (!found && e->enumerate(e, &cfg)) {
		local = cfg->get_auth(cfg, true);
		remote = cfg->get_auth(cfg, false);
		if (remote && remote->id &&
		    other_id->matches(other_id, remote->id) == ID_MATCH_NONE) {
			continue;
		}
		if (!my_id_fits(this->ike_sa, local, my_hint)) {
			continue;
		}
		if (remote && remote->auth != AUTH_CLASS_ANY &&
		    remote->auth != class_of(method)) {
			DBG1(DBG_CFG, "peer config '%s' requires %s authentication",
			     cfg->get_name(cfg), remote->auth == AUTH_CLASS_PSK ?
			     "pre-shared key" : "public key");
			continue;
		}
		found = cfg->get_ref(cfg);
	}
	e->destroy(e);
	if (found) {
		DBG1(DBG_CFG, "selected peer config '%s'", found->get_name(found));
	} else {
		DBG1(DBG_CFG, "no matching peer config found");
	}
	return found;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;
	id_payload_t *idi, *idr;
	auth_payload_t *auth;
	identification_t *other_id = NULL, *my_hint = NULL, *my_id = NULL;
	peer_cfg_t *cfg = NULL;
	auth_cfg_t *local, *remote;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		this->peer_hashes = auth_pubkey_peer_hashes(message);
		return NEED_MORE;
	}
	if (message->get_exchange_type(message) != IKE_AUTH) {
		return SUCCESS;
	}
	this->failed = true;
	idi = (id_payload_t *)message->get_payload(message, PL_IDI);
	idr = (id_payload_t *)message->get_payload(message, PL_IDR);
	auth = (auth_payload_t *)message->get_payload(message, PL_AUTH);
	if (!idi || !auth) {
		DBG1(DBG_IKE, "IDi or AUTH payload missing (EAP is not supported)");
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "IDi or AUTH missing");
		return NEED_MORE;
	}
	if (message->get_notify(message, INITIAL_CONTACT)) {
		DBG2(DBG_IKE, "peer sent INITIAL_CONTACT");
		this->initial_contact = true;
	}
	this->peer_mobike = message->get_notify(message, MOBIKE_SUPPORTED) != NULL;
	other_id = id_from_payload(idi);
	if (idr) {
		my_hint = id_from_payload(idr);
	}
	if (!other_id || (idr && !my_hint)) {
		goto out;
	}
	cfg = select_peer_cfg(this, my_hint, other_id, auth->get_method(auth));
	if (!cfg) {
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "no matching peer config");
		goto out;
	}
	local = cfg->get_auth(cfg, true);
	remote = cfg->get_auth(cfg, false);
	my_id = my_identity(this->ike_sa, local, my_hint);
	if (!verify_auth(this, message, auth, idi, my_id, other_id, remote)) {
		charon->bus->alert(charon->bus, ALERT_PEER_AUTH_FAILED, "%s", id_str(other_id));
		goto out;
	}
	this->ike_sa->set_peer_cfg(this->ike_sa, cfg);
	this->ike_sa->set_auth_class(this->ike_sa, false, class_of(auth->get_method(auth)));
	chunk_clear(&this->my_auth);
	if (!build_auth(this, local, my_id, other_id, &this->my_method, &this->my_auth)) {
		charon->bus->alert(charon->bus, ALERT_LOCAL_AUTH_FAILED, "%s", id_str(my_id));
		goto out;
	}
	this->ike_sa->set_my_id(this->ike_sa, my_id);
	this->ike_sa->set_other_id(this->ike_sa, other_id);
	my_id = other_id = NULL;
	this->ike_sa->set_auth_class(this->ike_sa, true, class_of(this->my_method));
	this->ike_sa->set_condition(this->ike_sa, COND_AUTHENTICATED, true);
	this->failed = false;
out:
	DESTROY_IF(cfg);
	DESTROY_IF(my_id);
	DESTROY_IF(other_id);
	DESTROY_IF(my_hint);
	return NEED_MORE;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;
	identification_t *my_id = this->ike_sa->get_my_id(this->ike_sa);
	id_payload_t *idr = NULL;
	auth_payload_t *auth = NULL;
	peer_cfg_t *cfg;

	if (message->get_exchange_type(message) == IKE_SA_INIT) {
		return NEED_MORE;
	}
	if (message->get_exchange_type(message) != IKE_AUTH) {
		return SUCCESS;
	}
	if (!this->failed && my_id) {
		/* both or neither: a failure answers with the notify alone */
		idr = id_payload_create_from_identification(PL_IDR, my_id);
		auth = auth_payload_create(this->my_method, this->my_auth);
	}
	chunk_clear(&this->my_auth);
	if (!idr || !auth) {
		DESTROY_IF(idr);
		DESTROY_IF(auth);
		this->ike_sa->set_condition(this->ike_sa, COND_AUTHENTICATED, false);
		message->add_notify(message, AUTHENTICATION_FAILED, chunk_empty);
		return FAILED;
	}
	message->add_payload(message, &idr->payload);
	message->add_payload(message, &auth->payload);
	cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	if (this->peer_mobike && cfg && cfg->use_mobike(cfg)) {
		message->add_notify(message, MOBIKE_SUPPORTED, chunk_empty);
		this->ike_sa->enable_extension(this->ike_sa, EXT_MOBIKE);
	}
	establish(this);
	ike_unique_enforce(this->ike_sa, this->initial_contact);
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_AUTH;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;

	this->ike_sa = ike_sa;
	this->failed = false;
	chunk_clear(&this->my_auth);
}

static void destroy(task_t *public)
{
	private_ike_auth_t *this = (private_ike_auth_t *)public;

	chunk_clear(&this->my_auth);
	free(this);
}

task_t *ike_auth_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_auth_t *this = mem_zalloc(sizeof(*this));

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
