/*
 * NAT detection (RFC 7296 §2.23). Each side sends
 * NAT_DETECTION_SOURCE_IP = SHA1(SPIi | SPIr | source IP | source port) and
 * NAT_DETECTION_DESTINATION_IP for the address it sent to; the SPIs are
 * those of the message's header (SPIr is zero in the request). A source
 * hash that does not match the packet's source means the sender is behind
 * a NAT; a destination hash that does not match our address means we are.
 *
 * forceencaps=yes fakes a NAT by sending a random source hash, so the peer
 * believes we are behind one and both sides encapsulate.
 *
 * With a NAT, the initiator moves to port 4500 for IKE_AUTH; the responder
 * follows when the request arrives there (the IKE_SA updates its hosts).
 */
#include <endian.h>

#include "sa/tasks/tasks.h"
#include "crypto/crypto_factory.h"
#include "kernel/kernel_ipsec.h"

#define NATD_HASH_SIZE 20

typedef struct private_ike_natd_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/** The peer sent the notifies at all (it speaks NAT-T). */
	bool src_seen;
	bool dst_seen;
	/** Some source hash matched the packet's source. */
	bool src_matched;
	/** Some destination hash matched our address. */
	bool dst_matched;
} private_ike_natd_t;

/* SHA1(SPIi | SPIr | IP | port); false if no SHA1 is available */
static bool natd_hash(uint64_t spi_i, uint64_t spi_r, host_t *host,
		      uint8_t out[NATD_HASH_SIZE])
{
	hasher_t *hasher = lib->crypto->create_hasher(lib->crypto, HASH_SHA1);
	uint64_t spis[2] = { htobe64(spi_i), htobe64(spi_r) };
	uint16_t port;
	bool ok;

	if (!hasher) {
		DBG1(DBG_IKE, "no SHA1 hasher available, NAT detection disabled");
		return false;
	}
	if (hasher->get_hash_size(hasher) != NATD_HASH_SIZE) {
		hasher->destroy(hasher);
		return false;
	}
	port = htobe16(host->get_port(host));
	ok = hasher->get_hash(hasher, chunk_from_thing(spis), NULL) &&
	     hasher->get_hash(hasher, host->get_address(host), NULL) &&
	     hasher->get_hash(hasher, chunk_from_thing(port), out);
	hasher->destroy(hasher);
	return ok;
}

static bool force_encap(private_ike_natd_t *this)
{
	ike_cfg_t *cfg = this->ike_sa->get_ike_cfg(this->ike_sa);

	/* a data plane that only speaks ESP in UDP needs both ends on 4500 */
	return (cfg && cfg->force_encap(cfg)) || kernel_interface_requires_encap();
}

/* Add both notifies for a message with header SPIs @p spi_i / @p spi_r. */
static void add_notifies(private_ike_natd_t *this, message_t *message,
			 uint64_t spi_i, uint64_t spi_r)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	uint8_t src[NATD_HASH_SIZE], dst[NATD_HASH_SIZE];
	rng_t *rng;

	if (!me || !other || !natd_hash(spi_i, spi_r, me, src) ||
	    !natd_hash(spi_i, spi_r, other, dst)) {
		return;
	}
	if (force_encap(this)) {
		rng = lib->crypto->create_rng(lib->crypto, RNG_WEAK);
		if (!rng || !rng->get_bytes(rng, sizeof(src), src)) {
			DBG1(DBG_IKE, "no RNG to fake a NAT situation, not forcing encapsulation");
		} else {
			DBG1(DBG_IKE, "faking NAT situation to enforce UDP encapsulation");
		}
		DESTROY_IF(rng);
	} else if (me->is_anyaddr(me)) {
		/* the peer will see a NAT here, which only costs encapsulation */
		DBG2(DBG_IKE, "source address unknown, NAT detection assumes a NAT");
	}
	message->add_notify(message, NAT_DETECTION_SOURCE_IP, chunk_from_thing(src));
	message->add_notify(message, NAT_DETECTION_DESTINATION_IP, chunk_from_thing(dst));
}

