/*
 * IKE_SA identifiers.
 */
#include <inttypes.h>
#include <stdio.h>

#include "sa/ike_sa_id.h"

bool ike_sa_id_matches(const ike_sa_id_t *a, const ike_sa_id_t *b)
{
	if (a->initiator_spi != b->initiator_spi) {
		return false;
	}
	return a->responder_spi == 0 || b->responder_spi == 0 ||
	       a->responder_spi == b->responder_spi;
}

void ike_sa_id_print(const ike_sa_id_t *id, char *buf, size_t len)
{
	snprintf(buf, len, "%016" PRIx64 "_i%s %016" PRIx64 "_r%s",
		 id->initiator_spi, id->initiator ? "*" : "",
		 id->responder_spi, id->initiator ? "" : "*");
}
