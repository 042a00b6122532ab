/*
 * strongSwan's proposal keywords (docs.strongswan.org, "IKEv2 Cipher
 * Suites" and "Algorithm Proposals") and its default proposals.
 *
 * Defaults. ipsec.conf(5) of strongSwan ≥ 5.4: "ike= defaults to
 * aes128-sha256-modp3072, esp= to aes128-sha256; the daemon adds its
 * extensive default proposal to this default or the configured value",
 * unless the value ends in '!'. That default proposal is, in strongSwan
 * 5.9 (proposal_create_default[_aead]() of libstrongswan's proposal.c),
 * every supported algorithm of a vetted list, stronger classes first:
 *   IKE:      AES-CBC and AES-CTR 128/192/256 (and Camellia), then 3DES;
 *             HMAC-SHA2-256/384/512, then AES-XCBC, AES-CMAC, HMAC-SHA1;
 *   IKE AEAD: AES-GCM-16 (and CCM-16) 128/192/256, ChaCha20-Poly1305,
 *             then the 12 and 8 byte ICV variants;
 *   both:     PRFs HMAC-SHA2-256/384/512, AES-XCBC, AES-CMAC, then
 *             HMAC-SHA1; KEs ECP-256/384/521, Brainpool, Curve25519/448,
 *             then MODP-3072/4096/6144/8192, then MODP-2048;
 *   ESP:      AES-CBC 128/192/256, HMAC-SHA2-256/384/512, HMAC-SHA1,
 *             AES-XCBC, no ESN;
 *   ESP AEAD: AES-GCM-16 128/192/256.
 * cygnet's lists below are those minus what it does not implement
 * (Camellia, CCM, Brainpool, AES-XCBC), the AEAD proposal first as
 * strongSwan's stroke backend adds it. ESP AEAD gets an explicit NO_EXT_SEQ,
 * as RFC 7296 §3.3.3 makes ESN mandatory in ESP proposals.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "config/proposal_keywords.h"

/* more transforms than any sane proposal, and the defaults, hold */
#define MAX_TRANSFORMS	64
#define MAX_TOKEN	64

typedef struct xform_t {
	uint16_t type;
	uint16_t alg;
	uint16_t key_length;
} xform_t;

typedef struct keyword_t {
	const char *name;
	xform_t xform;
} keyword_t;

