/*
 * add_conn/del_conn. A request is first read into a conn_t (checking each
 * keyword and value against the table in stroke_conn.c), then turned into
 * config objects; only a conn without any error reaches charon->backends.
 *
 * Defaults follow ipsec.conf(5) of strongSwan 5.9: ikelifetime 3h,
 * keylife 1h, rekeymargin 9m, rekeyfuzz 100%, keyingtries 3, dpddelay 30s,
 * dpdtimeout 150s, authby pubkey, reauth yes, mobike yes, fragmentation
 * yes, leftid/rightid the address of left/right.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>

#include "stroke_config.h"
#include "stroke_conn.h"
#include "stroke_ts.h"
#include "stroke_teardown.h"
#include "stroke_setup.h"
#include "stroke_vip.h"

#include "daemon.h"
#include "config/proposal_keywords.h"
#include "credentials/cred_loader.h"
#include "credentials/keys/pubkey_value.h"
#include "credentials/certificates/pubkey_cert.h"

static bool numeric(const char *str)
{
	uint8_t buf[16];

	return inet_pton(AF_INET, str, buf) == 1 || inet_pton(AF_INET6, str, buf) == 1;
}

/* Special values must be spelled right; names must look like names. */
static bool valid_endpoint(const char *list)
{
	char entry[256];
	const char *p = list, *end;
	size_t n;

	for (;;) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		while (n && isspace((unsigned char)*p)) {
			p++, n--;
		}
		while (n && isspace((unsigned char)p[n - 1])) {
			n--;
		}
		if (!n || n >= sizeof(entry)) {
			return false;
		}
		memcpy(entry, p, n);
		entry[n] = '\0';
		if (entry[0] == '%' ? !stroke_conn_one_of(entry, "%any|%any4|%any6|%defaultroute") :
		    strspn(entry, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789.-_:/") != n) {
			return false;
		}
		/* "192.0.2.300" is a typo, not a host name */
		if (strspn(entry, "0123456789.") == n && !numeric(entry)) {
			return false;
		}
		if (!end) {
			return true;
		}
		p = end + 1;
	}
}

/* The identity leftid= names, else that of left= if it is one address or
 * name (a list, subnet, range or %any gives %any). */
static identification_t *make_id(const char *id, const char *addr)
{
	char from[64];
	const char *dash;
	host_t *host;
	bool any;

	if (id) {
		return identification_create_from_string(id);
	}
	if (!addr || addr[0] == '%' || strpbrk(addr, ",/ ")) {
		return identification_create_from_string("%any");
	}
	dash = strchr(addr, '-');
	if (dash && (size_t)(dash - addr) < sizeof(from)) {
		memcpy(from, addr, (size_t)(dash - addr));
		from[dash - addr] = '\0';
		if (numeric(from) && numeric(dash + 1)) {
			return identification_create_from_string("%any");
		}
	}
	if (numeric(addr)) {
		host = host_create_from_string(addr, 0);
		any = !host || host->is_anyaddr(host);
		DESTROY_IF(host);
		if (any) {
			return identification_create_from_string("%any");
		}
	}
	return identification_create_from_string(addr);
}

static bool auth_class(conn_t *c, const char *side, const char *value, auth_class_t *out)
{
	if (stroke_conn_one_of(value, "psk|secret")) {
		*out = AUTH_CLASS_PSK;
		return true;
	}
	if (stroke_conn_one_of(value, "pubkey|rsa|ecdsa|rsasig|ecdsasig") || strncmp(value, "pubkey-", 7) == 0 ||
	    strncmp(value, "rsa-", 4) == 0 || strncmp(value, "ecdsa-", 6) == 0) {
		*out = AUTH_CLASS_PUBKEY;
		return true;
	}
	if (strncmp(value, "eap", 3) == 0 || strncmp(value, "xauth", 5) == 0) {
		stroke_conn_error(c, "%sauth=%s is not supported (use psk or pubkey)", side, value);
	} else {
		stroke_conn_error(c, "invalid value %sauth=%s", side, value);
	}
	return false;
}

static int send_cert(const char *value)
{
	if (!value || streq(value, "ifasked")) {
		return 0;
	}
	return stroke_conn_one_of(value, "always|yes") ? 1 : 2;
}

/* Source tag of certificates named by leftcert=/rightcert= (not flushed
 * by rereading the ipsec.d directories). */
#define CERT_SOURCE_CONF "ipsec.conf"

