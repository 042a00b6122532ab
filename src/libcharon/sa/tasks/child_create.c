/*
 * Creating a CHILD_SA (RFC 7296 §1.3, §2.9, §2.17): in IKE_AUTH, where the
 * nonces of IKE_SA_INIT key it and no KE is allowed, or with
 * CREATE_CHILD_SA, which brings its own nonces and optionally a KE (PFS).
 *
 * A failed CHILD_SA never fails the IKE_SA (§1.2): errors are answered or
 * taken as a notify and the task ends with SUCCESS. Only local trouble
 * that leaves no sane request to send (no SPI, no selectors) fails it.
 */
#include <arpa/inet.h>

#include "sa/tasks/tasks.h"

#include "daemon.h"
#include "encoding/ke_payload.h"
#include "encoding/nonce_payload.h"
#include "encoding/notify_payload.h"
#include "encoding/sa_payload.h"
#include "encoding/ts_payload.h"

/* Our nonce size in CREATE_CHILD_SA: at least half the PRF key size (§2.10). */
#define CHILD_NONCE_SIZE 32

typedef struct private_child_create_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/* the CHILD_SA replaces another; child_rekey reports it instead of updown */
	bool rekey;
	child_cfg_t *config;
	uint32_t reqid;
	/* KE method the peer asked for with INVALID_KE_PAYLOAD, KE_NONE if none */
	key_exchange_method_t ke_method;
	child_sa_t *child;
	/* ours as sent (initiator), the peer's as received (responder) */
	linked_list_t *proposals;
	linked_list_t *tsi;
	linked_list_t *tsr;
	chunk_t my_nonce;
	chunk_t other_nonce;
	key_exchange_t *ke;
	key_exchange_method_t other_ke_method;
	chunk_t other_ke;
	/* USE_TRANSPORT_MODE requested (by us or the peer) */
	bool transport;
	/* initiator: request built; responder: an SA payload arrived */
	bool started;
	/* the CHILD_SA handed to the IKE_SA (not owned), for child_rekey */
	child_sa_t *established;
	/* rekeying: the KE method the peer asked for, for child_rekey to retry */
	key_exchange_method_t retry_method;
} private_child_create_t;

static task_t *create_task(ike_sa_t *ike_sa, child_cfg_t *config, bool rekey, uint32_t reqid);

static void destroy_ts_list(linked_list_t **list)
{
	if (*list) {
		(*list)->destroy_offset(*list, DESTROY_OFFSET(traffic_selector_t));
		*list = NULL;
	}
}

/* Forget everything negotiated so far (migration, retries, destroy). */
static void reset(private_child_create_t *this)
{
	DESTROY_IF(this->child);
	this->child = NULL;
	if (this->proposals) {
		this->proposals->destroy_offset(this->proposals, DESTROY_OFFSET(proposal_t));
		this->proposals = NULL;
	}
	destroy_ts_list(&this->tsi);
	destroy_ts_list(&this->tsr);
	chunk_free(&this->my_nonce);
	chunk_free(&this->other_nonce);
	chunk_free(&this->other_ke);
	DESTROY_IF(this->ke);
	this->ke = NULL;
	this->other_ke_method = KE_NONE;
	this->transport = false;
	this->started = false;
}

static bool use_encap(ike_sa_t *ike_sa)
{
	return ike_sa->has_condition(ike_sa, COND_NAT_HERE) ||
	       ike_sa->has_condition(ike_sa, COND_NAT_THERE) ||
	       ike_sa->has_condition(ike_sa, COND_NAT_FAKE);
}

/* Selectors of the config for one side, dynamic ones bound to its virtual
 * IPs or its address (ike_vips_ts_hosts()). */
static linked_list_t *config_ts(child_cfg_t *config, bool local, linked_list_t *supplied,
				ike_sa_t *ike_sa)
{
	linked_list_t *hosts = ike_vips_ts_hosts(ike_sa, local);
	linked_list_t *list = config->get_traffic_selectors(config, local, supplied, hosts);

	hosts->destroy_offset(hosts, DESTROY_OFFSET(host_t));
	return list;
}

static key_exchange_method_t proposal_ke_method(proposal_t *proposal)
{
	uint16_t method = KE_NONE;

	proposal->get_algorithm(proposal, TRANSFORM_KE, 0, &method, NULL);
	return method;
}

static bool new_nonce(private_child_create_t *this)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	nonce_gen_t *gen = keymat->create_nonce_gen(keymat);
	bool ok = gen && gen->allocate_nonce(gen, CHILD_NONCE_SIZE, &this->my_nonce);

	DESTROY_IF(gen);
	if (!ok) {
		DBG1(DBG_IKE, "nonce allocation failed");
	}
	return ok;
}