/* Compare the peer's hashes with the packet's addresses and set conditions. */
static void process_notifies(private_ike_natd_t *this, message_t *message)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	uint64_t spi_i = message->get_spi_i(message), spi_r = message->get_spi_r(message);
	uint8_t src[NATD_HASH_SIZE], dst[NATD_HASH_SIZE];
	enumerator_t *e;
	payload_t *payload;
	notify_payload_t *notify;
	chunk_t data;
	bool nat_here, nat_there;

	if (!me || !other || !natd_hash(spi_i, spi_r, other, src) ||
	    !natd_hash(spi_i, spi_r, me, dst)) {
		return;
	}
	e = message->create_payload_enumerator(message);
	while (e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_NOTIFY) {
			continue;
		}
		notify = (notify_payload_t *)payload;
		data = notify->get_data(notify);
		switch (notify->get_notify_type(notify)) {
		case NAT_DETECTION_SOURCE_IP:
			this->src_seen = true;
			if (chunk_equals(data, chunk_from_thing(src))) {
				this->src_matched = true;
			}
			break;
		case NAT_DETECTION_DESTINATION_IP:
			this->dst_seen = true;
			if (chunk_equals(data, chunk_from_thing(dst))) {
				this->dst_matched = true;
			}
			break;
		default:
			break;
		}
	}
	e->destroy(e);

	if (!this->src_seen || !this->dst_seen) {
		DBG2(DBG_IKE, "peer did not send NAT detection notifies");
		return;
	}
	this->ike_sa->enable_extension(this->ike_sa, EXT_NATT);
	nat_here = !this->dst_matched;
	nat_there = !this->src_matched;
	this->ike_sa->set_condition(this->ike_sa, COND_NAT_HERE, nat_here);
	this->ike_sa->set_condition(this->ike_sa, COND_NAT_THERE, nat_there);
	if (nat_here) {
		DBG1(DBG_IKE, "local host is behind NAT, sending keep alives");
	}
	if (nat_there) {
		DBG1(DBG_IKE, "remote host is behind NAT");
	}
	if (!nat_here && !nat_there && force_encap(this)) {
		this->ike_sa->set_condition(this->ike_sa, COND_NAT_FAKE, true);
	}
}

static bool any_nat(ike_sa_t *ike_sa)
{
	return ike_sa->has_condition(ike_sa, COND_NAT_HERE) ||
	       ike_sa->has_condition(ike_sa, COND_NAT_THERE) ||
	       ike_sa->has_condition(ike_sa, COND_NAT_FAKE);
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_natd_t *this = (private_ike_natd_t *)public;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	/* our SPI only: the responder has not chosen one yet */
	add_notifies(this, message, this->ike_sa->get_id(this->ike_sa)->initiator_spi, 0);
	return NEED_MORE;
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_natd_t *this = (private_ike_natd_t *)public;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	if (!message->get_payload(message, PL_SA)) {
		/* an error or a COOKIE/INVALID_KE retry, ike_init decides */
		return NEED_MORE;
	}
	this->src_seen = this->dst_seen = false;
	this->src_matched = this->dst_matched = false;
	process_notifies(this, message);
	if (any_nat(this->ike_sa)) {
		/* IKE_AUTH and ESP go over port 4500 from now on */
		this->ike_sa->float_ports(this->ike_sa);
	}
	return SUCCESS;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_natd_t *this = (private_ike_natd_t *)public;

	if (message->get_exchange_type(message) != IKE_SA_INIT) {
		return SUCCESS;
	}
	process_notifies(this, message);
	return NEED_MORE;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_natd_t *this = (private_ike_natd_t *)public;
	ike_sa_id_t *id = this->ike_sa->get_id(this->ike_sa);

	/* only successful responses to a NAT-T capable peer carry them */
	if (message->get_exchange_type(message) != IKE_SA_INIT ||
	    !this->src_seen || !this->dst_seen || !message->get_payload(message, PL_SA)) {
		return SUCCESS;
	}
	add_notifies(this, message, id->initiator_spi, id->responder_spi);
	if (force_encap(this) && !this->ike_sa->has_condition(this->ike_sa, COND_NAT_HERE) &&
	    !this->ike_sa->has_condition(this->ike_sa, COND_NAT_THERE)) {
		this->ike_sa->set_condition(this->ike_sa, COND_NAT_FAKE, true);
	}
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_NATD;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_natd_t *this = (private_ike_natd_t *)public;

	this->ike_sa = ike_sa;
	this->src_seen = this->dst_seen = false;
	this->src_matched = this->dst_matched = false;
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_natd_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_natd_t *this = mem_zalloc(sizeof(*this));

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
