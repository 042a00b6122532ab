/*
 * libFuzzer target for IKE message parsing: header, payload chains, every
 * payload parser, SK framing and padding, and the exchange rule table.
 *
 * SK uses the test suite's fake protection with ICV checking off, so the
 * fuzzer reaches the inner payloads of encrypted exchanges as easily as
 * the plain ones. A message that parses must generate again, and if that
 * output parses too it must describe the same payloads.
 */
#include <stdio.h>

#include "library.h"
#include "bus/log_bus.h"
#include "encoding/message.h"
#include "encoding/sa_payload.h"
#include "encoding/ts_payload.h"
#include "encoding/cert_payload.h"
#include "encoding/cp_payload.h"
#include "encoding/delete_payload.h"
#include "encoding/id_payload.h"
#include "sk_crypto_fake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static sk_crypto_t *crypto;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	crypto = fake_sk_crypto_create(1, false);
	return 0;
}

/* exercise the getters tasks use on parsed payloads */
static void inspect(payload_t *payload)
{
	linked_list_t *list;
	enumerator_t *e;
	proposal_t *proposal;
	identification_t *id;
	chunk_t chunk;
	uint16_t type;
	uint32_t spi;
	char buf[256];

	switch (payload->get_type(payload)) {
	case PL_SA:
		e = ((sa_payload_t *)payload)->create_proposal_enumerator((sa_payload_t *)payload);
		while (e->enumerate(e, &proposal)) {
			proposal->to_string(proposal, buf, sizeof(buf), true);
		}
		e->destroy(e);
		break;
	case PL_TSI:
	case PL_TSR:
		list = ((ts_payload_t *)payload)->get_traffic_selectors((ts_payload_t *)payload);
		traffic_selector_list_to_str(list, buf, sizeof(buf));
		list->destroy_offset(list, DESTROY_OFFSET(traffic_selector_t));
		break;
	case PL_CERTREQ:
		e = ((cert_payload_t *)payload)->create_keyid_enumerator((cert_payload_t *)payload);
		while (e->enumerate(e, &chunk)) {
		}
		e->destroy(e);
		break;
	case PL_CP:
		e = ((cp_payload_t *)payload)->create_attribute_enumerator((cp_payload_t *)payload);
		while (e->enumerate(e, &type, &chunk)) {
		}
		e->destroy(e);
		break;
	case PL_DELETE:
		e = ((delete_payload_t *)payload)->create_spi_enumerator((delete_payload_t *)payload);
		while (e->enumerate(e, &spi)) {
		}
		e->destroy(e);
		break;
	case PL_IDI:
	case PL_IDR:
		chunk = ((id_payload_t *)payload)->get_encoded((id_payload_t *)payload);
		chunk_free(&chunk);
		id = ((id_payload_t *)payload)->get_identification((id_payload_t *)payload);
		if (id) {
			snprintf(buf, sizeof(buf), "%s", id->to_string(id));
			id->destroy(id);
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	message_t *in, *again;
	enumerator_t *e;
	payload_t *payload;
	char first[1024], second[1024];
	chunk_t packet;

	in = message_create_from_packet(chunk_create((void *)data, size));
	if (in->parse_header(in) != SUCCESS || in->parse_body(in, crypto) != SUCCESS) {
		in->destroy(in);
		return 0;
	}
	e = in->create_payload_enumerator(in);
	while (e->enumerate(e, &payload)) {
		inspect(payload);
	}
	e->destroy(e);
	in->to_string(in, first, sizeof(first));

	if (in->generate(in, crypto, &packet) != SUCCESS) {
		fprintf(stderr, "parsed message does not generate: %s\n", first);
		abort();
	}
	again = message_create_from_packet(packet);
	if (again->parse_header(again) == SUCCESS &&
	    again->parse_body(again, crypto) == SUCCESS) {
		again->to_string(again, second, sizeof(second));
		if (strcmp(first, second) != 0) {
			fprintf(stderr, "round trip changed %s into %s\n", first, second);
			abort();
		}
	}
	again->destroy(again);
	chunk_free(&packet);
	in->destroy(in);
	return 0;
}
