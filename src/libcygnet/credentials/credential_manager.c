/*
 * The credential store: shared keys with the identities they belong to,
 * private keys, certificates and CRLs, each tagged with the source that
 * added it, behind one read-write lock: IKE_SAs look credentials up
 * concurrently, only (re)loading writes. Look-ups hand out references or
 * snapshots, so nothing a caller holds is freed by a reload.
 */
#include <pthread.h>

#include "credentials/credential_manager.h"
#include "credentials/trust_chain.h"
#include "credentials/certificates/crl.h"
#include "credentials/certificates/x509.h"

typedef struct shared_entry_t {
	char *source;
	shared_key_t *key;
	linked_list_t *owners;		/* identification_t *, empty: any peer */
} shared_entry_t;

typedef struct cert_entry_t {
	char *source;
	certificate_t *cert;
	bool trusted;
} cert_entry_t;

typedef struct key_entry_t {
	char *source;
	private_key_t *key;
} key_entry_t;

typedef struct checker_entry_t {
	revocation_checker_t cb;
	void *data;
} checker_entry_t;

typedef struct private_credential_manager_t {
	credential_manager_t public;
	linked_list_t *shared;		/* shared_entry_t *, in the order added */
	linked_list_t *certs;		/* cert_entry_t *, certificates and CRLs */
	linked_list_t *keys;		/* key_entry_t * */
	linked_list_t *checkers;	/* checker_entry_t * */
	cdp_store_t *cdps;
	ocsp_cache_t *ocsp;
	cert_policy_t policy;
	pthread_rwlock_t lock;
} private_credential_manager_t;

static void shared_entry_destroy(void *item)
{
	shared_entry_t *entry = item;

	entry->owners->destroy_offset(entry->owners, DESTROY_OFFSET(identification_t));
	entry->key->destroy(entry->key);
	free(entry->source);
	free(entry);
}

static void cert_entry_destroy(void *item)
{
	cert_entry_t *entry = item;

	entry->cert->destroy(entry->cert);
	free(entry->source);
	free(entry);
}

static void key_entry_destroy(void *item)
{
	key_entry_t *entry = item;

	entry->key->destroy(entry->key);
	free(entry->source);
	free(entry);
}

/* An enumerator over a snapshot of referenced objects, each released with
 * @p release when it is destroyed. */
typedef struct snap_enumerator_t {
	enumerator_t public;
	void **items;
	int count;
	int pos;
	void (*release)(void *item);
} snap_enumerator_t;

static void release_shared(void *item)
{
	shared_key_t *key = item;

	key->destroy(key);
}

static void release_cert(void *item)
{
	certificate_t *cert = item;

	cert->destroy(cert);
}

static bool snap_enumerate(enumerator_t *public, ...)
{
	snap_enumerator_t *this = (snap_enumerator_t *)public;
	void **out;
	va_list args;

	if (this->pos >= this->count) {
		return false;
	}
	va_start(args, public);
	out = va_arg(args, void **);
	va_end(args);
	if (out) {
		*out = this->items[this->pos];
	}
	this->pos++;
	return true;
}

static void snap_destroy(enumerator_t *public)
{
	snap_enumerator_t *this = (snap_enumerator_t *)public;
	int i;

	for (i = 0; i < this->count; i++) {
		this->release(this->items[i]);
	}
	free(this->items);
	free(this);
}

static snap_enumerator_t *snap_create(int max, void (*release)(void *item))
{
	snap_enumerator_t *this = mem_zalloc(sizeof(*this));

	*this = (snap_enumerator_t){
		.public = {
			.enumerate = snap_enumerate,
			.destroy = snap_destroy,
		},
		.items = mem_zalloc(sizeof(void *) * (max + 1)),
		.release = release,
	};
	return this;
}

static void add_shared(credential_manager_t *public, const char *source,
		       shared_key_t *key, linked_list_t *owners)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	shared_entry_t *entry;

	if (!key) {
		if (owners) {
			owners->destroy_offset(owners, DESTROY_OFFSET(identification_t));
		}
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (shared_entry_t){
		.source = str_dup(source),
		.key = key,
		.owners = owners ?: linked_list_create(),
	};
	pthread_rwlock_wrlock(&this->lock);
	this->shared->insert_last(this->shared, entry);
	pthread_rwlock_unlock(&this->lock);
}

/* How well @p id fits a key's owners; a missing id or an owner-less key
 * fits as "any". */
