/*
 * Credentials from disk. The directory loaders replace what they loaded
 * before (flush by source, then load), so `rereadcacerts` after deleting a
 * file forgets that certificate.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "credentials/cred_loader.h"
#include "credentials/certificates/x509.h"

#define MAX_FILE_SIZE (1024 * 1024)

char *cred_loader_path(const char *subdir, const char *path, char *buf, size_t len)
{
	int n;

	if (path[0] == '/') {
		n = snprintf(buf, len, "%s", path);
	} else {
		n = snprintf(buf, len, "%s/ipsec.d/%s/%s", library_confdir(), subdir, path);
	}
	return n < 0 || (size_t)n >= len ? NULL : buf;
}

bool cred_loader_read_file(const char *path, chunk_t *data)
{
	struct stat st;
	ssize_t got;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		DBG1(DBG_LIB, "  opening '%s' failed: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE_SIZE) {
		DBG1(DBG_LIB, "  '%s' is not a regular file of at most %d bytes",
		     path, MAX_FILE_SIZE);
		close(fd);
		return false;
	}
	*data = chunk_alloc(st.st_size ? st.st_size : 1);
	while (done < (size_t)st.st_size) {
		got = read(fd, data->ptr + done, st.st_size - done);
		if (got < 0 && errno == EINTR) {
			continue;
		}
		if (got <= 0) {
			DBG1(DBG_LIB, "  reading '%s' failed: %s", path,
			     got < 0 ? strerror(errno) : "file shrank");
			close(fd);
			chunk_clear(data);
			return false;
		}
		done += got;
	}
	close(fd);
	data->len = done;
	return true;
}

certificate_t *cred_loader_load_cert(const char *path, certificate_type_t type)
{
	char buf[PATH_MAX];
	certificate_t *cert;
	chunk_t data;

	if (!cred_loader_path("certs", path, buf, sizeof(buf)) ||
	    !cred_loader_read_file(buf, &data)) {
		return NULL;
	}
	cert = lib->creds->create_cert(lib->creds, type, data);
	chunk_free(&data);
	if (!cert) {
		DBG1(DBG_LIB, "  parsing certificate from '%s' failed", buf);
	}
	return cert;
}

/* A throw-away store offering @p passphrase to the key decoders. */
static credential_manager_t *pass_store(chunk_t passphrase)
{
	credential_manager_t *store;

	if (!passphrase.len) {
		return NULL;
	}
	store = credential_manager_create();
	store->add_shared(store, "passphrase",
			  shared_key_create(SHARED_PRIVATE_KEY_PASS,
					    chunk_clone(passphrase)), NULL);
	return store;
}

private_key_t *cred_loader_load_private_key(const char *path, key_type_t type,
					    chunk_t passphrase)
{
	credential_manager_t *store;
	private_key_t *key;
	char buf[PATH_MAX];
	chunk_t data;

	if (!cred_loader_path("private", path, buf, sizeof(buf)) ||
	    !cred_loader_read_file(buf, &data)) {
		return NULL;
	}
	store = pass_store(passphrase);
	key = lib->creds->create_private_key(lib->creds, type, data, store);
	DESTROY_IF(store);
	chunk_clear(&data);
	if (!key) {
		DBG1(DBG_LIB, "  loading private key from '%s' failed%s", buf,
		     passphrase.len ? "" : " (encrypted without passphrase?)");
	}
	return key;
}

