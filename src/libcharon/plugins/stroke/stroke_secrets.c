/*
 * ipsec.secrets parser (format in stroke_secrets.h). Everything is parsed
 * into a pending list first and only handed to the credential manager
 * once the whole file (with its includes) is known to be good, so a typo
 * never leaves charon without its PSKs. Buffers that held file content are
 * wiped, and no message quotes a secret, not even part of one.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "stroke_secrets.h"
#include "credentials/cred_loader.h"
#include "credentials/certificates/x509.h"

#define MAX_INCLUDE_DEPTH 10

typedef struct {
	char *text;
	int line;
	bool quoted;
} token_t;

typedef struct {
	shared_key_t *key;
	linked_list_t *owners;
	/** or a private key (: RSA|ECDSA|PKCS8|PKCS12 file), with certificates
	 *  from a PKCS#12 container */
	private_key_t *private;
	linked_list_t *certs;
} pending_t;

typedef struct {
	const char *file;
	int depth;
	/** pending_t *, in file order */
	linked_list_t *keys;
	/** first error, "FILE:LINE: what" */
	char *error;
	/** tokens of the entry being collected */
	linked_list_t *entry;
} parse_t;

static bool fail(parse_t *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(parse_t *p, int line, const char *fmt, ...)
{
	char *what = NULL;
	va_list args;

	if (p->error) {
		return false;
	}
	va_start(args, fmt);
	if (vasprintf(&what, fmt, args) < 0) {
		what = NULL;
	}
	va_end(args);
	if ((line ? asprintf(&p->error, "%s:%d: %s", p->file, line, what ? what : "error")
		  : asprintf(&p->error, "%s: %s", p->file, what ? what : "error")) < 0) {
		p->error = NULL;
	}
	free(what);
	return false;
}

static void token_destroy(void *item)
{
	token_t *token = item;

	memwipe(token->text, strlen(token->text));
	free(token->text);
	free(token);
}

static void pending_destroy(void *item)
{
	pending_t *pending = item;

	DESTROY_IF(pending->key);
	if (pending->owners) {
		pending->owners->destroy_offset(pending->owners, DESTROY_OFFSET(identification_t));
	}
	DESTROY_IF(pending->private);
	if (pending->certs) {
		pending->certs->destroy_offset(pending->certs, DESTROY_OFFSET(certificate_t));
	}
	free(pending);
}

/* Split one line into tokens appended to @p tokens. */
static bool tokenize(parse_t *p, char *line, int number, linked_list_t *tokens)
{
	char *pos = line, *start;
	token_t *token;
	char quote;

	for (;;) {
		while (*pos && isspace((unsigned char)*pos)) {
			pos++;
		}
		if (!*pos || *pos == '#') {
			return true;
		}
		token = mem_zalloc(sizeof(*token));
		token->line = number;
		if (*pos == '"' || *pos == '\'') {
			quote = *pos++;
			start = pos;
			pos = strchr(pos, quote);
			if (!pos) {
				free(token);
				return fail(p, number, "unterminated quoted string");
			}
			token->text = strndup(start, (size_t)(pos - start));
			token->quoted = true;
			pos++;
		} else {
			start = pos;
			while (*pos && !isspace((unsigned char)*pos)) {
				pos++;
			}
			token->text = strndup(start, (size_t)(pos - start));
		}
		if (!token->text) {
			abort();
		}
		tokens->insert_last(tokens, token);
	}
}

typedef enum {
	SECRET_SHARED,
	SECRET_PRIVATE_KEY,
} secret_kind_t;

/* key_type for private keys: KEY_ANY for PKCS#8, -1 for PKCS#12, -2 for
 * types we recognise but do not support */
#define KEY_PKCS12 -1
#define KEY_UNSUPPORTED -2

static const struct {
	const char *name;
	secret_kind_t kind;
	shared_key_type_t type;
	int key_type;
} secret_types[] = {
	{ "PSK", SECRET_SHARED, SHARED_IKE, 0 },
	{ "EAP", SECRET_SHARED, SHARED_EAP, 0 },
	{ "XAUTH", SECRET_SHARED, SHARED_EAP, 0 },
	{ "NTLM", SECRET_SHARED, SHARED_EAP, 0 },
	{ "RSA", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_RSA },
	{ "ECDSA", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_ECDSA },
	{ "BLISS", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_UNSUPPORTED },
	{ "PKCS8", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_ANY },
	{ "PKCS12", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_PKCS12 },
	{ "P12", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_PKCS12 },
	{ "PIN", SECRET_PRIVATE_KEY, SHARED_ANY, KEY_UNSUPPORTED },
};

/* Check the characters ourselves: the chunk decoders log offending bytes. */
static bool all_chars(const char *s, int (*ok)(int c), const char *also)
{
	for (; *s; s++) {
		if (!ok((unsigned char)*s) && !strchr(also, *s)) {
			return false;
		}
	}
	return true;
}

static int is_b64(int c)
{
	return isalnum(c) || c == '+' || c == '/';
}

/* The bytes of a secret token; empty chunk (after fail()) if invalid. */
static chunk_t decode_secret(parse_t *p, token_t *token)
{
	const char *text = token->text;
	chunk_t secret = chunk_empty;

	if (!token->quoted && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		if (text[2] && all_chars(text + 2, isxdigit, "") && strlen(text + 2) % 2 == 0) {
			secret = chunk_from_hex(text + 2);
		}
		if (!secret.len) {
			fail(p, token->line, "invalid hex secret (0x needs pairs of hex digits)");
		}
	} else if (!token->quoted && text[0] == '0' && text[1] == 's') {
		if (text[2] && all_chars(text + 2, is_b64, "=")) {
			secret = chunk_from_base64(text + 2);
		}
		if (!secret.len) {
			fail(p, token->line, "invalid base64 secret after 0s");
		}
	} else if (!*text) {
		fail(p, token->line, "empty secret");
	} else {
		secret = chunk_clone(chunk_from_str(text));
	}
	return secret;
}

static linked_list_t *make_owners(linked_list_t *ids)
{
	linked_list_t *owners = linked_list_create();
	enumerator_t *e = ids->create_enumerator(ids);
	token_t *token;

	while (e->enumerate(e, &token)) {
		owners->insert_last(owners, identification_create_from_string(token->text));
	}
	e->destroy(e);
	return owners;
}

/*
 * `: RSA|ECDSA|PKCS8|PKCS12 file [passphrase]` (relative files: under
 * ipsec.d/private). A key that cannot be loaded is logged and skipped, not
 * an error, so one bad key file does not take every PSK with it.
 */
static bool load_private(parse_t *p, int i, token_t *file, token_t *pass)
{
	chunk_t passphrase = chunk_empty;
	credential_manager_t *store;
	pending_t *pending;
	private_key_t *key;
	linked_list_t *certs;
	bool ok;

	if (secret_types[i].key_type == KEY_UNSUPPORTED) {
		DBG1(DBG_CFG, "%s:%d: %s private keys are not supported, entry skipped",
		     p->file, file->line, secret_types[i].name);
		return true;
	}
	if (!lib || !lib->creds) {
		DBG1(DBG_CFG, "%s:%d: no key decoders, '%s' skipped", p->file, file->line,
		     file->text);
		return true;
	}
	if (pass && !pass->quoted && streq(pass->text, "%prompt")) {
		DBG1(DBG_CFG, "%s:%d: %%prompt is not supported by charon, '%s' skipped",
		     p->file, pass->line, file->text);
		return true;
	}
	if (pass) {
		passphrase = decode_secret(p, pass);
		if (!passphrase.len) {
			return false;
		}
	}
	pending = mem_zalloc(sizeof(*pending));
	if (secret_types[i].key_type == KEY_PKCS12) {
		certs = linked_list_create();
		store = credential_manager_create();
		ok = cred_loader_load_pkcs12(store, "p12", file->text, passphrase);
		/* take its contents over into the pending entry */
		pending->private = store->get_private_key(store, KEY_ANY, NULL);
		{
			enumerator_t *e = store->create_cert_enumerator(store, CERT_ANY,
									 KEY_ANY, NULL, false);
			certificate_t *cert;

			while (e->enumerate(e, &cert)) {
				certs->insert_last(certs, cert->get_ref(cert));
			}
			e->destroy(e);
		}
		store->destroy(store);
		pending->certs = certs;
		ok = ok && pending->private;
	} else {
		/* any type loads: strongSwan wants PKCS8 for Ed25519 keys, users
		 * write ECDSA; a note is enough */
		key = cred_loader_load_private_key(file->text, KEY_ANY, passphrase);
		if (key && secret_types[i].key_type != KEY_ANY &&
		    key->get_type(key) != (key_type_t)secret_types[i].key_type) {
			DBG1(DBG_CFG, "%s:%d: '%s' holds a %s key, not %s", p->file,
			     file->line, file->text, key_type_name(key->get_type(key)),
			     secret_types[i].name);
		}
		pending->private = key;
		ok = key != NULL;
	}
	chunk_clear(&passphrase);
	if (!ok) {
		DBG1(DBG_CFG, "%s:%d: loading %s key '%s' failed, entry skipped", p->file,
		     file->line, secret_types[i].name, file->text);
		pending_destroy(pending);
		return true;
	}
	DBG1(DBG_CFG, "  loaded %s private key from '%s'",
	     key_type_name(pending->private->get_type(pending->private)), file->text);
	p->keys->insert_last(p->keys, pending);
	return true;
}

/* Turn the collected tokens of one entry into a pending key. */
static bool process_entry(parse_t *p, linked_list_t *tokens)
{
	linked_list_t *ids = linked_list_create();
	token_t *token, *type = NULL, *value = NULL, *extra = NULL;
	int first_line = 0, i;
	enumerator_t *e;
	bool colon = false, ok = true;
	pending_t *pending;
	chunk_t secret;

	e = tokens->create_enumerator(tokens);
	while (ok && e->enumerate(e, &token)) {
		first_line = first_line ?: token->line;
		if (!colon) {
			if (!token->quoted && streq(token->text, ":")) {
				colon = true;
			} else {
				ids->insert_last(ids, token);
			}
		} else if (!type) {
			type = token;
		} else if (!value) {
			value = token;
		} else if (!extra) {
			/* the passphrase of a private key file */
			extra = token;
		} else {
			ok = fail(p, token->line, "unexpected text after the secret "
				  "(quote secrets that contain spaces)");
		}
	}
	e->destroy(e);
	if (ok && !colon) {
		ok = fail(p, first_line, "missing ':' (expected \"IDs : TYPE secret\", "
			  "with spaces around ':')");
	} else if (ok && !type) {
		ok = fail(p, first_line, "missing secret type after ':'");
	}
	for (i = 0; ok && i < (int)countof(secret_types); i++) {
		if (strcaseeq(type->text, secret_types[i].name)) {
			break;
		}
	}
	if (ok && i == (int)countof(secret_types)) {
		ok = fail(p, type->line, "unknown secret type '%s'", type->text);
	}
	if (ok && !value) {
		ok = fail(p, type->line, "missing %s after %s",
			  secret_types[i].kind == SECRET_PRIVATE_KEY ? "file" : "secret",
			  secret_types[i].name);
	} else if (ok && extra && secret_types[i].kind != SECRET_PRIVATE_KEY) {
		ok = fail(p, extra->line, "unexpected text after the secret "
			  "(quote secrets that contain spaces)");
	} else if (ok && secret_types[i].kind == SECRET_PRIVATE_KEY) {
		ok = load_private(p, i, value, extra);
	} else if (ok && !value) {
		ok = fail(p, type->line, "missing secret after %s", secret_types[i].name);
	} else if (ok) {
		secret = decode_secret(p, value);
		ok = secret.len > 0;
		if (ok) {
			pending = mem_zalloc(sizeof(*pending));
			pending->key = shared_key_create(secret_types[i].type, secret);
			pending->owners = make_owners(ids);
			p->keys->insert_last(p->keys, pending);
		}
	}
	ids->destroy(ids);
	return ok;
}

static bool parse_file(parse_t *p, const char *path, int depth);

/* `include PATTERN`, relative to the including file. */
static bool process_include(parse_t *p, linked_list_t *tokens, int line)
{
	char *dir_copy, *pattern = NULL;
	token_t *arg = NULL;
	glob_t matches;
	bool ok = true;
	int rc;

	if (tokens->get_count(tokens) != 2 || tokens->get_last(tokens, (void **)&arg) != SUCCESS) {
		return fail(p, line, "include needs exactly one file pattern");
	}
	if (p->depth >= MAX_INCLUDE_DEPTH) {
		return fail(p, line, "includes nested more than %d levels deep", MAX_INCLUDE_DEPTH);
	}
	if (arg->text[0] == '/') {
		pattern = str_dup(arg->text);
	} else {
		dir_copy = str_dup(p->file);
		if (asprintf(&pattern, "%s/%s", dirname(dir_copy), arg->text) < 0) {
			pattern = NULL;
		}
		free(dir_copy);
	}
	if (!pattern) {
		return fail(p, line, "out of memory");
	}
	rc = glob(pattern, GLOB_ERR, NULL, &matches);
	if (rc == GLOB_NOMATCH) {
		DBG1(DBG_CFG, "%s:%d: no files found matching '%s', skipped", p->file, line,
		     pattern);
	} else if (rc != 0) {
		ok = fail(p, line, "cannot expand '%s'", pattern);
	}
	for (size_t i = 0; ok && rc == 0 && i < matches.gl_pathc; i++) {
		ok = parse_file(p, matches.gl_pathv[i], p->depth + 1);
	}
	if (rc == 0 || rc == GLOB_NOMATCH) {
		globfree(&matches);
	}
	free(pattern);
	return ok;
}

/* Finish the entry collected so far (if any). */
static bool flush_entry(parse_t *p)
{
	linked_list_t *tokens = p->entry;
	bool ok = true;

	if (tokens->get_count(tokens)) {
		ok = process_entry(p, tokens);
	}
	tokens->destroy_function(tokens, token_destroy);
	p->entry = linked_list_create();
	return ok;
}

/* One physical line: starts, continues or includes. */
static bool process_line(parse_t *p, char *line, int number)
{
	linked_list_t *tokens = linked_list_create();
	token_t *first = NULL;
	bool ok, starts = line[0] && !isspace((unsigned char)line[0]);

	ok = tokenize(p, line, number, tokens);
	if (ok && tokens->get_count(tokens) == 0) {
		tokens->destroy(tokens);
		return true;
	}
	if (ok && starts) {
		ok = flush_entry(p);
		tokens->get_first(tokens, (void **)&first);
		if (ok && !first->quoted && streq(first->text, "include")) {
			ok = process_include(p, tokens, number);
			tokens->destroy_function(tokens, token_destroy);
			return ok;
		}
	}
	while (tokens->remove_first(tokens, (void **)&first) == SUCCESS) {
		p->entry->insert_last(p->entry, first);
	}
	tokens->destroy_function(tokens, token_destroy);
	return ok;
}

/* Secrets readable by others are worth a warning, not a refusal. */
static void check_mode(FILE *file, const char *path)
{
	struct stat st;

	if (fstat(fileno(file), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO))) {
		DBG1(DBG_CFG, "warning: '%s' is accessible by group or others (mode %04o), "
		     "use chmod 600", path, (unsigned)(st.st_mode & 07777));
	}
}

