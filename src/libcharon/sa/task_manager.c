/*
 * The task manager of one IKE_SA: exchanges, message IDs, retransmits.
 *
 * The retransmission timer of our outstanding request lives with the other
 * timers in ike_sa_timers.c: armed when a request is sent and on each
 * retransmit, until charon.retransmit_tries retransmits went unanswered;
 * then the IKE_SA is given up. A timer that fires for a request already
 * answered is ignored (its message ID no longer matches).
 *
 * Once the IKE_SA is established, one queued task makes one exchange. A
 * task whose work went away meanwhile (a CHILD_SA already rekeyed or
 * deleted) builds nothing and finishes; an empty request is not sent.
 *
 * IKE fragmentation (RFC 7383): once both sides announced it and the conn
 * has fragmentation=yes|force, a protected message longer than
 * charon.fragment_size goes out as Encrypted Fragments, and every
 * retransmission resends all of them. Inbound fragments are verified one
 * by one (parse_body) and collected per direction in a frag_buffer_t;
 * the reassembled message is then handled as if it came in one piece. A
 * retransmitted fragmented request gets our response again once, on its
 * fragment 1.
 */
#include "sa/task_manager.h"

#include "daemon.h"
#include "encoding/delete_payload.h"
#include "encoding/frag_buffer.h"
#include "encoding/sa_payload.h"
#include "network/sender.h"
#include "network/socket.h"
#include "sa/ike_sa.h"
#include "sa/ike_sa_timers.h"
#include "sa/tasks/tasks.h"
#include "settings/settings.h"

/* A message as sent: one packet, or all its fragments. */
typedef struct packets_t {
	chunk_t *packets;
	unsigned int count;
} packets_t;

/* IP and UDP headers in front of an IKE message */
#define IPV4_HEADER 20
#define IPV6_HEADER 40
#define UDP_HEADER 8
/* the non-ESP marker on the NAT-T port */
#define NON_ESP_MARKER 4

typedef struct private_task_manager_t {
	task_manager_t public;
	ike_sa_t *ike_sa;
	linked_list_t *queued;
	linked_list_t *active;
	linked_list_t *passive;
	/** Our outstanding request. */
	struct {
		uint32_t mid;
		exchange_type_t type;	/**< 0 when nothing is outstanding */
		packets_t sent;
		uint32_t retransmitted;
	} initiating;
	/** The last request we answered. */
	struct {
		uint32_t mid;
		packets_t sent;
	} responding;
	/** Fragments of a request / of the response to ours (lazily created). */
	frag_buffer_t *frag_request;
	frag_buffer_t *frag_response;
	/** A task asked to start over while the response was processed. */
	bool reset_pending;
	uint32_t reset_mid_i, reset_mid_r;
} private_task_manager_t;

static void destroy_tasks(linked_list_t *list)
{
	task_t *task;

	while (list->remove_first(list, (void **)&task) == SUCCESS) {
		task->destroy(task);
	}
}

static bool has_task(linked_list_t *list, task_type_t type)
{
	enumerator_t *e = list->create_enumerator(list);
	task_t *task;
	bool found = false;

	while (!found && e->enumerate(e, &task)) {
		found = task->get_type(task) == type;
	}
	e->destroy(e);
	return found;
}

static void queue_task(task_manager_t *public, task_t *task)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	this->queued->insert_last(this->queued, task);
}

static void queue_ike(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	if (has_task(this->queued, TASK_IKE_INIT) || has_task(this->active, TASK_IKE_INIT)) {
		return;
	}
	queue_task(public, ike_init_create(this->ike_sa, true, NULL));
	queue_task(public, ike_natd_create(this->ike_sa, true));
	queue_task(public, ike_cert_pre_create(this->ike_sa, true));
	queue_task(public, ike_auth_create(this->ike_sa, true));
	queue_task(public, ike_cert_post_create(this->ike_sa, true));
	queue_task(public, ike_config_create(this->ike_sa, true));
}

static void queue_child(task_manager_t *public, child_cfg_t *cfg, uint32_t reqid)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	queue_task(public, child_create_create(this->ike_sa, cfg, false, reqid));
}

