#!/bin/bash
# dpdaction=hold: when sun's daemon dies (SIGKILL), moon clears the SA
# within the DPD/retransmit budget and installs the conn's trap in its
# place; nothing is negotiated until traffic comes. Once sun is back, the
# next ping brings the tunnel up again through the trap.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" dpddelay=2s dpdaction=hold
set_retransmit moon 1 2
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
routed moon && fail "routed before the peer died (auto=add)"

log "killing sun's daemon"
t0=$(now_ms)
kill_cygnet sun
wait_for 20 no_sa moon || { status moon; fail "moon still has the SA 20 s after sun died"; }
elapsed=$(($(now_ms) - t0))
log "moon cleared the SA $elapsed ms after sun died"
[ "$elapsed" -le 12000 ] || fail "clearing took $elapsed ms (limit 12000)"
routed moon || { status moon; fail "dpdaction=hold installed no trap"; }
assert_contains "$DIR_moon/charon.log" "dpdaction=hold for CHILD_SA site"
# held, not negotiating
sleep 2
status moon "$TEST_TMP/moon.held"
assert_contains "$TEST_TMP/moon.held" "site\{[0-9]+\}: +ROUTED, TUNNEL"
assert_contains "$TEST_TMP/moon.held" "Security Associations \(0 up, 0 connecting\)"

log "sun comes back, traffic brings the tunnel up through the trap"
cyg sun start >"$TEST_TMP/sun.start" 2>&1 || { cat "$TEST_TMP/sun.start"; fail "sun did not start again"; }
wait_for 10 cyg sun status || fail "sun's charon does not answer"
wait_for 10 bash -c "ip netns exec $SUN env IPSEC_CONFDIR=$CONF_sun IPSEC_PIDDIR=$PID_sun $IPSEC statusall | grep -qE 'site: +child:'" ||
	fail "sun did not load its conn"
ping_once "$MOON" "$MOON_INNER" "$SUN_INNER" || log "(first packet lost)"
wait_for 10 established moon || { status moon; fail "no tunnel on traffic after sun came back"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
routed moon || fail "the trap went away with the new SA"
