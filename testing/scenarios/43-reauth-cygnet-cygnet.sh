#!/bin/bash
# cygnet ↔ cygnet with ikelifetime=12s margintime=3s reauth=yes: moon
# reauthenticates make-before-break after ~9 s (a new IKE_SA and CHILD_SA,
# then the old ones are deleted) while a ping every 0.2 s loses at most
# one packet.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/netns.sh"
. "$(dirname "$0")/../lib/tunnel.sh"
. "$(dirname "$0")/../lib/rekey.sh"

netns_pair
cygnet_instance moon moon
configure_cygnet moon "$TEST_PSK" ikelifetime=12s margintime=3s rekeyfuzz=0% reauth=yes
cygnet_instance sun sun
# sun's own reauthentication comes later, so moon's is the one seen
configure_cygnet sun "$TEST_PSK" ikelifetime=60s margintime=3s reauth=yes
start_cygnet moon
start_cygnet sun

cyg moon up site >"$TEST_TMP/up" 2>&1 || { cat "$TEST_TMP/up"; fail "ipsec up site failed"; }
cyg moon statusall >"$TEST_TMP/before"
assert_established "$TEST_TMP/before"
assert_contains "$TEST_TMP/before" "pre-shared key reauthentication in [0-9]+ seconds"

ping_background "$MOON" "$MOON_INNER" "$SUN_INNER" 13 "$TEST_TMP/ping"
wait "$PING_PID" || true

cyg moon statusall >"$TEST_TMP/after"
cyg sun statusall >"$TEST_TMP/sun.after"
assert_established "$TEST_TMP/after"
assert_established "$TEST_TMP/sun.after"
assert_rekeyed "$TEST_TMP/before" "$TEST_TMP/after"
assert_contains "$DIR_moon/charon.log" "reauthenticating IKE_SA site\[1\] with IKE_SA site\[2\]"
assert_contains "$DIR_moon/charon.log" "IKE_SA site\[1\] was reauthenticated, deleting it"
for f in after sun.after; do
	[ "$(grep -cE 'site\[[0-9]+\]: ESTABLISHED' "$TEST_TMP/$f")" -eq 1 ] ||
		fail "$f: not exactly one IKE_SA after reauthentication"
	[ "$(grep -cE 'site\{[0-9]+\}: +INSTALLED' "$TEST_TMP/$f")" -eq 1 ] ||
		fail "$f: not exactly one CHILD_SA after reauthentication"
done
lost=$(lost_packets "$TEST_TMP/ping")
tail -3 "$TEST_TMP/ping"
[ "$lost" -le 1 ] || fail "$lost packets lost while reauthenticating"
