/*
 * Test helpers shared by the kernel-netlink test programs: SA parameters
 * from 192.0.2.1 to 198.51.100.1 and policy priorities.
 */
#ifndef TEST_XFRM_COMMON_H
#define TEST_XFRM_COMMON_H

#include <linux/xfrm.h>

#include "kernel/kernel_ipsec.h"
#include "kernel_netlink_policies.h"

static inline uint32_t prio_of(const char *src, int plen_s, const char *dst, int plen_d,
			uint8_t proto, policy_priority_t prio)
{
	struct xfrm_selector sel = { .prefixlen_s = (uint8_t)plen_s,
				     .prefixlen_d = (uint8_t)plen_d, .proto = proto };

	return kernel_netlink_policy_priority(prio, &sel);
}

static uint8_t gcm_key[36], cbc_key[16], hmac_key[64];

/* An SA from 192.0.2.1 to 198.51.100.1 with @p enc/@p integ. */
static inline kernel_ipsec_add_sa_t sa_data(uint16_t enc, chunk_t ekey, uint16_t integ,
				     chunk_t ikey, lifetime_cfg_t *lft)
{
	return (kernel_ipsec_add_sa_t){
		.reqid = 1, .mode = MODE_TUNNEL, .lifetime = lft,
		.enc_alg = enc, .enc_key = ekey, .int_alg = integ, .int_key = ikey,
		.replay_window = 32,
	};
}

typedef struct {
	host_t *src, *dst;
	kernel_ipsec_sa_id_t id;
} sa_id_t;

static inline sa_id_t make_id(uint32_t spi, uint16_t sport, uint16_t dport)
{
	sa_id_t id = {
		.src = host_create_from_string("192.0.2.1", sport),
		.dst = host_create_from_string("198.51.100.1", dport),
	};

	id.id = (kernel_ipsec_sa_id_t){ .src = id.src, .dst = id.dst, .spi = spi,
					.proto = IPSEC_PROTO_ESP };
	return id;
}

static inline void id_free(sa_id_t *id)
{
	id->src->destroy(id->src);
	id->dst->destroy(id->dst);
}


static inline void init_keys(void)
{
	size_t i;

	for (i = 0; i < sizeof(gcm_key); i++) {
		gcm_key[i] = (uint8_t)i;
	}
	memset(cbc_key, 0x42, sizeof(cbc_key));
	memset(hmac_key, 0x17, sizeof(hmac_key));
}

#endif
