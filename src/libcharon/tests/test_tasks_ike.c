/*
 * The IKE tasks (ike_init, ike_natd, ike_auth, ike_delete, ike_dpd, ike_mobike) between
 * two fake IKE_SAs: every message is really generated, encrypted, parsed
 * and decrypted, with real key exchange and key derivation, so both sides
 * agree only if the tasks did their job. Configs, backends, the bus and the
 * task manager are small fakes; each side has its own credentials.
 */
#include <endian.h>
#include <stdarg.h>
#include <stdio.h>

#include "test_runner.h"
#include "library.h"
#include "daemon.h"
#include "plugins/plugin_loader.h"
#include "sa/tasks/tasks.h"
#include "sa/task_manager.h"
#include "tasks_ike_fakes.h"
#include "encoding/delete_payload.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/nonce_payload.h"

/* ---- the two peers ---- */

static fake_sa_t *ini, *res;
static task_t *i_tasks[3], *r_tasks[3];	/* init, natd, auth */

static void setup(void)
{
	fake_ike_cfg_t *icfg, *rcfg;

	ck_assert(library_init(NULL, "test"));
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS, "random nonce openssl"));
	charon = &fake_daemon;
	memset(alerts, 0, sizeof(alerts));

	ini = sa_new(true, "192.0.2.1", 500, "192.0.2.2", 500);
	res = sa_new(false, "192.0.2.2", 500, "192.0.2.1", 500);

	icfg = ike_cfg_new(ike_proposal(CURVE_25519, 0));
	icfg->frag = true;
	ini->peer_cfg = &peer_cfg_new(&icfg->public, "192.0.2.1", "192.0.2.2")->public;
	ini->ike_cfg = &icfg->public;
	add_psk(ini, "v3ry-s3cret", "192.0.2.1", "192.0.2.2");

	rcfg = ike_cfg_new(ike_proposal(CURVE_25519, 0));
	rcfg->frag = true;
	res->backends.ike_cfg = &rcfg->public;
	res->backends.peers->insert_last(res->backends.peers,
		&peer_cfg_new(&rcfg->public, "192.0.2.2", "192.0.2.1")->public);
	add_psk(res, "v3ry-s3cret", "192.0.2.2", "192.0.2.1");
	memset(i_tasks, 0, sizeof(i_tasks));
	memset(r_tasks, 0, sizeof(r_tasks));
}

static void destroy_tasks(task_t **tasks)
{
	int i;

	for (i = 0; i < 3; i++) {
		DESTROY_IF(tasks[i]);
		tasks[i] = NULL;
	}
}

static void teardown(void)
{
	destroy_tasks(i_tasks);
	destroy_tasks(r_tasks);
	sa_destroy(ini);
	sa_destroy(res);
	charon = NULL;
	library_deinit();
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

static sk_crypto_t *sk_of(fake_sa_t *sa, exchange_type_t type)
{
	return type == IKE_SA_INIT ? NULL : sa->keymat->get_sk_crypto(sa->keymat);
}

/* Generate @p out as @p from, parse it as @p to; consumes @p out. */
static message_t *transfer(fake_sa_t *from, fake_sa_t *to, message_t *out)
{
	exchange_type_t type = out->get_exchange_type(out);
	chunk_t packet = chunk_empty;
	message_t *in;

	out->set_spi_i(out, from->id.initiator_spi);
	out->set_spi_r(out, from->id.responder_spi);
	ck_assert_int_eq(out->generate(out, sk_of(from, type), &packet), SUCCESS);
	out->destroy(out);
	if (type == IKE_SA_INIT) {
		sa_set_init(&from->public, true, packet);
		sa_set_init(&to->public, false, packet);
	}
	in = message_create_from_packet(packet);
	chunk_free(&packet);
	ck_assert_int_eq(in->parse_header(in), SUCCESS);
	ck_assert_int_eq(in->parse_body(in, sk_of(to, type)), SUCCESS);
	return in;
}

static void create_tasks(void)
{
	i_tasks[0] = ike_init_create(&ini->public, true, NULL);
	i_tasks[1] = ike_natd_create(&ini->public, true);
	i_tasks[2] = ike_auth_create(&ini->public, true);
	r_tasks[0] = ike_init_create(&res->public, false, NULL);
	r_tasks[1] = ike_natd_create(&res->public, false);
	r_tasks[2] = ike_auth_create(&res->public, false);
}

static message_t *build_request(exchange_type_t type, uint32_t mid)
{
	message_t *m = new_message(ini, type, mid, true);
	int i;

	use(ini);
	for (i = 0; i < 3; i++) {
		if (i_tasks[i]) {
			ck_assert_int_eq(i_tasks[i]->build(i_tasks[i], m), NEED_MORE);
		}
	}
	return transfer(ini, res, m);
}

static void run(task_t **task, message_t *m, bool build, status_t expected)
{
	if (!*task) {
		return;
	}
	ck_assert_int_eq(build ? (*task)->build(*task, m) : (*task)->process(*task, m), expected);
	if (expected == SUCCESS) {
		(*task)->destroy(*task);
		*task = NULL;
	}
}

/* IKE_SA_INIT up to the initiator's processing of the response. */
static message_t *init_response(void)
{
	message_t *req, *resp;

	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	run(&r_tasks[1], req, false, NEED_MORE);
	run(&r_tasks[2], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, SUCCESS);
	run(&r_tasks[1], resp, true, SUCCESS);
	run(&r_tasks[2], resp, true, NEED_MORE);
	return transfer(res, ini, resp);
}

static void do_init(void)
{
	message_t *resp = init_response();

	use(ini);
	run(&i_tasks[0], resp, false, SUCCESS);
	run(&i_tasks[1], resp, false, SUCCESS);
	run(&i_tasks[2], resp, false, NEED_MORE);
	resp->destroy(resp);
	ck_assert(ini->keymat->get_sk_crypto(ini->keymat));
	ck_assert(res->keymat->get_sk_crypto(res->keymat));
	ck_assert(ini->id.responder_spi == res->id.responder_spi);
}

/* IKE_AUTH; the statuses each side's task is expected to return. */
static void do_auth(status_t r_build, status_t i_process)
{
	message_t *req, *resp;

	req = build_request(IKE_AUTH, 1);
	use(res);
	run(&r_tasks[2], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_AUTH, 1, false);
	ck_assert_int_eq(r_tasks[2]->build(r_tasks[2], resp), r_build);
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[2], resp, false, i_process);
	resp->destroy(resp);
}