static id_match_t owner_match(linked_list_t *owners, identification_t *id)
{
	enumerator_t *enumerator;
	identification_t *owner;
	id_match_t best = ID_MATCH_NONE, match;

	if (!id || !owners->get_count(owners)) {
		return ID_MATCH_ANY;
	}
	enumerator = owners->create_enumerator(owners);
	while (enumerator->enumerate(enumerator, &owner)) {
		match = id->matches(id, owner);
		if (match > best) {
			best = match;
		}
	}
	enumerator->destroy(enumerator);
	return best;
}

/* Rank of a shared key for (me, other): -1 if unusable. Sides that really
 * match (not just "any") rank first, then the sum of the match levels. */
static int shared_rank(shared_entry_t *entry, identification_t *me,
		       identification_t *other)
{
	id_match_t my_match, other_match;
	int sides;

	my_match = owner_match(entry->owners, me);
	other_match = owner_match(entry->owners, other);
	sides = (my_match > ID_MATCH_ANY) + (other_match > ID_MATCH_ANY);
	if (!sides && (my_match == ID_MATCH_NONE || other_match == ID_MATCH_NONE)) {
		return -1;
	}
	return sides * 1000 + (int)my_match + (int)other_match;
}

static shared_key_t *get_shared(credential_manager_t *public, shared_key_type_t type,
				identification_t *me, identification_t *other)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	shared_entry_t *entry;
	shared_key_t *found = NULL;
	int rank, best = -1;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->shared->create_enumerator(this->shared);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (type != SHARED_ANY && entry->key->get_type(entry->key) != type) {
			continue;
		}
		rank = shared_rank(entry, me, other);
		/* strictly better only: on ties the key added first wins */
		if (rank > best) {
			best = rank;
			found = entry->key;
		}
	}
	enumerator->destroy(enumerator);
	if (found) {
		found = found->get_ref(found);
	}
	pthread_rwlock_unlock(&this->lock);
	return found;
}

static enumerator_t *create_shared_enumerator(credential_manager_t *public,
					      shared_key_type_t type,
					      identification_t *me,
					      identification_t *other)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	shared_entry_t *entry;
	snap_enumerator_t *snap;

	pthread_rwlock_rdlock(&this->lock);
	snap = snap_create(this->shared->get_count(this->shared),
			   release_shared);
	enumerator = this->shared->create_enumerator(this->shared);
	while (enumerator->enumerate(enumerator, &entry)) {
		if ((type == SHARED_ANY || entry->key->get_type(entry->key) == type) &&
		    shared_rank(entry, me, other) >= 0) {
			snap->items[snap->count++] = entry->key->get_ref(entry->key);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return &snap->public;
}

static void flush_shared(credential_manager_t *public, const char *source)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	shared_entry_t *entry;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->shared->create_enumerator(this->shared);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (streq(entry->source, source)) {
			this->shared->remove_at(this->shared, enumerator);
			shared_entry_destroy(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
}

static int count_shared(credential_manager_t *public)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	int count;

	pthread_rwlock_rdlock(&this->lock);
	count = this->shared->get_count(this->shared);
	pthread_rwlock_unlock(&this->lock);
	return count;
}

/* Same issuer DN and, where both name one, the same authority key. */
static bool same_crl_issuer(crl_t *a, crl_t *b)
{
	certificate_t *ca = &a->certificate, *cb = &b->certificate;
	chunk_t ka = a->get_authority_key_id(a), kb = b->get_authority_key_id(b);

	if (!ca->get_issuer(ca)->equals(ca->get_issuer(ca), cb->get_issuer(cb))) {
		return false;
	}
	return !ka.len || !kb.len || chunk_equals(ka, kb);
}

/* >0 if @p a is newer than @p b: by cRLNumber, else by thisUpdate. */
static int crl_compare(crl_t *a, crl_t *b)
{
	chunk_t na = a->get_number(a), nb = b->get_number(b);
	time_t ta = 0, tb = 0;

	if (na.len && nb.len) {
		if (na.len != nb.len) {
			return na.len > nb.len ? 1 : -1;
		}
		return memcmp(na.ptr, nb.ptr, na.len);
	}
	a->certificate.get_validity(&a->certificate, NULL, &ta, NULL);
	b->certificate.get_validity(&b->certificate, NULL, &tb, NULL);
	return ta > tb ? 1 : ta < tb ? -1 : 0;
}

/* Called with the write lock: false if @p crl is not newer than one held
 * (then it is not added); older ones of the same issuer are dropped. */
static bool replace_crl(private_credential_manager_t *this, crl_t *crl)
{
	enumerator_t *enumerator;
	cert_entry_t *entry;
	bool add = true;

	enumerator = this->certs->create_enumerator(this->certs);
	while (enumerator->enumerate(enumerator, &entry)) {
		crl_t *old;

		if (entry->cert->get_type(entry->cert) != CERT_X509_CRL) {
			continue;
		}
		old = (crl_t *)entry->cert;
		if (!same_crl_issuer(old, crl)) {
			continue;
		}
		if (crl_compare(crl, old) > 0) {
			DBG2(DBG_LIB, "  replacing older CRL of '%s'",
			     crl->certificate.get_issuer(&crl->certificate)->to_string(
				crl->certificate.get_issuer(&crl->certificate)));
			this->certs->remove_at(this->certs, enumerator);
			cert_entry_destroy(entry);
		} else {
			add = false;
		}
	}
	enumerator->destroy(enumerator);
	return add;
}

static void add_cert(credential_manager_t *public, const char *source,
		     certificate_t *cert, bool trusted)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	cert_entry_t *entry;
	bool found = false, add = true;

	if (!cert) {
		return;
	}
	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->certs->create_enumerator(this->certs);
	while (!found && enumerator->enumerate(enumerator, &entry)) {
		if (entry->cert->equals(entry->cert, cert)) {
			found = true;
			if (trusted && !entry->trusted) {
				entry->trusted = true;
				free(entry->source);
				entry->source = str_dup(source);
			}
		}
	}
	enumerator->destroy(enumerator);
	if (!found && cert->get_type(cert) == CERT_X509_CRL) {
		add = replace_crl(this, (crl_t *)cert);
	}
	if (!found && add) {
		entry = mem_zalloc(sizeof(*entry));
		*entry = (cert_entry_t){
			.source = str_dup(source),
			.cert = cert,
			.trusted = trusted,
		};
		this->certs->insert_last(this->certs, entry);
		cert = NULL;
	}
	pthread_rwlock_unlock(&this->lock);
	if (cert) {
		if (!found) {
			DBG1(DBG_LIB, "  a newer CRL of '%s' is already loaded",
			     cert->get_issuer(cert)->to_string(cert->get_issuer(cert)));
		}
		cert->destroy(cert);
	}
}

