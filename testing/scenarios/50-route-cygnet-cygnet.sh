#!/bin/bash
# auto=route on moon, cygnet on both ends: starter routes the conn, the
# trap is a route into the TUN device, the first ping from 198.51.100.1 to
# 198.51.100.65 brings the tunnel up (that first packet may be lost) and
# later pings pass. `ipsec unroute` removes the trap (the SA stays until
# `ipsec down`), after which traffic neither flows nor starts a tunnel;
# `ipsec route` installs it again.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon
set_conn moon auto=route
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon

wait_for 10 routed moon || { status moon; fail "starter did not route site"; }
status moon "$TEST_TMP/moon.routed"
assert_contains "$TEST_TMP/moon.routed" "^Routed Connections:"
assert_contains "$TEST_TMP/moon.routed" "site\{[0-9]+\}: +ROUTED, TUNNEL, reqid [0-9]+"
assert_contains "$TEST_TMP/moon.routed" "site\{[0-9]+\}: +198\.51\.100\.0/26 === 198\.51\.100\.64/26"
no_sa moon || fail "an SA exists before any traffic"
ip -n "$MOON" route show table 220 >"$TEST_TMP/routes"
assert_contains "$TEST_TMP/routes" "198\.51\.100\.64/26 dev ipsec0"

log "first ping triggers the tunnel"
t0=$(now_ms)
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || log "(first packet lost)"
wait_for 10 established moon || { status moon; fail "the acquire did not bring the tunnel up"; }
log "established $(($(now_ms) - t0)) ms after the first packet"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
status moon "$TEST_TMP/moon.up"
assert_established "$TEST_TMP/moon.up"
assert_contains "$TEST_TMP/moon.up" "site\{[0-9]+\}: +ROUTED"
# the negotiated CHILD_SA uses the trap's reqid
trap_reqid=$(grep -oE 'ROUTED, TUNNEL, reqid [0-9]+' "$TEST_TMP/moon.up" | grep -oE '[0-9]+$')
assert_contains "$TEST_TMP/moon.up" "INSTALLED, TUNNEL, reqid $trap_reqid,"
[ "$(grep -c 'site\[[0-9]*\]: ESTABLISHED' "$TEST_TMP/moon.up")" = 1 ] ||
	fail "more than one IKE_SA for the acquires"
assert_contains "$DIR_moon/charon.log" "acquire .* hit the trap of 'site'"

log "unroute: the trap goes, the SA stays"
cyg moon unroute site >"$TEST_TMP/unroute" 2>&1 || { cat "$TEST_TMP/unroute"; fail "ipsec unroute failed"; }
assert_contains "$TEST_TMP/unroute" "configuration 'site' unrouted"
routed moon && fail "still routed after unroute"
established moon || fail "unroute took the SA down"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
cyg moon unroute site >"$TEST_TMP/unroute2" 2>&1 && fail "second unroute succeeded"

log "down: without a trap, traffic starts nothing"
cyg moon down site >/dev/null 2>&1 || fail "ipsec down failed"
wait_for 5 no_sa moon || fail "SA still there after down"
# the SA leaves statusall before its policies and route are gone
wait_for 5 bash -c "! ip -n $MOON route show table 220 | grep -q '198\.51\.100\.64/26'" ||
	fail "the route into the TUN device stayed"
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" && fail "traffic flows without a tunnel"
sleep 1
no_sa moon || fail "a packet started a tunnel without a trap"

log "route again: traffic brings it up again"
cyg moon route site >"$TEST_TMP/route" 2>&1 || { cat "$TEST_TMP/route"; fail "ipsec route failed"; }
assert_contains "$TEST_TMP/route" "'site' routed"
cyg moon route site >"$TEST_TMP/route2" 2>&1 || fail "second route failed"
assert_contains "$TEST_TMP/route2" "'site' already routed"
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || true
wait_for 10 established moon || fail "no tunnel after routing again"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
