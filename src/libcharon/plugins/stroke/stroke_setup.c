/*
 * An empty value puts a keyword back to its default, so removing it from
 * ipsec.conf and running `ipsec update` undoes it; for strictcrlpolicy the
 * default is charon.plugins.revocation.strict of cygnet.conf, else "no".
 * cachecrls=yes sets charon.cache_crls, which cygnet.conf may set too.
 */
#include "stroke_setup.h"

#include "daemon.h"
#include "settings/settings.h"

#include <stdatomic.h>

/* one of the literals below, or NULL */
static _Atomic(const char *) uniqueids;

static const char *uniqueids_values[] = {
	"yes", "no", "never", "replace", "keep",
};

const char *stroke_setup_uniqueids(void)
{
	return atomic_load(&uniqueids);
}

static bool apply_uniqueids(const char *value, FILE *err)
{
	size_t i;

	if (!*value) {
		atomic_store(&uniqueids, NULL);
		return true;
	}
	for (i = 0; i < countof(uniqueids_values); i++) {
		if (streq(value, uniqueids_values[i])) {
			atomic_store(&uniqueids, uniqueids_values[i]);
			return true;
		}
	}
	fprintf(err, "setup: invalid uniqueids '%s'\n", value);
	return false;
}

static bool apply_crl_policy(const char *value, FILE *err)
{
	cert_policy_t policy = CERT_POLICY_NO;

	if (!*value) {
		value = lib->settings->get_str(lib->settings,
					       "%s.plugins.revocation.strict", "no",
					       lib->ns ? lib->ns : "charon");
		cert_policy_from_string(value, &policy);
	} else if (!cert_policy_from_string(value, &policy)) {
		fprintf(err, "setup: invalid strictcrlpolicy '%s', expected yes, "
			"no or ifuri\n", value);
		return false;
	}
	charon->credentials->set_policy(charon->credentials, policy);
	DBG1(DBG_CFG, "strictcrlpolicy: %s", value);
	return true;
}

int stroke_setup_apply(stroke_msg_t *msg, FILE *out, FILE *err)
{
	const char *value;
	bool ok = true;

	value = msg->get(msg, "strictcrlpolicy", NULL);
	if (value) {
		ok = apply_crl_policy(value, err) && ok;
	}
	value = msg->get(msg, "uniqueids", NULL);
	if (value) {
		ok = apply_uniqueids(value, err) && ok;
	}
	value = msg->get(msg, "cachecrls", NULL);
	if (value && *value) {
		/* the revocation plugin reads charon.cache_crls (cygnet.conf) */
		lib->settings->set_str(lib->settings, "%s.cache_crls", value,
				       lib->ns ? lib->ns : "charon");
	}
	return ok ? 0 : 1;
}