static bool parse_file(parse_t *p, const char *path, int depth)
{
	const char *outer_file = p->file;
	linked_list_t *outer_entry = p->entry;
	int outer_depth = p->depth, number = 0;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	bool ok = true;
	FILE *file;

	file = fopen(path, "re");
	if (!file) {
		p->file = path;
		fail(p, 0, "cannot open: %s", strerror(errno));
		p->file = outer_file;
		return false;
	}
	p->file = path;
	p->depth = depth;
	p->entry = linked_list_create();
	check_mode(file, path);
	while (ok && (len = getline(&line, &size, file)) >= 0) {
		number++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
			line[--len] = '\0';
		}
		if (strlen(line) != (size_t)len) {
			ok = fail(p, number, "NUL byte in line");
			break;
		}
		ok = process_line(p, line, number);
		memwipe(line, (size_t)len);
	}
	if (ok) {
		ok = flush_entry(p);
	}
	if (line) {
		memwipe(line, size);
		free(line);
	}
	fclose(file);
	p->entry->destroy_function(p->entry, token_destroy);
	p->entry = outer_entry;
	p->file = outer_file;
	p->depth = outer_depth;
	return ok;
}

/* A private key (and a PKCS#12 container's certificates, its CAs as
 * trust anchors, as strongSwan does) into the store. */
