/**
 * @file stroke_secrets.h
 * ipsec.secrets: `ids : TYPE secret` entries, `include` of globs.
 *
 * An entry starts in the first column; lines starting with whitespace
 * continue it. IDs are whitespace-separated (quote ones with spaces, e.g.
 * "C=CH, O=Org, CN=x"); none, or %any, means any peer. The ':' must stand
 * alone. Secrets are "double" or 'single' quoted text, 0x hex, 0s base64,
 * or a bare word. Types: PSK (IKE), EAP/XAUTH/NTLM (EAP passwords);
 * `: RSA|ECDSA|PKCS8 file [passphrase]` and `: PKCS12|P12 file passphrase`
 * load private keys (relative files under ipsec.d/private; a file that
 * fails to load is logged and skipped; %prompt is not supported; BLISS and
 * PIN are recognised and skipped). `#` starts a comment at the
 * beginning of a token. `include PATTERN` (first column) reads matching
 * files, relative to the including file, at most 10 levels deep.
 *
 * Loading is all or nothing: on any error the keys loaded before stay,
 * and the error names FILE:LINE. Secrets are never logged.
 */
#ifndef STROKE_SECRETS_H
#define STROKE_SECRETS_H

#include "library.h"
#include "credentials/credential_manager.h"

/** The source tag of keys loaded from ipsec.secrets. */
#define STROKE_SECRETS_SOURCE "ipsec.secrets"

/**
 * Parse @p path and, if it parses completely, replace the shared and
 * private keys (and PKCS#12 certificates) tagged STROKE_SECRETS_SOURCE in
 * @p creds with its keys. Warns if the file is accessible by others.
 *
 * @param error		on failure receives "FILE:LINE: what" (allocated,
 *			free() it); may be NULL
 * @return		number of keys (shared and private) loaded, -1 on error
 *			(nothing changed)
 */
int stroke_secrets_load(credential_manager_t *creds, const char *path, char **error);

/** $IPSEC_CONFDIR/ipsec.secrets, into @p buf. */
const char *stroke_secrets_path(char *buf, size_t len);

#endif