static void queue_ike_delete(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	if (!has_task(this->queued, TASK_IKE_DELETE) && !has_task(this->active, TASK_IKE_DELETE)) {
		queue_task(public, ike_delete_create(this->ike_sa, true));
	}
}

static void queue_child_delete(task_manager_t *public, uint8_t protocol, uint32_t spi,
			       bool expired)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	queue_task(public, child_delete_create(this->ike_sa, protocol, spi, expired));
}

static void queue_dpd(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	if (!has_task(this->queued, TASK_IKE_DPD) && !has_task(this->active, TASK_IKE_DPD)) {
		queue_task(public, ike_dpd_create(true));
	}
}

/* Move queued tasks of @p type (all, or the first only) into the active list. */
static bool activate_tasks(private_task_manager_t *this, task_type_t type, bool first_only)
{
	enumerator_t *e = this->queued->create_enumerator(this->queued);
	task_t *task;
	bool found = false;

	while (e->enumerate(e, &task)) {
		if (task->get_type(task) == type) {
			this->queued->remove_at(this->queued, e);
			this->active->insert_last(this->active, task);
			found = true;
			if (first_only) {
				break;
			}
		}
	}
	e->destroy(e);
	return found;
}

static bool activate(private_task_manager_t *this, task_type_t type)
{
	return activate_tasks(this, type, false);
}

/* Activate the first queued task only (one delete or CHILD_SA per exchange). */
static task_t *activate_first(private_task_manager_t *this)
{
	task_t *task;

	if (this->queued->remove_first(this->queued, (void **)&task) != SUCCESS) {
		return NULL;
	}
	this->active->insert_last(this->active, task);
	return task;
}

static exchange_type_t task_exchange(task_t *task)
{
	switch (task->get_type(task)) {
	case TASK_CHILD_CREATE:
	case TASK_CHILD_REKEY:
	case TASK_IKE_REKEY:
		return CREATE_CHILD_SA;
	default:
		return INFORMATIONAL;
	}
}

static bool setting_up(ike_sa_state_t state)
{
	return state == IKE_CREATED || state == IKE_CONNECTING;
}

/* Which exchange the active tasks need; 0 if nothing is to be done. */
static exchange_type_t choose_exchange(private_task_manager_t *this)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	ike_sa_state_t state = this->ike_sa->get_state(this->ike_sa);
	task_t *task;

	if (this->active->get_first(this->active, (void **)&task) == SUCCESS) {
		if (setting_up(state)) {
			/* tasks that want another round: IKE_AUTH once keys exist */
			return keymat->get_sk_crypto(keymat) ? IKE_AUTH : IKE_SA_INIT;
		}
		/* e.g. a rekeying sent back with INVALID_KE_PAYLOAD */
		return task_exchange(task);
	}
	if (has_task(this->queued, TASK_IKE_INIT)) {
		activate(this, TASK_IKE_INIT);
		activate(this, TASK_IKE_NATD);
		activate(this, TASK_IKE_CERT_PRE);
		activate(this, TASK_IKE_AUTH);
		activate(this, TASK_IKE_CERT_POST);
		activate(this, TASK_IKE_CONFIG);
		/* the first CHILD_SA comes with IKE_AUTH */
		activate_tasks(this, TASK_CHILD_CREATE, true);
		return IKE_SA_INIT;
	}
	/* a replaced IKE_SA only gets deleted; its other work moved on */
	if (state != IKE_ESTABLISHED && state != IKE_REKEYED) {
		return 0;
	}
	if (activate(this, TASK_IKE_DELETE)) {
		return INFORMATIONAL;
	}
	if (state != IKE_ESTABLISHED) {
		return 0;
	}
	task = activate_first(this);
	return task ? task_exchange(task) : 0;
}

static message_t *new_message(private_task_manager_t *this, exchange_type_t type,
			      uint32_t mid, bool request)
{
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	message_t *message = message_create();

	message->set_exchange_type(message, type);
	message->set_spi_i(message, id->initiator_spi);
	message->set_spi_r(message, id->responder_spi);
	message->set_initiator(message, id->initiator);
	message->set_request(message, request);
	message->set_message_id(message, mid);
	return message;
}

static void packets_free(packets_t *set)
{
	unsigned int i;

	for (i = 0; i < set->count; i++) {
		chunk_free(&set->packets[i]);
	}
	free(set->packets);
	*set = (packets_t){ 0 };
}

