/*
 * The child_create and child_delete tasks, an initiator and a responder
 * talking through message objects (no encoding), against fake IKE_SAs and
 * a recording data plane.
 */
#include "test_runner.h"
#include "child_fakes.h"

#include "encoding/delete_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/nonce_payload.h"
#include "encoding/sa_payload.h"
#include "encoding/ts_payload.h"
#include "sa/tasks/tasks.h"

static fake_cfg_t *icfg, *rcfg;
static fake_ike_t *ini, *res;

static void setup(void)
{
	fakes_setup();
	icfg = fake_cfg_create("net", "10.1.0.0/16", "10.2.0.0/16");
	rcfg = fake_cfg_create("net", "10.2.0.0/16", "10.1.0.0/16");
	ini = fake_ike_create("192.0.2.1", "192.0.2.2", true, NULL);
	res = fake_ike_create("192.0.2.2", "192.0.2.1", false, &rcfg->public);
}

static void teardown(void)
{
	fake_ike_destroy(ini);
	fake_ike_destroy(res);
	icfg->public.destroy(&icfg->public);
	rcfg->public.destroy(&rcfg->public);
	fakes_teardown();
}

static message_t *msg(exchange_type_t type, bool request)
{
	message_t *m = message_create();

	m->set_exchange_type(m, type);
	m->set_request(m, request);
	return m;
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

static child_sa_t *first_child(fake_ike_t *ike)
{
	child_sa_t *child = NULL;

	ike->children->get_first(ike->children, (void **)&child);
	return child;
}

/* The SA of the fake data plane with @p spi in direction @p inbound. */
static sa_rec_t *find_sa(uint32_t spi, bool inbound)
{
	int i;

	for (i = 0; i < kernel.sa_count; i++) {
		if (kernel.sas[i].spi == spi && kernel.sas[i].data.inbound == inbound) {
			return &kernel.sas[i];
		}
	}
	return NULL;
}

/* One exchange: the initiator's request, the responder's answer, the
 * initiator processing it. Returns the response (for inspection) or NULL. */
static message_t *exchange(task_t *it, task_t *rt, exchange_type_t type, status_t resp_status,
			   status_t init_status)
{
	message_t *req = msg(type, true), *resp = msg(type, false);

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), resp_status);
	ck_assert_int_eq(it->process(it, resp), init_status);
	req->destroy(req);
	return resp;
}

/* A CHILD_SA in IKE_AUTH, both halves installed. */
static void establish(void)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *resp = exchange(it, rt, IKE_AUTH, SUCCESS, SUCCESS);

	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
}