static void add_private_key(credential_manager_t *public, const char *source,
			    private_key_t *key)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	key_entry_t *entry;

	if (!key) {
		return;
	}
	entry = mem_zalloc(sizeof(*entry));
	*entry = (key_entry_t){
		.source = str_dup(source),
		.key = key,
	};
	pthread_rwlock_wrlock(&this->lock);
	this->keys->insert_last(this->keys, entry);
	pthread_rwlock_unlock(&this->lock);
}

/* Key type of a certificate's public key (KEY_ANY for CRLs). */
static key_type_t cert_key_type(certificate_t *cert)
{
	public_key_t *key = cert->get_public_key(cert);
	key_type_t type = KEY_ANY;

	if (key) {
		type = key->get_type(key);
		key->destroy(key);
	}
	return type;
}

typedef struct {
	certificate_t *cert;
	id_match_t match;
} ranked_t;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked_t *ra = a, *rb = b;

	/* best first; equal matches keep their order via the index tiebreak */
	return (int)rb->match - (int)ra->match;
}

static enumerator_t *create_cert_enumerator(credential_manager_t *public,
					    certificate_type_t cert_type,
					    key_type_t key_type,
					    identification_t *id, bool trusted)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	cert_entry_t *entry;
	snap_enumerator_t *snap;
	ranked_t *ranked;
	id_match_t match;
	int n = 0, i, j;

	pthread_rwlock_rdlock(&this->lock);
	ranked = mem_zalloc(sizeof(ranked_t) * (this->certs->get_count(this->certs) + 1));
	enumerator = this->certs->create_enumerator(this->certs);
	while (enumerator->enumerate(enumerator, &entry)) {
		if ((cert_type != CERT_ANY &&
		     entry->cert->get_type(entry->cert) != cert_type) ||
		    (trusted && !entry->trusted) ||
		    (key_type != KEY_ANY && cert_key_type(entry->cert) != key_type)) {
			continue;
		}
		match = id ? entry->cert->has_subject(entry->cert, id) : ID_MATCH_ANY;
		if (match == ID_MATCH_NONE) {
			continue;
		}
		ranked[n++] = (ranked_t){
			.cert = entry->cert->get_ref(entry->cert),
			.match = match,
		};
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);

	/* stable insertion sort: few certificates, and the order added counts */
	for (i = 1; i < n; i++) {
		ranked_t cur = ranked[i];

		for (j = i; j > 0 && ranked_cmp(&ranked[j - 1], &cur) > 0; j--) {
			ranked[j] = ranked[j - 1];
		}
		ranked[j] = cur;
	}
	snap = snap_create(n, release_cert);
	for (i = 0; i < n; i++) {
		snap->items[snap->count++] = ranked[i].cert;
	}
	free(ranked);
	return &snap->public;
}

