/**
 * @file cred_loader.h
 * Loading credentials from disk: the ipsec.d/ directories and single files
 * named in ipsec.conf (leftcert=) or ipsec.secrets (: RSA file).
 *
 * Relative paths are resolved against library_confdir()/ipsec.d/SUBDIR,
 * as strongSwan does.
 */
#ifndef CYGNET_CRED_LOADER_H
#define CYGNET_CRED_LOADER_H

#include "credentials/credential_manager.h"
#include "credentials/cred_factory.h"

/** Source tags the loader adds credentials with (for flush()). */
#define CRED_SOURCE_CACERTS	"ipsec.d/cacerts"
#define CRED_SOURCE_CERTS	"ipsec.d/certs"
#define CRED_SOURCE_CRLS	"ipsec.d/crls"
#define CRED_SOURCE_OCSPCERTS	"ipsec.d/ocspcerts"
#define CRED_SOURCE_AACERTS	"ipsec.d/aacerts"
#define CRED_SOURCE_SECRETS	"ipsec.secrets"
/** Certificates cached from peers' CERT payloads (purgecerts drops them). */
#define CRED_SOURCE_PEER	"peer"
/** CRLs and OCSP responses fetched at run time (purgecrls drops them). */
#define CRED_SOURCE_FETCHED	"fetched"

/**
 * Resolve @p path: absolute paths stay, others are taken relative to
 * CONFDIR/ipsec.d/@p subdir. Writes at most @p len bytes to @p buf.
 *
 * @return	@p buf, or NULL if the result would not fit
 */
char *cred_loader_path(const char *subdir, const char *path, char *buf, size_t len);

/** Read a whole file into a heap chunk (chunk_clear() it for secrets);
 *  false (and logged) if it cannot be read or is larger than 1 MiB. */
bool cred_loader_read_file(const char *path, chunk_t *data);

/**
 * Load one certificate (PEM or DER) from @p path (relative: under
 * ipsec.d/certs). @p type CERT_ANY accepts any kind. NULL (logged) on
 * failure.
 */
certificate_t *cred_loader_load_cert(const char *path, certificate_type_t type);

/**
 * Load one private key from @p path (relative: under ipsec.d/private).
 * @p passphrase (may be empty) decrypts an encrypted key. NULL (logged) on
 * failure.
 */
private_key_t *cred_loader_load_private_key(const char *path, key_type_t type,
					    chunk_t passphrase);

/**
 * Load a PKCS#12 file (relative: under ipsec.d/private) into @p creds: its
 * private key and its certificates (CA certificates become trust anchors,
 * as strongSwan does), tagged @p source.
 *
 * @return	false (logged) on failure
 */
bool cred_loader_load_pkcs12(credential_manager_t *creds, const char *source,
			     const char *path, chunk_t passphrase);

/**
 * Load ipsec.d/cacerts (trusted; files without the CA flag are discarded),
 * ipsec.d/ocspcerts and ipsec.d/aacerts into @p creds, after flushing what
 * those directories added before. Unreadable files are logged and skipped.
 * As in strongSwan, ipsec.d/certs is not read as a whole: its files are
 * loaded when leftcert=/rightcert= name them (cred_loader_load_cert()),
 * and ipsec.d/private ones when ipsec.secrets does.
 *
 * @return	number of certificates loaded
 */
int cred_loader_load_certs(credential_manager_t *creds);

/** Like cred_loader_load_certs() for ipsec.d/cacerts alone. */
int cred_loader_load_cacerts(credential_manager_t *creds);

/** Load ipsec.d/crls (after flushing the previously loaded CRLs). */
int cred_loader_load_crls(credential_manager_t *creds);

#endif