static bool new_ke(private_child_create_t *this, key_exchange_method_t method)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);

	this->ke = keymat->create_ke(keymat, method);
	if (!this->ke) {
		DBG1(DBG_IKE, "key exchange method %s not supported",
		     key_exchange_method_name(method));
	}
	return this->ke != NULL;
}

static void add_ke_payload(private_child_create_t *this, message_t *message)
{
	chunk_t value = chunk_empty;

	if (this->ke && this->ke->get_public_key(this->ke, &value)) {
		message->add_payload(message,
			&ke_payload_create(this->ke->get_method(this->ke), value)->payload);
	}
	chunk_free(&value);
}

/* Proposals with @p method first: the KE payload we send must fit the first one. */
static void prefer_ke_method(linked_list_t *proposals, key_exchange_method_t method)
{
	enumerator_t *e = proposals->create_enumerator(proposals);
	linked_list_t *others = linked_list_create();
	proposal_t *proposal;

	while (e->enumerate(e, &proposal)) {
		if (!proposal->has_ke_method(proposal, method)) {
			proposals->remove_at(proposals, e);
			others->insert_last(others, proposal);
		}
	}
	e->destroy(e);
	while (others->remove_first(others, (void **)&proposal) == SUCCESS) {
		proposals->insert_last(proposals, proposal);
	}
	others->destroy(others);
}

/* Derive the keys (§2.17) and put both SAs and the policies in place. */
static bool install_child(private_child_create_t *this, bool auth, uint32_t other_spi)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	child_sa_t *child = this->child;
	chunk_t ni, nr, encr_i, integ_i, encr_r, integ_r;
	uint32_t my_spi = child->get_spi(child, true);
	bool ok;

	if (auth) {
		ni = this->ike_sa->get_nonce(this->ike_sa, this->initiator);
		nr = this->ike_sa->get_nonce(this->ike_sa, !this->initiator);
	} else {
		ni = this->initiator ? this->my_nonce : this->other_nonce;
		nr = this->initiator ? this->other_nonce : this->my_nonce;
	}
	child->set_state(child, CHILD_INSTALLING);
	if (!keymat->derive_child_keys(keymat, child->get_proposal(child), this->ke, ni, nr,
				       &encr_i, &integ_i, &encr_r, &integ_r)) {
		DBG1(DBG_IKE, "CHILD_SA key derivation failed");
		return false;
	}
	/* keys i→r protect what the exchange initiator sends */
	if (this->initiator) {
		ok = child->install(child, encr_r, integ_r, my_spi, true, true) == SUCCESS &&
		     child->install(child, encr_i, integ_i, other_spi, false, true) == SUCCESS;
	} else {
		ok = child->install(child, encr_i, integ_i, my_spi, true, false) == SUCCESS &&
		     child->install(child, encr_r, integ_r, other_spi, false, false) == SUCCESS;
	}
	chunk_clear(&encr_i);
	chunk_clear(&integ_i);
	chunk_clear(&encr_r);
	chunk_clear(&integ_r);
	if (!ok) {
		charon->bus->alert(charon->bus, ALERT_INSTALL_CHILD_SA_FAILED, "%s",
				   child->get_name(child));
		return false;
	}
	if (child->install_policies(child) != SUCCESS) {
		charon->bus->alert(charon->bus, ALERT_INSTALL_CHILD_POLICY_FAILED, "%s",
				   child->get_name(child));
		return false;
	}
	return true;
}

/* Hand the installed CHILD_SA to the IKE_SA and tell everybody. */
static void established(private_child_create_t *this)
{
	child_sa_t *child = this->child;
	char my[512], other[512];

	this->child = NULL;
	this->established = child;
	child->set_state(child, CHILD_INSTALLED);
	this->ike_sa->add_child_sa(this->ike_sa, child);
	DBG0(DBG_IKE, "CHILD_SA %s{%u} established with SPIs %.8x_i %.8x_o and TS %s === %s",
	     child->get_name(child), child->get_unique_id(child),
	     ntohl(child->get_spi(child, true)), ntohl(child->get_spi(child, false)),
	     traffic_selector_list_to_str(child->get_traffic_selectors(child, true), my, sizeof(my)),
	     traffic_selector_list_to_str(child->get_traffic_selectors(child, false), other,
					  sizeof(other)));
	if (!this->rekey) {
		charon->bus->child_updown(charon->bus, child, true);
	}
}

