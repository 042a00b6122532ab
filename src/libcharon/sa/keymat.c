/*
 * IKEv2 key derivation (RFC 7296 §2.13-2.18). Keys live only here and in
 * the crypto objects built from them; every intermediate secret is wiped.
 */
#include "sa/keymat.h"

#include <endian.h>

#include "crypto/crypto_factory.h"

typedef struct private_keymat_t {
	keymat_t public;
	/** We initiated the IKE_SA (decides which SK_x are ours). */
	bool initiator;
	/** Negotiated PRF object, keyed per use. */
	prf_t *prf;
	pseudo_random_function_t prf_alg;
	chunk_t skd;
	chunk_t skp_i;
	chunk_t skp_r;
	sk_crypto_t *sk;
} private_keymat_t;

/* Take @p len bytes off the front of @p stream into a new chunk. */
static chunk_t take_key(chunk_t *stream, size_t len)
{
	chunk_t key = chunk_clone(chunk_head(*stream, len));

	*stream = chunk_skip(*stream, len);
	return key;
}

/* Key length of the encryption transform in bytes, 0 = the algorithm's default. */
static size_t encr_key_bytes(proposal_t *proposal)
{
	uint16_t alg, bits;

	if (!proposal->get_algorithm(proposal, TRANSFORM_ENCR, 0, &alg, &bits)) {
		return 0;
	}
	return bits / 8;
}

/* One direction's SK_e/SK_a objects, keys not yet set. */
typedef struct {
	aead_t *aead;
	crypter_t *crypter;
	signer_t *signer;
} sk_half_t;

static bool create_half(proposal_t *proposal, sk_half_t *half)
{
	uint16_t encr, integ;

	*half = (sk_half_t){ 0 };
	if (!proposal->get_algorithm(proposal, TRANSFORM_ENCR, 0, &encr, NULL)) {
		DBG1(DBG_IKE, "no encryption algorithm in the selected proposal");
		return false;
	}
	if (encryption_algorithm_is_aead(encr)) {
		half->aead = lib->crypto->create_aead(lib->crypto, encr, encr_key_bytes(proposal));
		if (!half->aead) {
			DBG1(DBG_IKE, "%s not supported", encryption_algorithm_name(encr));
		}
		return half->aead != NULL;
	}
	if (!proposal->get_algorithm(proposal, TRANSFORM_INTEG, 0, &integ, NULL)) {
		DBG1(DBG_IKE, "no integrity algorithm for %s", encryption_algorithm_name(encr));
		return false;
	}
	half->crypter = lib->crypto->create_crypter(lib->crypto, encr, encr_key_bytes(proposal));
	half->signer = lib->crypto->create_signer(lib->crypto, integ);
	if (!half->crypter || !half->signer) {
		DBG1(DBG_IKE, "%s/%s not supported", encryption_algorithm_name(encr),
		     integrity_algorithm_name(integ));
		DESTROY_IF(half->crypter);
		DESTROY_IF(half->signer);
		return false;
	}
	return true;
}

static void destroy_half(sk_half_t *half)
{
	DESTROY_IF(half->aead);
	DESTROY_IF(half->crypter);
	DESTROY_IF(half->signer);
}

static size_t half_integ_size(sk_half_t *half)
{
	return half->signer ? half->signer->get_key_size(half->signer) : 0;
}

static size_t half_encr_size(sk_half_t *half)
{
	return half->aead ? half->aead->get_key_size(half->aead)
			  : half->crypter->get_key_size(half->crypter);
}

static bool set_half_keys(sk_half_t *half, chunk_t encr, chunk_t integ)
{
	if (half->aead) {
		return half->aead->set_key(half->aead, encr);
	}
	return half->crypter->set_key(half->crypter, encr) &&
	       half->signer->set_key(half->signer, integ);
}

static void clear_keys(private_keymat_t *this)
{
	chunk_clear(&this->skd);
	chunk_clear(&this->skp_i);
	chunk_clear(&this->skp_r);
	DESTROY_IF(this->sk);
	this->sk = NULL;
}

