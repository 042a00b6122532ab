/**
 * @file keymat.h
 * IKEv2 key material: SKEYSEED and the SK_* keys (RFC 7296 §2.14), CHILD_SA
 * keys (§2.17) and the octets AUTH payloads cover (§2.15).
 */
#ifndef CYGNET_KEYMAT_H
#define CYGNET_KEYMAT_H

#include "library.h"
#include "crypto/key_exchange.h"
#include "crypto/prf.h"
#include "crypto/nonce_gen.h"
#include "config/proposal.h"
#include "encoding/sk_crypto.h"
#include "utils/identification.h"
#include "sa/ike_sa_id.h"

typedef struct keymat_t keymat_t;

struct keymat_t {
	/**
	 * Derive SKEYSEED and SK_d, SK_ai/ar, SK_ei/er, SK_pi/pr.
	 * For an IKE_SA rekey, @p rekey_prf and @p rekey_skd are the old SA's
	 * PRF and SK_d (§2.18); otherwise PRF_UNDEFINED and empty.
	 * @p id holds both SPIs.
	 */
	bool (*derive_ike_keys)(keymat_t *this, proposal_t *proposal,
				key_exchange_t *ke, chunk_t nonce_i, chunk_t nonce_r,
				const ike_sa_id_t *id,
				pseudo_random_function_t rekey_prf, chunk_t rekey_skd);
	/**
	 * KEYMAT = prf+(SK_d, [g^ir (new)] | Ni | Nr), split into the
	 * initiator→responder keys then responder→initiator keys (§2.17).
	 * @p ke is the PFS exchange or NULL. All four outputs are allocated
	 * (integrity keys empty for AEADs).
	 */
	bool (*derive_child_keys)(keymat_t *this, proposal_t *proposal,
				  key_exchange_t *ke, chunk_t nonce_i, chunk_t nonce_r,
				  chunk_t *encr_i, chunk_t *integ_i,
				  chunk_t *encr_r, chunk_t *integ_r);
	/** SK payload protection; NULL before derive_ike_keys(). */
	sk_crypto_t *(*get_sk_crypto)(keymat_t *this);
	/** The negotiated PRF and SK_d (for rekeying); SK_d is not copied. */
	pseudo_random_function_t (*get_skd)(keymat_t *this, chunk_t *skd);
	/**
	 * The octets a signature covers (§2.15): the first message of the
	 * signer (@p ike_sa_init), the peer's nonce, prf(SK_px, IDx'). @p verify
	 * selects the peer's SK_p key and role. Allocated.
	 */
	bool (*get_auth_octets)(keymat_t *this, bool verify, chunk_t ike_sa_init,
				chunk_t nonce, id_type_t id_type, chunk_t id_data,
				chunk_t *octets);
	/**
	 * The AUTH value for a PSK: prf(prf(secret, "Key Pad for IKEv2"),
	 * auth octets). Allocated.
	 */
	bool (*get_psk_sig)(keymat_t *this, bool verify, chunk_t ike_sa_init,
			    chunk_t nonce, chunk_t secret, id_type_t id_type,
			    chunk_t id_data, chunk_t *sig);
	/** Create a key exchange object for @p method (lib->crypto). */
	key_exchange_t *(*create_ke)(keymat_t *this, key_exchange_method_t method);
	/** Create a nonce generator (lib->crypto). */
	nonce_gen_t *(*create_nonce_gen)(keymat_t *this);
	void (*destroy)(keymat_t *this);
};

/** Key material for an IKE_SA we (@p initiator) started or answered. */
keymat_t *keymat_create(bool initiator);

#endif
