/*
 * IKE_SA_INIT (RFC 7296 §1.2): proposals, key exchange, nonces and the
 * derivation of the IKE_SA's keys. The same task negotiates a new IKE_SA in
 * CREATE_CHILD_SA when rekeying (§1.3.2; then the proposals carry the new
 * SPIs and SKEYSEED comes from the old SA's SK_d, §2.18).
 *
 * Two answers make the initiator start over (§1.2, §2.6): INVALID_KE_PAYLOAD
 * names the group the responder wants, COOKIE asks us to prove our address.
 * We then ask the task manager to reset (message ID 0 again) and return
 * NEED_MORE; it re-initiates, and build_i() sends a fresh request with the
 * same SPIi, the COOKIE (if any) first, and a KE of the requested group.
 *
 * The responder decides in process_r() and reports in build_r(): the task
 * manager only sends a response for tasks that reach build_r().
 *
 * Extensions announced here: SIGNATURE_HASH_ALGORITHMS (RFC 7427) and
 * IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383).
 */
#include <endian.h>
#include <stdio.h>

#include "sa/tasks/tasks.h"
#include "sa/task_manager.h"
#include "daemon.h"
#include "crypto/crypto_factory.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/nonce_payload.h"

/** Our nonce length: above the 16 octets and half the PRF key size of §2.10. */
#define NONCE_SIZE 32

/** How often a peer may send us back with INVALID_KE_PAYLOAD or COOKIE. */
#define MAX_RETRIES 5

/** Longest cookie we echo (§2.6: 1 to 64 octets). */
#define COOKIE_MAX 64

typedef struct private_ike_init_t {
	task_t public;
	ike_sa_t *ike_sa;
	/** The SA being rekeyed, NULL for IKE_SA_INIT. */
	ike_sa_t *old_sa;
	bool initiator;
	/** The key exchange method we use (or the responder asked for). */
	key_exchange_method_t method;
	key_exchange_t *ke;
	chunk_t my_nonce;
	chunk_t other_nonce;
	/** Initiator: what we offered, to check the responder's choice. */
	linked_list_t *offered;
	/** The selected proposal. */
	proposal_t *proposal;
	/** Cookie the responder gave us, echoed in the retry. */
	chunk_t cookie;
	int retries;
	/** Responder: error to answer with (0 for none). */
	notify_type_t error;
	/** Peer announced RFC 7427 / RFC 7383 support. */
	bool peer_sighash;
	bool peer_frag;
} private_ike_init_t;

/* Hash algorithms we accept in signatures, in the order we announce them;
 * "identity" stands for EdDSA (RFC 8420), which hashes nothing itself. */
static const hash_algorithm_t sig_hashes[] = {
	HASH_SHA256, HASH_SHA384, HASH_SHA512, HASH_IDENTITY,
};

static exchange_type_t expected_exchange(private_ike_init_t *this)
{
	return this->old_sa ? CREATE_CHILD_SA : IKE_SA_INIT;
}

static ike_cfg_t *get_cfg(private_ike_init_t *this)
{
	ike_cfg_t *cfg = this->ike_sa->get_ike_cfg(this->ike_sa);

	if (!cfg && this->old_sa) {
		cfg = this->old_sa->get_ike_cfg(this->old_sa);
	}
	return cfg;
}

static key_exchange_method_t ke_method_of(proposal_t *proposal)
{
	uint16_t alg;

	if (!proposal->get_algorithm(proposal, TRANSFORM_KE, 0, &alg, NULL)) {
		return KE_NONE;
	}
	return alg;
}

/* "IKE:A/B/C, IKE:D/E/F" for logs; truncated if long. */
static char *proposals_str(linked_list_t *list, char *buf, size_t len)
{
	enumerator_t *e = list->create_enumerator(list);
	proposal_t *proposal;
	char one[256];
	size_t pos = 0;
	int n;

	buf[0] = '\0';
	while (e->enumerate(e, &proposal) && pos < len) {
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
			     proposal->to_string(proposal, one, sizeof(one), true));
		if (n < 0) {
			break;
		}
		pos += (size_t)n;
	}
	e->destroy(e);
	return buf;
}