/* --- initiator ---------------------------------------------------------- */

static status_t build_i(private_child_create_t *this, message_t *message)
{
	exchange_type_t exchange = message->get_exchange_type(message);
	bool auth = exchange == IKE_AUTH;
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	key_exchange_method_t method;
	enumerator_t *e;
	proposal_t *proposal;
	uint32_t spi;

	/* IKE_SA_INIT comes first, and later IKE_AUTH rounds (EAP) carry nothing of ours */
	if (this->started || (exchange != IKE_AUTH && exchange != CREATE_CHILD_SA)) {
		return NEED_MORE;
	}
	this->child = child_sa_create(me, other, this->config, this->reqid,
				      use_encap(this->ike_sa));
	if (!this->child) {
		return FAILED;
	}
	spi = this->child->alloc_spi(this->child);
	if (!spi) {
		charon->bus->alert(charon->bus, ALERT_INSTALL_CHILD_SA_FAILED,
				   "no SPI for %s", this->config->get_name(this->config));
		return FAILED;
	}
	this->proposals = this->config->get_proposals(this->config, auth);
	if (!auth) {
		method = this->ke_method ? this->ke_method
					 : this->config->get_ke_method(this->config);
		if (method != KE_NONE) {
			prefer_ke_method(this->proposals, method);
			if (!new_ke(this, method)) {
				return FAILED;
			}
		}
		if (!new_nonce(this)) {
			return FAILED;
		}
	}
	e = this->proposals->create_enumerator(this->proposals);
	while (e->enumerate(e, &proposal)) {
		proposal->set_spi(proposal, chunk_from_thing(spi));
	}
	e->destroy(e);
	this->tsi = config_ts(this->config, true, NULL, this->ike_sa);
	this->tsr = config_ts(this->config, false, NULL, this->ike_sa);
	if (!this->proposals->get_count(this->proposals) || !this->tsi->get_count(this->tsi) ||
	    !this->tsr->get_count(this->tsr)) {
		DBG1(DBG_IKE, "CHILD_SA config %s has no proposals or traffic selectors",
		     this->config->get_name(this->config));
		return FAILED;
	}
	if (this->config->get_mode(this->config) == MODE_TRANSPORT) {
		this->transport = true;
		message->add_notify(message, USE_TRANSPORT_MODE, chunk_empty);
	}
	message->add_payload(message, &sa_payload_create_from_proposals(this->proposals)->payload);
	if (!auth) {
		message->add_payload(message, &nonce_payload_create(this->my_nonce)->payload);
		add_ke_payload(this, message);
	}
	message->add_payload(message, &ts_payload_create(true, this->tsi)->payload);
	message->add_payload(message, &ts_payload_create(false, this->tsr)->payload);
	this->started = true;
	return NEED_MORE;
}

/* Every selector the peer returned lies within what we proposed (§2.9). */
static bool ts_subset(linked_list_t *narrowed, linked_list_t *proposed)
{
	enumerator_t *n = narrowed->create_enumerator(narrowed), *p;
	traffic_selector_t *ts, *ours;
	bool ok = narrowed->get_count(narrowed) > 0, found;

	while (ok && n->enumerate(n, &ts)) {
		found = false;
		p = proposed->create_enumerator(proposed);
		while (!found && p->enumerate(p, &ours)) {
			found = ts->is_contained_in(ts, ours);
		}
		p->destroy(p);
		ok = found;
	}
	n->destroy(n);
	return ok;
}

static bool single_transforms(proposal_t *proposal)
{
	uint16_t type;

	for (type = TRANSFORM_ENCR; type <= TRANSFORM_ESN; type++) {
		if (proposal->count_algorithms(proposal, type) > 1) {
			return false;
		}
	}
	return true;
}

/* The proposal the peer chose, if it is one we offered (§3.3.6). */
static proposal_t *check_selected(private_child_create_t *this, sa_payload_t *sa)
{
	linked_list_t *theirs = sa->get_proposals(sa);
	proposal_t *their, *ours, *selected = NULL;
	enumerator_t *e;

	if (theirs->get_count(theirs) == 1 &&
	    theirs->get_first(theirs, (void **)&their) == SUCCESS &&
	    their->get_protocol(their) == PROTO_ESP && their->get_spi(their).len == 4 &&
	    single_transforms(their)) {
		e = this->proposals->create_enumerator(this->proposals);
		while (!selected && e->enumerate(e, &ours)) {
			selected = ours->select(ours, their);
		}
		e->destroy(e);
	}
	theirs->destroy_offset(theirs, DESTROY_OFFSET(proposal_t));
	return selected;
}

