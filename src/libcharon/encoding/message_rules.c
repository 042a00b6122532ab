/*
 * The payload rule table.
 *
 * Minimums are only set for requests: a response may be a bare error
 * Notify (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, COOKIE, …) instead of
 * the usual payloads, which the task then checks for. Maximums apply to
 * both. Payloads not listed are not allowed at all.
 */
#include <stdio.h>

#include "encoding/message_rules.h"
#include "encoding/enc_counters.h"

#define ANY 0xffff

typedef struct payload_rule_t {
	payload_type_t type;
	uint16_t min;
	uint16_t max;
} payload_rule_t;

typedef struct message_rule_t {
	exchange_type_t exchange;
	bool request;
	/* everything inside SK, nothing outside; else no SK at all */
	bool encrypted;
	const payload_rule_t *rules;
	size_t count;
} message_rule_t;

static const payload_rule_t ike_sa_init_i[] = {
	{ PL_SA, 1, 1 },
	{ PL_KE, 1, 1 },
	{ PL_NONCE, 1, 1 },
	{ PL_NOTIFY, 0, ANY },
	{ PL_VENDOR, 0, ANY },
	{ PL_CERTREQ, 0, ANY },
};

static const payload_rule_t ike_sa_init_r[] = {
	{ PL_SA, 0, 1 },
	{ PL_KE, 0, 1 },
	{ PL_NONCE, 0, 1 },
	{ PL_NOTIFY, 0, ANY },
	{ PL_VENDOR, 0, ANY },
	{ PL_CERTREQ, 0, ANY },
};

/* EAP rounds carry only EAP (and AUTH at the end), so IDi is optional */
static const payload_rule_t ike_auth_i[] = {
	{ PL_IDI, 0, 1 },
	{ PL_IDR, 0, 1 },
	{ PL_CERT, 0, ANY },
	{ PL_CERTREQ, 0, ANY },
	{ PL_AUTH, 0, 1 },
	{ PL_EAP, 0, 1 },
	{ PL_SA, 0, 1 },
	{ PL_TSI, 0, 1 },
	{ PL_TSR, 0, 1 },
	{ PL_NOTIFY, 0, ANY },
	{ PL_CP, 0, 1 },
	{ PL_VENDOR, 0, ANY },
};

static const payload_rule_t ike_auth_r[] = {
	{ PL_IDR, 0, 1 },
	{ PL_CERT, 0, ANY },
	{ PL_AUTH, 0, 1 },
	{ PL_EAP, 0, 1 },
	{ PL_SA, 0, 1 },
	{ PL_TSI, 0, 1 },
	{ PL_TSR, 0, 1 },
	{ PL_NOTIFY, 0, ANY },
	{ PL_CP, 0, 1 },
	{ PL_VENDOR, 0, ANY },
};

static const payload_rule_t create_child_sa_i[] = {
	{ PL_SA, 1, 1 },
	{ PL_NONCE, 1, 1 },
	{ PL_KE, 0, 1 },
	{ PL_TSI, 0, 1 },
	{ PL_TSR, 0, 1 },
	{ PL_NOTIFY, 0, ANY },
};

static const payload_rule_t create_child_sa_r[] = {
	{ PL_SA, 0, 1 },
	{ PL_NONCE, 0, 1 },
	{ PL_KE, 0, 1 },
	{ PL_TSI, 0, 1 },
	{ PL_TSR, 0, 1 },
	{ PL_NOTIFY, 0, ANY },
};

static const payload_rule_t informational[] = {
	{ PL_NOTIFY, 0, ANY },
	{ PL_DELETE, 0, ANY },
	{ PL_CP, 0, 1 },
};

#define RULE(x, req, enc, r) { x, req, enc, r, countof(r) }

static const message_rule_t table[] = {
	RULE(IKE_SA_INIT, true, false, ike_sa_init_i),
	RULE(IKE_SA_INIT, false, false, ike_sa_init_r),
	RULE(IKE_AUTH, true, true, ike_auth_i),
	RULE(IKE_AUTH, false, true, ike_auth_r),
	RULE(CREATE_CHILD_SA, true, true, create_child_sa_i),
	RULE(CREATE_CHILD_SA, false, true, create_child_sa_r),
	RULE(INFORMATIONAL, true, true, informational),
	RULE(INFORMATIONAL, false, true, informational),
};

static const message_rule_t *find_rule(exchange_type_t exchange, bool request)
{
	size_t i;

	for (i = 0; i < countof(table); i++) {
		if (table[i].exchange == exchange && table[i].request == request) {
			return &table[i];
		}
	}
	return NULL;
}