static int count_payloads(message_t *m, payload_type_t type)
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

/* a responder with fragmentation=no does not answer the announcement */
START_TEST(test_fragmentation_refused)
{
	((fake_ike_cfg_t *)res->backends.ike_cfg)->frag = false;
	do_init();
	ck_assert(!(ini->extensions & EXT_FRAGMENTATION));
	ck_assert(res->extensions & EXT_FRAGMENTATION);
}
END_TEST

START_TEST(test_psk_exchange)
{
	char buf[256];

	do_init();
	ck_assert(ini->proposal && res->proposal);
	ck_assert_str_eq(ini->proposal->to_string(ini->proposal, buf, sizeof(buf), true),
			 "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	ck_assert(ini->proposal->equals(ini->proposal, res->proposal));
	ck_assert(chunk_equals(ini->nonce_mine, res->nonce_other));
	ck_assert(chunk_equals(ini->nonce_other, res->nonce_mine));
	ck_assert_int_eq(ini->nonce_mine.len, 32);
	/* both allow fragmentation (RFC 7383), so both announce it */
	ck_assert(ini->extensions & EXT_FRAGMENTATION);
	ck_assert(res->extensions & EXT_FRAGMENTATION);
	ck_assert(ini->extensions & EXT_SIGNATURE_AUTH);
	ck_assert(res->extensions & EXT_SIGNATURE_AUTH);
	ck_assert(ini->extensions & EXT_NATT);
	ck_assert(res->extensions & EXT_NATT);
	ck_assert_int_eq(ini->conditions & (COND_NAT_HERE | COND_NAT_THERE | COND_NAT_FAKE), 0);
	ck_assert_int_eq(res->conditions & (COND_NAT_HERE | COND_NAT_THERE | COND_NAT_FAKE), 0);
	ck_assert_int_eq(ini->floated, 0);
	/* the responder took the config the backend found */
	ck_assert(res->ike_cfg == res->backends.ike_cfg);

	do_auth(SUCCESS, SUCCESS);
	ck_assert_int_eq(ini->state, IKE_ESTABLISHED);
	ck_assert_int_eq(res->state, IKE_ESTABLISHED);
	ck_assert(ini->conditions & COND_AUTHENTICATED);
	ck_assert(res->conditions & COND_AUTHENTICATED);
	ck_assert_int_eq(ini->auth_local, AUTH_CLASS_PSK);
	ck_assert_int_eq(ini->auth_remote, AUTH_CLASS_PSK);
	ck_assert_int_eq(res->auth_local, AUTH_CLASS_PSK);
	ck_assert_int_eq(res->auth_remote, AUTH_CLASS_PSK);
	ck_assert_str_eq(ini->other_id->to_string(ini->other_id), "192.0.2.2");
	ck_assert_str_eq(res->other_id->to_string(res->other_id), "192.0.2.1");
	ck_assert_str_eq(res->my_id->to_string(res->my_id), "192.0.2.2");
	ck_assert(res->peer_cfg != NULL);
	ck_assert_int_eq(alerts[ALERT_PEER_AUTH_FAILED] + alerts[ALERT_LOCAL_AUTH_FAILED], 0);
}
END_TEST

START_TEST(test_auth_request_payloads)
{
	message_t *req;

	do_init();
	req = build_request(IKE_AUTH, 1);
	ck_assert_int_eq(count_payloads(req, PL_IDI), 1);
	ck_assert_int_eq(count_payloads(req, PL_IDR), 1);
	ck_assert_int_eq(count_payloads(req, PL_AUTH), 1);
	/* no IKE_SA manager here: no other SA with the peer */
	ck_assert(req->get_notify(req, INITIAL_CONTACT) != NULL);
	req->destroy(req);
}
END_TEST

START_TEST(test_auth_wildcard_peer_id)
{
	fake_peer_cfg_t *pcfg = (fake_peer_cfg_t *)ini->peer_cfg;
	message_t *req;

	/* rightid=%any: no IDr, and whoever answers may be accepted */
	pcfg->remote.id->destroy(pcfg->remote.id);
	pcfg->remote.id = identification_create_from_string("%any");
	ini->creds->flush_shared(ini->creds, "test");
	add_psk(ini, "v3ry-s3cret", "192.0.2.1", "%any");
	do_init();
	req = build_request(IKE_AUTH, 1);
	ck_assert_int_eq(count_payloads(req, PL_IDR), 0);
	req->destroy(req);
}
END_TEST

START_TEST(test_auth_wrong_psk_responder)
{
	res->creds->flush_shared(res->creds, "test");
	add_psk(res, "not-the-same", "192.0.2.2", "192.0.2.1");
	do_init();
	{
		message_t *req = build_request(IKE_AUTH, 1), *resp;

		use(res);
		run(&r_tasks[2], req, false, NEED_MORE);
		req->destroy(req);
		ck_assert(!(res->conditions & COND_AUTHENTICATED));
		resp = new_message(res, IKE_AUTH, 1, false);
		ck_assert_int_eq(r_tasks[2]->build(r_tasks[2], resp), FAILED);
		resp = transfer(res, ini, resp);
		/* the notify alone */
		ck_assert(resp->get_notify(resp, AUTHENTICATION_FAILED) != NULL);
		ck_assert_int_eq(count_payloads(resp, PL_IDR) + count_payloads(resp, PL_AUTH), 0);
		use(ini);
		run(&i_tasks[2], resp, false, FAILED);
		resp->destroy(resp);
	}
	ck_assert_int_ne(res->state, IKE_ESTABLISHED);
	ck_assert_int_ne(ini->state, IKE_ESTABLISHED);
	ck_assert(!(ini->conditions & COND_AUTHENTICATED));
	ck_assert(res->peer_cfg == NULL);
	ck_assert_int_eq(alerts[ALERT_PEER_AUTH_FAILED], 1);
	ck_assert_int_eq(alerts[ALERT_LOCAL_AUTH_FAILED], 1);
}
END_TEST

START_TEST(test_auth_wrong_psk_initiator)
{
	message_t *req, *resp;

	do_init();
	req = build_request(IKE_AUTH, 1);
	/* the initiator's key changes before it checks the response */
	ini->creds->flush_shared(ini->creds, "test");
	add_psk(ini, "changed", "192.0.2.1", "192.0.2.2");
	use(res);
	run(&r_tasks[2], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_AUTH, 1, false);
	ck_assert_int_eq(r_tasks[2]->build(r_tasks[2], resp), SUCCESS);
	r_tasks[2]->destroy(r_tasks[2]);
	r_tasks[2] = NULL;
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[2], resp, false, FAILED);
	resp->destroy(resp);
	ck_assert_int_ne(ini->state, IKE_ESTABLISHED);
	ck_assert(!(ini->conditions & COND_AUTHENTICATED));
	ck_assert_int_eq(alerts[ALERT_PEER_AUTH_FAILED], 1);
}
END_TEST

