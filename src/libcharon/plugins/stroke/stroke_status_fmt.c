/*
 * The per-object lines of status/statusall. The layout is strongSwan's,
 * byte for byte, because scripts parse it; the comments show a sample of
 * each line as strongSwan 5.9 prints it.
 */
#include <arpa/inet.h>
#include <inttypes.h>

#include "stroke_status.h"

char *stroke_status_delta(time_t delta, char *buf, size_t len)
{
	static const struct {
		time_t above;
		time_t unit;
		const char *name;
	} units[] = {
		{ 2 * 24 * 3600, 24 * 3600, "day" },
		{ 2 * 3600, 3600, "hour" },
		{ 2 * 60, 60, "minute" },
		{ -1, 1, "second" },
	};
	time_t value;

	if (delta < 0) {
		delta = -delta;
	}
	for (size_t i = 0; i < countof(units); i++) {
		if (delta > units[i].above) {
			value = delta / units[i].unit;
			snprintf(buf, len, "%lld %s%s", (long long)value, units[i].name,
				 value == 1 ? "" : "s");
			break;
		}
	}
	return buf;
}

const char *stroke_status_auth_name(auth_class_t auth)
{
	switch (auth) {
	case AUTH_CLASS_PSK:
		return "pre-shared key";
	case AUTH_CLASS_PUBKEY:
		return "public key";
	default:
		return "any";
	}
}

const char *stroke_status_action_name(action_t action)
{
	switch (action) {
	case ACTION_ROUTE:
		return "trap";
	case ACTION_RESTART:
		return "start";
	default:
		return "none";
	}
}

const char *stroke_status_mode_name(ipsec_mode_t mode)
{
	return mode == MODE_TRANSPORT ? "TRANSPORT" : "TUNNEL";
}

static const char *protocol_name(uint8_t protocol)
{
	return protocol == PROTO_AH || protocol == 51 ? "AH" : "ESP";
}

/* Append to @p buf at *@p pos, truncating safely. */
static void add(char *buf, size_t len, size_t *pos, const char *sep, const char *text)
{
	int n;

	if (*pos < len) {
		n = snprintf(buf + *pos, len - *pos, "%s%s", *pos ? sep : "", text);
		*pos += n > 0 ? (size_t)n : 0;
	}
}

char *stroke_status_child_proposal(proposal_t *proposal, char *buf, size_t len)
{
	uint16_t alg, key;
	size_t pos = 0;
	char name[64];

	if (!len) {
		return buf;
	}
	buf[0] = '\0';
	if (!proposal) {
		return buf;
	}
	if (proposal->get_algorithm(proposal, TRANSFORM_ENCR, 0, &alg, &key)) {
		if (key) {
			snprintf(name, sizeof(name), "%s_%u", transform_name(TRANSFORM_ENCR, alg), key);
		} else {
			snprintf(name, sizeof(name), "%s", transform_name(TRANSFORM_ENCR, alg));
		}
		add(buf, len, &pos, "/", name);
	}
	if (proposal->get_algorithm(proposal, TRANSFORM_INTEG, 0, &alg, NULL) &&
	    alg != AUTH_UNDEFINED) {
		add(buf, len, &pos, "/", transform_name(TRANSFORM_INTEG, alg));
	}
	if (proposal->get_algorithm(proposal, TRANSFORM_KE, 0, &alg, NULL) && alg != KE_NONE) {
		add(buf, len, &pos, "/", transform_name(TRANSFORM_KE, alg));
	}
	if (proposal->get_algorithm(proposal, TRANSFORM_ESN, 0, &alg, NULL) && alg == EXT_SEQ) {
		add(buf, len, &pos, "/", "ESN");
	}
	return buf;
}

char *stroke_status_ts_list(linked_list_t *list, char *buf, size_t len)
{
	if (!list) {
		if (len) {
			buf[0] = '\0';
		}
		return buf;
	}
	return traffic_selector_list_to_str(list, buf, len);
}

static const char *host_str(host_t *host, char *buf, size_t len)
{
	if (!host) {
		return "%any";
	}
	return host_to_str(host, buf, len);
}

static const char *id_str(identification_t *id)
{
	return id ? id->to_string(id) : "%any";
}

/* "        site[1]: ESTABLISHED 5 seconds ago, 192.0.2.1[192.0.2.1]...192.0.2.2[192.0.2.2]" */
static void ike_state_line(FILE *out, ike_sa_t *ike_sa, time_t now)
{
	ike_sa_state_t state = ike_sa->get_state(ike_sa);
	char me[HOST_STR_LEN], other[HOST_STR_LEN], delta[32];
	time_t established;

	fprintf(out, "%12s[%" PRIu32 "]: %s", ike_sa->get_name(ike_sa),
		ike_sa->get_unique_id(ike_sa), ike_sa_state_name(state));
	if (state == IKE_ESTABLISHED) {
		established = ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED);
		fprintf(out, " %s ago", stroke_status_delta(established ? now - established : 0,
							   delta, sizeof(delta)));
	}
	fprintf(out, ", %s[%s]...%s[%s]\n",
		host_str(ike_sa->get_my_host(ike_sa), me, sizeof(me)),
		id_str(ike_sa->get_my_id(ike_sa)),
		host_str(ike_sa->get_other_host(ike_sa), other, sizeof(other)),
		id_str(ike_sa->get_other_id(ike_sa)));
}

