/**
 * @file esp_sa.h
 * One ESP security association in tunnel mode (RFC 4303), outbound or
 * inbound, with its keyed crypto contexts, sequence number or anti-replay
 * window, traffic counters and lifetime limits.
 *
 * encap() and decap() may be called from several threads at once. Each SA
 * holds one crypto context per worker slot, each behind its own lock; a
 * thread names its slot once with esp_thread_set_slot() so that workers
 * never wait for each other's contexts. No call allocates memory.
 *
 * SAs are reference counted: the SAD and SPD hold references, lookups hand
 * out new ones, and destroy() drops one.
 */
#ifndef ESP_SA_H
#define ESP_SA_H

#include <sys/socket.h>
#include <time.h>

#include <library.h>
#include <crypto/transform.h>

/** Next header values of tunnel mode (RFC 4303 §2.6). */
#define ESP_NH_IPV4 4
#define ESP_NH_IPV6 41
/** A dummy packet for traffic flow confidentiality, to be dropped. */
#define ESP_NH_NONE 59

/** Largest SPI, sequence number and IV in front of the payload. */
#define ESP_MAX_HEADER_LEN 24
/** Largest padding, pad length, next header and ICV after the payload. */
#define ESP_MAX_TRAILER_LEN 64

typedef struct esp_sa_t esp_sa_t;

/**
 * Lifetime reached: soft once, then hard once. Called from the thread that
 * processed the packet crossing the limit; must not block.
 *
 * @param data		esp_sa_cfg_t.expire_data
 * @param sa		the SA (a reference is held during the call)
 * @param hard		true for the hard limit: the SA accepts no more packets
 */
typedef void (*esp_sa_expire_cb_t)(void *data, esp_sa_t *sa, bool hard);

/** Traffic limits of an SA, counted in inner packets and their bytes (as
 *  the stats report them); 0 means unlimited. The packet that reaches a
 *  hard limit still passes, later ones are refused. */
typedef struct esp_lifetime_t {
	uint64_t bytes;
	uint64_t packets;
} esp_lifetime_t;

/** Parameters of esp_sa_create(). Keys are copied. */
typedef struct esp_sa_cfg_t {
	/** SPI in host byte order, 256 or above (RFC 4303 §2.1). */
	uint32_t spi;
	/** Links the SA to its policies; opaque here. */
	uint32_t reqid;
	/** Decapsulating SA (true) or encapsulating SA (false). */
	bool inbound;
	/** 64-bit extended sequence numbers (RFC 4303 §2.2.1). */
	bool esn;
	/** ENCR_AES_GCM_ICV8/12/16, ENCR_CHACHA20_POLY1305 or ENCR_AES_CBC. */
	encryption_algorithm_t encr;
	/** Encryption key; AEADs append their 4-byte salt. */
	chunk_t encr_key;
	/** AUTH_HMAC_* for AES-CBC, AUTH_UNDEFINED for AEADs. */
	integrity_algorithm_t integ;
	chunk_t integ_key;
	/** Anti-replay window in packets (inbound), 0 for the default 128. */
	uint32_t replay_window;
	esp_lifetime_t soft;
	esp_lifetime_t hard;
	esp_sa_expire_cb_t expire;
	void *expire_data;
	/** Crypto contexts, usually the number of worker threads; 0 means 1. */
	unsigned int slots;
	/** Outbound: UDP endpoint of the peer (RFC 3948), may be unset. */
	struct sockaddr_storage peer;
} esp_sa_cfg_t;

/** A snapshot of an SA's counters. */
typedef struct esp_sa_stats_t {
	/** Inner packet bytes protected (outbound) or accepted (inbound). */
	uint64_t bytes;
	uint64_t packets;
	/** Inbound packets dropped as repeated or left of the window. */
	uint64_t replay_drops;
	/** Inbound packets whose ICV did not verify. */
	uint64_t auth_failures;
	/** Packets rejected as malformed (length, SPI, padding, next header). */
	uint64_t invalid;
	/** Outbound: last sequence number sent; inbound: highest accepted. */
	uint64_t seq;
	/** CLOCK_MONOTONIC seconds of the last packet, 0 if none yet. */
	time_t last_use;
	/** The hard lifetime was reached, the SA refuses packets. */
	bool expired;
} esp_sa_stats_t;

