/*
 * Signatures over X.509 structures (RFC 5280 §4.1.1.2-3): the signature
 * covers the DER of the "to be signed" part exactly as received.
 */
#include "credentials/certificates/certificate.h"
#include "asn1/asn1.h"

bool certificate_verify_signature(chunk_t signed_der, public_key_t *key,
				  signature_params_t *scheme)
{
	chunk_t seq, tbs, alg, sig;
	signature_params_t params;
	size_t len;

	if (!key || !asn1_expect(&signed_der, ASN1_SEQUENCE, &seq) ||
	    !asn1_read_tlv(&seq, NULL, &tbs) || !asn1_read_tlv(&seq, NULL, &alg) ||
	    !asn1_read_bits(&seq, &sig) || seq.len) {
		return false;
	}
	if (!signature_params_parse(alg, &params, &len) || len != alg.len) {
		DBG2(DBG_ASN, "unsupported signature algorithm in certificate");
		return false;
	}
	if (!key->verify(key, params.scheme,
			 params.scheme == SIGN_RSA_EMSA_PSS ? &params.pss : NULL,
			 tbs, sig)) {
		return false;
	}
	if (scheme) {
		*scheme = params;
	}
	return true;
}
