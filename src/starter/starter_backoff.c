/*
 * The restart policy of starter (see the header for the numbers). Only
 * restarts count for the throttle: the first start is not a symptom.
 */
#include "starter_backoff.h"

typedef struct private_starter_backoff_t {
	starter_backoff_t public;
	/* when the running (or last) charon was started */
	int64_t started_ms;
	/* deaths in a row without a stable run in between */
	int failures;
	/* the times of the last restarts, a ring */
	int64_t recent[STARTER_THROTTLE_COUNT];
	int recent_count;
	int recent_next;
} private_starter_backoff_t;

static void started(starter_backoff_t *public, int64_t now_ms, bool restart)
{
	private_starter_backoff_t *this = (private_starter_backoff_t *)public;

	this->started_ms = now_ms;
	if (restart) {
		this->recent[this->recent_next] = now_ms;
		this->recent_next = (this->recent_next + 1) % STARTER_THROTTLE_COUNT;
		if (this->recent_count < STARTER_THROTTLE_COUNT) {
			this->recent_count++;
		}
	}
}

static int64_t died(starter_backoff_t *public, int64_t now_ms, bool *throttled)
{
	private_starter_backoff_t *this = (private_starter_backoff_t *)public;
	int64_t delay = 0;
	int i, recent = 0;

	if (now_ms - this->started_ms >= STARTER_STABLE_MS) {
		this->failures = 0;
	}
	if (this->failures > 0) {
		delay = 1000;
		for (i = 1; i < this->failures && delay < STARTER_RESTART_MAX_MS; i++) {
			delay *= 2;
		}
		if (delay > STARTER_RESTART_MAX_MS) {
			delay = STARTER_RESTART_MAX_MS;
		}
	}
	this->failures++;
	for (i = 0; i < this->recent_count; i++) {
		if (now_ms - this->recent[i] < STARTER_THROTTLE_WINDOW_MS) {
			recent++;
		}
	}
	*throttled = recent >= STARTER_THROTTLE_COUNT;
	if (*throttled && delay < STARTER_THROTTLE_WAIT_MS) {
		delay = STARTER_THROTTLE_WAIT_MS;
	}
	return delay;
}

static void destroy(starter_backoff_t *public)
{
	free(public);
}

starter_backoff_t *starter_backoff_create(void)
{
	private_starter_backoff_t *this = mem_zalloc(sizeof(*this));

	this->public = (starter_backoff_t){
		.started = started,
		.died = died,
		.destroy = destroy,
	};
	return &this->public;
}