START_TEST(test_ike_auth)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *req = msg(IKE_SA_INIT, true), *resp = msg(IKE_SA_INIT, false);
	sa_payload_t *sa;
	ts_payload_t *ts;
	linked_list_t *list;
	proposal_t *p;
	child_sa_t *ichild, *rchild;
	sa_rec_t *in, *out;
	char line[256];
	uint32_t spi;

	/* IKE_SA_INIT: both wait for IKE_AUTH */
	ck_assert_int_eq(it->get_type(it), TASK_CHILD_CREATE);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), NEED_MORE);
	ck_assert_int_eq(it->process(it, resp), NEED_MORE);
	ck_assert_int_eq(count_payloads(req, PL_SA) + count_payloads(resp, PL_SA), 0);
	ck_assert_int_eq(kernel.get_spi_calls, 0);
	req->destroy(req);
	resp->destroy(resp);

	req = msg(IKE_AUTH, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(count_payloads(req, PL_KE) + count_payloads(req, PL_NONCE), 0);
	ck_assert_int_eq(count_payloads(req, PL_NOTIFY), 0);
	sa = (sa_payload_t *)req->get_payload(req, PL_SA);
	ck_assert_ptr_nonnull(sa);
	list = sa->get_proposals(sa);
	ck_assert_int_eq(list->get_count(list), 1);
	list->get_first(list, (void **)&p);
	ck_assert_int_eq(p->get_spi(p).len, 4);
	memcpy(&spi, p->get_spi(p).ptr, 4);
	ck_assert_uint_eq(ntohl(spi), 0xc0000001);
	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	ts = (ts_payload_t *)req->get_payload(req, PL_TSI);
	list = ts->get_traffic_selectors(ts);
	traffic_selector_list_to_str(list, line, sizeof(line));
	ck_assert_str_eq(line, "10.1.0.0/16");
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));

	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	resp = msg(IKE_AUTH, false);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(count_payloads(resp, PL_SA), 1);
	ck_assert_int_eq(count_payloads(resp, PL_TSI), 1);
	ck_assert_int_eq(count_payloads(resp, PL_TSR), 1);
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	req->destroy(req);
	resp->destroy(resp);

	ichild = first_child(ini);
	rchild = first_child(res);
	ck_assert_ptr_nonnull(ichild);
	ck_assert_ptr_nonnull(rchild);
	ck_assert_int_eq(ichild->get_state(ichild), CHILD_INSTALLED);
	ck_assert_int_eq(rchild->get_state(rchild), CHILD_INSTALLED);
	/* each side's outbound SPI is the other's inbound one */
	ck_assert_uint_eq(ichild->get_spi(ichild, true), rchild->get_spi(rchild, false));
	ck_assert_uint_eq(rchild->get_spi(rchild, true), ichild->get_spi(ichild, false));
	ck_assert_int_eq(kernel.sa_count, 4);
	ck_assert_int_eq(kernel.policy_count, 6);
	/* what the initiator receives with, the responder sends with */
	in = find_sa(ichild->get_spi(ichild, true), true);
	out = find_sa(ichild->get_spi(ichild, true), false);
	ck_assert(in && out && chunk_equals(in->enc_key, out->enc_key));
	ck_assert_str_eq(in->src, "192.0.2.2");
	ck_assert_str_eq(out->src, "192.0.2.2");
	ck_assert(in->data.initiator && !out->data.initiator);
	in = find_sa(rchild->get_spi(rchild, true), true);
	out = find_sa(rchild->get_spi(rchild, true), false);
	ck_assert(in && out && chunk_equals(in->enc_key, out->enc_key));
	ck_assert_uint_eq(in->enc_key.len, 20);
	/* the two directions have different keys */
	ck_assert(!chunk_equals(in->enc_key, find_sa(ichild->get_spi(ichild, true), true)->enc_key));
	/* keyed from the IKE_SA_INIT nonces, Ni first on both sides */
	ck_assert(chunk_equals(ini->keymat->ni, ini->nonce_mine));
	ck_assert(chunk_equals(res->keymat->ni, res->nonce_other));
	ck_assert(chunk_equals(ini->keymat->nr, res->keymat->nr));
	ck_assert_int_eq(ini->keymat->ke_method, KE_NONE);

	snprintf(line, sizeof(line),
		 "CHILD_SA net{%u} established with SPIs %.8x_i %.8x_o and TS "
		 "10.1.0.0/16 === 10.2.0.0/16", ichild->get_unique_id(ichild),
		 ntohl(ichild->get_spi(ichild, true)), ntohl(ichild->get_spi(ichild, false)));
	ck_assert_msg(cap_logged(line), "missing \"%s\"", line);
	snprintf(line, sizeof(line), "CHILD_SA net{%u} established with SPIs %.8x_i %.8x_o and TS "
		 "10.2.0.0/16 === 10.1.0.0/16", rchild->get_unique_id(rchild),
		 ntohl(rchild->get_spi(rchild, true)), ntohl(rchild->get_spi(rchild, false)));
	ck_assert_msg(cap_logged(line), "missing \"%s\"", line);
	ck_assert_int_eq(capture.ups, 2);
	it->destroy(it);
	rt->destroy(rt);
	/* handed over: destroying the tasks leaves the CHILD_SAs alone */
	ck_assert_int_eq(fk_live_sas(&kernel), 4);
}
END_TEST

