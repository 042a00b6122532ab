/*
 * Certificate authentication in IKE_AUTH: ike_init, ike_natd, ike_cert_pre,
 * ike_auth and ike_cert_post between two fake IKE_SAs (tasks_ike_fakes.h),
 * each side with its own credential manager holding certificates, keys and
 * CRLs of a test PKI that cred_pki.sh builds with the openssl command line.
 * Messages are really generated, encrypted and parsed, signatures really
 * made and verified.
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "test_runner.h"
#include "library.h"
#include "daemon.h"
#include "plugins/plugin_loader.h"
#include "settings/settings.h"
#include "sa/tasks/tasks.h"
#include "sa/tasks/auth_pubkey.h"
#include "sa/task_manager.h"
#include "tasks_ike_fakes.h"
#include "encoding/cert_payload.h"
#include "credentials/cred_loader.h"

#define NTASKS 5
#define AUTH 3		/* index of ike_auth in the task arrays */

static char pki_dir[128];
static fake_sa_t *ini, *res;
static task_t *i_tasks[NTASKS], *r_tasks[NTASKS];
/* fake peer configs do not free these */
static char i_cert_path[PATH_MAX], r_cert_path[PATH_MAX];

/* ---- the test PKI (see src/libcygnet/tests/cred_pki.sh) ---- */

static void pki_setup(void)
{
	char cmd[PATH_MAX];

	snprintf(pki_dir, sizeof(pki_dir), "/tmp/cygnet-certtask-XXXXXX");
	ck_assert(mkdtemp(pki_dir));
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' >/dev/null 2>&1", CRED_PKI_SH, pki_dir);
	ck_assert_msg(system(cmd) == 0, "cred_pki.sh failed");
}

static void pki_teardown(void)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pki_dir);
	ck_assert(system(cmd) == 0);
}

static const char *path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", pki_dir, name);
	return buf;
}

static certificate_t *load_cert(const char *name)
{
	char buf[PATH_MAX];
	certificate_t *cert = cred_loader_load_cert(path(name, buf, sizeof(buf)), CERT_ANY);

	ck_assert_msg(cert, "loading %s", name);
	return cert;
}

static void add_cert(fake_sa_t *sa, const char *name, bool trusted)
{
	sa->creds->add_cert(sa->creds, "test", load_cert(name), trusted);
}

static void add_key(fake_sa_t *sa, const char *name)
{
	char buf[PATH_MAX];
	private_key_t *key;

	key = cred_loader_load_private_key(path(name, buf, sizeof(buf)), KEY_ANY, chunk_empty);
	ck_assert_msg(key, "loading %s", name);
	sa->creds->add_private_key(sa->creds, "test", key);
}

static fake_peer_cfg_t *cfg_of(fake_sa_t *sa)
{
	peer_cfg_t *cfg;

	if (sa == ini) {
		return (fake_peer_cfg_t *)ini->peer_cfg;
	}
	ck_assert(res->backends.peers->get_first(res->backends.peers, (void **)&cfg) == SUCCESS);
	return (fake_peer_cfg_t *)cfg;
}

/*
 * @p sa authenticates as @p id with certificate NAME.crt (and NAME.key),
 * requires public key authentication of the peer @p peer_id, trusts the
 * root CA. @p pinned: name the certificate file (leftcert=) rather than
 * letting it be found by identity.
 */
static void use_cert(fake_sa_t *sa, const char *name, const char *id, const char *peer_id,
		     bool pinned)
{
	fake_peer_cfg_t *cfg = cfg_of(sa);
	char file[64], *cert_path = sa == ini ? i_cert_path : r_cert_path;

	snprintf(file, sizeof(file), "%s.crt", name);
	add_cert(sa, file, false);
	snprintf(file, sizeof(file), "%s.key", name);
	add_key(sa, file);
	add_cert(sa, "ca.crt", true);
	add_cert(sa, "im.crt", false);
	DESTROY_IF(cfg->local.id);
	DESTROY_IF(cfg->remote.id);
	cfg->local.auth = cfg->remote.auth = AUTH_CLASS_PUBKEY;
	cfg->local.id = identification_create_from_string(id);
	cfg->remote.id = identification_create_from_string(peer_id);
	snprintf(file, sizeof(file), "%s.crt", name);
	path(file, cert_path, PATH_MAX);
	cfg->local.cert = pinned ? cert_path : NULL;
}

