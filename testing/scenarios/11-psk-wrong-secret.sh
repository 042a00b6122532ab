#!/bin/bash
# A wrong PSK is refused on both sides and nothing is installed: `ipsec up`
# fails, neither end shows an SA, no traffic passes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "the-right-secret-123456"
cygnet_instance sun sun
configure_cygnet sun "a-different-secret-654321"
start_cygnet moon
start_cygnet sun

status=0
cyg moon up site >"$TEST_TMP/up" 2>&1 || status=$?
[ "$status" != 0 ] || { cat "$TEST_TMP/up"; fail "ipsec up succeeded with a wrong PSK"; }
sleep 1
cyg moon statusall >"$TEST_TMP/moon.status"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_no_sa "$TEST_TMP/moon.status"
assert_no_sa "$TEST_TMP/sun.status"
assert_contains "$DIR_sun/charon.log" "shared key .* MAC mismatched"
assert_contains "$DIR_moon/charon.log" "AUTHENTICATION_FAILED"
if in_ns "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
	fail "traffic passes without a tunnel"
fi