/* The peer's KE must answer ours if the chosen proposal has one. */
static bool check_ke(private_child_create_t *this, message_t *message, proposal_t *selected)
{
	key_exchange_method_t method = proposal_ke_method(selected);
	ke_payload_t *ke = (ke_payload_t *)message->get_payload(message, PL_KE);

	if (method == KE_NONE) {
		/* the peer chose a proposal without PFS */
		DESTROY_IF(this->ke);
		this->ke = NULL;
		return true;
	}
	if (!this->ke || this->ke->get_method(this->ke) != method || !ke ||
	    ke->get_method(ke) != method) {
		DBG1(DBG_IKE, "peer did not answer our %s key exchange",
		     key_exchange_method_name(this->ke ? this->ke->get_method(this->ke) : method));
		return false;
	}
	if (!this->ke->set_public_key(this->ke, ke->get_data(ke))) {
		DBG1(DBG_IKE, "peer's %s public value is invalid", key_exchange_method_name(method));
		return false;
	}
	return true;
}

/* The peer answered with an SA: check it all and install. */
static bool process_answer(private_child_create_t *this, message_t *message, bool auth,
			   proposal_t *selected)
{
	ts_payload_t *tsi = (ts_payload_t *)message->get_payload(message, PL_TSI);
	ts_payload_t *tsr = (ts_payload_t *)message->get_payload(message, PL_TSR);
	nonce_payload_t *nonce = (nonce_payload_t *)message->get_payload(message, PL_NONCE);
	linked_list_t *my_ts = NULL, *other_ts = NULL;
	uint32_t other_spi;
	bool ok = false;

	memcpy(&other_spi, selected->get_spi(selected).ptr, sizeof(other_spi));
	this->child->set_proposal(this->child, selected);
	if (!auth) {
		if (!nonce) {
			DBG1(DBG_IKE, "Nonce payload missing in CREATE_CHILD_SA response");
			return false;
		}
		this->other_nonce = chunk_clone(nonce->get_nonce(nonce));
		if (!check_ke(this, message, selected)) {
			return false;
		}
	}
	if (tsi && tsr) {
		my_ts = tsi->get_traffic_selectors(tsi);
		other_ts = tsr->get_traffic_selectors(tsr);
		ok = ts_subset(my_ts, this->tsi) && ts_subset(other_ts, this->tsr);
	}
	if (!ok) {
		DBG1(DBG_IKE, "peer's traffic selectors are not a subset of ours");
		charon->bus->alert(charon->bus, ALERT_TS_MISMATCH, "narrowed beyond our proposal");
	} else {
		if (this->transport && !message->get_notify(message, USE_TRANSPORT_MODE)) {
			DBG1(DBG_IKE, "peer declined transport mode, using tunnel mode");
		}
		this->child->set_mode(this->child,
			this->transport && message->get_notify(message, USE_TRANSPORT_MODE)
			? MODE_TRANSPORT : MODE_TUNNEL);
		this->child->set_traffic_selectors(this->child, my_ts, other_ts);
		ok = install_child(this, auth, other_spi);
	}
	if (my_ts) {
		destroy_ts_list(&my_ts);
		destroy_ts_list(&other_ts);
	}
	return ok;
}

/*
 * The peer installed its half but we could not: keep the CHILD_SA (FAILED)
 * so a child_delete can tell the peer to remove it.
 */
static void delete_half_open(private_child_create_t *this)
{
	child_sa_t *child = this->child;

	this->child = NULL;
	child->set_state(child, CHILD_FAILED);
	this->ike_sa->add_child_sa(this->ike_sa, child);
	this->ike_sa->queue_task(this->ike_sa,
		child_delete_create(this->ike_sa, PROTO_ESP, child->get_spi(child, true), false));
}

/* After INVALID_KE_PAYLOAD: try once more with the method the peer wants. */
static void retry_ke(private_child_create_t *this, notify_payload_t *notify)
{
	chunk_t data = notify->get_data(notify);
	key_exchange_method_t method;
	linked_list_t *proposals;
	enumerator_t *e;
	proposal_t *proposal;
	bool offered = false;
	task_t *task;

	if (data.len != 2 || this->ke_method != KE_NONE) {
		return;
	}
	method = (key_exchange_method_t)(data.ptr[0] << 8 | data.ptr[1]);
	proposals = this->config->get_proposals(this->config, false);
	e = proposals->create_enumerator(proposals);
	while (!offered && e->enumerate(e, &proposal)) {
		offered = method != KE_NONE && proposal->has_ke_method(proposal, method);
	}
	e->destroy(e);
	proposals->destroy_offset(proposals, DESTROY_OFFSET(proposal_t));
	if (!offered) {
		DBG1(DBG_IKE, "peer wants %s, which we do not propose",
		     key_exchange_method_name(method));
		return;
	}
	DBG1(DBG_IKE, "peer wants %s, retrying", key_exchange_method_name(method));
	if (this->rekey) {
		/* child_rekey retries with its REKEY_SA notify */
		this->retry_method = method;
		return;
	}
	task = create_task(this->ike_sa, this->config, this->rekey, this->reqid);
	((private_child_create_t *)task)->ke_method = method;
	this->ike_sa->queue_task(this->ike_sa, task);
}