START_TEST(test_auth_no_psk)
{
	message_t *m;

	ini->creds->flush_shared(ini->creds, "test");
	do_init();
	use(ini);
	m = new_message(ini, IKE_AUTH, 1, true);
	ck_assert_int_eq(i_tasks[2]->build(i_tasks[2], m), FAILED);
	m->destroy(m);
	ck_assert_int_eq(alerts[ALERT_LOCAL_AUTH_FAILED], 1);
}
END_TEST

START_TEST(test_auth_no_peer_cfg)
{
	fake_peer_cfg_t *pcfg;

	/* the responder only knows a peer with another identity */
	res->backends.peers->remove_first(res->backends.peers, (void **)&pcfg);
	pcfg->public.destroy(&pcfg->public);
	res->backends.peers->insert_last(res->backends.peers,
		&peer_cfg_new(res->backends.ike_cfg, "192.0.2.2", "198.51.100.7")->public);
	do_init();
	do_auth(FAILED, FAILED);
	ck_assert(res->peer_cfg == NULL);
	ck_assert_int_ne(res->state, IKE_ESTABLISHED);
}
END_TEST

START_TEST(test_auth_responder_id_constraint)
{
	fake_peer_cfg_t *pcfg = (fake_peer_cfg_t *)ini->peer_cfg;
	message_t *req, *resp;

	/* we expect someone else than the responder's identity */
	pcfg->remote.id->destroy(pcfg->remote.id);
	pcfg->remote.id = identification_create_from_string("*.example.org");
	ini->creds->flush_shared(ini->creds, "test");
	add_psk(ini, "v3ry-s3cret", "192.0.2.1", "192.0.2.2");
	do_init();
	req = build_request(IKE_AUTH, 1);
	use(res);
	run(&r_tasks[2], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_AUTH, 1, false);
	ck_assert_int_eq(r_tasks[2]->build(r_tasks[2], resp), SUCCESS);
	r_tasks[2]->destroy(r_tasks[2]);
	r_tasks[2] = NULL;
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[2], resp, false, FAILED);
	resp->destroy(resp);
	ck_assert_int_ne(ini->state, IKE_ESTABLISHED);
}
END_TEST