static void send_packet(private_task_manager_t *this, chunk_t data)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	packet_t *packet;

	if (!me || !other) {
		DBG1(DBG_IKE, "no addresses to send the message to");
		return;
	}
	packet = packet_create_from_data(me->clone(me), other->clone(other), chunk_clone(data));
	charon->sender->send(charon->sender, packet);
	this->ike_sa->set_statistic(this->ike_sa, STAT_OUTBOUND, time_monotonic(NULL));
}

static void send_packets(private_task_manager_t *this, packets_t *set)
{
	unsigned int i;

	for (i = 0; i < set->count; i++) {
		send_packet(this, set->packets[i]);
	}
}

/* We send fragments: both announced them and the conn does not only accept. */
static bool may_fragment(private_task_manager_t *this)
{
	ike_cfg_t *cfg = this->ike_sa->get_ike_cfg(this->ike_sa);
	ike_fragmentation_t mode;

	if (!cfg || !this->ike_sa->supports_extension(this->ike_sa, EXT_FRAGMENTATION)) {
		return false;
	}
	mode = cfg->get_fragmentation(cfg);
	return mode == FRAGMENTATION_YES || mode == FRAGMENTATION_FORCE;
}

/*
 * The most bytes of IKE message per packet: charon.fragment_size is the
 * whole IP datagram as in strongSwan (0: 576 for IPv4, 1280 for IPv6).
 */
static size_t fragment_size(private_task_manager_t *this)
{
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	bool v6 = other && other->get_family(other) == AF_INET6;
	size_t overhead = (v6 ? IPV6_HEADER : IPV4_HEADER) + UDP_HEADER;
	int size;

	size = lib->settings->get_int(lib->settings, "%s.fragment_size", 1280, lib->ns);
	if (size <= 0) {
		size = v6 ? 1280 : 576;
	}
	if (other && other->get_port(other) != IKEV2_UDP_PORT) {
		overhead += NON_ESP_MARKER;
	}
	return (size_t)size > overhead ? (size_t)size - overhead : 1;
}

/* Encode @p message into the packets to send. */
static status_t generate(private_task_manager_t *this, message_t *message,
			 packets_t *out)
{
	keymat_t *keymat = this->ike_sa->get_keymat(this->ike_sa);
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);
	sk_crypto_t *sk;
	chunk_t packet;

	*out = (packets_t){ 0 };
	if (message->get_exchange_type(message) == IKE_SA_INIT || !may_fragment(this)) {
		if (this->ike_sa->generate_message(this->ike_sa, message, &packet) != SUCCESS) {
			return FAILED;
		}
		out->packets = mem_zalloc(sizeof(chunk_t));
		out->packets[0] = packet;
		out->count = 1;
		return SUCCESS;
	}
	sk = keymat->get_sk_crypto(keymat);
	if (!sk) {
		DBG1(DBG_IKE, "cannot protect %s message without keys",
		     exchange_type_name(message->get_exchange_type(message)));
		return FAILED;
	}
	message->set_spi_i(message, id->initiator_spi);
	message->set_spi_r(message, id->responder_spi);
	charon->bus->message(charon->bus, message, false);
	return message->generate_fragments(message, sk, fragment_size(this), &out->packets,
					   &out->count);
}

static void arm_retransmit(private_task_manager_t *this)
{
	ike_sa_timers_request_sent(this->ike_sa, this->initiating.mid,
				   this->initiating.retransmitted);
}

static status_t initiate(task_manager_t *public);

/* Run @p fn (build or process) over the tasks of @p list; returns the worst
 * outcome: SUCCESS, or FAILED/DESTROY_ME. Finished tasks are removed. */
static status_t run_tasks(private_task_manager_t *this, linked_list_t *list,
			  message_t *message, bool build)
{
	enumerator_t *e = list->create_enumerator(list);
	status_t result = SUCCESS;
	task_t *task;

	while (e->enumerate(e, &task)) {
		status_t status = build ? task->build(task, message) : task->process(task, message);

		switch (status) {
		case SUCCESS:
			list->remove_at(list, e);
			task->destroy(task);
			break;
		case NEED_MORE:
			break;
		case DESTROY_ME:
			result = DESTROY_ME;
			break;
		default:
			if (result == SUCCESS) {
				result = FAILED;
			}
			break;
		}
		if (this->reset_pending) {
			break;
		}
	}
	e->destroy(e);
	return result;
}