/* Split prf+ output into SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr. */
static bool split_ike_keys(private_keymat_t *this, chunk_t stream, sk_half_t *half_i,
			   sk_half_t *half_r)
{
	size_t prf_len = this->prf->get_key_size(this->prf);
	chunk_t ai, ar, ei, er;
	bool ok;

	this->skd = take_key(&stream, prf_len);
	ai = take_key(&stream, half_integ_size(half_i));
	ar = take_key(&stream, half_integ_size(half_r));
	ei = take_key(&stream, half_encr_size(half_i));
	er = take_key(&stream, half_encr_size(half_r));
	this->skp_i = take_key(&stream, prf_len);
	this->skp_r = take_key(&stream, prf_len);

	ok = set_half_keys(half_i, ei, ai) && set_half_keys(half_r, er, ar);
	chunk_clear(&ai);
	chunk_clear(&ar);
	chunk_clear(&ei);
	chunk_clear(&er);
	return ok;
}

/* Messages from the peer are protected with the peer's keys. */
static sk_crypto_t *build_sk(private_keymat_t *this, sk_half_t *half_i, sk_half_t *half_r)
{
	sk_half_t *in = this->initiator ? half_r : half_i;
	sk_half_t *out = this->initiator ? half_i : half_r;
	sk_crypto_t *sk;

	if (in->aead) {
		sk = sk_crypto_create_aead(in->aead, out->aead);
	} else {
		sk = sk_crypto_create_traditional(in->crypter, in->signer,
						  out->crypter, out->signer);
	}
	/* the sk_crypto owns them now, even if it failed */
	*half_i = (sk_half_t){ 0 };
	*half_r = (sk_half_t){ 0 };
	return sk;
}

static bool derive_ike_keys(keymat_t *public, proposal_t *proposal, key_exchange_t *ke,
			    chunk_t nonce_i, chunk_t nonce_r, const ike_sa_id_t *id,
			    pseudo_random_function_t rekey_prf, chunk_t rekey_skd)
{
	private_keymat_t *this = (private_keymat_t *)public;
	sk_half_t half_i, half_r;
	chunk_t secret = chunk_empty, skeyseed = chunk_empty, seed, stream = chunk_empty;
	uint64_t spi_i = htobe64(id->initiator_spi), spi_r = htobe64(id->responder_spi);
	uint16_t prf_alg;
	size_t len;
	bool ok = false;

	clear_keys(this);
	if (!proposal->get_algorithm(proposal, TRANSFORM_PRF, 0, &prf_alg, NULL)) {
		DBG1(DBG_IKE, "no PRF in the selected proposal");
		return false;
	}
	DESTROY_IF(this->prf);
	this->prf = lib->crypto->create_prf(lib->crypto, prf_alg);
	this->prf_alg = prf_alg;
	if (!this->prf) {
		DBG1(DBG_IKE, "%s not supported", pseudo_random_function_name(prf_alg));
		return false;
	}
	if (!ke->get_shared_secret(ke, &secret)) {
		DBG1(DBG_IKE, "key exchange failed, no shared secret");
		return false;
	}
	if (!create_half(proposal, &half_i)) {
		chunk_clear(&secret);
		return false;
	}
	if (!create_half(proposal, &half_r)) {
		destroy_half(&half_i);
		chunk_clear(&secret);
		return false;
	}

	seed = chunk_cat(2, nonce_i, nonce_r);
	if (rekey_prf == PRF_UNDEFINED) {
		/* SKEYSEED = prf(Ni | Nr, g^ir) */
		ok = this->prf->set_key(this->prf, seed) &&
		     this->prf->allocate_bytes(this->prf, secret, &skeyseed);
	} else {
		/* SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), with the old PRF */
		prf_t *old = lib->crypto->create_prf(lib->crypto, rekey_prf);
		chunk_t input = chunk_cat(2, secret, seed);

		ok = old && old->set_key(old, rekey_skd) &&
		     old->allocate_bytes(old, input, &skeyseed);
		chunk_clear(&input);
		DESTROY_IF(old);
	}
	chunk_clear(&secret);
	if (ok) {
		chunk_t full = chunk_cat(3, seed, chunk_from_thing(spi_i), chunk_from_thing(spi_r));

		len = 3 * this->prf->get_key_size(this->prf) +
		      half_integ_size(&half_i) + half_integ_size(&half_r) +
		      half_encr_size(&half_i) + half_encr_size(&half_r);
		ok = this->prf->set_key(this->prf, skeyseed) &&
		     prf_plus(this->prf, full, len, &stream);
		chunk_free(&full);
	}
	chunk_free(&seed);
	chunk_clear(&skeyseed);
	if (ok) {
		ok = split_ike_keys(this, stream, &half_i, &half_r);
	}
	chunk_clear(&stream);
	if (!ok) {
		DBG1(DBG_IKE, "deriving IKE keys failed");
		destroy_half(&half_i);
		destroy_half(&half_r);
		clear_keys(this);
		return false;
	}
	this->sk = build_sk(this, &half_i, &half_r);
	if (!this->sk) {
		clear_keys(this);
		return false;
	}
	return true;
}