/* ---- the exchanges ---- */

static void setup(void)
{
	fake_ike_cfg_t *icfg, *rcfg;

	ck_assert(library_init(NULL, "test"));
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS,
				     "random nonce openssl pem x509"));
	charon = &fake_daemon;
	memset(alerts, 0, sizeof(alerts));
	ini = sa_new(true, "192.0.2.1", 500, "192.0.2.2", 500);
	res = sa_new(false, "192.0.2.2", 500, "192.0.2.1", 500);
	icfg = ike_cfg_new(ike_proposal(CURVE_25519, 0));
	ini->peer_cfg = &peer_cfg_new(&icfg->public, NULL, NULL)->public;
	ini->ike_cfg = &icfg->public;
	rcfg = ike_cfg_new(ike_proposal(CURVE_25519, 0));
	res->backends.ike_cfg = &rcfg->public;
	res->backends.peers->insert_last(res->backends.peers,
		&peer_cfg_new(&rcfg->public, NULL, NULL)->public);
	memset(i_tasks, 0, sizeof(i_tasks));
	memset(r_tasks, 0, sizeof(r_tasks));
	i_tasks[0] = ike_init_create(&ini->public, true, NULL);
	i_tasks[1] = ike_natd_create(&ini->public, true);
	i_tasks[2] = ike_cert_pre_create(&ini->public, true);
	i_tasks[3] = ike_auth_create(&ini->public, true);
	i_tasks[4] = ike_cert_post_create(&ini->public, true);
	r_tasks[0] = ike_init_create(&res->public, false, NULL);
	r_tasks[1] = ike_natd_create(&res->public, false);
	r_tasks[2] = ike_cert_pre_create(&res->public, false);
	r_tasks[3] = ike_auth_create(&res->public, false);
	r_tasks[4] = ike_cert_post_create(&res->public, false);
}

static void teardown(void)
{
	fake_peer_cfg_t *cfg;
	int i;

	for (i = 0; i < NTASKS; i++) {
		DESTROY_IF(i_tasks[i]);
		DESTROY_IF(r_tasks[i]);
	}
	for (i = 0; i < 2; i++) {
		cfg = cfg_of(i ? res : ini);
		DESTROY_IF(cfg->remote.ca);
		cfg->remote.ca = NULL;
	}
	sa_destroy(ini);
	sa_destroy(res);
	charon = NULL;
	library_deinit();
}

/* Generate @p out as @p from, parse it as @p to; consumes @p out. */
static message_t *transfer(fake_sa_t *from, fake_sa_t *to, message_t *out)
{
	exchange_type_t type = out->get_exchange_type(out);
	sk_crypto_t *sk;
	chunk_t packet = chunk_empty;
	message_t *in;

	sk = type == IKE_SA_INIT ? NULL : from->keymat->get_sk_crypto(from->keymat);
	out->set_spi_i(out, from->id.initiator_spi);
	out->set_spi_r(out, from->id.responder_spi);
	ck_assert_int_eq(out->generate(out, sk, &packet), SUCCESS);
	out->destroy(out);
	if (type == IKE_SA_INIT) {
		sa_set_init(&from->public, true, packet);
		sa_set_init(&to->public, false, packet);
	}
	in = message_create_from_packet(packet);
	chunk_free(&packet);
	sk = type == IKE_SA_INIT ? NULL : to->keymat->get_sk_crypto(to->keymat);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, sk), SUCCESS);
	return in;
}

/* Run every task of @p tasks; ike_auth must return @p auth (others may
 * finish or go on, but not fail). Finished tasks are destroyed. */
static void run(task_t **tasks, message_t *m, bool build, status_t auth)
{
	status_t status;
	int i;

	for (i = 0; i < NTASKS; i++) {
		if (!tasks[i]) {
			continue;
		}
		status = build ? tasks[i]->build(tasks[i], m) : tasks[i]->process(tasks[i], m);
		if (i == AUTH) {
			ck_assert_int_eq(status, auth);
		} else {
			ck_assert(status == SUCCESS || status == NEED_MORE);
		}
		if (status != NEED_MORE) {
			tasks[i]->destroy(tasks[i]);
			tasks[i] = NULL;
		}
	}
}

