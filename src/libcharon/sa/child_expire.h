/**
 * @file child_expire.h
 * Acting on the data plane's lifetime expires: a soft expire rekeys the
 * CHILD_SA the SA belongs to, a hard one deletes it.
 */
#ifndef CYGNET_CHILD_EXPIRE_H
#define CYGNET_CHILD_EXPIRE_H

#include "library.h"
#include "networking/host.h"

/**
 * The kernel_listener_t expire callback: queue a job that finds the IKE_SA
 * owning the SA with @p spi (network order; ours inbound, or the peer's
 * outbound) and queues a child_rekey (soft) or child_delete (@p hard).
 * Returns at once; the data plane thread never waits for an IKE_SA.
 */
void child_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard);

/** Listen to the data plane's expires (charon start-up). */
void child_expire_start(void);

/** Stop listening; returns once no expire callback runs any more. */
void child_expire_stop(void);

#endif