static const keyword_t keywords[] = {
	{ "null", { TRANSFORM_ENCR, ENCR_NULL, 0 } },
	{ "des", { TRANSFORM_ENCR, ENCR_DES, 0 } },
	{ "3des", { TRANSFORM_ENCR, ENCR_3DES, 0 } },
	{ "chacha20poly1305", { TRANSFORM_ENCR, ENCR_CHACHA20_POLY1305, 0 } },
	{ "camellia", { TRANSFORM_ENCR, ENCR_CAMELLIA_CBC, 128 } },
	{ "camellia128", { TRANSFORM_ENCR, ENCR_CAMELLIA_CBC, 128 } },
	{ "camellia192", { TRANSFORM_ENCR, ENCR_CAMELLIA_CBC, 192 } },
	{ "camellia256", { TRANSFORM_ENCR, ENCR_CAMELLIA_CBC, 256 } },

	{ "md5", { TRANSFORM_INTEG, AUTH_HMAC_MD5_96, 0 } },
	{ "md5_128", { TRANSFORM_INTEG, AUTH_HMAC_MD5_128, 0 } },
	{ "sha", { TRANSFORM_INTEG, AUTH_HMAC_SHA1_96, 0 } },
	{ "sha1", { TRANSFORM_INTEG, AUTH_HMAC_SHA1_96, 0 } },
	{ "sha1_160", { TRANSFORM_INTEG, AUTH_HMAC_SHA1_160, 0 } },
	{ "sha256", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0 } },
	{ "sha2_256", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_256_128, 0 } },
	{ "sha384", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_384_192, 0 } },
	{ "sha2_384", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_384_192, 0 } },
	{ "sha512", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_512_256, 0 } },
	{ "sha2_512", { TRANSFORM_INTEG, AUTH_HMAC_SHA2_512_256, 0 } },
	{ "aesxcbc", { TRANSFORM_INTEG, AUTH_AES_XCBC_96, 0 } },
	{ "aescmac", { TRANSFORM_INTEG, AUTH_AES_CMAC_96, 0 } },

	{ "prfmd5", { TRANSFORM_PRF, PRF_HMAC_MD5, 0 } },
	{ "prfsha1", { TRANSFORM_PRF, PRF_HMAC_SHA1, 0 } },
	{ "prfsha256", { TRANSFORM_PRF, PRF_HMAC_SHA2_256, 0 } },
	{ "prfsha384", { TRANSFORM_PRF, PRF_HMAC_SHA2_384, 0 } },
	{ "prfsha512", { TRANSFORM_PRF, PRF_HMAC_SHA2_512, 0 } },
	{ "prfaesxcbc", { TRANSFORM_PRF, PRF_AES128_XCBC, 0 } },
	{ "prfaescmac", { TRANSFORM_PRF, PRF_AES128_CMAC, 0 } },

	{ "modp768", { TRANSFORM_KE, MODP_768, 0 } },
	{ "modp1024", { TRANSFORM_KE, MODP_1024, 0 } },
	{ "modp1536", { TRANSFORM_KE, MODP_1536, 0 } },
	{ "modp2048", { TRANSFORM_KE, MODP_2048, 0 } },
	{ "modp3072", { TRANSFORM_KE, MODP_3072, 0 } },
	{ "modp4096", { TRANSFORM_KE, MODP_4096, 0 } },
	{ "modp6144", { TRANSFORM_KE, MODP_6144, 0 } },
	{ "modp8192", { TRANSFORM_KE, MODP_8192, 0 } },
	{ "ecp256", { TRANSFORM_KE, ECP_256, 0 } },
	{ "ecp384", { TRANSFORM_KE, ECP_384, 0 } },
	{ "ecp521", { TRANSFORM_KE, ECP_521, 0 } },
	{ "curve25519", { TRANSFORM_KE, CURVE_25519, 0 } },
	{ "x25519", { TRANSFORM_KE, CURVE_25519, 0 } },
	{ "curve448", { TRANSFORM_KE, CURVE_448, 0 } },
	{ "x448", { TRANSFORM_KE, CURVE_448, 0 } },

	{ "esn", { TRANSFORM_ESN, EXT_SEQ, 0 } },
	{ "noesn", { TRANSFORM_ESN, NO_EXT_SEQ, 0 } },
};

/* integrity algorithm → the PRF an IKE proposal without prf keyword gets */
static const struct {
	uint16_t integ;
	uint16_t prf;
} integ_prf[] = {
	{ AUTH_HMAC_MD5_96, PRF_HMAC_MD5 },
	{ AUTH_HMAC_MD5_128, PRF_HMAC_MD5 },
	{ AUTH_HMAC_SHA1_96, PRF_HMAC_SHA1 },
	{ AUTH_HMAC_SHA1_160, PRF_HMAC_SHA1 },
	{ AUTH_HMAC_SHA2_256_128, PRF_HMAC_SHA2_256 },
	{ AUTH_HMAC_SHA2_384_192, PRF_HMAC_SHA2_384 },
	{ AUTH_HMAC_SHA2_512_256, PRF_HMAC_SHA2_512 },
	{ AUTH_AES_XCBC_96, PRF_AES128_XCBC },
	{ AUTH_AES_CMAC_96, PRF_AES128_CMAC },
};

