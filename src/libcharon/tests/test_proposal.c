/*
 * Proposals: building, printing, comparing and selection (RFC 7296 §2.7,
 * §3.3.6).
 */
#include "test_runner.h"
#include "library.h"
#include "config/proposal.h"

static proposal_t *ike_proposal(uint16_t encr, uint16_t key_length, uint16_t ke)
{
	proposal_t *p = proposal_create(PROTO_IKE, 1);

	p->add_algorithm(p, TRANSFORM_ENCR, encr, key_length);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	p->add_algorithm(p, TRANSFORM_KE, ke, 0);
	return p;
}

static void assert_str(proposal_t *p, const char *expected)
{
	char buf[256];

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->to_string(p, buf, sizeof(buf), true), expected);
}

START_TEST(test_print)
{
	proposal_t *p = proposal_create(PROTO_IKE, 1);
	char small[12];
	char buf[128];

	/* added out of order: printing follows ENCR/INTEG/PRF/KE/ESN */
	p->add_algorithm(p, TRANSFORM_KE, CURVE_25519, 0);
	p->add_algorithm(p, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	p->add_algorithm(p, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	assert_str(p, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	ck_assert_str_eq(p->to_string(p, buf, sizeof(buf), false),
			 "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	ck_assert_str_eq(p->to_string(p, small, sizeof(small), true), "IKE:AES_CBC");
	p->destroy(p);

	p = proposal_create(PROTO_ESP, 1);
	p->add_algorithm(p, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	p->add_algorithm(p, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128);
	assert_str(p, "ESP:AES_GCM_16_128/NO_EXT_SEQ");
	p->destroy(p);

	p = proposal_create(PROTO_AH, 1);
	p->add_algorithm(p, 9, 4, 0);
	ck_assert_str_eq(p->to_string(p, buf, sizeof(buf), true), "AH:(4)");
	p->destroy(p);
	ck_assert_str_eq(protocol_id_name(PROTO_ESP), "ESP");
	ck_assert(!protocol_id_name(7));
}
END_TEST

START_TEST(test_accessors)
{
	proposal_t *p = ike_proposal(ENCR_AES_CBC, 128, ECP_256);
	uint16_t alg = 0, klen = 0;
	int n = 0;
	enumerator_t *e;
	uint16_t type;

	ck_assert_int_eq(p->get_protocol(p), PROTO_IKE);
	ck_assert_int_eq(p->get_number(p), 1);
	p->set_number(p, 3);
	ck_assert_int_eq(p->get_number(p), 3);
	ck_assert(p->get_algorithm(p, TRANSFORM_ENCR, 0, &alg, &klen));
	ck_assert_int_eq(alg, ENCR_AES_CBC);
	ck_assert_int_eq(klen, 128);
	ck_assert(!p->get_algorithm(p, TRANSFORM_ENCR, 1, &alg, &klen));
	ck_assert(!p->get_algorithm(p, TRANSFORM_ESN, 0, NULL, NULL));
	ck_assert_int_eq(p->count_algorithms(p, TRANSFORM_KE), 1);
	ck_assert(p->has_ke_method(p, ECP_256));
	ck_assert(!p->has_ke_method(p, CURVE_25519));
	ck_assert(!p->has_ke_method(p, KE_NONE));

	ck_assert_int_eq(p->get_spi(p).len, 0);
	ck_assert(p->set_spi(p, chunk_from_chars(1, 2, 3, 4, 5, 6, 7, 8)));
	ck_assert_int_eq(p->get_spi(p).len, 8);
	ck_assert(!p->set_spi(p, chunk_from_chars(1, 2, 3)));
	ck_assert_int_eq(p->get_spi(p).len, 8);

	e = p->create_enumerator(p);
	while (e->enumerate(e, &type, &alg, &klen)) {
		n++;
	}
	e->destroy(e);
	ck_assert_int_eq(n, 4);
	p->destroy(p);

	p = proposal_create(PROTO_ESP, 1);
	ck_assert(p->has_ke_method(p, KE_NONE));
	p->add_algorithm(p, TRANSFORM_KE, KE_NONE, 0);
	p->add_algorithm(p, TRANSFORM_KE, MODP_2048, 0);
	ck_assert(p->has_ke_method(p, KE_NONE));
	ck_assert(p->has_ke_method(p, MODP_2048));
	p->destroy(p);
}
END_TEST

START_TEST(test_select_basic)
{
	proposal_t *ours = ike_proposal(ENCR_AES_CBC, 128, CURVE_25519);
	proposal_t *theirs = ike_proposal(ENCR_AES_CBC, 256, ECP_256), *sel;

	ours->add_algorithm(ours, TRANSFORM_ENCR, ENCR_AES_CBC, 256);
	ours->add_algorithm(ours, TRANSFORM_KE, ECP_256, 0);
	theirs->set_number(theirs, 2);
	ck_assert(theirs->set_spi(theirs, chunk_from_chars(8, 7, 6, 5, 4, 3, 2, 1)));

	sel = ours->select(ours, theirs);
	assert_str(sel, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
	ck_assert_int_eq(sel->get_number(sel), 2);
	ck_assert(chunk_equals(sel->get_spi(sel), theirs->get_spi(theirs)));
	sel->destroy(sel);
	ours->destroy(ours);
	theirs->destroy(theirs);
}
END_TEST

START_TEST(test_select_preference)
{
	proposal_t *ours = ike_proposal(ENCR_AES_CBC, 128, ECP_256);
	proposal_t *theirs = ike_proposal(ENCR_AES_CBC, 128, CURVE_25519), *sel;

	ours->add_algorithm(ours, TRANSFORM_KE, CURVE_25519, 0);
	theirs->add_algorithm(theirs, TRANSFORM_KE, ECP_256, 0);
	/* both support both groups: the order of "this" decides */
	sel = ours->select(ours, theirs);
	assert_str(sel, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
	sel->destroy(sel);
	sel = theirs->select(theirs, ours);
	assert_str(sel, "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	sel->destroy(sel);
	ours->destroy(ours);
	theirs->destroy(theirs);
}
END_TEST

START_TEST(test_select_mismatch)
{
	proposal_t *a = ike_proposal(ENCR_AES_CBC, 128, ECP_256);
	proposal_t *b = ike_proposal(ENCR_AES_CBC, 256, ECP_256);
	proposal_t *c = ike_proposal(ENCR_AES_CBC, 128, CURVE_25519);
	proposal_t *esp = proposal_create(PROTO_ESP, 1);

	/* key lengths must be equal */
	ck_assert_ptr_null(a->select(a, b));
	/* no common group */
	ck_assert_ptr_null(a->select(a, c));
	/* protocols differ */
	esp->add_algorithm(esp, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	ck_assert_ptr_null(a->select(a, esp));
	/* a transform type we do not have at all */
	b->add_algorithm(b, 7, 1, 0);
	a->destroy(a);
	a = ike_proposal(ENCR_AES_CBC, 256, ECP_256);
	ck_assert_ptr_null(a->select(a, b));
	ck_assert_ptr_null(b->select(b, a));
	a->destroy(a);
	b->destroy(b);
	c->destroy(c);
	esp->destroy(esp);
}
END_TEST

START_TEST(test_select_esn)
{
	proposal_t *ours = proposal_create(PROTO_ESP, 1), *theirs, *sel;

	ours->add_algorithm(ours, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 256);
	ours->add_algorithm(ours, TRANSFORM_ESN, EXT_SEQ, 0);
	ours->add_algorithm(ours, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	theirs = proposal_create(PROTO_ESP, 1);
	theirs->add_algorithm(theirs, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 256);
	theirs->add_algorithm(theirs, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	ck_assert(theirs->set_spi(theirs, chunk_from_chars(0xca, 0xfe, 0, 1)));

	sel = ours->select(ours, theirs);
	assert_str(sel, "ESP:AES_GCM_16_256/NO_EXT_SEQ");
	ck_assert(chunk_equals(sel->get_spi(sel), chunk_from_chars(0xca, 0xfe, 0, 1)));
	sel->destroy(sel);
	theirs->add_algorithm(theirs, TRANSFORM_ESN, EXT_SEQ, 0);
	sel = ours->select(ours, theirs);
	assert_str(sel, "ESP:AES_GCM_16_256/EXT_SEQ");
	sel->destroy(sel);
	ours->destroy(ours);
	theirs->destroy(theirs);

	/* a missing ESN transform means NO_EXT_SEQ */
	ours = proposal_create(PROTO_ESP, 1);
	ours->add_algorithm(ours, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128);
	theirs = ours->clone(ours);
	theirs->add_algorithm(theirs, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	sel = ours->select(ours, theirs);
	assert_str(sel, "ESP:AES_GCM_16_128/NO_EXT_SEQ");
	sel->destroy(sel);
	sel = ours->select(ours, ours);
	assert_str(sel, "ESP:AES_GCM_16_128");
	sel->destroy(sel);
	theirs->destroy(theirs);
	theirs = ours->clone(ours);
	theirs->add_algorithm(theirs, TRANSFORM_ESN, EXT_SEQ, 0);
	ck_assert_ptr_null(ours->select(ours, theirs));
	theirs->destroy(theirs);
	ours->destroy(ours);
}
END_TEST

START_TEST(test_select_none)
{
	proposal_t *ours = proposal_create(PROTO_ESP, 1), *theirs, *sel;

	/* AEAD without integrity against a peer that lists INTEG NONE */
	ours->add_algorithm(ours, TRANSFORM_ENCR, ENCR_AES_GCM_ICV16, 128);
	ours->add_algorithm(ours, TRANSFORM_ESN, NO_EXT_SEQ, 0);
	theirs = ours->clone(ours);
	theirs->add_algorithm(theirs, TRANSFORM_INTEG, AUTH_UNDEFINED, 0);
	sel = ours->select(ours, theirs);
	assert_str(sel, "ESP:AES_GCM_16_128/NO_EXT_SEQ");
	sel->destroy(sel);
	theirs->destroy(theirs);

	/* but not against one that needs a real integrity algorithm */
	theirs = ours->clone(ours);
	theirs->add_algorithm(theirs, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	ck_assert_ptr_null(ours->select(ours, theirs));
	ck_assert_ptr_null(theirs->select(theirs, ours));
	theirs->destroy(theirs);

	/* optional PFS: NONE or MODP_2048, the peer sends no KE */
	theirs = ours->clone(ours);
	ours->add_algorithm(ours, TRANSFORM_KE, KE_NONE, 0);
	ours->add_algorithm(ours, TRANSFORM_KE, MODP_2048, 0);
	sel = ours->select(ours, theirs);
	assert_str(sel, "ESP:AES_GCM_16_128/NO_EXT_SEQ");
	ck_assert(sel->has_ke_method(sel, KE_NONE));
	sel->destroy(sel);
	/* required PFS against a peer without KE fails */
	ours->destroy(ours);
	ours = theirs->clone(theirs);
	ours->add_algorithm(ours, TRANSFORM_KE, MODP_2048, 0);
	ck_assert_ptr_null(ours->select(ours, theirs));
	sel = ours->select(ours, ours);
	assert_str(sel, "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ");
	sel->destroy(sel);
	ours->destroy(ours);
	theirs->destroy(theirs);
}
END_TEST

START_TEST(test_select_list)
{
	linked_list_t *ours = linked_list_create(), *theirs = linked_list_create();
	proposal_t *p, *sel;

	ours->insert_last(ours, ike_proposal(ENCR_AES_CBC, 256, ECP_256));
	ours->insert_last(ours, ike_proposal(ENCR_AES_CBC, 128, ECP_256));
	p = ike_proposal(ENCR_AES_CBC, 128, ECP_256);
	p->set_number(p, 1);
	theirs->insert_last(theirs, p);
	p = ike_proposal(ENCR_AES_CBC, 256, ECP_256);
	p->set_number(p, 2);
	theirs->insert_last(theirs, p);

	sel = proposal_select_list(ours, theirs);
	assert_str(sel, "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256");
	ck_assert_int_eq(sel->get_number(sel), 2);
	sel->destroy(sel);

	theirs->remove_last(theirs, (void **)&p);
	p->destroy(p);
	theirs->remove_last(theirs, (void **)&p);
	p->destroy(p);
	theirs->insert_last(theirs, ike_proposal(ENCR_CHACHA20_POLY1305, 0, ECP_256));
	ck_assert_ptr_null(proposal_select_list(ours, theirs));

	ours->destroy_offset(ours, DESTROY_OFFSET(proposal_t));
	theirs->destroy_offset(theirs, DESTROY_OFFSET(proposal_t));
}
END_TEST

START_TEST(test_equals_clone)
{
	proposal_t *a = ike_proposal(ENCR_AES_CBC, 128, ECP_256), *b, *c;

	a->add_algorithm(a, TRANSFORM_KE, CURVE_25519, 0);
	b = a->clone(a);
	ck_assert(a->equals(a, b));
	ck_assert(b->set_spi(b, chunk_from_chars(1, 2, 3, 4)));
	b->set_number(b, 9);
	ck_assert(a->equals(a, b));
	ck_assert(b->equals(b, a));

	/* same transforms, other order within a type */
	c = ike_proposal(ENCR_AES_CBC, 128, CURVE_25519);
	c->add_algorithm(c, TRANSFORM_KE, ECP_256, 0);
	ck_assert(!a->equals(a, c));
	c->destroy(c);
	/* order across types does not matter */
	c = proposal_create(PROTO_IKE, 1);
	c->add_algorithm(c, TRANSFORM_KE, ECP_256, 0);
	c->add_algorithm(c, TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0);
	c->add_algorithm(c, TRANSFORM_KE, CURVE_25519, 0);
	c->add_algorithm(c, TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0);
	c->add_algorithm(c, TRANSFORM_ENCR, ENCR_AES_CBC, 128);
	ck_assert(a->equals(a, c));
	c->add_algorithm(c, TRANSFORM_ENCR, ENCR_AES_CBC, 256);
	ck_assert(!a->equals(a, c));
	c->destroy(c);
	a->destroy(a);
	b->destroy(b);
}
END_TEST

START_TEST(test_many_transforms)
{
	proposal_t *p = proposal_create(PROTO_IKE, 1), *q, *sel;
	int i;

	for (i = 0; i < 100; i++) {
		p->add_algorithm(p, TRANSFORM_KE, (uint16_t)(1000 + i), 0);
	}
	p->add_algorithm(p, TRANSFORM_KE, ECP_256, 0);
	q = proposal_create(PROTO_IKE, 1);
	q->add_algorithm(q, TRANSFORM_KE, ECP_256, 0);
	ck_assert_int_eq(p->count_algorithms(p, TRANSFORM_KE), 101);
	sel = p->select(p, q);
	assert_str(sel, "IKE:ECP_256");
	sel->destroy(sel);
	p->destroy(p);
	q->destroy(q);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("proposal");
	TCase *tc = tcase_create("proposal");

	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_accessors);
	tcase_add_test(tc, test_select_basic);
	tcase_add_test(tc, test_select_preference);
	tcase_add_test(tc, test_select_mismatch);
	tcase_add_test(tc, test_select_esn);
	tcase_add_test(tc, test_select_none);
	tcase_add_test(tc, test_select_list);
	tcase_add_test(tc, test_equals_clone);
	tcase_add_test(tc, test_many_transforms);
	suite_add_tcase(s, tc);
	return s;
}