/*
 * leftcert=/rightcert= (relative: ipsec.d/certs): kept in the credential
 * manager for listcerts and, for the peer's, as trusted key (as strongSwan
 * does). A file that cannot be loaded is logged, not an error: the conn is
 * added and fails to authenticate until the file is there.
 */
static certificate_t *load_end_cert(const char *side, const char *file, bool local)
{
	certificate_t *cert;

	if (!file || !charon || !charon->credentials || !lib->creds) {
		return NULL;
	}
	cert = cred_loader_load_cert(file, CERT_X509);
	if (!cert) {
		DBG1(DBG_CFG, "loading certificate from %scert=%s failed", side, file);
		return NULL;
	}
	DBG2(DBG_CFG, "  loaded certificate \"%s\" from '%s'",
	     cert->get_subject(cert)->to_string(cert->get_subject(cert)), file);
	charon->credentials->add_cert(charon->credentials, CERT_SOURCE_CONF,
				      cert->get_ref(cert), !local);
	return cert;
}

/* The identity of a side: leftid= if its certificate confirms it, else the
 * certificate's subject; without a certificate leftid= or the address. */
static identification_t *end_id(conn_t *c, bool local, certificate_t *cert)
{
	const char *value = local ? c->leftid : c->rightid;
	identification_t *id, *subject;

	if (!cert) {
		return make_id(value, local ? c->left : c->right);
	}
	subject = cert->get_subject(cert);
	if (!value) {
		return subject->clone(subject);
	}
	id = identification_create_from_string(value);
	if (cert->has_subject(cert, id) == ID_MATCH_NONE) {
		DBG1(DBG_CFG, "  id '%s' not confirmed by certificate, defaulting to '%s'",
		     id->to_string(id), subject->to_string(subject));
		id->destroy(id);
		id = subject->clone(subject);
	}
	return id;
}

/*
 * leftsigkey=/leftrsasigkey= (sigkey wins if both are given): the raw key
 * this side authenticates with, instead of a certificate.
 */
static void load_sigkey(conn_t *c, auth_cfg_t *auth, bool local)
{
	const char *side = local ? "left" : "right";
	const char *value = local ? c->leftsigkey : c->rightsigkey;
	key_type_t type = KEY_ANY;
	char err[256] = "";

	if (!value) {
		value = local ? c->leftrsasigkey : c->rightrsasigkey;
		type = KEY_RSA;
	}
	if (!pubkey_value_parse(value, type, &auth->pubkey, err, sizeof(err))) {
		stroke_conn_error(c, "%s%ssigkey=%s: %s", side, type == KEY_RSA ? "rsa" : "",
			   value, err);
		return;
	}
	if (auth->pubkey && auth->cert) {
		DBG1(DBG_CFG, "conn '%s': %ssigkey= given, %scert= not used for authentication",
		     c->name, side, side);
	}
}

/*
 * Fill one side's auth config. rightca=%same takes leftca=, or else the
 * issuer of leftcert= (@p same: the other side's issuer, may be NULL).
 * Returns the issuer of this side's certificate (a clone) or NULL.
 */
static identification_t *fill_auth(conn_t *c, auth_cfg_t *auth, bool local,
				   identification_t *same)
{
	const char *side = local ? "left" : "right";
	const char *value = local ? c->leftauth : c->rightauth;
	const char *other_ca = local ? c->rightca : c->leftca;
	auth_class_t class = AUTH_CLASS_PUBKEY;
	identification_t *issuer = NULL;
	certificate_t *cert;

	if (value) {
		auth_class(c, side, value, &class);
	} else if (c->authby) {
		auth_class(c, "", c->authby, &class);
	}
	auth->auth = class;
	auth->cert = str_dup(local ? c->leftcert : c->rightcert);
	cert = load_end_cert(side, auth->cert, local);
	auth->id = end_id(c, local, cert);
	if (cert) {
		issuer = cert->get_issuer(cert)->clone(cert->get_issuer(cert));
		cert->destroy(cert);
	}
	value = local ? c->leftca : c->rightca;
	if (value && streq(value, "%same")) {
		value = other_ca && !streq(other_ca, "%same") ? other_ca : NULL;
		if (!value && same) {
			auth->ca = same->clone(same);
		}
	}
	if (value) {
		auth->ca = identification_create_from_string(value);
	}
	auth->send_cert = send_cert(local ? c->leftsendcert : c->rightsendcert);
	load_sigkey(c, auth, local);
	value = local ? c->leftcrlpolicy : c->rightcrlpolicy;
	if (!value || !cert_policy_from_string(value, &auth->crl_policy)) {
		auth->crl_policy = CERT_POLICY_DEFAULT;
	}
	return issuer;
}