#define ENCR(a, k)	{ TRANSFORM_ENCR, a, k }
#define INTEG(a)	{ TRANSFORM_INTEG, a, 0 }
#define PRF(a)		{ TRANSFORM_PRF, a, 0 }
#define KE(a)		{ TRANSFORM_KE, a, 0 }
#define NOESN		{ TRANSFORM_ESN, NO_EXT_SEQ, 0 }
#define END		{ 0, 0, 0 }

#define DEFAULT_PRFS \
	PRF(PRF_HMAC_SHA2_256), PRF(PRF_HMAC_SHA2_384), PRF(PRF_HMAC_SHA2_512), \
	PRF(PRF_AES128_CMAC), PRF(PRF_HMAC_SHA1)
#define DEFAULT_KES \
	KE(CURVE_25519), KE(ECP_256), KE(ECP_384), KE(ECP_521), KE(CURVE_448), \
	KE(MODP_3072), KE(MODP_4096), KE(MODP_6144), KE(MODP_8192), KE(MODP_2048)

static const xform_t default_ike[] = {
	ENCR(ENCR_AES_CBC, 128), ENCR(ENCR_AES_CBC, 192), ENCR(ENCR_AES_CBC, 256),
	ENCR(ENCR_AES_CTR, 128), ENCR(ENCR_AES_CTR, 192), ENCR(ENCR_AES_CTR, 256),
	ENCR(ENCR_3DES, 0),
	INTEG(AUTH_HMAC_SHA2_256_128), INTEG(AUTH_HMAC_SHA2_384_192),
	INTEG(AUTH_HMAC_SHA2_512_256), INTEG(AUTH_AES_CMAC_96), INTEG(AUTH_HMAC_SHA1_96),
	DEFAULT_PRFS, DEFAULT_KES, END,
};

static const xform_t default_ike_aead[] = {
	ENCR(ENCR_AES_GCM_ICV16, 128), ENCR(ENCR_AES_GCM_ICV16, 192),
	ENCR(ENCR_AES_GCM_ICV16, 256), ENCR(ENCR_CHACHA20_POLY1305, 0),
	ENCR(ENCR_AES_GCM_ICV12, 128), ENCR(ENCR_AES_GCM_ICV12, 192),
	ENCR(ENCR_AES_GCM_ICV12, 256), ENCR(ENCR_AES_GCM_ICV8, 128),
	ENCR(ENCR_AES_GCM_ICV8, 192), ENCR(ENCR_AES_GCM_ICV8, 256),
	DEFAULT_PRFS, DEFAULT_KES, END,
};

static const xform_t default_esp[] = {
	ENCR(ENCR_AES_CBC, 128), ENCR(ENCR_AES_CBC, 192), ENCR(ENCR_AES_CBC, 256),
	INTEG(AUTH_HMAC_SHA2_256_128), INTEG(AUTH_HMAC_SHA2_384_192),
	INTEG(AUTH_HMAC_SHA2_512_256), INTEG(AUTH_HMAC_SHA1_96),
	NOESN, END,
};

static const xform_t default_esp_aead[] = {
	ENCR(ENCR_AES_GCM_ICV16, 128), ENCR(ENCR_AES_GCM_ICV16, 192),
	ENCR(ENCR_AES_GCM_ICV16, 256),
	NOESN, END,
};

/* the transforms of one proposal while it is checked */
typedef struct xforms_t {
	xform_t t[MAX_TRANSFORMS];
	int count;
} xforms_t;

static const char *keyword_of(protocol_id_t protocol)
{
	switch (protocol) {
	case PROTO_IKE:
		return "ike=";
	case PROTO_AH:
		return "ah=";
	default:
		return "esp=";
	}
}

static void fail(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t err_len, const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	DBG1(DBG_CFG, "%s", buf);
	if (err && err_len) {
		snprintf(err, err_len, "%s", buf);
	}
}

