/**
 * @file ike_sa_id.h
 * The SPI pair that names an IKE_SA, and which side initiated it.
 */
#ifndef CYGNET_IKE_SA_ID_H
#define CYGNET_IKE_SA_ID_H

#include "library.h"

typedef struct ike_sa_id_t {
	/** The 8 SPI bytes read as a big-endian number (as message_t gives them). */
	uint64_t initiator_spi;
	uint64_t responder_spi;	/**< 0 until the response to IKE_SA_INIT */
	bool initiator;		/**< we are the original initiator */
} ike_sa_id_t;

/** Same SPIs (a zero responder SPI on either side matches any, for half-open SAs). */
bool ike_sa_id_matches(const ike_sa_id_t *a, const ike_sa_id_t *b);

/** "c78c59e8e7591688_i* 5e0ebf1a8bd373bb_r" as statusall prints it. */
void ike_sa_id_print(const ike_sa_id_t *id, char *buf, size_t len);

#endif
