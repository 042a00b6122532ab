/**
 * @file message_rules.h
 * Which payloads each exchange allows (RFC 7296 §1.2-1.5), how often, and
 * whether they travel in SK: one table, enforced on every parsed message
 * before any task runs, and on generated messages to catch our own bugs.
 */
#ifndef CHARON_MESSAGE_RULES_H
#define CHARON_MESSAGE_RULES_H

#include "encoding/message.h"
#include "collections/linked_list.h"

/**
 * True if messages of @p exchange carry all payloads in SK (false for
 * IKE_SA_INIT and for exchanges the table does not know).
 */
bool message_rules_encrypted(exchange_type_t exchange);

/**
 * Check only where the payloads travel: all in SK for encrypted
 * exchanges, no SK otherwise. Cheap enough to run before decrypting.
 * Arguments and result as for message_rules_check().
 */
status_t message_rules_check_protection(exchange_type_t exchange, bool request,
					bool has_sk, int plain_count,
					bool inbound);

/**
 * Check, before parsing it, that a payload of @p type may appear in the
 * message at all, inside or outside SK as @p in_sk says (counts are
 * checked later by message_rules_check()). Unauthenticated bytes of a
 * payload the exchange does not allow are never handed to its parser.
 * Arguments and result as for message_rules_check().
 */
status_t message_rules_check_payload(exchange_type_t exchange, bool request,
				     payload_type_t type, bool in_sk, bool inbound);

/**
 * Check a message's payloads against the table.
 * @param exchange	exchange type
 * @param request	request or response
 * @param payloads	the payloads (payload_t), outside and inside SK
 * @param has_sk	whether an SK payload carried them
 * @param plain_count	how many of @p payloads came before (outside) SK
 * @param inbound	a received message: violations are counted
 *			(ENC_CNT_RULE_VIOLATION) and logged rate-limited;
 *			else they are our own bug, logged only
 * @return		SUCCESS, or VERIFY_ERROR
 */
status_t message_rules_check(exchange_type_t exchange, bool request,
			     linked_list_t *payloads, bool has_sk, int plain_count,
			     bool inbound);

#endif