/* A CHILD_SA error notify in the response, or 0. */
static notify_payload_t *child_error(message_t *message, bool auth)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	notify_payload_t *notify, *found = NULL;
	payload_t *payload;

	while (!found && e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_NOTIFY) {
			continue;
		}
		notify = (notify_payload_t *)payload;
		switch (notify->get_notify_type(notify)) {
		case NO_PROPOSAL_CHOSEN:
		case TS_UNACCEPTABLE:
		case SINGLE_PAIR_REQUIRED:
		case NO_ADDITIONAL_SAS:
		case INTERNAL_ADDRESS_FAILURE:
		case FAILED_CP_REQUIRED:
		case INVALID_KE_PAYLOAD:
		case TEMPORARY_FAILURE:
			found = notify;
			break;
		default:
			/* in IKE_AUTH other errors are the IKE_SA's business */
			if (!auth && notify_type_is_error(notify->get_notify_type(notify))) {
				found = notify;
			}
			break;
		}
	}
	e->destroy(e);
	return found;
}

static status_t process_i(private_child_create_t *this, message_t *message)
{
	exchange_type_t exchange = message->get_exchange_type(message);
	bool auth = exchange == IKE_AUTH;
	notify_payload_t *error;
	sa_payload_t *sa;
	proposal_t *selected;

	if (exchange == IKE_SA_INIT) {
		return NEED_MORE;
	}
	if (!this->started) {
		return SUCCESS;
	}
	error = child_error(message, auth);
	if (error) {
		notify_type_t type = error->get_notify_type(error);

		DBG1(DBG_IKE, "received %s notify, no CHILD_SA built", notify_type_name(type));
		if (type == NO_PROPOSAL_CHOSEN) {
			charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_CHILD, "%s",
					   this->config->get_name(this->config));
		} else if (type == TS_UNACCEPTABLE) {
			charon->bus->alert(charon->bus, ALERT_TS_MISMATCH, "%s",
					   this->config->get_name(this->config));
		} else if (type == INVALID_KE_PAYLOAD && !auth) {
			retry_ke(this, error);
			return SUCCESS;
		}
		if (this->child) {
			/* the initiate() waiting for it (ipsec up) learns it failed */
			this->child->set_state(this->child, CHILD_FAILED);
		}
		return SUCCESS;
	}
	if (auth && message->get_payload(message, PL_AUTH) &&
	    !this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
		/* ike_auth refused the responder: install nothing */
		DBG1(DBG_IKE, "peer not authenticated, no CHILD_SA built");
		return SUCCESS;
	}
	sa = (sa_payload_t *)message->get_payload(message, PL_SA);
	if (!sa) {
		if (auth && !this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
			/* more IKE_AUTH rounds to come (EAP) */
			return NEED_MORE;
		}
		DBG1(DBG_IKE, "SA payload missing in response, no CHILD_SA built");
		return SUCCESS;
	}
	selected = check_selected(this, sa);
	if (!selected) {
		DBG1(DBG_IKE, "peer selected a proposal we did not offer, no CHILD_SA built");
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_CHILD, "%s",
				   this->config->get_name(this->config));
		/* the peer installed something with our SPI: our Delete names it */
		delete_half_open(this);
		return SUCCESS;
	}
	if (!process_answer(this, message, auth, selected)) {
		DBG1(DBG_IKE, "unable to install CHILD_SA %s, deleting it",
		     this->config->get_name(this->config));
		delete_half_open(this);
		return SUCCESS;
	}
	established(this);
	return SUCCESS;
}

/* --- responder ---------------------------------------------------------- */