/*
 * A copy of @p proposal whose KE transforms start with @p method; with
 * @p only, @p method is the only one left. NULL if it lacks @p method.
 */
static proposal_t *copy_with_ke(proposal_t *proposal, key_exchange_method_t method, bool only)
{
	proposal_t *copy;
	enumerator_t *e;
	uint16_t type, alg, bits;

	if (!proposal->has_ke_method(proposal, method)) {
		return NULL;
	}
	copy = proposal_create(proposal->get_protocol(proposal), proposal->get_number(proposal));
	copy->set_spi(copy, proposal->get_spi(proposal));
	copy->add_algorithm(copy, TRANSFORM_KE, method, 0);
	e = proposal->create_enumerator(proposal);
	while (e->enumerate(e, &type, &alg, &bits)) {
		if (type == TRANSFORM_KE && (only || alg == method)) {
			continue;
		}
		copy->add_algorithm(copy, type, alg, bits);
	}
	e->destroy(e);
	return copy;
}

static bool make_nonce(private_ike_init_t *this)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	nonce_gen_t *gen = keymat->create_nonce_gen(keymat);
	bool ok;

	if (!gen) {
		DBG1(DBG_IKE, "no nonce generator found to create nonce");
		return false;
	}
	chunk_free(&this->my_nonce);
	ok = gen->allocate_nonce(gen, NONCE_SIZE, &this->my_nonce);
	gen->destroy(gen);
	if (!ok) {
		DBG1(DBG_IKE, "nonce allocation failed");
	}
	return ok;
}

/* (Re)create our key exchange for this->method unless we have it already. */
static bool make_ke(private_ike_init_t *this)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);

	if (this->ke && this->ke->get_method(this->ke) == this->method) {
		return true;
	}
	DESTROY_IF(this->ke);
	this->ke = keymat->create_ke(keymat, this->method);
	if (!this->ke) {
		DBG1(DBG_IKE, "DH group %s not supported",
		     key_exchange_method_name(this->method) ?: "(unknown)");
		return false;
	}
	return true;
}

static bool add_ke_payload(private_ike_init_t *this, message_t *message)
{
	chunk_t value = chunk_empty;
	ke_payload_t *ke;

	if (!this->ke->get_public_key(this->ke, &value)) {
		DBG1(DBG_IKE, "creating KE payload failed");
		return false;
	}
	ke = ke_payload_create(this->method, value);
	chunk_free(&value);
	if (!ke) {
		return false;
	}
	message->add_payload(message, &ke->payload);
	return true;
}

static bool add_nonce_payload(private_ike_init_t *this, message_t *message)
{
	nonce_payload_t *nonce = nonce_payload_create(this->my_nonce);

	if (!nonce) {
		return false;
	}
	message->add_payload(message, &nonce->payload);
	return true;
}

/* Announce RFC 7427 and RFC 7383 (a responder only echoes what it heard). */
static void add_extension_notifies(private_ike_init_t *this, message_t *message, bool response)
{
	ike_cfg_t *cfg = get_cfg(this);
	uint8_t data[2 * countof(sig_hashes)];
	size_t i, len = 0;
	uint16_t alg;

	/* RFC 7383 §2.3: the responder only answers an announcement */
	if (cfg && cfg->fragmentation(cfg) && (!response || this->peer_frag)) {
		message->add_notify(message, IKEV2_FRAGMENTATION_SUPPORTED, chunk_empty);
	}
	if (response && !this->peer_sighash) {
		return;
	}
	for (i = 0; i < countof(sig_hashes); i++) {
		/* no hasher, no signatures: identity alone is not announced */
		if (sig_hashes[i] == HASH_IDENTITY ? len > 0 :
		    lib->crypto->supports(lib->crypto, CRYPTO_HASHER, sig_hashes[i])) {
			alg = htobe16(sig_hashes[i]);
			memcpy(data + len, &alg, sizeof(alg));
			len += sizeof(alg);
		}
	}
	if (len) {
		message->add_notify(message, SIGNATURE_HASH_ALGORITHMS, chunk_create(data, len));
	}
}

