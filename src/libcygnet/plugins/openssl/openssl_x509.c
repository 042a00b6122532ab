/*
 * X.509v3 certificates decoded with OpenSSL's d2i_X509. Everything the
 * credential code asks about is extracted once, at decoding, into plain
 * fields; the X509 object itself is not kept. Signatures are verified by
 * our own public_key_t (certificate_verify_signature), so the key backend
 * that `load =` chose does the math.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "openssl_cert.h"
#include "credentials/cred_factory.h"
#include "networking/host.h"

typedef struct {
	x509_t public;
	chunk_t encoding;
	identification_t *subject;
	identification_t *issuer;
	public_key_t *key;
	time_t not_before;
	time_t not_after;
	chunk_t serial;
	chunk_t skid;
	chunk_t akid;
	x509_flag_t flags;
	bool has_key_usage;
	uint32_t key_usage;
	int pathlen;
	linked_list_t *sans;		/* identification_t * */
	linked_list_t *crl_uris;	/* char * */
	linked_list_t *ocsp_uris;	/* char * */
	unsigned int refs;
} private_openssl_x509_t;

identification_t *openssl_name_to_id(const X509_NAME *name)
{
	identification_t *id;
	unsigned char *der = NULL;
	int len;

	len = i2d_X509_NAME(name, &der);
	if (len < 0) {
		return NULL;
	}
	id = identification_create_from_encoding(ID_DER_ASN1_DN, chunk_create(der, len));
	OPENSSL_free(der);
	return id;
}

time_t openssl_asn1_time(const ASN1_TIME *time)
{
	struct tm tm;

	if (!time || ASN1_TIME_to_tm(time, &tm) != 1) {
		return 0;
	}
	return timegm(&tm);
}

chunk_t openssl_asn1_integer(const ASN1_INTEGER *integer)
{
	chunk_t value = chunk_empty;

	if (integer) {
		value = chunk_create((void *)ASN1_STRING_get0_data(integer),
				     ASN1_STRING_length(integer));
	}
	while (value.len > 1 && value.ptr[0] == 0) {
		value = chunk_skip(value, 1);
	}
	if (!value.len) {
		return chunk_clone(chunk_from_chars(0x00));
	}
	return chunk_clone(value);
}

chunk_t openssl_asn1_string(const ASN1_STRING *str)
{
	if (!str || ASN1_STRING_length(str) <= 0) {
		return chunk_empty;
	}
	return chunk_clone(chunk_create((void *)ASN1_STRING_get0_data(str),
					ASN1_STRING_length(str)));
}

id_match_t openssl_cert_has_issuer(identification_t *own_issuer, chunk_t akid,
				   identification_t *issuer)
{
	if (issuer->get_type(issuer) == ID_KEY_ID) {
		return akid.len && chunk_equals(akid, issuer->get_encoding(issuer)) ?
		       ID_MATCH_PERFECT : ID_MATCH_NONE;
	}
	return own_issuer->matches(own_issuer, issuer);
}

bool openssl_cert_issued_by(chunk_t der, identification_t *own_issuer,
			    certificate_t *issuer, signature_params_t *scheme)
{
	public_key_t *key;
	bool ok;

	if (issuer->get_type(issuer) != CERT_X509 ||
	    !own_issuer->equals(own_issuer, issuer->get_subject(issuer))) {
		return false;
	}
	key = issuer->get_public_key(issuer);
	ok = certificate_verify_signature(der, key, scheme);
	DESTROY_IF(key);
	return ok;
}

bool openssl_cert_equals(certificate_t *this, chunk_t der, certificate_t *other)
{
	chunk_t enc;
	bool eq;

	if (this == other) {
		return true;
	}
	if (!other || other->get_type(other) != this->get_type(this) ||
	    !other->get_encoding(other, &enc)) {
		return false;
	}
	eq = chunk_equals(enc, der);
	chunk_free(&enc);
	return eq;
}

static certificate_type_t get_type(certificate_t *public)
{
	return CERT_X509;
}

static identification_t *get_subject(certificate_t *public)
{
	return ((private_openssl_x509_t *)public)->subject;
}

static identification_t *get_issuer(certificate_t *public)
{
	return ((private_openssl_x509_t *)public)->issuer;
}

