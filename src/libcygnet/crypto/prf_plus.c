/*
 * prf+ (RFC 7296 §2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
 * output T1 | T2 | … cut to the requested length. The one-octet counter
 * limits the output to 255 blocks.
 */
#include "crypto/prf.h"

#define PRF_PLUS_MAX_ROUNDS	255

bool prf_plus(prf_t *prf, chunk_t seed, size_t len, chunk_t *out)
{
	size_t bs = prf->get_block_size(prf), done = 0, take;
	chunk_t result, input, block;
	uint8_t round;

	if (bs == 0 || len > bs * PRF_PLUS_MAX_ROUNDS) {
		DBG1(DBG_LIB, "prf+: %zu bytes need more than %d rounds of a "
		     "%zu-byte prf", len, PRF_PLUS_MAX_ROUNDS, bs);
		return false;
	}
	if (len == 0) {
		*out = chunk_empty;
		return true;
	}
	result = chunk_alloc(len);
	block = chunk_alloc(bs);
	/* room for Tn-1 | S | n; the first round has no Tn-1 */
	input = chunk_alloc(bs + seed.len + 1);
	if (seed.len) {
		memcpy(input.ptr + bs, seed.ptr, seed.len);
	}
	for (round = 1; done < len; round++) {
		input.ptr[bs + seed.len] = round;
		if (!prf->get_bytes(prf, round == 1 ? chunk_skip(input, bs) : input,
				    block.ptr)) {
			DBG1(DBG_LIB, "prf+: prf failed in round %d", round);
			chunk_clear(&input);
			chunk_clear(&block);
			chunk_clear(&result);
			return false;
		}
		take = len - done < bs ? len - done : bs;
		memcpy(result.ptr + done, block.ptr, take);
		memcpy(input.ptr, block.ptr, bs);
		done += take;
	}
	chunk_clear(&input);
	chunk_clear(&block);
	*out = result;
	return true;
}