/* Key sizes of a CHILD_SA's encryption and integrity transforms. */
static bool child_key_sizes(proposal_t *proposal, size_t *encr_len, size_t *integ_len)
{
	uint16_t encr, integ = AUTH_UNDEFINED;
	size_t bytes = encr_key_bytes(proposal);

	*encr_len = *integ_len = 0;
	if (!proposal->get_algorithm(proposal, TRANSFORM_ENCR, 0, &encr, NULL)) {
		return false;
	}
	if (encryption_algorithm_is_aead(encr)) {
		aead_t *aead = lib->crypto->create_aead(lib->crypto, encr, bytes);

		if (!aead) {
			DBG1(DBG_CHD, "%s not supported", encryption_algorithm_name(encr));
			return false;
		}
		*encr_len = aead->get_key_size(aead);
		aead->destroy(aead);
		return true;
	}
	if (encr != ENCR_NULL) {
		crypter_t *crypter = lib->crypto->create_crypter(lib->crypto, encr, bytes);

		if (!crypter) {
			DBG1(DBG_CHD, "%s not supported", encryption_algorithm_name(encr));
			return false;
		}
		*encr_len = crypter->get_key_size(crypter);
		crypter->destroy(crypter);
	}
	if (proposal->get_algorithm(proposal, TRANSFORM_INTEG, 0, &integ, NULL) &&
	    integ != AUTH_UNDEFINED) {
		signer_t *signer = lib->crypto->create_signer(lib->crypto, integ);

		if (!signer) {
			DBG1(DBG_CHD, "%s not supported", integrity_algorithm_name(integ));
			return false;
		}
		*integ_len = signer->get_key_size(signer);
		signer->destroy(signer);
	}
	return true;
}

static bool derive_child_keys(keymat_t *public, proposal_t *proposal, key_exchange_t *ke,
			      chunk_t nonce_i, chunk_t nonce_r, chunk_t *encr_i,
			      chunk_t *integ_i, chunk_t *encr_r, chunk_t *integ_r)
{
	private_keymat_t *this = (private_keymat_t *)public;
	chunk_t secret = chunk_empty, seed, stream = chunk_empty, rest;
	size_t encr_len, integ_len;
	bool ok;

	*encr_i = *integ_i = *encr_r = *integ_r = chunk_empty;
	if (!this->prf || !child_key_sizes(proposal, &encr_len, &integ_len)) {
		return false;
	}
	if (ke && !ke->get_shared_secret(ke, &secret)) {
		DBG1(DBG_CHD, "PFS key exchange failed, no shared secret");
		return false;
	}
	/* KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) */
	seed = chunk_cat(3, secret, nonce_i, nonce_r);
	chunk_clear(&secret);
	ok = this->prf->set_key(this->prf, this->skd) &&
	     prf_plus(this->prf, seed, 2 * (encr_len + integ_len), &stream);
	chunk_clear(&seed);
	if (!ok) {
		DBG1(DBG_CHD, "deriving CHILD_SA keys failed");
		return false;
	}
	rest = stream;
	*encr_i = take_key(&rest, encr_len);
	*integ_i = take_key(&rest, integ_len);
	*encr_r = take_key(&rest, encr_len);
	*integ_r = take_key(&rest, integ_len);
	chunk_clear(&stream);
	return true;
}