static certificate_t *get_cert(credential_manager_t *public,
			       certificate_type_t cert_type, key_type_t key_type,
			       identification_t *id, bool trusted)
{
	enumerator_t *enumerator;
	certificate_t *cert, *found = NULL;

	enumerator = create_cert_enumerator(public, cert_type, key_type, id, trusted);
	if (enumerator->enumerate(enumerator, &cert)) {
		found = cert->get_ref(cert);
	}
	enumerator->destroy(enumerator);
	return found;
}

/* Called with the lock: a private key of @p type matching @p fp. */
static private_key_t *key_by_fingerprint(private_credential_manager_t *this,
					 key_type_t type, chunk_t fp)
{
	enumerator_t *enumerator;
	key_entry_t *entry;
	private_key_t *found = NULL;

	enumerator = this->keys->create_enumerator(this->keys);
	while (!found && enumerator->enumerate(enumerator, &entry)) {
		if ((type == KEY_ANY || entry->key->get_type(entry->key) == type) &&
		    (!fp.len || entry->key->has_fingerprint(entry->key, fp))) {
			found = entry->key->get_ref(entry->key);
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

static private_key_t *get_private_key(credential_manager_t *public,
				      key_type_t type, identification_t *id)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	certificate_t *cert;
	public_key_t *pub;
	private_key_t *found = NULL;
	chunk_t fp;

	if (!id || id->get_type(id) == ID_KEY_ID) {
		pthread_rwlock_rdlock(&this->lock);
		found = key_by_fingerprint(this, type,
					   id ? id->get_encoding(id) : chunk_empty);
		pthread_rwlock_unlock(&this->lock);
		return found;
	}
	enumerator = create_cert_enumerator(public, CERT_X509, type, id, false);
	while (!found && enumerator->enumerate(enumerator, &cert)) {
		pub = cert->get_public_key(cert);
		if (!pub) {
			continue;
		}
		if (pub->get_fingerprint(pub, KEYID_PUBKEY_INFO_SHA1, &fp)) {
			pthread_rwlock_rdlock(&this->lock);
			found = key_by_fingerprint(this, type, fp);
			pthread_rwlock_unlock(&this->lock);
		}
		pub->destroy(pub);
	}
	enumerator->destroy(enumerator);
	return found;
}

/* Is @p cert (or an identical one) a trust anchor in the store? */
static bool is_trusted(credential_manager_t *public, certificate_t *cert)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	cert_entry_t *entry;
	bool trusted = false;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->certs->create_enumerator(this->certs);
	while (!trusted && enumerator->enumerate(enumerator, &entry)) {
		trusted = entry->trusted && entry->cert->equals(entry->cert, cert);
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return trusted;
}

static bool verify_chain(credential_manager_t *public, certificate_t *cert,
			 linked_list_t *intermediates, cert_policy_t policy,
			 certificate_t **anchor, linked_list_t *path)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	trust_chain_ctx_t ctx = {
		.creds = public,
		.is_trusted = is_trusted,
		.intermediates = intermediates,
	};
	enumerator_t *enumerator;
	checker_entry_t *entry;
	bool ok;

	pthread_rwlock_rdlock(&this->lock);
	ctx.policy = policy == CERT_POLICY_DEFAULT ? this->policy : policy;
	enumerator = this->checkers->create_enumerator(this->checkers);
	while (ctx.checker_count < TRUST_CHAIN_MAX_CHECKERS &&
	       enumerator->enumerate(enumerator, &entry)) {
		ctx.checkers[ctx.checker_count] = entry->cb;
		ctx.checker_data[ctx.checker_count++] = entry->data;
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);

	ok = trust_chain_verify(&ctx, cert, anchor, path);
	return ok;
}

static void set_policy(credential_manager_t *public, cert_policy_t policy)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;

	pthread_rwlock_wrlock(&this->lock);
	this->policy = policy == CERT_POLICY_DEFAULT ? CERT_POLICY_NO : policy;
	pthread_rwlock_unlock(&this->lock);
}