/* "aes", "aes256", "aes128ctr", "aes256gcm16", "aes192ccm96", "aes128gmac" */
static bool aes_lookup(const char *kw, xform_t *x)
{
	static const uint16_t gcm[] = { ENCR_AES_GCM_ICV8, ENCR_AES_GCM_ICV12, ENCR_AES_GCM_ICV16 };
	static const uint16_t ccm[] = { ENCR_AES_CCM_ICV8, ENCR_AES_CCM_ICV12, ENCR_AES_CCM_ICV16 };
	static const char *icv[][2] = { { "8", "64" }, { "12", "96" }, { "16", "128" } };
	const uint16_t *family = NULL;
	uint16_t bits = 128;
	size_t i;

	if (strncasecmp(kw, "aes", 3) != 0) {
		return false;
	}
	kw += 3;
	if (!strncmp(kw, "128", 3) || !strncmp(kw, "192", 3) || !strncmp(kw, "256", 3)) {
		bits = (uint16_t)atoi((char[4]){ kw[0], kw[1], kw[2], '\0' });
		kw += 3;
	} else if (isdigit((unsigned char)*kw)) {
		return false;
	}
	*x = (xform_t){ TRANSFORM_ENCR, ENCR_AES_CBC, bits };
	if (!*kw) {
		return true;
	}
	if (strcaseeq(kw, "ctr")) {
		x->alg = ENCR_AES_CTR;
		return true;
	}
	if (strcaseeq(kw, "gmac")) {
		x->alg = ENCR_NULL_AUTH_AES_GMAC;
		return true;
	}
	if (!strncasecmp(kw, "gcm", 3)) {
		family = gcm;
	} else if (!strncasecmp(kw, "ccm", 3)) {
		family = ccm;
	} else {
		return false;
	}
	for (i = 0; i < countof(icv); i++) {
		if (streq(kw + 3, icv[i][0]) || streq(kw + 3, icv[i][1])) {
			x->alg = family[i];
			return true;
		}
	}
	return false;
}

bool proposal_keyword_lookup(const char *keyword, uint16_t *type, uint16_t *alg,
			     uint16_t *key_length)
{
	xform_t x;
	size_t i;
	bool found = false;

	if (!keyword) {
		return false;
	}
	for (i = 0; i < countof(keywords) && !found; i++) {
		if (strcaseeq(keywords[i].name, keyword)) {
			x = keywords[i].xform;
			found = true;
		}
	}
	if (!found && !aes_lookup(keyword, &x)) {
		return false;
	}
	if (type) {
		*type = x.type;
	}
	if (alg) {
		*alg = x.alg;
	}
	if (key_length) {
		*key_length = x.key_length;
	}
	return true;
}

/* ---- checking one proposal ---- */

static bool has(xforms_t *x, uint16_t type)
{
	int i;

	for (i = 0; i < x->count; i++) {
		if (x->t[i].type == type) {
			return true;
		}
	}
	return false;
}

/* add unless already there; false if full */
static bool add(xforms_t *x, xform_t t)
{
	int i;

	for (i = 0; i < x->count; i++) {
		if (x->t[i].type == t.type && x->t[i].alg == t.alg &&
		    x->t[i].key_length == t.key_length) {
			return true;
		}
	}
	if (x->count == MAX_TRANSFORMS) {
		return false;
	}
	x->t[x->count++] = t;
	return true;
}

static void drop(xforms_t *x, uint16_t type)
{
	int i, kept = 0;

	for (i = 0; i < x->count; i++) {
		if (x->t[i].type != type) {
			x->t[kept++] = x->t[i];
		}
	}
	x->count = kept;
}

/* IKE without prf: the PRFs of its integrity algorithms */
static void derive_prfs(xforms_t *x)
{
	int i, count = x->count;
	size_t m;

	for (i = 0; i < count; i++) {
		if (x->t[i].type != TRANSFORM_INTEG) {
			continue;
		}
		for (m = 0; m < countof(integ_prf); m++) {
			if (integ_prf[m].integ == x->t[i].alg) {
				add(x, (xform_t){ TRANSFORM_PRF, integ_prf[m].prf, 0 });
			}
		}
	}
}