bool cred_loader_load_pkcs12(credential_manager_t *creds, const char *source,
			     const char *path, chunk_t passphrase)
{
	credential_manager_t *store;
	private_key_t *key = NULL;
	linked_list_t *certs;
	certificate_t *cert;
	char buf[PATH_MAX];
	chunk_t data;
	bool ok;

	if (!cred_loader_path("private", path, buf, sizeof(buf)) ||
	    !cred_loader_read_file(buf, &data)) {
		return false;
	}
	store = pass_store(passphrase);
	certs = linked_list_create();
	ok = lib->creds->load_pkcs12(lib->creds, data, store, &key, certs);
	DESTROY_IF(store);
	chunk_clear(&data);
	if (!ok) {
		DBG1(DBG_LIB, "  loading PKCS#12 container '%s' failed", buf);
	}
	while (certs->remove_first(certs, (void **)&cert) == SUCCESS) {
		x509_t *x509 = cert->get_type(cert) == CERT_X509 ? (x509_t *)cert : NULL;
		bool ca = x509 && (x509->get_flags(x509) & X509_CA);

		DBG1(DBG_LIB, "  loaded %scertificate \"%s\" from '%s'", ca ? "ca " : "",
		     cert->get_subject(cert)->to_string(cert->get_subject(cert)), buf);
		creds->add_cert(creds, source, cert, ca);
	}
	certs->destroy(certs);
	if (key) {
		DBG1(DBG_LIB, "  loaded %s private key from '%s'",
		     key_type_name(key->get_type(key)), buf);
		creds->add_private_key(creds, source, key);
	}
	return ok;
}

typedef enum {
	DIR_CA,
	DIR_CERT,
	DIR_CRL,
} dir_kind_t;

static int load_dir(credential_manager_t *creds, const char *subdir,
		    const char *source, dir_kind_t kind)
{
	char dir[PATH_MAX], file[PATH_MAX];
	struct dirent *entry;
	certificate_t *cert;
	chunk_t data;
	DIR *d;
	int count = 0;

	creds->flush(creds, source);
	if (!cred_loader_path(subdir, ".", dir, sizeof(dir))) {
		return 0;
	}
	dir[strlen(dir) - 2] = '\0';
	d = opendir(dir);
	if (!d) {
		DBG2(DBG_LIB, "no directory '%s'", dir);
		return 0;
	}
	DBG1(DBG_LIB, "loading %s from '%s'", kind == DIR_CA ? "ca certificates" :
	     kind == DIR_CRL ? "crls" : "certificates", dir);
	while ((entry = readdir(d))) {
		if (entry->d_name[0] == '.' ||
		    snprintf(file, sizeof(file), "%s/%s", dir, entry->d_name) >=
		    (int)sizeof(file)) {
			continue;
		}
		if (!cred_loader_read_file(file, &data)) {
			continue;
		}
		cert = lib->creds->create_cert(lib->creds,
					kind == DIR_CRL ? CERT_X509_CRL : CERT_X509, data);
		chunk_free(&data);
		if (!cert) {
			DBG1(DBG_LIB, "  loading %s from '%s' failed",
			     kind == DIR_CRL ? "crl" : "certificate", file);
			continue;
		}
		if (kind == DIR_CA &&
		    !(((x509_t *)cert)->get_flags((x509_t *)cert) & X509_CA)) {
			DBG1(DBG_LIB, "  ca certificate \"%s\" lacks ca basic constraint, "
			     "discarded", cert->get_subject(cert)->to_string(
						cert->get_subject(cert)));
			cert->destroy(cert);
			continue;
		}
		if (kind == DIR_CRL) {
			DBG1(DBG_LIB, "  loaded crl from '%s'", file);
		} else {
			DBG1(DBG_LIB, "  loaded %scertificate \"%s\" from '%s'",
			     kind == DIR_CA ? "ca " : "",
			     cert->get_subject(cert)->to_string(cert->get_subject(cert)),
			     file);
		}
		creds->add_cert(creds, source, cert, kind == DIR_CA);
		count++;
	}
	closedir(d);
	return count;
}

int cred_loader_load_cacerts(credential_manager_t *creds)
{
	return load_dir(creds, "cacerts", CRED_SOURCE_CACERTS, DIR_CA);
}

int cred_loader_load_certs(credential_manager_t *creds)
{
	int count;

	count = cred_loader_load_cacerts(creds);
	count += load_dir(creds, "ocspcerts", CRED_SOURCE_OCSPCERTS, DIR_CERT);
	count += load_dir(creds, "aacerts", CRED_SOURCE_AACERTS, DIR_CERT);
	return count;
}

int cred_loader_load_crls(credential_manager_t *creds)
{
	return load_dir(creds, "crls", CRED_SOURCE_CRLS, DIR_CRL);
}