/* Proposals of @p value (NULL: the defaults) for @p protocol. */
static linked_list_t *proposals(conn_t *c, protocol_id_t protocol, const char *value)
{
	linked_list_t *list = linked_list_create();
	char err[256] = "";

	if (!proposal_keywords_parse_list(protocol, value ? value : protocol == PROTO_IKE ?
					  PROPOSAL_DEFAULT_IKE : PROPOSAL_DEFAULT_ESP,
					  list, err, sizeof(err))) {
		stroke_conn_error(c, "%s=%s: %s", protocol == PROTO_IKE ? "ike" : "esp",
			   value ? value : "(default)", err[0] ? err : "invalid");
		list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
		return NULL;
	}
	return list;
}

static action_t action(const char *value)
{
	if (stroke_conn_one_of(value ? value : "", "hold|route")) {
		return ACTION_ROUTE;
	}
	if (stroke_conn_one_of(value ? value : "", "restart|start")) {
		return ACTION_RESTART;
	}
	return ACTION_NONE;
}

static unique_policy_t unique_policy(const char *value)
{
	if (!value || stroke_conn_one_of(value, "yes|replace")) {
		return UNIQUE_REPLACE;
	}
	if (streq(value, "keep")) {
		return UNIQUE_KEEP;
	}
	return streq(value, "never") ? UNIQUE_NEVER : UNIQUE_NO;
}

/* "000000".."111111" (ipsec.conf writes DSCP in binary). */
static bool parse_dscp(const char *value, uint8_t *dscp)
{
	*dscp = 0;
	if (!value) {
		return true;
	}
	if (strlen(value) != 6 || strspn(value, "01") != 6) {
		return false;
	}
	for (int i = 0; i < 6; i++) {
		*dscp = (uint8_t)(*dscp << 1 | (value[i] - '0'));
	}
	return true;
}

static ike_cfg_t *build_ike_cfg(conn_t *c)
{
	linked_list_t *list;
	proposal_t *proposal;
	ike_cfg_t *ike_cfg;
	uint8_t dscp = 0;

	if (!valid_endpoint(c->left)) {
		stroke_conn_error(c, "invalid value left=%s", c->left);
	}
	if (!valid_endpoint(c->right)) {
		stroke_conn_error(c, "invalid value right=%s", c->right);
	}
	if (!parse_dscp(c->ikedscp, &dscp)) {
		stroke_conn_error(c, "invalid value ikedscp=%s (six binary digits)", c->ikedscp);
	}
	list = proposals(c, PROTO_IKE, c->ike);
	if (!list || c->errors) {
		if (list) {
			list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
		}
		return NULL;
	}
	ike_cfg = ike_cfg_create(&(ike_cfg_create_t){
		.local = c->left,
		.remote = c->right,
		.local_port = (uint16_t)c->leftikeport,
		.remote_port = (uint16_t)c->rightikeport,
		.force_encap = c->forceencaps,
		.fragmentation = !c->fragmentation || stroke_conn_one_of(c->fragmentation, "yes")
				 ? FRAGMENTATION_YES
				 : stroke_conn_one_of(c->fragmentation, "accept") ? FRAGMENTATION_ACCEPT
				 : stroke_conn_one_of(c->fragmentation, "force") ? FRAGMENTATION_FORCE
				 : FRAGMENTATION_NO,
		.dscp = dscp,
	});
	while (list->remove_first(list, (void **)&proposal) == SUCCESS) {
		ike_cfg->add_proposal(ike_cfg, proposal);
	}
	list->destroy(list);
	return ike_cfg;
}

/* Soft limit @p margin before the hard one, 0 (none) without rekeying. */
static bool rekey_limit(conn_t *c, const char *what, uint64_t life, uint64_t margin,
			uint64_t *rekey)
{
	*rekey = 0;
	if (!c->rekey || !life) {
		return true;
	}
	if (margin >= life) {
		stroke_conn_error(c, "%s (%" PRIu64 ") must be larger than its margin (%" PRIu64 ")",
			   what, life, margin);
		return false;
	}
	*rekey = life - margin;
	return true;
}