START_TEST(test_create_child_sa_pfs)
{
	task_t *it, *rt;
	message_t *req = msg(CREATE_CHILD_SA, true), *resp = msg(CREATE_CHILD_SA, false);
	nonce_payload_t *nonce;
	ke_payload_t *ke;

	fake_cfg_set_proposal(icfg, esp_proposal(ENCR_AES_CBC, 128, AUTH_HMAC_SHA2_256_128,
						 CURVE_25519));
	fake_cfg_set_proposal(rcfg, esp_proposal(ENCR_AES_CBC, 128, AUTH_HMAC_SHA2_256_128,
						 CURVE_25519));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	nonce = (nonce_payload_t *)req->get_payload(req, PL_NONCE);
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ck_assert(nonce && ke);
	ck_assert_uint_eq(nonce->get_nonce(nonce).len, 32);
	ck_assert_uint_eq(nonce->get_nonce(nonce).ptr[0], 0x5a);
	ck_assert_int_eq(ke->get_method(ke), CURVE_25519);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	nonce = (nonce_payload_t *)resp->get_payload(resp, PL_NONCE);
	ke = (ke_payload_t *)resp->get_payload(resp, PL_KE);
	ck_assert(nonce && ke);
	ck_assert_uint_eq(nonce->get_nonce(nonce).ptr[0], 0xa5);
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	/* the exchange's own nonces, the initiator's first, and the PFS exchange */
	ck_assert_uint_eq(ini->keymat->ni.ptr[0], 0x5a);
	ck_assert_uint_eq(ini->keymat->nr.ptr[0], 0xa5);
	ck_assert_uint_eq(res->keymat->ni.ptr[0], 0x5a);
	ck_assert_uint_eq(res->keymat->nr.ptr[0], 0xa5);
	ck_assert_int_eq(ini->keymat->ke_method, CURVE_25519);
	ck_assert_int_eq(res->keymat->ke_method, CURVE_25519);
	ck_assert_int_eq(kernel.sas[0].data.int_alg, AUTH_HMAC_SHA2_256_128);
	ck_assert_uint_eq(kernel.sas[0].int_key.len, 32);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_ike_auth_strips_ke)
{
	task_t *it, *rt;
	message_t *resp;

	fake_cfg_set_proposal(icfg, esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, CURVE_25519));
	fake_cfg_set_proposal(rcfg, esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, CURVE_25519));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, IKE_AUTH, SUCCESS, SUCCESS);
	ck_assert_int_eq(count_payloads(resp, PL_KE), 0);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(ini->keymat->ke_method, KE_NONE);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_invalid_ke_retry)
{
	task_t *it, *rt, *retry;
	message_t *resp;
	notify_payload_t *n;
	ke_payload_t *ke;
	message_t *req;

	icfg->public.destroy(&icfg->public);
	icfg = fake_cfg_create("net", "10.1.0.0/16", "10.2.0.0/16");
	fake_cfg_set_proposal(icfg, esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, MODP_2048));
	icfg->public.add_proposal(&icfg->public,
				  esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, CURVE_25519));
	fake_cfg_set_proposal(rcfg, esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, CURVE_25519));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, CREATE_CHILD_SA, SUCCESS, SUCCESS);
	n = resp->get_notify(resp, INVALID_KE_PAYLOAD);
	ck_assert_ptr_nonnull(n);
	ck_assert(chunk_equals(n->get_data(n), chunk_from_chars(0x00, 0x1f)));
	ck_assert_int_eq(count_payloads(resp, PL_SA), 0);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	/* the first attempt's SPI went back */
	ck_assert_int_eq(kernel.del_sa_calls, 1);

	/* the retry offers the method the peer asked for */
	ck_assert_int_eq(ini->queued->get_count(ini->queued), 1);
	ini->queued->remove_first(ini->queued, (void **)&retry);
	rt = child_create_create(&res->public, NULL, false, 0);
	req = msg(CREATE_CHILD_SA, true);
	ck_assert_int_eq(retry->build(retry, req), NEED_MORE);
	ke = (ke_payload_t *)req->get_payload(req, PL_KE);
	ck_assert_int_eq(ke->get_method(ke), CURVE_25519);
	resp = msg(CREATE_CHILD_SA, false);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(retry->process(retry, resp), SUCCESS);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	/* no second retry is queued, even on failure */
	ck_assert_int_eq(ini->queued->get_count(ini->queued), 0);
	req->destroy(req);
	resp->destroy(resp);
	retry->destroy(retry);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_no_proposal_chosen)
{
	task_t *it, *rt;
	message_t *resp;

	fake_cfg_set_proposal(rcfg, esp_proposal(ENCR_AES_CBC, 256, AUTH_HMAC_SHA2_256_128, 0));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, IKE_AUTH, SUCCESS, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, NO_PROPOSAL_CHOSEN));
	ck_assert_int_eq(count_payloads(resp, PL_SA), 0);
	ck_assert_int_eq(capture.last_alert, ALERT_PROPOSAL_MISMATCH_CHILD);
	ck_assert(cap_logged("received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"));
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
	/* only the initiator reserved an SPI, and gave it back */
	ck_assert_int_eq(kernel.get_spi_calls, 1);
	ck_assert_int_eq(kernel.del_sa_calls, 1);
	ck_assert_int_eq(kernel.sa_count, 0);
	ck_assert_int_eq(capture.ups, 0);
}
END_TEST