/* the rules from the header; false with err set if the proposal is unusable */
static bool check(protocol_id_t protocol, xforms_t *x, const char *str,
		  char *err, size_t err_len)
{
	const char *kw = keyword_of(protocol);
	bool any_aead = false, all_aead = true, any_encr = false;
	int i;

	if (protocol == PROTO_IKE) {
		if (!has(x, TRANSFORM_PRF)) {
			derive_prfs(x);
		}
		if (!has(x, TRANSFORM_PRF)) {
			fail(err, err_len, "a PRF is required in %s proposal '%s' "
			     "(add e.g. prfsha256)", kw, str);
			return false;
		}
		if (!has(x, TRANSFORM_KE)) {
			fail(err, err_len, "a key exchange method is required in %s "
			     "proposal '%s'", kw, str);
			return false;
		}
	} else {
		drop(x, TRANSFORM_PRF);
	}
	if (protocol == PROTO_AH) {
		drop(x, TRANSFORM_ENCR);
		if (!has(x, TRANSFORM_INTEG)) {
			fail(err, err_len, "an integrity algorithm is required in %s "
			     "proposal '%s'", kw, str);
			return false;
		}
	} else {
		for (i = 0; i < x->count; i++) {
			if (x->t[i].type != TRANSFORM_ENCR) {
				continue;
			}
			any_encr = true;
			if (encryption_algorithm_is_aead(x->t[i].alg)) {
				any_aead = true;
			} else {
				all_aead = false;
			}
		}
		if (!any_encr) {
			fail(err, err_len, "an encryption algorithm is required in %s "
			     "proposal '%s'", kw, str);
			return false;
		}
		if (any_aead && !all_aead) {
			fail(err, err_len, "AEAD and classic encryption algorithms "
			     "cannot share %s proposal '%s'", kw, str);
			return false;
		}
		if (all_aead) {
			/* RFC 7296 §3.3: no integrity with combined-mode ciphers */
			drop(x, TRANSFORM_INTEG);
		} else if (protocol == PROTO_IKE && !has(x, TRANSFORM_INTEG)) {
			fail(err, err_len, "an integrity algorithm is required in %s "
			     "proposal '%s'", kw, str);
			return false;
		}
	}
	if (protocol != PROTO_IKE && !has(x, TRANSFORM_ESN)) {
		add(x, (xform_t){ TRANSFORM_ESN, NO_EXT_SEQ, 0 });
	}
	return true;
}

static proposal_t *build(protocol_id_t protocol, const xform_t *t, int count)
{
	proposal_t *proposal = proposal_create(protocol, 1);
	int i;

	for (i = 0; i < count; i++) {
		proposal->add_algorithm(proposal, t[i].type, t[i].alg, t[i].key_length);
	}
	return proposal;
}

/* copy of [start, end) without surrounding blanks */
static void trimmed(const char *start, const char *end, char *buf, size_t len)
{
	size_t n;

	while (start < end && isspace((unsigned char)*start)) {
		start++;
	}
	while (end > start && isspace((unsigned char)end[-1])) {
		end--;
	}
	n = (size_t)(end - start);
	if (n >= len) {
		n = len - 1;
	}
	memcpy(buf, start, n);
	buf[n] = '\0';
}