static id_match_t has_subject(certificate_t *public, identification_t *id)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;
	enumerator_t *enumerator;
	identification_t *san;
	id_match_t best, match;
	chunk_t enc;

	if (id->get_type(id) == ID_KEY_ID) {
		enc = id->get_encoding(id);
		if ((this->skid.len && chunk_equals(this->skid, enc)) ||
		    (this->key && this->key->has_fingerprint(this->key, enc))) {
			return ID_MATCH_PERFECT;
		}
		return ID_MATCH_NONE;
	}
	best = this->subject->matches(this->subject, id);
	enumerator = this->sans->create_enumerator(this->sans);
	while (enumerator->enumerate(enumerator, &san)) {
		match = san->matches(san, id);
		if (match > best) {
			best = match;
		}
	}
	enumerator->destroy(enumerator);
	return best;
}

static id_match_t has_issuer(certificate_t *public, identification_t *issuer)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return openssl_cert_has_issuer(this->issuer, this->akid, issuer);
}

static bool issued_by(certificate_t *public, certificate_t *issuer,
		      signature_params_t *scheme)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return openssl_cert_issued_by(this->encoding, this->issuer, issuer, scheme);
}

static public_key_t *get_public_key(certificate_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return this->key ? this->key->get_ref(this->key) : NULL;
}

static bool get_validity(certificate_t *public, const time_t *when,
			 time_t *not_before, time_t *not_after)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;
	time_t t = when ? *when : time(NULL);

	if (not_before) {
		*not_before = this->not_before;
	}
	if (not_after) {
		*not_after = this->not_after;
	}
	return t >= this->not_before && t <= this->not_after;
}

static bool get_encoding(certificate_t *public, chunk_t *der)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	*der = chunk_clone(this->encoding);
	return true;
}

static bool equals(certificate_t *public, certificate_t *other)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return openssl_cert_equals(public, this->encoding, other);
}

static certificate_t *get_ref(certificate_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	__atomic_add_fetch(&this->refs, 1, __ATOMIC_RELAXED);
	return public;
}

static void destroy(certificate_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	if (__atomic_sub_fetch(&this->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	DESTROY_IF(this->subject);
	DESTROY_IF(this->issuer);
	DESTROY_IF(this->key);
	this->sans->destroy_offset(this->sans, DESTROY_OFFSET(identification_t));
	this->crl_uris->destroy_function(this->crl_uris, free);
	this->ocsp_uris->destroy_function(this->ocsp_uris, free);
	chunk_free(&this->encoding);
	chunk_free(&this->serial);
	chunk_free(&this->skid);
	chunk_free(&this->akid);
	free(this);
}

static x509_flag_t get_flags(x509_t *public)
{
	return ((private_openssl_x509_t *)public)->flags;
}

static bool get_key_usage(x509_t *public, uint32_t *usage)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	if (usage) {
		*usage = this->key_usage;
	}
	return this->has_key_usage;
}

static int get_pathlen(x509_t *public)
{
	return ((private_openssl_x509_t *)public)->pathlen;
}

static chunk_t get_serial(x509_t *public)
{
	return ((private_openssl_x509_t *)public)->serial;
}

static chunk_t get_subject_key_id(x509_t *public)
{
	return ((private_openssl_x509_t *)public)->skid;
}

static chunk_t get_authority_key_id(x509_t *public)
{
	return ((private_openssl_x509_t *)public)->akid;
}

static enumerator_t *create_subject_alt_name_enumerator(x509_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return this->sans->create_enumerator(this->sans);
}

static enumerator_t *create_crl_uri_enumerator(x509_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return this->crl_uris->create_enumerator(this->crl_uris);
}

static enumerator_t *create_ocsp_uri_enumerator(x509_t *public)
{
	private_openssl_x509_t *this = (private_openssl_x509_t *)public;

	return this->ocsp_uris->create_enumerator(this->ocsp_uris);
}

/* A GeneralName as an identity, NULL for kinds IKE has no ID type for. */
static identification_t *general_name_to_id(const GENERAL_NAME *name)
{
	const ASN1_STRING *str;

	switch (name->type) {
	case GEN_DNS:
		str = name->d.dNSName;
		return identification_create_from_encoding(ID_FQDN,
			chunk_create((void *)ASN1_STRING_get0_data(str), ASN1_STRING_length(str)));
	case GEN_EMAIL:
		str = name->d.rfc822Name;
		return identification_create_from_encoding(ID_RFC822_ADDR,
			chunk_create((void *)ASN1_STRING_get0_data(str), ASN1_STRING_length(str)));
	case GEN_IPADD:
		str = name->d.iPAddress;
		if (ASN1_STRING_length(str) == 4 || ASN1_STRING_length(str) == 16) {
			return identification_create_from_encoding(
				ASN1_STRING_length(str) == 4 ? ID_IPV4_ADDR : ID_IPV6_ADDR,
				chunk_create((void *)ASN1_STRING_get0_data(str),
					     ASN1_STRING_length(str)));
		}
		return NULL;
	case GEN_DIRNAME:
		return openssl_name_to_id(name->d.directoryName);
	default:
		return NULL;
	}
}

static void parse_sans(private_openssl_x509_t *this, X509 *x509)
{
	GENERAL_NAMES *names;
	identification_t *id;
	int i;

	names = X509_get_ext_d2i(x509, NID_subject_alt_name, NULL, NULL);
	for (i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		id = general_name_to_id(sk_GENERAL_NAME_value(names, i));
		if (id) {
			this->sans->insert_last(this->sans, id);
		}
	}
	GENERAL_NAMES_free(names);
}

static void parse_crl_uris(private_openssl_x509_t *this, X509 *x509)
{
	CRL_DIST_POINTS *cdps;
	DIST_POINT *dp;
	GENERAL_NAME *name;
	int i, j;

	cdps = X509_get_ext_d2i(x509, NID_crl_distribution_points, NULL, NULL);
	for (i = 0; cdps && i < sk_DIST_POINT_num(cdps); i++) {
		dp = sk_DIST_POINT_value(cdps, i);
		if (!dp->distpoint || dp->distpoint->type != 0) {
			continue;
		}
		for (j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); j++) {
			name = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j);
			if (name->type == GEN_URI) {
				this->crl_uris->insert_last(this->crl_uris,
					strndup((const char *)ASN1_STRING_get0_data(name->d.uniformResourceIdentifier),
						ASN1_STRING_length(name->d.uniformResourceIdentifier)));
			}
		}
	}
	CRL_DIST_POINTS_free(cdps);
}