static status_t build_request(private_task_manager_t *this, exchange_type_t type)
{
	message_t *message = new_message(this, type, this->initiating.mid, true);
	packets_t sent;
	status_t status;

	status = run_tasks(this, this->active, message, true);
	if (status != SUCCESS) {
		message->destroy(message);
		return DESTROY_ME;
	}
	if (!this->active->get_count(this->active) && type != IKE_SA_INIT) {
		/* nothing left to ask for: the next queued task may have work */
		message->destroy(message);
		return initiate(&this->public);
	}
	if (generate(this, message, &sent) != SUCCESS) {
		message->destroy(message);
		return DESTROY_ME;
	}
	if (type == IKE_SA_INIT) {
		this->ike_sa->set_init_message(this->ike_sa, true, sent.packets[0]);
	}
	message->destroy(message);
	packets_free(&this->initiating.sent);
	this->initiating.sent = sent;
	this->initiating.type = type;
	this->initiating.retransmitted = 0;
	send_packets(this, &sent);
	arm_retransmit(this);
	return SUCCESS;
}

static status_t initiate(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;
	exchange_type_t type;

	if (this->initiating.type) {
		return SUCCESS;
	}
	type = choose_exchange(this);
	if (!type) {
		return SUCCESS;
	}
	return build_request(this, type);
}

/* A task asked to start over: remaining active tasks go back in front. */
static status_t apply_reset(private_task_manager_t *this)
{
	task_t *task;

	this->reset_pending = false;
	while (this->active->remove_last(this->active, (void **)&task) == SUCCESS) {
		this->queued->insert_first(this->queued, task);
	}
	if (this->reset_mid_i != UINT32_MAX) {
		this->initiating.mid = this->reset_mid_i;
	}
	if (this->reset_mid_r != UINT32_MAX) {
		this->responding.mid = this->reset_mid_r;
	}
	this->initiating.type = 0;
	packets_free(&this->initiating.sent);
	return initiate(&this->public);
}

static status_t process_response(private_task_manager_t *this, message_t *message)
{
	status_t status;

	if (!this->initiating.type ||
	    message->get_message_id(message) != this->initiating.mid ||
	    message->get_exchange_type(message) != this->initiating.type) {
		DBG1(DBG_IKE, "received response with message ID %u, expected %u, ignored",
		     message->get_message_id(message), this->initiating.mid);
		return SUCCESS;
	}
	if (this->initiating.type == IKE_SA_INIT) {
		this->ike_sa->set_init_message(this->ike_sa, false,
					       message->get_packet_data(message));
	}
	status = run_tasks(this, this->active, message, false);
	if (this->reset_pending) {
		return apply_reset(this);
	}
	this->initiating.mid++;
	this->initiating.type = 0;
	packets_free(&this->initiating.sent);
	if (status != SUCCESS) {
		return DESTROY_ME;
	}
	return initiate(&this->public);
}

/* A CREATE_CHILD_SA whose SA payload proposes a new IKE_SA (§1.3.2). */
static bool proposes_ike(message_t *message)
{
	sa_payload_t *sa = (sa_payload_t *)message->get_payload(message, PL_SA);
	linked_list_t *proposals;
	proposal_t *first;
	bool ike = false;

	if (!sa) {
		return false;
	}
	proposals = sa->get_proposals(sa);
	if (proposals->get_first(proposals, (void **)&first) == SUCCESS) {
		ike = first->get_protocol(first) == PROTO_IKE;
	}
	proposals->destroy_offset(proposals, DESTROY_OFFSET(proposal_t));
	return ike;
}

