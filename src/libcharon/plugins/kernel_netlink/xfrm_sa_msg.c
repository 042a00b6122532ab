/*
 * SA messages. Algorithms travel as crypto API names with key lengths in
 * bits: AEADs as XFRMA_ALG_AEAD with their ICV length, other ciphers as
 * XFRMA_ALG_CRYPT next to an XFRMA_ALG_AUTH_TRUNC that states the
 * truncation (plain XFRMA_ALG_AUTH would let the kernel guess it, wrongly
 * for SHA-256 in older kernels).
 */
#include <stdio.h>
#include <netinet/in.h>

#include <netlink/attr.h>
#include <linux/xfrm.h>

#include "xfrm_sa_msg.h"
#include "xfrm_algs.h"
#include "xfrm_convert.h"

/* UDP_ENCAP_ESPINUDP of linux/udp.h, whose struct udphdr clashes with glibc's */
#define ENCAP_ESPINUDP 2
#define NATT_PORT 4500

/* Room for the SA, three algorithms with keys and the largest replay bitmap. */
#define ADD_MSG_SIZE 8192

/* Anti-replay windows up to this many packets fit the legacy field. */
#define LEGACY_WINDOW_MAX 32

static uint64_t limit(uint64_t value)
{
	return value ? value : XFRM_INF;
}

static void set_lifetime(struct xfrm_lifetime_cfg *lft, lifetime_cfg_t *cfg)
{
	lifetime_cfg_t none = { { 0 } };

	if (!cfg) {
		cfg = &none;
	}
	lft->soft_byte_limit = limit(cfg->bytes.rekey);
	lft->hard_byte_limit = limit(cfg->bytes.life);
	lft->soft_packet_limit = limit(cfg->packets.rekey);
	lft->hard_packet_limit = limit(cfg->packets.life);
	/* 0 is "never" for times already */
	lft->soft_add_expires_seconds = cfg->time.rekey;
	lft->hard_add_expires_seconds = cfg->time.life;
}

static bool single_ts(linked_list_t *list, traffic_selector_t **ts)
{
	return list && list->get_count(list) == 1 &&
	       list->get_first(list, (void **)ts) == SUCCESS;
}

/* Transport mode SAs carry exactly their traffic; tunnels match on policy. */
static void set_selector(struct xfrm_usersa_info *sa, kernel_ipsec_add_sa_t *data)
{
	traffic_selector_t *src, *dst, *ts;
	enumerator_t *e;
	ts_type_t type = sa->family == AF_INET ? TS_IPV4_ADDR_RANGE : TS_IPV6_ADDR_RANGE;
	linked_list_t *lists[] = { data->src_ts, data->dst_ts };
	size_t i;

	if (data->mode == MODE_TRANSPORT) {
		if (single_ts(data->src_ts, &src) && single_ts(data->dst_ts, &dst)) {
			xfrm_sel_from_ts(src, dst, &sa->sel);
		}
		return;
	}
	/* a tunnel may carry the other family inside */
	for (i = 0; i < countof(lists); i++) {
		if (!lists[i]) {
			continue;
		}
		e = lists[i]->create_enumerator(lists[i]);
		while (e->enumerate(e, &ts)) {
			if (ts->get_type(ts) != type) {
				sa->flags |= XFRM_STATE_AF_UNSPEC;
			}
		}
		e->destroy(e);
	}
}

static void set_name(char *dst, const char *name)
{
	/* the names of xfrm_algs.c are far below the 64 bytes of alg_name */
	snprintf(dst, 64, "%s", name);
}

static bool put_aead(struct nl_msg *msg, const xfrm_enc_alg_t *alg, chunk_t key)
{
	struct xfrm_algo_aead *aead;
	struct nlattr *attr;

	attr = nla_reserve(msg, XFRMA_ALG_AEAD, (int)(sizeof(*aead) + key.len));
	if (!attr) {
		return false;
	}
	aead = nla_data(attr);
	memset(aead, 0, sizeof(*aead));
	set_name(aead->alg_name, alg->name);
	aead->alg_key_len = (unsigned int)key.len * 8;
	aead->alg_icv_len = alg->icv_bits;
	memcpy(aead->alg_key, key.ptr, key.len);
	return true;
}