static void collect_request(private_child_create_t *this, message_t *message)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	payload_t *payload;

	while (e->enumerate(e, &payload)) {
		switch (payload->get_type(payload)) {
		case PL_SA:
			if (this->proposals) {
				this->proposals->destroy_offset(this->proposals,
								DESTROY_OFFSET(proposal_t));
			}
			this->proposals = ((sa_payload_t *)payload)->get_proposals(
							(sa_payload_t *)payload);
			this->started = true;
			break;
		case PL_TSI:
			destroy_ts_list(&this->tsi);
			this->tsi = ((ts_payload_t *)payload)->get_traffic_selectors(
							(ts_payload_t *)payload);
			break;
		case PL_TSR:
			destroy_ts_list(&this->tsr);
			this->tsr = ((ts_payload_t *)payload)->get_traffic_selectors(
							(ts_payload_t *)payload);
			break;
		case PL_NONCE:
			chunk_free(&this->other_nonce);
			this->other_nonce = chunk_clone(
				((nonce_payload_t *)payload)->get_nonce((nonce_payload_t *)payload));
			break;
		case PL_KE:
			chunk_free(&this->other_ke);
			this->other_ke_method = ((ke_payload_t *)payload)->get_method(
							(ke_payload_t *)payload);
			this->other_ke = chunk_clone(
				((ke_payload_t *)payload)->get_data((ke_payload_t *)payload));
			break;
		case PL_NOTIFY:
			/* ESP_TFC_PADDING_NOT_SUPPORTED and others need nothing from us */
			if (((notify_payload_t *)payload)->get_notify_type(
					(notify_payload_t *)payload) == USE_TRANSPORT_MODE) {
				this->transport = true;
			}
			break;
		default:
			break;
		}
	}
	e->destroy(e);
}

static status_t process_r(private_child_create_t *this, message_t *message)
{
	exchange_type_t exchange = message->get_exchange_type(message);

	if (exchange == IKE_AUTH || exchange == CREATE_CHILD_SA) {
		collect_request(this, message);
	}
	/* the answer is built once IKE_AUTH authenticated the peer */
	return NEED_MORE;
}

static bool all_hosts(linked_list_t *list)
{
	enumerator_t *e = list->create_enumerator(list);
	traffic_selector_t *ts;
	bool hosts = true;

	while (hosts && e->enumerate(e, &ts)) {
		hosts = ts->is_host(ts, NULL);
	}
	e->destroy(e);
	return hosts;
}

/* Transport mode only if both ask for it and the selectors are the hosts. */
static ipsec_mode_t choose_mode(private_child_create_t *this, linked_list_t *my_ts,
				linked_list_t *other_ts)
{
	if (!this->transport) {
		return MODE_TUNNEL;
	}
	if (this->config->get_mode(this->config) != MODE_TRANSPORT) {
		DBG1(DBG_IKE, "peer asks for transport mode, %s is configured for tunnel mode",
		     this->config->get_name(this->config));
		return MODE_TUNNEL;
	}
	if (!all_hosts(my_ts) || !all_hosts(other_ts)) {
		DBG1(DBG_IKE, "not using transport mode, selectors are not host-to-host");
		return MODE_TUNNEL;
	}
	return MODE_TRANSPORT;
}

/* For CREATE_CHILD_SA: the PFS exchange and our nonce. 0 or the error to send. */
static notify_type_t respond_ke(private_child_create_t *this, proposal_t *proposal,
				uint16_t *wanted)
{
	key_exchange_method_t method = proposal_ke_method(proposal);

	if (!this->other_nonce.len) {
		return NO_PROPOSAL_CHOSEN;
	}
	if (method != KE_NONE) {
		if (!this->other_ke.len || this->other_ke_method != method) {
			DBG1(DBG_IKE, "peer sent %s, we want %s",
			     key_exchange_method_name(this->other_ke_method),
			     key_exchange_method_name(method));
			*wanted = htons((uint16_t)method);
			return INVALID_KE_PAYLOAD;
		}
		if (!new_ke(this, method) ||
		    !this->ke->set_public_key(this->ke, this->other_ke)) {
			DBG1(DBG_IKE, "applying the peer's %s public value failed",
			     key_exchange_method_name(method));
			return NO_PROPOSAL_CHOSEN;
		}
	}
	return new_nonce(this) ? 0 : NO_PROPOSAL_CHOSEN;
}

static child_cfg_t *select_config(private_child_create_t *this, host_t *me, host_t *other)
{
	peer_cfg_t *peer_cfg = this->ike_sa->get_peer_cfg(this->ike_sa);
	linked_list_t *my_hosts = ike_vips_ts_hosts(this->ike_sa, true);
	linked_list_t *other_hosts = ike_vips_ts_hosts(this->ike_sa, false);
	child_cfg_t *config = NULL;

	if (peer_cfg) {
		config = peer_cfg->select_child_cfg(peer_cfg, this->tsr, this->tsi, my_hosts,
						    other_hosts);
	}
	my_hosts->destroy_offset(my_hosts, DESTROY_OFFSET(host_t));
	other_hosts->destroy_offset(other_hosts, DESTROY_OFFSET(host_t));
	/* borrowed from the peer_cfg, like get_child_cfg() */
	return config ? config->get_ref(config) : NULL;
}