static void process_sighash(private_ike_init_t *this, chunk_t data)
{
	char names[128] = "";
	size_t pos = 0, i;
	uint16_t alg;
	int n;

	if (!data.len || data.len % 2) {
		DBG1(DBG_IKE, "ignoring malformed SIGNATURE_HASH_ALGORITHMS notify (%zu bytes)",
		     data.len);
		return;
	}
	for (i = 0; i + 1 < data.len && pos < sizeof(names); i += 2) {
		memcpy(&alg, data.ptr + i, sizeof(alg));
		alg = be16toh(alg);
		n = snprintf(names + pos, sizeof(names) - pos, "%s%s", pos ? " " : "",
			     hash_algorithm_name(alg) ?: "UNKNOWN");
		if (n < 0) {
			break;
		}
		pos += (size_t)n;
	}
	DBG2(DBG_IKE, "received supported signature hash algorithms: %s", names);
	this->peer_sighash = true;
	this->ike_sa->enable_extension(this->ike_sa, EXT_SIGNATURE_AUTH);
}

/*
 * Look at the notifies. Status types are extensions; the first error type
 * is returned (0 if none) with its notify in @p error_notify.
 */
static notify_type_t process_notifies(private_ike_init_t *this, message_t *message,
				      notify_payload_t **error_notify)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	notify_type_t type, error = 0;
	notify_payload_t *notify;
	payload_t *payload;

	while (e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_NOTIFY) {
			continue;
		}
		notify = (notify_payload_t *)payload;
		type = notify->get_notify_type(notify);
		switch (type) {
		case IKEV2_FRAGMENTATION_SUPPORTED:
			this->peer_frag = true;
			this->ike_sa->enable_extension(this->ike_sa, EXT_FRAGMENTATION);
			break;
		case SIGNATURE_HASH_ALGORITHMS:
			process_sighash(this, notify->get_data(notify));
			break;
		case COOKIE:
			/* not an error type, but it replaces the whole answer */
			if (!error && !this->old_sa && this->initiator) {
				error = type;
				*error_notify = notify;
			}
			break;
		default:
			if (notify_type_is_error(type) && !error) {
				error = type;
				*error_notify = notify;
			}
			break;
		}
	}
	e->destroy(e);
	return error;
}

/* Ask the task manager to run IKE_SA_INIT again from message ID 0. */
static status_t start_over(private_ike_init_t *this)
{
	task_manager_t *tm;

	if (++this->retries > MAX_RETRIES) {
		DBG1(DBG_IKE, "giving up after %d retries of %s", MAX_RETRIES,
		     exchange_type_name(expected_exchange(this)));
		return FAILED;
	}
	if (!this->old_sa) {
		tm = this->ike_sa->get_task_manager(this->ike_sa);
		tm->reset(tm, 0, UINT32_MAX);
	}
	/* when rekeying, the IKE_REKEY task sends the retry itself */
	return NEED_MORE;
}

static status_t handle_invalid_ke(private_ike_init_t *this, notify_payload_t *notify)
{
	ike_cfg_t *cfg = get_cfg(this);
	chunk_t data = notify->get_data(notify);
	key_exchange_method_t wanted;
	uint16_t group;

	if (data.len != sizeof(group)) {
		DBG1(DBG_IKE, "received malformed INVALID_KE_PAYLOAD notify (%zu bytes)", data.len);
		return FAILED;
	}
	memcpy(&group, data.ptr, sizeof(group));
	wanted = be16toh(group);
	if (wanted == this->method || !cfg || !cfg->has_ke_method(cfg, wanted)) {
		DBG1(DBG_IKE, "peer didn't accept DH group %s, it requested %s, "
		     "which we did not propose", key_exchange_method_name(this->method) ?: "?",
		     key_exchange_method_name(wanted) ?: "(unknown)");
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_IKE, "INVALID_KE_PAYLOAD");
		return FAILED;
	}
	DBG1(DBG_IKE, "peer didn't accept DH group %s, it requested %s",
	     key_exchange_method_name(this->method) ?: "?",
	     key_exchange_method_name(wanted) ?: "?");
	this->method = wanted;
	DESTROY_IF(this->ke);
	this->ke = NULL;
	return start_over(this);
}

