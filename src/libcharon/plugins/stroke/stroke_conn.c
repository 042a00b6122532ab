/*
 * The keyword table of add_conn and the checks of each value. A keyword
 * cygnet does not support is refused with the reason (KW_REFUSE) rather
 * than ignored, so a conn never silently means something else.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>

#include "stroke_conn.h"

typedef enum {
	KW_STR,		/**< kept as given */
	KW_BOOL,	/**< yes/no */
	KW_TIME,	/**< seconds, or with s/m/h/d */
	KW_PERCENT,	/**< "100%" */
	KW_UINT,	/**< decimal */
	KW_PORT,	/**< 1..65535 */
	KW_TRIES,	/**< decimal or %forever */
	KW_IGNORE,	/**< accepted, has no effect (yet) */
	KW_REFUSE,	/**< not supported: any value is an error */
} kw_type_t;

typedef struct {
	const char *name;
	kw_type_t type;
	size_t offset;
	/** KW_STR: allowed values "a|b|c" (NULL: anything); KW_REFUSE: why */
	const char *values;
} keyword_t;

#define F(field) offsetof(conn_t, field)

static const keyword_t keywords[] = {
	{ "left", KW_STR, F(left), NULL },
	{ "right", KW_STR, F(right), NULL },
	{ "leftsubnet", KW_STR, F(leftsubnet), NULL },
	{ "rightsubnet", KW_STR, F(rightsubnet), NULL },
	{ "leftsubnetwithin", KW_STR, F(leftsubnet), NULL },
	{ "rightsubnetwithin", KW_STR, F(rightsubnet), NULL },
	{ "leftprotoport", KW_STR, F(leftprotoport), NULL },
	{ "rightprotoport", KW_STR, F(rightprotoport), NULL },
	{ "leftid", KW_STR, F(leftid), NULL },
	{ "rightid", KW_STR, F(rightid), NULL },
	{ "leftauth", KW_STR, F(leftauth), NULL },
	{ "rightauth", KW_STR, F(rightauth), NULL },
	{ "authby", KW_STR, F(authby), "pubkey|rsasig|ecdsasig|psk|secret" },
	{ "leftcert", KW_STR, F(leftcert), NULL },
	{ "rightcert", KW_STR, F(rightcert), NULL },
	{ "leftca", KW_STR, F(leftca), NULL },
	{ "rightca", KW_STR, F(rightca), NULL },
	{ "leftsendcert", KW_STR, F(leftsendcert), "never|no|ifasked|always|yes" },
	{ "rightsendcert", KW_STR, F(rightsendcert), "never|no|ifasked|always|yes" },
	{ "leftcrlpolicy", KW_STR, F(leftcrlpolicy), "yes|no|ifuri" },
	{ "rightcrlpolicy", KW_STR, F(rightcrlpolicy), "yes|no|ifuri" },
	{ "leftsigkey", KW_STR, F(leftsigkey), NULL },
	{ "rightsigkey", KW_STR, F(rightsigkey), NULL },
	{ "leftrsasigkey", KW_STR, F(leftrsasigkey), NULL },
	{ "rightrsasigkey", KW_STR, F(rightrsasigkey), NULL },
	{ "ike", KW_STR, F(ike), NULL },
	{ "esp", KW_STR, F(esp), NULL },
	{ "leftupdown", KW_STR, F(leftupdown), NULL },
	{ "type", KW_STR, F(type), "tunnel|transport" },
	{ "keyexchange", KW_STR, F(keyexchange), "ike|ikev2" },	/* no IKEv1 */
	{ "auto", KW_STR, F(auto_), "add|route|start|ignore" },
	{ "dpdaction", KW_STR, F(dpdaction), "none|clear|hold|restart" },
	{ "closeaction", KW_STR, F(closeaction), "none|clear|hold|restart" },
	{ "uniqueids", KW_STR, F(uniqueids), "yes|no|never|replace|keep" },
	{ "fragmentation", KW_STR, F(fragmentation), "yes|accept|force|no" },
	{ "ikedscp", KW_STR, F(ikedscp), NULL },
	{ "leftikeport", KW_PORT, F(leftikeport), NULL },
	{ "rightikeport", KW_PORT, F(rightikeport), NULL },
	{ "ikelifetime", KW_TIME, F(ikelifetime), NULL },
	{ "keylife", KW_TIME, F(keylife), NULL },
	{ "lifetime", KW_TIME, F(keylife), NULL },
	{ "rekeymargin", KW_TIME, F(margintime), NULL },
	{ "margintime", KW_TIME, F(margintime), NULL },
	{ "rekeyfuzz", KW_PERCENT, F(rekeyfuzz), NULL },
	{ "keyingtries", KW_TRIES, F(keyingtries), NULL },
	{ "dpddelay", KW_TIME, F(dpddelay), NULL },
	{ "dpdtimeout", KW_TIME, F(dpdtimeout), NULL },
	{ "reqid", KW_UINT, F(reqid), NULL },
	{ "replay_window", KW_UINT, F(replay_window), NULL },
	{ "lifebytes", KW_UINT, F(lifebytes), NULL },
	{ "lifepackets", KW_UINT, F(lifepackets), NULL },
	{ "marginbytes", KW_UINT, F(marginbytes), NULL },
	{ "marginpackets", KW_UINT, F(marginpackets), NULL },
	{ "rekey", KW_BOOL, F(rekey), NULL },
	{ "reauth", KW_BOOL, F(reauth), NULL },
	{ "mobike", KW_BOOL, F(mobike), NULL },
	{ "forceencaps", KW_BOOL, F(forceencaps), NULL },
	{ "lefthostaccess", KW_BOOL, F(hostaccess), NULL },
	{ "compress", KW_BOOL, F(compress), NULL },
	/* no effect on what is protected or how */
	{ "also", KW_IGNORE, 0, NULL },
	{ "aggressive", KW_IGNORE, 0, NULL },
	{ "priority", KW_IGNORE, 0, NULL },
	{ "hw_offload", KW_IGNORE, 0, NULL },
	{ "tfc", KW_IGNORE, 0, NULL },
	{ "inactivity", KW_IGNORE, 0, NULL },
	{ "leftfirewall", KW_IGNORE, 0, NULL },
	{ "rightfirewall", KW_IGNORE, 0, NULL },
	{ "leftallowany", KW_IGNORE, 0, NULL },
	{ "rightallowany", KW_IGNORE, 0, NULL },
	{ "rightupdown", KW_IGNORE, 0, NULL },
	{ "righthostaccess", KW_IGNORE, 0, NULL },
	{ "leftcertpolicy", KW_IGNORE, 0, NULL },
	{ "rightcertpolicy", KW_IGNORE, 0, NULL },
	{ "leftgroups", KW_IGNORE, 0, NULL },
	{ "rightgroups", KW_IGNORE, 0, NULL },
	{ "leftdns", KW_IGNORE, 0, NULL },
	{ "rightdns", KW_IGNORE, 0, NULL },
	{ "modeconfig", KW_IGNORE, 0, NULL },
	{ "eap_identity", KW_IGNORE, 0, NULL },
	{ "aaa_identity", KW_IGNORE, 0, NULL },
	{ "xauth_identity", KW_IGNORE, 0, NULL },
	/* only the default works */
	{ "sha256_truncbug", KW_STR, F(unused), "no" },
	{ "installpolicy", KW_STR, F(unused), "yes" },
	{ "mediation", KW_STR, F(unused), "no" },
	/* ignoring these would silently change the tunnel */
	{ "leftsourceip", KW_IGNORE, 0, NULL },	/* stroke_vip.c */
	{ "rightsourceip", KW_IGNORE, 0, NULL },	/* stroke_vip.c */
	{ "leftid2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "rightid2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "leftauth2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "rightauth2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "leftcert2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "rightcert2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "leftca2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "rightca2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "leftgroups2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "rightgroups2", KW_REFUSE, 0, "a second authentication round is not supported" },
	{ "ah", KW_REFUSE, 0, "AH is not supported, use esp=" },
	{ "mark", KW_REFUSE, 0, "marks are not supported" },
	{ "mark_in", KW_REFUSE, 0, "marks are not supported" },
	{ "mark_out", KW_REFUSE, 0, "marks are not supported" },
	{ "if_id_in", KW_REFUSE, 0, "XFRM interface IDs are not supported" },
	{ "if_id_out", KW_REFUSE, 0, "XFRM interface IDs are not supported" },
	{ "xauth", KW_REFUSE, 0, "XAuth (IKEv1) is not supported" },
	{ "mediated_by", KW_REFUSE, 0, "mediation is not supported" },
	{ "me_peerid", KW_REFUSE, 0, "mediation is not supported" },
};

void stroke_conn_error(conn_t *c, const char *fmt, ...)
{
	va_list args;

	fprintf(c->err, "conn '%s': ", c->name);
	va_start(args, fmt);
	vfprintf(c->err, fmt, args);
	va_end(args);
	fputc('\n', c->err);
	c->errors++;
}

static bool parse_uint(const char *value, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*value || strlen(value) > 20) {
		return false;
	}
	for (const char *p = value; *p; p++) {
		if (!isdigit((unsigned char)*p) || v > (max - (uint64_t)(*p - '0')) / 10) {
			return false;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}

/* "30", "30s", "9m", "3h", "1d" in seconds, at most UINT32_MAX. */
static bool parse_time(const char *value, uint64_t *out)
{
	static const struct { char suffix; uint64_t factor; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	char buf[32];
	size_t len = strlen(value);
	uint64_t factor = 1, v;

	if (!len || len >= sizeof(buf)) {
		return false;
	}
	strcpy(buf, value);
	for (size_t i = 0; i < countof(units); i++) {
		if (buf[len - 1] == units[i].suffix) {
			factor = units[i].factor;
			buf[len - 1] = '\0';
		}
	}
	if (!parse_uint(buf, UINT32_MAX, &v) || v > UINT32_MAX / factor) {
		return false;
	}
	*out = v * factor;
	return true;
}

static bool parse_bool(const char *value, bool *out)
{
	if (streq(value, "yes") || streq(value, "true")) {
		*out = true;
		return true;
	}
	if (streq(value, "no") || streq(value, "false")) {
		*out = false;
		return true;
	}
	return false;
}

bool stroke_conn_one_of(const char *value, const char *values)
{
	size_t len = strlen(value);
	const char *p = values;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, value, n) == 0) {
			return true;
		}
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* Check and store one keyword; false (after an error line) if invalid. */
static bool set_keyword(conn_t *c, const keyword_t *kw, const char *value)
{
	void *field = (char *)c + kw->offset;
	char buf[32];
	bool ok = true;

	switch (kw->type) {
	case KW_STR:
		ok = !kw->values || stroke_conn_one_of(value, kw->values);
		if (ok) {
			*(const char **)field = value;
		} else {
			stroke_conn_error(c, "%s=%s is not supported (use %s)", kw->name, value, kw->values);
			return false;
		}
		return true;
	case KW_BOOL:
		ok = parse_bool(value, field);
		break;
	case KW_TIME:
		ok = parse_time(value, field);
		break;
	case KW_PERCENT:
		ok = strlen(value) < sizeof(buf);
		if (ok) {
			strcpy(buf, value);
			if (buf[0] && buf[strlen(buf) - 1] == '%') {
				buf[strlen(buf) - 1] = '\0';
			}
			ok = parse_uint(buf, 100000, field);
		}
		break;
	case KW_UINT:
		ok = parse_uint(value, UINT64_MAX, field);
		if (ok && kw->offset != F(lifebytes) && kw->offset != F(lifepackets) &&
		    kw->offset != F(marginbytes) && kw->offset != F(marginpackets)) {
			ok = *(uint64_t *)field <= UINT32_MAX;
		}
		break;
	case KW_PORT:
		ok = parse_uint(value, 65535, field) && *(uint64_t *)field > 0;
		break;
	case KW_TRIES:
		if (streq(value, "%forever")) {
			*(uint64_t *)field = 0;
		} else {
			ok = parse_uint(value, UINT32_MAX, field);
		}
		break;
	case KW_IGNORE:
		DBG2(DBG_CFG, "conn '%s': %s= has no effect in cygnet, ignored", c->name, kw->name);
		return true;
	case KW_REFUSE:
		stroke_conn_error(c, "%s=%s: %s", kw->name, value, kw->values);
		return false;
	}
	if (!ok) {
		stroke_conn_error(c, "invalid value %s=%s", kw->name, value);
	}
	return ok;
}

void stroke_conn_read(conn_t *c, stroke_msg_t *msg)
{
	const char *key, *value;
	enumerator_t *e;
	size_t i;

	e = msg->create_enumerator(msg);
	while (e->enumerate(e, &key, &value)) {
		if (streq(key, "name")) {
			continue;
		}
		for (i = 0; i < countof(keywords); i++) {
			if (streq(keywords[i].name, key)) {
				set_keyword(c, &keywords[i], value);
				break;
			}
		}
		if (i == countof(keywords)) {
			stroke_conn_error(c, "unknown keyword '%s' (value '%s')", key, value);
		}
	}
	e->destroy(e);
}