static message_t *new_message(fake_sa_t *sa, exchange_type_t type, uint32_t mid, bool request)
{
	message_t *m = message_create();

	m->set_exchange_type(m, type);
	m->set_initiator(m, sa->id.initiator);
	m->set_request(m, request);
	m->set_message_id(m, mid);
	return m;
}

static int count(message_t *m, payload_type_t type)
{
	enumerator_t *e = m->create_payload_enumerator(m);
	payload_t *p;
	int n = 0;

	while (e->enumerate(e, &p)) {
		n += p->get_type(p) == type;
	}
	e->destroy(e);
	return n;
}

/* CERT/CERTREQ counts seen on the wire: init response, auth request, response */
typedef struct {
	int init_certreq, req_cert, req_certreq, resp_cert;
	auth_method_t req_method;
} wire_t;

static auth_method_t method_of(message_t *m)
{
	auth_payload_t *auth = (auth_payload_t *)m->get_payload(m, PL_AUTH);

	return auth ? auth->get_method(auth) : 0;
}

/* IKE_SA_INIT and IKE_AUTH; the statuses of both ike_auth tasks. */
static void exchange(status_t r_build, status_t i_process, wire_t *wire)
{
	message_t *m;

	use(ini);
	m = new_message(ini, IKE_SA_INIT, 0, true);
	run(i_tasks, m, true, NEED_MORE);
	m = transfer(ini, res, m);
	use(res);
	run(r_tasks, m, false, NEED_MORE);
	m->destroy(m);
	m = new_message(res, IKE_SA_INIT, 0, false);
	run(r_tasks, m, true, NEED_MORE);
	m = transfer(res, ini, m);
	wire->init_certreq = count(m, PL_CERTREQ);
	use(ini);
	run(i_tasks, m, false, NEED_MORE);
	m->destroy(m);

	m = new_message(ini, IKE_AUTH, 1, true);
	run(i_tasks, m, true, NEED_MORE);
	m = transfer(ini, res, m);
	wire->req_cert = count(m, PL_CERT);
	wire->req_certreq = count(m, PL_CERTREQ);
	wire->req_method = method_of(m);
	use(res);
	run(r_tasks, m, false, NEED_MORE);
	m->destroy(m);
	m = new_message(res, IKE_AUTH, 1, false);
	run(r_tasks, m, true, r_build);
	m = transfer(res, ini, m);
	wire->resp_cert = count(m, PL_CERT);
	use(ini);
	if (r_build == SUCCESS) {
		run(i_tasks, m, false, i_process);
	}
	m->destroy(m);
}

static bool authenticated(fake_sa_t *sa)
{
	return sa->conditions & COND_AUTHENTICATED;
}

START_TEST(test_rsa_and_ecdsa_chain)
{
	certificate_t *cert;
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", false);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(ini) && authenticated(res));
	ck_assert_int_eq(ini->auth_local, AUTH_CLASS_PUBKEY);
	ck_assert_int_eq(ini->auth_remote, AUTH_CLASS_PUBKEY);
	ck_assert_int_eq(res->auth_remote, AUTH_CLASS_PUBKEY);
	ck_assert_int_eq(wire.init_certreq, 1);
	ck_assert_int_eq(wire.req_certreq, 1);
	ck_assert_int_eq(wire.req_method, AUTH_METHOD_DIGITAL_SIGNATURE);
	/* rsa is issued by the root itself; ec comes with its intermediate */
	ck_assert_int_eq(wire.req_cert, 1);
	ck_assert_int_eq(wire.resp_cert, 2);
	ck_assert_str_eq(ini->other_id->to_string(ini->other_id), "sun.example.com");
	/* the verified peer certificate is cached for listcerts */
	cert = ini->creds->get_cert(ini->creds, CERT_X509, KEY_ANY, ini->other_id, false);
	ck_assert(cert);
	cert->destroy(cert);
	ini->creds->flush(ini->creds, CRED_SOURCE_PEER);
	cert = ini->creds->get_cert(ini->creds, CERT_X509, KEY_ANY, ini->other_id, false);
	ck_assert(!cert);
}
END_TEST