static status_t handle_cookie(private_ike_init_t *this, notify_payload_t *notify)
{
	chunk_t data = notify->get_data(notify);

	if (!data.len || data.len > COOKIE_MAX) {
		DBG1(DBG_IKE, "received invalid COOKIE notify (%zu bytes)", data.len);
		return FAILED;
	}
	DBG2(DBG_IKE, "received COOKIE, retrying %s with it", exchange_type_name(IKE_SA_INIT));
	chunk_free(&this->cookie);
	this->cookie = chunk_clone(data);
	return start_over(this);
}

/* The proposals we send, with this->method first and our SPI if rekeying. */
static linked_list_t *build_offer(private_ike_init_t *this, ike_cfg_t *cfg)
{
	linked_list_t *list = cfg->get_proposals(cfg), *offer = linked_list_create();
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	uint64_t spi = htobe64(id->initiator ? id->initiator_spi : id->responder_spi);
	proposal_t *proposal, *promoted;

	while (list->remove_first(list, (void **)&proposal) == SUCCESS) {
		if (ke_method_of(proposal) != this->method) {
			promoted = copy_with_ke(proposal, this->method, false);
			if (promoted) {
				proposal->destroy(proposal);
				proposal = promoted;
			}
		}
		if (this->old_sa) {
			proposal->set_spi(proposal, chunk_from_thing(spi));
		}
		offer->insert_last(offer, proposal);
	}
	list->destroy(list);
	return offer;
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_init_t *this = (private_ike_init_t *)public;
	ike_cfg_t *cfg = get_cfg(this);
	sa_payload_t *sa;

	if (message->get_exchange_type(message) != expected_exchange(this)) {
		return this->proposal ? SUCCESS : NEED_MORE;
	}
	if (!cfg) {
		DBG1(DBG_IKE, "no IKE config to initiate with");
		return FAILED;
	}
	if (this->method == KE_NONE) {
		this->method = cfg->get_ke_method(cfg);
	}
	if (!make_ke(this) || (!this->my_nonce.len && !make_nonce(this))) {
		return FAILED;
	}
	if (this->offered) {
		this->offered->destroy_offset(this->offered, offsetof(proposal_t, destroy));
	}
	this->offered = build_offer(this, cfg);
	if (!this->offered->get_count(this->offered)) {
		DBG1(DBG_IKE, "no IKE proposals configured");
		return FAILED;
	}
	/* §2.6: the cookie must be the first payload */
	if (this->cookie.len) {
		message->add_notify(message, COOKIE, this->cookie);
	}
	sa = sa_payload_create_from_proposals(this->offered);
	if (!sa) {
		return FAILED;
	}
	message->add_payload(message, &sa->payload);
	if (!add_ke_payload(this, message) || !add_nonce_payload(this, message)) {
		return FAILED;
	}
	if (!this->old_sa) {
		add_extension_notifies(this, message, false);
	}
	this->ike_sa->set_nonce(this->ike_sa, true, this->my_nonce);
	return NEED_MORE;
}

/* Derive SKEYSEED and the SK_* keys into the (new) IKE_SA's keymat. */
static bool derive_keys(private_ike_init_t *this)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa), *old;
	pseudo_random_function_t prf = PRF_UNDEFINED;
	chunk_t skd = chunk_empty;
	chunk_t ni = this->initiator ? this->my_nonce : this->other_nonce;
	chunk_t nr = this->initiator ? this->other_nonce : this->my_nonce;

	if (this->old_sa) {
		old = this->old_sa->get_keymat(this->old_sa);
		prf = old->get_skd(old, &skd);
	}
	if (!keymat->derive_ike_keys(keymat, this->proposal, this->ke, ni, nr,
				     this->ike_sa->get_id(this->ike_sa), prf, skd)) {
		DBG1(DBG_IKE, "key derivation failed");
		return false;
	}
	this->ike_sa->set_proposal(this->ike_sa, this->proposal);
	this->ike_sa->set_nonce(this->ike_sa, true, this->my_nonce);
	this->ike_sa->set_nonce(this->ike_sa, false, this->other_nonce);
	return true;
}