/* The responder tasks a new request calls for. */
static void create_responder_tasks(private_task_manager_t *this, message_t *message)
{
	ike_sa_t *ike_sa = this->ike_sa;
	enumerator_t *e;
	payload_t *payload;
	bool deletes = false;

	switch (message->get_exchange_type(message)) {
	case IKE_SA_INIT:
		this->passive->insert_last(this->passive, ike_init_create(ike_sa, false, NULL));
		this->passive->insert_last(this->passive, ike_natd_create(ike_sa, false));
		this->passive->insert_last(this->passive, ike_cert_pre_create(ike_sa, false));
		this->passive->insert_last(this->passive, ike_auth_create(ike_sa, false));
		this->passive->insert_last(this->passive, ike_cert_post_create(ike_sa, false));
		this->passive->insert_last(this->passive, ike_config_create(ike_sa, false));
		this->passive->insert_last(this->passive,
					   child_create_create(ike_sa, NULL, false, 0));
		break;
	case IKE_AUTH:
		/* the tasks created with IKE_SA_INIT go on */
		break;
	case CREATE_CHILD_SA:
		if (proposes_ike(message)) {
			this->passive->insert_last(this->passive, ike_rekey_create(ike_sa, false));
		} else if (message->get_notify(message, REKEY_SA)) {
			this->passive->insert_last(this->passive, child_rekey_create(ike_sa, 0, 0));
		} else {
			this->passive->insert_last(this->passive,
						   child_create_create(ike_sa, NULL, false, 0));
		}
		break;
	case INFORMATIONAL:
		if (message->get_notify(message, AUTHENTICATION_FAILED)) {
			/* the initiator refused our AUTH (RFC 7296 §2.21.2): delete */
			deletes = true;
			this->passive->insert_last(this->passive, ike_delete_create(ike_sa, false));
		}
		e = message->create_payload_enumerator(message);
		while (e->enumerate(e, &payload)) {
			if (payload->get_type(payload) != PL_DELETE) {
				continue;
			}
			deletes = true;
			if (((delete_payload_t *)payload)->get_protocol((delete_payload_t *)payload) ==
			    PROTO_IKE) {
				if (!has_task(this->passive, TASK_IKE_DELETE)) {
					this->passive->insert_last(this->passive,
								   ike_delete_create(ike_sa, false));
				}
			} else if (!has_task(this->passive, TASK_CHILD_DELETE)) {
				this->passive->insert_last(this->passive,
							   child_delete_create(ike_sa, 0, 0, false));
			}
		}
		e->destroy(e);
		if (message->get_notify(message, UPDATE_SA_ADDRESSES)) {
			this->passive->insert_last(this->passive, ike_mobike_create(ike_sa, false));
		} else if (!deletes) {
			this->passive->insert_last(this->passive, ike_dpd_create(false));
		}
		break;
	}
}

static status_t process_request(private_task_manager_t *this, message_t *message)
{
	uint32_t mid = message->get_message_id(message);
	exchange_type_t type = message->get_exchange_type(message);
	status_t in_status, out_status;
	message_t *response;
	packets_t sent;

	if (this->responding.sent.count && mid == this->responding.mid - 1) {
		DBG1(DBG_IKE, "received retransmit of request with ID %u, retransmitting response",
		     mid);
		send_packets(this, &this->responding.sent);
		return SUCCESS;
	}
	if (mid != this->responding.mid) {
		DBG1(DBG_IKE, "received message ID %u, expected %u, ignored", mid,
		     this->responding.mid);
		return SUCCESS;
	}
	if (type == IKE_SA_INIT) {
		this->ike_sa->set_init_message(this->ike_sa, false,
					       message->get_packet_data(message));
	}
	create_responder_tasks(this, message);
	in_status = run_tasks(this, this->passive, message, false);

	response = new_message(this, type, mid, false);
	out_status = run_tasks(this, this->passive, response, true);
	if (generate(this, response, &sent) != SUCCESS) {
		response->destroy(response);
		return DESTROY_ME;
	}
	response->destroy(response);
	if (type == IKE_SA_INIT) {
		this->ike_sa->set_init_message(this->ike_sa, true, sent.packets[0]);
	}
	send_packets(this, &sent);
	packets_free(&this->responding.sent);
	this->responding.sent = sent;
	this->responding.mid++;

	if (in_status != SUCCESS || out_status != SUCCESS) {
		return DESTROY_ME;
	}
	/* answering may have unblocked queued work of ours */
	return initiate(&this->public);
}

