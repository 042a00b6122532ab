#!/bin/bash
# cygnet ↔ cygnet with a PSK and default proposals: moon initiates, traffic
# flows both ways, statusall shows both SAs on both ends, `ipsec down`
# leaves nothing behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon
cygnet_instance sun sun
configure_cygnet sun
start_cygnet moon
start_cygnet sun

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
assert_contains "$TEST_TMP/up" "established successfully"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
cyg moon statusall >"$TEST_TMP/moon.status"
cyg sun statusall >"$TEST_TMP/sun.status"
assert_established "$TEST_TMP/moon.status"
assert_established "$TEST_TMP/sun.status"
assert_contains "$TEST_TMP/moon.status" "pre-shared key"

cyg moon down site >"$TEST_TMP/down" 2>&1 || fail "ipsec down site failed"
wait_for 5 bash -c "! ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC status | grep -q ESTABLISHED" ||
	fail "sun still has the SA after down"
cyg moon statusall >"$TEST_TMP/moon.after"
cyg sun statusall >"$TEST_TMP/sun.after"
assert_no_sa "$TEST_TMP/moon.after"
assert_no_sa "$TEST_TMP/sun.after"
if in_ns "$MOON" ping -c1 -W1 -I "$MOON_INNER" "$SUN_INNER" >/dev/null 2>&1; then
	fail "traffic still flows after down"
fi