/*
 * Choose config, proposal and selectors, install, and answer.
 * Returns 0 or the error notify to send instead (with @p data).
 */
static notify_type_t select_and_install(private_child_create_t *this, message_t *message,
					bool auth, chunk_t *data, uint16_t *wanted)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	linked_list_t *my_ts = NULL, *other_ts = NULL;
	proposal_t *proposal, *answer;
	notify_type_t error = 0;
	sa_payload_t *sa;
	uint32_t my_spi, other_spi;
	char a[256], b[256];

	if (!this->proposals) {
		return NO_PROPOSAL_CHOSEN;
	}
	/* no selector we understand: narrowing would not restrict anything */
	if (!this->tsi || !this->tsr || !this->tsi->get_count(this->tsi) ||
	    !this->tsr->get_count(this->tsr)) {
		return TS_UNACCEPTABLE;
	}
	if (!this->config) {
		this->config = select_config(this, me, other);
	}
	if (!this->config) {
		DBG1(DBG_IKE, "traffic selectors %s === %s unacceptable",
		     traffic_selector_list_to_str(this->tsr, a, sizeof(a)),
		     traffic_selector_list_to_str(this->tsi, b, sizeof(b)));
		charon->bus->alert(charon->bus, ALERT_TS_MISMATCH, "no config for %s === %s", a, b);
		return TS_UNACCEPTABLE;
	}
	proposal = this->config->select_proposal(this->config, this->proposals, auth, false);
	if (!proposal || proposal->get_spi(proposal).len != 4) {
		DESTROY_IF(proposal);
		DBG1(DBG_IKE, "no acceptable proposal found for CHILD_SA %s",
		     this->config->get_name(this->config));
		charon->bus->alert(charon->bus, ALERT_PROPOSAL_MISMATCH_CHILD, "%s",
				   this->config->get_name(this->config));
		return NO_PROPOSAL_CHOSEN;
	}
	memcpy(&other_spi, proposal->get_spi(proposal).ptr, sizeof(other_spi));
	if (!auth) {
		error = respond_ke(this, proposal, wanted);
		if (error == INVALID_KE_PAYLOAD) {
			*data = chunk_create(wanted, sizeof(*wanted));
		}
	}
	if (!error) {
		my_ts = config_ts(this->config, true, this->tsr, this->ike_sa);
		other_ts = config_ts(this->config, false, this->tsi, this->ike_sa);
		if (!my_ts->get_count(my_ts) || !other_ts->get_count(other_ts)) {
			DBG1(DBG_IKE, "no acceptable traffic selectors for CHILD_SA %s",
			     this->config->get_name(this->config));
			charon->bus->alert(charon->bus, ALERT_TS_MISMATCH, "%s",
					   this->config->get_name(this->config));
			error = TS_UNACCEPTABLE;
		}
	}
	if (!error) {
		/* a rekeying responder keeps the reqid of the CHILD_SA it replaces */
		this->child = child_sa_create(me, other, this->config, this->reqid,
					      use_encap(this->ike_sa));
		my_spi = this->child ? this->child->alloc_spi(this->child) : 0;
		error = my_spi ? 0 : NO_PROPOSAL_CHOSEN;
	}
	if (error) {
		proposal->destroy(proposal);
		destroy_ts_list(&my_ts);
		destroy_ts_list(&other_ts);
		return error;
	}
	answer = proposal->clone(proposal);
	answer->set_spi(answer, chunk_from_thing(my_spi));
	this->child->set_proposal(this->child, proposal);
	this->child->set_mode(this->child, choose_mode(this, my_ts, other_ts));
	this->child->set_traffic_selectors(this->child, my_ts, other_ts);
	if (!install_child(this, auth, other_spi)) {
		answer->destroy(answer);
		error = NO_PROPOSAL_CHOSEN;
	} else {
		if (this->child->get_mode(this->child) == MODE_TRANSPORT) {
			message->add_notify(message, USE_TRANSPORT_MODE, chunk_empty);
		}
		sa = sa_payload_create();
		sa->add_proposal(sa, answer);
		message->add_payload(message, &sa->payload);
		if (!auth) {
			message->add_payload(message, &nonce_payload_create(this->my_nonce)->payload);
			add_ke_payload(this, message);
		}
		message->add_payload(message, &ts_payload_create(true, other_ts)->payload);
		message->add_payload(message, &ts_payload_create(false, my_ts)->payload);
	}
	destroy_ts_list(&my_ts);
	destroy_ts_list(&other_ts);
	return error;
}