bool message_rules_encrypted(exchange_type_t exchange)
{
	const message_rule_t *rule = find_rule(exchange, true);

	return rule && rule->encrypted;
}

static const char *type_name(payload_type_t type)
{
	return payload_type_name(type) ?: "?";
}

static const char *exchange_name(exchange_type_t exchange)
{
	return exchange_type_name(exchange) ?: "unknown exchange";
}

/* inbound violations are the peer's and counted; outbound ones are ours */
static void violation(bool inbound, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void violation(bool inbound, const char *func, const char *fmt, ...)
{
	char buf[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (inbound) {
		enc_reject(ENC_CNT_RULE_VIOLATION, func, "%s", buf);
	} else {
		DBG1(DBG_ENC, "%s: generating invalid message: %s", func, buf);
	}
}

static int count_type(linked_list_t *payloads, payload_type_t type)
{
	enumerator_t *e;
	payload_t *payload;
	int count = 0;

	e = payloads->create_enumerator(payloads);
	while (e->enumerate(e, &payload)) {
		if (payload->get_type(payload) == type) {
			count++;
		}
	}
	e->destroy(e);
	return count;
}

static const payload_rule_t *find_payload_rule(const message_rule_t *rule,
					       payload_type_t type)
{
	size_t i;

	for (i = 0; i < rule->count; i++) {
		if (rule->rules[i].type == type) {
			return &rule->rules[i];
		}
	}
	return NULL;
}

status_t message_rules_check_protection(exchange_type_t exchange, bool request,
					bool has_sk, int plain_count, bool inbound)
{
	const message_rule_t *rule = find_rule(exchange, request);
	const char *dir = request ? "request" : "response";

	if (!rule) {
		violation(inbound, __func__, "no rules for exchange %d", exchange);
		return VERIFY_ERROR;
	}
	if (rule->encrypted && (!has_sk || plain_count)) {
		violation(inbound, __func__, "%s %s: %s, %d payloads outside SK",
			  exchange_name(exchange), dir,
			  has_sk ? "SK present" : "no SK", plain_count);
		return VERIFY_ERROR;
	}
	if (!rule->encrypted && has_sk) {
		violation(inbound, __func__, "%s %s: SK not allowed",
			  exchange_name(exchange), dir);
		return VERIFY_ERROR;
	}
	return SUCCESS;
}

status_t message_rules_check_payload(exchange_type_t exchange, bool request,
				     payload_type_t type, bool in_sk, bool inbound)
{
	const message_rule_t *rule = find_rule(exchange, request);
	const char *dir = request ? "request" : "response";

	if (!rule) {
		violation(inbound, __func__, "no rules for exchange %d", exchange);
		return VERIFY_ERROR;
	}
	if (rule->encrypted != in_sk) {
		violation(inbound, __func__, "%s %s: %s %s SK",
			  exchange_name(exchange), dir, type_name(type),
			  in_sk ? "inside" : "outside");
		return VERIFY_ERROR;
	}
	if (!find_payload_rule(rule, type)) {
		violation(inbound, __func__, "%s %s: %s not allowed",
			  exchange_name(exchange), dir, type_name(type));
		return VERIFY_ERROR;
	}
	return SUCCESS;
}

status_t message_rules_check(exchange_type_t exchange, bool request,
			     linked_list_t *payloads, bool has_sk, int plain_count,
			     bool inbound)
{
	const message_rule_t *rule = find_rule(exchange, request);
	const char *dir = request ? "request" : "response";
	enumerator_t *e;
	payload_t *payload;
	payload_type_t type;
	size_t i;
	int count;

	if (message_rules_check_protection(exchange, request, has_sk, plain_count,
					   inbound) != SUCCESS) {
		return VERIFY_ERROR;
	}
	e = payloads->create_enumerator(payloads);
	while (e->enumerate(e, &payload)) {
		type = payload->get_type(payload);
		if (!find_payload_rule(rule, type)) {
			violation(inbound, __func__, "%s %s: %s not allowed",
				  exchange_name(exchange), dir, type_name(type));
			e->destroy(e);
			return VERIFY_ERROR;
		}
	}
	e->destroy(e);
	for (i = 0; i < rule->count; i++) {
		count = count_type(payloads, rule->rules[i].type);
		if (count < rule->rules[i].min || count > rule->rules[i].max) {
			violation(inbound, __func__,
				  "%s %s: %d %s payloads, allowed %u to %u",
				  exchange_name(exchange), dir, count,
				  type_name(rule->rules[i].type),
				  rule->rules[i].min, rule->rules[i].max);
			return VERIFY_ERROR;
		}
	}
	return SUCCESS;
}
