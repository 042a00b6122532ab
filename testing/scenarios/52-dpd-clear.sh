#!/bin/bash
# A peer whose daemon dies (SIGKILL to its starter and charon) is cleared
# within the budget dpddelay and the retransmission settings give: with
# dpddelay=2s, retransmit_timeout=1 and retransmit_tries=2 the liveness
# check goes out within ~2 s of silence and is given up 1 + 1.8 + 3.24 s
# later, so statusall must show no SA after at most 12 s. dpdaction=clear
# leaves nothing behind: no SA, no trap, no new attempt.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/traps.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" dpddelay=2s dpdaction=clear
set_retransmit moon 1 2
cygnet_instance sun sun
configure_cygnet sun
start_cygnet sun
start_cygnet moon
cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up failed"; }
ping_through "$MOON" "$MOON_INNER" "$SUN_INNER"
status moon "$TEST_TMP/moon.up"
assert_contains "$TEST_TMP/moon.up" "dpddelay=2s"

log "killing sun's daemon"
t0=$(now_ms)
kill_cygnet sun
wait_for 20 no_sa moon || { status moon; fail "moon still has the SA 20 s after sun died"; }
elapsed=$(($(now_ms) - t0))
log "moon cleared the SA $elapsed ms after sun died"
status moon "$TEST_TMP/moon.after"
assert_no_sa "$TEST_TMP/moon.after"
assert_not_contains "$TEST_TMP/moon.after" "ROUTED|CONNECTING"
[ "$elapsed" -le 12000 ] || fail "clearing took $elapsed ms, the budget is about 10 s (limit 12000)"
assert_contains "$DIR_moon/charon.log" "giving up after 2 retransmits"
assert_contains "$DIR_moon/charon.log" "peer of IKE_SA site\[[0-9]+\] is not responding"
assert_not_contains "$DIR_moon/charon.log" "dpdaction=(hold|restart)"
# nothing tries again on its own
sleep 2
no_sa moon || { status moon; fail "dpdaction=clear started a new SA"; }
