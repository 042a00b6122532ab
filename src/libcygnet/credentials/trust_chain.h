/*
 * Trust chain construction and verification behind
 * credential_manager_t.verify_chain(); internal to libcygnet.
 */
#ifndef CYGNET_TRUST_CHAIN_H
#define CYGNET_TRUST_CHAIN_H

#include "credentials/credential_manager.h"

#define TRUST_CHAIN_MAX_CHECKERS 8

typedef struct trust_chain_ctx_t {
	/* issuers and CRLs are looked up here */
	credential_manager_t *creds;
	/* true if the certificate is a trust anchor of creds */
	bool (*is_trusted)(credential_manager_t *creds, certificate_t *cert);
	/* peer-supplied certificates, searched first (may be NULL) */
	linked_list_t *intermediates;
	/* effective policy (never CERT_POLICY_DEFAULT) */
	cert_policy_t policy;
	/* revocation checkers, copied so none runs under the store's lock */
	revocation_checker_t checkers[TRUST_CHAIN_MAX_CHECKERS];
	void *checker_data[TRUST_CHAIN_MAX_CHECKERS];
	int checker_count;
} trust_chain_ctx_t;

bool trust_chain_verify(trust_chain_ctx_t *ctx, certificate_t *cert,
			certificate_t **anchor, linked_list_t *path);

#endif