/* The 8-byte SPI of a rekeying proposal as ike_sa_id_t stores it. */
static bool proposal_spi(proposal_t *proposal, uint64_t *spi)
{
	chunk_t data = proposal->get_spi(proposal);
	uint64_t be;

	if (data.len != sizeof(be)) {
		DBG1(DBG_IKE, "IKE proposal has a %zu byte SPI, expected 8", data.len);
		return false;
	}
	memcpy(&be, data.ptr, sizeof(be));
	*spi = be64toh(be);
	return *spi != 0;
}

/* Apply the peer's KE payload to our key exchange. */
static bool apply_ke(private_ike_init_t *this, ke_payload_t *ke)
{
	if (!this->ke->set_public_key(this->ke, ke->get_data(ke))) {
		DBG1(DBG_IKE, "applying DH public value failed");
		return false;
	}
	return true;
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_init_t *this = (private_ike_init_t *)public;
	notify_payload_t *notify = NULL;
	sa_payload_t *sa;
	ke_payload_t *ke;
	nonce_payload_t *nonce;
	linked_list_t *received;
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	char buf[512];
	uint64_t spi_r;

	if (message->get_exchange_type(message) != expected_exchange(this)) {
		return this->proposal ? SUCCESS : NEED_MORE;
	}
	switch ((int)process_notifies(this, message, &notify)) {
	case 0:
		break;
	case INVALID_KE_PAYLOAD:
		return handle_invalid_ke(this, notify);
	case COOKIE:
		return handle_cookie(this, notify);
	case NO_PROPOSAL_CHOSEN:
		DBG1(DBG_IKE, "received NO_PROPOSAL_CHOSEN notify error");
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_IKE, "NO_PROPOSAL_CHOSEN");
		return FAILED;
	default:
		DBG1(DBG_IKE, "received %s notify error",
		     notify_type_name(notify->get_notify_type(notify)) ?: "unknown");
		return FAILED;
	}

	sa = (sa_payload_t *)message->get_payload(message, PL_SA);
	ke = (ke_payload_t *)message->get_payload(message, PL_KE);
	nonce = (nonce_payload_t *)message->get_payload(message, PL_NONCE);
	if (!sa || !ke || !nonce || !this->offered) {
		DBG1(DBG_IKE, "%s response lacks SA, KE or nonce payload",
		     exchange_type_name(expected_exchange(this)));
		return FAILED;
	}
	received = sa->get_proposals(sa);
	if (received->get_count(received) == 1) {
		DESTROY_IF(this->proposal);
		this->proposal = proposal_select_list(this->offered, received);
	}
	if (!this->proposal || ke_method_of(this->proposal) != this->method) {
		DBG1(DBG_IKE, "peer selected an unacceptable proposal: %s",
		     proposals_str(received, buf, sizeof(buf)));
		received->destroy_offset(received, offsetof(proposal_t, destroy));
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_IKE, "invalid selection");
		return FAILED;
	}
	received->destroy_offset(received, offsetof(proposal_t, destroy));
	DBG1(DBG_CFG, "selected proposal: %s",
	     this->proposal->to_string(this->proposal, buf, sizeof(buf), true));

	if (ke->get_method(ke) != this->method) {
		DBG1(DBG_IKE, "peer's KE payload uses %s, expected %s",
		     key_exchange_method_name(ke->get_method(ke)) ?: "(unknown)",
		     key_exchange_method_name(this->method) ?: "?");
		return FAILED;
	}
	if (!apply_ke(this, ke)) {
		return FAILED;
	}
	chunk_free(&this->other_nonce);
	this->other_nonce = chunk_clone(nonce->get_nonce(nonce));

	if (this->old_sa) {
		if (!proposal_spi(this->proposal, &spi_r)) {
			return FAILED;
		}
	} else {
		spi_r = message->get_spi_r(message);
	}
	if (!spi_r) {
		DBG1(DBG_IKE, "responder SPI missing in %s response",
		     exchange_type_name(expected_exchange(this)));
		return FAILED;
	}
	id->responder_spi = spi_r;
	return derive_keys(this) ? SUCCESS : FAILED;
}