static child_cfg_t *build_child_cfg(conn_t *c)
{
	child_cfg_create_t data = {
		.mode = c->type && streq(c->type, "transport") ? MODE_TRANSPORT : MODE_TUNNEL,
		.start_action = action(c->auto_),
		.dpd_action = action(c->dpdaction),
		.close_action = action(c->closeaction),
		.updown = c->leftupdown,
		.hostaccess = c->hostaccess,
		.reqid = (uint32_t)c->reqid,
		.replay_window = (uint32_t)c->replay_window,
		.ipcomp = c->compress,
	};
	linked_list_t *list, *local, *remote;
	traffic_selector_t *ts;
	proposal_t *proposal;
	child_cfg_t *child;
	char err[256] = "";
	uint64_t jitter;

	data.lifetime.time.life = c->keylife;
	rekey_limit(c, "keylife", c->keylife, c->margintime, &data.lifetime.time.rekey);
	data.lifetime.bytes.life = c->lifebytes;
	rekey_limit(c, "lifebytes", c->lifebytes, c->marginbytes, &data.lifetime.bytes.rekey);
	data.lifetime.packets.life = c->lifepackets;
	rekey_limit(c, "lifepackets", c->lifepackets, c->marginpackets,
		    &data.lifetime.packets.rekey);
	jitter = c->margintime * c->rekeyfuzz / 100;
	data.rekey_jitter = (uint32_t)(jitter < data.lifetime.time.rekey ? jitter :
				       data.lifetime.time.rekey);

	local = stroke_ts_parse(c->leftsubnet, c->leftprotoport, err, sizeof(err));
	if (!local) {
		stroke_conn_error(c, "leftsubnet=%s: %s", c->leftsubnet ? c->leftsubnet : "", err);
	}
	remote = stroke_ts_parse(c->rightsubnet, c->rightprotoport, err, sizeof(err));
	if (!remote) {
		stroke_conn_error(c, "rightsubnet=%s: %s", c->rightsubnet ? c->rightsubnet : "", err);
	}
	list = proposals(c, PROTO_ESP, c->esp);
	if (c->errors) {
		if (local) {
			local->destroy_offset(local, DESTROY_OFFSET(traffic_selector_t));
		}
		if (remote) {
			remote->destroy_offset(remote, DESTROY_OFFSET(traffic_selector_t));
		}
		if (list) {
			list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
		}
		return NULL;
	}
	child = child_cfg_create(c->name, &data);
	while (list->remove_first(list, (void **)&proposal) == SUCCESS) {
		child->add_proposal(child, proposal);
	}
	while (local->remove_first(local, (void **)&ts) == SUCCESS) {
		child->add_traffic_selector(child, true, ts);
	}
	while (remote->remove_first(remote, (void **)&ts) == SUCCESS) {
		child->add_traffic_selector(child, false, ts);
	}
	list->destroy(list);
	local->destroy(local);
	remote->destroy(remote);
	return child;
}

static peer_cfg_t *build_peer_cfg(conn_t *c, ike_cfg_t *ike_cfg)
{
	peer_cfg_create_t data = {
		.unique = unique_policy(c->uniqueids ? c->uniqueids : stroke_setup_uniqueids()),
		.keyingtries = (uint32_t)c->keyingtries,
		.over_time = (uint32_t)c->margintime,
		.mobike = c->mobike,
		.dpd = c->dpdaction && !streq(c->dpdaction, "none") ? (uint32_t)c->dpddelay : 0,
		.dpd_timeout = (uint32_t)c->dpdtimeout,
	};
	identification_t *issuer;
	uint64_t rekey, jitter;
	peer_cfg_t *peer;

	if (!rekey_limit(c, "ikelifetime", c->ikelifetime, c->margintime, &rekey)) {
		ike_cfg->destroy(ike_cfg);
		return NULL;
	}
	if (c->reauth) {
		data.reauth_time = (uint32_t)rekey;
	} else {
		data.rekey_time = (uint32_t)rekey;
	}
	jitter = c->margintime * c->rekeyfuzz / 100;
	data.jitter_time = (uint32_t)(jitter < rekey ? jitter : rekey);
	peer = peer_cfg_create(c->name, ike_cfg, &data);
	issuer = fill_auth(c, peer->get_auth(peer, true), true, NULL);
	DESTROY_IF(fill_auth(c, peer->get_auth(peer, false), false, issuer));
	DESTROY_IF(issuer);
	if (c->errors) {
		peer->destroy(peer);
		return NULL;
	}
	return peer;
}

/* Conn names end up in "name[1]" and "name{1}": keep them plain. */
static bool valid_name(const char *name)
{
	return name && *name && strlen(name) < 128 &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._-") == strlen(name);
}