START_TEST(test_ts_unacceptable)
{
	task_t *it, *rt;
	message_t *resp;
	traffic_selector_t *ts;

	rcfg->other_ts->remove_first(rcfg->other_ts, (void **)&ts);
	ts->destroy(ts);
	rcfg->other_ts->insert_last(rcfg->other_ts,
				    traffic_selector_create_from_cidr("10.9.0.0/16", 0, 0, 65535));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, CREATE_CHILD_SA, SUCCESS, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, TS_UNACCEPTABLE));
	ck_assert_int_eq(capture.last_alert, ALERT_TS_MISMATCH);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
}
END_TEST

START_TEST(test_narrowing)
{
	task_t *it, *rt;
	message_t *resp;
	child_sa_t *child;
	char buf[128];
	traffic_selector_t *ts;

	/* the responder allows only part of what the initiator proposes */
	rcfg->other_ts->remove_first(rcfg->other_ts, (void **)&ts);
	ts->destroy(ts);
	rcfg->other_ts->insert_last(rcfg->other_ts,
				    traffic_selector_create_from_cidr("10.1.2.0/24", 0, 0, 65535));
	it = child_create_create(&ini->public, &icfg->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, IKE_AUTH, SUCCESS, SUCCESS);
	child = first_child(ini);
	ck_assert_ptr_nonnull(child);
	traffic_selector_list_to_str(child->get_traffic_selectors(child, true), buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.1.2.0/24");
	child = first_child(res);
	traffic_selector_list_to_str(child->get_traffic_selectors(child, false), buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.1.2.0/24");
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_not_authenticated)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *req = msg(IKE_AUTH, true), *resp = msg(IKE_AUTH, false);

	res->conditions = 0;
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	/* nothing is selected or installed before the peer is authenticated */
	ck_assert_int_eq(rt->build(rt, resp), NEED_MORE);
	ck_assert_int_eq(count_payloads(resp, PL_SA) + count_payloads(resp, PL_NOTIFY), 0);
	ck_assert_int_eq(kernel.get_spi_calls, 1);
	ck_assert_int_eq(kernel.sa_count, 0);
	/* the initiator waits for more IKE_AUTH rounds (EAP) */
	ini->conditions = 0;
	ck_assert_int_eq(it->process(it, resp), NEED_MORE);
	resp->destroy(resp);
	/* a later round: the request carries nothing new, the answer arrives */
	req->destroy(req);
	req = msg(IKE_AUTH, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(count_payloads(req, PL_SA), 0);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	res->conditions = ini->conditions = COND_AUTHENTICATED;
	resp = msg(IKE_AUTH, false);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_childless)
{
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *req = msg(IKE_AUTH, true), *resp = msg(IKE_AUTH, false);
	linked_list_t *list;

	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(count_payloads(resp, PL_NOTIFY) + count_payloads(resp, PL_SA), 0);
	req->destroy(req);
	resp->destroy(resp);
	rt->destroy(rt);

	/* a CREATE_CHILD_SA rekeying the IKE_SA is not ours to answer */
	rt = child_create_create(&res->public, NULL, false, 0);
	req = msg(CREATE_CHILD_SA, true);
	resp = msg(CREATE_CHILD_SA, false);
	list = linked_list_create_with_items(proposal_create(PROTO_IKE, 1), NULL);
	req->add_payload(req, &sa_payload_create_from_proposals(list)->payload);
	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(count_payloads(resp, PL_NOTIFY) + count_payloads(resp, PL_SA), 0);
	req->destroy(req);
	resp->destroy(resp);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_transport_mode)
{
	fake_cfg_t *i = fake_cfg_create("host", "dynamic", "dynamic");
	fake_cfg_t *r = fake_cfg_create("host", "dynamic", "dynamic");
	task_t *it, *rt;
	message_t *resp;

	i->mode = r->mode = MODE_TRANSPORT;
	res->peer.child = &r->public;
	it = child_create_create(&ini->public, &i->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, IKE_AUTH, SUCCESS, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, USE_TRANSPORT_MODE));
	ck_assert_int_eq(first_child(ini)->get_mode(first_child(ini)), MODE_TRANSPORT);
	ck_assert_int_eq(kernel.sas[0].data.mode, MODE_TRANSPORT);
	ck_assert_str_eq(kernel.sas[0].src_ts, "192.0.2.1/32");
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);

	/* a responder configured for tunnel mode declines */
	r->mode = MODE_TUNNEL;
	it = child_create_create(&ini->public, &i->public, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, CREATE_CHILD_SA, SUCCESS, SUCCESS);
	ck_assert_ptr_null(resp->get_notify(resp, USE_TRANSPORT_MODE));
	ck_assert_int_eq(ini->children->get_count(ini->children), 2);
	ck_assert_int_eq(kernel.sas[kernel.sa_count - 1].data.mode, MODE_TUNNEL);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	res->peer.child = &rcfg->public;
	i->public.destroy(&i->public);
	r->public.destroy(&r->public);
}
END_TEST

