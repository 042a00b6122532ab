/*
 * Virtual IPs over the Configuration payload (RFC 7296 §2.19, §3.15), in
 * IKE_AUTH next to the first CHILD_SA. The initiator asks for the
 * addresses of leftsourceip= in a CFG_REQUEST and installs what the
 * CFG_REPLY assigns before child_create reads the narrowed selectors. The
 * responder leases addresses for the authenticated peer identity from the
 * pools of rightsourceip= and answers with them and rightdns=; if the peer
 * asked and no pool had one, INTERNAL_ADDRESS_FAILURE replaces the
 * CHILD_SA (the IKE_SA stays, as §3.10.1 describes).
 */
#include "sa/tasks/tasks.h"
#include "sa/tasks/ike_config_attrs.h"
#include "daemon.h"

typedef struct private_ike_config_t {
	task_t public;
	ike_sa_t *ike_sa;
	bool initiator;
	/* initiator: the request went out */
	bool requested;
	/* responder: addresses the peer asked for (host_t, %any for any) */
	linked_list_t *wanted;
} private_ike_config_t;

static vip_cfg_t *vip_cfg(private_ike_config_t *this)
{
	peer_cfg_t *peer_cfg = this->ike_sa->get_peer_cfg(this->ike_sa);

	return peer_cfg ? peer_cfg->get_vip_cfg(peer_cfg) : NULL;
}

/* --- initiator ---------------------------------------------------------- */

static status_t build_i(private_ike_config_t *this, message_t *message)
{
	vip_cfg_t *cfg = vip_cfg(this);
	cp_payload_t *cp;
	enumerator_t *e;
	host_t *host;
	char buf[HOST_STR_LEN];

	if (message->get_exchange_type(message) != IKE_AUTH) {
		return NEED_MORE;
	}
	if (this->requested) {
		/* later IKE_AUTH rounds (EAP) carry nothing of ours */
		return NEED_MORE;
	}
	if (!cfg || !cfg->request->get_count(cfg->request)) {
		return SUCCESS;
	}
	cp = cp_payload_create(CFG_REQUEST);
	e = cfg->request->create_enumerator(cfg->request);
	while (e->enumerate(e, &host)) {
		DBG1(DBG_IKE, "requesting virtual IP %s", host_to_str(host, buf, sizeof(buf)));
		cp_attrs_add_address(cp, host);
	}
	e->destroy(e);
	message->add_payload(message, &cp->payload);
	this->requested = true;
	return NEED_MORE;
}

static void install_vips(private_ike_config_t *this, cp_attrs_t *attrs)
{
	ike_vips_t *vips = this->ike_sa->get_vips(this->ike_sa);
	vip_cfg_t *cfg = vip_cfg(this);
	enumerator_t *e;
	host_t *host;
	char buf[HOST_STR_LEN];

	e = attrs->addrs->create_enumerator(attrs->addrs);
	while (e->enumerate(e, &host)) {
		if (host->is_anyaddr(host) || !cfg ||
		    !vip_cfg_requests(cfg, host->get_family(host))) {
			continue;
		}
		if (vips->get_count(vips, true) >= 2) {
			break;
		}
		DBG1(DBG_IKE, "installing new virtual IP %s", host_to_str(host, buf, sizeof(buf)));
		if (!vips->add_local(vips, host)) {
			DBG1(DBG_IKE, "installing virtual IP %s failed", buf);
		}
	}
	e->destroy(e);
	e = attrs->dns->create_enumerator(attrs->dns);
	while (e->enumerate(e, &host)) {
		if (!host->is_anyaddr(host)) {
			DBG1(DBG_IKE, "received DNS server %s (not installed)",
			     host_to_str(host, buf, sizeof(buf)));
		}
	}
	e->destroy(e);
}

static status_t process_i(private_ike_config_t *this, message_t *message)
{
	ike_vips_t *vips;
	cp_payload_t *cp;
	cp_attrs_t attrs;

	if (message->get_exchange_type(message) != IKE_AUTH || !this->requested) {
		return NEED_MORE;
	}
	cp = (cp_payload_t *)message->get_payload(message, PL_CP);
	if (!cp) {
		if (!this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED) &&
		    !message->get_payload(message, PL_AUTH)) {
			/* more IKE_AUTH rounds to come (EAP) */
			return NEED_MORE;
		}
		DBG1(DBG_IKE, "peer assigned no virtual IP");
		return SUCCESS;
	}
	if (cp->get_cp_type(cp) != CFG_REPLY) {
		DBG1(DBG_IKE, "ignoring CP payload of type %d in IKE_AUTH response",
		     cp->get_cp_type(cp));
		return SUCCESS;
	}
	if (!this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
		/* never trust addresses of a peer that failed authentication */
		return SUCCESS;
	}
	cp_attrs_parse(cp, &attrs);
	install_vips(this, &attrs);
	cp_attrs_free(&attrs);
	vips = this->ike_sa->get_vips(this->ike_sa);
	if (!vips->get_count(vips, true)) {
		DBG1(DBG_IKE, "peer assigned no virtual IP");
	}
	return SUCCESS;
}

/* --- responder ---------------------------------------------------------- */

