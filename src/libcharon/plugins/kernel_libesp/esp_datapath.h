/**
 * @file esp_datapath.h
 * The worker threads that move packets between the TUN device and the
 * ESP-in-UDP socket.
 *
 * Design
 * ------
 * N identical workers (N = threads), each bound to crypto slot i of every
 * SA (esp_thread_set_slot()) and to TUN queue i mod Q, so workers share
 * no crypto context and, with a multi-queue TUN, no read queue. A worker
 * sleeps in poll() on its TUN queue, the UDP socket (shared; IKE uses
 * the same port, RFC 3948) and an eventfd that stop() signals.
 *
 * Outbound (TUN readable):
 *   read() up to `batch` packets, each into its own preallocated slot at
 *   offset ESP_MAX_HEADER_LEN, so the ESP header fits in front and
 *   encap() works in place; parse the selectors, look the SA up in the
 *   SPD (a policy without SA raises the acquire callback), encap(), aim
 *   the message at the SA's peer, and send the whole batch with one
 *   sendmmsg().
 *
 * Inbound (UDP readable):
 *   recvmmsg() up to `batch` datagrams into the same kind of slots;
 *   classify each (RFC 3948): IKE goes to the ike callback without its
 *   non-ESP marker, keepalives are counted, ESP is looked up by SPI in
 *   the SAD and decap()ed in place (replay check, ICV, replay update,
 *   padding), and the inner packet is written to the TUN queue.
 *
 * Nothing is allocated per packet: buffers, iovecs and mmsghdrs exist per
 * worker from start() on. SAs found in the SAD or SPD are referenced for
 * the packet, so the control path may replace or delete them any time.
 * Packets of one flow can be reordered when several workers read the
 * same queue; the replay window absorbs that on the peer. Counters are
 * per worker and summed by get_stats().
 */
#ifndef ESP_DATAPATH_H
#define ESP_DATAPATH_H

#include <sys/socket.h>

#include "esp_flow.h"
#include "esp_sad.h"
#include "esp_spd.h"
#include "tun_device.h"

/** Default number of packets per read/send batch. */
#define ESP_DATAPATH_BATCH 32

typedef struct esp_datapath_t esp_datapath_t;

/**
 * An IKE message arrived on the shared port. Called from a worker.
 *
 * @param data		esp_datapath_cfg_t.data
 * @param src		sender
 * @param msg		IKE message without the non-ESP marker, valid only
 *			during the call
 */
typedef void (*esp_datapath_ike_cb_t)(void *data,
				      const struct sockaddr_storage *src,
				      chunk_t msg);

/**
 * A packet matched a policy whose reqid has no SA (trap). Called from a
 * worker for every such packet; must not block. The packet is dropped.
 */
typedef void (*esp_datapath_acquire_cb_t)(void *data, uint32_t reqid,
					  const esp_flow_t *flow);

/** Parameters of esp_datapath_create(); objects are borrowed, not owned. */
typedef struct esp_datapath_cfg_t {
	esp_sad_t *sad;
	esp_spd_t *spd;
	tun_device_t *tun;
	/** Bound UDP socket (port 4500), AF_INET or dual-stack AF_INET6. */
	int udp_fd;
	/** Worker threads, 0 for 1. */
	unsigned int threads;
	/** Packets per batch, 0 for ESP_DATAPATH_BATCH. */
	unsigned int batch;
	/** Largest inner packet, the TUN MTU; 0 for 1500. */
	unsigned int mtu;
	esp_datapath_ike_cb_t ike;
	esp_datapath_acquire_cb_t acquire;
	void *data;
} esp_datapath_cfg_t;

/** Counters summed over all workers. */
typedef struct esp_datapath_stats_t {
	/** Packets read from the TUN device. */
	uint64_t tun_in;
	/** ... of which matched no policy. */
	uint64_t no_policy;
	/** ... of which matched a policy without SA. */
	uint64_t acquires;
	/** ... of which encap() refused, or had no peer to go to. */
	uint64_t encap_failed;
	/** ESP packets sent. */
	uint64_t esp_out;
	/** Datagrams received on the UDP socket. */
	uint64_t udp_in;
	uint64_t ike_in;
	uint64_t keepalives;
	/** Malformed datagrams. */
	uint64_t invalid;
	/** ESP packets for an SPI not in the SAD. */
	uint64_t no_sa;
	/** ESP packets decap() refused (replay, ICV, padding, …). */
	uint64_t decap_failed;
	/** Inner packets written to the TUN device. */
	uint64_t tun_out;
} esp_datapath_stats_t;

struct esp_datapath_t {

	/**
	 * Start the workers.
	 *
	 * @return		false (logged) if the socket or threads failed
	 */
	bool (*start)(esp_datapath_t *this);

	/**
	 * Stop the workers and wait for them; start() may be called again.
	 */
	void (*stop)(esp_datapath_t *this);

	/**
	 * Copy the counters.
	 */
	void (*get_stats)(esp_datapath_t *this, esp_datapath_stats_t *stats);

	/**
	 * Stop if running and free the workers (not the borrowed objects).
	 */
	void (*destroy)(esp_datapath_t *this);
};

/**
 * Create a data path; it idles until start().
 *
 * @param cfg		parameters, copied
 * @return		data path, NULL on a missing SAD, SPD, TUN or socket
 */
esp_datapath_t *esp_datapath_create(const esp_datapath_cfg_t *cfg);

#endif