proposal_t *proposal_keywords_parse(protocol_id_t protocol, const char *str,
				    char *err, size_t err_len)
{
	const char *kw = keyword_of(protocol), *p, *end;
	char token[MAX_TOKEN];
	xforms_t x = { .count = 0 };
	xform_t t;

	if (protocol != PROTO_IKE && protocol != PROTO_ESP && protocol != PROTO_AH) {
		fail(err, err_len, "proposals for protocol %d not supported", protocol);
		return NULL;
	}
	if (!str) {
		str = "";
	}
	trimmed(str, str + strlen(str), token, 2);
	if (!token[0]) {
		fail(err, err_len, "empty proposal in %s", kw);
		return NULL;
	}
	for (p = str;; p = end + 1) {
		end = strchr(p, '-');
		if (!end) {
			end = p + strlen(p);
		}
		if ((size_t)(end - p) >= sizeof(token)) {
			fail(err, err_len, "unknown algorithm '%.*s' in %s",
			     (int)(end - p), p, kw);
			return NULL;
		}
		trimmed(p, end, token, sizeof(token));
		if (!token[0]) {
			fail(err, err_len, "empty algorithm in %s proposal '%s'", kw, str);
			return NULL;
		}
		if (!proposal_keyword_lookup(token, &t.type, &t.alg, &t.key_length)) {
			fail(err, err_len, "unknown algorithm '%s' in %s", token, kw);
			return NULL;
		}
		if (!add(&x, t)) {
			fail(err, err_len, "too many algorithms in %s proposal '%s'",
			     kw, str);
			return NULL;
		}
		if (!*end) {
			break;
		}
	}
	if (!check(protocol, &x, str, err, err_len)) {
		return NULL;
	}
	return build(protocol, x.t, x.count);
}

proposal_t *proposal_keywords_default(protocol_id_t protocol, bool aead)
{
	const xform_t *list;
	int count;

	switch (protocol) {
	case PROTO_IKE:
		list = aead ? default_ike_aead : default_ike;
		break;
	case PROTO_ESP:
		list = aead ? default_esp_aead : default_esp;
		break;
	default:
		return NULL;
	}
	for (count = 0; list[count].type; count++) {
	}
	return build(protocol, list, count);
}

void proposal_keywords_add_defaults(protocol_id_t protocol, linked_list_t *list)
{
	proposal_t *proposal;

	proposal = proposal_keywords_default(protocol, true);
	if (proposal) {
		proposal->set_number(proposal, (uint8_t)(list->get_count(list) + 1));
		list->insert_last(list, proposal);
	}
	proposal = proposal_keywords_default(protocol, false);
	if (proposal) {
		proposal->set_number(proposal, (uint8_t)(list->get_count(list) + 1));
		list->insert_last(list, proposal);
	}
}

static void destroy_proposal(void *item)
{
	proposal_t *proposal = item;

	proposal->destroy(proposal);
}

bool proposal_keywords_parse_list(protocol_id_t protocol, const char *str,
				  linked_list_t *list, char *err, size_t err_len)
{
	const char *kw = keyword_of(protocol), *p, *end, *stop;
	linked_list_t *parsed;
	proposal_t *proposal;
	char *one;
	bool strict = false;

	if (!str) {
		str = "";
	}
	stop = str + strlen(str);
	while (stop > str && isspace((unsigned char)stop[-1])) {
		stop--;
	}
	if (stop > str && stop[-1] == '!') {
		strict = true;
		stop--;
	}
	parsed = linked_list_create();
	for (p = str; p <= stop; p = end + 1) {
		end = memchr(p, ',', (size_t)(stop - p));
		if (!end) {
			end = stop;
		}
		one = mem_zalloc((size_t)(end - p) + 1);
		trimmed(p, end, one, (size_t)(end - p) + 1);
		if (!one[0]) {
			fail(err, err_len, "empty proposal in %s", kw);
			proposal = NULL;
		} else {
			proposal = proposal_keywords_parse(protocol, one, err, err_len);
		}
		free(one);
		if (!proposal) {
			parsed->destroy_function(parsed, destroy_proposal);
			return false;
		}
		parsed->insert_last(parsed, proposal);
	}
	if (!strict) {
		proposal_keywords_add_defaults(protocol, parsed);
	}
	while (parsed->remove_first(parsed, (void **)&proposal) == SUCCESS) {
		proposal->set_number(proposal, (uint8_t)(list->get_count(list) + 1));
		list->insert_last(list, proposal);
	}
	parsed->destroy(parsed);
	return true;
}
