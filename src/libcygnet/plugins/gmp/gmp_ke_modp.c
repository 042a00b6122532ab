/*
 * MODP Diffie-Hellman (RFC 7296 §3.4) on libgmp. The groups are RFC 3526's
 * safe primes with generator 2. Private exponents are twice the group's
 * security strength long (NIST SP 800-56A), public values and secrets are
 * padded to the prime's length, and a peer value must lie in the subgroup
 * of order q = (p-1)/2 (y^q = 1), which also rules out 0, 1 and p-1.
 */
#include <gmp.h>

#include "gmp_ke_modp.h"
#include "gmp_rsa.h"
#include "crypto/crypto_factory.h"

static const char modp2048_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

static const char modp3072_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

static const char modp4096_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D7"
	"88719A10BDBA5B2699C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8"
	"DBBBC2DB04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2"
	"233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA9"
	"93B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF";

typedef struct {
	key_exchange_t public;
	key_exchange_method_t method;
	mpz_t p;
	mpz_t q;
	mpz_t x;		/* our private exponent */
	mpz_t y;		/* our public value */
	size_t len;		/* prime length in bytes */
	chunk_t secret;
} private_gmp_ke_t;

static const struct {
	key_exchange_method_t method;
	const char *prime;
	size_t exp_bits;
} groups[] = {
	{ MODP_2048, modp2048_p, 256 },
	{ MODP_3072, modp3072_p, 320 },
	{ MODP_4096, modp4096_p, 384 },
};

static bool set_exponent(private_gmp_ke_t *this, chunk_t value)
{
	mpz_t g;

	mpz_import(this->x, value.len, 1, 1, 1, 0, value.ptr);
	if (mpz_cmp_ui(this->x, 1) <= 0) {
		return false;
	}
	mpz_init_set_ui(g, 2);
	mpz_powm_sec(this->y, g, this->x, this->p);
	mpz_clear(g);
	chunk_clear(&this->secret);
	return true;
}

static bool ke_get_public_key(key_exchange_t *public, chunk_t *value)
{
	private_gmp_ke_t *this = (private_gmp_ke_t *)public;

	*value = gmp_export(this->y, this->len);
	return value->len == this->len;
}

static bool ke_set_public_key(key_exchange_t *public, chunk_t value)
{
	private_gmp_ke_t *this = (private_gmp_ke_t *)public;
	mpz_t peer, check, s;
	bool ok;

	chunk_clear(&this->secret);
	if (value.len != this->len) {
		DBG1(DBG_LIB, "ke: %s public value of %zu bytes, need %zu",
		     key_exchange_method_name(this->method), value.len, this->len);
		return false;
	}
	mpz_inits(peer, check, s, NULL);
	mpz_import(peer, value.len, 1, 1, 1, 0, value.ptr);
	ok = mpz_cmp_ui(peer, 1) > 0 && mpz_cmp(peer, this->p) < 0;
	if (ok) {
		mpz_powm(check, peer, this->q, this->p);
		ok = mpz_cmp_ui(check, 1) == 0;
	}
	if (ok) {
		mpz_powm_sec(s, peer, this->x, this->p);
		this->secret = gmp_export(s, this->len);
		ok = this->secret.len == this->len;
	} else {
		DBG1(DBG_LIB, "ke: %s public value rejected",
		     key_exchange_method_name(this->method));
	}
	gmp_wipe(s);
	mpz_clears(peer, check, s, NULL);
	return ok;
}

static bool ke_get_shared_secret(key_exchange_t *public, chunk_t *secret)
{
	private_gmp_ke_t *this = (private_gmp_ke_t *)public;

	if (!this->secret.len) {
		DBG1(DBG_LIB, "ke: no %s shared secret yet",
		     key_exchange_method_name(this->method));
		return false;
	}
	*secret = chunk_clone(this->secret);
	return true;
}

static bool ke_set_private_key(key_exchange_t *public, chunk_t value)
{
	private_gmp_ke_t *this = (private_gmp_ke_t *)public;

	if (!set_exponent(this, value)) {
		DBG1(DBG_LIB, "ke: %s private value rejected",
		     key_exchange_method_name(this->method));
		return false;
	}
	return true;
}

static key_exchange_method_t ke_get_method(key_exchange_t *public)
{
	return ((private_gmp_ke_t *)public)->method;
}

static void ke_destroy(key_exchange_t *public)
{
	private_gmp_ke_t *this = (private_gmp_ke_t *)public;

	chunk_clear(&this->secret);
	gmp_wipe(this->x);
	mpz_clears(this->p, this->q, this->x, this->y, NULL);
	free(this);
}

key_exchange_t *gmp_ke_modp_create(key_exchange_method_t method)
{
	private_gmp_ke_t *this;
	rng_t *rng;
	chunk_t random;
	size_t i;
	bool ok;

	for (i = 0; i < countof(groups) && groups[i].method != method; i++) {
	}
	if (i == countof(groups)) {
		return NULL;
	}
	rng = lib->crypto->create_rng(lib->crypto, RNG_STRONG);
	if (!rng) {
		DBG1(DBG_LIB, "ke: no strong RNG for %s", key_exchange_method_name(method));
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_gmp_ke_t){
		.public = {
			.get_public_key = ke_get_public_key,
			.set_public_key = ke_set_public_key,
			.get_shared_secret = ke_get_shared_secret,
			.set_private_key = ke_set_private_key,
			.get_method = ke_get_method,
			.destroy = ke_destroy,
		},
		.method = method,
	};
	mpz_inits(this->q, this->x, this->y, NULL);
	mpz_init_set_str(this->p, groups[i].prime, 16);
	mpz_sub_ui(this->q, this->p, 1);
	mpz_fdiv_q_2exp(this->q, this->q, 1);
	this->len = (mpz_sizeinbase(this->p, 2) + 7) / 8;
	ok = rng->allocate_bytes(rng, groups[i].exp_bits / 8, &random);
	rng->destroy(rng);
	if (ok) {
		ok = set_exponent(this, random);
		chunk_clear(&random);
	}
	if (!ok) {
		ke_destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
