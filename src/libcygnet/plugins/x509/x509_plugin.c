/*
 * An alias plugin: one custom feature that needs certificate and CRL
 * decoders from some other plugin (openssl).
 */
#include "x509_plugin.h"
#include "credentials/certificates/certificate.h"

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "x509"),
	  .depends = { FEATURE_ID(FEATURE_CERT_DECODE, CERT_X509),
		       FEATURE_ID(FEATURE_CERT_DECODE, CERT_X509_CRL) } },
};

static const char *get_name(plugin_t *public)
{
	return "x509";
}

static int get_features(plugin_t *public, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	free(public);
}

plugin_t *x509_plugin_create(void)
{
	plugin_t *this = mem_zalloc(sizeof(*this));

	*this = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return this;
}
