/*
 * Shared by the credential test programs: a test PKI generated once per
 * process with cred_pki.sh (openssl command line) in a temporary
 * directory, and helpers to load its files.
 */
#ifndef CRED_TEST_UTIL_H
#define CRED_TEST_UTIL_H

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "library.h"
#include "credentials/cred_factory.h"
#include "credentials/cred_loader.h"
#include "credentials/credential_manager.h"
#include "plugins/plugin_loader.h"

static char pki_dir[256];

/* unchecked fixture: build the PKI once */
static inline void pki_create(void)
{
	char cmd[PATH_MAX * 2 + 64];

	snprintf(pki_dir, sizeof(pki_dir), "/tmp/cygnet-pki-XXXXXX");
	ck_assert(mkdtemp(pki_dir));
	snprintf(cmd, sizeof(cmd), "sh '%s/cred_pki.sh' '%s'", TESTS_SRCDIR, pki_dir);
	ck_assert_msg(system(cmd) == 0, "cred_pki.sh failed");
}

static inline void pki_destroy(void)
{
	char cmd[PATH_MAX + 16];

	if (pki_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pki_dir);
		if (system(cmd) != 0) {
			fprintf(stderr, "removing %s failed\n", pki_dir);
		}
	}
}

static inline const char *pki_path(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", pki_dir, name);
	return path;
}

static inline chunk_t pki_read(const char *name)
{
	chunk_t data;

	ck_assert_msg(cred_loader_read_file(pki_path(name), &data), "reading %s", name);
	return data;
}

static inline certificate_t *pki_cert(const char *name)
{
	certificate_t *cert = cred_loader_load_cert(pki_path(name), CERT_ANY);

	ck_assert_msg(cert, "loading %s", name);
	return cert;
}

static inline private_key_t *pki_key(const char *name, const char *pass)
{
	private_key_t *key;

	key = cred_loader_load_private_key(pki_path(name), KEY_ANY,
					   pass ? chunk_from_str(pass) : chunk_empty);
	ck_assert_msg(key, "loading %s", name);
	return key;
}

static inline void plugins_load(const char *list)
{
	ck_assert(library_init(NULL, "test"));
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS, list));
}

#endif
