/*
 * Names of the log subsystems: the short lower-case keys cygnet.conf uses
 * and the upper-case labels printed in log lines.
 */
#include "library.h"

static const char *const names[DBG_MAX] = {
	[DBG_DMN] = "dmn", [DBG_MGR] = "mgr", [DBG_IKE] = "ike", [DBG_CHD] = "chd",
	[DBG_JOB] = "job", [DBG_CFG] = "cfg", [DBG_KNL] = "knl", [DBG_NET] = "net",
	[DBG_ASN] = "asn", [DBG_ENC] = "enc", [DBG_LIB] = "lib", [DBG_ESP] = "esp",
	[DBG_TLS] = "tls", [DBG_APP] = "app",
};

static const char *const labels[DBG_MAX] = {
	[DBG_DMN] = "DMN", [DBG_MGR] = "MGR", [DBG_IKE] = "IKE", [DBG_CHD] = "CHD",
	[DBG_JOB] = "JOB", [DBG_CFG] = "CFG", [DBG_KNL] = "KNL", [DBG_NET] = "NET",
	[DBG_ASN] = "ASN", [DBG_ENC] = "ENC", [DBG_LIB] = "LIB", [DBG_ESP] = "ESP",
	[DBG_TLS] = "TLS", [DBG_APP] = "APP",
};

const char *debug_name(debug_t group)
{
	if ((int)group < 0 || group >= DBG_MAX) {
		return NULL;
	}
	return names[group];
}

const char *debug_label(debug_t group)
{
	if ((int)group < 0 || group >= DBG_MAX) {
		return "???";
	}
	return labels[group];
}

debug_t debug_from_name(const char *name)
{
	int i;

	for (i = 0; i < DBG_MAX; i++) {
		if (strcaseeq(name, names[i])) {
			return (debug_t)i;
		}
	}
	return DBG_MAX;
}