START_TEST(test_nat_encap)
{
	ini->conditions |= COND_NAT_HERE;
	establish();
	ck_assert(first_child(ini)->has_encap(first_child(ini)));
	ck_assert(!first_child(res)->has_encap(first_child(res)));
	ck_assert(find_sa(first_child(ini)->get_spi(first_child(ini), true), true)->data.encap);
}
END_TEST

START_TEST(test_install_failure)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	task_t *rt = child_create_create(&res->public, NULL, false, 0);
	message_t *resp;

	/* the responder's inbound SA is the first to be installed */
	kernel.fail_add_sa = 1;
	resp = exchange(it, rt, CREATE_CHILD_SA, SUCCESS, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, NO_PROPOSAL_CHOSEN));
	ck_assert_int_eq(capture.last_alert, ALERT_PROPOSAL_MISMATCH_CHILD);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	ck_assert_int_eq(fk_live_sas(&kernel), 0);
	ck_assert_int_eq(kernel.del_sa_calls, 2);
}
END_TEST

/* A response choosing @p chosen (with SPI 0x77) and the given selectors. */
static message_t *crafted(proposal_t *chosen, const char *tsi, const char *tsr)
{
	message_t *m = msg(IKE_AUTH, false);
	linked_list_t *list;
	uint32_t spi = htonl(0x77);

	chosen->set_spi(chosen, chunk_from_thing(spi));
	list = linked_list_create_with_items(chosen, NULL);
	m->add_payload(m, &sa_payload_create_from_proposals(list)->payload);
	list->destroy_offset(list, DESTROY_OFFSET(proposal_t));
	list = linked_list_create_with_items(
		traffic_selector_create_from_cidr(tsi, 0, 0, 65535), NULL);
	m->add_payload(m, &ts_payload_create(true, list)->payload);
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	list = linked_list_create_with_items(
		traffic_selector_create_from_cidr(tsr, 0, 0, 65535), NULL);
	m->add_payload(m, &ts_payload_create(false, list)->payload);
	list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
	return m;
}