/* How we authenticate(d): the conn's local round, else what the SA used. */
static auth_class_t local_auth(ike_sa_t *ike_sa)
{
	peer_cfg_t *peer = ike_sa->get_peer_cfg(ike_sa);
	auth_cfg_t *auth = peer ? peer->get_auth(peer, true) : NULL;

	if (auth && auth->auth != AUTH_CLASS_ANY) {
		return auth->auth;
	}
	return ike_sa->get_auth_class(ike_sa, true);
}

/* "        site[1]: IKEv2 SPIs: c78c…_i* 5e0e…_r, pre-shared key reauthentication in 2 hours" */
static void ike_spi_line(FILE *out, ike_sa_t *ike_sa, time_t now)
{
	char spis[64], delta[32];
	time_t rekey, reauth;

	ike_sa_id_print(ike_sa->get_id(ike_sa), spis, sizeof(spis));
	fprintf(out, "%12s[%" PRIu32 "]: IKEv2 SPIs: %s", ike_sa->get_name(ike_sa),
		ike_sa->get_unique_id(ike_sa), spis);
	if (ike_sa->get_state(ike_sa) == IKE_ESTABLISHED) {
		rekey = ike_sa->get_statistic(ike_sa, STAT_REKEY);
		reauth = ike_sa->get_statistic(ike_sa, STAT_REAUTH);
		if (rekey) {
			fprintf(out, ", rekeying in %s", stroke_status_delta(
					rekey > now ? rekey - now : 0, delta, sizeof(delta)));
		}
		if (reauth) {
			fprintf(out, ", %s reauthentication in %s",
				stroke_status_auth_name(local_auth(ike_sa)),
				stroke_status_delta(reauth > now ? reauth - now : 0, delta,
						    sizeof(delta)));
		}
		if (!rekey && !reauth) {
			fprintf(out, ", rekeying disabled");
		}
	}
	fputc('\n', out);
}

void stroke_status_ike_sa(FILE *out, ike_sa_t *ike_sa, bool all, time_t now)
{
	proposal_t *proposal;
	char buf[512];

	ike_state_line(out, ike_sa, now);
	if (!all) {
		return;
	}
	ike_spi_line(out, ike_sa, now);
	proposal = ike_sa->get_proposal(ike_sa);
	if (proposal) {
		fprintf(out, "%12s[%" PRIu32 "]: IKE proposal: %s\n", ike_sa->get_name(ike_sa),
			ike_sa->get_unique_id(ike_sa), proposal->to_string(proposal, buf,
									    sizeof(buf), false));
	}
}

static bool child_has_sas(child_sa_t *child)
{
	child_sa_state_t state = child->get_state(child);

	return state == CHILD_INSTALLED || state == CHILD_REKEYING || state == CHILD_REKEYED;
}

/* ", 168 bytes_i (2 pkts, 0s ago)" */
static void traffic(FILE *out, child_sa_t *child, bool inbound, time_t now)
{
	uint64_t bytes = 0, packets = 0;
	time_t used = 0;

	child->get_usestats(child, inbound, &bytes, &packets, &used);
	fprintf(out, ", %" PRIu64 " bytes_%c", bytes, inbound ? 'i' : 'o');
	if (packets) {
		fprintf(out, " (%" PRIu64 " pkt%s", packets, packets == 1 ? "" : "s");
		if (used) {
			fprintf(out, ", %llds ago", (long long)(now > used ? now - used : 0));
		}
		fputc(')', out);
	}
}

/* "        site{1}:  AES_GCM_16_128, 84 bytes_i, 84 bytes_o, rekeying in 44 minutes" */
static void child_traffic_line(FILE *out, child_sa_t *child, time_t now)
{
	char buf[256], delta[32];
	time_t rekey;

	fprintf(out, "%12s{%" PRIu32 "}:  %s", child->get_name(child),
		child->get_unique_id(child),
		stroke_status_child_proposal(child->get_proposal(child), buf, sizeof(buf)));
	traffic(out, child, true, now);
	traffic(out, child, false, now);
	rekey = child->get_lifetime(child, false);
	if (!rekey) {
		fprintf(out, ", rekeying disabled");
	} else if (rekey <= now) {
		fprintf(out, ", rekeying active");
	} else {
		fprintf(out, ", rekeying in %s", stroke_status_delta(rekey - now, delta,
								     sizeof(delta)));
	}
	fputc('\n', out);
}

