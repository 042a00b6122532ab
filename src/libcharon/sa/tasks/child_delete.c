/*
 * Deleting CHILD_SAs with an INFORMATIONAL exchange (RFC 7296 §1.4.1).
 *
 * Each side names the SPI of its inbound SA: the initiator sends ours, the
 * responder finds the CHILD_SA by it as its outbound SPI and answers with
 * its own inbound SPI. If both sides delete the same CHILD_SA at once, the
 * responder leaves it out of its answer and the initiator's exchange
 * removes it, so nothing is deleted twice.
 */
#include <arpa/inet.h>

#include "sa/tasks/tasks.h"

#include "daemon.h"
#include "encoding/delete_payload.h"
#include "sa/dpd_actions.h"

/* A CHILD_SA to delete, whether listeners saw it come up and whether it
 * carried traffic (installed, not replaced by a rekeying): only such a
 * CHILD_SA gets its closeaction when the peer deletes it. */
typedef struct {
	child_sa_t *child;
	bool was_up;
	bool closed;
} entry_t;

typedef struct private_child_delete_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/* initiator: our inbound SPI of the CHILD_SA to delete */
	uint32_t spi;
	bool expired;
	/* entry_t *: responder, the CHILD_SAs the request named */
	linked_list_t *entries;
	/* initiator: whether it was up when we started */
	bool was_up;
} private_child_delete_t;

static bool is_up(child_sa_t *child)
{
	/* a rekeyed CHILD_SA's successor carries the traffic on: no down event */
	return child->get_state(child) == CHILD_INSTALLED ||
	       child->get_state(child) == CHILD_REKEYING;
}

static void log_closing(child_sa_t *child)
{
	uint64_t bytes_in = 0, bytes_out = 0;
	char my[512], other[512];

	child->get_usestats(child, true, &bytes_in, NULL, NULL);
	child->get_usestats(child, false, &bytes_out, NULL, NULL);
	DBG0(DBG_IKE, "closing CHILD_SA %s{%u} with SPIs %.8x_i (%llu bytes) %.8x_o (%llu bytes) "
	     "and TS %s === %s", child->get_name(child), child->get_unique_id(child),
	     ntohl(child->get_spi(child, true)), (unsigned long long)bytes_in,
	     ntohl(child->get_spi(child, false)), (unsigned long long)bytes_out,
	     traffic_selector_list_to_str(child->get_traffic_selectors(child, true), my, sizeof(my)),
	     traffic_selector_list_to_str(child->get_traffic_selectors(child, false), other,
					  sizeof(other)));
}

static void remove_child(private_child_delete_t *this, child_sa_t *child, bool was_up)
{
	if (was_up) {
		charon->bus->child_updown(charon->bus, child, false);
	}
	this->ike_sa->destroy_child_sa(this->ike_sa, child);
}

static void add_delete(message_t *message, uint32_t spi)
{
	delete_payload_t *del = delete_payload_create(PROTO_ESP);

	del->add_spi(del, ntohl(spi));
	message->add_payload(message, &del->payload);
}

static status_t build_i(private_child_delete_t *this, message_t *message)
{
	child_sa_t *child = this->ike_sa->get_child_sa(this->ike_sa, PROTO_ESP, this->spi, true);

	if (!child) {
		/* an expire of the outbound SA names the peer's SPI */
		child = this->ike_sa->get_child_sa(this->ike_sa, PROTO_ESP, this->spi, false);
	}
	if (!child || child->get_state(child) == CHILD_DELETING) {
		DBG1(DBG_IKE, "CHILD_SA with SPI %.8x not found or already being deleted",
		     ntohl(this->spi));
		return SUCCESS;
	}
	this->spi = child->get_spi(child, true);
	this->was_up = is_up(child);
	if (this->expired) {
		DBG1(DBG_IKE, "CHILD_SA %s{%u} expired", child->get_name(child),
		     child->get_unique_id(child));
	}
	log_closing(child);
	child->set_state(child, CHILD_DELETING);
	add_delete(message, this->spi);
	return NEED_MORE;
}

static status_t process_i(private_child_delete_t *this, message_t *message)
{
	/* the answer's Delete names the peer's inbound SPI, which goes with ours anyway */
	child_sa_t *child = this->ike_sa->get_child_sa(this->ike_sa, PROTO_ESP, this->spi, true);

	if (child) {
		remove_child(this, child, this->was_up);
	}
	return SUCCESS;
}

