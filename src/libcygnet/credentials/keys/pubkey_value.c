/*
 * leftsigkey= values. The encoded forms are told apart by their prefix;
 * a blob that starts with a SEQUENCE tag is DER, anything else can only be
 * a DNSKEY (its first octet is the exponent length, never 0x30 for the
 * exponents in use, 3 or 1).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "credentials/keys/pubkey_value.h"
#include "credentials/keys/pubkey_formats.h"
#include "credentials/cred_factory.h"
#include "credentials/cred_loader.h"
#include "asn1/asn1.h"

static bool fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t len, const char *fmt, ...)
{
	va_list args;

	if (err && len) {
		va_start(args, fmt);
		vsnprintf(err, len, fmt, args);
		va_end(args);
	}
	return false;
}

/* A DER SubjectPublicKeyInfo, else a PKCS#1 RSAPublicKey. */
static public_key_t *decode_der(chunk_t der)
{
	public_key_t *key;

	key = lib->creds->create_public_key(lib->creds, KEY_ANY, der);
	if (!key) {
		key = lib->creds->create_public_key(lib->creds, KEY_RSA, der);
	}
	return key;
}

/* Encodings strongSwan names with a prefix in front of 0s/0x. */
typedef enum {
	BLOB_AUTO,	/* DER, else DNSKEY */
	BLOB_DNS,	/* "dns:": RFC 3110 */
	BLOB_SSH,	/* "ssh:": RFC 4253 wire format */
} blob_kind_t;

static public_key_t *decode_blob(chunk_t blob, blob_kind_t kind)
{
	public_key_t *key = NULL;
	chunk_t der = chunk_empty;

	if (!blob.len) {
		return NULL;
	}
	if (kind == BLOB_AUTO && blob.ptr[0] == ASN1_SEQUENCE) {
		return decode_der(blob);
	}
	if (kind == BLOB_SSH ? pubkey_ssh_to_der(blob, NULL, &der) :
			       pubkey_dnskey_to_der(blob, &der)) {
		key = decode_der(der);
		chunk_free(&der);
	}
	return key;
}

static bool is_ssh(const char *value)
{
	return strncmp(value, "ssh-", 4) == 0 || strncmp(value, "ecdsa-sha2-", 11) == 0;
}

static public_key_t *decode_ssh(const char *line)
{
	public_key_t *key = NULL;
	chunk_t der;

	if (pubkey_ssh_line_to_der(line, NULL, &der)) {
		key = decode_der(der);
		chunk_free(&der);
	}
	return key;
}

/* A file's content: PEM, DER or an OpenSSH line. */
static public_key_t *decode_file(chunk_t data)
{
	const char *p = (const char *)data.ptr;
	size_t n = data.len, skip = 0;
	public_key_t *key;
	char *line;

	while (skip < n && isspace((unsigned char)p[skip])) {
		skip++;
	}
	if (n - skip > 11 && is_ssh(p + skip) && !memchr(p, '\0', n)) {
		line = strndup(p + skip, n - skip);
		key = line ? decode_ssh(line) : NULL;
		free(line);
		return key;
	}
	return decode_der(data);
}

static public_key_t *load_file(const char *value, char *err, size_t len)
{
	char path[512];
	public_key_t *key;
	chunk_t data;

	if (!cred_loader_path("certs", value, path, sizeof(path))) {
		fail(err, len, "path '%s' too long", value);
		return NULL;
	}
	if (!cred_loader_read_file(path, &data)) {
		fail(err, len, "cannot read public key file '%s'", path);
		return NULL;
	}
	key = decode_file(data);
	chunk_free(&data);
	if (!key) {
		fail(err, len, "no public key found in '%s'", path);
	}
	return key;
}

bool pubkey_value_parse(const char *value, key_type_t type, public_key_t **key,
			char *err, size_t err_len)
{
	blob_kind_t kind = BLOB_AUTO;
	public_key_t *found = NULL;
	chunk_t blob;

	*key = NULL;
	if (!value || !*value || streq(value, "%cert")) {
		return true;
	}
	if (!lib || !lib->creds) {
		return fail(err, err_len, "no key decoders available");
	}
	if (value[0] == '%') {
		return fail(err, err_len, "'%s' is not supported (use %%cert, a file, 0s…, "
			    "0x… or an OpenSSH key)", value);
	}
	if (strncmp(value, "dns:", 4) == 0 || strncmp(value, "ssh:", 4) == 0) {
		kind = value[0] == 'd' ? BLOB_DNS : BLOB_SSH;
		value += 4;
		if (value[0] != '0' || (value[1] != 's' && value[1] != 'x')) {
			return fail(err, err_len, "0s or 0x expected after %.4s", value - 4);
		}
	}
	if (value[0] == '0' && (value[1] == 's' || value[1] == 'x')) {
		blob = value[1] == 's' ? chunk_from_base64(value + 2) :
					  chunk_from_hex(value + 2);
		if (!blob.len) {
			return fail(err, err_len, "invalid %s encoding",
				    value[1] == 's' ? "base64" : "hex");
		}
		found = decode_blob(blob, kind);
		chunk_free(&blob);
		if (!found) {
			return fail(err, err_len, "encoded value is no valid public key");
		}
	} else if (is_ssh(value)) {
		found = decode_ssh(value);
		if (!found) {
			return fail(err, err_len, "invalid OpenSSH public key");
		}
	} else {
		found = load_file(value, err, err_len);
		if (!found) {
			return false;
		}
	}
	if (type != KEY_ANY && found->get_type(found) != type) {
		fail(err, err_len, "%s key given where an %s key is required",
		     key_type_name(found->get_type(found)), key_type_name(type));
		found->destroy(found);
		return false;
	}
	*key = found;
	return true;
}
