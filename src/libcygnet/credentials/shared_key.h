/**
 * @file shared_key.h
 * A secret shared with peers: a PSK from ipsec.secrets, an EAP password,
 * the passphrase of a private key.
 */
#ifndef CYGNET_SHARED_KEY_H
#define CYGNET_SHARED_KEY_H

#include "library.h"

typedef enum shared_key_type_t {
	SHARED_ANY = 0,
	SHARED_IKE,		/**< PSK */
	SHARED_EAP,		/**< EAP/XAUTH password */
	SHARED_PRIVATE_KEY_PASS,/**< passphrase of an encrypted private key */
	SHARED_PIN,		/**< smart card PIN */
} shared_key_type_t;

typedef struct shared_key_t shared_key_t;

struct shared_key_t {
	shared_key_type_t (*get_type)(shared_key_t *this);
	/** The secret; valid as long as the reference is held. */
	chunk_t (*get_key)(shared_key_t *this);
	shared_key_t *(*get_ref)(shared_key_t *this);
	/** Drop one reference; the last one wipes the secret. */
	void (*destroy)(shared_key_t *this);
};

/** A shared key owning (and finally wiping) @p key. */
shared_key_t *shared_key_create(shared_key_type_t type, chunk_t key);

#endif
