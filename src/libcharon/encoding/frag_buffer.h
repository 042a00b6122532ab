/**
 * @file frag_buffer.h
 * Reassembly of one fragmented IKE message (RFC 7383 §2.6).
 *
 * Fragments are added after their ICV verified and they were decrypted;
 * they may arrive in any order and more than once. One buffer collects
 * the fragments of one message ID at a time: a fragment of another message
 * ID, or one arriving after the timeout, starts over. Memory is bounded by
 * the number of fragments and the sum of their sizes; a set that would
 * exceed either is dropped.
 *
 * Total Fragments may grow between retransmissions (the sender lowered its
 * fragment size, RFC 7383 §2.5.2): a fragment announcing more fragments
 * than stored restarts the set, one announcing fewer is dropped.
 */
#ifndef CHARON_FRAG_BUFFER_H
#define CHARON_FRAG_BUFFER_H

#include "library.h"
#include "encoding/payload.h"

/** Most fragments one message may have. */
#define FRAG_MAX_FRAGMENTS 64

/** Most bytes of reassembled inner payloads. */
#define FRAG_MAX_SIZE 65535

/** Seconds after the first fragment until an incomplete set is dropped. */
#define FRAG_TIMEOUT 30

typedef struct frag_buffer_t frag_buffer_t;

struct frag_buffer_t {
	/**
	 * Add a verified, decrypted fragment.
	 * @param mid		message ID of the fragment
	 * @param number	Fragment Number (1..total)
	 * @param total		Total Fragments
	 * @param first		Next Payload of the SKF payload (used from
	 *			fragment 1 only)
	 * @param data		the fragment's inner payload bytes (copied)
	 * @param now		current monotonic time in seconds
	 * @return		NEED_MORE if stored or a duplicate/stale one
	 *			was ignored, SUCCESS if the message is now
	 *			complete (get it with take()), FAILED if the
	 *			fragment broke a limit or was invalid (the
	 *			set is dropped, counted)
	 */
	status_t (*add)(frag_buffer_t *this, uint32_t mid, uint16_t number,
			uint16_t total, payload_type_t first, chunk_t data,
			time_t now);

	/**
	 * Hand out the complete message after add() returned SUCCESS and
	 * empty the buffer.
	 * @param first		receives the type of the first inner payload
	 * @param data		receives the allocated inner payloads (clear)
	 * @return		false if no complete message is held
	 */
	bool (*take)(frag_buffer_t *this, payload_type_t *first, chunk_t *data);

	/** Number of fragments held. */
	unsigned int (*get_count)(frag_buffer_t *this);

	/** Drop what is held. */
	void (*reset)(frag_buffer_t *this);

	void (*destroy)(frag_buffer_t *this);
};

/**
 * An empty reassembly buffer.
 * @param max_fragments	limit of Total Fragments (at most FRAG_MAX_FRAGMENTS)
 * @param max_size	limit of the reassembled size (at most FRAG_MAX_SIZE)
 */
frag_buffer_t *frag_buffer_create(unsigned int max_fragments, size_t max_size);

#endif
