/*
 * libFuzzer target for the control protocol parser (src/stroke): a request
 * body as charon reads it from charon.ctl.
 *
 * Whatever parses must encode again, and the encoding must parse to the
 * same command and pairs (escaping round-trips, limits agree on both
 * sides).
 */
#include <stdio.h>
#include <string.h>

#include "library.h"
#include "bus/log_bus.h"
#include "stroke_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_bus_set_fallback_level(getenv("FUZZ_LOG") ? LEVEL_RAW : LEVEL_SILENT);
	return 0;
}

static void same(stroke_msg_t *a, stroke_msg_t *b)
{
	enumerator_t *ea = a->create_enumerator(a), *eb = b->create_enumerator(b);
	const char *ka, *va, *kb, *vb;

	if (strcmp(a->get_command(a), b->get_command(b))) {
		abort();
	}
	while (ea->enumerate(ea, &ka, &va)) {
		if (!eb->enumerate(eb, &kb, &vb) || strcmp(ka, kb) || strcmp(va, vb)) {
			abort();
		}
		if (a->get(a, ka, NULL) != va) {
			abort();	/* keys are unique: get() finds this pair */
		}
	}
	if (eb->enumerate(eb, &kb, &vb)) {
		abort();
	}
	ea->destroy(ea);
	eb->destroy(eb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *error = NULL;
	stroke_msg_t *msg, *again;
	chunk_t frame;

	msg = stroke_msg_parse(chunk_create((void *)data, size), &error);
	if (!msg) {
		if (!error) {
			abort();
		}
		return 0;
	}
	frame = msg->encode(msg);
	if (frame.len < 4) {
		abort();
	}
	again = stroke_msg_parse(chunk_skip(frame, 4), &error);
	if (!again) {
		abort();
	}
	same(msg, again);
	again->destroy(again);
	chunk_free(&frame);
	msg->destroy(msg);
	return 0;
}