START_TEST(test_no_proposal_chosen)
{
	fake_ike_cfg_t *rcfg = (fake_ike_cfg_t *)res->backends.ike_cfg;
	proposal_t *p;
	message_t *req, *resp;

	rcfg->proposals->remove_first(rcfg->proposals, (void **)&p);
	p->destroy(p);
	p = proposal_create(PROTO_IKE, 1);
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 256);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_512, 0);
	p->add_algorithm(p, TRANSFORM_KE, ECP_384, 0);
	rcfg->proposals->insert_last(rcfg->proposals, p);

	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	run(&r_tasks[1], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, FAILED);
	run(&r_tasks[1], resp, true, SUCCESS);
	resp = transfer(res, ini, resp);
	ck_assert(resp->get_notify(resp, NO_PROPOSAL_CHOSEN) != NULL);
	ck_assert_int_eq(count_payloads(resp, PL_SA) + count_payloads(resp, PL_NOTIFY), 1);
	use(ini);
	run(&i_tasks[0], resp, false, FAILED);
	resp->destroy(resp);
	ck_assert_int_eq(alerts[ALERT_PROPOSAL_MISMATCH_IKE], 2);
	ck_assert(ini->keymat->get_sk_crypto(ini->keymat) == NULL);
}
END_TEST

START_TEST(test_no_ike_cfg)
{
	message_t *req, *resp;

	res->backends.ike_cfg->destroy(res->backends.ike_cfg);
	res->backends.ike_cfg = NULL;
	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, FAILED);
	ck_assert(resp->get_notify(resp, NO_PROPOSAL_CHOSEN) != NULL);
	resp->destroy(resp);
}
END_TEST

/* The initiator offers ECP_256 first, the responder only takes Curve25519. */
static void prefer_ecp(bool responder_has_ecp)
{
	fake_ike_cfg_t *icfg = (fake_ike_cfg_t *)ini->ike_cfg;
	fake_ike_cfg_t *rcfg = (fake_ike_cfg_t *)res->backends.ike_cfg;
	proposal_t *p;

	icfg->proposals->remove_first(icfg->proposals, (void **)&p);
	p->destroy(p);
	icfg->proposals->insert_last(icfg->proposals, ike_proposal(ECP_256, CURVE_25519));
	if (responder_has_ecp) {
		rcfg->proposals->remove_first(rcfg->proposals, (void **)&p);
		p->destroy(p);
		rcfg->proposals->insert_last(rcfg->proposals, ike_proposal(CURVE_25519, ECP_256));
	}
}