struct esp_sa_t {

	/**
	 * SPI in host byte order.
	 */
	uint32_t (*get_spi)(esp_sa_t *this);

	/**
	 * reqid from the configuration.
	 */
	uint32_t (*get_reqid)(esp_sa_t *this);

	/**
	 * True for an inbound (decapsulating) SA.
	 */
	bool (*is_inbound)(esp_sa_t *this);

	/**
	 * Bytes in front of the inner packet: SPI, sequence number and IV.
	 * Placing the inner packet this far into encap()'s output buffer
	 * avoids a copy.
	 */
	size_t (*get_header_len)(esp_sa_t *this);

	/**
	 * Length of the ESP packet encap() makes from an inner packet.
	 */
	size_t (*get_encap_len)(esp_sa_t *this, size_t inner_len);

	/**
	 * Encapsulate an inner IPv4 or IPv6 packet.
	 *
	 * Output: SPI | seq | IV | E(payload | padding 1,2,3… | pad length |
	 * next header) | ICV. In place if inner.ptr == out.ptr +
	 * get_header_len(); otherwise the payload is moved there first, so
	 * inner may also lie anywhere else, overlapping out or not.
	 *
	 * @param inner		inner IP packet; its version selects next header
	 * @param out		buffer of at least get_encap_len(inner.len) bytes
	 * @param esp		receives the ESP packet (a part of out)
	 * @return		SUCCESS; INVALID_ARG for a short buffer, a non-IP
	 *			packet or an inbound SA; INVALID_STATE if the hard
	 *			lifetime or the sequence space is exhausted;
	 *			FAILED if OpenSSL failed
	 */
	status_t (*encap)(esp_sa_t *this, chunk_t inner, chunk_t out, chunk_t *esp);

	/**
	 * Check, verify and decrypt an ESP packet (without UDP header).
	 *
	 * The replay window is checked before and updated only after the
	 * ICV verified; padding must read 1,2,3…
	 *
	 * @param esp		ESP packet starting at the SPI; in place if out
	 *			is empty, its bytes are then overwritten
	 * @param out		buffer for the inner packet (esp.len bytes are
	 *			always enough) or chunk_empty for in place; must
	 *			not partially overlap the ciphertext
	 * @param inner		receives the inner packet
	 * @param next_header	receives ESP_NH_IPV4 or ESP_NH_IPV6
	 * @return		SUCCESS; PARSE_ERROR if malformed or for a foreign
	 *			SPI; ALREADY_DONE for a replay; VERIFY_ERROR if the
	 *			ICV failed; NOT_FOUND for an authentic dummy packet
	 *			(next header 59) to be dropped; INVALID_STATE after
	 *			the hard lifetime; INVALID_ARG on bad buffers or
	 *			an outbound SA
	 */
	status_t (*decap)(esp_sa_t *this, chunk_t esp, chunk_t out, chunk_t *inner,
			  uint8_t *next_header);

	/**
	 * Copy the counters.
	 */
	void (*get_stats)(esp_sa_t *this, esp_sa_stats_t *stats);

	/**
	 * UDP endpoint of the peer.
	 *
	 * @param peer		receives the address (family AF_UNSPEC if unset)
	 */
	void (*get_peer)(esp_sa_t *this, struct sockaddr_storage *peer);

	/**
	 * Change the peer's endpoint, e.g. after its NAT mapping moved.
	 */
	void (*set_peer)(esp_sa_t *this, const struct sockaddr_storage *peer);

	/**
	 * Take a reference; destroy() releases it.
	 */
	esp_sa_t *(*get_ref)(esp_sa_t *this);

	/**
	 * Release a reference; the last one wipes keys and frees the SA.
	 */
	void (*destroy)(esp_sa_t *this);
};

/**
 * Create an SA holding one reference.
 *
 * @param cfg		parameters, keys are copied
 * @return		SA, NULL (logged) on an unsupported algorithm, a key of
 *			the wrong length or a bad replay window
 */
esp_sa_t *esp_sa_create(const esp_sa_cfg_t *cfg);

/**
 * Name the crypto slot the calling thread prefers, e.g. its worker index.
 * Threads that never call it use slot 0.
 */
void esp_thread_set_slot(unsigned int slot);

#endif