static bool has_entry(private_child_delete_t *this, child_sa_t *child)
{
	enumerator_t *e = this->entries->create_enumerator(this->entries);
	entry_t *entry;
	bool found = false;

	while (!found && e->enumerate(e, &entry)) {
		found = entry->child == child;
	}
	e->destroy(e);
	return found;
}

static void collect_spi(private_child_delete_t *this, protocol_id_t protocol, uint32_t spi)
{
	child_sa_t *child;
	entry_t *entry;

	/* the peer's inbound SPI is our outbound one */
	child = this->ike_sa->get_child_sa(this->ike_sa, protocol, htonl(spi), false);
	if (!child) {
		DBG1(DBG_IKE, "received DELETE for %s CHILD_SA with SPI %.8x, which does not exist",
		     protocol_id_name(protocol), spi);
		return;
	}
	if (has_entry(this, child)) {
		return;
	}
	if (child->get_state(child) == CHILD_DELETING) {
		DBG1(DBG_IKE, "CHILD_SA %s{%u} is being deleted by both of us",
		     child->get_name(child), child->get_unique_id(child));
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	entry->child = child;
	entry->was_up = is_up(child);
	entry->closed = child->get_state(child) == CHILD_INSTALLED;
	child->set_state(child, CHILD_DELETING);
	this->entries->insert_last(this->entries, entry);
}

static status_t process_r(private_child_delete_t *this, message_t *message)
{
	enumerator_t *payloads = message->create_payload_enumerator(message), *spis;
	delete_payload_t *del;
	payload_t *payload;
	protocol_id_t protocol;
	uint32_t spi;

	while (payloads->enumerate(payloads, &payload)) {
		if (payload->get_type(payload) != PL_DELETE) {
			continue;
		}
		del = (delete_payload_t *)payload;
		protocol = del->get_protocol(del);
		if (protocol != PROTO_ESP && protocol != PROTO_AH) {
			continue;
		}
		spis = del->create_spi_enumerator(del);
		while (spis->enumerate(spis, &spi)) {
			collect_spi(this, protocol, spi);
		}
		spis->destroy(spis);
	}
	payloads->destroy(payloads);
	return NEED_MORE;
}

static status_t build_r(private_child_delete_t *this, message_t *message)
{
	delete_payload_t *del;
	entry_t *entry;
	enumerator_t *e;

	if (!this->entries->get_count(this->entries)) {
		return SUCCESS;
	}
	del = delete_payload_create(PROTO_ESP);
	e = this->entries->create_enumerator(this->entries);
	while (e->enumerate(e, &entry)) {
		del->add_spi(del, ntohl(entry->child->get_spi(entry->child, true)));
	}
	e->destroy(e);
	message->add_payload(message, &del->payload);

	while (this->entries->remove_first(this->entries, (void **)&entry) == SUCCESS) {
		log_closing(entry->child);
		if (entry->closed) {
			dpd_actions_child_closed(this->ike_sa, entry->child);
		}
		remove_child(this, entry->child, entry->was_up);
		free(entry);
	}
	return SUCCESS;
}

static status_t build(task_t *public, message_t *message)
{
	private_child_delete_t *this = (private_child_delete_t *)public;

	return this->initiator ? build_i(this, message) : build_r(this, message);
}

static status_t process(task_t *public, message_t *message)
{
	private_child_delete_t *this = (private_child_delete_t *)public;

	return this->initiator ? process_i(this, message) : process_r(this, message);
}

static task_type_t get_type(task_t *public)
{
	return TASK_CHILD_DELETE;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_child_delete_t *this = (private_child_delete_t *)public;

	entry_t *entry;

	/* the CHILD_SAs collected belong to the old IKE_SA */
	while (this->entries->remove_first(this->entries, (void **)&entry) == SUCCESS) {
		free(entry);
	}
	this->ike_sa = ike_sa;
}

static void destroy(task_t *public)
{
	private_child_delete_t *this = (private_child_delete_t *)public;

	this->entries->destroy_function(this->entries, free);
	free(this);
}

task_t *child_delete_create(ike_sa_t *ike_sa, uint8_t protocol, uint32_t spi, bool expired)
{
	private_child_delete_t *this = mem_zalloc(sizeof(*this));

	this->public = (task_t){
		.build = build,
		.process = process,
		.get_type = get_type,
		.migrate = migrate,
		.destroy = destroy,
	};
	this->ike_sa = ike_sa;
	/* the responder is created without an SPI; it learns them from the Delete */
	this->initiator = spi != 0;
	this->spi = spi;
	this->expired = expired;
	/* CHILD_SAs are ESP only, so @p protocol (3 from IKE, 50 from kernels) is not needed */
	this->entries = linked_list_create();
	return &this->public;
}