START_TEST(test_invalid_ke_retry)
{
	message_t *req, *resp;
	ke_payload_t *ke;
	chunk_t first_nonce;

	prefer_ecp(false);
	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ck_assert_int_eq(ke->get_method(ke), ECP_256);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	run(&r_tasks[1], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, DESTROY_ME);
	run(&r_tasks[1], resp, true, SUCCESS);
	resp = transfer(res, ini, resp);
	ck_assert(resp->get_notify(resp, INVALID_KE_PAYLOAD) != NULL);
	ck_assert_int_eq(resp->get_notify(resp, NAT_DETECTION_SOURCE_IP) != NULL, 0);
	use(ini);
	first_nonce = chunk_clone(ini->nonce_mine);
	run(&i_tasks[0], resp, false, NEED_MORE);
	resp->destroy(resp);
	ck_assert_int_eq(ini->resets, 1);
	ck_assert_int_eq(ini->reset_mid_i, 0);
	ck_assert_int_eq(ini->reset_mid_r, UINT32_MAX);

	/* the task manager starts over; the responder makes a new SA */
	destroy_tasks(r_tasks);
	r_tasks[0] = ike_init_create(&res->public, false, NULL);
	r_tasks[1] = ike_natd_create(&res->public, false);
	r_tasks[2] = ike_auth_create(&res->public, false);
	req = build_request(IKE_SA_INIT, 0);
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ck_assert_int_eq(ke->get_method(ke), CURVE_25519);
	ck_assert(chunk_equals(ini->nonce_mine, first_nonce));
	chunk_free(&first_nonce);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	run(&r_tasks[1], req, false, NEED_MORE);
	run(&r_tasks[2], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, SUCCESS);
	run(&r_tasks[1], resp, true, SUCCESS);
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[0], resp, false, SUCCESS);
	run(&i_tasks[1], resp, false, SUCCESS);
	run(&i_tasks[2], resp, false, NEED_MORE);
	resp->destroy(resp);
	do_auth(SUCCESS, SUCCESS);
	ck_assert_int_eq(ini->state, IKE_ESTABLISHED);
	ck_assert_int_eq(res->state, IKE_ESTABLISHED);
}
END_TEST

START_TEST(test_peer_ke_group_accepted)
{
	message_t *resp;
	uint16_t alg;

	/* the responder prefers Curve25519 but takes the ECP_256 it was sent */
	prefer_ecp(true);
	resp = init_response();
	ck_assert(resp->get_notify(resp, INVALID_KE_PAYLOAD) == NULL);
	use(ini);
	run(&i_tasks[0], resp, false, SUCCESS);
	resp->destroy(resp);
	ck_assert(ini->proposal->get_algorithm(ini->proposal, TRANSFORM_KE, 0, &alg, NULL));
	ck_assert_int_eq(alg, ECP_256);
	ck_assert_int_eq(ini->resets, 0);
}
END_TEST

START_TEST(test_invalid_ke_unoffered_group)
{
	message_t *resp;
	uint16_t group = htobe16(MODP_2048);

	create_tasks();
	resp = build_request(IKE_SA_INIT, 0);
	resp->destroy(resp);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	resp->add_notify(resp, INVALID_KE_PAYLOAD, chunk_from_thing(group));
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[0], resp, false, FAILED);
	resp->destroy(resp);
	ck_assert_int_eq(ini->resets, 0);
}
END_TEST

START_TEST(test_cookie_retry)
{
	message_t *req, *resp;
	chunk_t cookie = chunk_from_chars(0xc0, 0x0c, 0x1e, 0x5a);
	chunk_t nonce, ke_data;
	enumerator_t *e;
	payload_t *first;
	notify_payload_t *n;
	ke_payload_t *ke;

	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ke_data = chunk_clone(ke->get_data(ke));
	nonce = chunk_clone(ini->nonce_mine);
	req->destroy(req);

	resp = new_message(res, IKE_SA_INIT, 0, false);
	resp->add_notify(resp, COOKIE, cookie);
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[0], resp, false, NEED_MORE);
	/* natd waits for the real answer */
	run(&i_tasks[1], resp, false, NEED_MORE);
	resp->destroy(resp);
	ck_assert_int_eq(ini->resets, 1);

	req = build_request(IKE_SA_INIT, 0);
	e = req->create_payload_enumerator(req);
	ck_assert(e->enumerate(e, &first));
	e->destroy(e);
	ck_assert_int_eq(first->get_type(first), PL_NOTIFY);
	n = (notify_payload_t *)first;
	ck_assert_int_eq(n->get_notify_type(n), COOKIE);
	ck_assert(chunk_equals(n->get_data(n), cookie));
	/* everything else unchanged (RFC 7296 §2.6) */
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ck_assert(chunk_equals(ke->get_data(ke), ke_data));
	ck_assert(chunk_equals(ini->nonce_mine, nonce));
	req->destroy(req);
	chunk_free(&ke_data);
	chunk_free(&nonce);
}
END_TEST

START_TEST(test_cookie_retries_bounded)
{
	message_t *req, *resp;
	chunk_t cookie = chunk_from_chars(0x01, 0x02);
	int i;

	create_tasks();
	for (i = 0; i <= 5; i++) {
		req = build_request(IKE_SA_INIT, 0);
		req->destroy(req);
		resp = new_message(res, IKE_SA_INIT, 0, false);
		resp->add_notify(resp, COOKIE, cookie);
		resp = transfer(res, ini, resp);
		use(ini);
		run(&i_tasks[0], resp, false, i < 5 ? NEED_MORE : FAILED);
		resp->destroy(resp);
	}
}
END_TEST

