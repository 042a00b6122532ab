/**
 * @file transform.h
 * IKEv2 transform types and IDs (IANA "IKEv2 Parameters" registry) and the
 * hash algorithms of RFC 7427, with their names as strongSwan prints them.
 */
#ifndef CYGNET_TRANSFORM_H
#define CYGNET_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum transform_type_t {
	TRANSFORM_ENCR = 1,
	TRANSFORM_PRF = 2,
	TRANSFORM_INTEG = 3,
	TRANSFORM_KE = 4,
	TRANSFORM_ESN = 5,
} transform_type_t;

/** Transform type 1, encryption (includes AEADs). */
typedef enum encryption_algorithm_t {
	ENCR_UNDEFINED = 0,
	ENCR_DES = 2,
	ENCR_3DES = 3,
	ENCR_NULL = 11,
	ENCR_AES_CBC = 12,
	ENCR_AES_CTR = 13,
	ENCR_AES_CCM_ICV8 = 14,
	ENCR_AES_CCM_ICV12 = 15,
	ENCR_AES_CCM_ICV16 = 16,
	ENCR_AES_GCM_ICV8 = 18,
	ENCR_AES_GCM_ICV12 = 19,
	ENCR_AES_GCM_ICV16 = 20,
	ENCR_NULL_AUTH_AES_GMAC = 21,
	ENCR_CAMELLIA_CBC = 23,
	ENCR_CHACHA20_POLY1305 = 28,
} encryption_algorithm_t;

/** Transform type 2, pseudo-random functions. */
typedef enum pseudo_random_function_t {
	PRF_UNDEFINED = 0,
	PRF_HMAC_MD5 = 1,
	PRF_HMAC_SHA1 = 2,
	PRF_AES128_XCBC = 4,
	PRF_HMAC_SHA2_256 = 5,
	PRF_HMAC_SHA2_384 = 6,
	PRF_HMAC_SHA2_512 = 7,
	PRF_AES128_CMAC = 8,
} pseudo_random_function_t;

/** Transform type 3, integrity algorithms. */
typedef enum integrity_algorithm_t {
	AUTH_UNDEFINED = 0,	/* also "NONE" on the wire */
	AUTH_HMAC_MD5_96 = 1,
	AUTH_HMAC_SHA1_96 = 2,
	AUTH_AES_XCBC_96 = 5,
	AUTH_HMAC_MD5_128 = 6,
	AUTH_HMAC_SHA1_160 = 7,
	AUTH_AES_CMAC_96 = 8,
	AUTH_HMAC_SHA2_256_128 = 12,
	AUTH_HMAC_SHA2_384_192 = 13,
	AUTH_HMAC_SHA2_512_256 = 14,
	/* private use: untruncated HMACs, for tests and PRF-as-MAC uses */
	AUTH_HMAC_SHA2_256_256 = 1024,
	AUTH_HMAC_SHA2_384_384 = 1025,
	AUTH_HMAC_SHA2_512_512 = 1026,
} integrity_algorithm_t;

/** Transform type 4, key exchange methods (Diffie-Hellman groups). */
typedef enum key_exchange_method_t {
	KE_NONE = 0,
	MODP_768 = 1,
	MODP_1024 = 2,
	MODP_1536 = 5,
	MODP_2048 = 14,
	MODP_3072 = 15,
	MODP_4096 = 16,
	MODP_6144 = 17,
	MODP_8192 = 18,
	ECP_256 = 19,
	ECP_384 = 20,
	ECP_521 = 21,
	CURVE_25519 = 31,
	CURVE_448 = 32,
} key_exchange_method_t;

/** Transform type 5, extended sequence numbers. */
typedef enum esn_t {
	NO_EXT_SEQ = 0,
	EXT_SEQ = 1,
} esn_t;

/** Hash algorithms, numbered as in RFC 7427 §7 (IANA hash algorithms). */
typedef enum hash_algorithm_t {
	HASH_UNKNOWN = 0,
	HASH_SHA1 = 1,
	HASH_SHA256 = 2,
	HASH_SHA384 = 3,
	HASH_SHA512 = 4,
	HASH_IDENTITY = 5,
	/* private use, outside the IANA range */
	HASH_MD5 = 1024,
	HASH_SHA224 = 1025,
} hash_algorithm_t;

/** Names as strongSwan prints them ("AES_CBC", "HMAC_SHA2_256_128", …). */
const char *encryption_algorithm_name(encryption_algorithm_t alg);
const char *pseudo_random_function_name(pseudo_random_function_t alg);
const char *integrity_algorithm_name(integrity_algorithm_t alg);
const char *key_exchange_method_name(key_exchange_method_t ke);
const char *hash_algorithm_name(hash_algorithm_t alg);
const char *transform_type_name(transform_type_t type);

/** Name of any transform, dispatching on its type. */
const char *transform_name(transform_type_t type, int id);

/** True for the combined-mode (AEAD) encryption algorithms. */
bool encryption_algorithm_is_aead(encryption_algorithm_t alg);

/** Output length in bytes of a hash. */
size_t hash_algorithm_size(hash_algorithm_t alg);

/** Hash underlying an HMAC PRF (HASH_UNKNOWN for non-HMAC PRFs). */
hash_algorithm_t hash_from_prf(pseudo_random_function_t prf);

/** Hash underlying an HMAC integrity algorithm. */
hash_algorithm_t hash_from_integrity(integrity_algorithm_t alg);

/** Truncated output length in bytes of an integrity algorithm, 0 if unknown. */
size_t integrity_algorithm_size(integrity_algorithm_t alg);

#endif
