/**
 * @file proposal_keywords.h
 * strongSwan's algorithm keywords, as ike= and esp= in ipsec.conf use them:
 * "aes128-sha256-modp3072,aes256gcm16-prfsha384-ecp384!".
 *
 * A value is a comma-separated list of proposals, each a dash-separated list
 * of keywords (several of one kind are alternatives, in preference order). A
 * trailing '!' makes the list strict; without it strongSwan's default
 * proposals follow the configured ones, so the daemon still talks to peers
 * that propose something else.
 *
 * Rules, as strongSwan applies them:
 * - IKE without a prf keyword gets the PRFs matching its integrity keywords
 *   (sha256 → prfsha256), also with AEADs, where the integrity keywords only
 *   name the PRF and are then dropped: aes128gcm16-sha256-x25519 is
 *   AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519.
 * - IKE needs a PRF and a key exchange method; classic (non-AEAD) IKE needs
 *   an integrity algorithm. AEAD and classic ciphers cannot share a proposal.
 * - ESP with a key exchange method asks for PFS (a separate KE in
 *   CREATE_CHILD_SA); ESP without esn/noesn gets noesn. PRFs in ESP/AH are
 *   ignored, and so are ciphers in AH.
 */
#ifndef CHARON_PROPOSAL_KEYWORDS_H
#define CHARON_PROPOSAL_KEYWORDS_H

#include "library.h"
#include "collections/linked_list.h"
#include "config/proposal.h"

/** ike= when ipsec.conf sets none (strongSwan ≥ 5.4, ipsec.conf(5)). */
#define PROPOSAL_DEFAULT_IKE "aes128-sha256-modp3072"
/** esp= when ipsec.conf sets none (strongSwan ≥ 5.4, ipsec.conf(5)). */
#define PROPOSAL_DEFAULT_ESP "aes128-sha256"

/**
 * The transform one keyword names ("aes256gcm16", "prfsha384", "x25519").
 * Keywords are case-insensitive.
 *
 * @return	false for an unknown keyword
 */
bool proposal_keyword_lookup(const char *keyword, uint16_t *type, uint16_t *alg,
			     uint16_t *key_length);

/**
 * Parse one proposal ("aes128-sha256-modp3072") for @p protocol.
 *
 * @param err		receives why it failed (may be NULL)
 * @return		new proposal with number 1, or NULL (logged)
 */
proposal_t *proposal_keywords_parse(protocol_id_t protocol, const char *str,
				    char *err, size_t err_len);

/**
 * Parse a whole ike=/esp=/ah= value and append its proposals to @p list,
 * numbered on from the list's count; without a trailing '!' the defaults of
 * proposal_keywords_add_defaults() follow.
 *
 * @param err		receives why it failed, e.g. "unknown algorithm
 *			'aes129' in ike=" (may be NULL)
 * @return		false on error, @p list unchanged
 */
bool proposal_keywords_parse_list(protocol_id_t protocol, const char *str,
				  linked_list_t *list, char *err, size_t err_len);

/**
 * A default proposal: strongSwan 5.9's for @p protocol (IKE or ESP),
 * limited to algorithms cygnet implements (see proposal_keywords.c).
 *
 * @param aead		the AEAD proposal rather than the classic one
 * @return		new proposal, NULL for other protocols
 */
proposal_t *proposal_keywords_default(protocol_id_t protocol, bool aead);

/** Append the default AEAD proposal, then the classic one, to @p list. */
void proposal_keywords_add_defaults(protocol_id_t protocol, linked_list_t *list);

#endif