START_TEST(test_nat_initiator_behind_nat)
{
	/* the responder sees the initiator's NAT mapping */
	res->other->destroy(res->other);
	res->other = host_create_from_string("203.0.113.5", 40000);
	do_init();
	ck_assert(res->conditions & COND_NAT_THERE);
	ck_assert(!(res->conditions & COND_NAT_HERE));
	ck_assert(ini->conditions & COND_NAT_HERE);
	ck_assert(!(ini->conditions & COND_NAT_THERE));
	ck_assert_int_eq(ini->floated, 1);
}
END_TEST

START_TEST(test_nat_forced)
{
	((fake_ike_cfg_t *)ini->ike_cfg)->force_encap = true;
	do_init();
	ck_assert(res->conditions & COND_NAT_THERE);
	ck_assert(ini->conditions & COND_NAT_FAKE);
	ck_assert(!(ini->conditions & (COND_NAT_HERE | COND_NAT_THERE)));
	ck_assert_int_eq(ini->floated, 1);
}
END_TEST

START_TEST(test_nat_peer_without_natt)
{
	message_t *req, *resp;

	/* a responder that ignores NAT-T: no notifies, no conditions */
	create_tasks();
	req = build_request(IKE_SA_INIT, 0);
	ck_assert(req->get_notify(req, NAT_DETECTION_SOURCE_IP) != NULL);
	ck_assert(req->get_notify(req, NAT_DETECTION_DESTINATION_IP) != NULL);
	use(res);
	run(&r_tasks[0], req, false, NEED_MORE);
	req->destroy(req);
	resp = new_message(res, IKE_SA_INIT, 0, false);
	run(&r_tasks[0], resp, true, SUCCESS);
	resp = transfer(res, ini, resp);
	use(ini);
	run(&i_tasks[0], resp, false, SUCCESS);
	run(&i_tasks[1], resp, false, SUCCESS);
	resp->destroy(resp);
	ck_assert(!(ini->extensions & EXT_NATT));
	ck_assert_int_eq(ini->conditions, 0);
	ck_assert_int_eq(ini->floated, 0);
}
END_TEST

START_TEST(test_delete)
{
	task_t *i_del, *r_del;
	message_t *req, *resp;
	delete_payload_t *del;

	do_init();
	do_auth(SUCCESS, SUCCESS);
	i_del = ike_delete_create(&ini->public, true);
	r_del = ike_delete_create(&res->public, false);
	ck_assert_int_eq(i_del->get_type(i_del), TASK_IKE_DELETE);

	req = new_message(ini, INFORMATIONAL, 2, true);
	ck_assert_int_eq(i_del->build(i_del, req), NEED_MORE);
	ck_assert_int_eq(ini->state, IKE_DELETING);
	req = transfer(ini, res, req);
	del = (delete_payload_t *)req->get_payload(req, PL_DELETE);
	ck_assert(del && del->get_protocol(del) == PROTO_IKE);
	ck_assert_int_eq(r_del->process(r_del, req), NEED_MORE);
	req->destroy(req);
	ck_assert_int_eq(res->state, IKE_DELETING);
	resp = new_message(res, INFORMATIONAL, 2, false);
	ck_assert_int_eq(r_del->build(r_del, resp), DESTROY_ME);
	resp = transfer(res, ini, resp);
	ck_assert_int_eq(count_payloads(resp, PL_DELETE) + count_payloads(resp, PL_NOTIFY), 0);
	ck_assert_int_eq(i_del->process(i_del, resp), DESTROY_ME);
	resp->destroy(resp);
	i_del->destroy(i_del);
	r_del->destroy(r_del);
}
END_TEST

START_TEST(test_delete_responder_ignores_other_requests)
{
	task_t *r_del;
	message_t *req;

	do_init();
	do_auth(SUCCESS, SUCCESS);
	r_del = ike_delete_create(&res->public, false);
	req = transfer(ini, res, new_message(ini, INFORMATIONAL, 2, true));
	ck_assert_int_eq(r_del->process(r_del, req), SUCCESS);
	ck_assert_int_eq(res->state, IKE_ESTABLISHED);
	req->destroy(req);
	r_del->destroy(r_del);
}
END_TEST

START_TEST(test_dpd)
{
	task_t *i_dpd = ike_dpd_create(true), *r_dpd = ike_dpd_create(false);
	message_t *req, *resp;

	do_init();
	do_auth(SUCCESS, SUCCESS);
	ck_assert_int_eq(i_dpd->get_type(i_dpd), TASK_IKE_DPD);
	req = new_message(ini, INFORMATIONAL, 2, true);
	ck_assert_int_eq(i_dpd->build(i_dpd, req), NEED_MORE);
	req = transfer(ini, res, req);
	ck_assert_int_eq(r_dpd->process(r_dpd, req), NEED_MORE);
	req->destroy(req);
	resp = new_message(res, INFORMATIONAL, 2, false);
	ck_assert_int_eq(r_dpd->build(r_dpd, resp), SUCCESS);
	resp = transfer(res, ini, resp);
	ck_assert_int_eq(i_dpd->process(i_dpd, resp), SUCCESS);
	resp->destroy(resp);
	i_dpd->destroy(i_dpd);
	r_dpd->destroy(r_dpd);
}
END_TEST