START_TEST(test_ed25519)
{
	wire_t wire;

	use_cert(ini, "ed25519", "ed25519.example.com", "moon.example.com", false);
	use_cert(res, "rsa", "moon.example.com", "ed25519.example.com", true);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(ini) && authenticated(res));
	ck_assert_int_eq(wire.req_method, AUTH_METHOD_DIGITAL_SIGNATURE);
}
END_TEST

START_TEST(test_rsa_pss)
{
	wire_t wire;

	lib->settings->set_str(lib->settings, "test.rsa_pss", "yes");
	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(ini) && authenticated(res));
}
END_TEST

/* identities of every kind the certificate holds */
START_TEST(test_identity_forms)
{
	static const char *ids[] = {
		"C=CH, O=Cygnet Test, CN=moon.example.com", "moon@example.com", "192.0.2.1",
	};
	wire_t wire;

	use_cert(ini, "rsa", ids[_i], "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", ids[_i], true);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(res));
	ck_assert_str_eq(res->other_id->to_string(res->other_id), ids[_i]);
}
END_TEST

START_TEST(test_keyid_identity)
{
	certificate_t *cert = load_cert("rsa.crt");
	public_key_t *pub = cert->get_public_key(cert);
	char id[128], *hex;
	chunk_t fp;
	wire_t wire;

	ck_assert(pub->get_fingerprint(pub, KEYID_PUBKEY_SHA1, &fp));
	hex = chunk_to_hex(fp, false);
	snprintf(id, sizeof(id), "@#%s", hex);
	free(hex);
	pub->destroy(pub);
	cert->destroy(cert);
	use_cert(ini, "rsa", id, "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", id, true);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(res));
}
END_TEST

/* no CERT payload: the responder knows the initiator's certificate */
START_TEST(test_send_cert_never)
{
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	cfg_of(ini)->local.send_cert = 2;
	add_cert(res, "rsa.crt", false);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert_int_eq(wire.req_cert, 0);
	ck_assert(authenticated(res) && authenticated(ini));
}
END_TEST

/*
 * An initiator without CA certificates sends no CERTREQ; it holds the
 * responder's certificate as trusted. leftsendcert=ifasked (0) then sends
 * nothing, always (1) sends the certificate anyway.
 */
START_TEST(test_send_cert_ifasked_always)
{
	fake_peer_cfg_t *cfg = cfg_of(ini);
	wire_t wire;

	use_cert(res, "rsa", "moon.example.com", "ed25519.example.com", true);
	cfg_of(res)->local.send_cert = _i;
	cfg->local.auth = cfg->remote.auth = AUTH_CLASS_PUBKEY;
	cfg->local.id = identification_create_from_string("ed25519.example.com");
	cfg->remote.id = identification_create_from_string("moon.example.com");
	add_cert(ini, "ed25519.crt", false);
	add_key(ini, "ed25519.key");
	add_cert(ini, "rsa.crt", true);
	exchange(SUCCESS, SUCCESS, &wire);
	ck_assert_int_eq(wire.req_certreq, 0);
	ck_assert_int_eq(wire.resp_cert, _i == 1 ? 1 : 0);
	ck_assert(authenticated(ini) && authenticated(res));
}
END_TEST

/* the responder refuses the initiator's certificate */
START_TEST(test_responder_refuses)
{
	static const char *certs[] = { "expired", "revoked", "evil", "badku" };
	static const char *ids[] = {
		"expired.example.com", "revoked.example.com", "evil.example.com",
		"badku.example.com",
	};
	wire_t wire;

	use_cert(ini, certs[_i], ids[_i], "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", ids[_i], true);
	add_cert(ini, "evilca.crt", true);
	add_cert(res, "crl.pem", false);
	exchange(FAILED, FAILED, &wire);
	ck_assert(!authenticated(res));
	ck_assert_int_ge(alerts[ALERT_PEER_AUTH_FAILED], 1);
}
END_TEST

/* the initiator refuses the responder's certificate */
START_TEST(test_initiator_refuses)
{
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "evil.example.com", true);
	use_cert(res, "evil", "evil.example.com", "moon.example.com", true);
	add_cert(res, "evilca.crt", true);
	exchange(SUCCESS, FAILED, &wire);
	ck_assert(authenticated(res));
	ck_assert(!authenticated(ini));
}
END_TEST