/* Only IKE proposals: an IKE_SA rekeying, which is not ours to answer. */
static bool only_ike_proposals(linked_list_t *proposals)
{
	enumerator_t *e = proposals->create_enumerator(proposals);
	proposal_t *proposal;
	bool ike = proposals->get_count(proposals) > 0;

	while (ike && e->enumerate(e, &proposal)) {
		ike = proposal->get_protocol(proposal) == PROTO_IKE;
	}
	e->destroy(e);
	return ike;
}

static status_t build_r(private_child_create_t *this, message_t *message)
{
	exchange_type_t exchange = message->get_exchange_type(message);
	bool auth = exchange == IKE_AUTH;
	chunk_t data = chunk_empty;
	notify_type_t error;
	uint16_t wanted = 0;

	if (exchange != IKE_AUTH && exchange != CREATE_CHILD_SA) {
		return NEED_MORE;
	}
	if (auth) {
		/* never install anything for a peer that is not authenticated (yet) */
		if (!this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
			return NEED_MORE;
		}
		if (!this->started) {
			return SUCCESS;
		}
		if (message->get_notify(message, INTERNAL_ADDRESS_FAILURE)) {
			/* ike_config found no virtual IP for the peer: no CHILD_SA */
			return SUCCESS;
		}
	} else if (this->proposals && only_ike_proposals(this->proposals)) {
		return SUCCESS;
	}
	error = select_and_install(this, message, auth, &data, &wanted);
	if (error) {
		DBG1(DBG_IKE, "answering with %s, no CHILD_SA built", notify_type_name(error));
		DESTROY_IF(this->child);
		this->child = NULL;
		message->add_notify(message, error, data);
		return SUCCESS;
	}
	established(this);
	return SUCCESS;
}

/* --- task_t ------------------------------------------------------------- */

static status_t build(task_t *public, message_t *message)
{
	private_child_create_t *this = (private_child_create_t *)public;

	return this->initiator ? build_i(this, message) : build_r(this, message);
}

static status_t process(task_t *public, message_t *message)
{
	private_child_create_t *this = (private_child_create_t *)public;

	return this->initiator ? process_i(this, message) : process_r(this, message);
}

static task_type_t get_type(task_t *public)
{
	return TASK_CHILD_CREATE;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_child_create_t *this = (private_child_create_t *)public;

	reset(this);
	this->ike_sa = ike_sa;
	if (!this->initiator && this->config) {
		/* a responder chooses the config again for the new peer */
		this->config->destroy(this->config);
		this->config = NULL;
	}
}

static void destroy(task_t *public)
{
	private_child_create_t *this = (private_child_create_t *)public;

	reset(this);
	DESTROY_IF(this->config);
	free(this);
}

static task_t *create_task(ike_sa_t *ike_sa, child_cfg_t *config, bool rekey, uint32_t reqid)
{
	private_child_create_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = build,
		.process = process,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->initiator = config != NULL;
	this->rekey = rekey;
	this->config = config ? config->get_ref(config) : NULL;
	this->reqid = reqid;
	return &this->public;
}

task_t *child_create_create(ike_sa_t *ike_sa, child_cfg_t *config, bool rekey, uint32_t reqid)
{
	return create_task(ike_sa, config, rekey, reqid);
}

/* --- hooks for child_rekey ---------------------------------------------- */

child_sa_t *child_create_get_child(task_t *task)
{
	return ((private_child_create_t *)task)->established;
}

chunk_t child_create_get_nonce(task_t *task, bool mine)
{
	private_child_create_t *this = (private_child_create_t *)task;

	return mine ? this->my_nonce : this->other_nonce;
}

void child_create_use_config(task_t *task, child_cfg_t *config, uint32_t reqid)
{
	private_child_create_t *this = (private_child_create_t *)task;

	DESTROY_IF(this->config);
	this->config = config ? config->get_ref(config) : NULL;
	this->reqid = reqid;
}

key_exchange_method_t child_create_ke_retry(task_t *task, key_exchange_method_t method)
{
	private_child_create_t *this = (private_child_create_t *)task;

	if (method != KE_NONE) {
		this->ke_method = method;
	}
	return this->retry_method;
}
