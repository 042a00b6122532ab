/**
 * @file esp_sad.h
 * Inbound security association database: finds the SA of a received ESP
 * packet by its SPI (RFC 4301 §4.4.2; unicast SAs are unique by SPI).
 *
 * Lookups take a read lock and a reference on the SA, so an SA removed
 * meanwhile stays valid until the worker holding it is done.
 */
#ifndef ESP_SAD_H
#define ESP_SAD_H

#include "esp_sa.h"

typedef struct esp_sad_t esp_sad_t;

struct esp_sad_t {

	/**
	 * Add an inbound SA.
	 *
	 * @param sa		SA; on SUCCESS the SAD owns the caller's reference
	 * @return		SUCCESS, ALREADY_DONE if the SPI is taken,
	 *			INVALID_ARG for an outbound SA, OUT_OF_RES
	 */
	status_t (*add)(esp_sad_t *this, esp_sa_t *sa);

	/**
	 * Find the SA of an SPI.
	 *
	 * @param spi		SPI in host byte order
	 * @return		referenced SA (release with destroy()), or NULL
	 */
	esp_sa_t *(*get)(esp_sad_t *this, uint32_t spi);

	/**
	 * Remove an SA and release the SAD's reference.
	 *
	 * @return		SUCCESS or NOT_FOUND
	 */
	status_t (*remove)(esp_sad_t *this, uint32_t spi);

	/**
	 * Number of SAs.
	 */
	unsigned int (*get_count)(esp_sad_t *this);

	/**
	 * Lookups that found no SA (packets for unknown SPIs).
	 */
	uint64_t (*get_misses)(esp_sad_t *this);

	/**
	 * Free the SAD, releasing all SA references.
	 */
	void (*destroy)(esp_sad_t *this);
};

/**
 * Create an empty SAD.
 */
esp_sad_t *esp_sad_create(void);

#endif
