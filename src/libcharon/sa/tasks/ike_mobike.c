/*
 * MOBIKE address updates (RFC 4555 §3.5). Both ends announce
 * MOBIKE_SUPPORTED in IKE_AUTH (ike_auth.c). When our address changes,
 * the IKE_SA already carries the new one; this task then sends an
 * INFORMATIONAL with UPDATE_SA_ADDRESSES and NAT_DETECTION_*_IP for the new
 * addresses. The responder has taken the request's source as the peer's
 * address by then (ike_sa.c follows authenticated messages only), so it
 * moves its CHILD_SAs there and answers with NAT-D notifies of its own.
 * The initiator moves its CHILD_SAs once the peer has answered.
 */
#include <endian.h>

#include "sa/tasks/tasks.h"
#include "crypto/crypto_factory.h"

#include "daemon.h"
#include "sa/child_sa.h"

#define NATD_HASH_SIZE 20

typedef struct private_ike_mobike_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/* responder: the request asked for an update */
	bool update;
} private_ike_mobike_t;

/* SHA1(SPIi | SPIr | address | port), as for IKE_SA_INIT (RFC 7296 §2.23) */
static bool natd_hash(ike_sa_t *ike_sa, host_t *host, uint8_t out[NATD_HASH_SIZE])
{
	ike_sa_id_t *id = ike_sa->get_id(ike_sa);
	uint64_t spis[2] = { htobe64(id->initiator_spi), htobe64(id->responder_spi) };
	uint16_t port = htobe16(host->get_port(host));
	hasher_t *hasher = lib->crypto->create_hasher(lib->crypto, HASH_SHA1);
	bool ok;

	if (!hasher) {
		return false;
	}
	ok = hasher->get_hash_size(hasher) == NATD_HASH_SIZE &&
	     hasher->get_hash(hasher, chunk_from_thing(spis), NULL) &&
	     hasher->get_hash(hasher, host->get_address(host), NULL) &&
	     hasher->get_hash(hasher, chunk_from_thing(port), out);
	hasher->destroy(hasher);
	return ok;
}

static void add_natd(private_ike_mobike_t *this, message_t *message)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	uint8_t src[NATD_HASH_SIZE], dst[NATD_HASH_SIZE];

	if (!me || !other || !natd_hash(this->ike_sa, me, src) ||
	    !natd_hash(this->ike_sa, other, dst)) {
		DBG1(DBG_IKE, "unable to compute NAT-D hashes for the address update");
		return;
	}
	message->add_notify(message, NAT_DETECTION_SOURCE_IP, chunk_from_thing(src));
	message->add_notify(message, NAT_DETECTION_DESTINATION_IP, chunk_from_thing(dst));
}

/* Move every CHILD_SA to the IKE_SA's current endpoints. */
static void update_children(private_ike_mobike_t *this)
{
	host_t *me = this->ike_sa->get_my_host(this->ike_sa);
	host_t *other = this->ike_sa->get_other_host(this->ike_sa);
	enumerator_t *e;
	child_sa_t *child;
	char a[HOST_STR_LEN], b[HOST_STR_LEN];

	if (!me || !other) {
		return;
	}
	DBG1(DBG_IKE, "IKE_SA %s[%u] moves to %s...%s", this->ike_sa->get_name(this->ike_sa),
	     this->ike_sa->get_unique_id(this->ike_sa), host_to_str(me, a, sizeof(a)),
	     host_to_str(other, b, sizeof(b)));
	e = this->ike_sa->create_child_sa_enumerator(this->ike_sa);
	while (e->enumerate(e, &child)) {
		child->update_hosts(child, me, other, child->has_encap(child));
	}
	e->destroy(e);
}

static status_t build_i(task_t *public, message_t *message)
{
	private_ike_mobike_t *this = (private_ike_mobike_t *)public;

	message->add_notify(message, UPDATE_SA_ADDRESSES, chunk_empty);
	add_natd(this, message);
	return NEED_MORE;
}

static status_t process_i(task_t *public, message_t *message)
{
	private_ike_mobike_t *this = (private_ike_mobike_t *)public;

	update_children(this);
	return SUCCESS;
}

static status_t process_r(task_t *public, message_t *message)
{
	private_ike_mobike_t *this = (private_ike_mobike_t *)public;

	if (message->get_notify(message, UPDATE_SA_ADDRESSES) &&
	    this->ike_sa->supports_extension(this->ike_sa, EXT_MOBIKE)) {
		this->update = true;
		update_children(this);
	}
	return NEED_MORE;
}

static status_t build_r(task_t *public, message_t *message)
{
	private_ike_mobike_t *this = (private_ike_mobike_t *)public;

	if (this->update) {
		add_natd(this, message);
	}
	return SUCCESS;
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_MOBIKE;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_mobike_t *this = (private_ike_mobike_t *)public;

	this->ike_sa = ike_sa;
	this->update = false;
}

static void destroy(task_t *public)
{
	free(public);
}

task_t *ike_mobike_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_mobike_t *this = mem_zalloc(sizeof(*this));

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