/* Both or one side configured with mobike=; EXT_MOBIKE only if both. */
static void mobike_auth(bool i_mobike, bool r_mobike)
{
	peer_cfg_t *rcfg;

	((fake_peer_cfg_t *)ini->peer_cfg)->mobike = i_mobike;
	ck_assert(res->backends.peers->get_first(res->backends.peers, (void **)&rcfg) == SUCCESS);
	((fake_peer_cfg_t *)rcfg)->mobike = r_mobike;
	do_init();
	do_auth(SUCCESS, SUCCESS);
}

START_TEST(test_mobike_negotiated)
{
	mobike_auth(true, true);
	ck_assert(ini->extensions & EXT_MOBIKE);
	ck_assert(res->extensions & EXT_MOBIKE);
}
END_TEST

START_TEST(test_mobike_one_side)
{
	mobike_auth(_i == 0, _i == 1);
	ck_assert(!(ini->extensions & EXT_MOBIKE));
	ck_assert(!(res->extensions & EXT_MOBIKE));
}
END_TEST

/* UPDATE_SA_ADDRESSES with NAT-D; answered with NAT-D only under MOBIKE. */
START_TEST(test_mobike_update)
{
	task_t *ti = ike_mobike_create(&ini->public, true), *tr = ike_mobike_create(&res->public, false);
	message_t *req, *resp;
	bool mobike = _i == 0;

	mobike_auth(mobike, mobike);
	ck_assert_int_eq(ti->get_type(ti), TASK_IKE_MOBIKE);
	req = new_message(ini, INFORMATIONAL, 2, true);
	ck_assert_int_eq(ti->build(ti, req), NEED_MORE);
	req = transfer(ini, res, req);
	ck_assert(req->get_notify(req, UPDATE_SA_ADDRESSES));
	ck_assert(req->get_notify(req, NAT_DETECTION_SOURCE_IP));
	ck_assert(req->get_notify(req, NAT_DETECTION_DESTINATION_IP));
	ck_assert_int_eq(tr->process(tr, req), NEED_MORE);
	req->destroy(req);
	resp = new_message(res, INFORMATIONAL, 2, false);
	ck_assert_int_eq(tr->build(tr, resp), SUCCESS);
	resp = transfer(res, ini, resp);
	ck_assert(!resp->get_notify(resp, UPDATE_SA_ADDRESSES));
	ck_assert(!resp->get_notify(resp, NAT_DETECTION_SOURCE_IP) == !mobike);
	ck_assert(!resp->get_notify(resp, NAT_DETECTION_DESTINATION_IP) == !mobike);
	ck_assert_int_eq(ti->process(ti, resp), SUCCESS);
	resp->destroy(resp);
	ti->destroy(ti);
	tr->destroy(tr);
}
END_TEST

START_TEST(test_rekey_ike_sa)
{
	fake_sa_t *new_i, *new_r;
	task_t *ti, *tr;
	message_t *req, *resp;
	sa_payload_t *sa;
	proposal_t *p;
	chunk_t spi;

	do_init();
	do_auth(SUCCESS, SUCCESS);
	new_i = sa_new(true, "192.0.2.1", 500, "192.0.2.2", 500);
	new_r = sa_new(false, "192.0.2.2", 500, "192.0.2.1", 500);
	new_i->id.initiator_spi = 0xaaaaaaaaaaaaaaaaULL;
	new_r->id = (ike_sa_id_t){ .initiator_spi = 0, .responder_spi = 0xbbbbbbbbbbbbbbbbULL };
	ti = ike_init_create(&new_i->public, true, &ini->public);
	tr = ike_init_create(&new_r->public, false, &res->public);

	/* CREATE_CHILD_SA under the old keys */
	use(ini);
	req = new_message(ini, CREATE_CHILD_SA, 2, true);
	ck_assert_int_eq(ti->build(ti, req), NEED_MORE);
	ck_assert(req->get_notify(req, SIGNATURE_HASH_ALGORITHMS) == NULL);
	req = transfer(ini, res, req);
	sa = (sa_payload_t *)req->get_payload(req, PL_SA);
	{
		enumerator_t *e = sa->create_proposal_enumerator(sa);

		ck_assert(e->enumerate(e, &p));
		spi = p->get_spi(p);
		ck_assert_int_eq(spi.len, 8);
		ck_assert_int_eq(spi.ptr[0], 0xaa);
		e->destroy(e);
	}
	use(res);
	ck_assert_int_eq(tr->process(tr, req), NEED_MORE);
	req->destroy(req);
	ck_assert(new_r->id.initiator_spi == 0xaaaaaaaaaaaaaaaaULL);
	resp = new_message(res, CREATE_CHILD_SA, 2, false);
	ck_assert_int_eq(tr->build(tr, resp), SUCCESS);
	resp = transfer(res, ini, resp);
	use(ini);
	ck_assert_int_eq(ti->process(ti, resp), SUCCESS);
	resp->destroy(resp);
	ck_assert(new_i->id.responder_spi == 0xbbbbbbbbbbbbbbbbULL);
	ck_assert_int_eq(ini->resets, 0);

	/* the new SA's keys agree: an INFORMATIONAL goes through them */
	new_i->id.responder_spi = new_r->id.responder_spi;
	new_r->id.initiator_spi = new_i->id.initiator_spi;
	req = transfer(new_i, new_r, new_message(new_i, INFORMATIONAL, 0, true));
	req->destroy(req);
	/* and they differ from the old SA's */
	req = new_message(new_i, INFORMATIONAL, 0, true);
	{
		chunk_t packet;
		message_t *in;

		req->set_spi_i(req, new_i->id.initiator_spi);
		req->set_spi_r(req, new_i->id.responder_spi);
		ck_assert_int_eq(req->generate(req, sk_of(new_i, INFORMATIONAL), &packet), SUCCESS);
		in = message_create_from_packet(packet);
		ck_assert_int_eq(in->parse_header(in), SUCCESS);
		ck_assert_int_ne(in->parse_body(in, sk_of(res, INFORMATIONAL)), SUCCESS);
		in->destroy(in);
		chunk_free(&packet);
	}
	req->destroy(req);
	ti->destroy(ti);
	tr->destroy(tr);
	sa_destroy(new_i);
	sa_destroy(new_r);
}
END_TEST