/* an identity the certificate does not hold */
START_TEST(test_identity_not_in_cert)
{
	wire_t wire;

	use_cert(ini, "ed25519", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	exchange(FAILED, FAILED, &wire);
	ck_assert(!authenticated(res));
}
END_TEST

/* rightca= must be in the chain, also above a trusted intermediate */
START_TEST(test_ca_constraint)
{
	static const char *root = "C=CH, O=Cygnet Test, CN=Cygnet Root CA";
	static const char *im = "C=CH, O=Cygnet Test, CN=Cygnet Intermediate CA";
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	/* the initiator's rsa is issued by the root, the responder's ec by im */
	cfg_of(res)->remote.ca = identification_create_from_string(_i == 1 ? im : root);
	cfg_of(ini)->remote.ca = identification_create_from_string(_i == 2 ? root : im);
	if (_i == 2) {
		/* the initiator's chain check ends at im, the root is above it */
		add_cert(ini, "im.crt", true);
	}
	exchange(_i == 1 ? FAILED : SUCCESS, SUCCESS, &wire);
	ck_assert(authenticated(res) == (_i != 1));
	ck_assert(authenticated(ini) == (_i != 1));
}
END_TEST

/* a responder config that wants a PSK does not take a signature */
START_TEST(test_psk_required)
{
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	cfg_of(res)->remote.auth = AUTH_CLASS_PSK;
	add_psk(res, "a-secret-it-would-take", "sun.example.com", "moon.example.com");
	exchange(FAILED, FAILED, &wire);
	ck_assert(!authenticated(res));
}
END_TEST

/* no private key: the initiator cannot build AUTH */
START_TEST(test_no_private_key)
{
	message_t *m;
	wire_t wire;

	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	cfg_of(ini)->local.auth = AUTH_CLASS_PUBKEY;
	DESTROY_IF(cfg_of(ini)->local.id);
	cfg_of(ini)->local.id = identification_create_from_string("moon.example.com");
	add_cert(ini, "rsa.crt", false);
	memset(&wire, 0, sizeof(wire));
	use(ini);
	m = new_message(ini, IKE_SA_INIT, 0, true);
	run(i_tasks, m, true, NEED_MORE);
	m->destroy(m);
	m = new_message(ini, IKE_AUTH, 1, true);
	/* (no keys derived: the responder never answered) */
	ck_assert_int_eq(i_tasks[AUTH]->build(i_tasks[AUTH], m), FAILED);
	m->destroy(m);
	ck_assert_int_eq(alerts[ALERT_LOCAL_AUTH_FAILED], 1);
}
END_TEST

/* classic methods: RSA (1) and ECDSA (9) without RFC 7427, and verifying them */
START_TEST(test_classic_methods)
{
	static const char *names[] = { "rsa", "ec" };
	static const auth_method_t methods[] = { AUTH_METHOD_RSA, AUTH_METHOD_ECDSA_256 };
	identification_t *id = identification_create_from_string(
		_i == 0 ? "moon.example.com" : "sun.example.com");
	cert_payload_t *cp;
	certificate_t *cert;
	auth_payload_t *auth;
	id_payload_t *idp;
	auth_method_t method;
	message_t *m;
	chunk_t data, der;
	wire_t wire;

	use_cert(ini, names[_i], id->to_string(id), "ed25519.example.com", true);
	use_cert(res, "ed25519", "ed25519.example.com", id->to_string(id), true);
	exchange(SUCCESS, SUCCESS, &wire);	/* for the keys */

	use(ini);
	ck_assert(auth_pubkey_build(&ini->public, &cfg_of(ini)->local, id, 0, &method, &data));
	ck_assert_int_eq(method, methods[_i]);
	use(res);
	auth = auth_payload_create(method, data);
	idp = id_payload_create_from_identification(PL_IDI, id);
	m = new_message(ini, IKE_AUTH, 1, true);
	cert = load_cert(_i == 0 ? "rsa.crt" : "ec.crt");
	ck_assert(cert->get_encoding(cert, &der));
	cp = cert_payload_create(PL_CERT, CERT_ENC_X509_SIGNATURE, der);
	m->add_payload(m, &cp->payload);
	ck_assert(auth_pubkey_verify(&res->public, m, auth, idp, id, &cfg_of(res)->remote));
	/* a modified signature fails */
	data.ptr[data.len - 1] ^= 0x01;
	auth->destroy(auth);
	auth = auth_payload_create(method, data);
	ck_assert(!auth_pubkey_verify(&res->public, m, auth, idp, id, &cfg_of(res)->remote));
	chunk_free(&der);
	chunk_free(&data);
	cert->destroy(cert);
	m->destroy(m);
	auth->destroy(auth);
	idp->destroy(idp);
	id->destroy(id);
}
END_TEST

/* malformed method 14 data is refused without reading past it */
START_TEST(test_malformed_signature)
{
	/* sha256WithRSAEncryption, NULL parameters */
	uint8_t aid[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
			  0x01, 0x0b, 0x05, 0x00 };
	chunk_t cases[] = {
		chunk_empty,
		chunk_from_chars(0x00),
		chunk_from_chars(0x0f, 0x30),
		chunk_from_chars(0xff, 0x30, 0x0d),
		chunk_cat(2, chunk_from_chars(sizeof(aid)), chunk_from_thing(aid)),
		chunk_cat(3, chunk_from_chars(sizeof(aid) - 1), chunk_from_thing(aid),
			  chunk_from_chars(0x01, 0x02)),
		chunk_cat(3, chunk_from_chars(sizeof(aid)), chunk_from_thing(aid),
			  chunk_from_chars(0x01, 0x02)),
	};
	identification_t *id = identification_create_from_string("moon.example.com");
	id_payload_t *idp = id_payload_create_from_identification(PL_IDI, id);
	auth_payload_t *auth;
	message_t *m = message_create();
	size_t i;
	wire_t wire;

	use_cert(ini, "rsa", "moon.example.com", "sun.example.com", true);
	use_cert(res, "ec", "sun.example.com", "moon.example.com", true);
	exchange(SUCCESS, SUCCESS, &wire);
	use(res);
	for (i = 0; i < countof(cases); i++) {
		auth = auth_payload_create(AUTH_METHOD_DIGITAL_SIGNATURE, cases[i]);
		ck_assert(!auth_pubkey_verify(&res->public, m, auth, idp, id,
					      &cfg_of(res)->remote));
		auth->destroy(auth);
	}
	for (i = 4; i < countof(cases); i++) {
		chunk_free(&cases[i]);
	}
	m->destroy(m);
	idp->destroy(idp);
	id->destroy(id);
}
END_TEST

START_TEST(test_peer_hashes)
{
	message_t *m = message_create();
	uint8_t list[] = { 0, 2, 0, 4, 0, 5, 0x80, 0 };

	ck_assert_int_eq(auth_pubkey_peer_hashes(m), 0);
	ck_assert(m->add_notify(m, SIGNATURE_HASH_ALGORITHMS, chunk_from_thing(list)));
	ck_assert_int_eq(auth_pubkey_peer_hashes(m), (1 << 2) | (1 << 4) | (1 << 5));
	m->destroy(m);
	ck_assert(auth_pubkey_is_signature(AUTH_METHOD_DIGITAL_SIGNATURE));
	ck_assert(auth_pubkey_is_signature(AUTH_METHOD_ECDSA_521));
	ck_assert(!auth_pubkey_is_signature(AUTH_METHOD_PSK));
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("tasks_cert");
	TCase *tc = tcase_create("cert");

	tcase_add_unchecked_fixture(tc, pki_setup, pki_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rsa_and_ecdsa_chain);
	tcase_add_test(tc, test_ed25519);
	tcase_add_test(tc, test_rsa_pss);
	tcase_add_loop_test(tc, test_identity_forms, 0, 3);
	tcase_add_test(tc, test_keyid_identity);
	tcase_add_test(tc, test_send_cert_never);
	tcase_add_loop_test(tc, test_send_cert_ifasked_always, 0, 2);
	tcase_add_loop_test(tc, test_responder_refuses, 0, 4);
	tcase_add_test(tc, test_initiator_refuses);
	tcase_add_test(tc, test_identity_not_in_cert);
	tcase_add_loop_test(tc, test_ca_constraint, 0, 3);
	tcase_add_test(tc, test_psk_required);
	tcase_add_test(tc, test_no_private_key);
	tcase_add_loop_test(tc, test_classic_methods, 0, 2);
	tcase_add_test(tc, test_malformed_signature);
	tcase_add_test(tc, test_peer_hashes);
	suite_add_tcase(s, tc);
	return s;
}