/* Collect a verified fragment; the complete message is processed. */
static status_t process_fragment(private_task_manager_t *this, message_t *message,
				 uint16_t number, uint16_t total, payload_type_t first,
				 chunk_t data)
{
	ike_cfg_t *cfg = this->ike_sa->get_ike_cfg(this->ike_sa);
	uint32_t mid = message->get_message_id(message);
	bool request = message->get_request(message);
	frag_buffer_t **buffer;
	message_t *whole;
	status_t status;
	int max_size;

	if (!cfg || !cfg->fragmentation(cfg)) {
		DBG1(DBG_IKE, "received IKE fragment, but fragmentation is disabled, ignored");
		return SUCCESS;
	}
	if (request) {
		if (this->responding.sent.count && mid == this->responding.mid - 1) {
			/* answer a retransmission once, not once per fragment */
			if (number == 1) {
				DBG1(DBG_IKE, "received retransmit of request with ID %u, "
				     "retransmitting response", mid);
				send_packets(this, &this->responding.sent);
			}
			return SUCCESS;
		}
		if (mid != this->responding.mid) {
			DBG1(DBG_IKE, "received fragment of message ID %u, expected %u, ignored",
			     mid, this->responding.mid);
			return SUCCESS;
		}
		buffer = &this->frag_request;
	} else {
		if (!this->initiating.type || mid != this->initiating.mid ||
		    message->get_exchange_type(message) != this->initiating.type) {
			DBG1(DBG_IKE, "received fragment of response with message ID %u, "
			     "expected %u, ignored", mid, this->initiating.mid);
			return SUCCESS;
		}
		buffer = &this->frag_response;
	}
	if (!*buffer) {
		max_size = lib->settings->get_int(lib->settings, "%s.max_packet", 10000,
						  lib->ns);
		*buffer = frag_buffer_create(FRAG_MAX_FRAGMENTS,
					     max_size > 0 ? (size_t)max_size : 0);
	}
	status = (*buffer)->add(*buffer, mid, number, total, first, data,
				time_monotonic(NULL));
	if (status == NEED_MORE) {
		DBG1(DBG_IKE, "received fragment #%u of %u, waiting for complete IKE message",
		     number, total);
		return SUCCESS;
	}
	if (status != SUCCESS || !(*buffer)->take(*buffer, &first, &data)) {
		DBG1(DBG_IKE, "fragment #%u of %u of message ID %u dropped", number, total, mid);
		return SUCCESS;
	}
	DBG1(DBG_IKE, "received fragment #%u of %u, reassembled fragmented IKE message "
	     "(%zu bytes)", number, total, data.len);
	whole = message_create_reassembled(message, first, data, &status);
	chunk_clear(&data);
	if (!whole) {
		DBG1(DBG_IKE, "reassembled message ID %u (%s) dropped: %s", mid,
		     exchange_type_name(message->get_exchange_type(message)),
		     status_name(status));
		charon->bus->alert(charon->bus, ALERT_PARSE_ERROR_BODY, "%s", status_name(status));
		return SUCCESS;
	}
	charon->bus->message(charon->bus, whole, true);
	status = request ? process_request(this, whole) : process_response(this, whole);
	whole->destroy(whole);
	return status;
}

static status_t process_message(task_manager_t *public, message_t *message)
{
	private_task_manager_t *this = (private_task_manager_t *)public;
	uint16_t number, total;
	payload_type_t first;
	chunk_t data;

	if (message->get_fragment(message, &number, &total, &first, &data)) {
		return process_fragment(this, message, number, total, first, data);
	}
	if (message->get_request(message)) {
		return process_request(this, message);
	}
	return process_response(this, message);
}

static status_t retransmit(task_manager_t *public, uint32_t message_id)
{
	private_task_manager_t *this = (private_task_manager_t *)public;
	uint32_t tries = lib->settings->get_int(lib->settings, "%s.retransmit_tries", 5, lib->ns);

	if (!this->initiating.type || message_id != this->initiating.mid) {
		return SUCCESS;
	}
	if (this->initiating.retransmitted >= tries) {
		DBG1(DBG_IKE, "giving up after %u retransmits", this->initiating.retransmitted);
		charon->bus->alert(charon->bus, ALERT_RETRANSMIT_SEND_TIMEOUT,
				   "request %u unanswered", message_id);
		return DESTROY_ME;
	}
	this->initiating.retransmitted++;
	DBG1(DBG_IKE, "retransmit %u of request with message ID %u",
	     this->initiating.retransmitted, message_id);
	charon->bus->alert(charon->bus, ALERT_RETRANSMIT_SEND, "%u", message_id);
	send_packets(this, &this->initiating.sent);
	arm_retransmit(this);
	return SUCCESS;
}

