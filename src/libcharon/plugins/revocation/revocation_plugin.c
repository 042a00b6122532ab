/*
 * The revocation plugin: registers a revocation checker with charon's
 * credential manager that asks OCSP responders first (fresh, per
 * certificate) and falls back to fetching CRLs. It also applies the CRL
 * policy from charon.plugins.revocation.strict (yes|no|ifuri); starter's
 * `config setup` strictcrlpolicy, sent later, overrides it.
 */
#include "revocation_plugin.h"
#include "revocation_checker.h"
#include "daemon.h"
#include "settings/settings.h"

#include <strings.h>

typedef struct private_revocation_plugin_t {
	plugin_t public;
	bool registered;
} private_revocation_plugin_t;

static bool definitive(cert_validation_t status)
{
	return status == VALIDATION_GOOD || status == VALIDATION_REVOKED ||
	       status == VALIDATION_ON_HOLD;
}

static cert_validation_t check(void *data, certificate_t *subject,
			       certificate_t *issuer)
{
	cert_validation_t ocsp, crl;

	ocsp = revocation_check_ocsp(charon->credentials, subject, issuer);
	if (definitive(ocsp)) {
		return ocsp;
	}
	crl = revocation_check_crl(charon->credentials, subject, issuer);
	if (definitive(crl)) {
		return crl;
	}
	return ocsp > crl ? ocsp : crl;
}

static void apply_policy(void)
{
	cert_policy_t policy;
	const char *strict;

	strict = lib->settings->get_str(lib->settings,
					"%s.plugins.revocation.strict", NULL,
					lib->ns ? lib->ns : "charon");
	if (!strict) {
		return;
	}
	if (cert_policy_from_string(strict, &policy)) {
		charon->credentials->set_policy(charon->credentials, policy);
	} else {
		DBG1(DBG_CFG, "invalid revocation.strict '%s', expected yes, no "
		     "or ifuri", strict);
	}
}

static bool checker_feature(plugin_t *plugin, const plugin_feature_t *feature,
			    bool loading, void *data)
{
	private_revocation_plugin_t *this = (private_revocation_plugin_t *)plugin;

	if (!charon || !charon->credentials) {
		return false;
	}
	if (loading) {
		apply_policy();
		charon->credentials->add_revocation_checker(charon->credentials,
							    check, this);
		this->registered = true;
	} else if (this->registered) {
		charon->credentials->remove_revocation_checker(charon->credentials,
							       check, this);
		this->registered = false;
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "revocation"),
	  .callback = checker_feature,
	  .sdepends = { FEATURE_ID_NAME(FEATURE_FETCHER, "http://"),
			FEATURE_ID_NAME(FEATURE_FETCHER, "ldap://"),
			FEATURE_ID(FEATURE_CERT_DECODE, CERT_X509_CRL) } },
};

static const char *get_name(plugin_t *public)
{
	return "revocation";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_revocation_plugin_t *this = (private_revocation_plugin_t *)public;

	if (this->registered && charon && charon->credentials) {
		charon->credentials->remove_revocation_checker(charon->credentials,
							       check, this);
	}
	free(this);
}

plugin_t *revocation_plugin_create(void)
{
	private_revocation_plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (private_revocation_plugin_t){
		.public = {
			.get_name = get_name,
			.get_features = get_features,
			.destroy = destroy,
		},
	};
	return &this->public;
}
