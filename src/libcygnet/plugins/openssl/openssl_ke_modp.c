/*
 * MODP Diffie-Hellman (RFC 7296 §3.4) through EVP_PKEY "DH". The RFC 3526
 * groups are OpenSSL's named groups "modp_1536" … "modp_8192" (OpenSSL knows
 * their subgroup order, so it checks peer values for subgroup membership);
 * group 2 from RFC 2409 has no name there and is given as explicit p and g.
 * Public values and the secret are padded to the prime's length.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "openssl_ke.h"

/* RFC 2409 §6.2: 2^1024 - 2^960 - 1 + 2^64 * ([2^894 pi] + 129093) */
static const char modp1024_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381"
	"FFFFFFFFFFFFFFFF";

#define MODP_GENERATOR	2

typedef struct private_ke_t {
	openssl_ke_t ke;
	/** OpenSSL group name, NULL for explicit parameters */
	const char *group;
	/** the prime, kept for padding and fixed private keys */
	BIGNUM *p;
	size_t prime_len;
} private_ke_t;

static const char *group_name(key_exchange_method_t method)
{
	switch (method) {
	case MODP_1536:
		return "modp_1536";
	case MODP_2048:
		return "modp_2048";
	case MODP_3072:
		return "modp_3072";
	case MODP_4096:
		return "modp_4096";
	case MODP_6144:
		return "modp_6144";
	case MODP_8192:
		return "modp_8192";
	default:
		return NULL;
	}
}

/*
 * Import a DH key of our group. @p pub and @p priv may be NULL; with both
 * NULL the result holds parameters only.
 */
static EVP_PKEY *import_key(private_ke_t *this, const BIGNUM *pub,
			    const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	int selection = priv ? EVP_PKEY_KEYPAIR :
			pub ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS;

	if (!bld) {
		return NULL;
	}
	if (this->group) {
		if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
						     this->group, 0)) {
			goto out;
		}
	} else if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, this->p) ||
		   !OSSL_PARAM_BLD_push_uint(bld, OSSL_PKEY_PARAM_FFC_G,
					     MODP_GENERATOR)) {
		goto out;
	}
	if ((pub && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub)) ||
	    (priv && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv))) {
		goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, selection, params) != 1) {
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(ctx);
	/* a secure BIGNUM's copy sits in a block this clears */
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return key;
}

static bool generate_key(private_ke_t *this)
{
	EVP_PKEY *domain = import_key(this, NULL, NULL);
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;

	if (domain) {
		ctx = EVP_PKEY_CTX_new_from_pkey(NULL, domain, NULL);
	}
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_generate(ctx, &key) != 1) {
		DBG1(DBG_LIB, "ke: generating a %s key failed",
		     key_exchange_method_name(this->ke.method));
		key = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(domain);
	if (!key) {
		return false;
	}
	EVP_PKEY_free(this->ke.key);
	this->ke.key = key;
	return true;
}

static bool ke_get_public_key(key_exchange_t *public, chunk_t *value)
{
	private_ke_t *this = (private_ke_t *)public;
	BIGNUM *pub = NULL;
	chunk_t result;

	if (!EVP_PKEY_get_bn_param(this->ke.key, OSSL_PKEY_PARAM_PUB_KEY, &pub)) {
		return false;
	}
	result = chunk_alloc(this->prime_len);
	if (BN_bn2binpad(pub, result.ptr, (int)result.len) < 0) {
		chunk_free(&result);
		BN_free(pub);
		return false;
	}
	BN_free(pub);
	*value = result;
	return true;
}

static bool ke_set_public_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	EVP_PKEY *peer;
	BIGNUM *pub;

	chunk_clear(&this->ke.secret);
	/* RFC 7296 §3.4: the value is padded to the prime's length */
	if (!openssl_ke_check_len(&this->ke, "public", value.len,
				  this->prime_len)) {
		return false;
	}
	pub = BN_bin2bn(value.ptr, (int)value.len, NULL);
	if (!pub) {
		return false;
	}
	peer = import_key(this, pub, NULL);
	BN_free(pub);
	return openssl_ke_set_peer(&this->ke, peer, true, "rejected");
}

static bool ke_set_private_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	BIGNUM *priv, *pub = BN_new(), *g = BN_new();
	BN_CTX *bnctx = BN_CTX_new();
	EVP_PKEY *key = NULL;

	priv = BN_bin2bn(value.ptr, (int)value.len, BN_secure_new());
	if (priv && pub && g && bnctx && BN_set_word(g, MODP_GENERATOR)) {
		BN_set_flags(priv, BN_FLG_CONSTTIME);
		/* OpenSSL imports a DH private key only with its public half */
		if (BN_mod_exp_mont_consttime(pub, g, priv, this->p, bnctx, NULL)) {
			key = import_key(this, pub, priv);
		}
	}
	BN_clear_free(priv);
	BN_free(pub);
	BN_free(g);
	BN_CTX_free(bnctx);
	return openssl_ke_set_key(&this->ke, key);
}

static void ke_destroy(key_exchange_t *public)
{
	private_ke_t *this = (private_ke_t *)public;

	BN_free(this->p);
	openssl_ke_destroy(public);
}

key_exchange_t *openssl_ke_modp_create(key_exchange_method_t method)
{
	private_ke_t *this;
	const char *group = group_name(method);

	if (!group && method != MODP_1024) {
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_ke_t){
		.ke = openssl_ke_base(method, ke_get_public_key, ke_set_public_key,
				      ke_set_private_key, ke_destroy),
		.group = group,
	};
	if (!group && !BN_hex2bn(&this->p, modp1024_p)) {
		ke_destroy(&this->ke.public);
		return NULL;
	}
	if (!generate_key(this)) {
		ke_destroy(&this->ke.public);
		return NULL;
	}
	if (group && !EVP_PKEY_get_bn_param(this->ke.key, OSSL_PKEY_PARAM_FFC_P,
					    &this->p)) {
		ke_destroy(&this->ke.public);
		return NULL;
	}
	this->prime_len = (size_t)BN_num_bytes(this->p);
	return &this->ke.public;
}