peer_cfg_t *stroke_config_build(stroke_msg_t *msg, FILE *err)
{
	conn_t c = {
		.name = msg->get(msg, "name", NULL),
		.left = "%any",
		.right = "%any",
		.ikelifetime = 3 * 3600,
		.keylife = 3600,
		.margintime = 9 * 60,
		.rekeyfuzz = 100,
		.keyingtries = 3,
		.dpddelay = 30,
		.dpdtimeout = 150,
		.replay_window = 32,
		.rekey = true,
		.reauth = true,
		.mobike = true,
		.err = err,
	};
	ike_cfg_t *ike_cfg;
	child_cfg_t *child;
	peer_cfg_t *peer;

	if (!valid_name(c.name)) {
		fprintf(err, "add_conn: invalid or missing name '%s' (letters, digits, '.', '_', "
			"'-')\n", c.name ? c.name : "");
		return NULL;
	}
	stroke_conn_read(&c, msg);
	if (c.errors) {
		return NULL;
	}
	ike_cfg = build_ike_cfg(&c);
	if (!ike_cfg) {
		return NULL;
	}
	peer = build_peer_cfg(&c, ike_cfg);
	if (!peer) {
		return NULL;
	}
	if (stroke_vip_config(msg, peer, err)) {
		peer->destroy(peer);
		return NULL;
	}
	child = build_child_cfg(&c);
	if (!child) {
		peer->destroy(peer);
		return NULL;
	}
	peer->add_child_cfg(peer, child);
	return peer;
}

/* Source tag of a conn's raw keys, so replacing or deleting it drops them. */
static const char *sigkey_source(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "conn:%s", name);
	return buf;
}

static void flush_sigkeys(const char *name)
{
	char source[160];

	if (charon && charon->credentials) {
		charon->credentials->flush(charon->credentials,
					   sigkey_source(name, source, sizeof(source)));
	}
}

/* Raw keys into the credential manager for listpubkeys; the peer's is
 * trusted for its identity (as strongSwan does), ours is not. */
static void store_sigkeys(peer_cfg_t *peer)
{
	char source[160];
	certificate_t *cert;
	auth_cfg_t *auth;
	bool local;

	flush_sigkeys(peer->get_name(peer));
	if (!charon || !charon->credentials) {
		return;
	}
	sigkey_source(peer->get_name(peer), source, sizeof(source));
	for (int i = 0; i < 2; i++) {
		local = i == 0;
		auth = peer->get_auth(peer, local);
		if (!auth->pubkey) {
			continue;
		}
		cert = pubkey_cert_create(auth->pubkey, auth->id);
		if (cert) {
			charon->credentials->add_cert(charon->credentials, source, cert, !local);
		}
	}
}

int stroke_config_add(stroke_msg_t *msg, FILE *out, FILE *err)
{
	peer_cfg_t *peer, *old;
	const char *name;

	peer = stroke_config_build(msg, err);
	if (!peer) {
		return 1;
	}
	name = peer->get_name(peer);
	old = charon->backends->get_peer_cfg_by_name(charon->backends, name);
	if (old && old->equals(old, peer)) {
		/* keep the loaded object: SAs and traps refer to it */
		fprintf(out, "configuration '%s' unchanged\n", name);
		old->destroy(old);
		peer->destroy(peer);
		return 0;
	}
	fprintf(out, "%s configuration '%s'\n", old ? "replaced" : "added", name);
	DBG1(DBG_CFG, "%s configuration '%s'", old ? "replaced" : "added", name);
	DESTROY_IF(old);
	store_sigkeys(peer);
	charon->backends->add_peer_cfg(charon->backends, peer);
	return 0;
}

int stroke_config_del(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *name = msg->get(msg, "name", NULL), *async;
	peer_cfg_t *peer;

	if (!name || !*name) {
		fprintf(err, "del_conn: missing name\n");
		return 2;
	}
	/* kept until its traps are gone, they were installed from it */
	peer = charon->backends->get_peer_cfg_by_name(charon->backends, name);
	if (!charon->backends->remove_peer_cfg(charon->backends, name)) {
		fprintf(err, "no configuration named '%s' found\n", name);
		DESTROY_IF(peer);
		return 1;
	}
	fprintf(out, "deleted configuration '%s'\n", name);
	DBG1(DBG_CFG, "deleted configuration '%s'", name);
	flush_sigkeys(name);
	async = msg->get(msg, "async", "no");
	stroke_teardown_conn(name, peer, streq(async, "yes") ? 0 : STROKE_TEARDOWN_WAIT_MS, out);
	DESTROY_IF(peer);
	return 0;
}
