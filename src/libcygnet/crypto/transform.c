/*
 * Names and properties of IKEv2 transforms. The names match what strongSwan
 * prints in `ipsec statusall` and `listalgs`, because scripts parse them.
 * Tables also name IANA IDs cygnet does not implement, so a peer's
 * proposal of them still logs readably.
 */
#include <stdio.h>

#include "crypto/transform.h"

typedef struct {
	int id;
	const char *name;
} id_name_t;

static const id_name_t encr_names[] = {
	{ ENCR_UNDEFINED, "UNDEFINED" },
	{ 1, "DES_IV64" },
	{ ENCR_DES, "DES_CBC" },
	{ ENCR_3DES, "3DES_CBC" },
	{ 4, "RC5_CBC" },
	{ 5, "IDEA_CBC" },
	{ 6, "CAST_CBC" },
	{ 7, "BLOWFISH_CBC" },
	{ 8, "3IDEA" },
	{ 9, "DES_IV32" },
	{ ENCR_NULL, "NULL" },
	{ ENCR_AES_CBC, "AES_CBC" },
	{ ENCR_AES_CTR, "AES_CTR" },
	{ ENCR_AES_CCM_ICV8, "AES_CCM_8" },
	{ ENCR_AES_CCM_ICV12, "AES_CCM_12" },
	{ ENCR_AES_CCM_ICV16, "AES_CCM_16" },
	{ ENCR_AES_GCM_ICV8, "AES_GCM_8" },
	{ ENCR_AES_GCM_ICV12, "AES_GCM_12" },
	{ ENCR_AES_GCM_ICV16, "AES_GCM_16" },
	{ ENCR_NULL_AUTH_AES_GMAC, "NULL_AES_GMAC" },
	{ ENCR_CAMELLIA_CBC, "CAMELLIA_CBC" },
	{ 24, "CAMELLIA_CTR" },
	{ 25, "CAMELLIA_CCM_8" },
	{ 26, "CAMELLIA_CCM_12" },
	{ 27, "CAMELLIA_CCM_16" },
	{ ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305" },
};

static const id_name_t prf_names[] = {
	{ PRF_UNDEFINED, "UNDEFINED" },
	{ PRF_HMAC_MD5, "PRF_HMAC_MD5" },
	{ PRF_HMAC_SHA1, "PRF_HMAC_SHA1" },
	{ 3, "PRF_HMAC_TIGER" },
	{ PRF_AES128_XCBC, "PRF_AES128_XCBC" },
	{ PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256" },
	{ PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384" },
	{ PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512" },
	{ PRF_AES128_CMAC, "PRF_AES128_CMAC" },
};

static const id_name_t integ_names[] = {
	{ AUTH_UNDEFINED, "UNDEFINED" },
	{ AUTH_HMAC_MD5_96, "HMAC_MD5_96" },
	{ AUTH_HMAC_SHA1_96, "HMAC_SHA1_96" },
	{ 3, "DES_MAC" },
	{ 4, "KPDK_MD5" },
	{ AUTH_AES_XCBC_96, "AES_XCBC_96" },
	{ AUTH_HMAC_MD5_128, "HMAC_MD5_128" },
	{ AUTH_HMAC_SHA1_160, "HMAC_SHA1_160" },
	{ AUTH_AES_CMAC_96, "AES_CMAC_96" },
	{ 9, "AES_128_GMAC" },
	{ 10, "AES_192_GMAC" },
	{ 11, "AES_256_GMAC" },
	{ AUTH_HMAC_SHA2_256_128, "HMAC_SHA2_256_128" },
	{ AUTH_HMAC_SHA2_384_192, "HMAC_SHA2_384_192" },
	{ AUTH_HMAC_SHA2_512_256, "HMAC_SHA2_512_256" },
	{ AUTH_HMAC_SHA2_256_256, "HMAC_SHA2_256_256" },
	{ AUTH_HMAC_SHA2_384_384, "HMAC_SHA2_384_384" },
	{ AUTH_HMAC_SHA2_512_512, "HMAC_SHA2_512_512" },
};

static const id_name_t ke_names[] = {
	{ KE_NONE, "KE_NONE" },
	{ MODP_768, "MODP_768" },
	{ MODP_1024, "MODP_1024" },
	{ MODP_1536, "MODP_1536" },
	{ MODP_2048, "MODP_2048" },
	{ MODP_3072, "MODP_3072" },
	{ MODP_4096, "MODP_4096" },
	{ MODP_6144, "MODP_6144" },
	{ MODP_8192, "MODP_8192" },
	{ ECP_256, "ECP_256" },
	{ ECP_384, "ECP_384" },
	{ ECP_521, "ECP_521" },
	{ 22, "MODP_1024_160" },
	{ 23, "MODP_2048_224" },
	{ 24, "MODP_2048_256" },
	{ 25, "ECP_192" },
	{ 26, "ECP_224" },
	{ 27, "ECP_224_BP" },
	{ 28, "ECP_256_BP" },
	{ 29, "ECP_384_BP" },
	{ 30, "ECP_512_BP" },
	{ CURVE_25519, "CURVE_25519" },
	{ CURVE_448, "CURVE_448" },
	{ 35, "ML_KEM_512" },
	{ 36, "ML_KEM_768" },
	{ 37, "ML_KEM_1024" },
};

static const id_name_t hash_names[] = {
	{ HASH_UNKNOWN, "HASH_UNKNOWN" },
	{ HASH_SHA1, "HASH_SHA1" },
	{ HASH_SHA256, "HASH_SHA2_256" },
	{ HASH_SHA384, "HASH_SHA2_384" },
	{ HASH_SHA512, "HASH_SHA2_512" },
	{ HASH_IDENTITY, "HASH_IDENTITY" },
	{ HASH_MD5, "HASH_MD5" },
	{ HASH_SHA224, "HASH_SHA2_224" },
};

static const id_name_t esn_names[] = {
	{ NO_EXT_SEQ, "NO_EXT_SEQ" },
	{ EXT_SEQ, "EXT_SEQ" },
};

static const id_name_t type_names[] = {
	{ 0, "UNDEFINED_TRANSFORM_TYPE" },
	{ TRANSFORM_ENCR, "ENCRYPTION_ALGORITHM" },
	{ TRANSFORM_PRF, "PSEUDO_RANDOM_FUNCTION" },
	{ TRANSFORM_INTEG, "INTEGRITY_ALGORITHM" },
	{ TRANSFORM_KE, "KEY_EXCHANGE_METHOD" },
	{ TRANSFORM_ESN, "EXTENDED_SEQUENCE_NUMBERS" },
};

/*
 * Unknown IDs print as "(id)", like strongSwan. A few buffers per thread
 * let one log line name several unknown IDs.
 */
static const char *lookup(const id_name_t *table, size_t count, int id)
{
	static __thread char bufs[4][16];
	static __thread unsigned int next;
	char *buf;
	size_t i;

	for (i = 0; i < count; i++) {
		if (table[i].id == id) {
			return table[i].name;
		}
	}
	buf = bufs[next++ % 4];
	snprintf(buf, sizeof(bufs[0]), "(%d)", id);
	return buf;
}

#define LOOKUP(table, id) lookup(table, sizeof(table) / sizeof(table[0]), (int)(id))

const char *encryption_algorithm_name(encryption_algorithm_t alg)
{
	return LOOKUP(encr_names, alg);
}

const char *pseudo_random_function_name(pseudo_random_function_t alg)
{
	return LOOKUP(prf_names, alg);
}

const char *integrity_algorithm_name(integrity_algorithm_t alg)
{
	return LOOKUP(integ_names, alg);
}

const char *key_exchange_method_name(key_exchange_method_t ke)
{
	return LOOKUP(ke_names, ke);
}

const char *hash_algorithm_name(hash_algorithm_t alg)
{
	return LOOKUP(hash_names, alg);
}

const char *transform_type_name(transform_type_t type)
{
	return LOOKUP(type_names, type);
}

const char *transform_name(transform_type_t type, int id)
{
	switch (type) {
	case TRANSFORM_ENCR:
		return LOOKUP(encr_names, id);
	case TRANSFORM_PRF:
		return LOOKUP(prf_names, id);
	case TRANSFORM_INTEG:
		return LOOKUP(integ_names, id);
	case TRANSFORM_KE:
		return LOOKUP(ke_names, id);
	case TRANSFORM_ESN:
		return LOOKUP(esn_names, id);
	}
	return lookup(NULL, 0, id);
}

bool encryption_algorithm_is_aead(encryption_algorithm_t alg)
{
	switch ((int)alg) {
	case ENCR_AES_CCM_ICV8:
	case ENCR_AES_CCM_ICV12:
	case ENCR_AES_CCM_ICV16:
	case ENCR_AES_GCM_ICV8:
	case ENCR_AES_GCM_ICV12:
	case ENCR_AES_GCM_ICV16:
	case ENCR_NULL_AUTH_AES_GMAC:
	case 25:	/* CAMELLIA_CCM_8/12/16 */
	case 26:
	case 27:
	case ENCR_CHACHA20_POLY1305:
		return true;
	default:
		return false;
	}
}

size_t hash_algorithm_size(hash_algorithm_t alg)
{
	switch (alg) {
	case HASH_SHA1:
		return 20;
	case HASH_SHA224:
		return 28;
	case HASH_SHA256:
		return 32;
	case HASH_SHA384:
		return 48;
	case HASH_SHA512:
		return 64;
	case HASH_MD5:
		return 16;
	case HASH_UNKNOWN:
	case HASH_IDENTITY:
		break;
	}
	return 0;
}

hash_algorithm_t hash_from_prf(pseudo_random_function_t prf)
{
	switch (prf) {
	case PRF_HMAC_MD5:
		return HASH_MD5;
	case PRF_HMAC_SHA1:
		return HASH_SHA1;
	case PRF_HMAC_SHA2_256:
		return HASH_SHA256;
	case PRF_HMAC_SHA2_384:
		return HASH_SHA384;
	case PRF_HMAC_SHA2_512:
		return HASH_SHA512;
	case PRF_UNDEFINED:
	case PRF_AES128_XCBC:
	case PRF_AES128_CMAC:
		break;
	}
	return HASH_UNKNOWN;
}

hash_algorithm_t hash_from_integrity(integrity_algorithm_t alg)
{
	switch (alg) {
	case AUTH_HMAC_MD5_96:
	case AUTH_HMAC_MD5_128:
		return HASH_MD5;
	case AUTH_HMAC_SHA1_96:
	case AUTH_HMAC_SHA1_160:
		return HASH_SHA1;
	case AUTH_HMAC_SHA2_256_128:
	case AUTH_HMAC_SHA2_256_256:
		return HASH_SHA256;
	case AUTH_HMAC_SHA2_384_192:
	case AUTH_HMAC_SHA2_384_384:
		return HASH_SHA384;
	case AUTH_HMAC_SHA2_512_256:
	case AUTH_HMAC_SHA2_512_512:
		return HASH_SHA512;
	case AUTH_UNDEFINED:
	case AUTH_AES_XCBC_96:
	case AUTH_AES_CMAC_96:
		break;
	}
	return HASH_UNKNOWN;
}

size_t integrity_algorithm_size(integrity_algorithm_t alg)
{
	switch ((int)alg) {
	case AUTH_HMAC_MD5_96:
	case AUTH_HMAC_SHA1_96:
	case AUTH_AES_XCBC_96:
	case AUTH_AES_CMAC_96:
		return 12;
	case AUTH_HMAC_MD5_128:
	case AUTH_HMAC_SHA2_256_128:
	case 9:		/* AES_128/192/256_GMAC */
	case 10:
	case 11:
		return 16;
	case AUTH_HMAC_SHA1_160:
		return 20;
	case AUTH_HMAC_SHA2_384_192:
		return 24;
	case AUTH_HMAC_SHA2_512_256:
	case AUTH_HMAC_SHA2_256_256:
		return 32;
	case AUTH_HMAC_SHA2_384_384:
		return 48;
	case AUTH_HMAC_SHA2_512_512:
		return 64;
	default:
		return 0;
	}
}
