/**
 * @file esp_replay.h
 * Anti-replay window of an inbound ESP SA (RFC 4303 §3.4.3), kept as a
 * ring of 64-bit blocks so the window slides by clearing whole blocks
 * (RFC 6479) instead of shifting bits.
 *
 * With extended sequence numbers the high 32 bits the sender does not
 * transmit are inferred from the window (RFC 4303 Appendix A2).
 *
 * The object is not thread-safe; the SA owning it serialises access.
 */
#ifndef ESP_REPLAY_H
#define ESP_REPLAY_H

#include <library.h>

/** Window size used when the configuration asks for 0. */
#define ESP_REPLAY_DEFAULT_WINDOW 128

/** Largest accepted window, in packets. */
#define ESP_REPLAY_MAX_WINDOW 65536

typedef struct esp_replay_t esp_replay_t;

struct esp_replay_t {

	/**
	 * Check a received sequence number before its ICV is verified.
	 *
	 * @param seq_lo	the 32-bit sequence number from the packet
	 * @param seq		receives the full 64-bit sequence number (high
	 *			bits inferred with ESN, 0 otherwise)
	 * @return		false if the number was seen or is left of the window
	 */
	bool (*check)(esp_replay_t *this, uint32_t seq_lo, uint64_t *seq);

	/**
	 * Record an authenticated sequence number, sliding the window if needed.
	 *
	 * Checks again, so two threads that both passed check() for the same
	 * packet cannot both accept it.
	 *
	 * @param seq		full sequence number from check()
	 * @return		false if the number was recorded meanwhile
	 */
	bool (*update)(esp_replay_t *this, uint64_t seq);

	/**
	 * Highest sequence number accepted so far (0 if none).
	 */
	uint64_t (*get_top)(esp_replay_t *this);

	/**
	 * Window size in packets.
	 */
	uint32_t (*get_window)(esp_replay_t *this);

	/**
	 * Free the window.
	 */
	void (*destroy)(esp_replay_t *this);
};

/**
 * Create a replay window.
 *
 * @param window	size in packets, 0 for ESP_REPLAY_DEFAULT_WINDOW
 * @param esn		true if the SA uses 64-bit extended sequence numbers
 * @return		window, NULL if @p window exceeds ESP_REPLAY_MAX_WINDOW
 */
esp_replay_t *esp_replay_create(uint32_t window, bool esn);

#endif