static void add_revocation_checker(credential_manager_t *public,
				   revocation_checker_t checker, void *data)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	checker_entry_t *entry = mem_zalloc(sizeof(*entry));

	*entry = (checker_entry_t){ .cb = checker, .data = data };
	pthread_rwlock_wrlock(&this->lock);
	this->checkers->insert_last(this->checkers, entry);
	pthread_rwlock_unlock(&this->lock);
}

static void remove_revocation_checker(credential_manager_t *public,
				      revocation_checker_t checker, void *data)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	checker_entry_t *entry;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->checkers->create_enumerator(this->checkers);
	while (enumerator->enumerate(enumerator, &entry)) {
		if (entry->cb == checker && entry->data == data) {
			this->checkers->remove_at(this->checkers, enumerator);
			free(entry);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
}

static void flush(credential_manager_t *public, const char *source)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;
	enumerator_t *enumerator;
	cert_entry_t *cert;
	key_entry_t *key;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->certs->create_enumerator(this->certs);
	while (enumerator->enumerate(enumerator, &cert)) {
		if (!source || streq(cert->source, source)) {
			this->certs->remove_at(this->certs, enumerator);
			cert_entry_destroy(cert);
		}
	}
	enumerator->destroy(enumerator);
	enumerator = this->keys->create_enumerator(this->keys);
	while (enumerator->enumerate(enumerator, &key)) {
		if (!source || streq(key->source, source)) {
			this->keys->remove_at(this->keys, enumerator);
			key_entry_destroy(key);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	this->cdps->flush(this->cdps, source);
}

static cdp_store_t *get_cdps(credential_manager_t *public)
{
	return ((private_credential_manager_t *)public)->cdps;
}

static ocsp_cache_t *get_ocsp_cache(credential_manager_t *public)
{
	return ((private_credential_manager_t *)public)->ocsp;
}

static void destroy(credential_manager_t *public)
{
	private_credential_manager_t *this = (private_credential_manager_t *)public;

	this->cdps->destroy(this->cdps);
	this->ocsp->destroy(this->ocsp);
	this->shared->destroy_function(this->shared, shared_entry_destroy);
	this->certs->destroy_function(this->certs, cert_entry_destroy);
	this->keys->destroy_function(this->keys, key_entry_destroy);
	this->checkers->destroy_function(this->checkers, free);
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

credential_manager_t *credential_manager_create(void)
{
	private_credential_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (private_credential_manager_t){
		.public = {
			.add_shared = add_shared,
			.get_shared = get_shared,
			.flush_shared = flush_shared,
			.count_shared = count_shared,
			.create_shared_enumerator = create_shared_enumerator,
			.add_cert = add_cert,
			.add_private_key = add_private_key,
			.get_private_key = get_private_key,
			.create_cert_enumerator = create_cert_enumerator,
			.get_cert = get_cert,
			.verify_chain = verify_chain,
			.set_policy = set_policy,
			.add_revocation_checker = add_revocation_checker,
			.remove_revocation_checker = remove_revocation_checker,
			.get_cdps = get_cdps,
			.get_ocsp_cache = get_ocsp_cache,
			.flush = flush,
			.destroy = destroy,
		},
		.shared = linked_list_create(),
		.certs = linked_list_create(),
		.keys = linked_list_create(),
		.checkers = linked_list_create(),
		.cdps = cdp_store_create(),
		.ocsp = ocsp_cache_create(),
		.policy = CERT_POLICY_NO,
	};
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}

bool cert_policy_from_string(const char *value, cert_policy_t *policy)
{
	static const struct {
		const char *name;
		cert_policy_t policy;
	} names[] = {
		{ "yes", CERT_POLICY_STRICT },
		{ "ifuri", CERT_POLICY_IFURI },
		{ "no", CERT_POLICY_NO },
	};
	size_t i;

	for (i = 0; value && i < countof(names); i++) {
		if (strcaseeq(value, names[i].name)) {
			*policy = names[i].policy;
			return true;
		}
	}
	return false;
}