static void parse_ocsp_uris(private_openssl_x509_t *this, X509 *x509)
{
	STACK_OF(OPENSSL_STRING) *uris = X509_get1_ocsp(x509);
	int i;

	for (i = 0; uris && i < sk_OPENSSL_STRING_num(uris); i++) {
		this->ocsp_uris->insert_last(this->ocsp_uris,
					     str_dup(sk_OPENSSL_STRING_value(uris, i)));
	}
	X509_email_free(uris);
}

/* OpenSSL's keyUsage bits (the DER BIT STRING's first two octets) to ours */
static uint32_t map_key_usage(uint32_t ku)
{
	static const struct { uint32_t ossl; uint32_t ours; } map[] = {
		{ KU_DIGITAL_SIGNATURE, X509_KU_DIGITAL_SIGNATURE },
		{ KU_NON_REPUDIATION, X509_KU_NON_REPUDIATION },
		{ KU_KEY_ENCIPHERMENT, X509_KU_KEY_ENCIPHERMENT },
		{ KU_DATA_ENCIPHERMENT, X509_KU_DATA_ENCIPHERMENT },
		{ KU_KEY_AGREEMENT, X509_KU_KEY_AGREEMENT },
		{ KU_KEY_CERT_SIGN, X509_KU_KEY_CERT_SIGN },
		{ KU_CRL_SIGN, X509_KU_CRL_SIGN },
		{ KU_ENCIPHER_ONLY, X509_KU_ENCIPHER_ONLY },
		{ KU_DECIPHER_ONLY, X509_KU_DECIPHER_ONLY },
	};
	uint32_t out = 0;
	size_t i;

	for (i = 0; i < countof(map); i++) {
		if (ku & map[i].ossl) {
			out |= map[i].ours;
		}
	}
	return out;
}

/* extendedKeyUsage purposes IKE cares about (RFC 4945 §5.1.3.12, RFC 5280) */
static x509_flag_t parse_eku(X509 *x509)
{
	static const struct { const char *oid; x509_flag_t flag; } ekus[] = {
		{ "1.3.6.1.5.5.7.3.1", X509_SERVER_AUTH },
		{ "1.3.6.1.5.5.7.3.2", X509_CLIENT_AUTH },
		{ "1.3.6.1.5.5.7.3.9", X509_OCSP_SIGNER },
		{ "1.3.6.1.5.5.7.3.17", X509_IKE },
		{ "1.3.6.1.5.5.8.2.2", X509_IKE_INTERMEDIATE },
		{ "2.5.29.37.0", X509_ANY_EKU },
	};
	EXTENDED_KEY_USAGE *eku;
	x509_flag_t flags = X509_NONE;
	char buf[64];
	size_t j;
	int i;

	eku = X509_get_ext_d2i(x509, NID_ext_key_usage, NULL, NULL);
	if (!eku) {
		return X509_NONE;
	}
	flags |= X509_HAS_EKU;
	for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		if (OBJ_obj2txt(buf, sizeof(buf), sk_ASN1_OBJECT_value(eku, i), 1) <= 0) {
			continue;
		}
		for (j = 0; j < countof(ekus); j++) {
			if (streq(buf, ekus[j].oid)) {
				flags |= ekus[j].flag;
			}
		}
	}
	EXTENDED_KEY_USAGE_free(eku);
	return flags;
}

