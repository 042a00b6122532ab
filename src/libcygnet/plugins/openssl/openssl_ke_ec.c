/*
 * ECDH over the NIST prime curves (RFC 5903) through EVP_PKEY "EC". On the
 * wire the public value is x | y, each padded to the field size, without
 * the 0x04 point-format octet; the shared secret is the x coordinate.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "openssl_ke.h"

/* room for an uncompressed P-521 point: 0x04 | x | y */
#define POINT_MAX_LEN	(1 + 2 * 66)
#define POINT_UNCOMPRESSED	0x04

typedef struct private_ke_t {
	openssl_ke_t ke;
	/** OpenSSL curve name */
	const char *curve;
	/** bytes per coordinate */
	size_t coord_len;
} private_ke_t;

/* Import a key on our curve from an encoded point and/or private scalar. */
static EVP_PKEY *import_key(private_ke_t *this, chunk_t point,
			    const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;

	if (!bld ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     this->curve, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					      point.ptr, point.len) ||
	    (priv && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv))) {
		goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	/* importing decodes the point, which fails if it is not on the curve */
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, priv ? EVP_PKEY_KEYPAIR
					      : EVP_PKEY_PUBLIC_KEY, params) != 1) {
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(ctx);
	/* a secure BIGNUM's copy sits in a block this clears */
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return key;
}

static bool ke_get_public_key(key_exchange_t *public, chunk_t *value)
{
	private_ke_t *this = (private_ke_t *)public;
	uint8_t point[POINT_MAX_LEN];
	size_t len = 0;

	if (!EVP_PKEY_get_octet_string_param(this->ke.key,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
				sizeof(point), &len) ||
	    len != 1 + 2 * this->coord_len || point[0] != POINT_UNCOMPRESSED) {
		DBG1(DBG_LIB, "ke: cannot encode our %s public value",
		     key_exchange_method_name(this->ke.method));
		return false;
	}
	*value = chunk_clone(chunk_create(point + 1, len - 1));
	return true;
}

static bool ke_set_public_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	uint8_t point[POINT_MAX_LEN];
	EVP_PKEY *peer;

	chunk_clear(&this->ke.secret);
	if (!openssl_ke_check_len(&this->ke, "public", value.len,
				  2 * this->coord_len)) {
		return false;
	}
	point[0] = POINT_UNCOMPRESSED;
	memcpy(point + 1, value.ptr, value.len);
	peer = import_key(this, chunk_create(point, value.len + 1), NULL);
	return openssl_ke_set_peer(&this->ke, peer, false,
				   "is not a point on the curve");
}

/* The encoded public point d*G, which OpenSSL does not derive on import. */
static bool public_point(private_ke_t *this, const BIGNUM *priv,
			 uint8_t *buf, size_t *len)
{
	EC_GROUP *group;
	EC_POINT *pub = NULL;
	BN_CTX *bnctx = BN_CTX_new();
	bool ok = false;

	group = EC_GROUP_new_by_curve_name_ex(NULL, NULL,
					      EC_curve_nist2nid(this->curve));
	if (group && bnctx) {
		pub = EC_POINT_new(group);
	}
	if (pub && EC_POINT_mul(group, pub, priv, NULL, NULL, bnctx)) {
		*len = EC_POINT_point2oct(group, pub, POINT_CONVERSION_UNCOMPRESSED,
					  buf, POINT_MAX_LEN, bnctx);
		ok = *len > 0;
	}
	EC_POINT_free(pub);
	EC_GROUP_free(group);
	BN_CTX_free(bnctx);
	return ok;
}

static bool ke_set_private_key(key_exchange_t *public, chunk_t value)
{
	private_ke_t *this = (private_ke_t *)public;
	uint8_t point[POINT_MAX_LEN];
	EVP_PKEY *key = NULL;
	size_t len = 0;
	BIGNUM *priv;

	priv = BN_bin2bn(value.ptr, (int)value.len, BN_secure_new());
	if (priv) {
		BN_set_flags(priv, BN_FLG_CONSTTIME);
	}
	if (value.len == this->coord_len && priv && !BN_is_zero(priv) &&
	    public_point(this, priv, point, &len)) {
		key = import_key(this, chunk_create(point, len), priv);
	}
	BN_clear_free(priv);
	return openssl_ke_set_key(&this->ke, key);
}

key_exchange_t *openssl_ke_ec_create(key_exchange_method_t method)
{
	private_ke_t *this;
	const char *curve;
	size_t coord_len;

	switch (method) {
	case ECP_256:
		curve = "P-256";
		coord_len = 32;
		break;
	case ECP_384:
		curve = "P-384";
		coord_len = 48;
		break;
	case ECP_521:
		curve = "P-521";
		coord_len = 66;
		break;
	default:
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_ke_t){
		.ke = openssl_ke_base(method, ke_get_public_key, ke_set_public_key,
				      ke_set_private_key, openssl_ke_destroy),
		.curve = curve,
		.coord_len = coord_len,
	};
	this->ke.key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	if (!this->ke.key) {
		DBG1(DBG_LIB, "ke: generating a %s key failed", curve);
		openssl_ke_destroy(&this->ke.public);
		return NULL;
	}
	return &this->ke.public;
}
