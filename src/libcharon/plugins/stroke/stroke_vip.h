/**
 * @file stroke_vip.h
 * Virtual IP keywords of a conn (leftsourceip=, rightsourceip=, rightdns=)
 * and the commands about them (`ipsec leases`, `ipsec down-srcip`, the
 * pools block of statusall).
 */
#ifndef STROKE_VIP_H
#define STROKE_VIP_H

#include <stdio.h>

#include "library.h"
#include "stroke_msg.h"
#include "config/peer_cfg.h"

/**
 * Read the conn's virtual IP keywords into @p peer's vip_cfg and make sure
 * its pools exist in charon->attributes (if there is one).
 *
 * @return		number of errors (each printed to @p err as "conn 'NAME': keyword=value: why")
 */
int stroke_vip_config(stroke_msg_t *msg, peer_cfg_t *peer, FILE *err);

/** `ipsec leases [POOL [ADDRESS]]`. */
int stroke_vip_leases(stroke_msg_t *msg, FILE *out, FILE *err);

/** `ipsec down-srcip START [END]`: close IKE_SAs whose peer VIP is in range. */
int stroke_vip_down_srcip(stroke_msg_t *msg, FILE *out, FILE *err);

/** statusall's "Virtual IP pools (size/online/offline):" block (nothing without pools). */
void stroke_vip_status_pools(FILE *out);

#endif
