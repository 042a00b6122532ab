/*
 * When starter starts charon again after it died: the restart policy, kept
 * apart from the supervisor loop so it can be tested with made-up times.
 *
 * A charon that ran for at least STARTER_STABLE_MS and then died is started
 * again at once (its conns are back within the time it takes to start).
 * Each further death in a row doubles the wait: 1 s, 2 s, 4 s, … up to
 * STARTER_RESTART_MAX_MS. If STARTER_THROTTLE_COUNT restarts happened
 * within STARTER_THROTTLE_WINDOW_MS, the next one waits
 * STARTER_THROTTLE_WAIT_MS instead: a charon that cannot run does not
 * flood the log or the CPU.
 */
#ifndef CYGNET_STARTER_BACKOFF_H
#define CYGNET_STARTER_BACKOFF_H

#include "library.h"

#define STARTER_STABLE_MS		60000
#define STARTER_RESTART_MAX_MS		30000
#define STARTER_THROTTLE_COUNT		5
#define STARTER_THROTTLE_WINDOW_MS	60000
#define STARTER_THROTTLE_WAIT_MS	60000

typedef struct starter_backoff_t starter_backoff_t;

struct starter_backoff_t {
	/* charon was started at @p now_ms (a monotonic clock in ms); @p restart
	 * if this is a restart rather than the first start. */
	void (*started)(starter_backoff_t *this, int64_t now_ms, bool restart);
	/* charon died (or failed to start) at @p now_ms. Returns the ms to wait
	 * before starting it again; @p throttled tells if the throttle chose it. */
	int64_t (*died)(starter_backoff_t *this, int64_t now_ms, bool *throttled);
	void (*destroy)(starter_backoff_t *this);
};

starter_backoff_t *starter_backoff_create(void);

#endif