/* "        site{1}:   198.51.100.0/26 === 198.51.100.64/26" */
static void child_ts_line(FILE *out, const char *name, uint32_t id, linked_list_t *local,
			  linked_list_t *remote)
{
	char my_ts[1024], other_ts[1024];

	fprintf(out, "%12s{%" PRIu32 "}:   %s === %s\n", name, id,
		stroke_status_ts_list(local, my_ts, sizeof(my_ts)),
		stroke_status_ts_list(remote, other_ts, sizeof(other_ts)));
}

void stroke_status_child_sa(FILE *out, child_sa_t *child, bool all, time_t now)
{
	/* "        site{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: f155e3db_i 77f4fc83_o" */
	fprintf(out, "%12s{%" PRIu32 "}:  %s, %s, reqid %" PRIu32, child->get_name(child),
		child->get_unique_id(child), child_sa_state_name(child->get_state(child)),
		stroke_status_mode_name(child->get_mode(child)), child->get_reqid(child));
	if (child_has_sas(child)) {
		fprintf(out, ", %s%s SPIs: %.8" PRIx32 "_i %.8" PRIx32 "_o",
			protocol_name(child->get_protocol(child)),
			child->has_encap(child) ? " in UDP" : "",
			ntohl(child->get_spi(child, true)), ntohl(child->get_spi(child, false)));
	}
	fputc('\n', out);
	if (all && child_has_sas(child)) {
		child_traffic_line(out, child, now);
	}
	child_ts_line(out, child->get_name(child), child->get_unique_id(child),
		      child->get_traffic_selectors(child, true),
		      child->get_traffic_selectors(child, false));
}

/* "        site:   local:  [192.0.2.1] uses pre-shared key authentication" */
static void auth_line(FILE *out, const char *name, const char *side, auth_cfg_t *auth)
{
	fprintf(out, "%12s:   %s ", name, side);
	if (auth->id && auth->id->get_type(auth->id) != ID_ANY) {
		fprintf(out, "[%s] ", auth->id->to_string(auth->id));
	}
	fprintf(out, "uses %s authentication\n", stroke_status_auth_name(auth->auth));
}

void stroke_status_conn(FILE *out, peer_cfg_t *peer_cfg)
{
	const char *name = peer_cfg->get_name(peer_cfg);
	ike_cfg_t *ike_cfg = peer_cfg->get_ike_cfg(peer_cfg);
	char my_ts[1024], other_ts[1024];
	linked_list_t *local, *remote;
	child_cfg_t *child;
	enumerator_t *e;
	uint32_t dpd = peer_cfg->get_dpd(peer_cfg);

	/* "        site:  192.0.2.1...192.0.2.2  IKEv2, dpddelay=30s" */
	fprintf(out, "%12s:  %s...%s  IKEv2", name, ike_cfg->get_my_addr(ike_cfg),
		ike_cfg->get_other_addr(ike_cfg));
	if (dpd) {
		fprintf(out, ", dpddelay=%" PRIu32 "s", dpd);
	}
	fputc('\n', out);
	auth_line(out, name, "local: ", peer_cfg->get_auth(peer_cfg, true));
	auth_line(out, name, "remote:", peer_cfg->get_auth(peer_cfg, false));

	/* "        site:   child:  198.51.100.0/26 === 198.51.100.64/26 TUNNEL, dpdaction=start" */
	e = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (e->enumerate(e, &child)) {
		local = child->get_traffic_selectors(child, true, NULL, NULL);
		remote = child->get_traffic_selectors(child, false, NULL, NULL);
		fprintf(out, "%12s:   child:  %s === %s %s", child->get_name(child),
			stroke_status_ts_list(local, my_ts, sizeof(my_ts)),
			stroke_status_ts_list(remote, other_ts, sizeof(other_ts)),
			stroke_status_mode_name(child->get_mode(child)));
		if (dpd) {
			fprintf(out, ", dpdaction=%s",
				stroke_status_action_name(child->get_dpd_action(child)));
		}
		fputc('\n', out);
		local->destroy_offset(local, DESTROY_OFFSET(traffic_selector_t));
		remote->destroy_offset(remote, DESTROY_OFFSET(traffic_selector_t));
	}
	e->destroy(e);
}

/* "        site{1}:  ROUTED, TUNNEL, reqid 1" and the selectors */
void stroke_status_routed(FILE *out, peer_cfg_t *peer_cfg, child_sa_t *child)
{
	fprintf(out, "%12s{%" PRIu32 "}:  ROUTED, %s, reqid %" PRIu32 "\n",
		child->get_name(child), child->get_unique_id(child),
		stroke_status_mode_name(child->get_mode(child)), child->get_reqid(child));
	child_ts_line(out, child->get_name(child), child->get_unique_id(child),
		      child->get_traffic_selectors(child, true),
		      child->get_traffic_selectors(child, false));
}
