/**
 * @file kernel_libesp_io.h
 * Moves packets between the TUN device and the IKE socket's NAT-T port.
 *
 * The socket plugin owns UDP port 4500, which carries IKE and ESP alike
 * (RFC 3948), so this data path never reads that socket itself:
 *
 * Outbound: N worker threads, worker i bound to TUN queue i and crypto
 * slot i (esp_thread_set_slot()), read up to a batch of packets into
 * preallocated slots with headroom for the ESP header, look each up in
 * the outbound SPD, encapsulate in place and send the batch with
 * sendmmsg() on the socket's NAT-T descriptor of the peer's family
 * (socket_t.get_esp_fd()). A policy without SA raises an acquire.
 *
 * Inbound: the socket's receiver hands every ESP-in-UDP datagram to the
 * registered ESP handler, which finds the SA by SPI, decrypts in place
 * in the socket's receive buffer, checks the inner packet against the
 * inbound policies (its reqid must be the SA's, RFC 4301 §5.2 step 4)
 * and writes it to the TUN device, all in the calling thread.
 *
 * No packet causes an allocation.
 */
#ifndef KERNEL_LIBESP_IO_H
#define KERNEL_LIBESP_IO_H

#include <network/socket.h>

#include "esp_flow.h"
#include "esp_sad.h"
#include "esp_spd.h"
#include "tun_device.h"

/** reqid of drop policies: never bound to an SA, never acquired. */
#define KERNEL_LIBESP_REQID_DROP UINT32_MAX

/** Default packets per TUN read batch. */
#define KERNEL_LIBESP_BATCH 32

typedef struct kernel_libesp_io_t kernel_libesp_io_t;

/**
 * A packet matched a trap policy (one whose reqid has no SA). Called from
 * a worker; must not block.
 */
typedef void (*kernel_libesp_acquire_cb_t)(void *data, uint32_t reqid,
					   const esp_flow_t *flow);

/** Parameters of kernel_libesp_io_create(); objects are borrowed. */
typedef struct kernel_libesp_io_cfg_t {
	esp_sad_t *sad;
	/** Outbound policies, with the reqids' SAs bound. */
	esp_spd_t *out;
	/** Inbound (IN and FWD) policies; only their reqids matter. */
	esp_spd_t *in;
	tun_device_t *tun;
	socket_t *socket;
	/** Worker threads, 0 for one per TUN queue. */
	unsigned int threads;
	/** Packets per read batch, 0 for KERNEL_LIBESP_BATCH. */
	unsigned int batch;
	/** Largest inner packet, the TUN MTU; 0 for 1500. */
	unsigned int mtu;
	kernel_libesp_acquire_cb_t acquire;
	void *data;
} kernel_libesp_io_cfg_t;

/** Counters since creation. */
typedef struct kernel_libesp_io_stats_t {
	/** Packets read from the TUN device. */
	uint64_t tun_in;
	/** ... that matched no outbound policy. */
	uint64_t no_policy;
	/** ... that matched a trap policy. */
	uint64_t acquires;
	/** ... that matched a drop policy. */
	uint64_t dropped;
	/** ... that the SA refused, or that had nowhere to go. */
	uint64_t encap_failed;
	/** ESP packets sent. */
	uint64_t esp_out;
	/** ESP packets the socket handed over. */
	uint64_t esp_in;
	/** ... for an unknown SPI. */
	uint64_t no_sa;
	/** ... that failed decap() (ICV, replay, padding, lifetime). */
	uint64_t decap_failed;
	/** ... whose inner packet matched no inbound policy of the SA. */
	uint64_t policy_mismatch;
	/** ... malformed outer or inner packets. */
	uint64_t invalid;
	/** Inner packets written to the TUN device. */
	uint64_t tun_out;
} kernel_libesp_io_stats_t;

struct kernel_libesp_io_t {

	/**
	 * Start the workers and register the ESP handler with the socket.
	 *
	 * @return		false (logged) if threads failed to start
	 */
	bool (*start)(kernel_libesp_io_t *this);

	/**
	 * Unregister the ESP handler (waiting for a running call) and stop
	 * the workers.
	 */
	void (*stop)(kernel_libesp_io_t *this);

	/**
	 * Copy the counters.
	 */
	void (*get_stats)(kernel_libesp_io_t *this, kernel_libesp_io_stats_t *stats);

	/**
	 * Stop and free.
	 */
	void (*destroy)(kernel_libesp_io_t *this);
};

/**
 * Create the data path; it idles until start().
 *
 * @param cfg		parameters, copied
 * @return		object, NULL (logged) if something is missing
 */
kernel_libesp_io_t *kernel_libesp_io_create(const kernel_libesp_io_cfg_t *cfg);

#endif
