#!/bin/bash
# dpdaction=restart: when sun's daemon dies (SIGKILL), moon notices within
# the DPD/retransmit budget and negotiates the tunnel again at once; once
# sun is back, the new SA comes up (keyingtries carry the attempt across
# the gap) and traffic passes again without anyone typing `ipsec up`.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" dpddelay=2s dpdaction=restart keyingtries=%forever
set_retransmit moon 1 2
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
old=$(status moon | grep -oE 'site\[[0-9]+\]: ESTABLISHED' | head -1)

log "killing sun's daemon"
t0=$(now_ms)
kill_cygnet sun
wait_for 20 grep -q "dpdaction=restart for CHILD_SA site" "$DIR_moon/charon.log" ||
	{ status moon; fail "moon did not restart within 20 s"; }
log "moon restarts the tunnel $(($(now_ms) - t0)) ms after sun died"
status moon "$TEST_TMP/moon.restarting"
assert_not_contains "$TEST_TMP/moon.restarting" "${old//[/\\[}"

log "sun comes back"
cyg sun start >"$TEST_TMP/sun.start" 2>&1 || { cat "$TEST_TMP/sun.start"; fail "sun did not start again"; }
t1=$(now_ms)
wait_for 20 established moon || { status moon; fail "no tunnel 20 s after sun came back"; }
log "re-established $(($(now_ms) - t1)) ms after sun was started again"
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
ping_through "$SUN" "$SUN_INNER" "$MOON_INNER"
status moon "$TEST_TMP/moon.again"
assert_established "$TEST_TMP/moon.again"
[ "$(grep -c 'site\[[0-9]*\]: ESTABLISHED' "$TEST_TMP/moon.again")" = 1 ] ||
	fail "more than one IKE_SA after the restart"
[ "$(grep -cE 'site\{[0-9]+\}: +INSTALLED' "$TEST_TMP/moon.again")" = 1 ] ||
	fail "more than one CHILD_SA after the restart"