START_TEST(test_task_names)
{
	ck_assert_str_eq(task_type_name(TASK_IKE_INIT), "IKE_INIT");
	ck_assert_str_eq(task_type_name(TASK_IKE_AUTH), "IKE_AUTH");
	ck_assert_str_eq(task_type_name(TASK_CHILD_CREATE), "CHILD_CREATE");
	ck_assert_str_eq(task_type_name(TASK_IKE_DPD), "IKE_DPD");
	ck_assert_str_eq(task_type_name(TASK_INFORMATIONAL), "INFORMATIONAL");
	ck_assert_str_eq(task_type_name(TASK_TYPE_MAX), "UNKNOWN_TASK");
	ck_assert_str_eq(task_type_name((task_type_t)-1), "UNKNOWN_TASK");
}
END_TEST

START_TEST(test_task_types)
{
	create_tasks();
	ck_assert_int_eq(i_tasks[0]->get_type(i_tasks[0]), TASK_IKE_INIT);
	ck_assert_int_eq(i_tasks[1]->get_type(i_tasks[1]), TASK_IKE_NATD);
	ck_assert_int_eq(r_tasks[2]->get_type(r_tasks[2]), TASK_IKE_AUTH);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("tasks_ike");
	TCase *tc;

	tc = tcase_create("ike_init");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_psk_exchange);
	tcase_add_test(tc, test_fragmentation_refused);
	tcase_add_test(tc, test_no_proposal_chosen);
	tcase_add_test(tc, test_no_ike_cfg);
	tcase_add_test(tc, test_invalid_ke_retry);
	tcase_add_test(tc, test_peer_ke_group_accepted);
	tcase_add_test(tc, test_invalid_ke_unoffered_group);
	tcase_add_test(tc, test_cookie_retry);
	tcase_add_test(tc, test_cookie_retries_bounded);
	tcase_add_test(tc, test_rekey_ike_sa);
	tcase_add_test(tc, test_task_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("ike_natd");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_nat_initiator_behind_nat);
	tcase_add_test(tc, test_nat_forced);
	tcase_add_test(tc, test_nat_peer_without_natt);
	suite_add_tcase(s, tc);

	tc = tcase_create("ike_auth");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_auth_request_payloads);
	tcase_add_test(tc, test_auth_wildcard_peer_id);
	tcase_add_test(tc, test_auth_wrong_psk_responder);
	tcase_add_test(tc, test_auth_wrong_psk_initiator);
	tcase_add_test(tc, test_auth_no_psk);
	tcase_add_test(tc, test_auth_no_peer_cfg);
	tcase_add_test(tc, test_auth_responder_id_constraint);
	suite_add_tcase(s, tc);

	tc = tcase_create("informational");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_delete_responder_ignores_other_requests);
	tcase_add_test(tc, test_dpd);
	tcase_add_test(tc, test_mobike_negotiated);
	tcase_add_loop_test(tc, test_mobike_one_side, 0, 2);
	tcase_add_loop_test(tc, test_mobike_update, 0, 2);
	tcase_add_test(tc, test_task_names);
	suite_add_tcase(s, tc);
	return s;
}