static bool put_crypt(struct nl_msg *msg, const xfrm_enc_alg_t *alg, chunk_t key)
{
	struct xfrm_algo *crypt;
	struct nlattr *attr;

	attr = nla_reserve(msg, XFRMA_ALG_CRYPT, (int)(sizeof(*crypt) + key.len));
	if (!attr) {
		return false;
	}
	crypt = nla_data(attr);
	memset(crypt, 0, sizeof(*crypt));
	set_name(crypt->alg_name, alg->name);
	crypt->alg_key_len = (unsigned int)key.len * 8;
	if (key.len) {
		memcpy(crypt->alg_key, key.ptr, key.len);
	}
	return true;
}

static bool put_auth(struct nl_msg *msg, const xfrm_int_alg_t *alg, chunk_t key)
{
	struct xfrm_algo_auth *auth;
	struct nlattr *attr;

	attr = nla_reserve(msg, XFRMA_ALG_AUTH_TRUNC, (int)(sizeof(*auth) + key.len));
	if (!attr) {
		return false;
	}
	auth = nla_data(attr);
	memset(auth, 0, sizeof(*auth));
	set_name(auth->alg_name, alg->name);
	auth->alg_key_len = (unsigned int)key.len * 8;
	auth->alg_trunc_len = alg->trunc_bits;
	memcpy(auth->alg_key, key.ptr, key.len);
	return true;
}

static bool put_encap(struct nl_msg *msg, kernel_ipsec_sa_id_t *id)
{
	struct xfrm_encap_tmpl encap = {
		.encap_type = ENCAP_ESPINUDP,
		.encap_sport = htons(id->src->get_port(id->src) ?: NATT_PORT),
		.encap_dport = htons(id->dst->get_port(id->dst) ?: NATT_PORT),
	};

	return nla_put(msg, XFRMA_ENCAP, sizeof(encap), &encap) == 0;
}

/* Windows beyond 32 packets and ESN need the variable-size replay state. */
static bool put_replay_esn(struct nl_msg *msg, uint32_t window)
{
	struct xfrm_replay_state_esn *esn;
	struct nlattr *attr;
	uint32_t words = (window + 31) / 32;
	size_t len = sizeof(*esn) + words * sizeof(uint32_t);

	attr = nla_reserve(msg, XFRMA_REPLAY_ESN_VAL, (int)len);
	if (!attr) {
		return false;
	}
	esn = nla_data(attr);
	memset(esn, 0, len);
	esn->bmp_len = words;
	esn->replay_window = window;
	return true;
}

/* The algorithms, checked before anything is built. */
static bool check_algs(kernel_ipsec_add_sa_t *data, const xfrm_enc_alg_t **enc,
		       const xfrm_int_alg_t **integ)
{
	*enc = xfrm_enc_alg(data->enc_alg);
	*integ = NULL;
	if (!*enc) {
		DBG1(DBG_KNL, "encryption algorithm %s is not supported by XFRM",
		     encryption_algorithm_name(data->enc_alg) ?: "(unknown)");
		return false;
	}
	if ((*enc)->aead && data->int_alg != AUTH_UNDEFINED) {
		DBG1(DBG_KNL, "AEAD %s takes no integrity algorithm",
		     encryption_algorithm_name(data->enc_alg));
		return false;
	}
	if (data->enc_key.len <= (*enc)->salt && data->enc_alg != ENCR_NULL) {
		DBG1(DBG_KNL, "%s key of %zu bytes is too short",
		     encryption_algorithm_name(data->enc_alg), data->enc_key.len);
		return false;
	}
	if (data->int_alg != AUTH_UNDEFINED) {
		*integ = xfrm_int_alg(data->int_alg);
		if (!*integ) {
			DBG1(DBG_KNL, "integrity algorithm %s is not supported by XFRM",
			     integrity_algorithm_name(data->int_alg) ?: "(unknown)");
			return false;
		}
	} else if (!(*enc)->aead) {
		DBG2(DBG_KNL, "%s without integrity protection",
		     encryption_algorithm_name(data->enc_alg));
	}
	if (data->replay_window > XFRM_REPLAY_WINDOW_MAX) {
		DBG1(DBG_KNL, "replay window of %u packets exceeds XFRM's %u",
		     data->replay_window, XFRM_REPLAY_WINDOW_MAX);
		return false;
	}
	return true;
}