static void reset(task_manager_t *public, uint32_t initiate_mid, uint32_t respond_mid)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	this->reset_pending = true;
	this->reset_mid_i = initiate_mid;
	this->reset_mid_r = respond_mid;
}

static bool busy(task_manager_t *public)
{
	return ((private_task_manager_t *)public)->initiating.type != 0;
}

static uint32_t get_mid(task_manager_t *public, bool initiating)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	return initiating ? this->initiating.mid : this->responding.mid;
}

static enumerator_t *create_task_enumerator(task_manager_t *public, task_queue_t queue)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	switch (queue) {
	case TASK_QUEUE_ACTIVE:
		return this->active->create_enumerator(this->active);
	case TASK_QUEUE_PASSIVE:
		return this->passive->create_enumerator(this->passive);
	default:
		return this->queued->create_enumerator(this->queued);
	}
}

static void restart(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;
	enumerator_t *e;
	task_t *task;

	while (this->active->remove_last(this->active, (void **)&task) == SUCCESS) {
		this->queued->insert_first(this->queued, task);
	}
	destroy_tasks(this->passive);
	e = this->queued->create_enumerator(this->queued);
	while (e->enumerate(e, &task)) {
		task->migrate(task, this->ike_sa);
	}
	e->destroy(e);
	packets_free(&this->initiating.sent);
	packets_free(&this->responding.sent);
	DESTROY_IF(this->frag_request);
	DESTROY_IF(this->frag_response);
	this->frag_request = this->frag_response = NULL;
	this->initiating.mid = this->initiating.type = this->initiating.retransmitted = 0;
	this->responding.mid = 0;
	this->reset_pending = false;
}

static void adopt_tasks(task_manager_t *public, task_manager_t *other_public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;
	private_task_manager_t *other = (private_task_manager_t *)other_public;
	enumerator_t *e = other->queued->create_enumerator(other->queued);
	task_t *task;

	while (e->enumerate(e, &task)) {
		switch (task->get_type(task)) {
		case TASK_CHILD_CREATE:
		case TASK_CHILD_REKEY:
		case TASK_CHILD_DELETE:
			other->queued->remove_at(other->queued, e);
			task->migrate(task, this->ike_sa);
			this->queued->insert_last(this->queued, task);
			break;
		default:
			break;
		}
	}
	e->destroy(e);
}

static void flush(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	destroy_tasks(this->queued);
	destroy_tasks(this->active);
	destroy_tasks(this->passive);
	this->initiating.type = 0;
}

static void destroy(task_manager_t *public)
{
	private_task_manager_t *this = (private_task_manager_t *)public;

	flush(public);
	this->queued->destroy(this->queued);
	this->active->destroy(this->active);
	this->passive->destroy(this->passive);
	packets_free(&this->initiating.sent);
	packets_free(&this->responding.sent);
	DESTROY_IF(this->frag_request);
	DESTROY_IF(this->frag_response);
	free(this);
}

task_manager_t *task_manager_create(ike_sa_t *ike_sa)
{
	private_task_manager_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_manager_t){
		.queue_task = queue_task,
		.queue_ike = queue_ike,
		.queue_child = queue_child,
		.queue_ike_delete = queue_ike_delete,
		.queue_child_delete = queue_child_delete,
		.queue_dpd = queue_dpd,
		.initiate = initiate,
		.process_message = process_message,
		.retransmit = retransmit,
		.reset = reset,
		.busy = busy,
		.get_mid = get_mid,
		.create_task_enumerator = create_task_enumerator,
		.restart = restart,
		.adopt_tasks = adopt_tasks,
		.flush = flush,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	this->queued = linked_list_create();
	this->active = linked_list_create();
	this->passive = linked_list_create();
	return &this->public;
}