static sk_crypto_t *get_sk_crypto(keymat_t *public)
{
	return ((private_keymat_t *)public)->sk;
}

static pseudo_random_function_t get_skd(keymat_t *public, chunk_t *skd)
{
	private_keymat_t *this = (private_keymat_t *)public;

	*skd = this->skd;
	return this->prf_alg;
}

static bool get_auth_octets(keymat_t *public, bool verify, chunk_t ike_sa_init,
			    chunk_t nonce, id_type_t id_type, chunk_t id_data,
			    chunk_t *octets)
{
	private_keymat_t *this = (private_keymat_t *)public;
	/* the signer's role: ours unless verifying the peer */
	bool signer_is_initiator = verify ? !this->initiator : this->initiator;
	uint8_t header[4] = { (uint8_t)id_type, 0, 0, 0 };
	chunk_t rest_of_id, maced_id;
	bool ok;

	if (!this->prf) {
		return false;
	}
	/* MACedIDForX = prf(SK_px, IDType | RESERVED | InitIDData) */
	rest_of_id = chunk_cat(2, chunk_from_thing(header), id_data);
	ok = this->prf->set_key(this->prf, signer_is_initiator ? this->skp_i : this->skp_r) &&
	     this->prf->allocate_bytes(this->prf, rest_of_id, &maced_id);
	chunk_free(&rest_of_id);
	if (!ok) {
		return false;
	}
	/* SignedOctets = RealMessage | NonceData of the peer | MACedID */
	*octets = chunk_cat(3, ike_sa_init, nonce, maced_id);
	chunk_free(&maced_id);
	return true;
}

#define IKEV2_KEY_PAD "Key Pad for IKEv2"

static bool get_psk_sig(keymat_t *public, bool verify, chunk_t ike_sa_init, chunk_t nonce,
			chunk_t secret, id_type_t id_type, chunk_t id_data, chunk_t *sig)
{
	private_keymat_t *this = (private_keymat_t *)public;
	chunk_t octets, pad_key = chunk_empty;
	bool ok;

	if (!get_auth_octets(public, verify, ike_sa_init, nonce, id_type, id_data, &octets)) {
		return false;
	}
	/* AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets) */
	ok = this->prf->set_key(this->prf, secret) &&
	     this->prf->allocate_bytes(this->prf, chunk_from_str(IKEV2_KEY_PAD), &pad_key) &&
	     this->prf->set_key(this->prf, pad_key) &&
	     this->prf->allocate_bytes(this->prf, octets, sig);
	chunk_clear(&pad_key);
	chunk_free(&octets);
	return ok;
}

static key_exchange_t *create_ke(keymat_t *public, key_exchange_method_t method)
{
	return lib->crypto->create_ke(lib->crypto, method);
}

static nonce_gen_t *create_nonce_gen(keymat_t *public)
{
	return lib->crypto->create_nonce_gen(lib->crypto);
}

static void destroy(keymat_t *public)
{
	private_keymat_t *this = (private_keymat_t *)public;

	clear_keys(this);
	DESTROY_IF(this->prf);
	free(this);
}

keymat_t *keymat_create(bool initiator)
{
	private_keymat_t *this = mem_zalloc(sizeof(*this));

	this->public = (keymat_t){
		.derive_ike_keys = derive_ike_keys,
		.derive_child_keys = derive_child_keys,
		.get_sk_crypto = get_sk_crypto,
		.get_skd = get_skd,
		.get_auth_octets = get_auth_octets,
		.get_psk_sig = get_psk_sig,
		.create_ke = create_ke,
		.create_nonce_gen = create_nonce_gen,
		.destroy = destroy,
	};
	this->initiator = initiator;
	return &this->public;
}
