/*
 * X.509 CRLs (RFC 5280 §5) decoded with d2i_X509_CRL; like certificates,
 * everything is extracted once and the signature is checked by our own
 * public_key_t.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "openssl_cert.h"

typedef struct {
	chunk_t serial;
	time_t date;
	crl_reason_t reason;
} revoked_t;

typedef struct {
	crl_t public;
	chunk_t encoding;
	identification_t *issuer;
	time_t this_update;
	time_t next_update;
	chunk_t number;
	chunk_t akid;
	revoked_t *revoked;
	int count;
	unsigned int refs;
} private_openssl_crl_t;

static certificate_type_t get_type(certificate_t *public)
{
	return CERT_X509_CRL;
}

static identification_t *get_issuer(certificate_t *public)
{
	return ((private_openssl_crl_t *)public)->issuer;
}

static id_match_t has_issuer(certificate_t *public, identification_t *issuer)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;

	return openssl_cert_has_issuer(this->issuer, this->akid, issuer);
}

static bool issued_by(certificate_t *public, certificate_t *issuer,
		      signature_params_t *scheme)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;

	return openssl_cert_issued_by(this->encoding, this->issuer, issuer, scheme);
}

static public_key_t *get_public_key(certificate_t *public)
{
	return NULL;
}

static bool get_validity(certificate_t *public, const time_t *when,
			 time_t *not_before, time_t *not_after)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;
	time_t t = when ? *when : time(NULL);

	if (not_before) {
		*not_before = this->this_update;
	}
	if (not_after) {
		*not_after = this->next_update;
	}
	return t >= this->this_update && (!this->next_update || t <= this->next_update);
}

static bool get_encoding(certificate_t *public, chunk_t *der)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;

	*der = chunk_clone(this->encoding);
	return true;
}

static bool equals(certificate_t *public, certificate_t *other)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;

	return openssl_cert_equals(public, this->encoding, other);
}

static certificate_t *get_ref(certificate_t *public)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(certificate_t *public)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;
	int i;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	for (i = 0; i < this->count; i++) {
		chunk_free(&this->revoked[i].serial);
	}
	free(this->revoked);
	DESTROY_IF(this->issuer);
	chunk_free(&this->encoding);
	chunk_free(&this->number);
	chunk_free(&this->akid);
	free(this);
}

static chunk_t get_number(crl_t *public)
{
	return ((private_openssl_crl_t *)public)->number;
}

static chunk_t get_authority_key_id(crl_t *public)
{
	return ((private_openssl_crl_t *)public)->akid;
}

typedef struct {
	enumerator_t public;
	private_openssl_crl_t *crl;
	int pos;
} revoked_enumerator_t;

static bool revoked_enumerate(enumerator_t *public, ...)
{
	revoked_enumerator_t *this = (revoked_enumerator_t *)public;
	revoked_t *entry;
	crl_reason_t *reason;
	chunk_t *serial;
	time_t *date;
	va_list args;

	if (this->pos >= this->crl->count) {
		return false;
	}
	entry = &this->crl->revoked[this->pos++];
	va_start(args, public);
	serial = va_arg(args, chunk_t *);
	date = va_arg(args, time_t *);
	reason = va_arg(args, crl_reason_t *);
	va_end(args);
	if (serial) {
		*serial = entry->serial;
	}
	if (date) {
		*date = entry->date;
	}
	if (reason) {
		*reason = entry->reason;
	}
	return true;
}

static void revoked_destroy(enumerator_t *public)
{
	free(public);
}

static enumerator_t *create_enumerator(crl_t *public)
{
	revoked_enumerator_t *this = mem_zalloc(sizeof(*this));

	*this = (revoked_enumerator_t){
		.public = {
			.enumerate = revoked_enumerate,
			.destroy = revoked_destroy,
		},
		.crl = (private_openssl_crl_t *)public,
	};
	return &this->public;
}

static bool is_revoked(crl_t *public, chunk_t serial, time_t *date,
		       crl_reason_t *reason)
{
	private_openssl_crl_t *this = (private_openssl_crl_t *)public;
	int i;

	while (serial.len > 1 && serial.ptr[0] == 0) {
		serial = chunk_skip(serial, 1);
	}
	for (i = 0; i < this->count; i++) {
		if (chunk_equals(this->revoked[i].serial, serial)) {
			if (date) {
				*date = this->revoked[i].date;
			}
			if (reason) {
				*reason = this->revoked[i].reason;
			}
			return true;
		}
	}
	return false;
}

static crl_reason_t entry_reason(X509_REVOKED *entry)
{
	ASN1_ENUMERATED *reason;
	long value;

	reason = X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, NULL, NULL);
	if (!reason) {
		return CRL_REVOKE_UNSPECIFIED;
	}
	value = ASN1_ENUMERATED_get(reason);
	ASN1_ENUMERATED_free(reason);
	return value >= 0 && value <= CRL_REVOKE_AA_COMPROMISE && value != 7 ?
	       (crl_reason_t)value : CRL_REVOKE_UNSPECIFIED;
}

static bool parse_revoked(private_openssl_crl_t *this, X509_CRL *crl)
{
	STACK_OF(X509_REVOKED) *list = X509_CRL_get_REVOKED(crl);
	X509_REVOKED *entry;
	int i, n = list ? sk_X509_REVOKED_num(list) : 0;

	this->revoked = mem_zalloc(sizeof(revoked_t) * (n + 1));
	for (i = 0; i < n; i++) {
		entry = sk_X509_REVOKED_value(list, i);
		this->revoked[this->count++] = (revoked_t){
			.serial = openssl_asn1_integer(X509_REVOKED_get0_serialNumber(entry)),
			.date = openssl_asn1_time(X509_REVOKED_get0_revocationDate(entry)),
			.reason = entry_reason(entry),
		};
	}
	return true;
}

certificate_t *openssl_crl_load(certificate_type_t type, chunk_t blob)
{
	private_openssl_crl_t *this;
	const unsigned char *p = blob.ptr;
	AUTHORITY_KEYID *akid;
	ASN1_INTEGER *number;
	X509_CRL *crl;
	bool ok;

	if (type != CERT_ANY && type != CERT_X509_CRL) {
		return NULL;
	}
	crl = d2i_X509_CRL(NULL, &p, blob.len);
	if (!crl || p != blob.ptr + blob.len) {
		X509_CRL_free(crl);
		ERR_clear_error();
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_openssl_crl_t){
		.public = {
			.certificate = {
				.get_type = get_type,
				.get_subject = get_issuer,
				.has_subject = has_issuer,
				.get_issuer = get_issuer,
				.has_issuer = has_issuer,
				.issued_by = issued_by,
				.get_public_key = get_public_key,
				.get_validity = get_validity,
				.get_encoding = get_encoding,
				.equals = equals,
				.get_ref = get_ref,
				.destroy = destroy,
			},
			.get_number = get_number,
			.get_authority_key_id = get_authority_key_id,
			.create_enumerator = create_enumerator,
			.is_revoked = is_revoked,
		},
		.encoding = chunk_clone(blob),
		.refs = 1,
	};
	this->issuer = openssl_name_to_id(X509_CRL_get_issuer(crl));
	this->this_update = openssl_asn1_time(X509_CRL_get0_lastUpdate(crl));
	this->next_update = openssl_asn1_time(X509_CRL_get0_nextUpdate(crl));
	number = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	if (number) {
		this->number = openssl_asn1_integer(number);
		ASN1_INTEGER_free(number);
	}
	akid = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, NULL, NULL);
	if (akid) {
		this->akid = openssl_asn1_string(akid->keyid);
		AUTHORITY_KEYID_free(akid);
	}
	ok = this->issuer && this->this_update && parse_revoked(this, crl);
	X509_CRL_free(crl);
	ERR_clear_error();
	if (!ok) {
		DBG1(DBG_ASN, "X.509 CRL is malformed");
		destroy(&this->public.certificate);
		return NULL;
	}
	return &this->public.certificate;
}
