/**
 * @file esp_udp.h
 * UDP encapsulation of ESP (RFC 3948): IKE and ESP share port 4500, told
 * apart by the first four bytes.
 */
#ifndef ESP_UDP_H
#define ESP_UDP_H

#include <library.h>

/** The port IKE moves to behind NAT and that carries ESP-in-UDP. */
#define ESP_UDP_PORT 4500

/** Four zero bytes in front of IKE messages on port 4500. */
#define ESP_UDP_NON_ESP_MARKER_LEN 4

/** The payload of a NAT-keepalive (RFC 3948 §2.3). */
#define ESP_UDP_KEEPALIVE 0xff

/** What a UDP payload received on port 4500 carries. */
typedef enum esp_udp_kind_t {
	/** Too short, or an ESP header with a reserved SPI: drop. */
	ESP_UDP_INVALID,
	/** IKE behind the non-ESP marker. */
	ESP_UDP_IKE,
	/** An ESP packet, starting at the SPI. */
	ESP_UDP_ESP,
	/** A single 0xFF byte keeping a NAT mapping alive. */
	ESP_UDP_KEEPALIVE_PKT,
} esp_udp_kind_t;

/**
 * Classify a UDP payload received on port 4500.
 *
 * @param payload	bytes after the UDP header
 * @param len		their number
 * @return		kind of payload
 */
esp_udp_kind_t esp_udp_classify(const uint8_t *payload, size_t len);

/**
 * The IKE message behind a non-ESP marker.
 *
 * @param payload	UDP payload classified as ESP_UDP_IKE
 * @return		IKE message, empty if @p payload holds no marker
 */
chunk_t esp_udp_ike_message(chunk_t payload);

/**
 * Prepend the non-ESP marker to an IKE message.
 *
 * @param buf		buffer with ESP_UDP_NON_ESP_MARKER_LEN bytes free in
 *			front of the IKE message at @p ike
 * @param ike		message to send on port 4500
 * @return		marker and message, empty if @p buf does not fit
 */
chunk_t esp_udp_add_marker(chunk_t buf, chunk_t ike);

/**
 * SPI of a packet classified as ESP_UDP_ESP, in host byte order.
 */
uint32_t esp_udp_spi(const uint8_t *payload);

#endif