/* Responder: the IKE config for this peer, looked up once. */
static ike_cfg_t *responder_cfg(private_ike_init_t *this)
{
	ike_cfg_t *cfg = get_cfg(this);
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	char a[HOST_STR_LEN], b[HOST_STR_LEN];

	if (cfg || !charon->backends || !me || !other) {
		return cfg;
	}
	cfg = charon->backends->get_ike_cfg(charon->backends, me, other);
	if (!cfg) {
		DBG1(DBG_IKE, "no IKE config found for %s...%s, sending NO_PROPOSAL_CHOSEN",
		     host_to_str(me, a, sizeof(a)), host_to_str(other, b, sizeof(b)));
		return NULL;
	}
	this->ike_sa->set_ike_cfg(this->ike_sa, cfg);
	cfg->destroy(cfg);
	return this->ike_sa->get_ike_cfg(this->ike_sa);
}

/*
 * Our choice from the peer's proposals. If it needs a KE group other than
 * the one the peer sent, prefer a proposal that works with the peer's
 * group: that saves the INVALID_KE_PAYLOAD round trip.
 */
static proposal_t *select_proposal(ike_cfg_t *cfg, linked_list_t *theirs,
				   key_exchange_method_t sent)
{
	proposal_t *selected, *proposal, *copy, *alt;
	linked_list_t *restricted;
	enumerator_t *e;

	selected = cfg->select_proposal(cfg, theirs, false);
	if (!selected || ke_method_of(selected) == sent) {
		return selected;
	}
	restricted = linked_list_create();
	e = theirs->create_enumerator(theirs);
	while (e->enumerate(e, &proposal)) {
		copy = copy_with_ke(proposal, sent, true);
		if (copy) {
			restricted->insert_last(restricted, copy);
		}
	}
	e->destroy(e);
	alt = restricted->get_count(restricted) ? cfg->select_proposal(cfg, restricted, false)
						 : NULL;
	restricted->destroy_offset(restricted, offsetof(proposal_t, destroy));
	if (alt) {
		selected->destroy(selected);
		return alt;
	}
	return selected;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_init_t *this = (private_ike_init_t *)public;
	notify_payload_t *notify = NULL;
	ike_cfg_t *cfg;
	sa_payload_t *sa;
	ke_payload_t *ke;
	nonce_payload_t *nonce;
	linked_list_t *theirs, *ours;
	char buf[1024];
	uint64_t spi_i;

	if (message->get_exchange_type(message) != expected_exchange(this)) {
		return SUCCESS;
	}
	this->error = NO_PROPOSAL_CHOSEN;
	process_notifies(this, message, &notify);
	cfg = responder_cfg(this);
	sa = (sa_payload_t *)message->get_payload(message, PL_SA);
	ke = (ke_payload_t *)message->get_payload(message, PL_KE);
	nonce = (nonce_payload_t *)message->get_payload(message, PL_NONCE);
	if (!cfg) {
		return NEED_MORE;
	}
	if (!sa || !ke || !nonce) {
		DBG1(DBG_IKE, "%s request lacks SA, KE or nonce payload",
		     exchange_type_name(expected_exchange(this)));
		return NEED_MORE;
	}
	theirs = sa->get_proposals(sa);
	DESTROY_IF(this->proposal);
	this->proposal = select_proposal(cfg, theirs, ke->get_method(ke));
	if (!this->proposal) {
		ours = cfg->get_proposals(cfg);
		DBG1(DBG_CFG, "received proposals: %s", proposals_str(theirs, buf, sizeof(buf)));
		DBG1(DBG_CFG, "configured proposals: %s", proposals_str(ours, buf, sizeof(buf)));
		DBG1(DBG_IKE, "received proposals unacceptable");
		ours->destroy_offset(ours, offsetof(proposal_t, destroy));
		theirs->destroy_offset(theirs, offsetof(proposal_t, destroy));
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_IKE, "no acceptable proposal");
		return NEED_MORE;
	}
	DBG2(DBG_CFG, "received proposals: %s", proposals_str(theirs, buf, sizeof(buf)));
	theirs->destroy_offset(theirs, offsetof(proposal_t, destroy));
	DBG1(DBG_CFG, "selected proposal: %s",
	     this->proposal->to_string(this->proposal, buf, sizeof(buf), true));

	this->method = ke_method_of(this->proposal);
	if (this->method == KE_NONE) {
		DBG1(DBG_IKE, "selected IKE proposal has no key exchange method");
		return NEED_MORE;
	}
	if (ke->get_method(ke) != this->method) {
		DBG1(DBG_IKE, "DH group %s unacceptable, requesting %s",
		     key_exchange_method_name(ke->get_method(ke)) ?: "(unknown)",
		     key_exchange_method_name(this->method) ?: "?");
		this->error = INVALID_KE_PAYLOAD;
		return NEED_MORE;
	}
	if (!make_ke(this) || !apply_ke(this, ke)) {
		return NEED_MORE;
	}
	if (this->old_sa) {
		if (!proposal_spi(this->proposal, &spi_i)) {
			return NEED_MORE;
		}
		this->ike_sa->get_id(this->ike_sa)->initiator_spi = spi_i;
	}
	chunk_free(&this->other_nonce);
	this->other_nonce = chunk_clone(nonce->get_nonce(nonce));
	this->ike_sa->set_nonce(this->ike_sa, false, this->other_nonce);
	this->error = 0;
	return NEED_MORE;
}

