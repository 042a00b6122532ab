#!/bin/bash
# auto=route on moon (cygnet) towards Debian's strongSwan 5.9.8 on sun: the
# first ping brings the tunnel up, later pings pass both ways, and after
# strongSwan deletes the SA (`ipsec down` there) the trap brings it up
# again on the next packet.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"
. "$(dirname "$0")/../lib/strongswan_isolated.sh"
ss_iso_available || { echo "strongSwan not installed"; exit 77; }

netns_pair
cygnet_instance moon moon
configure_cygnet moon
set_conn moon auto=route
SS_ISO_LOG=2 ss_iso_start sun
start_cygnet moon
wait_for 10 routed moon || { status moon; fail "starter did not route site"; }
no_sa moon || fail "an SA exists before any traffic"

log "first ping triggers the tunnel"
t0=$(now_ms)
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || log "(first packet lost)"
wait_for 10 established moon || { status moon; tail -20 "$SS_ISO_DIR_sun/charon.log"; fail "the acquire did not bring the tunnel up"; }
log "established $(($(now_ms) - t0)) ms after the first packet"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
status moon "$TEST_TMP/moon.up"
assert_established "$TEST_TMP/moon.up"
assert_contains "$TEST_TMP/moon.up" "site\{[0-9]+\}: +ROUTED"
ss_iso sun statusall >"$TEST_TMP/sun.up"
assert_contains "$TEST_TMP/sun.up" "site\[[0-9]+\]: ESTABLISHED"

log "strongSwan closes the SA: the trap stays and the next packet reopens it"
ss_iso sun down site >/dev/null 2>&1 || true
wait_for 10 no_sa moon || { status moon; fail "moon kept the SA strongSwan deleted"; }
routed moon || fail "the trap went with the SA"
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || log "(first packet lost)"
wait_for 10 established moon || { status moon; fail "no tunnel on the next packet"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"

cyg moon unroute site >/dev/null 2>&1 || fail "ipsec unroute failed"
routed moon && fail "still routed after unroute"
exit 0