START_TEST(test_unoffered_proposal)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	message_t *req = msg(IKE_AUTH, true), *resp;

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	resp = crafted(esp_proposal(ENCR_AES_CBC, 128, AUTH_HMAC_SHA2_256_128, 0),
		       "10.1.0.0/16", "10.2.0.0/16");
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	ck_assert_int_eq(kernel.sa_count, 0);
	ck_assert_int_eq(capture.last_alert, ALERT_PROPOSAL_MISMATCH_CHILD);
	/* whatever the peer made under our SPI gets deleted */
	ck_assert_int_eq(first_child(ini)->get_state(first_child(ini)), CHILD_FAILED);
	ck_assert_int_eq(ini->queued->get_count(ini->queued), 1);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
}
END_TEST

START_TEST(test_wider_ts)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0), *del;
	message_t *req = msg(IKE_AUTH, true), *resp;
	child_sa_t *child;

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	resp = crafted(esp_proposal(ENCR_AES_GCM_ICV16, 128, 0, 0), "10.0.0.0/8", "10.2.0.0/16");
	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	ck_assert_int_eq(capture.last_alert, ALERT_TS_MISMATCH);
	ck_assert_int_eq(kernel.sa_count, 0);
	/* the peer made its half: we keep ours as FAILED and delete it */
	child = first_child(ini);
	ck_assert_ptr_nonnull(child);
	ck_assert_int_eq(child->get_state(child), CHILD_FAILED);
	ck_assert_int_eq(ini->queued->get_count(ini->queued), 1);
	ini->queued->get_first(ini->queued, (void **)&del);
	ck_assert_int_eq(del->get_type(del), TASK_CHILD_DELETE);
	req->destroy(req);
	resp->destroy(resp);
	req = msg(INFORMATIONAL, true);
	ck_assert_int_eq(del->build(del, req), NEED_MORE);
	ck_assert_int_eq(count_payloads(req, PL_DELETE), 1);
	resp = msg(INFORMATIONAL, false);
	ck_assert_int_eq(del->process(del, resp), SUCCESS);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	/* it never was up */
	ck_assert_int_eq(capture.downs, 0);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
}
END_TEST