static bool parse_extensions(private_openssl_x509_t *this, X509 *x509)
{
	BASIC_CONSTRAINTS *bc;
	const ASN1_OCTET_STRING *id;
	uint32_t ku;
	int crit = 0;

	/* caches OpenSSL's view of the extensions; fails on malformed ones */
	if (X509_check_purpose(x509, -1, 0) != 1 ||
	    (X509_get_extension_flags(x509) & EXFLAG_INVALID)) {
		return false;
	}
	bc = X509_get_ext_d2i(x509, NID_basic_constraints, &crit, NULL);
	if (bc) {
		if (bc->ca) {
			this->flags |= X509_CA;
			if (bc->pathlen) {
				long len = ASN1_INTEGER_get(bc->pathlen);

				this->pathlen = len >= 0 && len < 128 ? (int)len : 127;
			}
		}
		BASIC_CONSTRAINTS_free(bc);
	} else if (crit == -2) {
		return false;
	}
	ku = X509_get_key_usage(x509);
	if (ku != UINT32_MAX) {
		this->has_key_usage = true;
		this->key_usage = map_key_usage(ku);
	}
	this->flags |= parse_eku(x509);
	id = X509_get0_subject_key_id(x509);
	this->skid = openssl_asn1_string(id);
	id = X509_get0_authority_key_id(x509);
	this->akid = openssl_asn1_string(id);
	parse_sans(this, x509);
	parse_crl_uris(this, x509);
	parse_ocsp_uris(this, x509);
	return true;
}

static public_key_t *extract_key(X509 *x509)
{
	unsigned char *der = NULL;
	public_key_t *key;
	int len;

	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &der);
	if (len <= 0) {
		return NULL;
	}
	key = lib->creds->create_public_key(lib->creds, KEY_ANY, chunk_create(der, len));
	OPENSSL_free(der);
	return key;
}

certificate_t *openssl_x509_load(certificate_type_t type, chunk_t blob)
{
	private_openssl_x509_t *this;
	const unsigned char *p = blob.ptr;
	X509 *x509;
	bool ok;

	if (type != CERT_ANY && type != CERT_X509) {
		return NULL;
	}
	x509 = d2i_X509(NULL, &p, blob.len);
	if (!x509 || p != blob.ptr + blob.len) {
		X509_free(x509);
		ERR_clear_error();
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_openssl_x509_t){
		.public = {
			.certificate = {
				.get_type = get_type,
				.get_subject = get_subject,
				.has_subject = has_subject,
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
			.get_flags = get_flags,
			.get_key_usage = get_key_usage,
			.get_pathlen = get_pathlen,
			.get_serial = get_serial,
			.get_subject_key_id = get_subject_key_id,
			.get_authority_key_id = get_authority_key_id,
			.create_subject_alt_name_enumerator = create_subject_alt_name_enumerator,
			.create_crl_uri_enumerator = create_crl_uri_enumerator,
			.create_ocsp_uri_enumerator = create_ocsp_uri_enumerator,
		},
		.encoding = chunk_clone(blob),
		.pathlen = X509_NO_CONSTRAINT,
		.sans = linked_list_create(),
		.crl_uris = linked_list_create(),
		.ocsp_uris = linked_list_create(),
		.refs = 1,
	};
	this->subject = openssl_name_to_id(X509_get_subject_name(x509));
	this->issuer = openssl_name_to_id(X509_get_issuer_name(x509));
	this->serial = openssl_asn1_integer(X509_get0_serialNumber(x509));
	this->not_before = openssl_asn1_time(X509_get0_notBefore(x509));
	this->not_after = openssl_asn1_time(X509_get0_notAfter(x509));
	this->key = extract_key(x509);
	ok = this->subject && this->issuer && this->key && parse_extensions(this, x509);
	X509_free(x509);
	ERR_clear_error();
	if (!ok) {
		DBG1(DBG_ASN, "X.509 certificate is malformed or has an unsupported key");
		destroy(&this->public.certificate);
		return NULL;
	}
	if (this->issuer->equals(this->issuer, this->subject) &&
	    issued_by(&this->public.certificate, &this->public.certificate, NULL)) {
		this->flags |= X509_SELF_SIGNED;
	}
	return &this->public.certificate;
}