static void commit_private(credential_manager_t *creds, pending_t *pending)
{
	certificate_t *cert;
	x509_t *x509;

	while (pending->certs &&
	       pending->certs->remove_first(pending->certs, (void **)&cert) == SUCCESS) {
		x509 = cert->get_type(cert) == CERT_X509 ? (x509_t *)cert : NULL;
		creds->add_cert(creds, STROKE_SECRETS_SOURCE, cert,
				x509 && (x509->get_flags(x509) & X509_CA));
	}
	creds->add_private_key(creds, STROKE_SECRETS_SOURCE, pending->private);
	pending->private = NULL;
	pending_destroy(pending);
}

int stroke_secrets_load(credential_manager_t *creds, const char *path, char **error)
{
	parse_t p = {
		.file = path,
		.keys = linked_list_create(),
	};
	pending_t *pending;
	int count = 0;

	if (!parse_file(&p, path, 0)) {
		DBG1(DBG_CFG, "loading secrets failed, keeping the previous ones: %s",
		     p.error ? p.error : "error");
		if (error) {
			*error = p.error;
		} else {
			free(p.error);
		}
		p.keys->destroy_function(p.keys, pending_destroy);
		return -1;
	}
	creds->flush_shared(creds, STROKE_SECRETS_SOURCE);
	creds->flush(creds, STROKE_SECRETS_SOURCE);
	while (p.keys->remove_first(p.keys, (void **)&pending) == SUCCESS) {
		if (pending->private) {
			commit_private(creds, pending);
		} else {
			creds->add_shared(creds, STROKE_SECRETS_SOURCE, pending->key,
					  pending->owners);
			free(pending);
		}
		count++;
	}
	p.keys->destroy(p.keys);
	DBG1(DBG_CFG, "loaded %d secret%s from '%s'", count, count == 1 ? "" : "s", path);
	return count;
}

const char *stroke_secrets_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/ipsec.secrets", library_confdir());
	return buf;
}