START_TEST(test_migrate)
{
	task_t *it = child_create_create(&ini->public, &icfg->public, false, 0);
	fake_ike_t *other = fake_ike_create("192.0.2.1", "192.0.2.3", true, NULL);
	message_t *req = msg(IKE_AUTH, true);

	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	req->destroy(req);
	it->migrate(it, &other->public);
	/* started over: the old reservation is gone, a new request is built */
	ck_assert_int_eq(kernel.del_sa_calls, 1);
	req = msg(IKE_AUTH, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(count_payloads(req, PL_SA), 1);
	ck_assert_str_eq(kernel.spi_src, "192.0.2.3");
	req->destroy(req);
	it->destroy(it);
	fake_ike_destroy(other);
}
END_TEST

/* The real child_cfg: dynamic selectors, transport mode, PFS proposals. */
static child_cfg_t *real_cfg(void)
{
	child_cfg_create_t data = {
		.mode = MODE_TRANSPORT,
		.lifetime = { .time = { .rekey = 1200, .life = 1500 } },
		.replay_window = 64,
	};
	child_cfg_t *cfg = child_cfg_create("real", &data);

	cfg->add_proposal(cfg, esp_proposal(ENCR_AES_GCM_ICV16, 256, 0, ECP_256));
	cfg->add_traffic_selector(cfg, true, traffic_selector_create_dynamic(0, 0, 65535));
	cfg->add_traffic_selector(cfg, false, traffic_selector_create_dynamic(0, 0, 65535));
	return cfg;
}

START_TEST(test_real_config)
{
	child_cfg_t *i = real_cfg(), *r = real_cfg();
	task_t *it, *rt;
	message_t *resp;
	sa_rec_t *sa;

	res->peer.child = r;
	it = child_create_create(&ini->public, i, false, 0);
	rt = child_create_create(&res->public, NULL, false, 0);
	resp = exchange(it, rt, CREATE_CHILD_SA, SUCCESS, SUCCESS);
	ck_assert_ptr_nonnull(resp->get_notify(resp, USE_TRANSPORT_MODE));
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	sa = find_sa(first_child(ini)->get_spi(first_child(ini), true), true);
	ck_assert_ptr_nonnull(sa);
	ck_assert_str_eq(sa->src_ts, "192.0.2.2/32");
	ck_assert_str_eq(sa->dst_ts, "192.0.2.1/32");
	ck_assert_int_eq(sa->data.mode, MODE_TRANSPORT);
	ck_assert_uint_eq(sa->data.replay_window, 64);
	ck_assert_uint_eq(sa->enc_key.len, 36);
	ck_assert_uint_le(sa->lifetime.time.rekey, 1200);
	ck_assert_int_eq(ini->keymat->ke_method, ECP_256);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
	/* the CHILD_SAs hold references until they go */
	fake_ike_destroy(ini);
	fake_ike_destroy(res);
	ini = fake_ike_create("192.0.2.1", "192.0.2.2", true, NULL);
	res = fake_ike_create("192.0.2.2", "192.0.2.1", false, &rcfg->public);
	i->destroy(i);
	r->destroy(r);
}
END_TEST

/* --- child_delete ------------------------------------------------------- */

START_TEST(test_delete)
{
	child_sa_t *ichild, *rchild;
	task_t *it, *rt;
	message_t *req, *resp;
	delete_payload_t *del;
	enumerator_t *e;
	uint32_t spi, named;
	char line[128];

	establish();
	ichild = first_child(ini);
	rchild = first_child(res);
	kernel.stats.bytes = 84;
	snprintf(line, sizeof(line), "closing CHILD_SA net{%u} with SPIs %.8x_i (84 bytes) %.8x_o",
		 ichild->get_unique_id(ichild), ntohl(ichild->get_spi(ichild, true)),
		 ntohl(ichild->get_spi(ichild, false)));
	it = child_delete_create(&ini->public, PROTO_ESP, ichild->get_spi(ichild, true), false);
	rt = child_delete_create(&res->public, 0, 0, false);
	ck_assert_int_eq(it->get_type(it), TASK_CHILD_DELETE);
	req = msg(INFORMATIONAL, true);
	ck_assert_int_eq(it->build(it, req), NEED_MORE);
	ck_assert_int_eq(ichild->get_state(ichild), CHILD_DELETING);
	ck_assert_msg(cap_logged(line), "missing \"%s\"", line);
	del = (delete_payload_t *)req->get_payload(req, PL_DELETE);
	ck_assert_int_eq(del->get_protocol(del), PROTO_ESP);
	e = del->create_spi_enumerator(del);
	ck_assert(e->enumerate(e, &spi));
	ck_assert_uint_eq(spi, ntohl(ichild->get_spi(ichild, true)));
	e->destroy(e);

	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	resp = msg(INFORMATIONAL, false);
	spi = ntohl(rchild->get_spi(rchild, true));
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	del = (delete_payload_t *)resp->get_payload(resp, PL_DELETE);
	ck_assert_ptr_nonnull(del);
	e = del->create_spi_enumerator(del);
	ck_assert(e->enumerate(e, &named));
	ck_assert_uint_eq(named, spi);
	e->destroy(e);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
	ck_assert_int_eq(capture.downs, 1);

	ck_assert_int_eq(it->process(it, resp), SUCCESS);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	ck_assert_int_eq(capture.downs, 2);
	ck_assert_int_eq(fk_live_sas(&kernel), 0);
	ck_assert_int_eq(fk_live_policies(&kernel), 0);
	req->destroy(req);
	resp->destroy(resp);
	it->destroy(it);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_delete_unknown)
{
	task_t *it, *rt;
	message_t *req = msg(INFORMATIONAL, true), *resp = msg(INFORMATIONAL, false);
	delete_payload_t *del = delete_payload_create(PROTO_ESP);

	establish();
	/* nothing to delete: nothing is sent */
	it = child_delete_create(&ini->public, PROTO_ESP, htonl(0x4242), false);
	ck_assert_int_eq(it->build(it, req), SUCCESS);
	ck_assert_int_eq(count_payloads(req, PL_DELETE), 0);
	it->destroy(it);

	del->add_spi(del, 0x4242);
	req->add_payload(req, &del->payload);
	req->add_payload(req, &delete_payload_create(PROTO_IKE)->payload);
	rt = child_delete_create(&res->public, 0, 0, false);
	ck_assert_int_eq(rt->process(rt, req), NEED_MORE);
	ck_assert_int_eq(rt->build(rt, resp), SUCCESS);
	ck_assert_int_eq(count_payloads(resp, PL_DELETE), 0);
	ck_assert_int_eq(res->children->get_count(res->children), 1);
	req->destroy(req);
	resp->destroy(resp);
	rt->destroy(rt);
}
END_TEST

START_TEST(test_delete_collision)
{
	child_sa_t *ichild, *rchild;
	task_t *i_init, *r_init, *i_resp, *r_resp;
	message_t *req1 = msg(INFORMATIONAL, true), *req2 = msg(INFORMATIONAL, true);
	message_t *resp1 = msg(INFORMATIONAL, false), *resp2 = msg(INFORMATIONAL, false);

	establish();
	ichild = first_child(ini);
	rchild = first_child(res);
	/* the responder's delete names the SA by its outbound SPI (an outbound expire) */
	i_init = child_delete_create(&ini->public, PROTO_ESP, ichild->get_spi(ichild, true), false);
	r_init = child_delete_create(&res->public, IPSEC_PROTO_ESP,
				     rchild->get_spi(rchild, false), true);
	ck_assert_int_eq(i_init->build(i_init, req1), NEED_MORE);
	ck_assert_int_eq(r_init->build(r_init, req2), NEED_MORE);
	ck_assert_int_eq(count_payloads(req2, PL_DELETE), 1);
	/* each answers the other without naming the SA again */
	r_resp = child_delete_create(&res->public, 0, 0, false);
	i_resp = child_delete_create(&ini->public, 0, 0, false);
	ck_assert_int_eq(r_resp->process(r_resp, req1), NEED_MORE);
	ck_assert_int_eq(r_resp->build(r_resp, resp1), SUCCESS);
	ck_assert_int_eq(i_resp->process(i_resp, req2), NEED_MORE);
	ck_assert_int_eq(i_resp->build(i_resp, resp2), SUCCESS);
	ck_assert_int_eq(count_payloads(resp1, PL_DELETE) + count_payloads(resp2, PL_DELETE), 0);
	ck_assert_int_eq(ini->children->get_count(ini->children), 1);
	/* the own exchanges remove them */
	ck_assert_int_eq(i_init->process(i_init, resp1), SUCCESS);
	ck_assert_int_eq(r_init->process(r_init, resp2), SUCCESS);
	ck_assert_int_eq(ini->children->get_count(ini->children), 0);
	ck_assert_int_eq(res->children->get_count(res->children), 0);
	ck_assert_int_eq(capture.downs, 2);
	ck_assert(cap_logged("expired"));
	req1->destroy(req1);
	req2->destroy(req2);
	resp1->destroy(resp1);
	resp2->destroy(resp2);
	i_init->destroy(i_init);
	r_init->destroy(r_init);
	i_resp->destroy(i_resp);
	r_resp->destroy(r_resp);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("child_tasks");
	TCase *tc = tcase_create("child_create");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ike_auth);
	tcase_add_test(tc, test_create_child_sa_pfs);
	tcase_add_test(tc, test_ike_auth_strips_ke);
	tcase_add_test(tc, test_invalid_ke_retry);
	tcase_add_test(tc, test_no_proposal_chosen);
	tcase_add_test(tc, test_ts_unacceptable);
	tcase_add_test(tc, test_narrowing);
	tcase_add_test(tc, test_not_authenticated);
	tcase_add_test(tc, test_childless);
	tcase_add_test(tc, test_transport_mode);
	tcase_add_test(tc, test_nat_encap);
	tcase_add_test(tc, test_install_failure);
	tcase_add_test(tc, test_unoffered_proposal);
	tcase_add_test(tc, test_wider_ts);
	tcase_add_test(tc, test_migrate);
	tcase_add_test(tc, test_real_config);
	suite_add_tcase(s, tc);

	tc = tcase_create("child_delete");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_delete_unknown);
	tcase_add_test(tc, test_delete_collision);
	suite_add_tcase(s, tc);
	return s;
}