static status_t build_error(private_ike_init_t *this, message_t *message)
{
	uint16_t group = htobe16(this->method);

	if (this->error == INVALID_KE_PAYLOAD) {
		message->add_notify(message, INVALID_KE_PAYLOAD, chunk_from_thing(group));
		/* the peer retries with a new IKE_SA_INIT, which makes a new SA */
		return DESTROY_ME;
	}
	message->add_notify(message, this->error, chunk_empty);
	return FAILED;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_init_t *this = (private_ike_init_t *)public;
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	uint64_t spi = htobe64(id->responder_spi);
	sa_payload_t *sa;

	if (message->get_exchange_type(message) != expected_exchange(this)) {
		return SUCCESS;
	}
	if (!this->error && !make_nonce(this)) {
		this->error = NO_PROPOSAL_CHOSEN;
	}
	if (!this->error && this->old_sa) {
		this->proposal->set_spi(this->proposal, chunk_from_thing(spi));
	}
	/* keys first: a failure must not leave half a response behind */
	if (!this->error && !derive_keys(this)) {
		this->error = NO_PROPOSAL_CHOSEN;
	}
	if (this->error) {
		return build_error(this, message);
	}
	sa = sa_payload_create();
	sa->add_proposal(sa, this->proposal->clone(this->proposal));
	message->add_payload(message, &sa->payload);
	if (!add_ke_payload(this, message) || !add_nonce_payload(this, message)) {
		return FAILED;
	}
	if (!this->old_sa) {
		add_extension_notifies(this, message, true);
	}
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_INIT;
}

/* A retry on another IKE_SA keeps what we learned (group, cookie). */
static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_init_t *this = (private_ike_init_t *)public;

	this->ike_sa = ike_sa;
	DESTROY_IF(this->proposal);
	this->proposal = NULL;
	chunk_free(&this->other_nonce);
	chunk_free(&this->my_nonce);
	this->error = 0;
	this->peer_frag = this->peer_sighash = false;
}

static void destroy(task_t *public)
{
	private_ike_init_t *this = (private_ike_init_t *)public;

	DESTROY_IF(this->ke);
	DESTROY_IF(this->proposal);
	if (this->offered) {
		this->offered->destroy_offset(this->offered, offsetof(proposal_t, destroy));
	}
	chunk_free(&this->my_nonce);
	chunk_free(&this->other_nonce);
	chunk_free(&this->cookie);
	free(this);
}

task_t *ike_init_create(ike_sa_t *ike_sa, bool initiator, ike_sa_t *old_sa)
{
	private_ike_init_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = initiator ? build_i : build_r,
		.process = initiator ? process_i : process_r,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->old_sa = old_sa;
	this->initiator = initiator;
	return &this->public;
}