static bool fill_sa(struct xfrm_usersa_info *sa, kernel_ipsec_sa_id_t *id,
		    kernel_ipsec_add_sa_t *data)
{
	uint16_t family = xfrm_addr_from_host(id->src, &sa->saddr);

	if (!family || family != xfrm_addr_from_host(id->dst, &sa->id.daddr)) {
		DBG1(DBG_KNL, "SA endpoints must be two addresses of one family");
		return false;
	}
	sa->id.spi = id->spi;
	sa->id.proto = id->proto;
	sa->family = family;
	sa->mode = data->mode == MODE_TRANSPORT ? XFRM_MODE_TRANSPORT : XFRM_MODE_TUNNEL;
	sa->reqid = data->reqid;
	set_lifetime(&sa->lft, data->lifetime);
	set_selector(sa, data);
	if (data->esn) {
		sa->flags |= XFRM_STATE_ESN;
	} else if (data->replay_window <= LEGACY_WINDOW_MAX) {
		sa->replay_window = (uint8_t)data->replay_window;
	}
	return true;
}

struct nl_msg *xfrm_sa_msg_add(kernel_ipsec_sa_id_t *id,
			       kernel_ipsec_add_sa_t *data, bool update)
{
	struct xfrm_usersa_info sa;
	const xfrm_enc_alg_t *enc;
	const xfrm_int_alg_t *integ;
	struct nl_msg *msg;
	bool ok;

	memset(&sa, 0, sizeof(sa));
	if (!check_algs(data, &enc, &integ) || !fill_sa(&sa, id, data)) {
		return NULL;
	}
	msg = nlmsg_alloc_size(ADD_MSG_SIZE);
	if (!msg || !nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ,
			       update ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA, 0, 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	ok = nlmsg_append(msg, &sa, sizeof(sa), NLMSG_ALIGNTO) == 0;
	if (enc->aead) {
		ok = ok && put_aead(msg, enc, data->enc_key);
	} else {
		ok = ok && put_crypt(msg, enc, data->enc_key);
		ok = ok && (!integ || put_auth(msg, integ, data->int_key));
	}
	ok = ok && (!data->encap || put_encap(msg, id));
	if (data->esn || data->replay_window > LEGACY_WINDOW_MAX) {
		ok = ok && put_replay_esn(msg, data->replay_window);
	}
	if (!ok) {
		DBG1(DBG_KNL, "XFRM message for SA %.8x does not fit", ntohl(id->spi));
		memwipe(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *xfrm_sa_msg_id(int type, kernel_ipsec_sa_id_t *id)
{
	struct xfrm_usersa_id sa;
	struct nl_msg *msg;

	memset(&sa, 0, sizeof(sa));
	sa.family = xfrm_addr_from_host(id->dst, &sa.daddr);
	sa.spi = id->spi;
	sa.proto = id->proto;
	msg = nlmsg_alloc_simple(type, 0);
	if (msg && nlmsg_append(msg, &sa, sizeof(sa), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

struct nl_msg *xfrm_sa_msg_allocspi(host_t *src, host_t *dst, uint8_t proto,
				    uint32_t min, uint32_t max)
{
	struct xfrm_userspi_info spi;
	struct nl_msg *msg;

	memset(&spi, 0, sizeof(spi));
	spi.info.family = xfrm_addr_from_host(src, &spi.info.saddr);
	xfrm_addr_from_host(dst, &spi.info.id.daddr);
	spi.info.id.proto = proto;
	spi.min = min;
	spi.max = max;
	msg = nlmsg_alloc_simple(XFRM_MSG_ALLOCSPI, 0);
	if (msg && nlmsg_append(msg, &spi, sizeof(spi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}
