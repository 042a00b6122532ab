/*
 * RFC 3948 §2.2: an ESP header never starts with SPI 0, so four zero
 * bytes mark IKE; a lone 0xFF byte is a keepalive (§2.3).
 */
#include "esp_udp.h"

/* SPI and sequence number: the least an ESP packet carries */
#define ESP_MIN_LEN 8

uint32_t esp_udp_spi(const uint8_t *payload)
{
	return (uint32_t)payload[0] << 24 | (uint32_t)payload[1] << 16 |
	       (uint32_t)payload[2] << 8 | payload[3];
}

esp_udp_kind_t esp_udp_classify(const uint8_t *payload, size_t len)
{
	uint32_t spi;

	if (len == 1) {
		return payload[0] == ESP_UDP_KEEPALIVE ? ESP_UDP_KEEPALIVE_PKT
						       : ESP_UDP_INVALID;
	}
	if (len < ESP_UDP_NON_ESP_MARKER_LEN) {
		return ESP_UDP_INVALID;
	}
	spi = esp_udp_spi(payload);
	if (spi == 0) {
		return ESP_UDP_IKE;
	}
	/* SPIs 1..255 are reserved by IANA (RFC 4303 §2.1) */
	if (spi < 256 || len < ESP_MIN_LEN) {
		return ESP_UDP_INVALID;
	}
	return ESP_UDP_ESP;
}

chunk_t esp_udp_ike_message(chunk_t payload)
{
	if (payload.len < ESP_UDP_NON_ESP_MARKER_LEN ||
	    esp_udp_spi(payload.ptr) != 0) {
		return chunk_empty;
	}
	return chunk_skip(payload, ESP_UDP_NON_ESP_MARKER_LEN);
}

chunk_t esp_udp_add_marker(chunk_t buf, chunk_t ike)
{
	uint8_t *start = ike.ptr - ESP_UDP_NON_ESP_MARKER_LEN;

	if (!ike.ptr || ike.ptr < buf.ptr + ESP_UDP_NON_ESP_MARKER_LEN ||
	    ike.ptr + ike.len > buf.ptr + buf.len) {
		return chunk_empty;
	}
	memset(start, 0, ESP_UDP_NON_ESP_MARKER_LEN);
	return chunk_create(start, ike.len + ESP_UDP_NON_ESP_MARKER_LEN);
}