static status_t process_r(private_ike_config_t *this, message_t *message)
{
	cp_payload_t *cp;
	cp_attrs_t attrs;
	host_t *host;

	if (message->get_exchange_type(message) != IKE_AUTH) {
		return NEED_MORE;
	}
	cp = (cp_payload_t *)message->get_payload(message, PL_CP);
	if (!cp || cp->get_cp_type(cp) != CFG_REQUEST || this->wanted) {
		return NEED_MORE;
	}
	cp_attrs_parse(cp, &attrs);
	this->wanted = linked_list_create();
	/* one address per family at most */
	while (attrs.addrs->remove_first(attrs.addrs, (void **)&host) == SUCCESS) {
		enumerator_t *e = this->wanted->create_enumerator(this->wanted);
		host_t *have;
		bool dup = false;

		while (e->enumerate(e, &have)) {
			dup = dup || have->get_family(have) == host->get_family(host);
		}
		e->destroy(e);
		if (dup) {
			host->destroy(host);
		} else {
			this->wanted->insert_last(this->wanted, host);
		}
	}
	cp_attrs_free(&attrs);
	return NEED_MORE;
}

/* Lease one address per requested family; the reply lists them. */
static int assign_vips(private_ike_config_t *this, cp_payload_t *reply)
{
	identification_t *id = this->ike_sa->get_other_id(this->ike_sa);
	ike_vips_t *vips = this->ike_sa->get_vips(this->ike_sa);
	vip_cfg_t *cfg = vip_cfg(this);
	enumerator_t *e;
	host_t *host, *vip;
	char *pool = NULL, buf[HOST_STR_LEN], req[HOST_STR_LEN];
	int assigned = 0;

	e = this->wanted->create_enumerator(this->wanted);
	while (e->enumerate(e, &host)) {
		vip = NULL;
		if (cfg && charon->attributes && id) {
			vip = charon->attributes->acquire_address(charon->attributes, cfg->pools, id,
								  host->get_family(host), host, &pool);
		}
		host_to_str(host, req, sizeof(req));
		if (!vip) {
			DBG1(DBG_IKE, "no virtual IP found for %s requested by '%s'", req,
			     id ? id->to_string(id) : "%any");
			continue;
		}
		DBG1(DBG_IKE, "assigning virtual IP %s to peer '%s'",
		     host_to_str(vip, buf, sizeof(buf)), id->to_string(id));
		vips->add_remote(vips, vip, pool, id);
		cp_attrs_add_address(reply, vip);
		vip->destroy(vip);
		free(pool);
		pool = NULL;
		assigned++;
	}
	e->destroy(e);
	return assigned;
}

static status_t build_r(private_ike_config_t *this, message_t *message)
{
	vip_cfg_t *cfg = vip_cfg(this);
	cp_payload_t *reply;
	enumerator_t *e;
	host_t *host;

	if (message->get_exchange_type(message) != IKE_AUTH) {
		return message->get_exchange_type(message) == IKE_SA_INIT ? NEED_MORE : SUCCESS;
	}
	if (!this->ike_sa->has_condition(this->ike_sa, COND_AUTHENTICATED)) {
		/* nothing for a peer that is not authenticated (yet) */
		return NEED_MORE;
	}
	if (!this->wanted || !this->wanted->get_count(this->wanted)) {
		return SUCCESS;
	}
	reply = cp_payload_create(CFG_REPLY);
	if (!assign_vips(this, reply)) {
		reply->destroy(reply);
		DBG1(DBG_IKE, "no virtual IP found, sending INTERNAL_ADDRESS_FAILURE");
		message->add_notify(message, INTERNAL_ADDRESS_FAILURE, chunk_empty);
		return SUCCESS;
	}
	if (cfg) {
		e = cfg->dns->create_enumerator(cfg->dns);
		while (e->enumerate(e, &host)) {
			cp_attrs_add_dns(reply, host);
		}
		e->destroy(e);
	}
	message->add_payload(message, &reply->payload);
	return SUCCESS;
}

/* --- task_t ------------------------------------------------------------- */

static status_t build(task_t *public, message_t *message)
{
	private_ike_config_t *this = (private_ike_config_t *)public;

	return this->initiator ? build_i(this, message) : build_r(this, message);
}

static status_t process(task_t *public, message_t *message)
{
	private_ike_config_t *this = (private_ike_config_t *)public;

	return this->initiator ? process_i(this, message) : process_r(this, message);
}

static task_type_t get_type(task_t *public)
{
	return TASK_IKE_CONFIG;
}

static void migrate(task_t *public, ike_sa_t *ike_sa)
{
	private_ike_config_t *this = (private_ike_config_t *)public;

	this->ike_sa = ike_sa;
	this->requested = false;
	if (this->wanted) {
		this->wanted->destroy_offset(this->wanted, DESTROY_OFFSET(host_t));
		this->wanted = NULL;
	}
}

static void destroy(task_t *public)
{
	private_ike_config_t *this = (private_ike_config_t *)public;

	if (this->wanted) {
		this->wanted->destroy_offset(this->wanted, DESTROY_OFFSET(host_t));
	}
	free(this);
}

task_t *ike_config_create(ike_sa_t *ike_sa, bool initiator)
{
	private_ike_config_t *this = mem_zalloc(sizeof(*this));

	*this = (private_ike_config_t){
		.public = {
			.build = build,
			.process = process,
			.get_type = get_type,
			.migrate = migrate,
			.destroy = destroy,
		},
		.ike_sa = ike_sa,
		.initiator = initiator,
	};
	return &this->public;
}
